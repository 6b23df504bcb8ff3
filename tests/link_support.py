"""Two (or more) Hearth homes as the person's devices: real vaults, real `hearth` processes, real TLS.

Each :class:`Device` has its own data and runtime folders and speaks through the real CLI in a
child process; ``serve()`` starts ``hearth link serve`` on a 127.0.0.x address and keeps every
line it prints (the tests read them: what the serving side says, and that it says no content).
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from keyring.backends import fail

from tests.conftest import PASSPHRASE
from tests.identity_fixtures import make_vault
from vault import Keychain, Vault

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Device:
    name: str
    home: Path
    run: Path
    proc: subprocess.Popen[str] | None = None
    address: str = ""
    lines: list[str] = field(default_factory=list)
    _new: queue.SimpleQueue[str] = field(default_factory=queue.SimpleQueue)

    @property
    def env(self) -> dict[str, str]:
        return dict(os.environ, HEARTH_HOME=str(self.home), HEARTH_RUNTIME_DIR=str(self.run),
                    HEARTH_PASSPHRASE=PASSPHRASE)

    def cli(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                              env=self.env, timeout=timeout, cwd=ROOT)

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-m", "app", *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=self.env, cwd=ROOT)

    def vault(self) -> Vault:
        return Vault.unlock(home=self.home, passphrase=PASSPHRASE, keychain=Keychain(backend=fail.Keyring()))

    def serve(self, *extra: str, host: str = "127.0.0.2") -> str:
        self.proc = self.popen("link", "serve", "--listen", f"{host}:0", *extra)
        proc = self.proc

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                self.lines.append(line.rstrip("\n"))
                self._new.put(line.rstrip("\n"))

        threading.Thread(target=pump, daemon=True).start()
        first = self.wait_line("serving on ", timeout=60)
        self.address = first.split("serving on ", 1)[1].strip()
        return self.address

    def wait_line(self, start: str, *, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        for line in list(self.lines):
            if line.startswith(start) or start in line:
                return line
        while time.monotonic() < deadline:
            try:
                line = self._new.get(timeout=0.2)
            except queue.Empty:
                if self.proc is not None and self.proc.poll() is not None:
                    raise AssertionError(f"{self.name}'s server exited: "
                                         f"{self.proc.stderr.read() if self.proc.stderr else ''}")
                continue
            if line.startswith(start) or start in line:
                return line
        raise AssertionError(f"{self.name} never printed {start!r}; printed {self.lines}")

    def control(self, request: dict[str, Any]) -> dict[str, Any]:
        from engine.link.control import ask

        return ask(self.run / "link.sock", request)

    def stats(self) -> dict[str, Any]:
        return self.control({"op": "status"})

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def make_device(root: Path, name: str) -> Device:
    home, run = root / name / "home", root / name / "run"
    for d in (home, run):
        d.mkdir(mode=0o700, parents=True)
    make_vault(home, Keychain(backend=fail.Keyring())).lock()
    return Device(name, home, run)


class Interceptor:
    """A man in the middle: takes the link's connections with its own key and counts what it reads."""

    def __init__(self, cert_pem: bytes, key_pem: bytes, scratch: Path, host: str = "127.0.0.4") -> None:
        from engine.link.wire import pairing_context

        self.context = pairing_context(cert_pem, key_pem, scratch=scratch)
        self.listener = socket.create_server((host, 0))
        self.address = f"{host}:{self.listener.getsockname()[1]}"
        self.handshakes = 0
        self.bytes_read = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return
            try:
                raw.settimeout(10)
                raw.recv(8)
                tls = self.context.wrap_socket(raw, server_side=True)
                self.handshakes += 1
                tls.sendall(b'{"v":1,"did":"did:key:z6MkfakeFAKE","nonce":"give-me-your-prompt"}\n')
                while chunk := tls.recv(65536):
                    self.bytes_read += len(chunk)
            except (OSError, ssl.SSLError):
                pass
            finally:
                raw.close()

    def close(self) -> None:
        self.listener.close()
