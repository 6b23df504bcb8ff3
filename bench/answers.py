"""Are answers right? The answer pipeline on the bundled model, over four personal corpora.

For each corpus (``bench/answer_corpus.py``: "a", "b" and "c", tuned on one after the other,
and "d", written by someone else and never looked at by whoever tunes the pipeline: only its
aggregate lines are read), the files are imported into a fresh encrypted vault through the
real API (``Retriever.ingest``), then every fact question and every open request is asked
through ``app.services.Hearth``, exactly as ``hearth ask`` does, in one warm process:

* ``correct``: the fact (any accepted spelling) is in the generated text or in a verbatim quote;
* ``cited``: the file that holds it is among the answer's sources;
* ``quoted``: a quote comes from that file and holds the fact;
* ``flag_precision`` / ``flag_recall``: the support check on a right and a wrong answer per fact
  (the true value, and a plausible wrong value of the same type that is in no file), each read
  against the excerpts that question retrieved;
* ``misleading``: answers whose headline (what the person reads first: ``Reply.headline``) neither
  holds the fact nor says plainly that Hearth is not sure or found nothing, and that the support
  check did not flag either;
* ``false_nothing``: answers that say nothing in the files answers, when the fact's file was among
  the passages retrieval returned for the question;
* ``unsure``: answers that say Hearth is not sure and show the closest passages instead;
* ``degenerate``: open answers with a phrase of four words repeated three times, or over 400 words;
* ``ttft_p50_s``: question to the first text the person reads (the headline) for the fact
  questions, warm; ``total_p50_s``: to the end of the answer;
* ``sentences_right``: of the model's own sentences shown after a headline, how many state the
  fact (right/shown).

The reference in the same run is the path Hearth took before this pipeline, on the same model
and vault: the top excerpts up to 3,200 characters in the prompt, no quotes, no penalty or loop
guard, temperature 0.2 / top-p 0.9 (``before …`` line). Run: ``python -m bench.answers``
(``--corpus a`` for one corpus, ``--limit N`` for a quick look, ``--model gemma3-270m`` to answer
with another model than the default).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from bench.answer_corpus import NAMES, Corpus, build

#: Passages the pipeline retrieves per question (engine.answering.answer.SEARCH_LIMIT).
SEARCH_LIMIT = 6


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def has_fact(text: str, answers: list[str]) -> bool:
    t = _norm(text)
    return any(_norm(a) in t for a in answers)


#: What an answer says when it does not claim a fact: not sure, or nothing found.
HEDGE = re.compile(r"\bnot sure\b|\bnothing in your files\b|\bnot in (?:my|your) files\b|"
                   r"\bI (?:do not|don't) know\b", re.IGNORECASE)
NOTHING = re.compile(r"\bnothing in your files\b|\bnot in (?:my|your) files\b", re.IGNORECASE)


def headline(reply: Any) -> str:
    """What the person reads first: the answer's headline (its text where it has none)."""
    return str(getattr(reply, "headline", "") or reply.text)


def misleading(reply: Any, answers: list[str]) -> bool:
    """The headline states no fact of the file's, does not hedge, and nothing is flagged."""
    head = headline(reply)
    return not has_fact(head, answers) and not HEDGE.search(head) and not reply.unsupported


def says_nothing(reply: Any) -> bool:
    return reply.grounding == "not_found" or bool(NOTHING.search(headline(reply)))


def degenerate(text: str) -> bool:
    from engine.running.loops import repeated_phrase

    return repeated_phrase(text, words=4, times=3) is not None or len(text.split()) > 400


