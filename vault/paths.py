"""Where Hearth keeps its files.

``HEARTH_HOME`` overrides the platform default data directory. The runtime
directory holds sockets and RAM-only working copies: ``XDG_RUNTIME_DIR`` when
the session has one, else a per-user folder under ``/dev/shm`` (a tmpfs), else
the data directory itself.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "Hearth"
VAULT_FILE = "vault.db"
KEYSLOT_FILE = "keyslot.json"


def data_dir() -> Path:
    """The data directory, created 0700 if missing."""
    env = os.environ.get("HEARTH_HOME")
    path = Path(env).expanduser() if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return ensure_private_dir(path)


def runtime_dir() -> Path:
    """A private (0700) per-user runtime directory, on a RAM filesystem when possible."""
    explicit = os.environ.get("HEARTH_RUNTIME_DIR")
    if explicit:
        return ensure_private_dir(Path(explicit))
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    if xdg and Path(xdg).is_dir():
        base = Path(xdg) / "hearth"
    elif Path("/dev/shm").is_dir():
        base = Path("/dev/shm") / f"hearth-{uid}"
    else:
        base = data_dir() / "run"
    # Several Hearth homes (tests, a second profile) must not share one runtime dir.
    home_tag = hashlib.sha256(str(data_dir().resolve()).encode()).hexdigest()[:12]
    ensure_private_dir(base)
    return ensure_private_dir(base / home_tag)


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if hasattr(os, "getuid") and path.stat().st_uid == os.getuid():
        os.chmod(path, 0o700)
    return path
