"""The vector index: chromadb holding opaque chunk ids and vectors, never text.

The vault is the source of truth (chunk text and vector BLOBs, encrypted); this
index is a fast copy that leaves nothing readable on disk:

* ``ram`` mode (the runtime dir is a RAM filesystem, or ``HEARTH_RUNTIME_DIR``
  names one): a chromadb PersistentClient works in a private folder under
  ``vault.paths.runtime_dir()``. On :meth:`VectorIndex.close` (lock, exit) the
  folder is tarred, encrypted with AES-256-GCM under a key derived from the
  vault key, written atomically to ``index.sealed`` beside the vault, and
  wiped; :meth:`VectorIndex.open` unseals it. Measured: 100k vectors unseal in
  ~2–3 s where rebuilding takes ~35 s.
* ``memory`` mode (no RAM filesystem, e.g. macOS, Windows): an in-memory
  collection rebuilt from the vault's BLOBs at every open; nothing is written.

The sealed file records the vault's chunk generation it reflects; when that
differs (a crash, another process, a restored backup) the index is reconciled
with the vault by id. Stale working folders of dead processes are wiped at
open. chromadb errors become :class:`~engine.errors.RetrievalError`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import shutil
import struct
import tarfile
import threading
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from engine.errors import RetrievalError
from engine.quiet import silence_libraries
from vault import paths
from vault.sources import chunk_generation, chunk_vectors, embedded_chunk_ids
from vault.store import Vault

SEALED_FILE = "index.sealed"
COLLECTION = "chunks"
_ADD_BATCH = 2000


@contextlib.contextmanager
def _chroma(what: str) -> Iterator[None]:
    """The boundary where chromadb's own errors become ours."""
    try:
        yield
    except RetrievalError:
        raise
    except Exception as exc:
        raise RetrievalError(f"{what}: {type(exc).__name__}: {exc}") from None


def _embedding_function() -> Any:
    from chromadb.api.types import Documents, EmbeddingFunction

    class External(EmbeddingFunction[Documents]):
        """Vectors always come from Hearth; chroma must never embed (its default downloads)."""

        def __init__(self) -> None:
            pass

        def __call__(self, input: Documents) -> Any:
            raise RetrievalError("the vector index was asked to embed text; Hearth never lets it")

        @staticmethod
        def name() -> str:
            return "hearth-external"

        def get_config(self) -> dict[str, Any]:
            return {}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> Any:
            return External()

    return External()


def ram_backed(path: Path) -> bool:
    """Whether ``path`` lives on a RAM filesystem (tmpfs/ramfs), per /proc/self/mountinfo."""
    if os.environ.get("HEARTH_RUNTIME_DIR"):
        return True  # named explicitly by whoever runs Hearth: trusted to be private
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return False
    target = str(path.resolve())
    best, fstype = "", ""
    for line in lines:
        left, _, right = line.partition(" - ")
        fields = left.split()
        if len(fields) < 5 or not right:
            continue
        mount = fields[4]
        if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(best):
            best, fstype = mount, right.split()[0]
    return fstype in ("tmpfs", "ramfs")


def _alive(pid_text: str) -> bool:
    try:
        pid = int(pid_text)
    except ValueError:
        return True  # not one of ours: leave it alone
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wipe_stale_workdirs(runtime: Path) -> None:
    """Remove working copies left by processes that died without sealing."""
    for entry in runtime.glob("index-*"):
        parts = entry.name.split("-")
        if len(parts) >= 2 and not _alive(parts[1]):
            shutil.rmtree(entry, ignore_errors=True)