def spread(items: list[Any], limit: int | None) -> list[Any]:
    """``limit`` items taken evenly across the list (all of them when None or enough)."""
    if not limit or limit >= len(items):
        return list(items)
    return [items[i * len(items) // limit] for i in range(limit)]


def _vault(root: Path) -> Any:
    from vault import Keychain, Vault

    home = root / "home"
    home.mkdir(mode=0o700)
    return Vault.create("bench passphrase", home=home, keychain=Keychain(), kdf_log2_n=12)


def run_corpus(name: str, *, limit: int | None, verbose: bool, before: bool = True,
               model: str | None = None, open_limit: int | None = None) -> dict[str, Any]:
    from app.services import Hearth
    from engine.answering.support import unsupported
    from engine.running.generate import GenerationSettings
    from engine.search.retrieval import build_context, retriever_for

    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        root = Path(tmp)
        corpus: Corpus = build(name, root / "files")
        vault = _vault(root)
        try:
            report = retriever_for(vault).ingest(corpus.files)
            del report
            hearth = Hearth(vault)
            facts = spread(corpus.facts, limit)
            opens = spread(corpus.open_requests, limit if open_limit is None else open_limit)
            ask = {"model": model} if model else {}
            hearth.ask("What is in my files?", **ask).result()  # warm: model, embedder, index
            correct = cited = quoted = 0
            misled = nothing = unsure = said = said_right = 0
            ttfts: list[float] = []
            totals: list[float] = []
            tp = fp = wrong_total = 0
            before_correct = 0
            before_ttfts: list[float] = []
            for fact in facts:
                reply = hearth.ask(fact.question, **ask).result()
                ok = has_fact(reply.text, fact.answers) or any(has_fact(q.text, fact.answers)
                                                               for q in reply.quotes)
                correct += ok
                cited += any(Path(s.path).name == fact.file for s in reply.sources)
                quoted += any(Path(q.path).name == fact.file and has_fact(q.text, fact.answers)
                              for q in reply.quotes)
                if "ttft_s" in reply.timings:
                    ttfts.append(reply.timings["ttft_s"])
                totals.append(reply.timings.get("total_s", 0.0))
                # The model's own sentence after the headline, where it was shown.
                sentence = reply.text[len(reply.headline):].strip() if reply.headline else ""
                said += bool(sentence)
                said_right += bool(sentence) and has_fact(sentence, fact.answers)
                # What retrieval returned for the question (the pipeline's search, as it ran it).
                hits = retriever_for(vault).search(fact.question, limit=SEARCH_LIMIT)
                retrieved = any(Path(h.path).name == fact.file for h in hits)
                misled += misleading(reply, fact.answers)
                nothing += says_nothing(reply) and retrieved
                unsure += reply.grounding == "unsure"
                if verbose:
                    mark = "OK " if ok else "BAD"
                    if misleading(reply, fact.answers):
                        mark += " MISLEADING"
                    if says_nothing(reply) and retrieved:
                        mark += " FALSE-NOTHING"
                    print(f"{mark} {fact.question!r} -> {reply.text[:140]!r} "
                          f"quotes={[q.text[:60] for q in reply.quotes]} "
                          f"unsupported={list(reply.unsupported)}", file=sys.stderr)
                # Support check on a right and a wrong answer, against what this question retrieved.
                evidence = [h.text for h in hits] + [fact.question]
                right = f"According to your files it is {fact.answers[0]} [1]."
                wrong = f"According to your files it is {fact.wrong} [1]."
                fp += bool(unsupported(right, evidence))
                tp += bool(unsupported(wrong, evidence))
                wrong_total += 1
                if not before:
                    continue
                # Before: the old prompt (excerpts up to the budget), old sampling, on the same pool.
                block, _ = build_context(hits, budget_chars=3200)
                content = ("Excerpts from the user's own files and notes follow. Use them when they "
                           "answer the question, and cite them by number like [1]; if they do not, say "
                           f"so and answer from general knowledge.\n\n{block}\n\nQuestion: {fact.question}")
                messages = [{"role": "system", "content": "You are Hearth, a private assistant running "
                             "entirely on this computer. Answer clearly and briefly."},
                            {"role": "user", "content": content}]
                old = hearth.pool.chat(messages, settings=GenerationSettings(
                    temperature=0.2, top_p=0.9, max_tokens=160, repeat_penalty=1.0,
                    loop_guard=False)).result()
                before_ttfts.append(old.timings.ttft_s)
                before_correct += has_fact(old.text, fact.answers)
            bad = 0
            before_bad = 0
            for request in opens:
                reply = hearth.ask(request, **ask).result()
                bad += degenerate(reply.text)
                if verbose:
                    print(f"open {request!r}: {reply.stopped} {len(reply.text.split())} words "
                          f"{'DEGENERATE' if degenerate(reply.text) else ''}", file=sys.stderr)
                if not before:
                    continue
                old = hearth.pool.chat([{"role": "user", "content": request}], settings=GenerationSettings(
                    temperature=0.2, top_p=0.9, max_tokens=512, repeat_penalty=1.0,
                    loop_guard=False)).result()
                before_bad += degenerate(old.text)
            hearth.close()
        finally:
            vault.lock()
    n = len(facts)
    return {"n": n, "correct": correct / n, "cited": cited / n, "quoted": quoted / n,
            "misleading": misled / n, "false_nothing": nothing, "unsure": unsure / n,
            "flag_precision": tp / (tp + fp) if tp + fp else 0.0, "flag_recall": tp / wrong_total,
            "degenerate": f"{bad}/{len(opens)}", "ttft_p50_s": statistics.median(ttfts) if ttfts else 0.0,
            "total_p50_s": statistics.median(totals) if totals else 0.0,
            "sentences": f"{said_right}/{said}",
            "before_correct": before_correct / n, "before_degenerate": f"{before_bad}/{len(opens)}",
            "before_ttft_p50_s": statistics.median(before_ttfts) if before_ttfts else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=NAMES, action="append",
                        help=f"a corpus to run (repeatable; default: all of {', '.join(NAMES)})")
    parser.add_argument("--limit", type=int, default=40,
                        help="facts and open requests per corpus, taken evenly (default 40; 0: all)")
    parser.add_argument("--open-limit", type=int,
                        help="open requests per corpus, taken evenly (default: as --limit)")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--model", help="the model that answers (default: Hearth's default)")
    parser.add_argument("--no-before", action="store_true",
                        help="skip the reference run of the old prompt (halves the time)")
    args = parser.parse_args()
    for name in args.corpus or list(NAMES):
        r = run_corpus(name, limit=args.limit, verbose=args.verbose, before=not args.no_before,
                       model=args.model, open_limit=args.open_limit)
        if not args.no_before:
            print(f"before corpus={name} correct={r['before_correct']:.2f} "
                  f"degenerate={r['before_degenerate']} ttft_p50_s={r['before_ttft_p50_s']:.2f}")
        # Each corpus's line as soon as it is measured (a full run takes a while on a small CPU).
        print(f"answers corpus={name} model={args.model or 'default'} facts={r['n']} "
              f"correct={r['correct']:.2f} cited={r['cited']:.2f} quoted={r['quoted']:.2f} "
              f"misleading={r['misleading']:.3f} false_nothing={r['false_nothing']} "
              f"unsure={r['unsure']:.2f} flag_precision={r['flag_precision']:.2f} "
              f"flag_recall={r['flag_recall']:.2f} degenerate={r['degenerate']} "
              f"ttft_p50_s={r['ttft_p50_s']:.2f} total_p50_s={r['total_p50_s']:.2f} "
              f"sentences_right={r['sentences']}", flush=True)


if __name__ == "__main__":
    main()
