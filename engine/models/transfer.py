"""The byte transfer under :func:`engine.models.download.pull`: streaming, hashing, resuming.

:func:`fetch_rest` streams ``GET plan.url`` (with ``Range`` from what the partial
file already holds) into an open file descriptor with httpx, and resumes by
itself, up to :data:`RETRIES` times, when the connection breaks mid-file. A
:class:`Hasher` thread reads the file back as it grows and keeps its SHA-256;
a :class:`Meter` turns byte counts into :class:`Progress` (speed, ETA); a
:class:`Tally` counts what crossed the network for the log. HTTP status codes
become :mod:`engine.errors` (401/403 gated, 404 not found); connection errors
become :class:`~engine.errors.NoNetwork`; nothing from httpx escapes raw.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from engine.errors import DownloadCancelled, DownloadFailed, GatedModel, NoNetwork, NotFoundOnHub
from engine.models.hub import endpoint

#: Bytes per piece taken from the response; None takes the pieces as they arrive (64 KiB reads),
#: which spares httpx joining them into bigger chunks (one copy of the whole file).
READ_SIZE: int | None = None
#: A connection that breaks mid-file is resumed this many times (each try must bring bytes).
RETRIES = 3
RETRY_PAUSE = 1.0


@dataclass(frozen=True)
class PullPlan:
    """Exactly what will be fetched, shown before the first byte."""

    host: str
    repo: str
    revision: str
    file: str
    size: int
    sha256: str
    sha256_from: str            # "catalog (matches the Hub)" or "Hub LFS metadata"
    url: str
    target: Path
    partial: Path
    resume_from: int
    name: str                   # the name it will be registered under
    gated: bool = False
    license: str = ""

    @property
    def remaining(self) -> int:
        return max(0, self.size - self.resume_from)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    speed: float                # bytes/s over the last few seconds
    eta: float | None           # seconds
    resumed_from: int = 0
    phase: str = "download"     # "download", then "verify" while the SHA-256 is finished


class Hasher(threading.Thread):
    """SHA-256 of the partial file as it grows, read back from the file on its own thread.

    The reading thread only says how far the file is written (every :attr:`STEP` bytes);
    this thread reads that much back (from the page cache) and hashes it, 4 MiB at a
    time, with the interpreter lock released for both the read and the hash. So the
    reader hands over nothing per piece, a resumed download's existing prefix is hashed
    while the rest arrives, and what is verified is what is stored, not what was meant
    to be.
    """

    STEP = 4 << 20

    def __init__(self, path: Path) -> None:
        super().__init__(name="hearth-sha256", daemon=True)
        self.path = path
        self.digest = hashlib.sha256()
        self.hashed = 0
        self.marks: queue.Queue[int | None] = queue.Queue()   # written up to; -1: start over
        self.abort = threading.Event()
        self.error: OSError | None = None

    def run(self) -> None:
        buffer = memoryview(bytearray(self.STEP))
        try:
            with open(self.path, "rb", buffering=0) as fh:
                while (mark := self.marks.get()) is not None:
                    if mark < 0:
                        self.digest, self.hashed = hashlib.sha256(), 0
                        continue
                    while self.hashed < mark and not self.abort.is_set():
                        fh.seek(self.hashed)
                        n = fh.readinto(buffer[:min(self.STEP, mark - self.hashed)])
                        if not n:
                            break    # truncated for a restart; the -1 mark follows
                        self.digest.update(buffer[:n])
                        _start_writeback(fh.fileno(), self.hashed, n)
                        self.hashed += n
        except OSError as exc:
            self.error = exc

    def upto(self, written: int) -> None:
        self.marks.put(written)

    def restart(self) -> None:
        self.marks.put(-1)

    def finish(self, *, abort: bool = False) -> str:
        if abort:
            self.abort.set()
        self.marks.put(None)
        self.join()
        if self.error is not None:
            raise DownloadFailed(f"cannot read back {self.path.name}: "
                                 f"{self.error.strerror or self.error}")
        return self.digest.hexdigest()


_sync_file_range: Any = None


def _start_writeback(fd: int, start: int, length: int) -> None:
    """Start writing a range to disk now, without waiting (Linux ``sync_file_range``), so the
    fsync before registering finds little left to do; elsewhere a no-op. Called from the
    hashing thread, off the reading thread's path."""
    global _sync_file_range
    if _sync_file_range is None:
        _sync_file_range = False
        if sys.platform.startswith("linux"):
            with contextlib.suppress(Exception):
                import ctypes
                import ctypes.util

                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
                fn = libc.sync_file_range
                fn.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
                fn.restype = ctypes.c_int
                _sync_file_range = fn
    if _sync_file_range:
        _sync_file_range(fd, start, length, 2)   # SYNC_FILE_RANGE_WRITE


class Meter:
    """Progress with a speed averaged over the last few seconds, reported at most 10 times/s."""

    def __init__(self, plan: PullPlan, start: int, callback: Callable[[Progress], None] | None) -> None:
        self.total, self.start, self.callback = plan.size, start, callback
        self.samples: list[tuple[float, int]] = [(time.monotonic(), start)]
        self.last = 0.0

    def update(self, done: int, *, force: bool = False, phase: str = "download") -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        if phase == "download":
            self.samples.append((now, done))
            while len(self.samples) > 2 and now - self.samples[0][0] > 3.0:
                self.samples.pop(0)
        t0, d0 = self.samples[0]
        speed = (done - d0) / (now - t0) if phase == "download" and now > t0 else 0.0
        eta = (self.total - done) / speed if speed > 0 else None
        self.callback(Progress(done, self.total, speed, eta, self.start, phase))


