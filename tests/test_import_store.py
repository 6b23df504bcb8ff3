"""Importing into the vault: change detection, per-file reports, originals, and crash safety."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.retrieval_fixtures import minimal_pdf, vault_fixture, write_mbox  # noqa: F401 - fixture
from vault import Vault
from vault.chunks import chunk_generation
from vault.sources import (
    forget,
    import_paths,
    list_sources,
    resolve_sources,
)

MESSAGES = [
    ("Ana <ana@example.org>", "Choir rehearsal", "Mon, 03 Mar 2025 18:00:00 +0000", "Moves to the chapel."),
    ("Rui <rui@example.org>", "Bike loan", "Wed, 05 Mar 2025 08:15:00 +0000", "Borrow the red bike."),
    ("Eva <eva@example.org>", "Quince jam", "Fri, 07 Mar 2025 12:00:00 +0000", "Three jars are yours."),
]


def fake_embed(texts: list[str]) -> list[bytes]:
    """A stand-in at the embed seam (the real model is tested in test_retrieval*): 4 floats a text."""
    import struct

    return [struct.pack("<4f", len(t), t.count(" "), 1.0, 0.0) for t in texts]


def doc_ids(v: Vault, source_id: int) -> dict[str, int]:
    return {r["title"]: r["id"] for r in v.query("SELECT id, title FROM documents WHERE source_id = ?",
                                                 (source_id,))}


def test_import_reports_each_file_and_goes_on(vault: Vault, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# Alpha\n\nThe alpha text.")
    (docs / "empty.txt").write_text("")
    (docs / "junk.md").write_bytes(bytes(range(256)) * 8)
    (docs / "photo.png").write_bytes(b"\x89PNG\r\n")
    (docs / "z.pdf").write_bytes(minimal_pdf(["Zulu page."]))
    seen = []
    report = import_paths(vault, [docs], embed=fake_embed, embed_model="fake",
                          progress=lambda p: seen.append((p.done, p.total, p.current)))
    statuses = {Path(r.path).name: (r.status, r.reason) for r in report.results}
    assert statuses["a.md"][0] == "added" and statuses["z.pdf"][0] == "added"
    assert statuses["empty.txt"] == ("skipped", "empty.txt is empty")
    assert statuses["junk.md"][0] == "skipped" and "not a text file" in statuses["junk.md"][1]
    assert statuses["photo.png"][0] == "skipped" and "not supported" in statuses["photo.png"][1]
    assert seen[0] == (0, 5, str(docs / "a.md")) and seen[-1] == (5, 5, "")
    sources = list_sources(vault)
    assert [s.kind for s in sources] == ["markdown", "pdf"]
    assert all(s.has_original and s.chunks == 1 for s in sources)
    row = vault.query_one("SELECT original FROM sources WHERE id = ?", (sources[0].id,))
    assert bytes(row[0]) == (docs / "a.md").read_bytes()
    vectors = vault.query("SELECT embedding, embed_model FROM chunks")
    assert all(len(r[0]) == 16 and r[1] == "fake" for r in vectors)
    assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'zulu'")[0] == 1


def test_reimport_unchanged_does_nothing_and_changes_replace_only_what_changed(
        vault: Vault, tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "inbox.mbox", MESSAGES)
    first = import_paths(vault, [box], embed=fake_embed, embed_model="fake").results[0]
    assert first.status == "added" and len(first.added) == 3
    before = doc_ids(vault, first.source_id or 0)
    generation = chunk_generation(vault)

    again = import_paths(vault, [box], embed=fake_embed, embed_model="fake").results[0]
    assert again.status == "unchanged" and chunk_generation(vault) == generation
    os.utime(box, None)  # touched, same bytes: still nothing to do
    assert import_paths(vault, [box]).results[0].status == "unchanged"
    assert chunk_generation(vault) == generation

    changed = list(MESSAGES)
    changed[1] = (*MESSAGES[1][:3], "The red bike is back; take the blue one.")
    box.unlink()
    write_mbox(box, changed)
    result = import_paths(vault, [box], embed=fake_embed, embed_model="fake").results[0]
    assert result.status == "updated"
    after = doc_ids(vault, first.source_id or 0)
    assert after["Choir rehearsal"] == before["Choir rehearsal"]
    assert after["Quince jam"] == before["Quince jam"]
    assert after["Bike loan"] != before["Bike loan"]
    assert len(result.added) == 1 and len(result.removed) == 1
    assert result.removed[0] not in {cid for cid, _ in result.added}  # ids are never reused
    assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'blue'")[0] == 1
    assert vault.check() == []


def test_forget_removes_everything_derived_and_records_only_the_path(
        vault: Vault, tmp_path: Path) -> None:
    secret = tmp_path / "diary.md"
    secret.write_text("# Diary\n\nThe quokkafish recipe needs saffron.")
    (tmp_path / "other.txt").write_text("Unrelated words about boats.")
    import_paths(vault, [secret, tmp_path / "other.txt"], embed=fake_embed, embed_model="fake")
    [(source_id, uri, _)] = resolve_sources(vault, str(secret))
    gone = forget(vault, source_id)
    assert gone.path == str(secret.resolve()) and gone.removed
    assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'quokkafish'")[0] == 0
    assert vault.query_one("SELECT count(*) FROM documents WHERE source_id = ?", (source_id,))[0] == 0
    assert [s.path for s in list_sources(vault)] == [str((tmp_path / "other.txt").resolve())]
    rows = [tuple(r) for r in vault.query("SELECT what, kind FROM forgotten")]
    assert rows == [(uri, "source")]
    assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'boats'")[0] == 1
    assert vault.check() == []


KILL_CHILD = """
import sys
import time
from vault import Vault
from vault.keys import Keychain
from keyring.backends import fail
from vault.sources import import_paths
vault = Vault.unlock(passphrase=sys.argv[2], keychain=Keychain(backend=fail.Keyring()))

