"""Models on other machines the user trusts: OpenAI-compatible endpoints.

A remote endpoint is a name, a base URL (``http://host:port/v1``), the model id
to ask for, and whether it is enabled. Endpoints are kept in ``remotes.json``
in the data directory (no secrets there); an API key, if the endpoint needs
one, is kept in the vault (``remote_api_key:<name>`` in settings). A new
endpoint is disabled: until the user enables it, Hearth opens no connection
to it, and the router never considers it.

``start_remote_chat`` streams a chat completion over HTTP (SSE) on its own
thread and returns the same :class:`Generation` handle local models return,
so callers need not care where an answer was computed. HTTP and protocol
errors become :class:`RemoteFailed`; a slow endpoint hits the timeout.
When the exchange ends (answered, failed, cancelled), ``on_exchange`` gets an
:class:`Exchange`: bytes sent (the body) and received (the response body as
it came off the wire), the body's SHA-256, the outcome, and when.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx

from engine.errors import EngineError, ModelNotFound, RemoteFailed
from engine.models.registry import slug
from engine.running.generate import Answer, Generation, GenerationSettings, Message, answer_from_stream
from vault.errors import VaultError
from vault.fsutil import read_json, write_json

log = logging.getLogger(__name__)

REMOTES_FILE = "remotes.json"
KEY_SETTING = "remote_api_key:"


@dataclass(frozen=True)
class RemoteEndpoint:
    name: str
    url: str
    model: str
    enabled: bool = False
    timeout_s: float = 60.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Exchange:
    """One finished HTTP exchange with a remote endpoint (no content, only its size and hash)."""

    endpoint: str
    url: str
    sha256: str
    bytes_out: int
    bytes_in: int
    status: str          # "ok", "cancelled", "HTTP 503", "failed: …"
    started_at: float    # wall clock (time.time())
    ended_at: float


ExchangeHook = Callable[[Exchange], None]


def normalise_url(url: str) -> str:
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise EngineError(f"{url!r} is not an http(s) URL of an OpenAI-compatible server")
    base = url.strip().rstrip("/")
    return base if base.endswith("/v1") else base + "/v1"


class RemoteRegistry:
    def __init__(self, *, home: Path | None = None) -> None:
        self._home = home

    @property
    def file(self) -> Path:
        if self._home is not None:
            return self._home / REMOTES_FILE
        from vault.paths import data_dir

        return data_dir() / REMOTES_FILE

    def list(self) -> list[RemoteEndpoint]:
        try:
            raw = read_json(self.file, what="the remote model list")
        except VaultError as exc:  # damaged or unreadable: said as the engine's error
            raise EngineError(str(exc)) from None
        out = []
        for item in raw.get("remotes", []):
            try:
                out.append(RemoteEndpoint(str(item["name"]), str(item["url"]), str(item["model"]),
                                          bool(item.get("enabled", False)),
                                          float(item.get("timeout_s", 60.0))))
            except (KeyError, TypeError, ValueError):
                continue
        return out

    def get(self, name: str) -> RemoteEndpoint:
        for endpoint in self.list():
            if endpoint.name == name.strip().lower():
                return endpoint
        raise ModelNotFound(f"no remote model named {name!r}")

    def find(self, name: str) -> RemoteEndpoint | None:
        try:
            return self.get(name)
        except ModelNotFound:
            return None

    def add(self, name: str, url: str, *, model: str | None = None,
            timeout_s: float = 60.0) -> RemoteEndpoint:
        endpoint = RemoteEndpoint(slug(name), normalise_url(url), model or name, False, timeout_s)
        current = self.list()
        if any(e.name == endpoint.name for e in current):
            raise EngineError(f"a remote model named {endpoint.name!r} is already registered")
        self._save([*current, endpoint])
        return endpoint

    def set_enabled(self, name: str, enabled: bool) -> RemoteEndpoint:
        target = self.get(name)
        updated = RemoteEndpoint(target.name, target.url, target.model, enabled, target.timeout_s)
        self._save([updated if e.name == target.name else e for e in self.list()])
        return updated

    def remove(self, name: str) -> RemoteEndpoint:
        target = self.get(name)
        self._save([e for e in self.list() if e.name != target.name])
        return target

    def _save(self, endpoints: Sequence[RemoteEndpoint]) -> None:
        payload = {"remotes": [e.as_dict() for e in endpoints]}
        try:
            write_json(self.file, payload)  # write-then-rename: never half a list
        except VaultError as exc:
            raise EngineError(str(exc)) from None


@dataclass(frozen=True)
class EndpointCheck:
    """What ``GET {url}/models`` said: the model ids served, and the exchange's size."""

    models: tuple[str, ...]
    bytes_in: int
    status: str
    started_at: float
    ended_at: float


