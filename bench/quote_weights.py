"""Fit the quote chooser's weights (``engine.answering.quotes.WEIGHTS``) on the answer corpora.

Each corpus is imported into a fresh vault; for every one-fact question, the quote chooser's
candidates from the excerpts retrieval gives it are scored feature by feature (the same
``engine.answering.quotes._score_table`` the answer pipeline uses). A candidate is right when it holds
the fact and comes from the fact's file. The weights are fitted to put a right candidate
first among those the pipeline may show (not a heading, and one that answers: see
``Quote.answers``), by a listwise softmax loss with a pull towards the current weights; the
similarity's weight stays 1 (the scale).

It reports, for each corpus left out in turn, how often the first shown candidate is right
with the current weights and with weights fitted on the other corpora (what the fit would do on
files it never saw), then fits on every corpus given and prints the weights::

    python -m bench.quote_weights --corpus a --corpus b --corpus c
    fold=c current=0.780 fitted=0.826 (fitted on a, b)
    ...
    WEIGHTS = {...}

Keep a corpus out of ``--corpus`` to keep it held out.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass
class Question:
    corpus: str
    text: str
    features: np.ndarray  # (candidates, features): only those the pipeline may show
    right: np.ndarray  # bool per candidate


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def collect(name: str, home: Path | None) -> list[Question]:
    """Every question of corpus ``name`` with its candidates' features (``home``: keep the vault
    there and reuse it on the next run)."""
    from bench.answer_corpus import build
    from engine.answering.answer import QUOTE_FROM, SEARCH_LIMIT
    from engine.answering.quotes import Passage, Quote, _score_table
    from engine.search.retrieval import retriever_for
    from vault import Keychain, Vault

    with tempfile.TemporaryDirectory(prefix="hearth-fit-") as tmp:
        if home is None:
            home = Path(tmp) / "home"
        fresh = not home.exists()
        corpus = build(name, Path(tmp) / "files")
        if fresh:
            home.mkdir(mode=0o700, parents=True)
            vault = Vault.create("fit passphrase", home=home, keychain=Keychain(), kdf_log2_n=12)
            retriever_for(vault).ingest(corpus.files)
        else:
            vault = Vault.unlock(home=home, passphrase="fit passphrase", keychain=Keychain())
        try:
            retriever = retriever_for(vault)
            out = []
            for fact in corpus.facts:
                hits = retriever.search(fact.question, limit=SEARCH_LIMIT)[:QUOTE_FROM]
                passages = [Passage(h.text, n, h.path, h.title, h.location)
                            for n, h in enumerate(hits, start=1)]
                rows, right = [], []
                for row in _score_table(fact.question, passages, retriever.embedder):
                    shown = Quote(row.candidate.text, 0, "", "", "", 0.0, row.similarity, row.shared)
                    if row.candidate.heading or not shown.answers:
                        continue
                    path = passages[row.candidate.passage].path or ""
                    rows.append(row.features)
                    right.append(Path(path).name == fact.file
                                 and any(_norm(a) in _norm(row.candidate.text) for a in fact.answers))
                if rows:
                    out.append(Question(name, fact.question, np.array(rows), np.array(right)))
                else:
                    out.append(Question(name, fact.question, np.zeros((0, 0)), np.zeros(0, bool)))
            return out
        finally:
            vault.lock()


def first_right(questions: list[Question], w: np.ndarray) -> float:
    """The share of questions whose best-scored candidate is right."""
    hits = sum(bool(q.right[int(np.argmax(q.features @ w))]) for q in questions if len(q.right))
    return hits / len(questions)


def fit(questions: list[Question], w0: np.ndarray, *, temperature: float = 0.05, pull: float = 2.0,
        steps: int = 3000, rate: float = 0.003) -> np.ndarray:
    """Weights that put a right candidate first (softmax loss, Adam), pulled towards ``w0``;
    the first weight (similarity) stays as it is."""
    usable = [q for q in questions if q.right.any() and len(q.right) > 1]
    w = w0.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, steps + 1):
        grad = np.zeros_like(w)
        for q in usable:
            s = q.features @ w / temperature
            s -= s.max()
            p = np.exp(s)
            p_all = p / p.sum()
            p_pos = np.where(q.right, p, 0.0)
            p_pos /= p_pos.sum()
            grad += (p_all - p_pos) @ q.features / temperature
        grad = grad / max(1, len(usable)) + 2 * pull * (w - w0)
        grad[0] = 0.0
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w


def main() -> None:
    from bench.answer_corpus import NAMES
    from engine.answering.quotes import FEATURES, WEIGHTS

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=NAMES, action="append", required=True,
                        help="a corpus to fit on (repeatable; leave the held-out one out)")
    parser.add_argument("--keep-vaults", type=Path, help="keep each corpus's vault here and reuse it")
    parser.add_argument("--pull", type=float, default=2.0,
                        help="how hard the fit is pulled to the current weights")
    args = parser.parse_args()
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    names: list[str] = sorted(set(args.corpus))
    data: dict[str, list[Question]] = {}
    for name in names:
        home = args.keep_vaults / name if args.keep_vaults else None
        data[name] = collect(name, home)
        print(f"corpus={name} questions={len(data[name])} "
              f"reachable={sum(q.right.any() for q in data[name]) / len(data[name]):.3f}", file=sys.stderr)
    w0 = np.array([WEIGHTS[k] for k in FEATURES])
    if len(names) > 1:
        for held in names:
            train = [q for n in names if n != held for q in data[n]]
            w = fit(train, w0, pull=args.pull)
            others = ", ".join(n for n in names if n != held)
            print(f"fold={held} current={first_right(data[held], w0):.3f} "
                  f"fitted={first_right(data[held], w):.3f} (fitted on {others})")
    every = [q for n in names for q in data[n]]
    w = fit(every, w0, pull=args.pull)
    print(f"all current={first_right(every, w0):.3f} fitted={first_right(every, w):.3f}")
    weights: dict[str, Any] = {k: round(float(x), 3) for k, x in zip(FEATURES, w, strict=True)}
    print("WEIGHTS = {" + ", ".join(f"{k!r}: {x}" for k, x in weights.items()) + "}")


if __name__ == "__main__":
    main()
