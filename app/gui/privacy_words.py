"""The access log in plain words: one row per access, what happened said as a person would.

The audit log records an access and, for a request that streams or answers later, a second
entry with how it ended (``outcome_of:<seq>``: completed, client_closed, error, revoked).
:func:`access_rows` folds each outcome into its access, so the Privacy view lists every
access once. :data:`REASON_WORDS` turns the gateway's codes (``ok``, ``scope_not_granted``,
``polled_pending``…) into the words the consent dialog uses; an unknown code is shown as
"Refused" or "Allowed" with the code kept in the tooltip, never as the headline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REASON_WORDS = {
    "ok": "Allowed",
    "completed": "Allowed, done",
    "client_closed": "Allowed; the app stopped reading before the end",
    "error": "Allowed, but it failed inside Hearth",
    "revoked": "Cut off: you revoked its access",
    "scope_not_granted": "Refused: you have not allowed this",
    "grant_revoked": "Refused: you revoked this access",
    "grant_expired": "Refused: the permission has expired",
    "grant_used": "Refused: the one-time permission was already used",
    "grant_subject_mismatch": "Refused: the permission belongs to another app",
    "consent_denied": "Refused: you said no",
    "requested": "Asked for your permission",
    "granted": "Got your permission",
    "attached": "Started using your permission",
    "polled_pending": "Checked whether you had answered (not yet)",
    "polled_approved": "Checked whether you had answered (you allowed it)",
    "polled_denied": "Checked whether you had answered (you said no)",
    "polled_expired": "Checked whether you had answered (the question expired)",
    "paired": "Paired with Hearth",
    "renamed": "Paired again under a new name",
    "challenge_issued": "Started pairing",
    "invalid_proof": "Refused: it could not prove who it is",
    "invalid_did": "Refused: it gave no valid identity",
    "invalid_grant": "Refused: the permission it showed is not valid",
    "invalid_api_key": "Refused: wrong app key",
    "key_revoked": "Refused: its app key was revoked",
    "key_expired": "Refused: its app key expired",
    "too_many_requests": "Refused: too many requests at once",
    "no_session": "Refused: it had not paired first",
    "unknown_scope": "Refused: it asked for something Hearth does not offer",
    "not_found": "Refused: no such thing",
    "pairing_failed": "Refused: pairing failed",
    "audit_broken": "Refused: the access log failed its check",
}

STATUS_WORDS = {"active": "Allowed", "revoked": "Revoked", "expired": "Expired",
                "unused": "Lapsed (not used for a long time)", "used": "Used (it was once only)"}

SCOPE_WORDS = {"pair": "Pairing", "consent": "Asking your permission", "connect": "Connecting",
               "models": "Listing the models"}


def scope_words(scope: str) -> str:
    if scope in SCOPE_WORDS:
        return SCOPE_WORDS[scope]
    from identity.scopes import label

    parts = [p for p in scope.split(",") if p]
    return ", ".join(label(p) for p in parts) or "Something"


def reason_words(decision: str, reason: str) -> str:
    if reason in REASON_WORDS:
        return REASON_WORDS[reason]
    return "Refused" if decision == "deny" else "Allowed"


@dataclass
class Access:
    """One access as the Privacy view lists it."""

    seq: int
    ts: float
    scope: str
    decision: str
    reason: str
    items: list[str] = field(default_factory=list)
    outcome: str = ""

    @property
    def allowed(self) -> bool:
        return self.decision == "allow" and self.reason == "ok"

    @property
    def words(self) -> str:
        if self.outcome:
            return reason_words("deny" if self.outcome == "revoked" else "allow", self.outcome)
        return reason_words(self.decision, self.reason)

    @property
    def codes(self) -> str:
        return f"{self.decision}: {self.reason}" + (f", then {self.outcome}" if self.outcome else "")


def access_rows(entries: list[Any]) -> list[Access]:
    """The audit entries (oldest first) as accesses, each outcome folded into its access."""
    rows: list[Access] = []
    by_seq: dict[int, Access] = {}
    for e in entries:
        outcome_of = next((i for i in e.items if i.startswith("outcome_of:")), "")
        if outcome_of:
            try:
                target = by_seq.get(int(outcome_of.split(":", 1)[1]))
            except ValueError:
                target = None
            if target is not None:
                target.outcome = e.reason
                continue
        row = Access(e.seq, e.ts, e.scope, e.decision, e.reason, list(e.items))
        by_seq[e.seq] = row
        rows.append(row)
    return rows
