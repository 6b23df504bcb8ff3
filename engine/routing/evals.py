"""Evaluation sets: the user's own measure of which model is good enough for what.

An eval set is a JSONL file, one item a line::

    {"input": "...", "expected": ..., "score": "exact|contains|regex|json|similarity",
     "threshold": 0.8, "task": "quick"}

``expected`` is a string for ``exact``/``regex``/``similarity``; a string or a
list of strings (all must appear) for ``contains``; an object of field → value
for ``json`` (the answer's first JSON object must hold each field).
``similarity`` compares embeddings of the answer and ``expected`` by cosine
and passes at ``threshold`` (default 0.75). ``task`` is the person's own
label for the kind of request (any text up to 40 characters; default ``quick``).

``run_eval`` asks every model every item through a ``complete`` callable (so
local and remote models go through the same path as real requests) and
returns one :class:`ItemResult` per (model, item). Results are stored in the
vault (``save_run``) and summarised per model and task into the
:class:`~engine.routing.router.ModelStats` the router tunes from.

The inputs themselves, with their labels and embeddings, are kept too
(``save_examples``, one entry per eval set, newest run wins): they are the
examples the router recognises the person's labels by (``load_examples``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import EngineError
from engine.routing import eval_store
from engine.routing.eval_store import ItemResult
from engine.routing.eval_store import latest_results as latest_results  # where callers read runs
from engine.routing.router import LabelExamples, ModelStats, valid_label
from engine.running.generate import Answer
from vault import Vault
from vault.settings import all_settings, set_setting

EXAMPLES_SETTING = "router_examples:"

Message = dict[str, str]
SCORERS = ("exact", "contains", "regex", "json", "similarity")
EVAL_SYSTEM = "Answer the question. Be brief: give only the answer."


@dataclass(frozen=True)
class EvalItem:
    index: int
    input: str
    expected: Any
    score: str
    task: str = "quick"
    threshold: float = 0.75


@dataclass(frozen=True)
class EvalSet:
    name: str
    sha256: str
    items: tuple[EvalItem, ...]


def load_eval_set(path: Path) -> EvalSet:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EngineError(f"cannot read the eval set {path}: {exc.strerror or exc}") from None
    items: list[EvalItem] = []
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path.name} line {number}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise EngineError(f"{where}: not valid JSON ({exc})") from None
        if not isinstance(obj, dict):
            raise EngineError(f"{where}: each line must be a JSON object")
        items.append(_item(obj, len(items), where))
    if not items:
        raise EngineError(f"{path.name} holds no eval items")
    return EvalSet(path.stem, hashlib.sha256(raw).hexdigest(), tuple(items))


def _item(obj: dict[str, Any], index: int, where: str) -> EvalItem:
    unknown = set(obj) - {"input", "expected", "score", "threshold", "task", "id", "note"}
    if unknown:
        raise EngineError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    if not isinstance(obj.get("input"), str) or not obj["input"].strip():
        raise EngineError(f"{where}: 'input' must be a non-empty string")
    if "expected" not in obj:
        raise EngineError(f"{where}: 'expected' is missing")
    method = obj.get("score", "contains")
    if method not in SCORERS:
        raise EngineError(f"{where}: 'score' must be one of {', '.join(SCORERS)}")
    expected = obj["expected"]
    if method == "json" and not isinstance(expected, dict):
        raise EngineError(f"{where}: a 'json' item needs 'expected' as an object of fields")
    strings = isinstance(expected, list) and all(isinstance(e, str) for e in expected)
    if method == "contains" and not (isinstance(expected, str) or strings):
        raise EngineError(f"{where}: a 'contains' item needs a string or a list of strings")
    if method in ("exact", "regex", "similarity") and not isinstance(expected, str):
        raise EngineError(f"{where}: a '{method}' item needs 'expected' as a string")
    if method == "regex":
        try:
            re.compile(expected)
        except re.error as exc:
            raise EngineError(f"{where}: the regex does not compile ({exc})") from None
    try:
        task = valid_label(obj.get("task", "quick"))
    except EngineError as exc:
        raise EngineError(f"{where}: {exc}") from None
    raw_threshold = obj.get("threshold", 0.75)
    if isinstance(raw_threshold, bool) or not isinstance(raw_threshold, int | float):
        raise EngineError(f"{where}: 'threshold' must be a number above 0 and at most 1")
    threshold = float(raw_threshold)
    if not 0 < threshold <= 1:
        raise EngineError(f"{where}: 'threshold' must be above 0 and at most 1")
    return EvalItem(index, obj["input"], expected, method, task, threshold)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(".!").casefold()


def _first_json_object(text: str) -> dict[str, Any] | None:
    for match in re.finditer(r"\{", text):
        depth = 0
        for end in range(match.start(), len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                try:
                    value = json.loads(text[match.start(): end + 1])
                except ValueError:
                    break
                return value if isinstance(value, dict) else None
    return None


def score_item(item: EvalItem, output: str,
               embed: Callable[[list[str]], np.ndarray] | None = None) -> tuple[float, bool]:
    """(score in 0..1, passed) for one answer."""
    if item.score == "exact":
        ok = _norm(output) == _norm(item.expected)
        return float(ok), ok
    if item.score == "contains":
        wanted = [item.expected] if isinstance(item.expected, str) else list(item.expected)
        hits = sum(1 for w in wanted if _norm(w) in _norm(output))
        return hits / len(wanted), hits == len(wanted)
    if item.score == "regex":
        ok = re.search(item.expected, output, flags=re.IGNORECASE | re.DOTALL) is not None
        return float(ok), ok
    if item.score == "json":
        found = _first_json_object(output) or {}
        fields = dict(item.expected)
        hits = sum(1 for k, v in fields.items() if _norm(str(found.get(k, "\0"))) == _norm(str(v)))
        return hits / len(fields), hits == len(fields)
    if embed is None:
        raise EngineError("a 'similarity' item needs the embedding model")
    vectors = embed([output, str(item.expected)])
    a, b = vectors[0], vectors[1]
    cosine = float(np.dot(a, b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-12))
    return max(cosine, 0.0), cosine >= item.threshold


Complete = Callable[[str, list[Message]], Answer]


def run_eval(eval_set: EvalSet, models: Sequence[str], complete: Complete, *,
             embed: Callable[[list[str]], np.ndarray] | None = None,
             remote: Callable[[str], bool] = lambda name: False,
             progress: Callable[[int, int, str], None] | None = None,
             cancel: threading.Event | None = None) -> list[ItemResult]:
    """Every model on every item; a failing model is recorded, not fatal."""
    results: list[ItemResult] = []
    total = len(models) * len(eval_set.items)
    done = 0
    for model in models:
        for item in eval_set.items:
            if cancel is not None and cancel.is_set():
                return results
            messages = [{"role": "system", "content": EVAL_SYSTEM},
                        {"role": "user", "content": item.input}]
            began = time.perf_counter()
            try:
                answer = complete(model, messages)
            except EngineError as exc:
                results.append(ItemResult(model, item.index, item.task, 0.0, False,
                                          time.perf_counter() - began, 0.0, 0.0, 0, "", str(exc)))
            else:
                score, passed = score_item(item, answer.text, embed)
                sent = answer.prompt_tokens if remote(model) else 0
                results.append(ItemResult(model, item.index, item.task, score, passed,
                                          answer.timings.total_s, answer.timings.ttft_s,
                                          answer.timings.generation_tokens_per_s, sent, answer.text))
            done += 1
            if progress is not None:
                progress(done, total, model)
    return results


def summarise(results: Sequence[ItemResult]) -> list[ModelStats]:
    """Per model and task (and ``all`` tasks): mean score, medians of speed."""
    groups: dict[tuple[str, str], list[ItemResult]] = {}
    for r in results:
        groups.setdefault((r.model, r.task), []).append(r)
        groups.setdefault((r.model, "all"), []).append(r)
    out = []
    for (model, task), rows in sorted(groups.items()):
        ok = [r for r in rows if not r.error] or rows
        out.append(ModelStats(
            model=model, task=task, score=sum(r.score for r in rows) / len(rows), items=len(rows),
            median_latency_s=statistics.median(r.latency_s for r in ok),
            tokens_per_s=statistics.median(r.tokens_per_s for r in ok),
            ttft_s=statistics.median(r.ttft_s for r in ok),
            tokens_out=sum(r.tokens_out for r in rows)))
    return out


def save_run(vault: Vault, eval_set: EvalSet, models: Sequence[str],
             results: Sequence[ItemResult]) -> int:
    """Keep one run of ``eval_set`` (``engine.routing.eval_store`` owns the tables)."""
    return eval_store.save_run(vault, eval_set.name, eval_set.sha256, models, results)


def embed_examples(eval_set: EvalSet, embed: Callable[[list[str]], np.ndarray]) -> LabelExamples:
    """The set's inputs as labelled examples (embedded in one batch)."""
    texts = [item.input for item in eval_set.items]
    vectors = np.asarray(embed(texts), dtype=np.float32)
    return LabelExamples(tuple(i.task for i in eval_set.items), tuple(texts), vectors)


