"""Text from outside, made safe to print on a terminal.

Much of what the CLI prints was not written by Hearth: a model's name and chat template,
a Hub file name, licence or error body, a network-log entry, a memory an MCP client stored,
an imported file's text, a model's answer. Any of it may carry terminal controls: ESC starts
CSI and OSC sequences (a window title, a cleared screen, OSC 52 writing the clipboard), a C1
character (U+0080-U+009F) is a one-byte CSI on some terminals, BEL, backspace and carriage
return ring or overwrite what is shown, and direction overrides (U+202A-U+202E,
U+2066-U+2069) reorder it. :func:`shown` makes each of them visible as an escape
(``\\x1b``, ``\\u202e``); for a one-line field (a name, a file name, a log field) newlines,
tabs and line separators too, so a field can never add a line of its own (a fake "SHA-256
verified" in the pull plan).

:func:`guarded_output` applies the multi-line form to everything a command writes to
standard output, under the fields already made one-line where they are printed, and to
standard error all but Hearth's own progress bars' carriage return and erase-line (``\r``,
``ESC [ K``); :func:`json_text` writes JSON whose strings hold no raw C1 or direction
character.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Iterator
from typing import Any, TextIO

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_MULTI_LINE = re.compile(f"[{_CONTROLS}]")
_ONE_LINE = re.compile(f"[{_CONTROLS}\t\n\u2028\u2029]")
#: What JSON leaves raw inside strings but a terminal acts on (C0 controls are escaped by json).
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
#: Standard error: the same, but a progress bar's "\r" and "ESC [ K" pass.
_ERRORS = re.compile("\x1b(?!\\[K)|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f\u061c\u200e\u200f"
                     "\u202a-\u202e\u2066-\u2069]")


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: Any, *, one_line: bool = True) -> str:
    """``text`` with every terminal control made visible; ``one_line`` also escapes line
    breaks and tabs (for a field in a line); multi-line text keeps its newlines and tabs."""
    return (_ONE_LINE if one_line else _MULTI_LINE).sub(_escape, str(text))


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON for a terminal: non-ASCII text kept readable, but C1 and direction characters
    written as ``\\u`` escapes (json writes C0 controls, ESC included, that way already)."""
    raw = json.dumps(value, indent=indent, ensure_ascii=False, default=str)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", raw)


class _Guard:
    """A text stream that writes what it is given with the controls ``pattern`` finds made
    visible."""

    def __init__(self, inner: TextIO, pattern: re.Pattern[str]) -> None:
        self._inner, self._pattern = inner, pattern

    def write(self, text: str) -> int:
        self._inner.write(self._pattern.sub(_escape, text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """Within the block, standard output and error cannot carry a terminal control (the
    last line of defence: fields are made one-line with :func:`shown` where printed)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = _Guard(out, _MULTI_LINE)
    sys.stderr = _Guard(err, _ERRORS)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
