"""Where Hearth keeps its files.

``HEARTH_HOME`` overrides the platform default data directory. The runtime
directory holds sockets and RAM-only working copies: ``HEARTH_RUNTIME_DIR``
when set, else ``XDG_RUNTIME_DIR`` when the session has one, else a per-user
folder under ``/dev/shm`` (a tmpfs), else ``run/`` in the data directory.

Another account on the same machine can create ``/dev/shm/hearth-<uid>``
before we do (or plant a symbolic link there) and wait for our sockets. So a
runtime folder is used only when :func:`private_dir` accepts it: a real folder
(not a link), owned by this user (the effective uid), that nobody else can
write to; a folder of ours that others can only read is tightened to 0700. An
unsafe candidate is skipped for the next one, the same order in every process
(the app and ``hearth mcp`` find each other); ``HEARTH_RUNTIME_DIR`` names one
folder on purpose, so an unsafe one is refused (:class:`~vault.errors.UnsafeFolder`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from pathlib import Path

import platformdirs

from vault.errors import UnsafeFolder

APP_NAME = "Hearth"
VAULT_FILE = "vault.db"
KEYSLOT_FILE = "keyslot.json"
#: The tmpfs for a per-user runtime folder when the session has no XDG_RUNTIME_DIR.
SHM = Path("/dev/shm")

log = logging.getLogger(__name__)


def data_dir() -> Path:
    """The data directory, created 0700 if missing."""
    env = os.environ.get("HEARTH_HOME")
    path = Path(env).expanduser() if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return ensure_private_dir(path)


def runtime_dir() -> Path:
    """A private (0700) per-user runtime directory, on a RAM filesystem when possible."""
    explicit = os.environ.get("HEARTH_RUNTIME_DIR")
    if explicit:
        return private_dir(Path(explicit))
    # Several Hearth homes (tests, a second profile) must not share one runtime dir.
    home_tag = hashlib.sha256(str(data_dir().resolve()).encode()).hexdigest()[:12]
    refused = []
    for base in _runtime_bases():
        try:
            return private_dir(private_dir(base) / home_tag)
        except UnsafeFolder as exc:
            log.warning("%s; trying the next place", exc)
            refused.append(str(exc))
    raise UnsafeFolder("no safe runtime folder: " + "; ".join(refused))


def _runtime_bases() -> list[Path]:
    """Candidates for the per-user runtime folder, most private first; the last always exists."""
    out = []
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and is_private_dir(Path(xdg), others_may_read=True):
        out.append(Path(xdg) / "hearth")
    if SHM.is_dir():
        out.append(SHM / f"hearth-{_euid()}")
    out.append(data_dir() / "run")
    return out


def _euid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 0


def _why_unsafe(path: Path, *, others_may_read: bool = False) -> str | None:
    """Why ``path`` is not a private folder of this user's (None when it is one)."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return f"it cannot be checked ({exc.strerror or exc})"
    if stat.S_ISLNK(st.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISDIR(st.st_mode):
        return "it is not a folder"
    if not hasattr(os, "geteuid"):
        return None  # Windows: the folder's ACL, not a mode, says who may use it
    if st.st_uid != _euid():
        return f"it belongs to another account (uid {st.st_uid})"
    if st.st_mode & (0o022 if others_may_read else 0o077):
        return f"other accounts can use it (mode {stat.S_IMODE(st.st_mode):o})"
    return None


def is_private_dir(path: Path, *, others_may_read: bool = False) -> bool:
    """True for a real folder (no link) of this user's that no other account can write to
    (nor read, unless ``others_may_read``)."""
    return _why_unsafe(path, others_may_read=others_may_read) is None


def private_dir(path: Path) -> Path:
    """``path`` as a private folder: created 0700 if missing, and checked after (not a link,
    ours, nobody else may write). An existing folder of ours that others may only read is
    tightened to 0700; anything else raises :class:`UnsafeFolder`."""
    try:
        path.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        pass
    except OSError as exc:
        raise UnsafeFolder(f"cannot create the folder {path}: {exc.strerror or exc}") from exc
    why = _why_unsafe(path, others_may_read=True)
    if why is None and not is_private_dir(path):
        try:
            os.chmod(path, 0o700)  # not a link: checked just above, in a folder others cannot write
        except OSError as exc:
            raise UnsafeFolder(f"cannot make {path} private: {exc.strerror or exc}") from exc
        why = _why_unsafe(path)
    if why is not None:
        raise UnsafeFolder(f"refusing the folder {path}: {why}")
    return path


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if hasattr(os, "getuid") and path.stat().st_uid == os.getuid():
        os.chmod(path, 0o700)
    return path
