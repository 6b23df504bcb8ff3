"""A stand-in Hugging Face Hub on 127.0.0.1: the API paths huggingface_hub calls and file bytes.

Real HTTP (``http.server``, one thread per connection), real files: each repo
maps file names to files on disk (the tests serve the bundled SmolLM2 GGUF).
It speaks

* ``GET /api/models?search=…`` (a list of repositories);
* ``GET /api/models/{repo}`` and ``…/revision/{rev}`` (``?blobs=true`` adds each
  sibling's size and ``lfs`` {sha256, size, pointerSize});
* ``GET /api/models/{repo}/tree/{rev}``;
* ``HEAD``/``GET /{repo}/resolve/{rev}/{file}`` with ``Range``, ``ETag``,
  ``X-Linked-Etag``, ``X-Linked-Size``, ``X-Repo-Commit``;

and answers 401/403 (``X-Error-Code: GatedRepo``) for gated repos without the
right token, 404 (``RepoNotFound``/``EntryNotFound``) for what it lacks. Test
knobs: ``corrupt_at`` flips one served byte, ``vanish_after`` drops the
connection and stops the server after that many body bytes, ``drop_after`` only
drops that one connection, ``pause_after``
holds a response after that many bytes until ``resume`` is set, ``ignore_range``
answers every GET with the whole file (as some servers do), ``fake_size`` advertises
another LFS size (any JSON value). ``raw_api`` maps a path to (status, headers, body) sent
as they are (a gzip bomb, hostile JSON, an error with an endless body). ``served`` counts
the body bytes sent per file and ``requests`` records each request.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

COMMIT = "0123456789abcdef0123456789abcdef01234567"
_SHA_CACHE: dict[tuple[str, int, float], str] = {}


def file_sha256(path: Path) -> str:
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime)
    if key not in _SHA_CACHE:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while data := fh.read(1 << 22):
                digest.update(data)
        _SHA_CACHE[key] = digest.hexdigest()
    return _SHA_CACHE[key]


@dataclass
class Repo:
    files: dict[str, Path]
    gated: bool = False
    token: str | None = None
    license: str = "apache-2.0"
    downloads: int = 0


@dataclass
class Knobs:
    corrupt_at: int | None = None
    vanish_after: int | None = None
    drop_after: int | None = None       # cut one response at that offset, then serve normally
    pause_after: int | None = None
    ignore_range: bool = False
    resume: threading.Event = field(default_factory=threading.Event)
    paused: threading.Event = field(default_factory=threading.Event)
    gone: threading.Event = field(default_factory=threading.Event)
    vanishing: threading.Event = field(default_factory=threading.Event)
    fake_sha: dict[str, str] = field(default_factory=dict)   # file name -> advertised SHA-256
    fake_size: dict[str, Any] = field(default_factory=dict)  # file name -> advertised LFS size


class HubServer:
    def __init__(self) -> None:
        self.repos: dict[str, Repo] = {}
        self.knobs = Knobs()
        self.served: dict[str, int] = {}
        self.requests: list[dict[str, Any]] = []
        self.broken: set[str] = set()           # repositories whose API answers 500
        self.redirect_to: str | None = None      # resolve answers 302 to this base (a "CDN")
        self.raw_api: dict[str, tuple[int, dict[str, str], bytes]] = {}  # path -> the answer
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    def add_repo(self, repo: str, files: dict[str, Path], **kw: Any) -> None:
        self.repos[repo] = Repo(files=dict(files), **kw)

    def count(self, name: str, n: int) -> None:
        with self._lock:
            self.served[name] = self.served.get(name, 0) + n

    def start(self) -> HubServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.knobs.resume.set()
        if not self.knobs.gone.is_set():
            self.httpd.shutdown()
            self.httpd.server_close()

    def vanish(self) -> None:
        """Stop serving and close the listening socket: new connections are refused."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.knobs.gone.set()

    def __enter__(self) -> HubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what the API returns ------------------------------------------------------------------

    def model_json(self, name: str, repo: Repo, *, blobs: bool) -> dict[str, Any]:
        siblings = []
        for fname, path in repo.files.items():
            entry: dict[str, Any] = {"rfilename": fname}
            if blobs:
                size = path.stat().st_size
                sha = self.knobs.fake_sha.get(fname) or file_sha256(path)
                lfs_size = self.knobs.fake_size.get(fname, size)
                entry.update(size=size, blobId=hashlib.sha1(sha.encode()).hexdigest(),
                             lfs={"sha256": sha, "size": lfs_size, "pointerSize": 134})
            siblings.append(entry)
        return {"_id": hashlib.md5(name.encode()).hexdigest()[:24], "id": name, "modelId": name,
                "author": name.split("/")[0], "sha": COMMIT, "private": False,
                "gated": "manual" if repo.gated else False, "disabled": False,
                "downloads": repo.downloads, "likes": 1, "tags": ["gguf", "text-generation"],
                "pipeline_tag": "text-generation", "library_name": "gguf",
                "cardData": {"license": repo.license}, "siblings": siblings,
                "createdAt": "2025-01-01T00:00:00.000Z", "lastModified": "2025-01-01T00:00:00.000Z"}


