"""Routing, composed: the router built from this machine's models, remotes and the vault.

The engine's router knows nothing of the vault's memory or the audit log;
this module feeds it the user's policy, eval results and labelled examples
from the vault (with the embedding model to read labels by), the names the
privacy guard should watch for, and writes every remote call (sent or held
back) to the identity audit log, by hash and size, never content, and to the
network log (:mod:`vault.netlog`) with the host, bytes out and in, whether it
was personal, the redactions and the consent that let it go.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from engine.errors import EngineError
from engine.models.gguf import read_gguf
from engine.models.registry import ModelRegistry
from engine.routing.dispatch import Dispatcher, RemoteCall
from engine.routing.evals import latest_results, load_examples, summarise
from engine.routing.remote import KEY_SETTING, Exchange, RemoteRegistry
from engine.routing.router import Candidate, LabelExamples, ModelStats, Policy, Router
from engine.running.pool import ModelPool
from vault import Vault, VaultError
from vault.netlog import NetEntry, record
from vault.settings import get_setting, set_setting

log = logging.getLogger(__name__)

POLICY_SETTING = "router_policy"
ROUTER_AUDIT_DID = "hearth:router"


@functools.lru_cache(maxsize=64)
def _parameters(path: str, mtime: float) -> int:
    try:
        return read_gguf(Path(path)).parameter_count
    except Exception:  # an unreadable file still routes; it fails (and falls back) at load
        return 0


def parameters_of(path: Path) -> int:
    """A GGUF's parameter count (0 when it cannot be read), cached per file version."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _parameters(str(path), mtime)


def candidates(registry: ModelRegistry, remotes: RemoteRegistry,
               devices: Sequence[Candidate] = ()) -> list[Candidate]:
    """Local models (one name per file), the person's paired devices' models (``devices``, made
    by :mod:`app.link.routed`) and the other enabled remote endpoints."""
    out: list[Candidate] = []
    seen: set[Path] = set()
    for entry in registry.list():
        if entry.path in seen:
            continue
        seen.add(entry.path)
        out.append(Candidate(entry.name, False, parameters_of(entry.path)))
    out.extend(devices)
    taken = {c.name for c in devices}
    out.extend(Candidate(e.name, True, 0) for e in remotes.list() if e.enabled and e.name not in taken)
    return out


def load_policy(vault: Vault | None) -> Policy:
    """The person's routing policy; a damaged one routes by the defaults (and says so in the log)
    rather than stopping every answer."""
    if vault is None:
        return Policy()
    try:
        return Policy.from_json(get_setting(vault, POLICY_SETTING, ""))
    except EngineError as exc:
        log.warning("%s", exc)
        return Policy()


def save_policy(vault: Vault, policy: Policy) -> None:
    set_setting(vault, POLICY_SETTING, policy.to_json())


def load_stats(vault: Vault | None) -> list[ModelStats]:
    return summarise(latest_results(vault)) if vault is not None else []


def load_label_examples(vault: Vault | None) -> LabelExamples | None:
    from engine.search.embeddings import MODEL_ID

    return load_examples(vault, model_id=MODEL_ID)


def _embed(texts: list[str]) -> Any:
    from engine.search.embeddings import default_embedder

    return default_embedder().embed(texts)


def build_router(vault: Vault | None, registry: ModelRegistry | None = None,
                 remotes: RemoteRegistry | None = None, devices: Sequence[Candidate] = ()) -> Router:
    """The router over this machine's models, the paired devices' (``devices``) and enabled
    remotes, with the person's policy, eval results and labelled examples (read by the embedding
    model, loaded only when there are any)."""
    examples = load_label_examples(vault)
    return Router(candidates(registry or ModelRegistry(), remotes or RemoteRegistry(), devices),
                  policy=load_policy(vault), stats=load_stats(vault), examples=examples,
                  embed=_embed if examples is not None else None)


def known_names(vault: Vault | None) -> list[str]:
    """People's names the vault knows (memory about people, contacts), for the privacy guard."""
    if vault is None:
        return []
    from vault.documents import known_names as names_in

    try:
        return names_in(vault)
    except VaultError:
        return []


def api_key_lookup(vault: Vault | None) -> functools.partial[str | None]:
    return functools.partial(_api_key, vault)


def _api_key(vault: Vault | None, name: str) -> str | None:
    if vault is None or not vault.is_open:
        return None
    value = get_setting(vault, KEY_SETTING + name, "")
    return str(value) if value else None


def audit_remote_call(vault: Vault | None, call: RemoteCall) -> None:
    if vault is None or not vault.is_open:
        return
    from identity.audit import append

    items = [f"endpoint:{call.endpoint}", f"sha256:{call.sha256}", f"bytes:{call.size}"]
    items += [f"redacted:{kind}={count}" for kind, count in sorted(call.redactions.items())]
    append(vault, app_did=ROUTER_AUDIT_DID, app_name="Hearth router", scope="remote.call",
           decision="allow" if call.sent else "deny", reason=call.reason, items=items)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "") + (f":{parts.port}" if parts.port else "")


def _consent_words(call: RemoteCall) -> str | None:
    if not call.sent:
        return None
    return "you approved this exact body" if call.personal else "not needed: no personal data found"


def _detail(call: RemoteCall) -> str:
    red = ", ".join(f"{kind}={n}" for kind, n in sorted(call.redactions.items()))
    return f"{call.endpoint}: {call.reason}" + (f"; redacted {red}" if red else "")


class RemoteCallLog:
    """Writes each remote model call to the audit log (at once) and the network log.

    A call held back is logged when it is held back (nothing was sent). A sent call is logged
    when its HTTP exchange ends, with the bytes that came back; the two reports are matched by
    the body's SHA-256 (the same body may be sent twice: a queue per hash).
    """

    def __init__(self, vault: Vault | None, *, started_by: str = "router") -> None:
        self.vault = vault
        self.started_by = started_by
        self._sent: dict[str, list[tuple[RemoteCall, float]]] = {}
        self._lock = threading.Lock()

    def call(self, call: RemoteCall) -> None:
        audit_remote_call(self.vault, call)
        if call.sent:
            with self._lock:
                self._sent.setdefault(call.sha256, []).append((call, time.time()))
            return
        now = time.time()
        record(self.vault, NetEntry(
            kind="model_call", host=_host(call.url), method="POST",
            path=urlsplit(call.url).path + "/chat/completions", status="held back: not sent",
            started_at=now, ended_at=now, bytes_out=0, bytes_in=0, sha256=call.sha256,
            personal=call.personal, consent=None, detail=_detail(call), started_by=self.started_by))

    def exchange(self, ex: Exchange) -> None:
        with self._lock:
            queued = self._sent.get(ex.sha256) or []
            call = queued.pop(0)[0] if queued else None
        record(self.vault, NetEntry(
            kind="model_call", host=_host(ex.url), method="POST",
            path=urlsplit(ex.url).path + "/chat/completions", status=ex.status,
            started_at=ex.started_at, ended_at=ex.ended_at, bytes_out=ex.bytes_out,
            bytes_in=ex.bytes_in, sha256=ex.sha256, personal=call.personal if call else False,
            consent=_consent_words(call) if call else None,
            detail=_detail(call) if call else ex.endpoint, started_by=self.started_by))


def dispatcher(pool: ModelPool, vault: Vault | None,
               remotes: RemoteRegistry | None = None) -> Dispatcher:
    log = RemoteCallLog(vault)
    return Dispatcher(pool, remotes or RemoteRegistry(), api_key=api_key_lookup(vault),
                      on_remote_call=log.call, on_exchange=log.exchange)
