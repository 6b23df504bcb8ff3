"""The MCP server's side of Hearth's gateway: a plugin app speaking HTTP over the private socket.

``hearth mcp`` never opens the vault. Like any plugin app it pairs with the running Hearth
(DIDAuth with its own did:key, :mod:`app.mcp.store`), attaches the grants it was given, asks for
more through consent requests, and calls the data endpoints; the gateway decides every request
against the grants table and audits it under this client's DID. So a revoke takes effect on the
next call whatever this process believes, and this process learns of it from the refusal
(:meth:`HearthLink.call` then re-checks its grants, and the tool list follows).

Transport and gateway errors become :mod:`app.mcp.errors` here and nowhere else: no socket, or a
refused connection, is "Hearth is not running" (or "locked", when the desktop app answers on its
own socket but serves no gateway: it stops the gateway when it locks); ``503 vault_locked`` is
"locked"; a lost session (Hearth restarted, the session expired) is paired again silently once.

A socket is used (or probed) only where no other account could have put it, whichever candidate
it is (Hearth's own runtime folder, the session's ``/run/user/UID`` one tried from a minimal
environment, or ``--socket``): the socket is a socket of this user's, not a link; its folder is a
private folder of this user's (:func:`vault.paths.is_private_dir`: a real folder, no access for
other accounts); and every folder above it is this user's or the system's and writable by no
other account unless sticky. The check runs on every use; a candidate that fails it is passed
over as if Hearth were not there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import stat
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from app.mcp.errors import Refused, Unavailable
from app.mcp.store import ClientStore, SavedGrant, State, display_name
from identity.scopes import label
from vault.paths import is_private_dir, runtime_dir

log = logging.getLogger("hearth.mcp")

GATEWAY_SOCKET = "gateway.sock"   # app.gateway.server.SOCKET_NAME (not imported: it pulls in the engine)
DESKTOP_SOCKET = "desktop.sock"   # app.gui.instance.SOCKET_NAME (not imported: Qt)
#: Gateway codes that mean "no grant lets this client do that (any more)".
GRANT_CODES = frozenset({"scope_not_granted", "grant_revoked", "grant_expired", "grant_used",
                         "grant_subject_mismatch", "consent_denied", "invalid_grant"})
PAIR_RETRY_S = 2.0
RESYNC_S = 60.0

NOT_RUNNING = ("Hearth is not running. Start Hearth (or run 'hearth serve' in a terminal), "
               "then try again.")
LOCKED = "Hearth is locked. Unlock Hearth (type your passphrase in its window), then try again."
NOT_SERVING = ("Hearth is open but is not serving apps: unlock Hearth, and check that the plugin "
               "gateway is on in its Settings; then try again.")

_WHY = {"grant_revoked": "the person revoked this client's access",
        "grant_expired": "this client's access has expired",
        "grant_used": "the access was for one use only and has been used",
        "consent_denied": "the person declined",
        "grant_subject_mismatch": "the grant belongs to another app",
        "invalid_grant": "the grant is not valid for this Hearth"}


class _SessionLost(Exception):
    pass


def _answers(path: Path) -> bool:
    """Whether something listens on the Unix socket ``path`` (the desktop app's instance socket)."""
    if not _trusted(path):
        return False
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(0.2)
    try:
        probe.connect(str(path))
        return True
    except OSError:
        return False
    finally:
        probe.close()


class HearthLink:
    """One MCP client's connection to Hearth: session, grants, consent requests, API calls.

    Thread-safe: calls run in worker threads (a long answer does not hold up a search); the
    session and the saved state change under one lock.
    """

    def __init__(self, store: ClientStore, *, sockets: list[Path] | None = None,
                 timeout: float = 300.0) -> None:
        self.store = store
        self.sockets = sockets or gateway_sockets()
        self._timeout = timeout
        self._http: httpx.Client | None = None
        self._http_path: Path | None = None
        self._token: str | None = None
        self._lock = threading.RLock()
        self.state: State = store.load()
        self.last_sync = 0.0
        self._next_pair = 0.0
        self.changed = False   # the granted scopes changed since the server last looked

    # -- what this client may do -------------------------------------------------------------------

    @property
    def scopes(self) -> frozenset[str]:
        """Scopes of the saved grants that have not expired (the gateway has the last word)."""
        now = time.time()
        return frozenset(s for g in self.state.grants if g.live(now) for s in g.scopes)

    @property
    def connected(self) -> bool:
        return self._token is not None

    def take_changed(self) -> bool:
        with self._lock:
            changed, self.changed = self.changed, False
            return changed

    def _set_state(self, state: State) -> None:
        before = self.scopes
        self.state = state
        if self.scopes != before:
            self.changed = True

    # -- HTTP --------------------------------------------------------------------------------------

    @property
    def socket_path(self) -> Path:
        """The gateway socket to use: the first candidate that exists where only this user could
        have made it (the first candidate, if none does: connecting to it then fails as absent)."""
        return next((p for p in self.sockets if _trusted(p)), self.sockets[0])

    def _client(self) -> httpx.Client:
        path = self.socket_path
        if self._http is None or path != self._http_path:
            if self._http is not None:
                self._http.close()
                self._token = None   # another gateway: its sessions are not this one's
            self._http = httpx.Client(transport=httpx.HTTPTransport(uds=str(path)), base_url="http://hearth",
                                      timeout=self._timeout)
            self._http_path = path
        return self._http

    def _unavailable(self) -> Unavailable:
        desktop = any(_answers(p.parent / DESKTOP_SOCKET) for p in self.sockets)
        return Unavailable(NOT_SERVING if desktop else NOT_RUNNING)

    def _raw(self, method: str, path: str, *, auth: bool, **kw: Any) -> dict[str, Any]:
        http = self._client()
        headers = {"Authorization": f"Bearer {self._token}"} if auth and self._token else {}
        response: httpx.Response | None = None
        for attempt in (0, 1):
            try:
                response = http.request(method, path, headers=headers, **kw)
                break
            except (httpx.ConnectError, FileNotFoundError):
                raise self._unavailable() from None
            except httpx.TimeoutException:
                raise Unavailable("Hearth did not answer in time; try again.") from None
            except httpx.TransportError:
                # A kept-alive connection the gateway closed (idle, or it restarted): once more, fresh.
                if attempt:
                    raise self._unavailable() from None
        assert response is not None
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.is_success and isinstance(body, dict):
            return body
        error = body.get("error", {}) if isinstance(body, dict) else {}
        code = str(error.get("code", "")) if isinstance(error, dict) else ""
        message = str(error.get("message", "")) if isinstance(error, dict) else ""
        if response.status_code == 503 and code == "vault_locked":
            raise Unavailable(LOCKED)
        if response.status_code == 401 and code == "no_session":
            raise _SessionLost
        raise Refused(message or f"Hearth answered {response.status_code}", code=code)

    # -- pairing and grants ------------------------------------------------------------------------

    def ensure_session(self) -> None:
        with self._lock:
            if self._token is None:
                self._pair()

    def _pair(self) -> None:
        from identity.holder import present

        key = self.store.key
        # The program that started this server (the MCP client) is what the person knows it by.
        hello = self._raw("POST", "/pair/hello", auth=False, json={
            "did": key.did, "name": display_name(self.store.name),
            "exe_path": self.store.program or str(Path(sys.argv[0]).resolve())})
        vp = present(key, challenge=str(hello["challenge"]), domain=str(hello["domain"]))
        proved = self._raw("POST", "/pair/prove", auth=False, json={"presentation": vp})
        self._token = str(proved["session_token"])
        self._attach_all()

    def _attach_all(self) -> None:
        """Attach every saved grant to the session; those Hearth refuses (revoked…) are dropped."""
        kept: dict[str, SavedGrant] = {}
        dropped: set[str] = set()
        for g in self.store.load().grants:
            try:
                r = self._raw("POST", "/session/grant", auth=True, json={"grant": g.token})
            except Refused as exc:
                if exc.code in GRANT_CODES or exc.code in ("invalid_proof", "not_found"):
                    dropped.add(g.token)
                    continue
                raise
            kept[g.token] = SavedGrant(g.token, str(r["grant_id"]), tuple(r["scopes"]), str(r["mode"]),
                                       float(r["expires_at"]))

        def apply(state: State) -> None:
            state.grants = [kept.get(g.token, g) for g in state.grants if g.token not in dropped]

        self._set_state(self.store.update(apply))
        self.last_sync = time.monotonic()

    def sync(self) -> None:
        """Check the saved grants with Hearth again (after a refusal, or when the list is stale)."""
        with self._lock:
            if self._token is None:
                self._pair()
            else:
                try:
                    self._attach_all()
                except _SessionLost:
                    self._token = None
                    self._pair()

    def tick(self) -> None:
        """Background work: pair once Hearth is there, ask on first start, follow pending requests."""
        with self._lock:
            if self._token is None:
                if time.monotonic() < self._next_pair or not any(_trusted(p) for p in self.sockets):
                    return
                try:
                    self._pair()
                except (Unavailable, Refused) as exc:   # not there, locked, or too many pairings
                    log.debug("not paired yet: %s", exc)
                    self._next_pair = time.monotonic() + PAIR_RETRY_S
                    return
            if not self.state.asked and not self.state.grants and not self.state.pending:
                try:
                    self.request(FIRST_ASK, purpose=f"Let {self.store.name} use your data through MCP: "
                                 "search and read your documents, notes, calendar and contacts, "
                                 "and ask Hearth")
                except Refused as exc:   # too many prompts, say: not again on every tick
                    log.warning("could not ask for access: %s", exc)
                    self._set_state(self.store.update(lambda state: setattr(state, "asked", True)))
            if self.state.pending:
                self._poll()

    def _poll(self) -> None:
        done: set[str] = set()
        new: list[SavedGrant] = []
        for request_id in list(self.state.pending):
            try:
                r = self._call_raw("GET", f"/grants/request/{request_id}")
            except Refused as exc:   # denied (consent_denied), or gone (not_found: expired, another Hearth)
                log.info("consent request %s: %s", request_id, exc.code)
                done.add(request_id)
                continue
            if r.get("status") == "approved":
                new.append(SavedGrant(str(r["grant"]), str(r["grant_id"]), tuple(r["scopes"]), str(r["mode"]),
                                      float(r["expires_at"])))
            if r.get("status") != "pending":
                done.add(request_id)
        if not done:
            return

        def apply(state: State) -> None:
            state.pending = [p for p in state.pending if p not in done]
            state.grants += [g for g in new if g.token not in {x.token for x in state.grants}]

        self._set_state(self.store.update(apply))

    def request(self, scopes: list[str], *, purpose: str) -> dict[str, Any]:
        """Ask the person for ``scopes`` (a consent request); the answer arrives through :meth:`tick`."""
        with self._lock:
            r = self._call_raw("POST", "/grants/request", json={"scopes": scopes, "purpose": purpose})

            def apply(state: State) -> None:
                state.asked = True
                state.pending.append(str(r["id"]))

            self._set_state(self.store.update(apply))
            return r

    # -- calls -------------------------------------------------------------------------------------

    def _call_raw(self, method: str, path: str, **kw: Any) -> dict[str, Any]:
        for attempt in (0, 1):
            self.ensure_session()
            try:
                return self._raw(method, path, auth=True, **kw)
            except _SessionLost:
                with self._lock:
                    self._token = None
                if attempt:
                    raise Unavailable("Hearth did not accept this client's session; try again.") from None
        raise AssertionError("unreachable")

    def call(self, method: str, path: str, *, scope: str, tool: str, **kw: Any) -> dict[str, Any]:
        """One API call for ``tool``; a refusal re-checks the grants and says why in plain words."""
        try:
            out = self._call_raw(method, path, **kw)
        except Refused as exc:
            if exc.code not in GRANT_CODES:
                raise
            with contextlib.suppress(Unavailable, Refused):
                self.sync()
            why = _WHY.get(exc.code, f"this client has not been allowed to {label(scope)[0].lower()}"
                                     f"{label(scope)[1:]}")
            raise Refused(f"Hearth refused {tool}: {why} ({exc.code}). Ask again with request_access; "
                          "the person answers in Hearth's window or with 'hearth grants'.",
                          code=exc.code) from None
        self._spent(scope)
        return out

    def _spent(self, scope: str) -> None:
        """An "only this time" grant is used up by the call it opened (unless a lasting one covered it)."""
        with self._lock:
            covering = [g for g in self.state.grants if scope in g.scopes and g.live()]
            if not covering or any(g.mode != "once" for g in covering):
                return
            token = covering[0].token
            self._set_state(self.store.update(
                lambda state: setattr(state, "grants", [g for g in state.grants if g.token != token])))

    def close(self) -> None:
        if self._http is not None:
            self._http.close()


def gateway_sockets(*, session_runtime: Path | None = None) -> list[Path]:
    """Where the running Hearth's gateway may listen, most likely first.

    ``runtime_dir()`` finds it when this process has Hearth's environment. But MCP clients
    start servers with a minimal one (``PATH``, ``HOME``…, no ``XDG_RUNTIME_DIR``), while the
    desktop app has the session's: so without either runtime variable, the session's usual
    runtime dir (``/run/user/UID``) is tried too, with the same per-home folder."""
    own = runtime_dir()
    found = [own / GATEWAY_SOCKET]
    if not os.environ.get("HEARTH_RUNTIME_DIR") and not os.environ.get("XDG_RUNTIME_DIR"):
        base = session_runtime or Path(f"/run/user/{os.getuid()}")
        found.append(base / "hearth" / own.name / GATEWAY_SOCKET)
    return found


def _trusted(path: Path) -> bool:
    """Whether ``path`` is a socket only this user (or the system) could have put there (see the
    module docstring): what another account left elsewhere is never connected to."""
    mine = os.geteuid() if hasattr(os, "geteuid") else 0
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISSOCK(st.st_mode) or st.st_uid != mine:
        return False
    if not is_private_dir(path.parent):   # ours, a real folder (no link), nobody else's way in
        return False
    for folder in Path(os.path.realpath(path.parent)).parents:
        try:
            st = os.stat(folder)
        except OSError:
            return False
        # Above it, each folder is ours or the system's, and no other account may replace what it
        # holds: not writable by others, unless sticky (/tmp, /dev/shm: only an entry's owner may
        # rename or remove it).
        if st.st_uid not in (mine, 0):
            return False
        if st.st_mode & 0o022 and not st.st_mode & stat.S_ISVTX:
            return False
    return True


#: What a client asks for on its first start; the person may narrow it. memory.write is never
#: asked for unprompted: a client gets it only through request_access.
FIRST_ASK = ["documents.search", "notes.read", "calendar.read", "contacts.read", "assistant.personal"]
