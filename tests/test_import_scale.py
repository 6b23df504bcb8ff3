"""Import at scale: a mailbox streams in batches, resumes after SIGKILL, and is searchable
before it is embedded; embeddings follow, pausable, and search uses whatever exists."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.mail_corpus import messages, write_mbox
from tests.conftest import PASSPHRASE, run_cli
from tests.retrieval_fixtures import embedder_fixture, vault_fixture  # noqa: F401 - fixtures
from vault import Vault
from vault.chunks import count_missing_embedding
from vault.sources import import_paths, list_sources

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import sys
from pathlib import Path
from vault import Keychain, Vault, streaming
from vault.sources import import_paths
from keyring.backends import fail
streaming.BATCH_DOCS = 200  # kill points well inside the mailbox
vault = Vault.unlock(passphrase=sys.argv[2], keychain=Keychain(backend=fail.Keyring()))
import_paths(vault, [sys.argv[1]], stream_bytes=0,
             on_commit=lambda r: print("commit", r.chunks, flush=True))
print("finished", flush=True)
"""

RSS_CHILD = """
import sys
from pathlib import Path
from vault import Keychain, Vault
from vault.sources import import_paths
from keyring.backends import fail
vault = Vault.create(sys.argv[2], home=Path(sys.argv[3]), keychain=Keychain(backend=fail.Keyring()),
                     kdf_log2_n=12)
report = import_paths(vault, [sys.argv[1]], stream_bytes=0)
assert report.results[0].status == "added", report.results[0]
print(int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) / 1024)
"""


def codes_found(v: Vault, n: int) -> list[int]:
    """How many documents hold each message's code word hx000000… (1 each when none is lost
    or stored twice)."""
    return [int(v.query_one("SELECT count(DISTINCT c.document_id) FROM chunks_fts f "
                            "JOIN chunks c ON c.id = f.rowid WHERE chunks_fts MATCH ?",
                            (f'"hx{i:06d}"',))[0]) for i in range(n)]


