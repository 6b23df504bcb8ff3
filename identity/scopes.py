"""The closed registry of scopes a plugin app may be granted.

Each scope has a plain-language label for the consent dialog. The personal
data scopes also name the data class (``vault.kinds``) they open, so that "ask
the assistant with personal context" retrieves only from the classes the same
app holds. ``documents.search`` opens documents only: notes, mail, calendar and
contacts each need their own scope. ``memory.write`` is the one scope that
writes: it adds facts to the person's profile (``vault.memory``) and reads
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NewType

from identity.errors import UnknownScope
from vault.kinds import CLASSES

Scope = NewType("Scope", str)


@dataclass(frozen=True)
class ScopeInfo:
    name: Scope
    label: str
    data_class: str | None = None


SCOPES: dict[str, ScopeInfo] = {info.name: info for info in (
    ScopeInfo(Scope("notes.read"), "Read your notes", "notes"),
    ScopeInfo(Scope("documents.search"), "Search your documents (not mail, calendar or contacts)",
              "documents"),
    ScopeInfo(Scope("mail.search"), "Search your e-mail", "mail"),
    ScopeInfo(Scope("calendar.read"), "Read your calendar", "calendar"),
    ScopeInfo(Scope("contacts.read"), "Read your contacts", "contacts"),
    ScopeInfo(Scope("assistant.personal"),
              "Ask your assistant questions that use your personal data "
              "(only the kinds of data this app may also read)"),
    ScopeInfo(Scope("assistant.general"), "Ask your assistant general questions, without your data"),
    ScopeInfo(Scope("embeddings"), "Use your computer's language model to compute text embeddings"),
    # Writes, never reads: the profile's memory opens no data class, so this adds nothing to what
    # the app may search or what its questions to the assistant draw on.
    ScopeInfo(Scope("memory.write"), "Remember facts you tell it, in your profile"),
)}

#: What one of the person's own paired devices may do on this one (``identity.devices``); never
#: granted to a plugin app (:func:`require_scope` knows only :data:`SCOPES`).
DEVICE_SCOPES: dict[str, ScopeInfo] = {info.name: info for info in (
    ScopeInfo(Scope("engine.chat"), "Use this computer's models to answer (your paired device)"),
    ScopeInfo(Scope("engine.split"), "Run part of a model on this computer (your paired device)"),
)}

MAX_SCOPES = len(SCOPES)
# Every data class a scope names is one of vault.kinds' classes (the allowlist's single source).
assert all(i.data_class is None or i.data_class in CLASSES for i in SCOPES.values())


def require_scope(value: object) -> Scope:
    if not isinstance(value, str) or value not in SCOPES:
        shown = value if isinstance(value, str) and len(value) <= 64 else "(not a scope name)"
        raise UnknownScope(f"unknown scope {shown!r}; known scopes: {', '.join(SCOPES)}")
    return SCOPES[value].name


def require_scopes(values: object) -> tuple[Scope, ...]:
    """A non-empty list of registry scopes, deduplicated and in registry order."""
    if not isinstance(values, list | tuple) or not values or len(values) > MAX_SCOPES * 4:
        raise UnknownScope("scopes must be a non-empty list of scope names")
    wanted = {require_scope(v) for v in values}
    return tuple(Scope(name) for name in SCOPES if name in wanted)


def label(scope: str) -> str:
    info = SCOPES.get(scope) or DEVICE_SCOPES.get(scope)
    return info.label if info else scope


def data_classes(scopes: tuple[Scope, ...] | list[Scope]) -> frozenset[str]:
    """The data classes the given scopes open (for personal-context retrieval)."""
    return frozenset(c for s in scopes if (c := SCOPES[s].data_class if s in SCOPES else None))
