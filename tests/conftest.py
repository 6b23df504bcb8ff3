"""Shared fixtures: every test gets its own Hearth home, runtime dir and temp dir.

Keychains are injected, never patched: ``no_keychain`` is keyring's own
``fail`` backend (what a headless Linux box has); ``secret_service`` is a real
gnome-keyring Secret Service on a private D-Bus session started for the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
# Processes the tests start see no keychain unless a test hands them one.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from vault import Keychain

#: Low scrypt cost for test vaults: the KDF is measured in bench/, not re-run 100 times here.
TEST_KDF = 12
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def hearth_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    run = tmp_path / "run"
    scratch = tmp_path / "tmp"
    for d in (home, run, scratch):
        d.mkdir(mode=0o700)
    monkeypatch.setenv("HEARTH_HOME", str(home))
    monkeypatch.setenv("HEARTH_RUNTIME_DIR", str(run))
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.delenv("HEARTH_PASSPHRASE", raising=False)
    return home


@pytest.fixture
def home(hearth_env: Path) -> Path:
    return hearth_env


@pytest.fixture
def no_keychain() -> Keychain:
    from keyring.backends import fail

    return Keychain(backend=fail.Keyring())


@pytest.fixture(scope="session")
def secret_service_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A private D-Bus session with an unlocked gnome-keyring Secret Service."""
    from tests.secret_service import private_secret_service

    with private_secret_service(tmp_path_factory.mktemp("keyring")) as env:
        yield env


@pytest.fixture
def secret_service(secret_service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Keychain:
    """A Keychain on the real Secret Service (its D-Bus address set for this test)."""
    from keyring.backends import SecretService

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", secret_service_env["DBUS_SESSION_BUS_ADDRESS"])
    keychain = Keychain(backend=SecretService.Keyring())
    assert keychain.available(), "the Secret Service did not come up"
    return keychain


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real `hearth` CLI in a child process."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=full_env, input=input, timeout=timeout)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Timing-sensitive GUI checks run first, in a process like a freshly started app.

    Later in the session the test process carries hundreds of earlier tests' threads and
    objects, which a real Hearth process never has; measured there, a latency check
    would measure the test suite, not Hearth.
    """
    items.sort(key=lambda item: 0 if item.get_closest_marker("responsiveness") else 1)
