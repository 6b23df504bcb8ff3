"""Cutting an mbox mailbox into messages, as mail clients do, a message at a time.

Contract: :func:`split_mbox` reads a binary handle from an offset that begins a message (or
the file's start) and yields, for each message, the offset just past it and its bytes
(envelope line included), or None for a message larger than :data:`MAX_MESSAGE_BYTES` (its
bytes are never held whole). Memory stays near one message whatever the mailbox's size.

Where one message ends:

* **Content-Length framing** (Netscape, Solaris mail, MimeKit's "content-length" boxes): a
  message whose headers give ``Content-Length: N`` ends N bytes after its headers, when a
  ``From`` line (or the end of the file) is really there. Its body may hold unquoted
  ``From`` lines.
* Otherwise at the next **envelope line**: ``From`` at the start of a line followed by what
  an envelope holds, a sender and a date ("From ana@example.org Thu Feb 26 17:23:40 1998"),
  or Netscape's "From -". A line of text that only begins with "From " ("From Russia with
  love", left unquoted by the program that wrote the box) does not cut a message in two.

A byte order mark and blank lines before the first envelope are passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

#: A single message larger than this is passed over (its bytes are never held whole).
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
_READ = 1024 * 1024
#: An envelope line: "From -" (Netscape) or "From <sender> <… a time and a year …>".
_ENVELOPE = re.compile(rb"From (?:-(?:\s.*)?|\S+\s.*\d{1,2}:\d{2}.*\d{4}.*|\S+@\S+\s*)\r?$")
_CONTENT_LENGTH = re.compile(rb"\nContent-Length:[ \t]*(\d{1,10})[ \t]*\r?\n", re.IGNORECASE)
_LEADING = b"\xef\xbb\xbf \t\r\n"


def looks_like_mbox(head: bytes) -> bool:
    """Whether a file starting with ``head`` is an mbox (its first line an envelope)."""
    head = head.lstrip(_LEADING)
    line = head.split(b"\n", 1)[0]
    return head.startswith(b"From ") and _ENVELOPE.match(line) is not None


class _Reader:
    def __init__(self, handle: BinaryIO, start: int) -> None:
        handle.seek(start)
        self.handle = handle
        self.buf = bytearray()
        self.at = start  # file offset of buf[0]
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        block = self.handle.read(_READ)
        if not block:
            self.eof = True
            return False
        self.buf += block
        return True

    def take(self, size: int) -> bytes:
        piece = bytes(self.buf[:size])
        del self.buf[:size]
        self.at += size
        return piece


def _framed_end(reader: _Reader) -> int | None:
    """Where the message at the start of the buffer ends by its Content-Length, if it has one
    and a message (or the file's end) really starts there."""
    buf = reader.buf
    while True:
        header_end = buf.find(b"\n\n")
        crlf_end = buf.find(b"\r\n\r\n", 0, header_end if header_end >= 0 else len(buf))
        if crlf_end >= 0:
            header_end, gap = crlf_end, 4
        else:
            gap = 2
        if header_end >= 0 or len(buf) > 1024 * 1024 or not reader.more():
            break
    if header_end < 0:
        return None
    match = _CONTENT_LENGTH.search(buf, 0, header_end + 1)
    if match is None:
        return None
    length = int(match.group(1))
    if length > MAX_MESSAGE_BYTES:
        return None
    end = header_end + gap + length
    while len(buf) < end + 8 and reader.more():
        pass
    if len(buf) < end:
        return None
    window = bytes(buf[end:end + 4096])
    rest = window.lstrip(b"\r\n")
    if rest:
        line = rest.split(b"\n", 1)[0]
        return end + len(window) - len(rest) if _ENVELOPE.match(line) else None
    # Nothing but line breaks after it: the end of the file, or not where this message ends.
    return len(buf) if reader.eof and len(buf) - end <= 4096 else None


def _next_envelope(buf: bytearray, scan: int, eof: bool) -> tuple[int | None, int]:
    """(start of the next envelope line from ``scan`` on, or None; where to scan next time)."""
    while True:
        newline = buf.find(b"\nFrom ", scan)
        if newline < 0:
            return None, max(scan, len(buf) - 6)
        line_end = buf.find(b"\n", newline + 1)
        if line_end < 0 and not eof:
            return None, newline  # the line is not all here yet
        line = bytes(buf[newline + 1:line_end if line_end >= 0 else len(buf)])
        if _ENVELOPE.match(line):
            return newline + 1, newline + 1
        scan = newline + 1


def split_mbox(handle: BinaryIO, *, start: int) -> Iterator[tuple[int, bytes | None]]:
    """Each message from offset ``start`` (see the module docstring)."""
    reader = _Reader(handle, start)
    if start == 0:
        while reader.more() and not reader.buf.lstrip(_LEADING) and len(reader.buf) < _READ * 4:
            pass
        lead = len(reader.buf) - len(reader.buf.lstrip(_LEADING))
        reader.take(lead)
    while True:
        if not reader.buf and not reader.more():
            return
        framed = _framed_end(reader)
        if framed is not None:
            yield reader.at + framed, reader.take(framed)
            continue
        scan, oversize = 1, False
        while True:
            cut, scan = _next_envelope(reader.buf, scan, reader.eof)
            if cut is not None:
                piece = reader.take(cut)
                yield reader.at, None if oversize else piece
                break
            if len(reader.buf) > MAX_MESSAGE_BYTES:
                # Too big to hold: drop what we have, keep the tail an envelope may start in.
                keep = 4096
                reader.take(len(reader.buf) - keep)
                scan, oversize = 0, True
            if not reader.more():
                cut, _ = _next_envelope(reader.buf, scan, True)
                if cut is not None:
                    piece = reader.take(cut)
                    yield reader.at, None if oversize else piece
                    break
                if reader.buf.strip():
                    piece = reader.take(len(reader.buf))
                    yield reader.at, None if oversize else piece
                else:
                    reader.take(len(reader.buf))
                return
