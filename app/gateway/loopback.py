"""What the kernel knows of the other end of a loopback TCP connection: its account, and what it
has not read yet.

A Unix socket says who connected (``SO_PEERCRED``); a TCP socket does not. On loopback both ends
live in this kernel, so Linux's socket diagnostics (``NETLINK_SOCK_DIAG``, what ``ss`` uses) can
look up the client's own socket by its two addresses and report the uid that owns it and the
bytes waiting in its receive queue. :func:`client_end` does that one lookup (about 20 µs).
Elsewhere, or if the lookup fails, it returns None: the caller decides (the gateway refuses a
TCP peer it cannot place on Linux, and serves it on systems without the facility).
"""

from __future__ import annotations

import socket
import struct
import sys
from dataclasses import dataclass

_NETLINK_SOCK_DIAG = 4
_SOCK_DIAG_BY_FAMILY = 20
_NLM_F_REQUEST = 1
_NLMSG_HEADER = struct.Struct("=IHHII")
_NO_COOKIE = 0xFFFFFFFF
#: Offsets in ``struct inet_diag_msg``: family..retrans (4), the socket id (48), then
#: expires, rqueue, wqueue, uid, inode.
_TAIL = struct.Struct("=IIIII")

SUPPORTED = sys.platform.startswith("linux") and hasattr(socket, "AF_NETLINK")


@dataclass(frozen=True)
class ClientEnd:
    uid: int
    unread: int   # bytes in the client's receive queue that it has not read


def _address(host: str) -> bytes:
    return socket.inet_aton(host) + b"\0" * 12   # IPv4 in the first of four 32-bit words


def client_end(client: tuple[str, int], server: tuple[str, int]) -> ClientEnd | None:
    """The socket whose local end is ``client`` and remote end ``server`` (IPv4, TCP), or None."""
    if not SUPPORTED:
        return None
    try:
        sockid = (struct.pack("!HH", client[1], server[1]) + _address(client[0]) + _address(server[0])
                  + struct.pack("=III", 0, _NO_COOKIE, _NO_COOKIE))
        req = struct.pack("=BBBBI", socket.AF_INET, socket.IPPROTO_TCP, 0, 0, 0xFFFFFFFF) + sockid
        message = _NLMSG_HEADER.pack(_NLMSG_HEADER.size + len(req), _SOCK_DIAG_BY_FAMILY, _NLM_F_REQUEST,
                                     1, 0) + req
        with socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, _NETLINK_SOCK_DIAG) as nl:
            nl.settimeout(1.0)
            nl.sendto(message, (0, 0))
            reply = nl.recv(8192)
    except (OSError, ValueError, struct.error):
        return None
    if len(reply) < _NLMSG_HEADER.size + 4 + 48 + _TAIL.size:
        return None
    _length, kind, _flags, _seq, _pid = _NLMSG_HEADER.unpack_from(reply)
    if kind != _SOCK_DIAG_BY_FAMILY:   # NLMSG_ERROR: no such socket
        return None
    _expires, rqueue, _wqueue, uid, _inode = _TAIL.unpack_from(reply, _NLMSG_HEADER.size + 4 + 48)
    return ClientEnd(uid, rqueue)
