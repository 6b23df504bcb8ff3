"""The one definition of Hearth's data kinds and the data classes they belong to.

Importers store each document with a *kind* (``ParsedDocument.kind``): ``text``,
``markdown``, ``html``, ``docx``, ``pdf``, ``email``, ``event``, ``contact``,
``chat``; notes and remembered facts are kinds of their own. Grants, retrieval and the
plugin gateway never speak of kinds directly: they speak of *data classes*
(``notes``, ``documents``, ``mail``, ``calendar``, ``contacts``, ``chats``, ``memory``),
and every confinement is an **allowlist** built from this table by
:func:`kinds_of`. A kind that no class lists (a new importer nobody has
classified yet) belongs to no class, so no grant or confined search ever sees
it: unclassified data stays private until it is added here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

#: Document kinds written by the importers (``vault.importers``), by module.
TEXT: Final = "text"
MARKDOWN: Final = "markdown"
HTML: Final = "html"
DOCX: Final = "docx"
PDF: Final = "pdf"
EMAIL: Final = "email"
EVENT: Final = "event"
CONTACT: Final = "contact"
#: A conversation imported from another assistant's export (ChatGPT, Claude).
CHAT: Final = "chat"
#: Rows of the notes and memory tables, when they appear among search hits.
NOTE: Final = "note"
MEMORY: Final = "memory"

#: Data class -> the kinds it holds. The single source of truth for confinement.
CLASSES: Final[dict[str, frozenset[str]]] = {
    "notes": frozenset({NOTE}),
    "documents": frozenset({TEXT, MARKDOWN, HTML, DOCX, PDF}),
    "mail": frozenset({EMAIL}),
    "calendar": frozenset({EVENT}),
    "contacts": frozenset({CONTACT}),
    "chats": frozenset({CHAT}),
    "memory": frozenset({MEMORY}),
}

#: Words for each class, for consent dialogs and errors.
CLASS_LABELS: Final[dict[str, str]] = {
    "notes": "notes", "documents": "documents", "mail": "e-mail", "calendar": "calendar events",
    "contacts": "contacts",
    "chats": "conversations with other assistants", "memory": "what you asked Hearth to remember",
}


def class_of(kind: str) -> str | None:
    """The data class of a kind; None for a kind nobody classified (treat it as private)."""
    for name, kinds in CLASSES.items():
        if kind in kinds:
            return name
    return None


def kinds_of(classes: Iterable[str]) -> frozenset[str]:
    """Every kind the given classes hold (unknown class names add nothing)."""
    out: set[str] = set()
    for name in classes:
        out |= CLASSES.get(name, frozenset())
    return frozenset(out)


def document_kinds(classes: Iterable[str]) -> frozenset[str]:
    """The imported-document kinds among :func:`kinds_of` (no notes, no memory)."""
    return kinds_of(classes) - {NOTE, MEMORY}


ALL_CLASSES: Final = frozenset(CLASSES)

__all__ = ["ALL_CLASSES", "CHAT", "CLASSES", "CLASS_LABELS", "CONTACT", "DOCX", "EMAIL", "EVENT", "HTML",
           "MARKDOWN", "MEMORY", "NOTE", "PDF", "TEXT", "class_of", "document_kinds", "kinds_of"]