def slow_embed(texts):
    time.sleep(0.001 * len(texts))  # some of the time a real model takes
    return [b"\\0" * 16 for _ in texts]

def committed(result):
    if result.status == "added":
        print("added", flush=True)

import_paths(vault, [sys.argv[1]], embed=slow_embed, embed_model="fake", on_result=committed)
print("done", flush=True)
"""

FILES = 120


def test_killed_mid_import_each_file_is_whole_or_absent(vault: Vault, tmp_path: Path) -> None:
    """SIGKILL a child importing a folder at random moments (after a random number of commits
    plus a random few milliseconds: mid-transaction, mid-embedding or between files)."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(FILES):
        paragraphs = [f"File {i} paragraph {p}: " + "words of filler text " * 30 for p in range(6)]
        (folder / f"f{i:03d}.md").write_text("\n\n".join(paragraphs))
    vault.lock()
    rng = random.Random(7)
    counts: list[int] = []
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    for _round in range(4):
        child = subprocess.Popen([sys.executable, "-c", KILL_CHILD, str(folder), PASSPHRASE],
                                 stdout=subprocess.PIPE, text=True, env=env)
        assert child.stdout is not None
        for _ in range(rng.randint(1, 20)):
            if child.stdout.readline().strip() != "added":
                break
        time.sleep(rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        with Vault.unlock(passphrase=PASSPHRASE, keychain=vault.keychain) as v:
            assert v.check() == []
            sources = list_sources(v)
            for source in sources:
                meta = json.loads(v.query_one("SELECT meta FROM sources WHERE id = ?", (source.id,))[0])
                assert source.chunks == meta["chunks"] > 0, source.path
            counts.append(len(sources))
    assert 0 < counts[0] < FILES and counts == sorted(counts), counts
    with Vault.unlock(passphrase=PASSPHRASE, keychain=vault.keychain) as v:
        report = import_paths(v, [folder], embed=fake_embed, embed_model="fake")
        assert report.count("skipped") == 0
        # Files finished before a kill are not imported twice.
        assert report.count("unchanged") == counts[-1]
        assert len(list_sources(v)) == FILES and v.check() == []


def test_small_files_are_embedded_together_but_stored_one_by_one(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(10):
        (folder / f"n{i}.txt").write_text(f"Short note number {i} about the lighthouse.")
    calls: list[int] = []

    def counting_embed(texts: list[str]) -> list[bytes]:
        calls.append(len(texts))
        return fake_embed(texts)

    order: list[str] = []
    report = import_paths(vault, [folder], embed=counting_embed, embed_model="fake",
                          on_result=lambda r: order.append(Path(r.path).name))
    assert calls == [10]  # one call to the model for all ten files
    assert order == [f"n{i}.txt" for i in range(10)] and report.count("added") == 10
    generations = sorted(r.generation for r in report.results)
    assert generations == list(range(generations[0], generations[0] + 10))  # ten transactions
    own = import_paths(vault, [tmp_path]).results
    assert {r.reason for r in own if "home" in Path(r.path).parts} == {
        "Hearth's own data folder is not imported"}


def test_embedding_later_sees_the_same_text_as_embedding_at_import(vault: Vault, tmp_path: Path) -> None:
    from vault.chunks import chunks_missing_embedding

    box = write_mbox(tmp_path / "inbox.mbox", MESSAGES)
    at_import: list[str] = []
    import_paths(vault, [box], embed=lambda texts: at_import.extend(texts) or fake_embed(texts),
                 embed_model="fake")
    later = [text for _id, text in chunks_missing_embedding(vault, model="another")]
    assert later == at_import and len(later) == 3
    # The location heads the passage; the title (the subject) does not, the text already holds it.
    assert later[0].startswith("2025-03-03 — Choir rehearsal\nFrom: Ana")
    assert later[0].endswith("Moves to the chapel.")
