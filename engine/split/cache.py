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
"""

from __future__ import annotations

import hashlib
import hmac
import os
import queue
import secrets
import struct
import threading
import time
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


class WeightCache:
    """Encrypted, content-addressed weight pieces in ``folder`` (see the module docstring)."""

    def __init__(self, folder: Path, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the weight cache key is 32 bytes")
        self.folder = folder
        self._aead = AESGCM(hashlib.sha256(b"hearth split cache: seal\0" + key).digest())
        self._names = hashlib.sha256(b"hearth split cache: names\0" + key).digest()
        self._have: dict[bytes, int] | None = None      # digest -> length, loaded on first use
        self._lock = threading.Lock()
        self._queue: queue.Queue[bytes | bytearray] = queue.Queue(QUEUE)
        self._writer: threading.Thread | None = None
        self.written = 0

    def name(self, digest: bytes) -> str:
        return hmac.new(self._names, digest, "sha256").hexdigest()[:40]

    def _load(self) -> dict[bytes, int]:
        with self._lock:
            if self._have is not None:
                return self._have
            have: dict[bytes, int] = {}
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            for path in self.folder.iterdir():
                if len(path.name) != 40 or not path.is_file():
                    continue
                try:
                    with path.open("rb") as f:
                        digest, length = self._open_head(path.name, f.read(HEAD))
                except (OSError, ValueError, InvalidTag):
                    path.unlink(missing_ok=True)
                    continue
                if self.name(digest) == path.name:
                    have[digest] = length
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
                del have[digest]
            return list(have)

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
                have.pop(digest, None)
            path.unlink(missing_ok=True)
            return None
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
            have[digest] = len(data)
            self.written += len(data)
