"""Fetching a GGUF file from the Hub: resumable, verified, cancellable, logged, then registered.

:func:`plan_pull` turns "this repository (and file, or quantisation)" into a
:class:`PullPlan` the person sees before the first byte: host, repository,
revision, file, size and the SHA-256 the bytes must have (the catalog's
pinned value if it has one, which must equal the Hub's; else the Hub's LFS
SHA-256). :func:`pull` then

1. checks free disk space for the bytes still missing;
2. streams ``GET {endpoint}/{repo}/resolve/{revision}/{file}`` with httpx into
   ``<models>/.partial/<sha256>.part`` (a stable name: a later process, after a
   kill or a lost connection, finds it and sends ``Range: bytes=N-``, hashing
   the N bytes it already has instead of fetching them again);
3. hashes on a second thread, reading the file back as it grows, so verification
   costs little wall time on a machine with two cores (and checks what was stored);
4. deletes the file and raises :class:`ChecksumMismatch` if the SHA-256
   differs; otherwise moves it to ``<models>/<owner>__<name>/<file>`` and
   registers it like ``hearth models add``;
5. records the transfer in the network log (:mod:`vault.netlog`).

Cancelling (a ``threading.Event``) or an interruption keeps the partial file; a
connection that breaks mid-file is resumed by itself a few times first. The
streaming and hashing themselves are in :mod:`engine.models.transfer`.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import httpx

from engine.errors import (
    ChecksumMismatch,
    DownloadCancelled,
    DownloadFailed,
    EngineError,
    ModelLoadFailed,
    NotEnoughDisk,
    NotFoundOnHub,
)
from engine.models.catalog import CatalogModel
from engine.models.gguf import read_gguf
from engine.models.hub import Hub, HubFile, endpoint, resolve_url
from engine.models.registry import ModelEntry, ModelId, ModelRegistry, slug
from engine.models.transfer import (
    Hasher,
    Meter,
    Progress,
    PullPlan,
    Tally,
    fetch_rest,
    have_text,
    lock_partial,
)
from vault import Vault
from vault.netlog import NetEntry, record

CHUNK = 1 << 20
#: Free space kept beyond the file itself, so a download never fills the disk to the brim.
DISK_MARGIN = 64 << 20
PARTIAL_DIR = ".partial"
#: The names ModelRegistry.add accepts, checked before a byte is fetched rather than after.
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_SHA_RE = re.compile(r"[0-9a-f]{64}")
PREFERRED_QUANTS = ("Q4_K_M", "Q4_K_S", "Q5_K_M", "Q4_0", "IQ4_XS", "Q6_K", "Q8_0")


def models_dir() -> Path:
    """Where downloaded models live: ``HEARTH_MODELS_DIR``, else ``models/`` in the data directory."""
    env = os.environ.get("HEARTH_MODELS_DIR")
    if env:
        path = Path(env).expanduser()
        path.mkdir(parents=True, exist_ok=True)
        return path
    from vault.paths import data_dir, ensure_private_dir

    return ensure_private_dir(data_dir() / "models")


@dataclass(frozen=True)
class PullResult:
    entry: ModelEntry
    path: Path
    sha256: str
    fetched: int                # bytes transferred this time
    resumed_from: int
    seconds: float
    logged: bool                # the network log entry went into the vault (else memory only)
    already_there: bool = False
    sync_seconds: float = 0.0   # waiting for the disk (fsync) before the file was moved in place


def choose_file(files: tuple[HubFile, ...] | list[HubFile], *, file: str | None = None,
                quant: str | None = None, prefer: str | None = None) -> HubFile:
    ggufs = [f for f in files if f.name.lower().endswith(".gguf")
             and "mmproj" not in f.name.lower() and "-of-0" not in f.name.lower()]
    if file:
        for f in files:
            if f.name == file or f.name.lower() == file.lower():
                return f
        raise NotFoundOnHub(f"the file {file!r} is not in this repository (GGUF files: "
                            f"{', '.join(f.name for f in ggufs) or 'none'})")
    if quant:
        matching = [f for f in ggufs if f.quant == quant.upper()]
        if not matching:
            known = ", ".join(sorted({f.quant for f in ggufs})) or "none"
            raise NotFoundOnHub(f"no {quant.upper()} file in this repository (quantisations: {known})")
        return matching[0]
    if not ggufs:
        raise NotFoundOnHub("this repository has no single-file GGUF model")
    for q in ((prefer,) if prefer else ()) + PREFERRED_QUANTS:
        for f in ggufs:
            if f.quant == q:
                return f
    return ggufs[0]


def plan_pull(repo: str, *, file: str | None = None, quant: str | None = None,
              catalog: CatalogModel | None = None, hub: Hub | None = None,
              name: str | None = None) -> PullPlan:
    """Look the file up on the Hub (metadata only) and say what would be fetched."""
    if name is not None and not _NAME_RE.fullmatch(name.strip().lower()):
        raise EngineError(f"{name!r} is not a usable model name: use letters, digits, '.', '-', '_'")
    hub = hub or Hub()
    info = hub.repo(repo)
    pinned = None
    prefer = None
    if catalog is not None:
        prefer = catalog.default_quant
        if not file and not quant:
            file = catalog.default_file.file
        for f in catalog.files:
            if f.file == file:
                pinned = f.sha256
    refused = info.refusal(file) if file else None
    if refused is not None:
        raise DownloadFailed(f"refusing the file {file!r} from {info.repo}: {refused}. "
                             "Nothing was downloaded.")
    chosen = choose_file(info.files, file=file, quant=quant, prefer=prefer)
    if catalog is not None and pinned is None:
        pinned = next((f.sha256 for f in catalog.files if f.file == chosen.name), None)
    hub_sha = chosen.sha256
    if pinned and hub_sha and pinned != hub_sha:
        raise ChecksumMismatch(
            f"the Hub's SHA-256 for {chosen.name} ({hub_sha[:12]}…) differs from the one in Hearth's "
            f"catalog ({pinned[:12]}…): the file was replaced upstream. Nothing was downloaded.")
    sha = (pinned or hub_sha or "").lower()
    if not sha:
        raise DownloadFailed(f"the Hub gives no SHA-256 for {chosen.name}, so it could not be "
                             "verified; Hearth does not download unverifiable files")
    if not _SHA_RE.fullmatch(sha):
        raise DownloadFailed(f"the Hub gave {sha[:80]!r} as the SHA-256 of {chosen.name}: not one")
    if chosen.size <= 0:
        raise DownloadFailed(f"the Hub gives no size for {chosen.name}")
    parts = PurePosixPath(chosen.name).parts
    if not parts or chosen.name.startswith("/") or ".." in parts or "\\" in chosen.name:
        raise DownloadFailed(f"refusing the file name {chosen.name!r} (it points outside its folder)")
    owner, _, short = info.repo.partition("/")
    target = models_dir() / f"{slug(owner)}__{slug(short)}" / parts[-1]
    partial = models_dir() / PARTIAL_DIR / f"{sha}.part"
    have = partial.stat().st_size if partial.is_file() else 0
    if name:
        model_name = name.strip().lower()
    elif catalog is not None and chosen.name == catalog.default_file.file:
        model_name = catalog.id
    else:
        model_name = slug(Path(chosen.name).stem)
    return PullPlan(host=urlsplit(endpoint()).hostname or "", repo=info.repo, revision=info.revision,
                    file=chosen.name, size=chosen.size, sha256=sha,
                    sha256_from=("Hub LFS metadata" if not pinned else
                                 "catalog (matches the Hub)" if hub_sha else "catalog"),
                    url=resolve_url(info.repo, info.revision, chosen.name), target=target,
                    partial=partial, resume_from=min(have, chosen.size), name=model_name,
                    gated=info.gated, license=info.license)


def _free_space(path: Path) -> int:
    path.mkdir(parents=True, exist_ok=True)
    return shutil.disk_usage(path).free


def _disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def pull(plan: PullPlan, *, vault: Vault | None = None, token: str | None = None,
         cancel: threading.Event | None = None, progress: Callable[[Progress], None] | None = None,
         started_by: str = "", registry: ModelRegistry | None = None,
         client: httpx.Client | None = None, register: bool = True) -> PullResult:
    """Fetch, verify and register the planned file. See the module docstring for the steps.

    ``register=False`` stops after the verified file is in place (the benchmark times the
    transfer apart from reading the GGUF header for the registry); the entry is then a
    plain :class:`ModelEntry` for the file, not in the registry.
    """
    registry = registry or ModelRegistry()
    started = time.time()
    if (plan.target.is_file() and plan.target.stat().st_size == plan.size
            and _file_sha256(plan.target, cancel) == plan.sha256):
        entry = _register(registry, plan)
        return PullResult(entry, plan.target, plan.sha256, 0, 0, time.time() - started,
                          logged=vault is not None and vault.is_open, already_there=True)
    plan.partial.parent.mkdir(parents=True, exist_ok=True)
    # O_BINARY: on Windows a descriptor opened without it translates line endings.
    fd = os.open(plan.partial, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    tally = Tally(host=plan.host)
    status = "failed"
    sha = ""
    resumed_from = 0
    sync_seconds = 0.0
    try:
        lock_partial(fd)
        have = os.fstat(fd).st_size
        if have > plan.size:
            os.ftruncate(fd, 0)
            have = 0
        free = _free_space(plan.partial.parent)
        if free < plan.size - have + DISK_MARGIN:
            raise NotEnoughDisk(f"{plan.file} needs {(plan.size - have) / 2**30:.2f} GiB more; "
                                f"only {free / 2**30:.2f} GiB is free in {models_dir()}. "
                                "Nothing was downloaded.")
        hasher = Hasher(plan.partial)
        hasher.start()
        hasher.upto(have)           # the resumed prefix is hashed while the rest arrives
        meter = Meter(plan, have, progress)
        finished = False
        try:
            resumed_from = have
            if have < plan.size:
                have = fetch_rest(plan, fd, have, hasher, meter, tally, token=token,
                                   cancel=cancel, client=client)
            meter.update(have, force=True, phase="verify")
            hasher.upto(have)
            finished = True
        finally:
            sha = hasher.finish(abort=not finished)
        if have != plan.size:
            raise DownloadFailed(f"{plan.file} ended after {have} of {plan.size} bytes; run the "
                                 "same command again to resume")
        if cancel is not None and cancel.is_set():  # the last chance: nothing is in place yet
            raise DownloadCancelled(f"cancelled; all of {plan.file} is kept (verified on the "
                                    "next run) for a resume")
        if sha != plan.sha256:
            os.close(fd)
            fd = -1
            plan.partial.unlink(missing_ok=True)
            status = "checksum mismatch"
            raise ChecksumMismatch(
                f"{plan.file} arrived with SHA-256 {sha[:16]}…, not the expected "
                f"{plan.sha256[:16]}… ({plan.sha256_from}); the file was deleted. Try again; if it "
                "happens again, the server or something between it and you altered the file.")
        if register:
            try:
                _check_model(plan.partial, plan.file)
            except ModelLoadFailed:
                os.close(fd)
                fd = -1
                plan.partial.unlink(missing_ok=True)
                status = "refused: not a usable model"
                raise
        synced = time.perf_counter()
        # On disk before it is registered: a crash must never leave a registered, damaged model.
        os.fsync(fd)
        sync_seconds = time.perf_counter() - synced
        os.close(fd)    # before the rename: Windows cannot rename a file that is open
        fd = -1
        plan.target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(plan.partial, plan.target)
        entry = _register(registry, plan) if register else ModelEntry(ModelId(plan.name), plan.target)
        status = "ok"
    except DownloadCancelled:
        status = "cancelled"
        raise
    except DownloadFailed as exc:
        if status != "checksum mismatch":
            status = f"failed: {exc}"[:200]
        raise
    except OSError as exc:
        if _disk_full(exc):
            status = "failed: disk full"
            raise NotEnoughDisk(f"the disk filled up while downloading {plan.file}; the "
                                f"{have_text(plan.partial)} already fetched are kept. Free some "
                                "space and run the same command to resume.") from exc
        status = f"failed: {exc}"
        raise DownloadFailed(f"cannot write {plan.partial}: {exc.strerror or exc}") from exc
    finally:
        if fd >= 0:
            os.close(fd)
        logged = record(vault, NetEntry(
            kind="download", host=tally.host, method="GET", path=urlsplit(plan.url).path,
            bytes_out=tally.sent, bytes_in=tally.fetched, sha256=sha if status == "ok" else "",
            status=status, started_at=started, ended_at=time.time(), started_by=started_by,
            detail=(f"{plan.repo} {plan.file} rev {plan.revision[:12]}"
                    + (f", resumed at {resumed_from} bytes" if resumed_from else "")
                    + (f", redirected from {plan.host}" if tally.host != plan.host else ""))))
    return PullResult(entry, plan.target, sha, tally.fetched, resumed_from, time.time() - started, logged,
                      sync_seconds=sync_seconds)


def _file_sha256(path: Path, cancel: threading.Event | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while data := fh.read(CHUNK * 4):
            if cancel is not None and cancel.is_set():
                raise DownloadCancelled("cancelled")
            digest.update(data)
    return digest.hexdigest()


def _check_model(path: Path, name: str) -> None:
    """What ``ModelRegistry.add`` will check (the header, bounded; the chat template, compiled in
    its sandbox), done before the file is moved in place: a hostile model never lands."""
    from engine.models.chat_template import ChatTemplate

    try:
        header = read_gguf(path)
        if header.chat_template:
            ChatTemplate(header.chat_template, model=name)
    except ModelLoadFailed as exc:
        why = str(exc).split("not a usable GGUF model: ", 1)[-1]
        raise ModelLoadFailed(f"{name} arrived intact (its SHA-256 matches) but Hearth refuses it: "
                              f"{why}; the file was deleted") from None


def _register(registry: ModelRegistry, plan: PullPlan) -> ModelEntry:
    """Register the file (once); a name clash with another file gets a numbered name."""
    target = plan.target.resolve()
    for e in registry.list():
        if e.path.resolve() == target:
            return e
    names = {e.name for e in registry.list()}
    name = plan.name
    n = 2
    while name in names:
        name = f"{plan.name}-{n}"
        n += 1
    try:
        return registry.add(target, name=name)
    except EngineError:
        raise
    except Exception as exc:  # registry.add validates the header; anything else is ours to word
        raise EngineError(f"the downloaded file could not be registered: {exc}") from exc


def partials() -> list[tuple[Path, int]]:
    folder = models_dir() / PARTIAL_DIR
    return [(p, p.stat().st_size) for p in sorted(folder.glob("*.part"))] if folder.is_dir() else []


def describe_plan(plan: PullPlan) -> dict[str, Any]:
    return {"host": plan.host, "repo": plan.repo, "revision": plan.revision, "file": plan.file,
            "size": plan.size, "sha256": plan.sha256, "sha256_from": plan.sha256_from,
            "url": plan.url, "target": str(plan.target), "resume_from": plan.resume_from,
            "name": plan.name, "gated": plan.gated, "license": plan.license}
