"""Pairing: a plugin proves it holds its did:key and gets a short-lived session.

DIDAuth: :meth:`Pairing.hello` issues a single-use challenge (30 s) for one
DID; the plugin answers with a VP-JWT over it whose ``nonce`` is the
challenge and ``aud`` this Hearth's domain (:meth:`Pairing.prove`). A
challenge is spent by the first answer, right or wrong, so none can be
replayed, and it is bound to the peer (connected program) that asked for it.
The name and program path a hello claims ride with the challenge and reach
the session only once the proof verifies: nothing is recorded about an app
before it has proved its DID (:func:`identity.apps.record_pairing`).

Sessions are bearer tokens bound to the plugin's DID; only their SHA-256 is
kept. Both live in this process's memory: the gateway that pairs is the one
that serves. Everything is bounded: challenges per peer and overall
(:class:`~identity.errors.TooManyRequests`), sessions per peer and per DID
(the oldest is dropped), and expired entries are pruned by :meth:`prune`.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from identity import jwt, proofs
from identity.didkey import Did, require_key_did
from identity.errors import InvalidProof, NoSession, PairingFailed, TooManyRequests

CHALLENGE_TTL_S = 30.0
SESSION_TTL_S = 3600.0
MAX_CHALLENGES = 1024
MAX_CHALLENGES_PER_PEER = 8
MAX_SESSIONS = 4096
MAX_SESSIONS_PER_PEER = 128
MAX_SESSIONS_PER_DID = 16


@dataclass(frozen=True)
class Challenge:
    value: str
    did: Did
    expires_at: float
    peer: str = ""
    name: str = ""
    claimed_exe_path: str = ""


@dataclass(frozen=True)
class Session:
    did: Did
    expires_at: float
    token_hash: str
    peer: str = ""
    name: str = ""
    claimed_exe_path: str = ""
    created_at: float = 0.0


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Pairing:
    """Challenges and sessions for one gateway (thread-safe)."""

    def __init__(self, *, domain: str, challenge_ttl: float = CHALLENGE_TTL_S,
                 session_ttl: float = SESSION_TTL_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.domain = domain
        self.challenge_ttl = challenge_ttl
        self.session_ttl = session_ttl
        self._clock = clock
        self._challenges: dict[str, Challenge] = {}
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def hello(self, did: object, *, peer: str = "", name: str = "",
              claimed_exe_path: str = "") -> Challenge:
        """A fresh single-use challenge for ``did`` (InvalidDid for anything but Ed25519 did:key)."""
        checked = require_key_did(did)
        now = self._clock()
        challenge = Challenge(secrets.token_urlsafe(24), checked, now + self.challenge_ttl, peer,
                              name, claimed_exe_path)
        with self._lock:
            self._prune(now)
            if peer and sum(c.peer == peer for c in self._challenges.values()) >= MAX_CHALLENGES_PER_PEER:
                raise TooManyRequests("this program has too many pairings in progress; finish one first")
            if len(self._challenges) >= MAX_CHALLENGES:
                raise TooManyRequests("too many pairings in progress; try again shortly")
            self._challenges[challenge.value] = challenge
        return challenge

    def prove(self, presentation: object, *, peer: str = "") -> tuple[str, Session]:
        """Check the VP-JWT answering a challenge; returns (session token, session)."""
        jws = jwt.decode(presentation, error=PairingFailed)
        assert isinstance(presentation, str)
        nonce = jws.payload.get("nonce")
        with self._lock:
            challenge = self._challenges.pop(nonce, None) if isinstance(nonce, str) else None
        if challenge is None:
            raise PairingFailed("unknown or already used challenge")
        if self._clock() > challenge.expires_at:
            raise PairingFailed("the challenge has expired; start pairing again")
        if challenge.peer != peer:
            raise PairingFailed("the answer came from another program than the one that said hello")
        if jws.issuer != challenge.did:
            raise PairingFailed("the presentation is not from the DID that asked to pair")
        if jws.payload.get("aud") != self.domain:
            raise PairingFailed("the presentation is for another audience")
        vp = jws.payload.get("vp")
        if not isinstance(vp, dict) or vp.get("holder", jws.issuer) != jws.issuer:
            raise PairingFailed("the presentation's holder is not its signer")
        try:
            proofs.verify_vp_jwt(presentation, challenge=challenge.value, domain=self.domain)
        except InvalidProof:
            # didkit's own wording stays out of the answer; the code says what failed.
            raise PairingFailed("the presentation's signature does not verify") from None
        token = "hs_" + secrets.token_urlsafe(32)
        now = self._clock()
        session = Session(challenge.did, now + self.session_ttl, _hash(token), peer, challenge.name,
                          challenge.claimed_exe_path, now)
        with self._lock:
            self._prune(now)
            self._evict_oldest(lambda s: s.did == session.did, MAX_SESSIONS_PER_DID)
            if peer:
                self._evict_oldest(lambda s: s.peer == peer, MAX_SESSIONS_PER_PEER)
            if len(self._sessions) >= MAX_SESSIONS:
                raise TooManyRequests("too many sessions are open")
            self._sessions[session.token_hash] = session
        return token, session

    def session(self, token: object) -> Session:
        """The live session for a bearer token; NoSession otherwise."""
        if not isinstance(token, str) or not token.startswith("hs_") or len(token) > 128:
            raise NoSession("pair first: no valid session token was presented")
        with self._lock:
            session = self._sessions.get(_hash(token))
            if session is not None and self._clock() > session.expires_at:
                del self._sessions[session.token_hash]
                session = None
        if session is None:
            raise NoSession("the session is unknown or has expired; pair again")
        return session

    def end_all(self, did: Did | None = None) -> None:
        with self._lock:
            for key in [k for k, s in self._sessions.items() if did is None or s.did == did]:
                del self._sessions[key]

    def prune(self) -> set[str]:
        """Drop expired challenges and sessions; returns the token hashes still live."""
        with self._lock:
            self._prune(self._clock())
            return set(self._sessions)

    def counts(self) -> tuple[int, int]:
        """(challenges, sessions) held now."""
        with self._lock:
            return len(self._challenges), len(self._sessions)

    def _evict_oldest(self, match: Callable[[Session], bool], keep_below: int) -> None:
        mine = sorted((s for s in self._sessions.values() if match(s)), key=lambda s: s.created_at)
        for stale in mine[: max(0, len(mine) - keep_below + 1)]:
            del self._sessions[stale.token_hash]

    def _prune(self, now: float) -> None:
        for key in [k for k, c in self._challenges.items() if c.expires_at < now]:
            del self._challenges[key]
        for key in [k for k, s in self._sessions.items() if s.expires_at < now]:
            del self._sessions[key]
