"""A large file parsed in a second process while this one stores (vault.importers.worker): the
same documents as parsed in-process, the same refusals in the same words, the child ends with
the import (finished, cancelled, or this process killed), and a mailbox killed mid-write still
loses nothing and stores nothing twice."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bench.mail_corpus import write_mbox
from tests.conftest import PASSPHRASE
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from tests.test_import_scale import codes_found
from tests.wild_support import wild
from vault import Vault, streaming
from vault.importers import UnreadableFile
from vault.importers.base import ParsedDocument
from vault.importers.mail import MboxImporter
from vault.importers.text import TextImporter
from vault.importers.worker import can_run_beside, documents_beside
from vault.sources import import_paths

ROOT = Path(__file__).resolve().parents[1]

KILLED_CHILD = """
import sys
from vault import Keychain, Vault, streaming
from vault.sources import import_paths
from keyring.backends import fail
streaming.BESIDE_BYTES = 0  # parse beside whatever the size
streaming.BATCH_DOCS = 200  # kill points well inside the mailbox
vault = Vault.unlock(passphrase=sys.argv[2], keychain=Keychain(backend=fail.Keyring()))
import_paths(vault, [sys.argv[1]], stream_bytes=0,
             on_commit=lambda r: print("commit", r.chunks, flush=True))
print("finished", flush=True)
"""


def workers_of(parent: int) -> list[int]:
    """Pids of the parsing children (``python -m vault.importers.worker``) of process ``parent``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            status = dict(line.split(":\t", 1) for line in (entry / "status").read_text().splitlines()
                          if ":\t" in line)
        except OSError:
            continue
        if b"vault.importers.worker" in cmdline and int(status["PPid"]) == parent:
            pids.append(int(entry.name))
    return pids


