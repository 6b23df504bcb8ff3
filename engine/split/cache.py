"""The worker's weight cache: pieces of model weights kept encrypted, found by their SHA-256.

A device that lends its memory to a split model keeps the weight pieces the asking device sent
(:mod:`engine.split.weights` cuts each weight tensor into pieces of at most ``PIECE`` bytes), so
that the next load of the same model sends only their digests. Nothing readable is written:
each piece is one file, named by an HMAC of its digest (a name says nothing of the content
without the key), holding the digest and the length sealed with AES-GCM, then the bytes sealed
with AES-GCM, both bound to the name. The 32-byte key is given by the caller (the ``app`` layer
keeps it in the worker's vault); without it the files are noise.

The digest of a piece is computed here, from the bytes received, never taken from the sender:
a device cannot file bytes under another piece's name. :meth:`WeightCache.put` queues the
hashing, sealing and writing on a thread of its own, so the relay is not held up by them;
:meth:`index` waits for the queue to empty (at most ``FLUSH_S``) and lists only pieces whose
file is there (a folder emptied by hand is noticed at the next session). A file that does not
open with the key is ignored (and removed).

The folder never holds more than ``limit`` bytes of files (default :func:`default_limit`: 8 GiB,
or half of what its disk has free, counting what the cache holds, when that is less). A write
that would pass it first removes the pieces least recently used; a piece's time is its file's
modification time, set when it is written and again each time it is read. While a session runs
(:meth:`WeightCache.hold` to :meth:`WeightCache.release`) the pieces it was told of and those it
reads or writes are never removed to make room: a piece that finds no room left among the
others is not kept (it travels again next time). Removing is one ``unlink`` per file, so a piece
is there whole or not at all; a damaged file does not open (AES-GCM) and is dropped.
:func:`usage` and :func:`clear` work on the folder without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import queue
import secrets
import shutil
import struct
import threading
import time
from collections import OrderedDict
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"HSC1"
DIGEST = 32
NONCE = 12
TAG = 16
HEAD = len(MAGIC) + NONCE + DIGEST + 4 + TAG     # magic, nonce, sealed (digest, length)
#: Pieces waiting to be written at most; a relay that outruns the disk waits.
QUEUE = 16
#: How long a session's index waits for pieces still being written (they are sent again if not).
FLUSH_S = 5.0
GiB = 1024 ** 3
#: The limit when the person set none (less when the disk has less room: :func:`default_limit`).
DEFAULT_LIMIT = 8 * GiB


def stored_size(length: int) -> int:
    """The bytes on disk of a piece of ``length`` bytes (its sealed head, nonce and tag included)."""
    return HEAD + NONCE + length + TAG


def _is_piece(name: str) -> bool:
    return len(name) == 40 and all(c in "0123456789abcdef" for c in name)


def _piece_files(folder: Path, *, half: bool = False) -> list[tuple[os.DirEntry[str], bool]]:
    """The piece files in ``folder`` (with ``half``, also half-written ones, marked True)."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    out = []
    for entry in entries:
        partial = half and entry.name.startswith(".") and _is_piece(entry.name[1:41])
        if (_is_piece(entry.name) or partial) and entry.is_file(follow_symlinks=False):
            out.append((entry, partial))
    return out


def usage(folder: Path) -> tuple[int, int]:
    """How many piece files ``folder`` holds and their bytes (no key needed: nothing is opened)."""
    sizes = [entry.stat(follow_symlinks=False).st_size for entry, _ in _piece_files(folder)]
    return len(sizes), sum(sizes)


def clear(folder: Path) -> tuple[int, int]:
    """Remove every piece file (and any half-written one) from ``folder``; the count and bytes removed."""
    files = size = 0
    for entry, partial in _piece_files(folder, half=True):
        length = entry.stat(follow_symlinks=False).st_size
        try:
            os.unlink(entry.path)
        except FileNotFoundError:
            continue
        if not partial:
            files += 1
            size += length
    return files, size


