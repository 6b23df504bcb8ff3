"""Small file-system helpers: atomic private writes, JSON files kept whole, ENOSPC translation.

:func:`read_json` and :func:`write_json` are for the small lists Hearth keeps beside the
vault, readable before it is unlocked (``models.json``, ``remotes.json``, ``desktop.json``):
a write replaces the file atomically with mode 0600, and a damaged file raises
:class:`~vault.errors.FileCorrupt` instead of reading as empty, so that the next write cannot
silently drop what it held.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vault.errors import DiskFull, FileCorrupt, VaultError


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (mode 0600) so that a crash leaves old or new, never half."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise translate_os_error(exc, f"cannot write {path.name}") from exc


def read_json(path: Path, *, what: str) -> dict[str, Any]:
    """The JSON object kept in ``path``, or ``{}`` when there is no such file yet.

    ``what`` names the file for people ("the model list"). Raises FileCorrupt when the file
    holds anything but a JSON object, VaultError when it cannot be read at all.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise VaultError(f"cannot read {what} ({path}): {exc.strerror or exc}") from None
    try:
        value = json.loads(raw.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError both are
        raise FileCorrupt(f"{what} ({path}) is damaged: not JSON ({exc}). Fix it or move it "
                          "aside; Hearth will not write over it") from None
    if not isinstance(value, dict):
        raise FileCorrupt(f"{what} ({path}) is damaged: it holds a JSON {type(value).__name__}, "
                          "not an object. Fix it or move it aside; Hearth will not write over it")
    return value


def write_json(path: Path, value: Mapping[str, Any]) -> None:
    """Replace ``path`` with ``value`` as indented JSON: all or nothing, mode 0600.

    The folder is created (0700) when missing. Raises DiskFull or VaultError.
    """
    data = (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise translate_os_error(exc, f"cannot create {path.parent}") from None
    atomic_write(path, data)


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def translate_os_error(exc: OSError, what: str) -> VaultError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"{what}: the disk is full; nothing was changed")
    return VaultError(f"{what}: {exc.strerror or exc}")