def check_endpoint(url: str, *, api_key: str | None = None, timeout_s: float = 10.0,
                   transport: httpx.BaseTransport | None = None) -> EndpointCheck:
    """Ask an OpenAI-compatible server which models it serves (sends nothing of the person's).

    Raises :class:`RemoteFailed` when it cannot be reached or does not answer like one."""
    base = normalise_url(url)
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    started = time.time()
    try:
        with httpx.Client(timeout=timeout_s, transport=transport, trust_env=False) as client:
            response = client.get(base + "/models", headers=headers)
    except httpx.TimeoutException:
        raise RemoteFailed(f"{base} did not answer within {timeout_s:g} s") from None
    except httpx.HTTPError as exc:
        raise RemoteFailed(f"{base} could not be reached: {exc}") from None
    if response.status_code in (401, 403):
        raise RemoteFailed(f"{base} refused the API key (HTTP {response.status_code})")
    if response.status_code >= 400:
        raise RemoteFailed(f"{base} answered HTTP {response.status_code}")
    try:
        data = response.json().get("data", [])
        models = tuple(str(m["id"]) for m in data if isinstance(m, dict) and "id" in m)
    except (ValueError, AttributeError, TypeError):
        raise RemoteFailed(f"{base} does not answer like an OpenAI-compatible server") from None
    return EndpointCheck(models, response.num_bytes_downloaded, f"HTTP {response.status_code}",
                         started, time.time())


def payload_for(endpoint: RemoteEndpoint, messages: Sequence[Message],
                settings: GenerationSettings) -> dict[str, Any]:
    """The exact JSON body sent to the endpoint (what the user previews before consenting)."""
    body: dict[str, Any] = {"model": endpoint.model, "messages": [dict(m) for m in messages],
                            "stream": True, "temperature": settings.temperature,
                            "top_p": settings.top_p, "max_tokens": settings.max_tokens}
    if settings.seed is not None:
        body["seed"] = settings.seed
    if settings.stop:
        body["stop"] = list(settings.stop)
    return body


def encode_payload(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def start_remote_chat(endpoint: RemoteEndpoint, body: bytes, *, api_key: str | None = None,
                      cancel: threading.Event | None = None,
                      transport: httpx.BaseTransport | None = None,
                      on_exchange: ExchangeHook | None = None) -> Generation:
    """Send ``body`` (already encoded, exactly as previewed) and stream the answer."""
    if not endpoint.enabled:
        raise RemoteFailed(f"the remote model {endpoint.name!r} is not enabled")
    events: queue.SimpleQueue[Any] = queue.SimpleQueue()
    stop = threading.Event()
    submitted = time.perf_counter()
    received = [0]

    def run() -> None:
        started = time.time()
        outcome: Answer | EngineError
        try:
            outcome = _stream(endpoint, body, api_key, stop, cancel, events, submitted, transport,
                              received)
            status = "cancelled" if outcome.finish_reason == "cancelled" else "ok"
        except EngineError as exc:
            outcome, status = exc, f"failed: {exc}"
        except httpx.TimeoutException:
            outcome = RemoteFailed(f"{endpoint.name} did not answer within {endpoint.timeout_s:g} s")
            status = f"failed: no answer within {endpoint.timeout_s:g} s"
        except httpx.HTTPError as exc:
            outcome = RemoteFailed(f"{endpoint.name} could not be reached: {exc}")
            status = f"failed: {exc}"
        except Exception as exc:  # a malformed stream is the endpoint's failure, not ours
            outcome = RemoteFailed(f"{endpoint.name} sent an unreadable answer: {exc}")
            status = f"failed: unreadable answer ({exc})"
        # Reported before the answer is handed over, so that a caller who has the answer knows
        # the exchange has been accounted for.
        if on_exchange is not None:
            try:
                on_exchange(Exchange(endpoint.name, endpoint.url, hashlib.sha256(body).hexdigest(),
                                     len(body), received[0], status, started, time.time()))
            except Exception as exc:
                log.warning("the exchange with %s could not be reported: %s", endpoint.name, exc)
        events.put(outcome)

    threading.Thread(target=run, name=f"hearth-remote-{endpoint.name}", daemon=True).start()
    return Generation(model=endpoint.name, _events=events, _stop=stop)


def _stream(endpoint: RemoteEndpoint, body: bytes, api_key: str | None, stop: threading.Event,
            cancel: threading.Event | None, events: queue.SimpleQueue[Any], submitted: float,
            transport: httpx.BaseTransport | None, received: list[int] | None = None) -> Answer:
    headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    timeout = httpx.Timeout(endpoint.timeout_s, connect=min(endpoint.timeout_s, 10.0))
    parts: list[str] = []
    finish = "stop"
    usage: dict[str, Any] = {}
    first: float | None = None
    chunks = 0
    with httpx.Client(timeout=timeout, transport=transport, trust_env=False) as client:
        with client.stream("POST", endpoint.url + "/chat/completions", content=body,
                           headers=headers) as response:
            if response.status_code >= 400:
                detail = response.read().decode("utf-8", "replace")[:200]
                if received is not None:
                    received[0] = response.num_bytes_downloaded
                raise RemoteFailed(f"{endpoint.name} answered HTTP {response.status_code}: {detail}")
            try:
                for line in response.iter_lines():
                    if stop.is_set() or (cancel is not None and cancel.is_set()):
                        finish = "cancelled"
                        break
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    chunk = json.loads(data)
                    usage = chunk.get("usage") or usage
                    for choice in chunk.get("choices", []):
                        text = (choice.get("delta") or {}).get("content")
                        if text:
                            if first is None:
                                first = time.perf_counter()
                            chunks += 1
                            parts.append(text)
                            events.put(text)
                        if choice.get("finish_reason"):
                            finish = choice["finish_reason"]
            finally:
                if received is not None:
                    received[0] = response.num_bytes_downloaded
    return answer_from_stream(parts, model=endpoint.name, finish=finish, usage=usage, chunks=chunks,
                              submitted=submitted, first=first)