def _handler(hub: HubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: Any) -> None:
            pass

        def _json(self, value: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
            body = json.dumps(value).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, code: str, message: str) -> None:
            self._json({"error": message}, status, {"X-Error-Code": code, "X-Error-Message": message})

        def _record(self) -> None:
            with hub._lock:
                hub.requests.append({"method": self.command, "path": self.path,
                                     "range": self.headers.get("Range"),
                                     "auth": self.headers.get("Authorization") is not None,
                                     "at": time.time()})

        def do_HEAD(self) -> None:
            self._route()

        def do_GET(self) -> None:
            self._route()

        def _route(self) -> None:
            if hub.knobs.vanishing.is_set():    # gone already, whatever the shutdown's timing
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._record()
            url = urlsplit(self.path)
            parts = [unquote(p) for p in url.path.strip("/").split("/")]
            query = parse_qs(url.query)
            if unquote(url.path) in hub.raw_api:
                status, headers, body = hub.raw_api[unquote(url.path)]
                self.send_response(status)
                for k, v in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(k, v)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return
            if parts[:2] == ["api", "models"]:
                if len(parts) == 2:
                    return self._search(query)
                repo_name = "/".join(parts[2:4])
                if repo_name in hub.broken:
                    return self._error(500, "InternalError", "Something went wrong")
                repo = hub.repos.get(repo_name)
                if repo is None:
                    return self._error(401 if self.headers.get("Authorization") is None else 404,
                                       "RepoNotFound", "Repository not found")
                rest = parts[4:]
                if not rest or rest[0] == "revision":
                    return self._json(hub.model_json(repo_name, repo, blobs="blobs" in query))
                if rest[0] == "tree":
                    return self._json([{"type": "file", "oid": hashlib.sha1(f.encode()).hexdigest(),
                                        "size": p.stat().st_size, "path": f,
                                        "lfs": {"oid": file_sha256(p), "size": p.stat().st_size,
                                                "pointerSize": 134}}
                                       for f, p in repo.files.items()])
                return self._error(404, "EntryNotFound", "Not found")
            if len(parts) >= 5 and parts[2] == "resolve":
                return self._resolve("/".join(parts[:2]), "/".join(parts[4:]))
            return self._error(404, "EntryNotFound", "Not found")

        def _search(self, query: dict[str, list[str]]) -> None:
            words = (query.get("search") or [""])[0].lower()
            found = [hub.model_json(n, r, blobs=False) for n, r in hub.repos.items()
                     if words in n.lower()]
            for f in found:
                f.pop("siblings", None)
            limit = int((query.get("limit") or ["1000"])[0])
            self._json(found[:limit])

        def _resolve(self, repo_name: str, fname: str) -> None:
            repo = hub.repos.get(repo_name)
            if repo is None:
                return self._error(401 if self.headers.get("Authorization") is None else 404,
                                   "RepoNotFound", "Repository not found")
            if repo.gated:
                auth = self.headers.get("Authorization")
                if auth is None:
                    return self._error(401, "GatedRepo", "Access to this model is restricted")
                if auth != f"Bearer {repo.token}":
                    return self._error(403, "GatedRepo", "You have not been granted access")
            path = repo.files.get(fname)
            if path is None:
                return self._error(404, "EntryNotFound", "Entry not found")
            if hub.redirect_to is not None:
                self.send_response(302)
                self.send_header("Location", hub.redirect_to + self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            size = path.stat().st_size
            sha = hub.knobs.fake_sha.get(fname) or file_sha256(path)
            start, end = 0, size - 1
            rng = None if hub.knobs.ignore_range else self.headers.get("Range")
            status = 200
            if rng:
                spec = rng.split("=", 1)[1]
                a, _, b = spec.partition("-")
                start = int(a)
                end = int(b) if b else size - 1
                if start >= size:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = 206
            length = end - start + 1
            self.send_response(status)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(length))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("ETag", f'"{sha}"')
            self.send_header("X-Linked-Etag", f'"{sha}"')
            self.send_header("X-Linked-Size", str(size))
            self.send_header("X-Repo-Commit", COMMIT)
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.end_headers()
            if self.command == "HEAD":
                return
            self._send_body(path, fname, start, length)

        def _send_body(self, path: Path, fname: str, start: int, length: int) -> None:
            k = hub.knobs
            plain = (k.corrupt_at is None and k.vanish_after is None and k.pause_after is None
                     and k.drop_after is None)
            with path.open("rb") as fh:
                if plain:
                    try:
                        sent = self.connection.sendfile(fh, start, length)
                    except OSError:
                        return
                    hub.count(fname, sent)
                    return
                fh.seek(start)
                pos, end = start, start + length
                while pos < end:
                    n = min(1 << 20, end - pos)
                    if k.pause_after is not None and pos < k.pause_after:
                        n = min(n, k.pause_after - pos)
                    if k.vanish_after is not None and pos < k.vanish_after:
                        n = min(n, k.vanish_after - pos)
                    if k.drop_after is not None and pos < k.drop_after:
                        n = min(n, k.drop_after - pos)
                    data = bytearray(fh.read(n))
                    if k.corrupt_at is not None and pos <= k.corrupt_at < pos + len(data):
                        data[k.corrupt_at - pos] ^= 0xFF
                    try:
                        self.wfile.write(data)
                    except OSError:
                        return
                    hub.count(fname, len(data))
                    pos += len(data)
                    if k.pause_after is not None and pos == k.pause_after:
                        k.paused.set()
                        k.resume.wait(60)
                    if k.drop_after is not None and pos == k.drop_after and pos < end:
                        k.drop_after = None
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)
                        self.close_connection = True
                        return
                    if k.vanish_after is not None and pos == k.vanish_after and pos < end:
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)
                        self.close_connection = True
                        k.vanishing.set()
                        threading.Thread(target=hub.vanish, daemon=True).start()
                        return

    return Handler
