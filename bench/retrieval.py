"""Retrieval benchmark: ingest throughput, hybrid query latency at 10k/100k chunks, unlock-to-ready.

Run: ``.venv/bin/python bench/retrieval.py [--quick]`` (a few minutes; not part of CI).

What is measured, all in this one run and on this machine:

* ``ingest_ratio``: chunks/s of ``Retriever.ingest`` (parse, chunk, embed, store in the
  vault, add to the index) over chunks/s of the bare embedding model on exactly the
  texts the importer produced (the mean of a run before and a run after the ingest).
* ``query_p50/p95`` at 10k and 100k chunks: ``Retriever.search_with_vector`` (FTS5
  BM25 over chunks and notes + chroma nearest neighbours + RRF fusion + fetching the
  hits' text and source from the vault). The query's own embedding is excluded
  (it is computed beforehand); it costs ~5-10 ms and is reported separately.
* ``unlock_ready_s_100k``: from ``Vault.unlock`` with the passphrase (the production
  scrypt cost) to the first answered query: key derivation, loading the embedding
  model, unsealing the index into the RAM dir, opening chroma, embedding the
  question and searching.

How the 100k chunks are made (honestly, without 40+ minutes of embedding): the text
is generated from templates with a realistic vocabulary (names, places, things,
dates), 4-6 sentences a chunk, drawn from a pool of a few thousand distinct
sentences. Each sentence of the pool is embedded once by the real model; a chunk's
vector is the normalised sum of its sentences' vectors plus a little noise. So the
vectors are distinct, clustered the way real text embeddings are, and related to
their chunk's words; they are not the model's exact embedding of each chunk. Random
vectors would be both slower and unrealistic (see the storage design note).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NAMES = ["Ana", "Rui", "Beatriz", "Tiago", "Sofia", "Miguel", "Joana", "Pedro", "Ines", "Carlos", "Marta",
         "Luis", "Helena", "Nuno", "Clara", "Diogo", "Rita", "Hugo", "Laura", "Paulo", "Eva", "Bruno",
         "Teresa", "Andre", "Lucia", "Marco", "Vera", "Jorge", "Alice", "Filipe"]
PLACES = ["the harbour", "the old chapel", "the library", "the market", "the rowing club", "the clinic",
          "the school", "the garden centre", "the train station", "the bakery", "the town hall",
          "the community hall", "the beach bar", "the bike shop", "the post office", "the museum",
          "the swimming pool", "the bookshop", "the dentist", "the office", "the allotment", "the cafe"]
THINGS = ["budget", "boiler", "invoice", "garden hose", "piano", "ferry tickets", "passport", "insurance",
          "tax return", "rental car", "birthday cake", "choir rehearsal", "bicycle lock", "wifi router",
          "vaccination", "moving boxes", "kitchen tiles", "solar panels", "roof repair", "school trip",
          "jam recipe", "book club", "football match", "holiday flights", "lease contract", "heating bill",
          "quarterly report", "project plan", "conference talk", "sailing course", "yoga class"]
VERBS = ["discussed", "booked", "paid for", "cancelled", "moved", "checked", "repaired", "ordered",
         "forgot about", "planned", "reviewed", "signed", "postponed", "confirmed", "asked about",
         "brought", "fixed", "measured", "priced", "collected"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
TEMPLATES = [
    "{n} {v} the {t} at {p} on {d}.",
    "On {d} {m} {k}, {n} {v} the {t} with {n2}.",
    "The {t} was {v} by {n} near {p}; it cost {x} euros.",
    "{n} says the {t} must be {v} before {m}.",
    "Remember: {n2} {v} the {t} last {d} and will call {n} about {p}.",
    "Notes from {p}: the {t} is ready, {n} {v} it, next check in {m}.",
    "{n} and {n2} {v} the {t} at {p} for {x} minutes.",
]


def sentence(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        n=rng.choice(NAMES), n2=rng.choice(NAMES), v=rng.choice(VERBS), t=rng.choice(THINGS),
        p=rng.choice(PLACES), d=rng.choice(DAYS), m=rng.choice(MONTHS), k=rng.randint(1, 28),
        x=rng.randint(5, 900))


def question(rng: random.Random) -> str:
    return rng.choice([
        "When did {n} {v} the {t}?", "What happened with the {t} at {p}?", "Who {v} the {t}?",
        "How much did the {t} cost?", "What did {n} say about the {t}?",
    ]).format(n=rng.choice(NAMES), v=rng.choice(VERBS), t=rng.choice(THINGS), p=rng.choice(PLACES))


def make_vault(home: Path, *, kdf: int) -> object:
    from keyring.backends import fail

    from vault import Keychain, Vault

    home.mkdir(parents=True, exist_ok=True)
    return Vault.create("bench passphrase", home=home, keychain=Keychain(backend=fail.Keyring()),
                        kdf_log2_n=kdf)


# -- ingest --------------------------------------------------------------------------------------------


def bench_ingest(embedder: object, work: Path, *, files: int, rounds: int = 3) -> float:
    """The median over ``rounds`` of (raw embedding time) / (ingest time) for the same chunks; the
    raw time of a round is the mean of one run just before and one just after its ingest, so that
    load from other processes on a shared machine hits both sides alike."""
    from engine.search.retrieval import Retriever
    from vault.importers import parse_file
    from vault.sources import embed_text

    rng = random.Random(1)
    folder = work / "ingest-docs"
    folder.mkdir()
    for i in range(files):
        paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(6, 9))) for _ in range(8)]
        (folder / f"note-{i:04d}.md").write_text(f"# Notebook {i}\n\n" + "\n\n".join(paragraphs))
    texts: list[str] = []
    for path in sorted(folder.iterdir()):
        parsed = parse_file(path, path.read_bytes())
        texts += [embed_text(d, j) for d in parsed.documents for j in range(len(d.chunks))]

    def raw() -> float:
        start = time.perf_counter()
        embedder.embed(texts)  # type: ignore[attr-defined]
        return time.perf_counter() - start

    embedder.embed(texts[:64])  # type: ignore[attr-defined]  # warm up
    ratios = []
    after = raw()
    for n in range(rounds):
        before = after
        vault = make_vault(work / f"ingest-home-{n}", kdf=12)
        retriever = Retriever.open(vault, embedder=embedder)  # type: ignore[arg-type]
        start = time.perf_counter()
        report = retriever.ingest([folder])
        ingest_s = time.perf_counter() - start
        chunks = sum(len(r.added) for r in report.results)
        retriever.close()
        vault.lock()  # type: ignore[attr-defined]
        after = raw()
        assert chunks == len(texts), (chunks, len(texts))
        raw_s = (before + after) / 2
        ratios.append(raw_s / ingest_s)
        print(f"ingest round {n + 1}: {files} files, {chunks} chunks: "
              f"ingest {chunks / ingest_s:.1f} chunks/s, "
              f"raw embedding {len(texts) / raw_s:.1f} chunks/s (runs {before:.2f} s, {after:.2f} s); "
              f"ratio {ratios[-1]:.3f}")
    return statistics.median(ratios)


# -- a big vault ----------------------------------------------------------------------------------------


class Corpus:
    """Generated chunk texts with vectors built from really embedded sentences (see the docstring)."""

    def __init__(self, embedder: object, *, pool: int, seed: int = 2) -> None:
        rng = random.Random(seed)
        sentences: set[str] = set()
        while len(sentences) < pool:
            sentences.add(sentence(rng))
        self.sentences = sorted(sentences)
        start = time.perf_counter()
        self.vectors = embedder.embed(self.sentences)  # type: ignore[attr-defined]
        print(f"embedded a pool of {pool} sentences in {time.perf_counter() - start:.1f} s")
        self.rng = np.random.default_rng(seed)

    def chunks(self, count: int) -> tuple[list[str], np.ndarray]:
        picks = [self.rng.choice(len(self.sentences), size=int(self.rng.integers(4, 7)), replace=False)
                 for _ in range(count)]
        texts = [" ".join(self.sentences[i] for i in p) for p in picks]
        vectors = np.stack([self.vectors[p].sum(axis=0) for p in picks])
        vectors += self.rng.normal(scale=0.02, size=vectors.shape)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return texts, vectors.astype("<f4")


def fill(vault: object, corpus: Corpus, count: int, *, model: str, per_source: int = 50) -> None:
    """Add ``count`` chunks as sources of ``per_source`` chunks each (what an import would store)."""
    from vault.sources import GENERATION_KEY

    now = time.time()
    with vault.transaction() as conn:  # type: ignore[attr-defined]
        base = conn.execute("SELECT coalesce(max(id), 0) FROM sources").fetchone()[0]
        done = 0
        number = base
        while done < count:
            texts, vectors = corpus.chunks(min(per_source, count - done))
            number += 1
            source_id = conn.execute(
                "INSERT INTO sources(uri, kind, title, size, mtime, sha256, meta, added_at, updated_at) "
                "VALUES (?, 'markdown', ?, 0, 0, '', '{}', ?, ?)",
                (f"/bench/doc-{number}.md", f"Bench document {number}", now, now)).lastrowid
            doc_id = conn.execute("INSERT INTO documents(source_id, seq, kind, title) VALUES (?, 0, "
                                  "'markdown', ?)", (source_id, f"Bench document {number}")).lastrowid
            conn.executemany(
                "INSERT INTO chunks(document_id, seq, text, location, embedding, embed_model) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(doc_id, j, t, f"section {j}", v.tobytes(), model) for j, (t, v) in
                 enumerate(zip(texts, vectors, strict=True))])
            done += len(texts)
        conn.execute("INSERT INTO settings(key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE "
                     "SET value = CAST(value AS INTEGER) + 1", (GENERATION_KEY,))


def bench_queries(retriever: object, queries: list[str], vectors: np.ndarray) -> tuple[float, float]:
    for q, v in zip(queries[:10], vectors[:10], strict=True):
        retriever.search_with_vector(q, v, limit=10)  # type: ignore[attr-defined]  # warm caches
    times = []
    for q, v in zip(queries, vectors, strict=True):
        start = time.perf_counter()
        hits = retriever.search_with_vector(q, v, limit=10)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
        assert hits, q
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for trying the script")
    args = parser.parse_args()
    sizes = (2_000, 10_000) if args.quick else (10_000, 100_000)
    files = 8 if args.quick else 20

    work = Path(tempfile.mkdtemp(prefix="hearth-bench-"))
    os.environ["HEARTH_HOME"] = str(work / "home")
    os.environ.pop("HEARTH_RUNTIME_DIR", None)
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    try:
        from engine.search.embeddings import MiniLMEmbedder
        from engine.search.index import ram_backed
        from engine.search.retrieval import Retriever
        from vault import paths

        embedder = MiniLMEmbedder()
        print(f"runtime dir {paths.runtime_dir()} (RAM filesystem: {ram_backed(paths.runtime_dir())}); "
              f"{os.cpu_count()} CPUs")
        ingest_ratio = bench_ingest(embedder, work, files=files)

        corpus = Corpus(embedder, pool=2000 if not args.quick else 600)
        rng = random.Random(3)
        queries = [question(rng) for _ in range(200)]
        start = time.perf_counter()
        qvectors = embedder.embed(queries)
        print(f"query embedding: {(time.perf_counter() - start) / len(queries) * 1000:.1f} ms each (batched; "
              "excluded from query latency)")

        home = work / "home"
        vault = make_vault(home, kdf=17)
        results: dict[int, tuple[float, float]] = {}
        have = 0
        unlock_ready = 0.0
        for size in sizes:
            start = time.perf_counter()
            fill(vault, corpus, size - have, model=embedder.model_id)
            have = size
            fill_s = time.perf_counter() - start
            start = time.perf_counter()
            retriever = Retriever.open(vault, embedder=embedder)  # type: ignore[arg-type]
            build_s = time.perf_counter() - start
            results[size] = bench_queries(retriever, queries, qvectors)
            start = time.perf_counter()
            retriever.close()
            seal_s = time.perf_counter() - start
            sealed = (home / "index.sealed").stat().st_size / 2**20
            print(f"{size} chunks: vault fill {fill_s:.1f} s, index sync {build_s:.1f} s, "
                  f"seal {seal_s:.1f} s "
                  f"({sealed:.0f} MiB); query p50 {results[size][0]:.1f} ms, p95 {results[size][1]:.1f} ms")

        # Unlock to the first answered query, with the index sealed at the largest size.
        vault.lock()  # type: ignore[attr-defined]
        from keyring.backends import fail

        import engine.search.embeddings as emb
        from vault import Keychain, Vault

        emb._SHARED.clear()  # a cold start loads the model like the app does
        start = time.perf_counter()
        unlocked = Vault.unlock(home=home, passphrase="bench passphrase",
                                keychain=Keychain(backend=fail.Keyring()))
        t_unlock = time.perf_counter() - start
        retriever = Retriever.open(unlocked)
        t_open = time.perf_counter() - start
        hits = retriever.search("When did Ana pay for the ferry tickets?", limit=10)
        unlock_ready = time.perf_counter() - start
        assert hits and retriever.index.count() == sizes[-1]
        print(f"unlock-to-ready at {sizes[-1]} chunks: {unlock_ready:.2f} s (unlock {t_unlock:.2f} s, "
              f"model + unseal + open {t_open - t_unlock:.2f} s, first query {unlock_ready - t_open:.2f} s)")
        retriever.close()
        unlocked.lock()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    p95 = results[sizes[-1]][1]
    print(f"retrieval ingest_ratio={ingest_ratio:.3f} query_p95_ms_100k={p95:.1f} "
          f"unlock_ready_s_100k={unlock_ready:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