class VectorIndex:
    """Nearest-neighbour search over chunk vectors of one embedding model."""

    def __init__(self, *, home: Path, model_id: str, dim: int, key: bytes, mode: str) -> None:
        self.home = home
        self.model_id = model_id
        self.dim = dim
        self.mode = mode
        self._key = bytearray(key)
        self._lock = threading.RLock()
        self._client: Any = None
        self._collection: Any = None
        self._workdir: Path | None = None
        self._dirty = False
        self.generation = -1
        self._applied: set[int] = set()

    # -- lifecycle -------------------------------------------------------------------------------

    @classmethod
    def open(cls, vault: Vault, *, model_id: str, dim: int, mode: str | None = None) -> VectorIndex:
        """Unseal (or rebuild) the index and bring it level with the vault."""
        runtime = paths.runtime_dir()
        if mode is None:
            mode = "ram" if ram_backed(runtime) else "memory"
        index = cls(home=vault.home, model_id=model_id, dim=dim,
                    key=vault.subkey(b"hearth vector index v1"), mode=mode)
        try:
            index._start(runtime)
            index.sync(vault)
        except BaseException:
            index.close(seal=False)
            raise
        vault.on_lock(index.close)
        return index

    def _start(self, runtime: Path) -> None:
        silence_libraries()  # chromadb's PostHog and OpenTelemetry, before it loads
        import chromadb
        from chromadb.config import Settings

        settings = Settings(anonymized_telemetry=False, allow_reset=False)
        with _chroma("cannot open the vector index"):
            if self.mode == "memory":
                self._client = chromadb.EphemeralClient(settings=settings)
                name = f"{COLLECTION}-{uuid.uuid4().hex}"
            else:
                wipe_stale_workdirs(runtime)
                self._workdir = runtime / f"index-{os.getpid()}-{secrets.token_hex(4)}"
                self._workdir.mkdir(mode=0o700)
                # chroma's SQLite spills temp files to /var/tmp unless told otherwise.
                os.environ["SQLITE_TMPDIR"] = str(runtime)
                for partial in self.home.glob(f".{SEALED_FILE}.tmp-*"):
                    if not _alive(partial.name.rsplit("-", 1)[-1]):
                        partial.unlink(missing_ok=True)  # a seal cut short by a crash (encrypted)
                header = self._unseal(self._workdir / "db")
                if header is not None:
                    self.generation = int(header.get("generation", -1))
                self._client = chromadb.PersistentClient(path=str(self._workdir / "db"),
                                                         settings=settings)
                name = COLLECTION
            self._collection = self._client.get_or_create_collection(
                name, embedding_function=_embedding_function(),
                configuration={"hnsw": {"space": "cosine", "ef_search": 64}})

    def _unseal(self, dest: Path) -> dict[str, Any] | None:
        sealed = self.home / SEALED_FILE
        if not sealed.exists():
            return None
        try:
            header = read_sealed(sealed, bytes(self._key), dest)
        except SealBroken:
            shutil.rmtree(dest, ignore_errors=True)
            return None  # damaged or from another key: rebuilt from the vault by sync()
        if header.get("model") != self.model_id or header.get("dim") != self.dim:
            shutil.rmtree(dest, ignore_errors=True)
            return None
        return header

    def close(self, *, seal: bool = True) -> None:
        """Seal (if anything changed) and wipe the working copy. Safe to call twice."""
        with self._lock:
            if self._client is None and self._workdir is None:
                return
            try:
                if self._client is not None:
                    if self.mode == "memory" and self._collection is not None:
                        # In-memory clients share one chroma system per process: drop only ours.
                        with contextlib.suppress(Exception):
                            self._client.delete_collection(self._collection.name)
                    with contextlib.suppress(Exception):
                        self._client.close()  # flushes and stops the system when last to use it
                if seal and self._dirty and self._workdir is not None:
                    header = {"model": self.model_id, "dim": self.dim, "generation": self.generation}
                    write_sealed(self.home / SEALED_FILE, bytes(self._key), self._workdir / "db", header)
                    self._dirty = False
            finally:
                if self._workdir is not None:
                    shutil.rmtree(self._workdir, ignore_errors=True)
                self._client = self._collection = self._workdir = None
                for i in range(len(self._key)):
                    self._key[i] = 0

    def __enter__(self) -> VectorIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_open(self) -> bool:
        return self._collection is not None

    # -- contents --------------------------------------------------------------------------------

    def sync(self, vault: Vault) -> tuple[int, int]:
        """Make the index hold exactly the vault's vectors for this model; returns (added, removed)."""
        with self._lock:
            current = chunk_generation(vault)
            if current == self.generation:
                return (0, 0)
            wanted = embedded_chunk_ids(vault, model=self.model_id)
            have = self.ids()
            missing = sorted(wanted - have)
            extra = sorted(have - wanted)
            self.remove(extra)
            for start in range(0, len(missing), _ADD_BATCH):
                self.add(chunk_vectors(vault, missing[start:start + _ADD_BATCH], model=self.model_id))
            self.generation = current
            self._applied = {g for g in self._applied if g > current}
            self._dirty = True
            return (len(missing), len(extra))

    def ids(self) -> set[int]:
        with self._lock, _chroma("cannot read the vector index"):
            got = self._require().get(include=[])
        return {int(i) for i in got["ids"]}

    def add(self, items: Sequence[tuple[int, bytes]]) -> None:
        if not items:
            return
        with self._lock, _chroma("cannot add to the vector index"):
            collection = self._require()
            for start in range(0, len(items), _ADD_BATCH):
                part = items[start:start + _ADD_BATCH]
                vectors = np.frombuffer(b"".join(v for _, v in part), dtype="<f4").reshape(len(part), -1)
                if vectors.shape[1] != self.dim:
                    raise RetrievalError(f"vectors of {vectors.shape[1]} dimensions in a {self.dim}-d index")
                collection.upsert(ids=[str(i) for i, _ in part], embeddings=vectors)
            self._dirty = True

    def remove(self, ids: Sequence[int]) -> None:
        if not ids:
            return
        with self._lock, _chroma("cannot remove from the vector index"):
            collection = self._require()
            for start in range(0, len(ids), _ADD_BATCH):
                collection.delete(ids=[str(i) for i in ids[start:start + _ADD_BATCH]])
            self._dirty = True

    def note_change(self, generation: int) -> None:
        """The caller applied the vault change that produced ``generation`` to this index.

        Changes may be reported out of order (an import and the embedding worker commit on
        two threads); the index's generation advances only over an unbroken run of them, so
        a change nobody applied (another process, a crash) leaves it behind and the next
        :meth:`sync` reconciles by id."""
        with self._lock:
            self._dirty = True
            if self.generation < 0:
                return
            self._applied.add(generation)
            while self.generation + 1 in self._applied:
                self.generation += 1
                self._applied.discard(self.generation)

    def count(self) -> int:
        with self._lock, _chroma("cannot read the vector index"):
            return int(self._require().count())

    def query(self, vector: np.ndarray, *, k: int = 20) -> list[tuple[int, float]]:
        """The ``k`` nearest chunk ids with their cosine distance, nearest first."""
        with self._lock, _chroma("vector search failed"):
            # No count() first: it costs as much as the search, and chroma returns fewer when fewer.
            got = self._require().query(
                query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
                n_results=k, include=["distances"])
        return [(int(i), float(d)) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def _require(self) -> Any:
        if self._collection is None:
            raise RetrievalError("the vector index is closed (the vault was locked)")
        return self._collection


# -- sealing: an AES-256-GCM stream of a tar of the working folder -------------------------------------
#
# file   = MAGIC | u32 header length | header JSON | segment*
# segment = u8 final | u32 length | ciphertext (+16-byte tag)
# nonce  = 8 random bytes (per file) | u32 segment number; AAD = MAGIC, header, number, final.
# A truncated, reordered or foreign file fails authentication (no final segment, bad tag).

MAGIC = b"HEARTHIX1"
SEGMENT = 4 * 1024 * 1024


class SealBroken(RetrievalError):
    """The sealed index is damaged, truncated, or sealed under another key."""


class _SealWriter(io.RawIOBase):
    def __init__(self, out: BinaryIO, key: bytes, aad: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._out, self._aead, self._aad = out, AESGCM(key), aad
        self._prefix = secrets.token_bytes(8)
        self._out.write(self._prefix)
        self._buffer = bytearray()
        self._number = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += data
        while len(self._buffer) > SEGMENT:
            self._emit(bytes(self._buffer[:SEGMENT]), final=False)
            del self._buffer[:SEGMENT]
        return len(data)

    def finish(self) -> None:
        self._emit(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _emit(self, plain: bytes, *, final: bool) -> None:
        flag = 1 if final else 0
        nonce = self._prefix + struct.pack(">I", self._number)
        sealed = self._aead.encrypt(nonce, plain, self._aad + struct.pack(">IB", self._number, flag))
        self._out.write(struct.pack(">BI", flag, len(sealed)) + sealed)
        self._number += 1


class _SealReader(io.RawIOBase):
    def __init__(self, src: BinaryIO, key: bytes, aad: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._src, self._aead, self._aad = src, AESGCM(key), aad
        self._prefix = src.read(8)
        self._plain = b""
        self._at = 0
        self._number = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while self._at >= len(self._plain) and not self._done:
            self._next()
        n = min(len(target), len(self._plain) - self._at)
        target[:n] = self._plain[self._at:self._at + n]
        self._at += n
        return n

    def _next(self) -> None:
        from cryptography.exceptions import InvalidTag

        head = self._src.read(5)
        if len(head) != 5:
            raise SealBroken("the sealed index is truncated")
        flag, length = struct.unpack(">BI", head)
        sealed = self._src.read(length)
        nonce = self._prefix + struct.pack(">I", self._number)
        try:
            aad = self._aad + struct.pack(">IB", self._number, flag)
            self._plain = self._aead.decrypt(nonce, sealed, aad)
        except InvalidTag:
            raise SealBroken("the sealed index does not authenticate") from None
        self._at = 0
        self._number += 1
        self._done = flag == 1


def write_sealed(target: Path, key: bytes, folder: Path, header: dict[str, Any]) -> None:
    """Tar ``folder`` into an encrypted file, atomically replacing ``target``."""
    head = json.dumps(header, sort_keys=True).encode()
    aad = MAGIC + head
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + struct.pack(">I", len(head)) + head)
            writer = _SealWriter(out, key, aad)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                tar.add(folder, arcname=".")
            writer.finish()
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RetrievalError(f"cannot seal the vector index: {exc.strerror or exc}") from None


def read_sealed(source: Path, key: bytes, dest: Path) -> dict[str, Any]:
    """Decrypt and unpack a sealed file into ``dest``; returns its header."""
    try:
        with source.open("rb") as src:
            if src.read(len(MAGIC)) != MAGIC:
                raise SealBroken("not a sealed Hearth index")
            (length,) = struct.unpack(">I", src.read(4))
            head = src.read(length)
            header = json.loads(head)
            reader = _SealReader(src, key, MAGIC + head)
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                tar.extractall(dest, filter="data")
            # Read to the authenticated final segment: a file cut short must not pass.
            while reader.read(SEGMENT):
                pass
    except SealBroken:
        raise
    except (OSError, ValueError, struct.error, tarfile.TarError) as exc:
        raise SealBroken(f"the sealed index cannot be read: {exc}") from None
    return dict(header)
