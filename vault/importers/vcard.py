"""A tolerant vCard reader (2.1, 3.0 and 4.0), line by line, as address books read each other.

Contract: :func:`read_cards` takes the text of a .vcf file and yields one :class:`Card` per
``BEGIN:VCARD`` … ``END:VCARD`` (any case; a card nested in ``AGENT`` is part of its owner).
A card is a list of :class:`Property` with their values decoded:

* folded lines are unfolded (RFC 6350: a line starting with a space or tab continues the
  previous one); a quoted-printable value ending in ``=`` continues on the next line
  (vCard 2.1, as Outlook, Android and Evolution write it);
* ``ENCODING=QUOTED-PRINTABLE`` (or a bare ``QUOTED-PRINTABLE``) values are decoded to bytes
  and then read in their ``CHARSET`` (UTF-8 when none is named); base64 values (photos, keys)
  are dropped;
* 2.1's bare parameters (``TEL;CELL;PREF``) become ``TYPE`` values, like 3.0's
  ``TYPE=cell,pref`` and ``type=cell;type=pref``; parameter names are upper case, TYPE values
  lower case;
* structured values (N, ADR, ORG) are split at unescaped ``;`` and all values unescaped
  (``\\n``, ``\\,``, ``\\;``, ``\\\\``).

A line that cannot be read is passed over and counted in :attr:`Card.unreadable`; it never
costs the rest of the card or the file.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from vault.importers.encoding import codec_for, sniff

_STRUCTURED = frozenset({"N", "ADR", "ORG", "GENDER", "CLIENTPIDMAP"})
_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)$")
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":"}


@dataclass(frozen=True)
class Property:
    name: str  # upper case, group prefix removed ("item1.ADR" is "ADR")
    params: dict[str, tuple[str, ...]]
    #: The value's components: one for a plain value, several for N, ADR, ORG.
    parts: tuple[str, ...]

    @property
    def value(self) -> str:
        return " ".join(p for p in self.parts if p)

    @property
    def types(self) -> frozenset[str]:
        return frozenset(self.params.get("TYPE", ()))


@dataclass
class Card:
    properties: list[Property] = field(default_factory=list)
    unreadable: int = 0

    def get(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def first(self, name: str) -> Property | None:
        return next((p for p in self.properties if p.name == name), None)


def _logical_lines(text: str) -> Iterator[str]:
    """Content lines: RFC folding undone, quoted-printable soft breaks joined."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current: str | None = None
    for line in lines:
        if not line:
            # A blank line ends a quoted-printable value left open; otherwise it carries
            # nothing (some writers put one between folded lines).
            if current is not None and _soft_break(current):
                yield current[:-1]
                current = None
            continue
        if current is not None and line[:1] in (" ", "\t"):
            current += line[1:]
            continue
        if current is not None and _soft_break(current) \
                and line.strip().upper() not in ("END:VCARD", "BEGIN:VCARD"):
            current = current[:-1] + line
            continue
        if current is not None:
            yield current
        current = line
    if current is not None:
        yield current


def _soft_break(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return line.endswith("=") and "QUOTED-PRINTABLE" in head


def _split(value: str, sep: str) -> list[str]:
    """``value`` cut at each ``sep`` not escaped by a backslash."""
    parts, current, escaped = [], [], False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), value)


def _params(raw: list[str]) -> dict[str, tuple[str, ...]]:
    params: dict[str, list[str]] = {}
    for item in raw:
        if not item:
            continue
        key, eq, value = item.partition("=")
        if not eq:  # vCard 2.1: ";CELL", ";QUOTED-PRINTABLE", ";UTF-8"
            key, value = _bare(item)
        values = [v.strip().strip('"') for v in value.split(",")]
        params.setdefault(key.strip().upper(), []).extend(values)
    if "TYPE" in params:
        params["TYPE"] = [t.lower() for t in params["TYPE"]]
    return {k: tuple(v) for k, v in params.items()}


def _bare(item: str) -> tuple[str, str]:
    upper = item.strip().upper()
    if upper in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"):
        return "ENCODING", upper
    if codec_for(upper) is not None and upper not in ("CELL",):
        return "CHARSET", upper
    return "TYPE", upper


def _property(line: str) -> Property | None:
    head, colon, value = line.partition(":")
    if not colon:
        return None
    # A quoted parameter value may hold ':' (a URL in a LABEL's parameter): find the real colon.
    if head.count('"') % 2:
        more, colon, value = value.partition(":")
        head = f"{head}:{more}"
        if not colon:
            return None
    pieces = _split(head, ";")
    match = _NAME.match(pieces[0].strip())
    if match is None:
        return None
    name = match.group(1).upper()
    params = _params(pieces[1:])
    encoding = {e.upper() for e in params.get("ENCODING", ())}
    if encoding & {"B", "BASE64"} or params.get("VALUE", ("",))[0].lower() == "binary":
        return Property(name, params, ())
    if "QUOTED-PRINTABLE" in encoding:
        raw = quopri.decodestring(value.encode("utf-8", "surrogateescape"))
        # The named charset is trusted as address books trust it (a stray byte becomes U+FFFD);
        # with none named, or an unknown one, the bytes tell.
        codec = codec_for(params.get("CHARSET", ("",))[0]) or sniff(raw) or "utf-8"
        value = raw.decode(codec, errors="replace")
    if name in _STRUCTURED:
        parts = tuple(_unescape(p).strip() for p in _split(value, ";"))
    else:
        parts = (_unescape(value).strip(),)
    return Property(name, params, parts)


def read_cards(text: str) -> Iterator[Card]:
    """Each card of a .vcf file's text (see the module docstring)."""
    card: Card | None = None
    depth = 0
    for line in _logical_lines(text):
        if not line.strip():
            continue
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            depth += 1
            if depth == 1:
                card = Card()
            continue
        if upper == "END:VCARD":
            depth = max(0, depth - 1)
            if depth == 0 and card is not None:
                yield card
                card = None
            continue
        if card is None or depth > 1:
            continue
        prop = _property(line)
        if prop is None:
            card.unreadable += 1
        elif prop.name not in ("BEGIN", "END", "VERSION"):
            card.properties.append(prop)
    if card is not None and card.properties:
        yield card  # a last card whose END:VCARD is missing