def save_examples(vault: Vault, eval_set: EvalSet, examples: LabelExamples, *, model_id: str) -> None:
    """Keep ``examples`` as this eval set's (replacing an older run's)."""
    payload = {"set": eval_set.name, "sha256": eval_set.sha256, "model_id": model_id,
               "dim": int(examples.vectors.shape[1]) if len(examples) else 0,
               "labels": list(examples.labels), "texts": list(examples.texts),
               "vectors": base64.b64encode(np.asarray(examples.vectors, dtype="<f4").tobytes()).decode()}
    set_setting(vault, EXAMPLES_SETTING + eval_set.name, payload)


def load_examples(vault: Vault | None, *, model_id: str | None = None) -> LabelExamples | None:
    """Every eval set's examples together (None when there are none); sets embedded by another
    model than ``model_id`` are left out (their vectors would not compare)."""
    if vault is None or not vault.is_open:
        return None
    labels: list[str] = []
    texts: list[str] = []
    blocks: list[np.ndarray] = []
    dim = 0
    for key, value in sorted(all_settings(vault).items()):
        if not key.startswith(EXAMPLES_SETTING):
            continue
        try:
            raw = dict(value)
            if model_id is not None and raw.get("model_id") != model_id:
                continue
            d = int(raw["dim"])
            vectors = np.frombuffer(base64.b64decode(raw["vectors"]), dtype="<f4")
            vectors = vectors.reshape(-1, d) if d else vectors.reshape(0, 0)
        except (KeyError, TypeError, ValueError):
            continue  # a damaged entry teaches nothing; the others still count
        if not d or (dim and d != dim) or not len(vectors) == len(raw["labels"]) == len(raw["texts"]):
            continue
        dim = d
        labels += [str(x) for x in raw["labels"]]
        texts += [str(x) for x in raw["texts"]]
        blocks.append(vectors.astype(np.float32))
    if not labels:
        return None
    return LabelExamples(tuple(labels), tuple(texts), np.vstack(blocks))


