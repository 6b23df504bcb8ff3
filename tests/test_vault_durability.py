"""The vault under stress: killed writers, a full disk, and nothing readable on disk."""

from __future__ import annotations

import json
import os
import random
import secrets
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.canary import files_containing
from tests.conftest import PASSPHRASE, TEST_KDF, run_cli
from vault import Keychain, Vault
from vault.notes import list_notes

WRITER = textwrap.dedent("""
    import hashlib, sys, time
    from keyring.backends import fail
    from vault import Keychain, Vault
    home, start = sys.argv[1], int(sys.argv[2])
    v = Vault.unlock(home=__import__('pathlib').Path(home), passphrase=sys.argv[3],
                     keychain=Keychain(backend=fail.Keyring()))
    print("ready", flush=True)
    i = start
    while True:
        body = f"note {i} " + hashlib.sha256(str(i).encode()).hexdigest() * 40
        with v.transaction() as conn:
            now = time.time()
            conn.execute("INSERT INTO notes(body, created_at, updated_at) VALUES (?, ?, ?)",
                         (body, now, now))
            conn.execute("INSERT INTO settings(key, value) VALUES (?, ?)", (f"n{i}", str(i)))
        i += 1
""")


def test_killed_writer_leaves_a_sound_vault(home: Path, no_keychain: Keychain) -> None:
    import hashlib

    Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF).lock()
    rng = random.Random(1234)
    start = 0
    rounds = 24
    for _ in range(rounds):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(home), str(start), PASSPHRASE],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait()
        with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
            assert v.check() == []
            notes = {int(n.body.split()[1]): n.body for n in list_notes(v, limit=10**6)}
            keys = {int(r[0][1:]) for r in v.query("SELECT key FROM settings WHERE key LIKE 'n%'")}
        # Each transaction wrote a note and a setting: both are there or neither is.
        assert set(notes) == keys
        for i, body in notes.items():
            assert body == f"note {i} " + hashlib.sha256(str(i).encode()).hexdigest() * 40
        start = max(notes, default=-1) + 1
    assert start > rounds, "the writer never got to write"


DISK_FULL = textwrap.dedent("""
    import json, os, subprocess, sys
    from pathlib import Path
    from keyring.backends import fail
    mnt = Path(sys.argv[1])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], check=True)
    from vault import Keychain, Vault, DiskFull
    from vault.notes import add_note, list_notes
    kc = Keychain(backend=fail.Keyring())
    v = Vault.create(sys.argv[2], home=mnt, keychain=kc, kdf_log2_n=12)
    written, error = 0, None
    try:
        while True:
            add_note(v, os.urandom(3000).hex())
            written += 1
    except DiskFull as exc:
        error = str(exc)
    except Exception as exc:
        error = "RAW " + type(exc).__name__ + ": " + str(exc)
    v.lock()
    # Free some room as a user would, then reopen and check.
    with Vault.unlock(home=mnt, passphrase=sys.argv[2], keychain=kc) as v2:
        problems = v2.check()
        count = len(list_notes(v2, limit=10**6))
    print(json.dumps({"written": written, "error": error, "problems": problems, "count": count}))
""")


def test_disk_full_is_a_clear_error_and_loses_nothing(tmp_path: Path) -> None:
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    cmd = [sys.executable, "-c", DISK_FULL, str(mnt), PASSPHRASE]
    # A private mount namespace: the tiny tmpfs exists only for the child.
    prefix = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "--mount", "--map-root-user"]
    out = subprocess.run(prefix + cmd, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["error"] and "disk is full" in result["error"], result
    assert result["written"] > 10
    assert result["problems"] == []
    assert result["count"] == result["written"]


def test_cli_leaves_no_canary_on_disk(home: Path, tmp_path: Path) -> None:
    canary = "canary-" + secrets.token_hex(12)
    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    assert run_cli("vault", "init", env=env).returncode == 0
    for i in range(30):
        out = run_cli("note", f"secret {i} {canary} and some more words", env=env)
        assert out.returncode == 0, out.stderr
    found = run_cli("search", canary, "--json", env=env)
    assert found.returncode == 0 and canary in found.stdout
    listed = run_cli("notes", env=env)
    assert canary in listed.stdout
    scratch = Path(os.environ["TMPDIR"])
    roots = [home, scratch, Path(os.environ["HEARTH_RUNTIME_DIR"])]
    assert files_containing(roots, canary) == []
    # /tmp and /var/tmp, for files made during this test by anything that ignored TMPDIR.
    started = time.time() - 120
    for shared in (Path("/tmp"), Path("/var/tmp")):
        recent = [p for p in shared.glob("*") if p.is_file() and p.stat().st_mtime >= started]
        assert files_containing(recent, canary) == []


@pytest.mark.parametrize("how", ["env", "stdin"])
def test_cli_vault_flow(home: Path, tmp_path: Path, how: str) -> None:
    def run(*args: str, secret: str = PASSPHRASE, **kw: str) -> subprocess.CompletedProcess[str]:
        if how == "env":
            return run_cli(*args, env={"HEARTH_PASSPHRASE": secret, **kw})
        return run_cli("--passphrase-stdin", *args, input=secret + "\n", env=kw)

    assert run("vault", "status").stdout.count("none yet") == 1
    out = run("vault", "init")
    assert out.returncode == 0 and "Created the vault" in out.stdout
    again = run("vault", "init")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr
    assert run("note", "buy", "apples").returncode == 0
    wrong = run("notes", secret="nope nope")
    assert wrong.returncode == 1 and wrong.stderr.strip() == "hearth: wrong passphrase"
    assert run("vault", "check").stdout.strip() == "The vault is sound."
    backup = tmp_path / "v.backup"
    assert run("vault", "backup", str(backup)).returncode == 0
    assert run("note", "pears").returncode == 0
    assert run("vault", "restore", str(backup)).returncode == 0
    data = json.loads(run("notes", "--json").stdout)
    assert [n["body"] for n in data] == ["buy apples"]
    status = run("vault", "status", "--json")
    assert json.loads(status.stdout)["exists"] is True


def test_cli_passwd_and_no_passphrase(home: Path) -> None:
    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    assert run_cli("vault", "init", env=env).returncode == 0
    out = run_cli("vault", "passwd", env={**env, "HEARTH_NEW_PASSPHRASE": "another passphrase"})
    assert out.returncode == 0, out.stderr
    assert run_cli("notes", env=env).returncode == 1
    assert run_cli("notes", env={"HEARTH_PASSPHRASE": "another passphrase"}).returncode == 0
    # No passphrase at all, no terminal: one clear line, no traceback.
    bare = run_cli("notes", input="")
    assert bare.returncode == 2 and "passphrase is needed" in bare.stderr
    assert "Traceback" not in bare.stderr


def test_cli_keychain_unlock(home: Path, secret_service_env: dict[str, str]) -> None:
    env = dict(secret_service_env, HEARTH_PASSPHRASE=PASSPHRASE)
    for key in ("HEARTH_HOME", "HEARTH_RUNTIME_DIR", "TMPDIR"):
        env[key] = os.environ[key]
    assert run_cli("vault", "init", "--remember", env=env).returncode == 0
    del env["HEARTH_PASSPHRASE"]
    out = run_cli("note", "no passphrase needed", env=env)
    assert out.returncode == 0, out.stderr
    status = json.loads(run_cli("vault", "status", "--json", env=env).stdout)
    assert status["remembered"] is True and status["unlocked"] is True
