"""The router, the privacy guard and eval sets, on their own (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.errors import EngineError, ModelNotFound, RemoteNotAllowed
from engine.routing.evals import EvalItem, load_eval_set, score_item, summarise
from engine.routing.privacy import is_personal, redact_messages, scan
from engine.routing.router import Candidate, ModelStats, Policy, Router, Rule, classify_task, tune

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


def test_a_paired_device_s_model_counts_like_a_local_model_of_its_size() -> None:
    desk = Candidate("desk", True, 7_000_000_000, device=True, personal_ok=True)
    shed = Candidate("shed", True, 13_000_000_000, device=True, personal_ok=False)
    default = Candidate("default", False, 135_000_000)
    router = Router([default, desk, CLOUD])
    assert router.route(ask("What is 2+2?")).model == "default"
    hard = router.route(ask("Explain why the sky is blue and compare it with a sunset, step by step."))
    assert hard.model == "desk" and hard.remote and "the prompt looks hard" in hard.reason
    assert "desk (7.0B parameters) is bigger than default" in hard.reason
    # When desk cannot answer, this computer's model is next, before any third-party remote.
    assert hard.fallbacks == ("default", "cloud")
    # Personal: desk was paired with "may answer from my data"; shed and the cloud model were not.
    both = Router([default, desk, shed, CLOUD])
    personal = both.route(ask("Explain why my dentist moved, and compare both dates."), personal_context=True)
    assert personal.model == "desk" and personal.personal
    assert "shed" not in personal.fallbacks and "cloud" not in personal.fallbacks
    assert any(b.startswith("shed: your device was paired for general questions only")
               for b in personal.blocked)
    general = both.route(ask("Explain why the sky is blue and compare it with a sunset, step by step."))
    assert general.model == "shed"  # the biggest of the devices for a question with nothing personal
    assert both.route(ask("Explain why and compare, step by step."), preference="local").model == "default"
    # With eval results a device's model is as cheap as a local model of its size, not a remote.
    small_desk = Candidate("desk", True, 3_000_000_000, device=True)
    measured = Router([BIG, small_desk, CLOUD], policy=Policy(bar=0.6),
                      stats=[stats(n, "quick", 0.7) for n in ("big", "desk", "cloud")])
    cheapest = measured.route(ask("Capital of Chile?"))
    assert cheapest.model == "desk" and cheapest.fallbacks == ("big", "cloud")


def test_unknown_model_task_or_preference() -> None:
    router = Router([SMALL])
    with pytest.raises(ModelNotFound):
        router.route(ask("hi"), model="nope")
    # Any label of the person's is a task; with no results for it the default answers.
    poetry = router.route(ask("hi"), task="poetry")
    assert poetry.task == "poetry" and "no eval results for 'poetry'" in poetry.reason
    for bad in ("", "  ", "x" * 41):
        with pytest.raises(EngineError, match="task label"):
            router.route(ask("hi"), task=bad)
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
    ('{"input": "x", "expected": "y", "task": ""}', "task label"),
    ('{"input": "x", "expected": "y", "task": 7}', "task label"),
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
    from engine.routing.evals import ItemResult

    rows = [ItemResult("a", i, "quick", float(i % 2), bool(i % 2), 1.0 + i, 0.1, 40.0, 0, "x")
            for i in range(4)]
    out = {(s.model, s.task): s for s in summarise(rows)}
    assert out[("a", "quick")].score == 0.5 and out[("a", "quick")].items == 4
    assert out[("a", "all")].median_latency_s == 2.5
    assert json.loads(json.dumps(out[("a", "quick")].__dict__))["model"] == "a"


def test_latest_results_keep_each_eval_set(home: Path, no_keychain: object) -> None:
    from engine.routing.evals import EvalItem, EvalSet, ItemResult, latest_results, save_run
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


# -- the person's own labels -------------------------------------------------------------------------

OWN = {
    "fact": ["What is the capital of Australia?", "Who wrote Pride and Prejudice?",
             "How many moons does Mars have?", "When did the Berlin Wall fall?"],
    "math": ["What is 17 times 23?", "Solve for x: 3x + 5 = 20", "What is 15% of 240?",
             "Compute the square root of 1764"],
    "letter": ["Write a short note to my landlord asking to fix the heating",
               "Draft an email to my manager asking for Friday off",
               "Write a thank-you card for my aunt's birthday present",
               "Compose a polite complaint letter about a late delivery"],
}


@pytest.fixture(scope="module")
def own_examples():  # type: ignore[no-untyped-def]
    from engine.routing.evals import EvalItem, EvalSet, embed_examples
    from engine.search.embeddings import default_embedder

    items = tuple(EvalItem(i, text, "x", "contains", label) for i, (label, text) in
                  enumerate((label, t) for label, texts in OWN.items() for t in texts))
    embedder = default_embedder()
    return embed_examples(EvalSet("mine", "0" * 64, items), embedder.embed), embedder.embed


def test_router_reads_the_persons_labels_from_examples(own_examples) -> None:  # type: ignore[no-untyped-def]
    examples, embed = own_examples
    router = Router([SMALL, BIG, CLOUD], examples=examples, embed=embed,
                    stats=[stats("small", "fact", 0.9), stats("big", "fact", 0.95),
                           stats("small", "math", 0.2), stats("big", "math", 0.7),
                           stats("small", "letter", 0.1), stats("big", "letter", 0.3),
                           stats("cloud", "letter", 0.9)])
    fact = router.route(ask("Who painted the Mona Lisa?"))
    assert (fact.task, fact.model) == ("fact", "small")
    assert "labelled 'fact'" in fact.reason and fact.example in OWN["fact"]
    assert fact.example in fact.reason and 0 < fact.similarity <= 1
    math = router.route(ask("What is 48 divided by 6?"))
    assert (math.task, math.model) == ("math", "big")  # the cheapest meeting the bar
    # Only the remote model reaches the bar on letters: auto picks it (nothing personal here).
    letter = router.route(ask("Write an email to my neighbour about the noise last night"))
    assert (letter.task, letter.model, letter.remote) == ("letter", "cloud", True)
    assert letter.as_dict()["task"] == "letter" and letter.as_dict()["example"] in OWN["letter"]
    # The same request with personal details: the remote is held back, the best local answers.
    held = router.route(ask("Write an email to anna@example.org about the noise last night"))
    assert held.task == "letter" and not held.remote and held.blocked


def test_pipeline_guess_gives_way_to_examples_but_a_chosen_label_does_not(own_examples) -> None:  # type: ignore[no-untyped-def]
    examples, embed = own_examples
    router = Router([SMALL], examples=examples, embed=embed)
    # The answer pipeline passes its heuristic guess ('quick') and the grounded prompt shape.
    prompt = "Answer from the excerpts.\n\n[1] notes\nsome text\n\nQuestion: What is 48 divided by 6?"
    assert classify_task(ask("What is 48 divided by 6?")) == "quick"
    assert router.route(ask(prompt), task="quick").task == "math"
    assert router.route(ask(prompt), task="quick", task_given=True).task == "quick"
    assert router.route(ask(prompt), task="letter").task == "letter"  # one of the labels
    assert router.route(ask(prompt), task="poetry").task == "poetry"  # not a guess: honoured
    # No examples: the heuristics as before.
    assert Router([SMALL]).route(ask("What is 48 divided by 6?")).task == "quick"


def test_examples_are_kept_in_the_vault(home: Path, no_keychain: object, own_examples) -> None:  # type: ignore[no-untyped-def]
    from engine.routing.evals import EvalSet, load_examples, save_examples
    from engine.search.embeddings import MODEL_ID
    from tests.conftest import PASSPHRASE, TEST_KDF
    from vault import Vault

    examples, _ = own_examples
    with Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF) as v:  # type: ignore[arg-type]
        assert load_examples(v) is None
        save_examples(v, EvalSet("mine", "0" * 64, ()), examples, model_id=MODEL_ID)
        save_examples(v, EvalSet("mine", "1" * 64, ()), examples, model_id=MODEL_ID)  # replaces
        save_examples(v, EvalSet("other", "2" * 64, ()), examples, model_id="another-model")
        got = load_examples(v, model_id=MODEL_ID)
        assert got is not None and got.labels == examples.labels and got.texts == examples.texts
        assert got.vectors.tobytes() == examples.vectors.astype("<f4").tobytes()
        assert len(load_examples(v) or ()) == 2 * len(examples)


def test_own_labels_end_to_end_on_the_command_line(home: Path, tmp_path: Path) -> None:
    """'fact' and 'math', refused before, are run, tuned and routed by from the command line."""
    from tests.conftest import PASSPHRASE, run_cli

    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    assert run_cli("vault", "init", env=env).returncode == 0
    lines = [json.dumps({"input": t, "expected": "x", "task": label})
             for label, texts in OWN.items() if label != "letter" for t in texts[:3]]
    eval_set = tmp_path / "mine.jsonl"
    eval_set.write_text("\n".join(lines) + "\n")
    out = run_cli("eval", "run", str(eval_set), "--models", "default", "--max-tokens", "4", "--json",
                  env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert {s["task"] for s in json.loads(out.stdout)["stats"]} == {"fact", "math", "all"}
    out = run_cli("eval", "tune", "--bar", "0.01", "--json", env=env)
    assert out.returncode == 0, out.stderr
    assert set(json.loads(out.stdout)["choices"]) == {"fact", "math"}
    out = run_cli("route", "--json", "What is 48 divided by 6?", env=env)
    assert out.returncode == 0, out.stderr
    route = json.loads(out.stdout)
    assert route["task"] == "math" and "labelled 'math'" in route["reason"]
    assert route["example"] in OWN["math"] and route["example"] in route["reason"]
