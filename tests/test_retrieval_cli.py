"""The CLI end to end (`add`, `sources`, `search`, `forget`, `export`), and canary scans: no chunk text
or metadata readable on disk after import, after exit, or after a kill."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from tests.canary import files_containing
from tests.conftest import PASSPHRASE, run_cli
from tests.retrieval_fixtures import vault_fixture, write_mbox  # noqa: F401 - fixture
from vault import Vault

ENV = {"HEARTH_PASSPHRASE": PASSPHRASE}


def scan_roots() -> list[Path]:
    """Everywhere Hearth may write: data dir, RAM dir, temp dir, and SQLite's fallback temp dir."""
    return [Path(os.environ["HEARTH_HOME"]), Path(os.environ["HEARTH_RUNTIME_DIR"]),
            Path(os.environ["TMPDIR"]), Path("/var/tmp")]


def make_docs(folder: Path, canary: str) -> dict[str, str]:
    """Files whose text, title, heading and e-mail subject each carry a distinct canary."""
    marks = {k: f"{canary}{k}" for k in ("text", "title", "heading", "subject", "event")}
    folder.mkdir()
    (folder / "notes.md").write_text(f"# {marks['title']}\n\nIntro.\n\n## {marks['heading']}\n\n"
                                     f"The harbour key code is {marks['text']} for the boathouse.")
    write_mbox(folder / "mail.mbox", [("Ana <ana@example.org>", f"About {marks['subject']}",
                                       "Mon, 03 Mar 2025 18:00:00 +0000", "Rehearsal moves to the chapel.")])
    (folder / "cal.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\n"
        f"DTSTART:20250411T100000\r\nSUMMARY:Meet {marks['event']}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    return marks


def assert_nothing_readable(marks: dict[str, str], docs: Path) -> None:
    assert files_containing([docs], marks["text"])  # the scan does find what is there
    for what, mark in marks.items():
        hits = [h for h in files_containing(scan_roots(), mark) if not h.startswith(str(docs))]
        assert hits == [], f"the {what} canary is readable in {hits}"


def test_cli_add_search_sources_forget_export(vault: Vault, tmp_path: Path) -> None:
    vault.lock()
    canary = "zq" + secrets.token_hex(6)
    docs = tmp_path / "docs"
    marks = make_docs(docs, canary)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")

    added = run_cli("add", str(docs), env=ENV)
    assert added.returncode == 0, added.stderr
    assert "Imported 3 new" in added.stdout and "1 skipped" in added.stdout
    assert "skipped" in added.stderr and "broken.pdf" in added.stderr
    assert_nothing_readable(marks, docs)

    again = run_cli("add", str(docs), "--json", env=ENV)
    assert {r["status"] for r in json.loads(again.stdout)} == {"unchanged", "skipped"}

    found = run_cli("search", "harbour boathouse key code", "--json", env=ENV)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits[0]["path"].endswith("notes.md") and marks["text"] in hits[0]["text"]
    assert hits[0]["title"] == marks["title"] and hits[0]["location"].endswith(marks["heading"])

    listed = json.loads(run_cli("sources", "--json", env=ENV).stdout)
    assert sorted(s["kind"] for s in listed) == ["calendar", "markdown", "mbox"]
    assert all(s["chunks"] >= 1 and s["size"] > 0 and s["original_kept"] for s in listed)
    mbox_id = next(s["id"] for s in listed if s["kind"] == "mbox")

    forgot = run_cli("forget", str(mbox_id), env=ENV)
    assert forgot.returncode == 0 and "Forgot" in forgot.stdout
    missing = run_cli("forget", "/nowhere/at/all.md", env=ENV)
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1
    assert "no imported source" in missing.stderr

    out = tmp_path / "export"
    exported = run_cli("export", str(out), env=ENV)
    assert exported.returncode == 0, exported.stderr
    index = json.loads((out / "sources.json").read_text())
    assert len(index) == 2
    md = next(e for e in index if e["kind"] == "markdown")
    assert (out / md["original"]).read_bytes() == (docs / "notes.md").read_bytes()
    assert marks["text"] in (out / md["text"]).read_text()
    forgotten = json.loads((out / "forgotten.json").read_text())
    assert [f["what"] for f in forgotten] == [str((docs / "mail.mbox").resolve())]
    assert_nothing_readable(marks, docs)


KILL_CHILD = """
import sys, time
from vault import Vault
from vault.keys import Keychain
from keyring.backends import fail
from engine.search.retrieval import Retriever
vault = Vault.unlock(passphrase=sys.argv[2], keychain=Keychain(backend=fail.Keyring()))
retriever = Retriever.open(vault)
retriever.ingest([sys.argv[1]])
print("ready", flush=True)
time.sleep(120)
"""


def test_killed_with_an_open_index_leaves_nothing_readable(vault: Vault, tmp_path: Path) -> None:
    vault.lock()
    canary = "zq" + secrets.token_hex(6)
    docs = tmp_path / "docs"
    marks = make_docs(docs, canary)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    child = subprocess.Popen([sys.executable, "-c", KILL_CHILD, str(docs), PASSPHRASE],
                             stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        runtime = Path(os.environ["HEARTH_RUNTIME_DIR"])
        assert list(runtime.glob(f"index-{child.pid}-*"))
        assert_nothing_readable(marks, docs)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert_nothing_readable(marks, docs)
    # The next start wipes the dead process's working copy and still finds everything.
    found = run_cli("search", "harbour boathouse key", "--json", env=ENV)
    assert found.returncode == 0, found.stderr
    assert marks["text"] in json.loads(found.stdout)[0]["text"]
    assert not list(runtime.glob(f"index-{child.pid}-*"))
    with Vault.unlock(passphrase=PASSPHRASE, keychain=vault.keychain) as v:
        assert v.check() == []
