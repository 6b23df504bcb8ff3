"""The audit log: every allowed and denied plugin request, hash-chained in the vault.

Each entry records when, which app (DID and name), which scope, which items
(ids and counts, never contents or tokens), the decision and its reason.
``hash = sha256(prev_hash || canonical JSON of the entry)``, so editing or
removing an entry breaks the chain from that point. Removing entries from
the end would leave a valid chain, so the head (last seq and hash) is also
kept in ``settings`` under an HMAC keyed by a key derived from the vault key:
:func:`verify` detects any edited, removed or appended-by-hand entry.

An access that sends personal data is two entries: the access itself (scope,
grant, items), written before the first byte leaves, and its outcome
(:func:`append_outcome`: ``completed``, ``client_closed``, ``error`` or
``revoked``), which names the first by ``outcome_of:<seq>``. Entries are only
ever appended, so the outcome cannot be written into the first.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Sequence
from typing import Any

from identity import store
from identity.errors import AuditBroken
from identity.store import AUDIT_FIELDS as _FIELDS
from identity.store import AUDIT_HEAD_KEY as HEAD_KEY
from identity.store import AuditEntry
from vault import Vault

GENESIS = "0" * 64
MAX_ITEMS = 200
OUTCOMES = ("completed", "client_closed", "error", "revoked")

__all__ = ["GENESIS", "HEAD_KEY", "MAX_ITEMS", "OUTCOMES", "AuditEntry", "append", "append_outcome",
           "entries", "summarise_items", "verify"]


def _entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(prev_hash.encode() + canonical.encode()).hexdigest()


def _head_mac(vault: Vault, seq: int, head: str) -> str:
    key = vault.subkey(b"hearth audit head v1")
    return hmac.new(key, f"{seq}:{head}".encode(), hashlib.sha256).hexdigest()


def summarise_items(items: Sequence[str]) -> list[str]:
    """Item ids as stored: capped, with a count marker when some were left out."""
    kept = [str(i)[:96] for i in items[:MAX_ITEMS]]  # room for "sha256:<64 hex>"
    if len(items) > MAX_ITEMS:
        kept.append(f"+{len(items) - MAX_ITEMS} more")
    return kept


def append(vault: Vault, *, app_did: str, app_name: str = "", scope: str = "", decision: str,
           reason: str = "", items: Sequence[str] = ()) -> AuditEntry:
    """Add one entry at the end of the chain (one write transaction, head included)."""
    if decision not in ("allow", "deny"):
        raise ValueError("decision is 'allow' or 'deny'")
    ts = time.time()
    stored_items = summarise_items(items)
    app_did, app_name, scope, reason = app_did[:200], app_name[:80], scope[:64], reason[:200]

    def link(seq: int, last_hash: str | None) -> tuple[AuditEntry, str]:
        prev = GENESIS if last_hash is None else last_hash
        fields: dict[str, Any] = {"seq": seq, "ts": ts, "app_did": app_did, "app_name": app_name,
                                  "scope": scope, "items": stored_items, "decision": decision,
                                  "reason": reason}
        digest = _entry_hash(prev, fields)
        head = json.dumps({"seq": seq, "hash": digest, "mac": _head_mac(vault, seq, digest)})
        return AuditEntry(seq, ts, app_did, app_name, scope, stored_items, decision, reason, prev,
                          digest), head

    return store.append_entry(vault, link)


def append_outcome(vault: Vault, access: AuditEntry, outcome: str, *, code: str = "") -> AuditEntry:
    """How the access ``access`` ended, as a second entry naming the first."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome is one of {', '.join(OUTCOMES)}")
    items = [f"outcome_of:{access.seq}"] + ([f"code:{code}"] if code else [])
    return append(vault, app_did=access.app_did, app_name=access.app_name, scope=access.scope,
                  decision="deny" if outcome == "revoked" else "allow", reason=outcome, items=items)


def entries(vault: Vault, *, app_did: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Entries oldest first (the newest ``limit`` when given)."""
    return store.load_entries(vault, app_did=app_did, limit=limit)


def verify(vault: Vault) -> int:
    """Check the whole chain and its sealed head; returns the entry count or raises AuditBroken."""
    chain, head_text = store.load_chain(vault)
    prev, expected_seq = GENESIS, 1
    for entry in chain:
        if entry.seq != expected_seq:
            raise AuditBroken(f"audit entry {expected_seq} is missing")
        if entry.prev_hash != prev:
            raise AuditBroken(f"audit entry {entry.seq} does not follow the one before it")
        fields = {name: getattr(entry, name) for name in _FIELDS}
        if _entry_hash(prev, fields) != entry.hash:
            raise AuditBroken(f"audit entry {entry.seq} was changed after it was written")
        prev, expected_seq = entry.hash, expected_seq + 1
    count = expected_seq - 1
    if head_text is None:
        if count:
            raise AuditBroken("the audit log's sealed head is missing")
        return 0
    try:
        head = json.loads(head_text)
        seq, digest, mac = int(head["seq"]), str(head["hash"]), str(head["mac"])
    except (ValueError, KeyError, TypeError):
        raise AuditBroken("the audit log's sealed head is unreadable") from None
    if not hmac.compare_digest(mac, _head_mac(vault, seq, digest)):
        raise AuditBroken("the audit log's sealed head was changed")
    if seq != count:
        raise AuditBroken(f"the audit log ends at entry {count} but was sealed at entry {seq}: "
                          "entries were removed or added by hand")
    if digest != prev:
        raise AuditBroken("the audit log was rewritten: its chain no longer ends at the sealed head")
    return count
