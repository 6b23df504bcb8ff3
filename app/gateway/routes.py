"""The gateway's routes: pairing, consent, and the OpenAI-compatible and data APIs.

Each handler gets a :class:`Request` and returns a :class:`Reply` (JSON) or a
:class:`Stream` (server-sent events); raising an error (ours or an
:class:`ApiError`) makes the server send the OpenAI-style error and audit the
denial. A handler that sends data opens the access with
:meth:`Request.begin_access` (the audit entry with its grant and item ids,
written before any byte of the answer); the server then records how it ended,
whatever the client does. A stream always ends with ``[DONE]`` or an error
event.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from app.gateway import data
from app.gateway.auth import Caller
from app.gateway.backend import usage
from app.gateway.connections import Peer
from app.gateway.errors import ApiError, api_error
from app.gateway.jsonbody import ascii_int, fields, is_bool, is_int, is_num, is_str, is_str_list
from app.gateway.parts import GatewayParts
from identity import consent, grants
from identity.apps import record_pairing
from identity.audit import AuditEntry
from identity.consent import RequestId
from identity.didkey import Did
from identity.errors import IdentityError
from identity.grants import Grant
from identity.scopes import SCOPES

#: How often an open stream's grant is re-read while the model has no new token for it.
REVOKE_POLL_S = 0.2


@dataclass
class Request:
    gateway: GatewayParts
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: dict[str, Any]
    caller: Caller
    params: dict[str, str] = field(default_factory=dict)
    scope: str = ""
    peer: Peer = field(default_factory=lambda: Peer("unknown"))
    access: AuditEntry | None = None

    def begin_access(self, grant: Grant, items: list[str] | tuple[str, ...] = ()) -> None:
        """Audit the access (scope, grant, items) now, before any of its data is sent."""
        self.access = self.gateway.auth.begin(self.caller, self.scope, grant, items)


@dataclass
class Reply:
    status: int
    body: dict[str, Any]


@dataclass
class Stream:
    """Server-sent events; ``events`` sets ``outcome`` (``completed``, ``revoked``, ``error``)."""

    events: Iterator[bytes]
    outcome: str = "client_closed"
    code: str = ""


Handler = Callable[[Request], "Reply | Stream"]


def _query(req: Request, spec: dict[str, Callable[[str], bool]]) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        pairs = parse_qsl(req.query, keep_blank_values=True, strict_parsing=bool(req.query),
                          max_num_fields=8)
    except ValueError:
        raise ApiError(400, "invalid_query", "the query string is malformed") from None
    for key, value in pairs:
        if key not in spec:
            raise ApiError(400, "unknown_field", f"unknown query parameter {key[:40]!r}")
        if key in out:
            raise ApiError(400, "duplicate_key", f"the query parameter {key!r} appears twice")
        if not spec[key](value):
            raise ApiError(400, "invalid_field", f"the query parameter {key!r} is out of range")
        out[key] = value
    return out


def _limit_ok(v: str) -> bool:
    n = ascii_int(v, digits=3)
    return n is not None and 1 <= n <= 200


# -- pairing and consent --------------------------------------------------------------------------

def pair_hello(req: Request) -> Reply:
    body = fields(req.body, {"did": is_str(100), "name": is_str(200), "exe_path": is_str(2048)},
                  required=("did", "name"))
    # Nothing is recorded about the app yet: its name and path are claims until it proves its DID.
    challenge = req.gateway.pairing.hello(body["did"], peer=req.peer.key, name=body["name"],
                                          claimed_exe_path=body.get("exe_path", ""))
    req.gateway.auth.note(req.peer.key, "unknown", scope="pair", decision="allow",
                          reason="challenge_issued", items=[f"claims:{challenge.did}"])
    return Reply(200, {"challenge": challenge.value, "domain": req.gateway.pairing.domain,
                       "expires_in": int(req.gateway.pairing.challenge_ttl)})


def pair_prove(req: Request) -> Reply:
    body = fields(req.body, {"presentation": is_str(16384)}, required=("presentation",))
    gw = req.gateway
    token, session = gw.pairing.prove(body["presentation"], peer=req.peer.key)
    app, renamed_from = record_pairing(gw.vault, session.did, name=session.name, exe_path=req.peer.exe,
                                       claimed_exe_path=session.claimed_exe_path)
    gw.auth.forget_name(session.did)
    if renamed_from is not None:
        gw.auth.record(session.did, scope="pair", decision="allow", reason="renamed",
                       items=[f"from:{renamed_from}"])
    gw.auth.record(session.did, scope="pair", decision="allow", reason="paired",
                   items=[f"peer:{req.peer.key}", f"exe:{app.exe_path}"])
    return Reply(200, {"session_token": token, "did": session.did,
                       "expires_in": int(gw.pairing.session_ttl)})


def _paired_only(req: Request) -> None:
    if req.caller.key:
        raise ApiError(403, "not_for_app_keys", "an app key cannot ask for more access: create a new "
                                                "key with the scopes it needs ('hearth keys create')")


def request_grant(req: Request) -> Reply:
    _paired_only(req)
    body = fields(req.body, {"scopes": is_str_list(len(SCOPES) * 2, 64), "purpose": is_str(500),
                             "mode": lambda v: v in grants.MODES, "days": is_int(1, grants.MAX_DAYS)},
                  required=("scopes", "purpose"))
    request = consent.create_request(req.gateway.vault, app_did=Did(req.caller.did), scopes=body["scopes"],
                                     purpose=body["purpose"], mode=body.get("mode", "until_expiry"),
                                     days=body.get("days"), exe_path=req.peer.exe)
    req.gateway.auth.record(req.caller.did, scope="consent", decision="allow", reason="requested",
                            items=[f"request:{request.id}"])
    return Reply(202, {"id": request.id, "status": request.status, "scopes": list(request.scopes)})


def poll_grant(req: Request) -> Reply:
    _paired_only(req)
    fields(req.body, {})
    request_id = req.params["id"]
    request = consent.get_request(req.gateway.vault, RequestId(request_id))
    if request.app_did != req.caller.did:
        raise ApiError(404, "not_found", f"no consent request {request_id!r}")
    out: dict[str, Any] = {"id": request.id, "status": request.status, "scopes": list(request.scopes)}
    if request.status not in ("approved", "denied"):
        req.gateway.auth.note(req.peer.key, req.caller.did, scope="consent", decision="allow",
                              reason=f"polled_{request.status}", items=[f"request:{request.id}"])
    else:
        grant = consent.granted(req.gateway.vault, request)  # ConsentDenied when denied
        req.gateway.auth.attach(req.caller, grant.vc_jwt)
        out.update(grant=grant.vc_jwt, grant_id=grant.id, scopes=list(grant.scopes), mode=grant.mode,
                   expires_at=int(grant.expires_at))
        req.gateway.auth.record(req.caller.did, scope="consent", decision="allow", reason="granted",
                                items=[f"grant:{grant.id}"])
    return Reply(200, out)


def attach_grant(req: Request) -> Reply:
    _paired_only(req)
    body = fields(req.body, {"grant": is_str(16384)}, required=("grant",))
    grant = req.gateway.auth.attach(req.caller, body["grant"])
    req.gateway.auth.record(req.caller.did, scope="consent", decision="allow", reason="attached",
                            items=[f"grant:{grant.id}"])
    return Reply(200, {"grant_id": grant.id, "scopes": list(grant.scopes), "mode": grant.mode,
                       "expires_at": int(grant.expires_at)})


# -- OpenAI-compatible API --------------------------------------------------------------------------

def list_models(req: Request) -> Reply:
    fields(req.body, {})
    _query(req, {})
    held = req.gateway.auth.lasting_scopes(req.caller, presented=req.headers.get("hearth-grant"))
    names = req.gateway.backend.model_names(req.gateway.vault, scopes=frozenset(held))
    req.gateway.auth.record(req.caller.did, scope="models", decision="allow", reason="ok",
                            items=[f"count:{len(names)}"])
    return Reply(200, {"object": "list", "data": [
        {"id": n, "object": "model", "created": 0,
         "owned_by": f"hearth: your device {n.split('/', 1)[0]}" if "/" in n else "hearth"} for n in names]})


def _message_ok(m: Any) -> bool:
    return (isinstance(m, dict) and set(m) <= {"role", "content", "name"}
            and m.get("role") in ("system", "user", "assistant")
            and isinstance(m.get("content"), str) and len(m["content"]) <= 32_000
            and isinstance(m.get("name", ""), str))


_CHAT_FIELDS = {
    "model": is_str(200),
    "messages": lambda v: isinstance(v, list) and 0 < len(v) <= 64 and all(_message_ok(m) for m in v),
    "stream": is_bool,
    "stream_options": lambda v: isinstance(v, dict) and set(v) <= {"include_usage"}
    and all(isinstance(x, bool) for x in v.values()),
    "max_tokens": is_int(1, 4096),
    "max_completion_tokens": is_int(1, 4096),
    "temperature": is_num(0, 2),
    "top_p": lambda v: is_num(0, 1)(v) and v > 0,
    "seed": is_int(-(2**31), 2**31 - 1),
    "stop": lambda v: is_str(64)(v) or is_str_list(4, 64)(v),
    "n": is_int(1, 1),
    "user": is_str(256),
    # Sent by editors and chat front ends with their defaults; accepted and left to Hearth's sampling.
    "frequency_penalty": is_num(-2, 2),
    "presence_penalty": is_num(-2, 2),
}


#: A paired device's model id, "desk/default" or "desk/default+personal" (a path is not one).
_DEVICE_MODEL = re.compile(r"[A-Za-z0-9][\w .-]{0,63}/[A-Za-z0-9][\w.:-]{0,127}(?:\+personal)?")


def chat_completions(req: Request) -> Reply | Stream:
    body = fields(req.body, _CHAT_FIELDS, required=("model", "messages"))
    gw = req.gateway
    device = gw.backend.device(gw.vault, body["model"])
    if device is None and _DEVICE_MODEL.fullmatch(body["model"]):
        raise ApiError(404, "device_not_paired",
                       f"no paired device serves {body['model']!r}: pair it with 'hearth link pair', "
                       "then see GET /v1/models")
    model, personal = (device.model, device.personal) if device else gw.backend.resolve(body["model"])
    req.scope = "assistant.personal" if personal else "assistant.general"
    grant = gw.auth.authorise(req.caller, req.scope, presented=req.headers.get("hearth-grant"))
    if device and personal and not device.peer.personal:
        raise ApiError(403, "device_not_personal",
                       f"{device.peer.name} was paired to answer general questions only, not from your "
                       f"data; ask {body['model'][:80].removesuffix('+personal')!r} or pair it again "
                       "with --personal yes")
    messages = [{"role": m["role"], "content": m["content"]} for m in body["messages"]]
    stop = body.get("stop")
    # Hearth's own sampling by model and request, unless the app sets an option itself.
    overrides: dict[str, Any] = {k: v for k, v in (
        ("temperature", body.get("temperature")), ("top_p", body.get("top_p")), ("seed", body.get("seed")),
        ("max_tokens", body.get("max_completion_tokens", body.get("max_tokens"))),
        ("stop", ((stop,) if isinstance(stop, str) else tuple(stop)) if stop else None)) if v is not None}
    cancel = threading.Event()
    answer = gw.backend.answer(gw.vault, messages, model=model, personal=personal,
                               classes=gw.auth.granted_classes(req.caller) if personal else frozenset(),
                               overrides=overrides, cancel=cancel, device=device)
    events_in = _device_errors(iter(answer), device.peer.name) if device else iter(answer)
    first_tokens: list[str] = []
    # Retrieval runs first: its items go on record before the model runs and before any byte.
    for event in events_in:
        if event.kind == "sources":
            req.begin_access(grant, [s.item_id for s in event.sources])
            break
        if event.kind == "token":  # (an answer that never looked: nothing personal in it)
            first_tokens.append(event.text)
    ident, created = "chatcmpl-" + secrets.token_hex(12), int(time.time())
    if not body.get("stream"):
        try:
            for _ in events_in:
                pass
        finally:
            cancel.set()
        grants.still_live(gw.vault, grant.id)
        reply = answer.reply
        return Reply(200, {"id": ident, "object": "chat.completion", "created": created,
                           "model": body["model"], "choices": [{
                               "index": 0, "message": {"role": "assistant", "content": reply.text},
                               "finish_reason": _finish(reply.stopped)}],
                           "usage": usage(reply.answer), "hearth": hearth_extension(reply)})
    include_usage = bool(body.get("stream_options", {}).get("include_usage"))

    def chunk(delta: dict[str, Any], finish: str | None, **extra: Any) -> bytes:
        return _sse({"id": ident, "object": "chat.completion.chunk", "created": created,
                     "model": body["model"], "choices": [{"index": 0, "delta": delta,
                                                          "finish_reason": finish}], **extra})

    stream = Stream(iter(()))

    def watch() -> None:
        # A revoke between tokens (a slow model, a long prompt) stops the model at once; the
        # stream then ends with the error below.
        while not cancel.wait(REVOKE_POLL_S):
            try:
                grants.still_live(gw.vault, grant.id)
            except Exception:
                cancel.set()
                return

    def events() -> Iterator[bytes]:
        threading.Thread(target=watch, name="hearth-gateway-revoke-watch", daemon=True).start()
        try:
            yield chunk({"role": "assistant", "content": ""}, None)
            for text in first_tokens:
                yield chunk({"content": text}, None)
            for event in events_in:
                if event.kind != "token":
                    continue
                # The grants table is the authority: a revoke ends the stream at the next token.
                grants.still_live(gw.vault, grant.id)
                yield chunk({"content": event.text}, None)
            grants.still_live(gw.vault, grant.id)
            reply = answer.reply
            yield chunk({}, _finish(reply.stopped), hearth=hearth_extension(reply))
            if include_usage:
                yield _sse({"id": ident, "object": "chat.completion.chunk", "created": created,
                            "model": body["model"], "choices": [], "usage": usage(reply.answer)})
            stream.outcome = "completed"
            yield b"data: [DONE]\n\n"
        except Exception as exc:  # every stream ends with [DONE] or an error event
            cancel.set()
            err = api_error(exc)
            stream.outcome = "revoked" if isinstance(exc, IdentityError) else "error"
            stream.code = err.code
            yield _sse(err.body())
        finally:
            cancel.set()

    stream.events = events()
    return stream


def _device_errors(events: Iterator[Any], name: str) -> Iterator[Any]:
    """A paired device's failure as the app's error: which device, and what happened in one line."""
    from engine.errors import RemoteNotAllowed
    from engine.link.errors import LinkFailed, LinkRefused

    try:
        yield from events
    except Exception as exc:
        cause: BaseException | None = exc
        while cause is not None and not isinstance(cause, LinkFailed | RemoteNotAllowed):
            cause = cause.__cause__
        if isinstance(cause, LinkRefused):
            said = str(cause) if name in str(cause) else f"your device {name} refused: {cause}"
            raise ApiError(403, "device_refused", f"{said} ({cause.reason})") from exc
        if isinstance(cause, LinkFailed):
            raise ApiError(503, "device_unreachable", f"your device {name} could not answer ({cause}); "
                                                      "ask one of this computer's models") from exc
        if isinstance(cause, RemoteNotAllowed):
            raise ApiError(403, "personal_details", f"not sent to {name}: {cause}") from exc
        raise


def _finish(stopped: str) -> str:
    """OpenAI's finish reasons: a length stop is "length"; loop and cancel end as "stop"."""
    return "length" if stopped == "length" else "stop"


