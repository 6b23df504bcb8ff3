"""The router, the privacy guard and eval sets, on their own (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.errors import EngineError, ModelNotFound, RemoteNotAllowed
from engine.evals import EvalItem, load_eval_set, score_item, summarise
from engine.privacy import is_personal, redact_messages, scan
from engine.router import Candidate, ModelStats, Policy, Router, Rule, classify_task, tune

SMALL = Candidate("small", False, 135_000_000)
BIG = Candidate("big", False, 7_000_000_000)
CLOUD = Candidate("cloud", True, 0)


def stats(model: str, task: str, score: float, tps: float = 50.0) -> ModelStats:
    return ModelStats(model, task, score, 10, 1.0, tps, 0.2)


def ask(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


# -- privacy guard ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind"), [
    ("write to jane.doe@example.org today", "email"),
    ("call me on +44 20 7946 0958", "phone"),
    ("ring 555-123-4567 after six", "phone"),
    ("I live at 221 Baker Street", "address"),
    ("meet at Hauptstraße 12", "address"),
    ("card 4111 1111 1111 1111", "card"),
    ("IBAN DE89 3704 0044 0532 0130 00", "iban"),
    ("my password is hunter22", "secret"),
    ("key sk-live0123456789abcdefghij", "secret"),
    ("AKIAABCDEFGHIJKLMNOP is the id", "secret"),
    ("My name is Clara Schmidt", "name"),
])
def test_scan_finds_personal_details(text: str, kind: str) -> None:
    assert kind in {f.kind for f in scan(text)}


@pytest.mark.parametrize("text", [
    "What is the capital of France?",
    "Summarise the history of Rome from 1990-2000 in version 3.11.7",
    "The meeting is on 2024-05-01 at 10:30",
    "Compute 12345 * 678",
    "This is great news",
])
def test_scan_leaves_ordinary_text_alone(text: str) -> None:
    assert scan(text) == []


def test_known_names_and_redaction_are_consistent() -> None:
    text = "Ask Tom Baker (tom@x.org) if tom@x.org still works; Tom Baker knows."
    msgs = [{"role": "user", "content": text}]
    assert is_personal(msgs, known_names=["Tom Baker"]) == ["email", "name"]
    red = redact_messages(msgs, known_names=["Tom Baker"])
    out = red.messages[0]["content"]
    assert out == "Ask [NAME_1] ([EMAIL_1]) if [EMAIL_1] still works; [NAME_1] knows."
    assert red.counts == {"name": 1, "email": 1}
    assert scan(out) == []  # placeholders are not findings


# -- routing ----------------------------------------------------------------------------------------


def test_task_classification() -> None:
    assert classify_task(ask("What is the capital of Peru?")) == "quick"
    assert classify_task(ask("Summarise this article for me: ...")) == "summarise"
    assert classify_task(ask("Extract the dates as JSON")) == "extract"
    assert classify_task(ask("Why does this python function loop forever?")) == "code"
    assert classify_task(ask("Explain why the sky is blue and compare it with sunsets")) == "chat"


def test_cheapest_model_meeting_the_bar() -> None:
    router = Router([SMALL, BIG, CLOUD], policy=Policy(bar=0.6),
                    stats=[stats("small", "quick", 0.7), stats("big", "quick", 0.9),
                           stats("small", "extract", 0.3), stats("big", "extract", 0.8),
                           stats("cloud", "extract", 0.95)])
    quick = router.route(ask("What is 2+2?"))
    assert (quick.model, quick.task) == ("small", "quick") and "cheapest" in quick.reason
    extract = router.route(ask("Extract the names as JSON"))
    assert extract.model == "big"  # the remote one scores higher but costs more
    assert router.route(ask("What is 2+2?"), preference="best").model == "big"
    assert extract.fallbacks[0] == "small" and extract.fallbacks[-1] == "cloud"


def test_nothing_meets_the_bar_takes_the_best() -> None:
    router = Router([SMALL, BIG], policy=Policy(bar=0.95),
                    stats=[stats("small", "quick", 0.5), stats("big", "quick", 0.7)])
    route = router.route(ask("Capital of Chile?"))
    assert route.model == "big" and "no model meets your bar" in route.reason


def test_fastest_preference_and_rules() -> None:
    rules = [Rule("big", task="code", reason="code to big")]
    router = Router([SMALL, BIG], policy=Policy(bar=0.5, rules=rules),
                    stats=[stats("small", "quick", 0.8, tps=90), stats("big", "quick", 0.9, tps=20)])
    assert router.route(ask("Capital of Chile?"), preference="fastest").model == "small"
    coded = router.route(ask("Fix this python bug please"))
    assert coded.model == "big" and coded.reason == "rule: code to big"


def test_no_results_uses_the_default() -> None:
    router = Router([Candidate("default", False, 1), BIG])
    route = router.route(ask("hello"))
    assert route.model == "default" and "no eval results" in route.reason


def test_personal_requests_never_route_remote_without_consent() -> None:
    router = Router([SMALL, CLOUD], policy=Policy(bar=0.5),
                    stats=[stats("small", "quick", 0.2), stats("cloud", "quick", 0.99)])
    plain = router.route(ask("Capital of Chile?"))
    assert plain.model == "cloud" and not plain.personal
    personal = router.route(ask("Email bob@example.com about lunch?"))
    assert personal.model == "small" and personal.personal and personal.personal_kinds == ("email",)
    assert personal.blocked and personal.blocked[0].startswith("cloud:")
    assert "cloud" not in personal.fallbacks
    context = router.route(ask("When is my dentist appointment?"), personal_context=True)
    assert context.model == "small" and "personal context" in context.blocked[0]
    with pytest.raises(RemoteNotAllowed):
        router.route(ask("Email bob@example.com"), model="cloud")
    consented = router.route(ask("Email bob@example.com"), model="cloud", remote_consent=True)
    assert consented.remote and consented.personal
    local_only = router.route(ask("Capital of Chile?"), preference="local")
    assert local_only.model == "small" and "local only" in local_only.blocked[0]


def test_unknown_model_task_or_preference() -> None:
    router = Router([SMALL])
    with pytest.raises(ModelNotFound):
        router.route(ask("hi"), model="nope")
    with pytest.raises(EngineError):
        router.route(ask("hi"), task="poetry")
    with pytest.raises(EngineError):
        router.route(ask("hi"), preference="cheapest")


def test_tune_picks_per_task_and_round_trips() -> None:
    policy = tune([stats("small", "quick", 0.8), stats("big", "quick", 0.9),
                   stats("small", "extract", 0.2), stats("big", "extract", 0.7)],
                  [SMALL, BIG], bar=0.6)
    assert policy.choices == {"quick": "small", "extract": "big"}
    assert Policy.from_json(policy.to_json()) == policy
    strict = tune([stats("small", "quick", 0.8), stats("big", "quick", 0.9)], [SMALL, BIG], bar=0.85)
    assert strict.choices == {"quick": "big"}


# -- eval sets ---------------------------------------------------------------------------------------


def test_shipped_eval_sets_load() -> None:
    root = Path(__file__).resolve().parents[1] / "assets" / "evals"
    for name in ("facts.jsonl", "extraction.jsonl"):
        loaded = load_eval_set(root / name)
        assert len(loaded.items) >= 8
        assert {i.score for i in loaded.items} >= {"contains"}


@pytest.mark.parametrize(("line", "message"), [
    ("not json", "not valid JSON"),
    ('["a"]', "JSON object"),
    ('{"input": "x", "expected": "y", "score": "fuzzy"}', "'score' must be one of"),
    ('{"input": "x", "expected": "(", "score": "regex"}', "does not compile"),
    ('{"input": "x", "expected": "y", "score": "json"}', "object of fields"),
    ('{"input": "x", "expected": "y", "task": "poems"}', "'task' must be one of"),
    ('{"input": "x", "expected": "y", "colour": "red"}', "unknown field"),
    ('{"expected": "y"}', "'input'"),
])
def test_bad_eval_lines_are_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"input": "ok", "expected": "ok"}\n' + line + "\n")
    with pytest.raises(EngineError, match="line 2") as err:
        load_eval_set(path)
    assert message in str(err.value)


def test_scorers() -> None:
    assert score_item(EvalItem(0, "q", "Paris", "exact"), " paris. ") == (1.0, True)
    assert score_item(EvalItem(0, "q", ["red", "green"], "contains"), "Red and blue") == (0.5, False)
    assert score_item(EvalItem(0, "q", r"\b42\b", "regex"), "It is 42.") == (1.0, True)
    got = score_item(EvalItem(0, "q", {"name": "Ann", "city": "Oslo"}, "json"),
                     'Sure: {"name": "ann", "city": "Bergen"} done')
    assert got == (0.5, False)
    assert score_item(EvalItem(0, "q", {"a": "1"}, "json"), "no json here") == (0.0, False)

    def embed(texts: list[str]):  # type: ignore[no-untyped-def]
        import numpy as np

        return np.array([[1.0, 0.0], [0.8, 0.6]])

    score, passed = score_item(EvalItem(0, "q", "x", "similarity", threshold=0.75), "y", embed)
    assert score == pytest.approx(0.8) and passed


def test_summarise_groups_by_model_and_task() -> None:
    from engine.evals import ItemResult

    rows = [ItemResult("a", i, "quick", float(i % 2), bool(i % 2), 1.0 + i, 0.1, 40.0, 0, "x")
            for i in range(4)]
    out = {(s.model, s.task): s for s in summarise(rows)}
    assert out[("a", "quick")].score == 0.5 and out[("a", "quick")].items == 4
    assert out[("a", "all")].median_latency_s == 2.5
    assert json.loads(json.dumps(out[("a", "quick")].__dict__))["model"] == "a"


def test_latest_results_keep_each_eval_set(home: Path, no_keychain: object) -> None:
    from engine.evals import EvalItem, EvalSet, ItemResult, latest_results, save_run
    from tests.conftest import PASSPHRASE, TEST_KDF
    from vault import Vault

    def run(set_name: str, task: str, score: float) -> tuple[EvalSet, list[ItemResult]]:
        s = EvalSet(set_name, set_name * 8, (EvalItem(0, "q", "a", "contains", task),))
        return s, [ItemResult("m", 0, task, score, score > 0.5, 1.0, 0.1, 10.0, 0, "out")]

    with Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF) as v:  # type: ignore[arg-type]
        for name, task, score in (("facts", "quick", 0.2), ("extract", "extract", 0.7),
                                  ("facts", "quick", 0.9)):
            s, rows = run(name, task, score)
            save_run(v, s, ["m"], rows)
        got = {(r.task, r.score) for r in latest_results(v)}
    assert got == {("quick", 0.9), ("extract", 0.7)}
