"""The split engine's parts that need no RPC build: the byte pump and the split plan.

The pump is driven over real sockets, one side TLS 1.3 with the link's own contexts, with large
transfers both ways at once (a one-thread relay must not stall either direction); the plan is
checked on the bundled model's real tensor table.
"""

from __future__ import annotations

import hashlib
import os
import socket
import ssl
import threading
from pathlib import Path

import pytest

from engine.models.gguf import read_gguf
from engine.models.registry import gemma_model_path
from engine.split.plan import SplitRefused, layer_devices, parse_split, plan_split
from engine.split.pump import Counts, pump

MiB = 1024 * 1024


def _tls_pair(tmp_path: Path) -> tuple[ssl.SSLSocket, ssl.SSLSocket]:
    from app.link.using import credentials
    from tests.link_support import make_device

    a, b = make_device(tmp_path, "a").vault(), make_device(tmp_path, "b").vault()
    try:
        from engine.link.wire import client_context, pairing_context
        from identity.devices import device_identity

        me = credentials(a)
        server_ctx = pairing_context(device_identity(b).link_cert_pem, device_identity(b).link_key_pem,
                                     scratch=tmp_path)
        client_ctx = client_context(me.cert_pem, me.key_pem, scratch=tmp_path)
    finally:
        a.lock()
        b.lock()
    listener = socket.create_server(("127.0.0.1", 0))
    box: list[ssl.SSLSocket] = []
    t = threading.Thread(target=lambda: box.append(server_ctx.wrap_socket(listener.accept()[0],
                                                                         server_side=True)))
    t.start()
    client = client_ctx.wrap_socket(socket.create_connection(listener.getsockname()))
    t.join(10)
    listener.close()
    return client, box[0]


def test_the_pump_relays_large_transfers_both_ways_at_once_through_tls(tmp_path: Path) -> None:
    tls_near, tls_far = _tls_pair(tmp_path)       # tls_far: the other device's end
    plain_near, plain_far = socket.socketpair()   # plain_far: the local program's end
    counts = Counts()
    relay = threading.Thread(target=lambda: pump(plain_near, tls_near, counts=counts), daemon=True)
    relay.start()
    up, down = os.urandom(24 * MiB), os.urandom(20 * MiB)
    got: dict[str, bytes] = {}

    def send(sock: socket.socket, data: bytes) -> None:
        sock.sendall(data)

    def recv(sock: socket.socket, n: int, key: str) -> None:
        parts, have = [], 0
        while have < n:
            chunk = sock.recv(1 << 20)
            assert chunk, "closed early"
            parts.append(chunk)
            have += len(chunk)
        got[key] = b"".join(parts)

    workers = [threading.Thread(target=send, args=(plain_far, up)),
               threading.Thread(target=send, args=(tls_far, down)),
               threading.Thread(target=recv, args=(tls_far, len(up), "up")),
               threading.Thread(target=recv, args=(plain_far, len(down), "down"))]
    # tls_far is read and written from two threads here only because it stands for a whole
    # other device; the relay under test never does that.
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert hashlib.sha256(got["up"]).digest() == hashlib.sha256(up).digest()
    assert hashlib.sha256(got["down"]).digest() == hashlib.sha256(down).digest()
    assert (counts.a_to_b, counts.b_to_a) == (len(up), len(down))
    tls_far.close()  # the other device goes away: the relay ends, naming that side
    relay.join(5)
    assert not relay.is_alive()
    plain_far.close()


def test_layers_go_where_llama_cpp_puts_them() -> None:
    # 18 repeating layers + the output head, cut at the cumulative shares.
    assert layer_devices(18, [1.0]) == [0] * 19
    assert layer_devices(18, [1, 1]) == [0] * 10 + [1] * 9
    assert layer_devices(18, [1, 3]) == [0] * 5 + [1] * 14
    assert layer_devices(18, [3, 1]) == [0] * 15 + [1] * 4
    assert parse_split("1:3", 2) == [1.0, 3.0]
    for bad in ("1", "1:x", "0:0", "-1:2"):
        with pytest.raises(SplitRefused):
            parse_split(bad, 2)


def test_the_plan_weighs_each_part_and_refuses_one_that_does_not_fit() -> None:
    path = gemma_model_path()
    assert path is not None, "the bundled model is part of the dev install"
    info = read_gguf(path)
    plan = plan_split(info, [("desk", 8 << 30), ("server", 8 << 30)], n_ctx=2048, shares=[1, 3])
    assert [(p.device, p.first, p.last, p.output) for p in plan.parts] == \
        [("desk", 0, 4, False), ("server", 5, 17, True)]
    assert plan.parts[1].need_bytes > plan.parts[0].need_bytes > 0
    assert plan.alone == (True, True) and plan.n_gpu_layers == 19
    # By free memory: three times the memory, three times the layers.
    by_free = plan_split(info, [("desk", 1 << 30), ("server", 3 << 30)], n_ctx=2048)
    assert [p.layers for p in by_free.parts] == [5, 13]
    # A device with too little memory for its part: refused in words, naming it.
    with pytest.raises(SplitRefused) as caught:
        plan_split(info, [("desk", 8 << 30), ("laptop", 64 * MiB)], n_ctx=2048, shares=[1, 1])
    words = str(caught.value)
    assert "laptop has 64 MiB free" in words and "layers 10-17 and the output head" in words