def lock_partial(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: the partial file's name is still unique per SHA-256
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise DownloadFailed("another Hearth process is downloading this file right now") from None


def _http_error(status: int, plan: PullPlan, text: str) -> DownloadFailed:
    if status in (401, 403):
        return GatedModel(f"{plan.repo} needs permission ({status}): accept its licence at "
                          f"{endpoint()}/{plan.repo} while signed in, then give Hearth an access "
                          "token ('hearth models token')")
    if status == 404:
        return NotFoundOnHub(f"{plan.file} was not found in {plan.repo} on {plan.host} (404)")
    if status == 416:
        return DownloadFailed("the server refused to resume (416)")
    return DownloadFailed(f"{plan.host} answered {status} for {plan.file}: {text[:200]}")


def _error_text(response: httpx.Response, limit: int = 4096) -> str:
    """The start of an error answer's body, as sent (never unpacked, never read to its end:
    it may be a compression bomb or endless)."""
    got = b""
    for chunk in response.iter_raw():
        got += chunk
        if len(got) >= limit:
            break
    return got[:limit].decode("utf-8", errors="replace")


def have_text(path: Path) -> str:
    try:
        return f"{path.stat().st_size / 2**20:.0f} MiB"
    except OSError:
        return "bytes"


def _transfer(plan: PullPlan, fd: int, have: int, hasher: Hasher, meter: Meter, tally: Tally, *,
              token: str | None, cancel: threading.Event | None,
              client: httpx.Client | None) -> int:
    """Stream the missing bytes into ``fd`` from offset ``have``; returns the bytes now there.

    ``tally`` counts what crossed the network as it happens, so the log is right whatever
    stops the transfer.
    """
    headers = {"Accept-Encoding": "identity", "User-Agent": "Hearth"}
    if have:
        headers["Range"] = f"bytes={have}-"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    own = client is None
    http = client or httpx.Client(follow_redirects=True,
                                  timeout=httpx.Timeout(30.0, connect=15.0))
    got = 0
    try:
        with http.stream("GET", plan.url, headers=headers) as response:
            tally.host = response.url.host or plan.host
            tally.sent += sum(len(k) + len(v) + 4 for k, v in response.request.headers.items())
            if response.status_code == 416 and have:
                raise _http_error(416, plan, "")
            if response.status_code >= 400:
                raise _http_error(response.status_code, plan, _error_text(response))
            if have and response.status_code != 206:
                # The server ignored Range: start over (the prefix hash is useless now).
                raise _Restart()
            os.lseek(fd, have, os.SEEK_SET)
            told = have
            for chunk in response.iter_raw(READ_SIZE):
                if cancel is not None and cancel.is_set():
                    raise DownloadCancelled(f"cancelled; {have_text(plan.partial)} of {plan.file} "
                                            "kept for a resume")
                if have + len(chunk) > plan.size:
                    raise DownloadFailed(f"{plan.host} sent more than the {plan.size} bytes "
                                         f"announced for {plan.file}")
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view):]
                have += len(chunk)
                got += len(chunk)
                tally.fetched += len(chunk)
                if have - told >= Hasher.STEP:
                    hasher.upto(have)
                    told = have
                meter.update(have)
    except _Restart:
        if own:
            http.close()
        hasher.restart()
        os.ftruncate(fd, 0)
        meter.start = 0
        return _transfer(plan, fd, 0, hasher, meter, tally, token=token, cancel=cancel,
                         client=client)
    except httpx.HTTPError as exc:
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            raise NoNetwork(f"cannot reach {plan.host}: {exc}") from exc
        raise _Interrupted(got, have, exc) from exc
    finally:
        if own:
            http.close()
    return have


class _Restart(Exception):
    pass


class _Interrupted(Exception):
    """The connection broke mid-file; ``have`` bytes are in the file, ``got`` of them new."""

    def __init__(self, got: int, have: int, cause: Exception) -> None:
        super().__init__(str(cause))
        self.got, self.have, self.cause = got, have, cause


def _lost(plan: PullPlan, host: str, have: int, why: str) -> NoNetwork:
    return NoNetwork(f"the connection to {host} was lost after {have / 2**20:.0f} MiB of "
                     f"{plan.size / 2**20:.0f} MiB ({why}); what arrived is kept: run the same "
                     "command again to resume")


@dataclass
class Tally:
    """Bytes and host over all attempts, kept up to date as they happen (for the log)."""

    fetched: int = 0
    sent: int = 0
    host: str = ""


def fetch_rest(plan: PullPlan, fd: int, have: int, hasher: Hasher, meter: Meter, tally: Tally,
                *, token: str | None, cancel: threading.Event | None,
                client: httpx.Client | None) -> int:
    """:func:`_transfer`, resumed where it broke off (up to :data:`RETRIES` times, as long as
    each attempt brings new bytes); returns the bytes now in the file."""
    for attempt in range(RETRIES + 1):
        try:
            return _transfer(plan, fd, have, hasher, meter, tally, token=token, cancel=cancel,
                             client=client)
        except _Interrupted as cut:
            have = cut.have
            if cut.got == 0 or attempt == RETRIES:
                raise _lost(plan, tally.host, have, type(cut.cause).__name__) from cut.cause
        except NoNetwork as exc:
            if attempt == 0:
                raise
            raise _lost(plan, tally.host, have, f"then {exc}") from exc
        pause = RETRY_PAUSE * (attempt + 1)
        if cancel is not None and cancel.wait(pause):
            raise DownloadCancelled(f"cancelled; {have_text(plan.partial)} of {plan.file} kept "
                                    "for a resume")
        if cancel is None:
            time.sleep(pause)
    raise AssertionError("unreachable")
