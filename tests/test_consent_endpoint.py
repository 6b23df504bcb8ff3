"""Consent to personal bytes is consent for one endpoint: the same bytes may not go to another.

Two remote models serving a model of the same name receive byte-identical requests, so a consent
matched by the body's SHA-256 alone would let a fallback carry the person's data to an endpoint
they never agreed to. Real HTTP on loopback: the first endpoint refuses connections, the second
records what reaches it.
"""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from engine.routing.dispatch import Dispatcher, plan_remote
from engine.routing.remote import RemoteRegistry
from engine.routing.router import Route
from engine.running.generate import GenerationSettings
from engine.running.pool import ModelPool


class _Recorder(BaseHTTPRequestHandler):
    bodies: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        type(self).bodies.append(self.rfile.read(length))
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_consent_for_one_endpoint_does_not_send_the_same_bytes_to_another(home: Path) -> None:
    _Recorder.bodies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    remotes = RemoteRegistry()
    remotes.add("first", f"http://127.0.0.1:{_closed_port()}/v1", model="same-model", timeout_s=2)
    remotes.add("second", f"http://127.0.0.1:{server.server_address[1]}/v1", model="same-model",
                timeout_s=2)
    remotes.set_enabled("first", True)
    remotes.set_enabled("second", True)
    messages = [{"role": "user", "content": "My door code is 4471. What is it?"}]
    settings = GenerationSettings(max_tokens=4, temperature=0.0)
    first = plan_remote(remotes, "first", messages, settings)
    second = plan_remote(remotes, "second", messages, settings)
    assert first.sha256 == second.sha256  # the same bytes for both
    route = Route(model="first", remote=True, task="chat", reason="test", fallbacks=("second",),
                  personal=True)
    pool = ModelPool()
    try:
        routed = Dispatcher(pool, remotes).start(route, messages, settings=settings,
                                                 consent_sha256=first.sha256, consent_endpoint="first")
        try:
            routed.result()
        except Exception:  # every model failed or was skipped: that is the point
            pass
    finally:
        pool.close()
        server.shutdown()
    assert _Recorder.bodies == [], "the consented bytes reached an endpoint nobody agreed to"
    assert any("second skipped: personal data needs your consent" in n for n in routed.notes), routed.notes