def kill_after(box: Path, commits: int, env: dict[str, str]) -> int:
    """Run a child importing ``box`` and SIGKILL it after ``commits`` batches (plus a few ms)."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(box), PASSPHRASE],
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    seen = 0
    while seen < commits:
        line = child.stdout.readline()
        if not line.startswith("commit"):
            break
        seen += 1
    time.sleep(random.Random(commits).uniform(0, 0.05))
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    return seen


def test_mailbox_killed_twice_resumes_with_nothing_lost_or_repeated(vault: Vault, tmp_path: Path) -> None:
    n = 1500
    box = tmp_path / "inbox.mbox"
    write_mbox(box, n)
    vault.lock()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for commits in (2, 3):
        assert kill_after(box, commits, env) == commits
        with Vault.unlock(passphrase=PASSPHRASE, keychain=vault.keychain) as v:
            assert v.check() == []
            stored = v.query_one("SELECT count(*) FROM documents")[0]
            progress = v.query_one("SELECT position, documents FROM import_progress")
            assert progress is not None and progress["documents"] == stored
            assert 200 <= stored < n
            # Until it is finished, the file is never taken for imported and unchanged.
            assert v.query_one("SELECT mtime FROM sources")[0] == -1
    with Vault.unlock(passphrase=PASSPHRASE, keychain=vault.keychain) as v:
        result = import_paths(v, [box], stream_bytes=1 << 40).results[0]  # resumes whatever the size
        assert result.status == "added", result
        assert v.query_one("SELECT count(*) FROM import_progress")[0] == 0
        assert v.query_one("SELECT count(*) FROM documents")[0] == n
        assert v.query_one("SELECT count(DISTINCT json_extract(meta, '$.message_id')) "
                           "FROM documents")[0] == n
        assert codes_found(v, n) == [1] * n
        assert import_paths(v, [box]).results[0].status == "unchanged"


def test_a_file_changed_under_an_unfinished_import_starts_over(vault: Vault, tmp_path: Path) -> None:
    box = tmp_path / "inbox.mbox"
    write_mbox(box, 600)
    vault.lock()
    kill_after(box, 1, dict(os.environ, PYTHONPATH=str(ROOT)))
    write_mbox(box, 500, seed=99)  # another mailbox under the same name
    with Vault.unlock(passphrase=PASSPHRASE, keychain=vault.keychain) as v:
        result = import_paths(v, [box], stream_bytes=0).results[0]
        assert result.status == "updated" and len(result.removed) == 0
        assert v.query_one("SELECT count(*) FROM documents")[0] == 500


def test_mail_appended_to_a_finished_mailbox_imports_only_the_new_messages(
        vault: Vault, tmp_path: Path) -> None:
    box = tmp_path / "inbox.mbox"
    all_messages = list(messages(450))
    box.write_bytes(b"".join(all_messages[:400]))
    assert import_paths(vault, [box], stream_bytes=0).results[0].status == "added"
    before = {r[0]: r[1] for r in vault.query("SELECT id, sha256 FROM documents")}
    with box.open("ab") as out:
        out.write(b"".join(all_messages[400:]))
    commits: list[Any] = []
    result = import_paths(vault, [box], stream_bytes=0, on_commit=commits.append).results[0]
    assert result.status == "updated" and result.chunks > 0
    assert sum(len(c.removed) for c in commits) == 0  # nothing of the old mail was touched
    after = {r[0]: r[1] for r in vault.query("SELECT id, sha256 FROM documents")}
    assert len(after) == 450 and all(after[i] == h for i, h in before.items())
    assert codes_found(vault, 450) == [1] * 450
    source = list_sources(vault)[0]
    assert source.size == box.stat().st_size and source.has_original  # under 20 MB: kept for export


def test_streamed_memory_does_not_grow_with_the_mailbox(tmp_path: Path) -> None:
    peaks = []
    for n in (300, 1800):
        box = tmp_path / f"box{n}.mbox"
        write_mbox(box, n)
        (tmp_path / f"home{n}").mkdir(mode=0o700)
        child = subprocess.run([sys.executable, "-c", RSS_CHILD, str(box), PASSPHRASE,
                                str(tmp_path / f"home{n}")], capture_output=True, text=True,
                               timeout=300, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert child.returncode == 0, child.stderr[-2000:]
        peaks.append(float(child.stdout.strip()))
        box.unlink()
    # Six times the messages (27 MB against 5 MB of mailbox); the page cache may fill a little.
    assert peaks[1] - peaks[0] < 40, peaks


def test_large_text_streams_in_pieces(vault: Vault, tmp_path: Path) -> None:
    big = tmp_path / "journal.txt"
    lines = [f"Day {i}: walked to the quarry, logged entry qz{i:05d}.\n" for i in range(120_000)]
    big.write_text("".join(lines))  # ~6 MB
    result = import_paths(vault, [big]).results[0]
    assert result.status == "added"
    assert vault.query_one("SELECT count(*) FROM documents")[0] >= 5  # a document per ~1 MB piece
    for i in (0, 55_555, 119_999):
        assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                               (f'"qz{i:05d}"',))[0] >= 1


def test_searchable_first_embedded_after_pausable_and_search_uses_what_exists(
        vault: Vault, tmp_path: Path, embedder: Any) -> None:
    from engine.search.embedding_worker import EmbeddingWorker
    from engine.search.retrieval import Retriever

    docs = tmp_path / "docs"
    docs.mkdir()
    for i, text in enumerate(["The boiler service is booked with Kowalski Heating.",
                              "Our cat Miso needs her vaccination in spring.",
                              "The allotment plot number is 47 near the east gate."]):
        (docs / f"d{i}.md").write_text(f"# Note {i}\n\n{text}")
    with Retriever.open(vault, embedder=embedder) as retriever:
        retriever.ingest([docs], embed_now=False)
        assert retriever.index.count() == 0
        assert count_missing_embedding(vault, model=embedder.model_id) == 3
        hits = retriever.search("Kowalski")
        assert hits and "Kowalski" in hits[0].text  # keyword search before any vector exists

        worker = EmbeddingWorker(retriever, batch=1)
        worker.hold("chat")
        worker.start()
        time.sleep(1.0)
        assert worker.progress().done == 0 and worker.progress().paused
        worker.release("chat")
        deadline = time.monotonic() + 60
        while count_missing_embedding(vault, model=embedder.model_id) and time.monotonic() < deadline:
            time.sleep(0.1)
        worker.stop()
        assert worker.progress().done == 3 and worker.progress().left == 0
        assert retriever.index.count() == 3
        # Now meaning finds it too: no word of the query is in the note.
        assert "Miso" in retriever.search("when is the pet due for a jab", limit=1)[0].text


def test_cli_add_reports_progress_in_plain_lines_and_embed_finishes(tmp_path: Path, home: Path) -> None:
    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    assert run_cli("vault", "init", env=env).returncode == 0
    box = tmp_path / "inbox.mbox"
    write_mbox(box, 300)  # ~4.6 MB: streamed
    added = run_cli("add", str(box), "--embed-seconds", "0", env=env, timeout=300)
    assert added.returncode == 0, added.stderr
    lines = [line for line in added.stderr.splitlines() if line.startswith("importing:")]
    assert lines and "\r" not in added.stderr
    assert "1/1 files" in lines[-1] and "passages" in lines[-1]
    assert "The text is searchable now" in added.stdout and "hearth embed" in added.stdout
    found = run_cli("search", "hx000123", "--json", env=env, timeout=120)
    assert found.returncode == 0 and "hx000123" in json.loads(found.stdout)[0]["text"]
    assert run_cli("forget", str(box), env=env).returncode == 0
    (tmp_path / "note.md").write_text("# Shed\n\nThe shed key hangs behind the blue door.")
    assert run_cli("add", str(tmp_path / "note.md"), "--embed-seconds", "0", env=env).returncode == 0
    embedded = run_cli("embed", env=env, timeout=300)
    assert embedded.returncode == 0 and "Embedded 1 passage(s)" in embedded.stdout
    again = run_cli("embed", env=env, timeout=300)
    assert "Every passage has its embedding" in again.stdout
