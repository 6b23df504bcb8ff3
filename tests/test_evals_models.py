"""Evaluation: scores, summaries and the tuned router worked out by hand, then the same pipeline
on the two bundled small models through the CLI (real llama.cpp).

Every expected number here is written down, with its arithmetic, from a fixed input: none is
recomputed from what the code under test returned, so a wrong scorer, mean, median or tuner
fails a test instead of moving its expectation along with it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.errors import EngineError
from engine.routing.evals import load_eval_set, run_eval, summarise
from engine.routing.router import Candidate, tune
from engine.running.generate import Answer, Timings
from tests.conftest import PASSPHRASE, run_cli

ENV = {"HEARTH_PASSPHRASE": PASSPHRASE}

# -- by hand: a fixed eval set and fixed answers ------------------------------------------------------

HAND_SET = [
    {"input": "Capital of France?", "expected": "Paris", "score": "contains"},
    {"input": "Two rivers of Rome?", "expected": ["Tiber", "Aniene"], "score": "contains"},
    {"input": "Largest planet?", "expected": "Jupiter", "score": "exact"},
    {"input": "Who wrote Hamlet?", "expected": r"\bShakespeare\b", "score": "regex"},
    {"input": "Name and city as JSON: 'Ann lives in Oslo.'", "expected": {"name": "Ann", "city": "Oslo"},
     "score": "json", "task": "extract"},
    {"input": "The email in: 'Write to help@example.com.'", "expected": "help@example.com",
     "score": "contains", "task": "extract"},
]
# Each answer with the score it earns (contains/json: the share of wanted parts found;
# exact/regex: 1 or 0; text compared case-folded, trailing '.' and '!' dropped).
HAND_ANSWERS = {
    "small": [("Paris.", 1.0),
              ("The Tiber.", 0.5),                                 # 1 of 2 rivers
              ("The planet Jupiter.", 0.0),                        # not exactly "Jupiter"
              ("William Shakespeare", 1.0),
              ('Sure: {"name": "ann", "city": "Bergen"}', 0.5),    # name right (case-folded), city wrong
              ("help at example dot com", 0.0)],
    "big": [("paris", 1.0),
            ("Rome lies on the Tiber and the Aniene.", 1.0),
            ("Jupiter.", 1.0),
            ("Marlowe, some say", 0.0),
            ('{"name": "Ann", "city": "Oslo"}', 1.0),
            ("Write to help@example.com.", 1.0)],
}
# Seconds each answer took (small), so the medians below are known too; big always takes 2 s.
SMALL_LATENCY = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2]


def hand_complete(model: str, messages: list[dict[str, str]]) -> Answer:
    """The ``complete`` seam run_eval asks models through, answering from the tables above."""
    if model == "down":
        raise EngineError("down could not be reached")
    index = next(i for i, item in enumerate(HAND_SET) if item["input"] == messages[-1]["content"])
    seconds = SMALL_LATENCY[index] if model == "small" else 2.0
    timings = Timings(queue_s=0.0, ttft_s=0.1, prompt_s=0.1, generation_s=seconds - 0.1,
                      total_s=seconds, prompt_tokens_per_s=100.0,
                      generation_tokens_per_s=40.0 if model == "small" else 10.0)
    return Answer(text=HAND_ANSWERS[model][index][0], model=model, finish_reason="stop",
                  prompt_tokens=20, cached_tokens=0, completion_tokens=5, timings=timings)


def test_scores_summaries_and_tuned_choices_are_the_hand_computed_ones(tmp_path: Path) -> None:
    path = tmp_path / "hand.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in HAND_SET))
    results = run_eval(load_eval_set(path), ["small", "big", "down"], hand_complete)

    scores = {m: [r.score for r in results if r.model == m] for m in ("small", "big", "down")}
    assert scores["small"] == [1.0, 0.5, 0.0, 1.0, 0.5, 0.0]
    assert scores["big"] == [1.0, 1.0, 1.0, 0.0, 1.0, 1.0]
    assert scores["down"] == [0.0] * 6
    assert [r.passed for r in results if r.model == "small"] == [True, False, False, True, False, False]
    assert all(r.error == "down could not be reached" for r in results if r.model == "down")

    stats = {(s.model, s.task): s for s in summarise(results)}
    # small: quick (1 + 0.5 + 0 + 1) / 4 = 0.625; extract (0.5 + 0) / 2 = 0.25; all 3 / 6 = 0.5
    # big:   quick (1 + 1 + 1 + 0) / 4 = 0.75;   extract (1 + 1) / 2 = 1.0;    all 5 / 6
    assert stats[("small", "quick")].score == 0.625
    assert stats[("small", "extract")].score == 0.25
    assert stats[("small", "all")].score == 0.5
    assert stats[("big", "quick")].score == 0.75
    assert stats[("big", "extract")].score == 1.0
    assert stats[("big", "all")].score == pytest.approx(5 / 6)
    assert stats[("down", "all")].score == 0.0
    assert (stats[("small", "quick")].items, stats[("small", "extract")].items,
            stats[("small", "all")].items) == (4, 2, 6)
    # small's median latency: quick of 0.2, 0.4, 0.6, 0.8 is (0.4 + 0.6) / 2 = 0.5;
    # extract of 1.0, 1.2 is 1.1; all six: (0.6 + 0.8) / 2 = 0.7
    assert stats[("small", "quick")].median_latency_s == pytest.approx(0.5)
    assert stats[("small", "extract")].median_latency_s == pytest.approx(1.1)
    assert stats[("small", "all")].median_latency_s == pytest.approx(0.7)
    assert stats[("big", "all")].tokens_per_s == 10.0
    assert stats[("small", "all")].tokens_out == 0  # counted for remote models only

    # The cheaper model wins where both reach the bar; below it, the best score wins.
    models = [Candidate("small", False, 135_000_000), Candidate("big", False, 1_700_000_000)]
    per_task = [s for s in stats.values() if s.task != "all"]  # as 'hearth eval tune' passes them
    # bar 0.6: quick: small 0.625 and big 0.75 both reach it, small is cheaper;
    #          extract: only big (1.0) reaches it
    assert tune(per_task, models, bar=0.6).choices == {"quick": "small", "extract": "big"}
    # bar 0.7: quick: only big (0.75)
    assert tune(per_task, models, bar=0.7).choices == {"quick": "big", "extract": "big"}
    # bar 0.8: quick: neither (0.625, 0.75), so the better score: big
    assert tune(per_task, models, bar=0.8).choices == {"quick": "big", "extract": "big"}


# -- the bundled models, through the CLI -------------------------------------------------------------

# What a small model answers varies with the build and the CPU, so these items are scored in
# ways that do not depend on it: the regex "^" matches any answer (1.0); no answer holds the
# token below, nor a JSON object with that city (0.0). The inputs stay real questions: the
# router recognises the labels by them.
ANY = {"expected": "^", "score": "regex"}
NONE = {"expected": "zq-nobody-says-this", "score": "contains"}
ITEMS = [
    {"input": "What is the capital of France?", **ANY},
    {"input": "What is the capital of Italy?", **ANY},
    {"input": "What is the largest planet in our solar system?", **NONE},
    {"input": "Who wrote Romeo and Juliet?", **NONE},
    {"input": "Extract the email from: 'Write to help@example.com today.'", **ANY, "task": "extract"},
    {"input": "Extract the city as JSON with the field city: 'Anna lives in Oslo.'",
     "expected": {"city": "zq-nowhere"}, "score": "json", "task": "extract"},
]


def test_eval_two_bundled_models_and_tune(home: Path, tmp_path: Path) -> None:
    assert run_cli("vault", "init", env=ENV).returncode == 0
    eval_set = tmp_path / "mine.jsonl"
    eval_set.write_text("\n".join(json.dumps(i) for i in ITEMS) + "\n")
    out = run_cli("eval", "run", str(eval_set), "--models", "default,gemma3-270m", "--max-tokens", "24",
                  "--json", env=ENV, timeout=600)
    assert out.returncode == 0, out.stderr
    stats = {(s["model"], s["task"]): s for s in json.loads(out.stdout)["stats"]}
    for model in ("default", "gemma3-270m"):
        # quick (1 + 1 + 0 + 0) / 4 = 0.5; extract (1 + 0) / 2 = 0.5; all 3 / 6 = 0.5
        got = {task: stats[(model, task)]["score"] for task in ("quick", "extract", "all")}
        assert got == {"quick": 0.5, "extract": 0.5, "all": 0.5}, (model, got)
        assert [stats[(model, t)]["items"] for t in ("quick", "extract", "all")] == [4, 2, 6]
        assert stats[(model, "all")]["tokens_per_s"] > 0 and stats[(model, "all")]["median_latency_s"] > 0

    report = run_cli("eval", "report", "--chart", str(tmp_path / "chart.png"), env=ENV)
    assert report.returncode == 0, report.stderr
    assert "gemma3-270m" in report.stdout and "default" in report.stdout
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # Both models reach a bar of 0.5 on both labels: the cheaper one is chosen, and the bundled
    # default (SmolLM2, 135M parameters) costs less than Gemma 3 270M.
    tuned = run_cli("eval", "tune", "--bar", "0.5", "--json", env=ENV)
    assert tuned.returncode == 0, tuned.stderr
    assert json.loads(tuned.stdout)["choices"] == {"quick": "default", "extract": "default"}
    routed = run_cli("route", "What is the capital of Spain?", "--json", env=ENV)
    assert routed.returncode == 0, routed.stderr
    route = json.loads(routed.stdout)
    assert route["model"] == "default" and route["task"] == "quick"
    assert "bar" in route["reason"]
