"""A real OpenAI-compatible server on 127.0.0.1 and a recording proxy in front of it.

The server is llama-cpp-python's own (``python -m llama_cpp.server``) serving
the bundled model: the same API a user's llama.cpp server, vLLM or Ollama
speaks. The proxy records every request body it forwards and can play a
failing endpoint: ``mode = "down"`` answers 503, ``"slow"`` sleeps past the
client's timeout before answering.
"""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from engine.models.registry import bundled_model_path

_SERVER = ("import sys, engine.running.runtime\n"
           "from llama_cpp.server.__main__ import main\n"
           "sys.argv[0] = 'llama_cpp.server'\n"
           "main()\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``) of a llama.cpp OpenAI-compatible server."""
    model = bundled_model_path()
    assert model is not None
    port = free_port()
    # llama.cpp logs a lot while loading: to a file, so a full pipe never blocks the server.
    log = (tmp_path_factory.mktemp("llama-server") / "server.log").open("wb")
    proc = subprocess.Popen(
        # llama-cpp-python's server, in a process that has Hearth's llama.cpp settings (no AMX
        # weight repacking where that crashes: engine.running.runtime), as a remote model would
        # be a working llama.cpp server.
        [sys.executable, "-c", _SERVER, "--model", str(model), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "2048", "--model_alias", "smollm2"],
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.flush()
            err = Path(log.name).read_text(errors="replace")
            pytest.fail(f"the llama.cpp server exited: {err[-2000:]}")
        try:
            if httpx.get(base + "/v1/models", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.25)
    else:
        proc.kill()
        pytest.fail("the llama.cpp server did not come up")
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@dataclass
class RecordingProxy:
    upstream: str
    mode: str = "ok"
    slow_s: float = 5.0
    bodies: list[bytes] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def proxy(llama_server: str) -> Iterator[RecordingProxy]:
    state = RecordingProxy(upstream=llama_server)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            state.bodies.append(body)
            if state.mode == "down":
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if state.mode == "slow":
                time.sleep(state.slow_s)
            with httpx.Client(timeout=120) as client, client.stream(
                    "POST", state.upstream + self.path, content=body,
                    headers={"Content-Type": "application/json"}) as upstream:
                self.send_response(upstream.status_code)
                self.send_header("Content-Type", upstream.headers.get("content-type", "text/plain"))
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for chunk in upstream.iter_raw():
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        self.wfile.flush()
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the "slow" endpoint's timeout): expected

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