def alive(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running (not ended, not a zombie waiting to be reaped)."""
    running = []
    for pid in pids:
        try:
            state = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                         if line.startswith("State:"))
        except (OSError, StopIteration):
            continue
        if "zombie" not in state:
            running.append(pid)
    return running


def wait_until_gone(pids: list[int], seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := alive(pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def same_documents(beside: list[tuple[int, ParsedDocument | None]],
                   here: list[tuple[int, ParsedDocument | None]]) -> None:
    assert [end for end, _ in beside] == [end for end, _ in here]
    assert [doc for _, doc in beside] == [doc for _, doc in here]
    # The hash came over from the child: it must be the one worked out here from the same text.
    assert [doc.sha256 for _, doc in beside if doc] == [doc.sha256 for _, doc in here if doc]


def test_a_mailbox_parsed_beside_gives_the_documents_parsed_here(tmp_path: Path) -> None:
    box = tmp_path / "inbox.mbox"
    write_mbox(box, 400)  # real English; a third of the messages carry an attachment
    here = list(MboxImporter().stream(box, start=0))
    assert len(here) == 400
    same_documents(list(documents_beside(MboxImporter(), box, start=0)), here)
    middle = here[150][0]  # resuming from an offset the import recorded
    same_documents(list(documents_beside(MboxImporter(), box, start=middle)),
                   list(MboxImporter().stream(box, start=middle)))


def test_real_mailboxes_and_a_large_text_read_the_same_beside() -> None:
    folder = wild()
    boxes = sorted((folder / "mbox").glob("*.mbox"))
    assert len(boxes) >= 8
    for box in boxes:
        try:
            here = list(MboxImporter().stream(box, start=0))
        except UnreadableFile as exc:
            with pytest.raises(UnreadableFile) as beside:
                list(documents_beside(MboxImporter(), box, start=0))
            assert str(beside.value) == str(exc)
            continue
        same_documents(list(documents_beside(MboxImporter(), box, start=0)), here)
    texts = sorted((folder / "txt").glob("*"), key=lambda p: -p.stat().st_size)[:3]
    for text in texts:
        same_documents(list(documents_beside(TextImporter(), text, start=0)),
                       list(TextImporter().stream(text, start=0)))


def test_a_refusal_in_the_child_is_the_same_refusal_in_the_same_words(tmp_path: Path) -> None:
    fake = tmp_path / "letters.mbox"
    fake.write_text("Dear Ana,\nthis is a letter, not a mailbox.\n")
    with pytest.raises(UnreadableFile) as here:
        list(MboxImporter().stream(fake, start=0))
    with pytest.raises(UnreadableFile) as beside:
        list(documents_beside(MboxImporter(), fake, start=0))
    assert str(beside.value) == str(here.value) == (
        "letters.mbox is not an mbox mailbox (it does not begin with a 'From ' envelope line)")
    assert workers_of(os.getpid()) == []  # ended and reaped


def test_the_child_ends_when_the_reading_stops(tmp_path: Path) -> None:
    box = tmp_path / "inbox.mbox"
    write_mbox(box, 3000)  # more than the pipe holds: the child is still writing
    pieces = documents_beside(MboxImporter(), box, start=0)
    next(pieces)
    time.sleep(0.3)
    workers = workers_of(os.getpid())
    assert len(alive(workers)) == 1
    # What to read went over its stdin: the mailbox's path is not on its command line.
    assert str(box).encode() not in Path(f"/proc/{workers[0]}/cmdline").read_bytes()
    pieces.close()
    assert wait_until_gone(workers) == [] and workers_of(os.getpid()) == []


def test_a_cancelled_import_stops_the_child_and_goes_on_later(vault: Vault, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "BESIDE_BYTES", 0)
    box = tmp_path / "inbox.mbox"
    write_mbox(box, 1500)
    cancel = threading.Event()
    seen: list[int] = []

    def first_batch(_: object) -> None:
        seen.extend(workers_of(os.getpid()))
        cancel.set()

    result = import_paths(vault, [box], stream_bytes=0, cancel=cancel, on_commit=first_batch).results[0]
    assert result.status == "partial" and "add it again" in result.reason
    assert len(seen) == 1  # it was parsed beside
    assert wait_until_gone(seen) == [] and workers_of(os.getpid()) == []
    again = import_paths(vault, [box], stream_bytes=0).results[0]
    assert again.status == "added", again
    assert codes_found(vault, 1500) == [1] * 1500


def test_a_mailbox_killed_while_parsed_beside_loses_nothing(vault: Vault, tmp_path: Path) -> None:
    n = 1500
    box = tmp_path / "inbox.mbox"
    write_mbox(box, n)
    vault.lock()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for commits in (2, 3):
        child = subprocess.Popen([sys.executable, "-c", KILLED_CHILD, str(box), PASSPHRASE],
                                 stdout=subprocess.PIPE, text=True, env=env)
        assert child.stdout is not None
        seen = sum(1 for _ in range(commits) if child.stdout.readline().startswith("commit"))
        assert seen == commits
        workers = workers_of(child.pid)
        assert len(alive(workers)) == 1  # the parsing child is there, mid-file
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        assert wait_until_gone(workers) == [], "the parsing child outlived the import it served"
        with Vault.unlock(passphrase=PASSPHRASE, keychain=vault.keychain) as v:
            assert v.check() == []
            stored = v.query_one("SELECT count(*) FROM documents")[0]
            assert v.query_one("SELECT documents FROM import_progress")[0] == stored
            assert 200 * commits <= stored < n
    with Vault.unlock(passphrase=PASSPHRASE, keychain=vault.keychain) as v:
        streaming.BESIDE_BYTES, before = 0, streaming.BESIDE_BYTES
        try:
            result = import_paths(v, [box], stream_bytes=0).results[0]
        finally:
            streaming.BESIDE_BYTES = before
        assert result.status == "added", result
        assert v.query_one("SELECT count(*) FROM documents")[0] == n
        assert codes_found(v, n) == [1] * n


def test_a_parsing_child_that_dies_leaves_a_partial_import_that_goes_on(
        vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "BESIDE_BYTES", 0)
    box = tmp_path / "inbox.mbox"
    write_mbox(box, 2500)
    killed: list[int] = []

    def kill_the_child(_: object) -> None:
        if not killed:
            killed.extend(workers_of(os.getpid()))
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    result = import_paths(vault, [box], stream_bytes=0, on_commit=kill_the_child).results[0]
    assert len(killed) == 1
    assert result.status == "partial", result
    assert result.reason == (f"reading stopped (the process reading {box.name} stopped); "
                             "add it again to go on")
    stored = vault.query_one("SELECT count(*) FROM documents")[0]
    assert 0 < stored < 2500 and vault.check() == []
    again = import_paths(vault, [box], stream_bytes=0).results[0]
    assert again.status == "added", again
    assert codes_found(vault, 2500) == [1] * 2500


def test_where_no_child_can_parse_the_file_is_parsed_here(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    box = tmp_path / "inbox.mbox"
    write_mbox(box, 120)
    here = list(MboxImporter().stream(box, start=0))
    # An interpreter that ends at once without a word, and one that is not there at all.
    for executable in (shutil.which("false"), str(tmp_path / "no-such-python")):
        monkeypatch.setattr(sys, "executable", executable)
        same_documents(list(documents_beside(MboxImporter(), box, start=0)), here)
    # In a frozen bundle the executable is Hearth itself: nothing is started beside.
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert not can_run_beside(MboxImporter())


def test_a_vault_folder_where_hearth_runs_is_not_imported_as_code(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m`` puts the current folder first on the path: a person's folder named "vault"
    there must not be run in place of Hearth's own package."""
    box = tmp_path / "inbox.mbox"
    write_mbox(box, 50)
    here = tmp_path / "notes"
    (here / "vault").mkdir(parents=True)
    marker = tmp_path / "ran"
    (here / "vault" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.chdir(here)
    seen: list[int] = []
    pieces = documents_beside(MboxImporter(), box, start=0)
    first = next(pieces)
    seen.extend(workers_of(os.getpid()))  # really parsed beside, not handed back to this process
    same_documents([first, *pieces], list(MboxImporter().stream(box, start=0)))
    assert len(seen) == 1 and not marker.exists()
