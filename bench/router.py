"""Router benchmark: does the router recognise a person's own task labels, and how fast?

Run: ``.venv/bin/python bench/router.py`` (about ten seconds; not part of CI).

The router learns six labels of the bench's own (``fact``, ``math``, ``letter``, ``code``,
``translate``, ``recipe``) from six example prompts
each (``bench/router_prompts.py``), embedded by the real MiniLM model, exactly as
``hearth eval run`` stores an eval set's inputs. It then routes the held-out prompts (at
least 60, sharing no text with the examples) and reports:

* ``label_accuracy``: the share routed under the right label (goal >= 0.85), printed beside
  the heuristic fallback's share on the same prompts (it knows only its own five names, of
  which only ``code`` is one of the labels here), so the number measures the learned part;
* ``route_ms_p95``: per request, the whole ``Router.route`` call (embedding the prompt,
  nearest neighbours, the privacy guard, the pick), 95th percentile (goal <= 15 ms).

The last line is ``router label_accuracy=<> route_ms_p95=<>``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import runpy

import numpy as np

from engine.routing.router import Candidate, LabelExamples, ModelStats, Router
from engine.search.embeddings import default_embedder

# bench/ holds engine.py and vault.py: load the prompts by path, not by putting bench/ on sys.path.
_PROMPTS = runpy.run_path(str(Path(__file__).resolve().parent / "router_prompts.py"))
EXAMPLES: dict[str, list[str]] = _PROMPTS["EXAMPLES"]
HELD_OUT: list[tuple[str, str]] = _PROMPTS["HELD_OUT"]


def main() -> int:
    embedder = default_embedder()
    labels = tuple(label for label, texts in EXAMPLES.items() for _ in texts)
    texts = tuple(text for texts_ in EXAMPLES.values() for text in texts_)
    assert not set(texts) & {p for p, _ in HELD_OUT}, "held-out prompts must not be examples"
    examples = LabelExamples(labels, texts, np.asarray(embedder.embed(list(texts)), dtype=np.float32))
    candidates = [Candidate("small", False, 135_000_000), Candidate("big", False, 7_000_000_000),
                  Candidate("cloud", True, 0)]
    stats = [ModelStats(m, label, score, 6, 1.0, 40.0, 0.2)
             for label in EXAMPLES for m, score in (("small", 0.5), ("big", 0.8), ("cloud", 0.95))]
    router = Router(candidates, stats=stats, examples=examples, embed=embedder.embed)
    heuristic = Router(candidates, stats=stats)
    for prompt, _ in HELD_OUT[:5]:  # warm-up: first calls pay for onnxruntime's allocations
        router.route([{"role": "user", "content": prompt}])
    right = fallback_right = 0
    times: list[float] = []
    misses: list[str] = []
    for prompt, want in HELD_OUT:
        messages = [{"role": "user", "content": prompt}]
        began = time.perf_counter()
        route = router.route(messages)
        times.append((time.perf_counter() - began) * 1000)
        if route.task == want:
            right += 1
        else:
            misses.append(f"  {want:>9} -> {route.task:<9} {prompt!r} (closest: {route.example!r})")
        fallback_right += heuristic.route(messages).task == want
    n = len(HELD_OUT)
    p95 = float(np.percentile(times, 95))
    print(f"{len(EXAMPLES)} labels, {len(texts)} examples, {n} held-out prompts")
    print(f"heuristic fallback (no examples): {fallback_right / n:.2f} right")
    print(f"route ms: median {statistics.median(times):.2f}, p95 {p95:.2f}, max {max(times):.2f}")
    if misses:
        print("misrouted:")
        print("\n".join(misses))
    print(f"router label_accuracy={right / n:.3f} route_ms_p95={p95:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
