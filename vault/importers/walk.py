"""Finding the files to import under the paths a person names.

Folders are walked recursively in a stable (sorted) order. Hidden entries
(dot-files, ``.git``) are passed over. Symlinks are never followed out of the
folder being imported: a link to a file inside the folder is imported once (by
its target), a link leaving it is reported and skipped, and linked folders are
not entered (which also rules out loops). A path named explicitly is the
person's own choice and is imported wherever it points.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Candidate:
    """A file to import (``path`` resolved), or one to report as skipped (``skip`` says why)."""

    path: Path
    shown: str
    skip: str = ""


def collect_files(paths: Iterable[Path]) -> list[Candidate]:
    seen: set[Path] = set()
    out: list[Candidate] = []
    for given in paths:
        for candidate in _walk_one(Path(given).expanduser()):
            if candidate.skip:
                out.append(candidate)
            elif candidate.path not in seen:
                seen.add(candidate.path)
                out.append(candidate)
    return out


def _walk_one(given: Path) -> Iterator[Candidate]:
    try:
        info = given.stat()
    except OSError as exc:
        yield Candidate(given, str(given), f"cannot read it ({exc.strerror or exc})")
        return
    if stat.S_ISREG(info.st_mode):
        yield Candidate(given.resolve(), str(given))
        return
    if not stat.S_ISDIR(info.st_mode):
        yield Candidate(given, str(given), "not a regular file")
        return
    root = given.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            shown = str(path)
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    yield Candidate(path, shown, "a link that leaves the folder (not followed)")
                    continue
                path = target
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                yield Candidate(path, shown, f"cannot read it ({exc.strerror or exc})")
                continue
            if stat.S_ISREG(mode):
                yield Candidate(path, shown)