def default_limit(folder: Path) -> int:
    """8 GiB, or half of the free space of the folder's disk (plus what the cache holds) if less."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return DEFAULT_LIMIT
    return min(DEFAULT_LIMIT, (free + usage(folder)[1]) // 2)


class WeightCache:
    """Encrypted, content-addressed weight pieces in ``folder`` (see the module docstring)."""

    def __init__(self, folder: Path, key: bytes, *, limit: int | None = None) -> None:
        if len(key) != 32:
            raise ValueError("the weight cache key is 32 bytes")
        if limit is not None and limit < 0:
            raise ValueError("the weight cache limit is a number of bytes, 0 or more")
        self.limit = default_limit(folder) if limit is None else limit
        self.folder = folder
        self._aead = AESGCM(hashlib.sha256(b"hearth split cache: seal\0" + key).digest())
        self._names = hashlib.sha256(b"hearth split cache: names\0" + key).digest()
        self._have: dict[bytes, int] | None = None      # digest -> length, loaded on first use
        self._used: OrderedDict[bytes, float] = OrderedDict()   # digest -> last written or read
                                                                # (its mtime), oldest first
        self._size = 0                                  # bytes of the files in _have
        self._sessions: dict[int, tuple[float, set[bytes]]] = {}   # live: started, pieces told of
        self._next_session = 0
        self._lock = threading.Lock()
        self._queue: queue.Queue[bytes | bytearray] = queue.Queue(QUEUE)
        self._writer: threading.Thread | None = None
        self.written = 0
        self.skipped = 0      # pieces not kept: no room left outside the live sessions' pieces
        self.evicted = 0      # pieces removed to make room

    def name(self, digest: bytes) -> str:
        return hmac.new(self._names, digest, "sha256").hexdigest()[:40]

    def _load(self) -> dict[bytes, int]:
        with self._lock:
            if self._have is not None:
                return self._have
            have: dict[bytes, int] = {}
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            for path in self.folder.iterdir():
                if path.name.startswith(".") and _is_piece(path.name[1:41]):
                    path.unlink(missing_ok=True)   # a write that never finished
                    continue
                if len(path.name) != 40 or not path.is_file():
                    continue
                try:
                    with path.open("rb") as f:
                        digest, length = self._open_head(path.name, f.read(HEAD))
                        stat = os.fstat(f.fileno())
                except (OSError, ValueError, InvalidTag):
                    path.unlink(missing_ok=True)
                    continue
                if self.name(digest) == path.name and stat.st_size == stored_size(length):
                    have[digest] = length
                    self._used[digest] = stat.st_mtime
                    self._size += stat.st_size
                else:
                    path.unlink(missing_ok=True)
            self._used = OrderedDict(sorted(self._used.items(), key=lambda item: item[1]))
            self._have = have
            return have

    def _open_head(self, name: str, head: bytes) -> tuple[bytes, int]:
        if len(head) != HEAD or not head.startswith(MAGIC):
            raise ValueError("not a weight piece")
        nonce = head[len(MAGIC):len(MAGIC) + NONCE]
        inner = self._aead.decrypt(nonce, head[len(MAGIC) + NONCE:], name.encode())
        return inner[:DIGEST], struct.unpack("<I", inner[DIGEST:])[0]

    def index(self) -> list[bytes]:
        """The digests of the pieces on disk (once those queued are written)."""
        self.flush()
        have = self._load()
        try:
            present = set(os.listdir(self.folder))
        except OSError:
            present = set()
        with self._lock:
            for digest in [d for d in have if self.name(d) not in present]:
                self._forget(digest)
            return list(have)

    def hold(self) -> tuple[int, list[bytes]]:
        """A session starts: its token and :meth:`index`. Until :meth:`release` neither those
        pieces nor any it reads or writes are removed to make room (it may refer to them)."""
        held = self.index()
        with self._lock:
            self._next_session += 1
            self._sessions[self._next_session] = (time.time(), set(held))
            return self._next_session, held

    def release(self, token: int) -> None:
        """The session ``token`` is over (its pieces may be removed to make room again)."""
        with self._lock:
            self._sessions.pop(token, None)

    def set_limit(self, limit: int) -> int:
        """A new limit, held at once: the pieces least recently used go until the rest fit (a live
        session's stay); how many went."""
        if limit < 0:
            raise ValueError("the weight cache limit is a number of bytes, 0 or more")
        self._load()
        with self._lock:
            self.limit = limit
            before = self.evicted
            self._make_room(0)
            return self.evicted - before

    def size(self) -> int:
        """The bytes of the pieces' files (as this cache knows them)."""
        self._load()
        with self._lock:
            return self._size

    def _forget(self, digest: bytes) -> None:
        """Drop ``digest`` from the index (the lock is held)."""
        assert self._have is not None
        length = self._have.pop(digest, None)
        if length is not None:
            self._size -= stored_size(length)
        self._used.pop(digest, None)

    def _make_room(self, need: int) -> bool:
        """Remove the least recently used pieces no live session needs until ``need`` more bytes
        fit under the limit (the lock is held); whether they fit."""
        assert self._have is not None
        if self._size + need <= self.limit:
            return True
        if need > self.limit:
            return False
        since = min((started for started, _ in self._sessions.values()), default=float("inf"))
        over = self._size + need - self.limit
        victims = []
        for digest, used in self._used.items():    # oldest first
            if over <= 0 or used >= since:          # what remains is newer: a live session's
                break
            if not any(digest in told for _, told in self._sessions.values()):
                victims.append(digest)
                over -= stored_size(self._have[digest])
        for digest in victims:
            (self.folder / self.name(digest)).unlink(missing_ok=True)
            self._forget(digest)
            self.evicted += 1
        return self._size + need <= self.limit

    def get(self, digest: bytes) -> bytes | None:
        """The piece's bytes, or None when it is not here (or its file does not open)."""
        have = self._load()
        with self._lock:
            if digest not in have:
                return None
        name = self.name(digest)
        path = self.folder / name
        try:
            blob = path.read_bytes()
            got, length = self._open_head(name, blob[:HEAD])
            nonce = blob[HEAD:HEAD + NONCE]
            data = self._aead.decrypt(nonce, blob[HEAD + NONCE:], name.encode() + digest)
        except (OSError, ValueError, InvalidTag):
            got, length, data = b"", -1, b""
        if got != digest or len(data) != length:
            with self._lock:
                self._forget(digest)
            path.unlink(missing_ok=True)
            return None
        now = time.time()
        try:
            os.utime(path, (now, now))
        except OSError:
            pass
        with self._lock:
            if digest in have:
                self._used[digest] = now
                self._used.move_to_end(digest)
        return data

    def put(self, data: bytes | bytearray) -> None:
        """File ``data`` under its own digest, on the writer thread (``data`` is kept: a copy)."""
        with self._lock:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write_all, name="hearth-split-cache",
                                                daemon=True)
                self._writer.start()
        self._queue.put(data)

    def flush(self, timeout: float = FLUSH_S) -> bool:
        """Wait until the pieces put so far are on disk (at most ``timeout``: another session
        may keep the writer busy); whether they are."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _write_all(self) -> None:
        while True:
            data = self._queue.get()
            try:
                self._write(data)
            except Exception:  # a full disk costs a resend next time, nothing else
                pass
            finally:
                self._queue.task_done()

    def _write(self, data: bytes | bytearray) -> None:
        digest = hashlib.sha256(data).digest()
        have = self._load()
        with self._lock:
            if digest in have:
                return
            if not self._make_room(stored_size(len(data))):
                self.skipped += 1
                return
        name = self.name(digest)
        nonce_h, nonce_d = secrets.token_bytes(NONCE), secrets.token_bytes(NONCE)
        head = MAGIC + nonce_h + self._aead.encrypt(nonce_h, digest + struct.pack("<I", len(data)),
                                                    name.encode())
        body = nonce_d + self._aead.encrypt(nonce_d, data, name.encode() + digest)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.folder / f".{name}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(head)
                f.write(body)
            os.replace(tmp, self.folder / name)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        with self._lock:
            if digest not in have:
                self._size += stored_size(len(data))
            have[digest] = len(data)
            self._used[digest] = time.time()
            self._used.move_to_end(digest)
            self.written += len(data)