def format_table(stats: Sequence[ModelStats]) -> str:
    header = f"{'model':<24} {'task':<10} {'score':>6} {'items':>5} {'median s':>9} " \
             f"{'tok/s':>7} {'ttft s':>7} {'sent tok':>8}"
    lines = [header, "-" * len(header)]
    for s in stats:
        lines.append(f"{s.model[:24]:<24} {s.task:<10} {s.score:>6.2f} {s.items:>5} "
                     f"{s.median_latency_s:>9.2f} {s.tokens_per_s:>7.1f} {s.ttft_s:>7.2f} "
                     f"{s.tokens_out:>8}")
    return "\n".join(lines)


def svg_chart(stats: Sequence[ModelStats], *, title: str = "Eval scores by task") -> str:
    """A grouped bar chart (score per task, one bar per model) as standalone SVG."""
    tasks = sorted({s.task for s in stats}, key=lambda t: (t == "all", t))
    models = sorted({s.model for s in stats})
    palette = ["#d9480f", "#1971c2", "#2f9e44", "#ae3ec9", "#f08c00", "#0c8599"]
    by = {(s.model, s.task): s.score for s in stats}
    bar_w, gap, left, top, height = 22, 18, 50, 40, 220
    group_w = len(models) * bar_w + gap
    width = left + max(1, len(tasks)) * group_w + 180
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{top + height + 60}" '
             f'font-family="sans-serif" font-size="12">',
             '<rect width="100%" height="100%" fill="white"/>',
             f'<text x="{left}" y="22" font-size="15" font-weight="bold">{_esc(title)}</text>']
    for tick in range(0, 11, 2):
        y = top + height - tick / 10 * height
        parts.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{width - 180}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{tick / 10:.1f}</text>')
    for ti, task in enumerate(tasks):
        x0 = left + ti * group_w + gap / 2
        for mi, model in enumerate(models):
            score = by.get((model, task))
            if score is None:
                continue
            h = score * height
            parts.append(f'<rect x="{x0 + mi * bar_w:.1f}" y="{top + height - h:.1f}" '
                         f'width="{bar_w - 3}" height="{h:.1f}" fill="{palette[mi % len(palette)]}"/>')
        parts.append(f'<text x="{x0 + len(models) * bar_w / 2:.1f}" y="{top + height + 18}" '
                     f'text-anchor="middle">{_esc(task)}</text>')
    for mi, model in enumerate(models):
        y = top + 10 + mi * 20
        parts.append(f'<rect x="{width - 170}" y="{y - 10}" width="12" height="12" '
                     f'fill="{palette[mi % len(palette)]}"/>')
        parts.append(f'<text x="{width - 152}" y="{y}">{_esc(model)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
