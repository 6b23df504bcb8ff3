"""Parsing a large file in a second process while this one stores what it read.

Contract: :func:`documents_beside` yields exactly what ``importer.stream(path, start=start)``
yields (the offset just past each piece, and its document or None), but the parsing runs in a
child process (``python -m vault.importers.worker``), so that on a computer with two cores the
next messages are parsed while the last ones are stored.

* The child is told what to read on its stdin (not on its command line, which other accounts
  can list), reads the file itself and hands the documents over a pipe, never through a file
  on disk. The pipe is the queue between the two: a child that runs ahead blocks on it, so
  memory stays near a batch of documents on each side whatever the file's size.
* :class:`~vault.importers.base.ImportRefused` raised in the child is raised here as the same
  class with the same words, an ``OSError`` as an ``OSError``; a child that ends without a
  word (killed, out of memory) is an ``OSError`` too, so the import stops as "partial" and
  goes on from where it stopped when the file is added again.
* Closing the generator (the import finished, was cancelled or failed) ends the child. When
  this process is killed, the child's next write fails and it ends too.
* Only importers the child can make for itself run beside (:func:`can_run_beside`: a class
  of this package, made with no arguments, outside a frozen bundle); anything else is parsed
  in this process, and so is a file whose child cannot start or dies before its first word.
"""

from __future__ import annotations

import json
import logging
import marshal
import os
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from vault.importers import base

log = logging.getLogger(__name__)

#: Documents handed over in one message on the pipe (fewer, larger writes cost less).
GROUP_DOCS = 64
_LENGTH = struct.Struct(">I")
_ROOT = Path(__file__).resolve().parents[2]
_REFUSALS: dict[str, type[base.ImportRefused]] = {
    cls.__name__: cls for cls in (base.ImportRefused, base.UnsupportedFile, base.EmptyFile,
                                  base.EncryptedFile, base.UnreadableFile)}


def can_run_beside(importer: object) -> bool:
    """Whether ``importer`` is one the child can make for itself (a built-in one)."""
    cls = type(importer)
    # A frozen bundle's executable is Hearth itself, not an interpreter that runs ``-m``.
    return not getattr(sys, "frozen", False) and cls.__module__.startswith("vault.importers.") \
        and callable(getattr(importer, "stream", None)) and "." not in cls.__qualname__


def documents_beside(importer: object, path: Path, *, start: int) -> Iterator[tuple[int, Any]]:
    """``importer.stream(path, start=start)``, parsed in a child process (module docstring)."""
    cls = type(importer)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(_ROOT), os.environ.get("PYTHONPATH")) if p))
    # What to read goes over stdin, not the command line, which other accounts may list.
    request = json.dumps([cls.__module__, cls.__qualname__, str(path), start]).encode()
    try:
        # -P: not the current folder first on the path (a "vault" folder there is not Hearth's).
        child = subprocess.Popen([sys.executable, "-P", "-m", "vault.importers.worker"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, env=env)
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(request)
        child.stdin.close()
    except OSError as exc:  # no interpreter to start (an embedded build): parse here instead
        log.info("cannot parse %s beside (%s); parsing it here", path.name, exc)
        yield from importer.stream(path, start=start)  # type: ignore[attr-defined]
        return
    heard = False
    try:
        while True:
            message = _receive(child.stdout)
            if message is None:
                log.warning("the process parsing %s ended without a word (exit status %s)",
                            path.name, child.wait())
                if not heard:  # it never started working (a broken interpreter): parse here
                    yield from importer.stream(path, start=start)  # type: ignore[attr-defined]
                    return
                raise OSError(f"the process reading {path.name} stopped")
            heard = True
            what = message[0]
            if what == "docs":
                for item in message[1]:
                    yield item[0], None if len(item) == 1 else _document(item)
            elif what == "end":
                return
            elif what == "refused":
                raise _REFUSALS.get(message[1], base.ImportRefused)(message[2])
            else:  # "oserror"
                raise OSError(message[1], message[2])
    finally:
        child.stdout.close()
        if child.poll() is None:
            child.kill()
        child.wait()


def _document(item: tuple[Any, ...]) -> base.ParsedDocument:
    _, kind, title, chunks, meta, sha256, meta_json = item
    doc = base.ParsedDocument(kind, title, tuple(base.ParsedChunk(t, loc) for t, loc in chunks), meta)
    # Worked out by the child from the same values: this process has the storing to do.
    doc.__dict__["sha256"] = sha256
    doc.__dict__["meta_json"] = meta_json
    return doc


def _receive(pipe: IO[bytes]) -> Any:
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    size = _LENGTH.unpack(head)[0]
    body = pipe.read(size)
    return marshal.loads(body) if len(body) == size else None  # cut short: the child died


def _send(pipe: IO[bytes], message: Any) -> None:
    body = marshal.dumps(message)
    pipe.write(_LENGTH.pack(len(body)) + body)


def _item(end: int, doc: base.ParsedDocument | None) -> tuple[Any, ...]:
    if doc is None:
        return (end,)
    chunks = tuple((c.text, c.location) for c in doc.chunks)
    meta = doc.meta
    try:
        marshal.dumps(meta)
    except ValueError:  # a value marshal does not carry: as the vault would store it
        meta = json.loads(doc.meta_json)
    return (end, doc.kind, doc.title, chunks, meta, doc.sha256, doc.meta_json)


def main() -> int:
    """The child: read [module, class, path, start] from stdin, stream the documents to stdout."""
    import importlib

    module, qualname, path, start = json.loads(sys.stdin.buffer.read())
    importer = getattr(importlib.import_module(module), qualname)()
    # The documents go out on a private copy of stdout; anything a library prints goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    try:
        group: list[tuple[Any, ...]] = []
        for end, doc in importer.stream(Path(path), start=int(start)):
            group.append(_item(end, doc))
            if len(group) >= GROUP_DOCS:
                _send(out, ("docs", group))
                group = []
        _send(out, ("docs", group))
        _send(out, ("end",))
        out.flush()
    except BrokenPipeError:
        os._exit(0)  # the importing process is gone: nobody to tell
    except base.ImportRefused as exc:
        _send(out, ("refused", type(exc).__name__, str(exc)))
    except OSError as exc:
        _send(out, ("oserror", exc.errno or 0, exc.strerror or str(exc)))
    try:
        out.flush()
    except BrokenPipeError:
        os._exit(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
