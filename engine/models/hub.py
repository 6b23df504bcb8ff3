"""The Hugging Face Hub's API, for search and file metadata: ``huggingface_hub``, kept on a leash.

:class:`Hub` searches GGUF repositories and lists a repository's GGUF files
with their sizes and LFS SHA-256s (``model_info(..., files_metadata=True)``).
It talks to ``HF_ENDPOINT`` when set (a mirror, or the stand-in Hub in the
tests), else huggingface.co. The byte transfer itself is Hearth's own
(:mod:`engine.models.download`), because the library's download was seen to accept
a corrupted file and to start over after a kill.

Privacy: ``HF_HUB_OFFLINE`` (set for every library by ``app.hardening``) is
lifted only around the calls made here, for the person's own request;
telemetry is off, the library's home is a private folder in
Hearth's runtime directory (never ``~/.cache/huggingface``), and it is never
allowed to pick up a token on its own: the only token sent is the one the
person stored in the vault (setting ``hf_token``), and only to the Hub.
Every API call is written to the network log (:mod:`vault.netlog`).

Errors from the library and its HTTP client are translated here into
:class:`~engine.errors.DownloadFailed` children; none escapes raw.

The Hub's answers are hostile input. A body (after gzip/deflate, unpacked while it
streams) may be at most :data:`MAX_ANSWER_BYTES`, and one call at most
:data:`MAX_PAGES` answers: a compression bomb or an endless pagination is refused,
not read. Repository ids and revisions must look like ones; a file whose name has a
control character (NUL, newline, ESC…), a backslash or a ``..``/empty part, or whose
size or SHA-256 is not a number of bytes or a digest, is kept out of
:attr:`HubRepo.files` and listed in :attr:`HubRepo.refused` with the reason, so it
is refused before anything is downloaded and never reaches a plan or a path.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import re
import threading
import time
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from engine.errors import DownloadFailed, GatedModel, NoNetwork, NotFoundOnHub
from vault import Vault
from vault.netlog import NetEntry, record

DEFAULT_ENDPOINT = "https://huggingface.co"
TOKEN_SETTING = "hf_token"
API_TIMEOUT = 30.0
#: The most an API answer may be, unpacked; repository info with every file is well under 1 MiB.
MAX_ANSWER_BYTES = 32 << 20
#: The most answers (pages, retries) one API call may take.
MAX_PAGES = 20
#: The largest file size believed (1 PiB).
MAX_FILE_SIZE = 1 << 50
_REPO_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}")
_COMMIT_RE = re.compile(r"[0-9a-f]{40}")
_SHA256_RE = re.compile(r"[0-9a-f]{64}")
_env_lock = threading.Lock()
_prepared = False
_calls = threading.local()


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def stored_token(vault: Vault | None) -> str | None:
    """The access token kept in the vault, if any (None with no vault open)."""
    if vault is None or not vault.is_open:
        return None
    from vault.settings import get_setting

    value = get_setting(vault, TOKEN_SETTING)
    return str(value) if value else None


def store_token(vault: Vault, token: str | None) -> None:
    from vault.settings import set_setting

    set_setting(vault, TOKEN_SETTING, token or "")


@dataclass(frozen=True)
class HubFile:
    name: str
    size: int
    sha256: str | None          # the LFS SHA-256 of the content (None for non-LFS files)

    @property
    def quant(self) -> str:
        return quant_of(self.name)


@dataclass(frozen=True)
class HubRepo:
    repo: str
    revision: str               # the commit the listing is of
    gated: bool
    files: tuple[HubFile, ...]  # GGUF files only, smallest first
    license: str = ""
    #: GGUF files the Hub listed that are refused: (the name as given, why).
    refused: tuple[tuple[str, str], ...] = ()

    def refusal(self, name: str) -> str | None:
        """Why the file ``name`` is refused (None if it is not)."""
        return next((why for n, why in self.refused if n == name or n.lower() == name.lower()), None)


def file_name_problem(name: str) -> str | None:
    """Why a file name from the Hub cannot be used (None when it can): control characters
    (NUL, newline, ESC, C1, direction overrides), a backslash, an absolute path or a ``.``,
    ``..`` or empty part. Folders (``a/b.gguf``) are allowed; the file keeps its last part."""
    if not name or len(name) > 1024:
        return "it is empty or too long"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return "it contains control characters"
    if "\\" in name:
        return "it contains a backslash"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts) or len(parts[-1]) > 255:
        return "it points outside its folder"
    return None


def _size_problem(size: Any) -> str | None:
    if not isinstance(size, int) or isinstance(size, bool):
        return f"its size {_shown(size)} is not a number of bytes"
    if not 0 < size <= MAX_FILE_SIZE:
        return f"its size {size} is not a plausible number of bytes"
    return None


def _shown(value: Any) -> str:
    text = ascii(value)
    return text if len(text) <= 40 else text[:39] + "…"


@dataclass(frozen=True)
class HubModel:
    repo: str
    downloads: int = 0
    likes: int = 0
    gated: bool = False
    tags: tuple[str, ...] = field(default_factory=tuple)


_QUANTS = ("IQ1_S", "IQ1_M", "IQ2_XXS", "IQ2_XS", "IQ2_S", "IQ2_M", "IQ3_XXS", "IQ3_XS", "IQ3_S",
           "IQ3_M", "IQ4_XS", "IQ4_NL", "Q2_K_L", "Q2_K", "Q3_K_XL", "Q3_K_L", "Q3_K_M", "Q3_K_S",
           "Q4_0", "Q4_1", "Q4_K_XL", "Q4_K_L", "Q4_K_M", "Q4_K_S", "Q5_0", "Q5_1", "Q5_K_XL",
           "Q5_K_L", "Q5_K_M", "Q5_K_S", "Q6_K_XL", "Q6_K_L", "Q6_K", "Q8_K_XL", "Q8_0", "BF16",
           "F16", "F32", "MXFP4")


def quant_of(filename: str) -> str:
    """The quantisation named in a GGUF file name (``Qwen3-4B-Q4_K_M.gguf`` -> ``Q4_K_M``)."""
    upper = filename.upper().replace("-", "_").replace(".", "_")
    for q in _QUANTS:
        if f"_{q}_" in upper + "_" or upper.startswith(q + "_"):
            return q
    return "?"


def _prepare() -> None:
    """Environment for huggingface_hub, set before its first import (it reads it once)."""
    global _prepared
    with _env_lock:
        if _prepared:
            return
        if importlib.util.find_spec("huggingface_hub") is None:
            raise DownloadFailed("this build of Hearth cannot reach the Hugging Face Hub (the "
                                 "huggingface_hub package is not installed)")
        from vault.paths import ensure_private_dir, runtime_dir

        private = ensure_private_dir(runtime_dir() / "hf")
        os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
        os.environ["HF_HUB_DISABLE_IMPLICIT_TOKEN"] = "1"
        os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
        os.environ["HF_HUB_DISABLE_UPDATE_CHECK"] = "1"
        os.environ["HF_HOME"] = str(private)
        os.environ["HF_HUB_CACHE"] = str(private / "hub")
        os.environ["HF_XET_CACHE"] = str(private / "xet")
        from huggingface_hub import constants  # its constants are read now, from the values above

        # Imported earlier by another library? Then make sure of the one setting that matters.
        constants.HF_HUB_DISABLE_TELEMETRY = True

        with contextlib.suppress(Exception):  # older versions: no shared client to adjust
            from huggingface_hub import get_session

            session = get_session()
            hooks = session.event_hooks
            hooks["response"] = [*hooks.get("response", []), _bound_body, _count_response]
            session.event_hooks = hooks
            session.timeout = API_TIMEOUT
        _prepared = True


class _BoundedBody:
    """A response body unpacked (gzip, deflate) as it streams, refused past ``limit`` bytes.

    Made a subclass of the HTTP library's ``SyncByteStream`` (:func:`_body_class`), so the
    response treats it as its own stream."""

    def __init__(self, raw: Any, encoding: str, limit: int, url: str) -> None:
        self.raw, self.encoding, self.limit, self.url = raw, encoding, limit, url

    def _too_big(self) -> DownloadFailed:
        host = urlsplit(self.url).hostname or "the Hub"
        return DownloadFailed(f"{host} sent an answer larger than {self.limit >> 20} MiB"
                              + (" once unpacked" if self.encoding else "") + "; it was not read")

    def __iter__(self) -> Iterator[bytes]:
        wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS,
                 "deflate": zlib.MAX_WBITS, "": 0}.get(self.encoding)
        if wbits is None:
            raise DownloadFailed(f"the Hub answered in an encoding Hearth does not read "
                                 f"({_shown(self.encoding)})")
        inflate = zlib.decompressobj(wbits) if wbits else None
        total = 0
        try:
            for chunk in self.raw:
                if inflate is None:
                    total += len(chunk)
                    if total > self.limit:
                        raise self._too_big()
                    yield chunk
                    continue
                data = chunk
                while data:
                    # At most what is left of the limit, plus one byte to see it overflow.
                    out = inflate.decompress(data, self.limit - total + 1)
                    total += len(out)
                    if total > self.limit:
                        raise self._too_big()
                    if out:
                        yield out
                    data = inflate.unconsumed_tail
                    if inflate.eof and inflate.unused_data:   # another gzip member follows
                        data, inflate = inflate.unused_data, zlib.decompressobj(wbits)
        except zlib.error as exc:
            raise DownloadFailed(f"the Hub's answer could not be unpacked ({exc})") from None

    def close(self) -> None:
        self.raw.close()


def _bound_body(response: Any) -> None:
    """Response hook, for the API calls made here (inside :func:`_logged`): the body is read
    through :class:`_BoundedBody`, and a call may take at most :data:`MAX_PAGES` answers."""
    calls = getattr(_calls, "list", None)
    if calls is None:
        return
    if len(calls) >= MAX_PAGES:
        response.close()
        raise DownloadFailed(f"the Hub answered more than {MAX_PAGES} times for one request")
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding == "identity":
        encoding = ""
    response.stream = _body_class(type(response))(response.stream, encoding, MAX_ANSWER_BYTES,
                                                  str(response.request.url))
    if encoding:
        del response.headers["content-encoding"]    # unpacked by _BoundedBody, not again


_body_classes: dict[str, type[_BoundedBody]] = {}


def _body_class(response_type: type) -> type[_BoundedBody]:
    """:class:`_BoundedBody` as a ``SyncByteStream`` of the library ``response_type`` is from
    (httpx2 for huggingface_hub 1.x and later, httpx before)."""
    name = response_type.__module__.partition(".")[0]
    if name not in _body_classes:
        library = importlib.import_module(name)
        _body_classes[name] = type("BoundedBody", (_BoundedBody, library.SyncByteStream), {})
    return _body_classes[name]


def _count_response(response: Any) -> None:
    calls = getattr(_calls, "list", None)
    if calls is None:
        return
    url = urlsplit(str(response.request.url))
    try:
        length = max(0, int(response.headers.get("content-length") or 0))
    except ValueError:
        length = 0
    request_bytes = sum(len(k) + len(v) + 4 for k, v in response.request.headers.items())
    calls.append((response.request.method, url.hostname or "", url.path, response.status_code,
                  request_bytes, length))


_online_lock = threading.Lock()


@contextlib.contextmanager
def _online() -> Iterator[None]:
    """Lift ``HF_HUB_OFFLINE`` (which app.hardening sets for every library) for one call the
    person asked for; any other use of huggingface_hub in the process stays offline."""
    _prepare()
    from huggingface_hub import constants

    with _online_lock:
        saved = constants.HF_HUB_OFFLINE
        constants.HF_HUB_OFFLINE = False
        try:
            yield
        finally:
            constants.HF_HUB_OFFLINE = saved


@contextlib.contextmanager
def _logged(vault: Vault | None, what: str, started_by: str, detail: str = "") -> Iterator[None]:
    """Record each HTTP exchange made inside the block in the network log (``detail`` says
    what the request carried beyond its path, e.g. the search words)."""
    _calls.list = []
    start = time.time()
    status = "ok"
    try:
        with _online():
            yield
    except BaseException as exc:
        status = f"failed: {exc}"[:200]
        raise
    finally:
        seen, _calls.list = _calls.list, None
        host = urlsplit(endpoint()).hostname or ""
        if not seen:
            record(vault, NetEntry(kind="hub_api", host=host, path=what, status=status,
                                   started_at=start, ended_at=time.time(), started_by=started_by,
                                   detail="; ".join(filter(None, (detail, "sizes not counted")))))
        for method, h, path, code, out_bytes, in_bytes in seen:
            record(vault, NetEntry(kind="hub_api", host=h, method=method, path=path,
                                   status=str(code) if status == "ok" else status,
                                   bytes_out=out_bytes, bytes_in=in_bytes, started_at=start,
                                   ended_at=time.time(), started_by=started_by, detail=detail))


def translate(exc: BaseException, *, repo: str, what: str = "") -> DownloadFailed:
    """A huggingface_hub or HTTP error as one of ours, with what to do about it."""
    if isinstance(exc, DownloadFailed):
        return exc
    name = type(exc).__name__
    page = f"{endpoint()}/{repo}"
    status = getattr(getattr(exc, "response", None), "status_code", None)
    if name == "GatedRepoError" or (status in (401, 403) and name != "RepositoryNotFoundError"):
        return GatedModel(f"{repo} is gated: accept its licence at {page} while signed in, then "
                          "give Hearth an access token ('hearth models token')")
    if name in ("RepositoryNotFoundError", "RevisionNotFoundError", "EntryNotFoundError",
                "RemoteEntryNotFoundError") or status == 404:
        hint = (" (or it is private or gated: sign in at the Hub and give Hearth a token with "
                "'hearth models token')" if status == 401 else "")
        return NotFoundOnHub(f"{what or repo} was not found on {urlsplit(endpoint()).hostname}{hint}")
    transport = any(word in name for word in ("Connect", "Timeout", "Network", "Protocol"))
    if name == "OfflineModeIsEnabled" or transport or (isinstance(exc, OSError) and status is None):
        return NoNetwork(f"cannot reach {urlsplit(endpoint()).hostname}: {exc}".split("\n")[0])
    return DownloadFailed(f"the Hub answered with an error for {repo}: {exc}".split("\n")[0])


class Hub:
    """Search and metadata calls; cheap to create, one per request is fine."""

    def __init__(self, *, vault: Vault | None = None, token: str | None = None,
                 started_by: str = "") -> None:
        self.vault = vault
        self.token = token if token is not None else stored_token(vault)
        self.started_by = started_by
        self.endpoint = endpoint()

    def _api(self) -> Any:
        _prepare()
        from huggingface_hub import HfApi

        return HfApi(endpoint=self.endpoint, token=self.token or False,
                     library_name="hearth", library_version="0")

    def search(self, query: str, *, limit: int = 20) -> list[HubModel]:
        """GGUF repositories matching ``query``, most downloaded first."""
        _reachable(self.endpoint)
        try:
            with _logged(self.vault, "/api/models", self.started_by, f"search words: {query}"):
                found = list(self._api().list_models(search=query, filter="gguf", sort="downloads",
                                                     limit=limit))
        except Exception as exc:
            raise translate(exc, repo=query, what=f"search {query!r}") from exc
        return [HubModel(repo=str(m.id), downloads=_count(getattr(m, "downloads", 0)),
                         likes=_count(getattr(m, "likes", 0)),
                         gated=bool(getattr(m, "gated", False)),
                         tags=tuple(str(t)[:64] for t in (getattr(m, "tags", None) or ())
                                    if isinstance(t, str))[:64])
                for m in found[:limit] if isinstance(m.id, str) and _REPO_RE.fullmatch(m.id)]

    def repo(self, repo: str, *, revision: str = "main") -> HubRepo:
        """The repository's GGUF files with sizes and LFS SHA-256s."""
        try:
            with _logged(self.vault, f"/api/models/{repo}", self.started_by):
                info = self._api().model_info(repo, revision=None if revision == "main" else revision,
                                              files_metadata=True, timeout=API_TIMEOUT)
        except Exception as exc:
            raise translate(exc, repo=repo) from exc
        files, refused = [], []
        for s in (info.siblings or [])[:100_000]:
            name = s.rfilename if isinstance(s.rfilename, str) else ""
            if not name.lower().endswith(".gguf"):
                continue
            lfs = getattr(s, "lfs", None)
            sha = getattr(lfs, "sha256", None) if lfs is not None else None
            size = getattr(lfs, "size", None) if lfs is not None else None
            size = size if size is not None else (s.size or 0)
            problem = file_name_problem(name) or _size_problem(size)
            if problem is None and sha is not None and not (
                    isinstance(sha, str) and _SHA256_RE.fullmatch(sha.lower())):
                problem = f"its SHA-256 {_shown(sha)} is not one"
            if problem is not None:
                refused.append((name, problem))
                continue
            files.append(HubFile(name=name, size=size, sha256=sha.lower() if sha else None))
        return HubRepo(repo=self._same_repo(repo, info.id),
                       revision=self._commit(repo, info.sha, revision),
                       gated=bool(getattr(info, "gated", False)),
                       files=tuple(sorted(files, key=lambda f: (f.size, f.name))),
                       license=_license(info), refused=tuple(refused))

    @staticmethod
    def _same_repo(asked: str, answered: Any) -> str:
        """The repository id the Hub answered with (a renamed repository answers with its new
        name), when it looks like one; it goes into URLs and folder names."""
        if answered is None or answered == "":
            return asked
        if isinstance(answered, str) and _REPO_RE.fullmatch(answered):
            return answered
        raise DownloadFailed(f"the Hub answered for {_shown(answered)} when asked for {asked}: "
                             "not a repository id")

    @staticmethod
    def _commit(repo: str, sha: Any, revision: str) -> str:
        if sha is None or sha == "":
            return revision
        if isinstance(sha, str) and _COMMIT_RE.fullmatch(sha):
            return sha
        raise DownloadFailed(f"the Hub gave {_shown(sha)} as the revision of {repo}: not a commit")


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _license(info: Any) -> str:
    """The licence the model card names: a short word, else nothing (it is shown, not used)."""
    card = getattr(info, "card_data", None) or getattr(info, "cardData", None)
    if card is None:
        return ""
    value = getattr(card, "license", None) or (card.get("license") if isinstance(card, dict) else None)
    if not isinstance(value, str):
        return ""
    return value[:80]


def _reachable(url: str, *, timeout: float = 10.0) -> None:
    """Fail fast when the Hub cannot be reached: ``list_models`` retries a refused connection
    five times over 23 seconds. A bare TCP connect, nothing sent; skipped behind a proxy."""
    if any(os.environ.get(k) for k in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
                                       "ALL_PROXY", "all_proxy")):
        return
    import socket

    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname or "", port), timeout=timeout).close()
    except OSError as exc:
        raise NoNetwork(f"cannot reach {parts.hostname}: {exc.strerror or exc}") from exc


def resolve_url(repo: str, revision: str, filename: str) -> str:
    return f"{endpoint()}/{repo}/resolve/{quote(revision, safe='')}/{quote(filename)}"
