"""The worker's RPC server for one asking device: ``python -m engine.split.rpc_child``.

Started by :mod:`engine.split.worker` with one end of a Unix socket pair as ``--fd`` (its control
socket), and, where Linux allows it, inside a user and network namespace of its own
(``unshare -rn``), where only its own loopback exists: its RPC port is then reachable from no
other process of the computer, let alone the network. It brings that loopback up, serves this
computer's CPU device with llama.cpp's RPC server on ``127.0.0.1`` (a random port when it shares
the computer's network; no cache folder, so it writes nothing: Hearth keeps the weights,
encrypted, in the parent), checks the server's protocol with a ``HELLO`` of its own, and prints
one JSON line (``ready``, the protocol, free and total memory) on its standard output.

Then, for each byte ``c`` on the control socket, it connects to its RPC server and hands that
socket to the parent (``SCM_RIGHTS``), which relays the link to it directly. It exits when the
control socket closes.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import socket
import struct
import sys
import threading
import time

SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1
NAMESPACE_PORT = 50052


def loopback_up() -> None:
    """Bring ``lo`` up in a fresh network namespace (it starts down)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(s.fileno(), SIOCGIFFLAGS, ifreq))[1]
        fcntl.ioctl(s.fileno(), SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | IFF_UP, b""))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fd", type=int, required=True)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--netns", action="store_true")
    args = ap.parse_args(argv)
    os.environ["GGML_RPC_NO_RDMA"] = "1"  # the tunnel is the only transport
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # the RPC server prints to standard output: keep it off our line
    link = socket.socket(fileno=args.fd)
    if args.netns:
        loopback_up()
    port = NAMESPACE_PORT if args.netns else free_port()

    from engine.split import rpc

    threading.Thread(target=rpc.serve_forever, daemon=True, name="rpc-server",
                     args=(f"127.0.0.1:{port}", None, args.threads)).start()
    deadline = time.monotonic() + 20
    while True:
        try:
            version = rpc.hello("127.0.0.1", port, timeout=2.0)
            break
        except (OSError, rpc.RpcUnavailable):  # not listening yet, or closed while it started
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    free, total = rpc.cpu_memory()
    out.write(json.dumps({"ready": True, "rpc": ".".join(map(str, version)), "free": free,
                          "total": total, "netns": args.netns}) + "\n")
    out.flush()
    while True:
        try:
            asked = link.recv(1)
        except OSError:
            break
        if asked != b"c":
            break
        with socket.create_connection(("127.0.0.1", port)) as server:
            socket.send_fds(link, [b"k"], [server.fileno()])
    sys.stdout.flush()
    os._exit(0)  # the RPC server's accept loop never returns


if __name__ == "__main__":
    raise SystemExit(main())