def hearth_extension(reply: Any) -> dict[str, Any]:
    """What Hearth adds to an OpenAI answer: quotes, sources, the support check, the stop reason.

    Text from the person's files is data for the app to show, never instructions to it."""
    out = reply.as_dict()
    return {k: out[k] for k in ("headline", "quotes", "sources", "unsupported", "stopped", "grounding",
                                "notice")}


def _sse(obj: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(obj, separators=(",", ":")).encode() + b"\n\n"


def embeddings(req: Request) -> Reply:
    body = fields(req.body, {
        "input": lambda v: is_str(8000)(v) or is_str_list(64, 8000)(v),
        "model": is_str(200), "encoding_format": lambda v: v in ("float", "base64"),
        "user": is_str(256), "dimensions": is_int(1, 4096)}, required=("input", "model"))
    req.scope = "embeddings"
    grant = req.gateway.auth.authorise(req.caller, req.scope, presented=req.headers.get("hearth-grant"))
    texts = [body["input"]] if isinstance(body["input"], str) else list(body["input"])
    vectors = req.gateway.backend.embed(texts)
    if "dimensions" in body and body["dimensions"] != len(vectors[0]):
        raise ApiError(400, "invalid_field", f"this model gives {len(vectors[0])} dimensions")
    as_b64 = body.get("encoding_format") == "base64"
    out = [{"object": "embedding", "index": i,
            "embedding": base64.b64encode(struct.pack(f"<{len(v)}f", *v)).decode() if as_b64 else v}
           for i, v in enumerate(vectors)]
    req.gateway.auth.record(req.caller.did, scope=req.scope, decision="allow", reason="ok",
                            items=[f"grant:{grant.id}", f"count:{len(texts)}"])
    return Reply(200, {"object": "list", "data": out, "model": body["model"],
                       "usage": {"prompt_tokens": 0, "total_tokens": 0}})


# -- data endpoints -------------------------------------------------------------------------------

def _data_reply(req: Request, scope: str, fetch: Callable[[], list[dict[str, Any]]]) -> Reply:
    req.scope = scope
    grant = req.gateway.auth.authorise(req.caller, scope, presented=req.headers.get("hearth-grant"))
    found = fetch()
    req.begin_access(grant, [str(f["id"]) for f in found])
    return Reply(200, {"object": "list", "data": found})


def notes(req: Request) -> Reply:
    fields(req.body, {})
    q = _query(req, {"limit": _limit_ok, "q": lambda v: 0 < len(v) <= 500})
    return _data_reply(req, "notes.read", lambda: data.notes(
        req.gateway.vault, limit=int(q.get("limit", "50")), query=q.get("q")))


def search(req: Request) -> Reply:
    _query(req, {})
    body = fields(req.body, {"query": lambda v: is_str(500)(v) and bool(v.strip()),
                             "limit": is_int(1, 50)}, required=("query",))
    # Documents, plus whatever other classes this app's live grants open (notes, mail…): an
    # allowlist from the grants, never "everything but".
    return _data_reply(req, "documents.search", lambda: data.search(
        req.gateway.vault, body["query"], limit=body.get("limit", 10),
        classes={"documents"} | req.gateway.auth.granted_classes(req.caller)))


def calendar(req: Request) -> Reply:
    fields(req.body, {})
    q = _query(req, {"limit": _limit_ok})
    return _data_reply(req, "calendar.read", lambda: data.documents_of_class(
        req.gateway.vault, "calendar", limit=int(q.get("limit", 50))))


def contacts(req: Request) -> Reply:
    fields(req.body, {})
    q = _query(req, {"limit": _limit_ok})
    return _data_reply(req, "contacts.read", lambda: data.documents_of_class(
        req.gateway.vault, "contacts", limit=int(q.get("limit", 50))))


def memory(req: Request) -> Reply:
    """Add one fact to the person's profile (``memory.write``); the audit names the memory, not its text."""
    from vault.memory import KINDS, add_memory, guess_kind

    _query(req, {})
    body = fields(req.body, {"text": lambda v: is_str(500)(v) and len(v.strip()) >= 3,
                             "kind": lambda v: v in KINDS}, required=("text",))
    req.scope = "memory.write"
    grant = req.gateway.auth.authorise(req.caller, req.scope, presented=req.headers.get("hearth-grant"))
    text = " ".join(body["text"].split())
    kind = body.get("kind") or guess_kind(text)
    memory_id = add_memory(req.gateway.vault, text, kind=kind)
    req.begin_access(grant, [f"memory:{memory_id}"])
    return Reply(200, {"id": f"memory:{memory_id}", "kind": kind, "text": text})


#: (method, path pattern, handler, audit scope, needs a session). ``{id}`` matches one segment.
ROUTES: list[tuple[str, str, Handler, str, bool]] = [
    ("POST", "/pair/hello", pair_hello, "pair", False),
    ("POST", "/pair/prove", pair_prove, "pair", False),
    ("POST", "/grants/request", request_grant, "consent", True),
    ("GET", "/grants/request/{id}", poll_grant, "consent", True),
    ("POST", "/session/grant", attach_grant, "consent", True),
    ("GET", "/v1/models", list_models, "models", True),
    ("POST", "/v1/chat/completions", chat_completions, "assistant", True),
    ("POST", "/v1/embeddings", embeddings, "embeddings", True),
    ("GET", "/v1/hearth/notes", notes, "notes.read", True),
    ("POST", "/v1/hearth/search", search, "documents.search", True),
    ("GET", "/v1/hearth/calendar", calendar, "calendar.read", True),
    ("GET", "/v1/hearth/contacts", contacts, "contacts.read", True),
    ("POST", "/v1/hearth/memory", memory, "memory.write", True),
]


def match(method: str, path: str) -> tuple[tuple[str, str, Handler, str, bool], dict[str, str]] | None:
    """The route for ``method path`` and its parameters; ApiError 405 for a known path, else None."""
    parts = path.rstrip("/").split("/") if path != "/" else [""]
    allowed = False
    for route in ROUTES:
        pattern = route[1].split("/")
        if len(pattern) != len(parts):
            continue
        params: dict[str, str] = {}
        for want, got in zip(pattern, parts, strict=True):
            if want == "{id}":
                if not (0 < len(got) <= 64 and got.isalnum()):
                    break
                params["id"] = got
            elif want != got:
                break
        else:
            if route[0] == method:
                return route, params
            allowed = True
    if allowed:
        raise ApiError(405, "method_not_allowed", f"{method[:10]} is not allowed on {path[:100]}")
    return None
