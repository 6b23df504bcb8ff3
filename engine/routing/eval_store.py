"""The eval tables (``eval_runs``, ``eval_results``): every SQL statement about them, typed.

``engine.routing.evals`` runs eval sets and scores answers; what it keeps of a run is written and read
here: :func:`save_run` stores one run's results in one transaction, :func:`latest_results` reads
the newest run of each set for each model (what the Models view and the router show).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass

from vault import Vault


@dataclass(frozen=True)
class ItemResult:
    """One eval item's outcome for one model (a row of ``eval_results``)."""

    model: str
    index: int
    task: str
    score: float
    passed: bool
    latency_s: float
    ttft_s: float
    tokens_per_s: float
    tokens_out: int
    output: str
    error: str = ""


def save_run(vault: Vault, set_name: str, set_sha256: str, models: Sequence[str],
             results: Sequence[ItemResult]) -> int:
    """Store one run of an eval set and its results; returns the run's id."""
    with vault.transaction() as conn:
        run_id = int(conn.execute(
            "INSERT INTO eval_runs(set_name, set_sha256, models, created_at) VALUES (?, ?, ?, ?)",
            (set_name, set_sha256, json.dumps(list(models)), time.time())).lastrowid or 0)
        conn.executemany(
            "INSERT INTO eval_results(run_id, model, item_index, task, score, passed, latency_s, "
            "ttft_s, tokens_per_s, tokens_out, output, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(run_id, r.model, r.index, r.task, r.score, int(r.passed), r.latency_s, r.ttft_s,
              r.tokens_per_s, r.tokens_out, r.output, r.error) for r in results])
    return run_id


def latest_results(vault: Vault) -> list[ItemResult]:
    """For each model and eval set, the results of the newest run of that set with that model."""
    rows = vault.query(
        "SELECT r.* FROM eval_results r JOIN ("
        "  SELECT r2.model AS model, max(r2.run_id) AS run_id FROM eval_results r2"
        "  JOIN eval_runs u ON u.id = r2.run_id GROUP BY r2.model, u.set_name"
        ") newest ON newest.model = r.model AND newest.run_id = r.run_id "
        "ORDER BY r.model, r.run_id, r.item_index")
    return [ItemResult(r["model"], int(r["item_index"]), r["task"], float(r["score"]),
                       bool(r["passed"]), float(r["latency_s"]), float(r["ttft_s"]),
                       float(r["tokens_per_s"]), int(r["tokens_out"]), r["output"], r["error"])
            for r in rows]


__all__ = ["ItemResult", "latest_results", "save_run"]
