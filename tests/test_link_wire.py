"""The link's connection step in plain words: a device that accepts and then says nothing."""

from __future__ import annotations

import socket
import ssl
import threading
import time

import pytest

from engine.link.wire import LinkFailed, connect


def test_a_device_that_never_answers_is_said_to_have_not_answered_in_time() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    held: list[socket.socket] = []

    def accept_and_stay_silent() -> None:
        conn, _ = listener.accept()
        held.append(conn)  # (kept open, never read from or written to)

    threading.Thread(target=accept_and_stay_silent, daemon=True).start()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    started = time.monotonic()
    try:
        with pytest.raises(LinkFailed) as failed:
            connect(f"127.0.0.1:{port}", mode=b"H", context=context, pin="0" * 64,
                    connect_timeout=0.5, who="desk")
    finally:
        for conn in held:
            conn.close()
        listener.close()
    assert time.monotonic() - started < 5
    message = str(failed.value)
    assert "desk did not answer in time" in message and "closed the connection" not in message
