"""Evaluation on the two bundled small models, and a router tuned from it (real llama.cpp)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PASSPHRASE, run_cli

ENV = {"HEARTH_PASSPHRASE": PASSPHRASE}

ITEMS = [
    {"input": "What is the capital of France?", "expected": "Paris", "score": "contains"},
    {"input": "What is the capital of Italy?", "expected": "Rome", "score": "contains"},
    {"input": "What is the largest planet in our solar system?", "expected": "Jupiter", "score": "contains"},
    {"input": "Who wrote Romeo and Juliet?", "expected": "Shakespeare", "score": "contains"},
    {"input": "Extract the email from: 'Write to help@example.com today.'", "expected": "help@example.com",
     "score": "contains", "task": "extract"},
    {"input": "Extract the city as JSON with the field city: 'Anna lives in Oslo.'",
     "expected": {"city": "Oslo"}, "score": "json", "task": "extract"},
]


def test_eval_two_bundled_models_and_tune(home: Path, tmp_path: Path) -> None:
    assert run_cli("vault", "init", env=ENV).returncode == 0
    eval_set = tmp_path / "mine.jsonl"
    eval_set.write_text("\n".join(json.dumps(i) for i in ITEMS) + "\n")
    out = run_cli("eval", "run", str(eval_set), "--models", "default,gemma3-270m", "--max-tokens", "24",
                  "--json", env=ENV, timeout=600)
    assert out.returncode == 0, out.stderr
    stats = {(s["model"], s["task"]): s for s in json.loads(out.stdout)["stats"]}
    small, gemma = stats[("default", "all")], stats[("gemma3-270m", "all")]
    assert small["items"] == gemma["items"] == len(ITEMS)
    assert small["score"] != gemma["score"], (small, gemma)
    assert small["tokens_per_s"] > 0 and small["median_latency_s"] > 0

    report = run_cli("eval", "report", "--chart", str(tmp_path / "chart.png"), env=ENV)
    assert report.returncode == 0, report.stderr
    assert "gemma3-270m" in report.stdout and "default" in report.stdout
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    quick = {m: stats[(m, "quick")]["score"] for m in ("default", "gemma3-270m")}
    better, worse = sorted(quick, key=quick.get, reverse=True)  # type: ignore[arg-type]
    # A bar only the better model reaches: it is chosen. A bar both reach: the cheaper (smaller) is.
    bar = (quick[better] + quick[worse]) / 2 if quick[better] > quick[worse] else 0.01
    tuned = run_cli("eval", "tune", "--bar", f"{max(bar, 0.01):.3f}", "--json", env=ENV)
    assert tuned.returncode == 0, tuned.stderr
    choice = json.loads(tuned.stdout)["choices"]["quick"]
    expected = better if quick[better] > quick[worse] else "default"
    assert choice == expected
    routed = run_cli("route", "What is the capital of Spain?", "--json", env=ENV)
    assert routed.returncode == 0, routed.stderr
    route = json.loads(routed.stdout)
    assert route["model"] == expected and route["task"] == "quick"
    assert "bar" in route["reason"]
