"""A private Secret Service (gnome-keyring on its own D-Bus session) for tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def private_secret_service(base: Path) -> Iterator[dict[str, str]]:
    """Yields an environment whose D-Bus session has an unlocked Secret Service."""
    for tool in ("dbus-daemon", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is missing: scripts/ensure-system-packages test installs it")
    env = dict(os.environ, HOME=str(base), XDG_DATA_HOME=str(base / "data"),
               XDG_RUNTIME_DIR=str(base / "run"), XDG_CONFIG_HOME=str(base / "config"))
    for key in ("XDG_DATA_HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME"):
        Path(env[key]).mkdir(mode=0o700, parents=True, exist_ok=True)
    out = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1",
                          "--print-pid=1"], capture_output=True, text=True, env=env, check=True)
    address, pid = out.stdout.split("\n")[:2]
    env["DBUS_SESSION_BUS_ADDRESS"] = address.strip()
    started = subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets"], input="test-login\n",
        capture_output=True, text=True, env=env, timeout=30)
    for line in started.stdout.splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.SecretService.Keyring"
    try:
        yield env
    finally:
        keyring_pid = env.get("GNOME_KEYRING_PID", "")
        for p in (keyring_pid, pid):
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.kill(int(p), signal.SIGTERM)
