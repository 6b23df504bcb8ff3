"""``hearth mcp`` connects only to a gateway socket no other account could have put there.

From a minimal environment (no ``HEARTH_RUNTIME_DIR``, no ``XDG_RUNTIME_DIR``) the MCP side also
tries the session's runtime folder (``/run/user/UID/hearth/<home>``; here a folder under the
test's own). A hostile listener waits on that path, in a folder another account could write to
(or reached through a link, or owned by another account); it counts every connection. The MCP
side must never connect to it: "Hearth is not running", and the listener saw nothing. The same
listener in a private folder is connected to at once (the check is what keeps it out).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.mcp.errors import Unavailable
from app.mcp.link import NOT_RUNNING, HearthLink, gateway_sockets
from app.mcp.store import ClientStore


class Listener:
    """A Unix socket that counts connections and closes each at once (an impostor 'gateway')."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.accepted = 0
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(str(path))
        self.sock.listen(8)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def minimal_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """(the session's runtime base, the per-home folder name) with both runtime variables unset."""
    from vault.paths import runtime_dir

    base = tmp_path / "session"
    base.mkdir(mode=0o700)
    monkeypatch.delenv("HEARTH_RUNTIME_DIR")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    own = runtime_dir()  # this environment's own choice (under /dev/shm): nothing listens there
    try:
        yield base, Path(own.name)
    finally:
        shutil.rmtree(own, ignore_errors=True)


def _link(base: Path) -> HearthLink:
    return HearthLink(ClientStore("Wary client"), sockets=gateway_sockets(session_runtime=base), timeout=5)


def _refused_without_a_connection(base: Path, listener: Listener) -> None:
    link = _link(base)
    try:
        assert link.socket_path != listener.path
        with pytest.raises(Unavailable) as caught:
            link.request(["notes.read"], purpose="a hostile socket must not hear this")
        assert str(caught.value) == NOT_RUNNING
        link.tick()  # the background pairing does not try it either
        assert not link.connected
    finally:
        link.close()
    assert listener.accepted == 0


def test_a_socket_in_a_folder_others_may_write_is_never_connected_to(minimal_env: tuple[Path, Path]) -> None:
    base, tag = minimal_env
    folder = base / "hearth" / tag
    folder.mkdir(mode=0o700, parents=True)
    listener = Listener(folder / "gateway.sock")
    try:
        # Control: in private folders the same socket is taken at once (and it answers nothing).
        link = _link(base)
        try:
            assert link.socket_path == listener.path
            with pytest.raises(Unavailable):
                link.request(["notes.read"], purpose="control")
        finally:
            link.close()
        assert listener.accepted >= 1
        listener.accepted = 0
        for loose, mode in ((folder, 0o777), (folder, 0o770), (base / "hearth", 0o777), (base, 0o777)):
            os.chmod(loose, mode)
            try:
                _refused_without_a_connection(base, listener)
            finally:
                os.chmod(loose, 0o700)
    finally:
        listener.close()


def test_a_socket_reached_through_a_link_is_never_connected_to(minimal_env: tuple[Path, Path],
                                                               tmp_path: Path) -> None:
    base, tag = minimal_env
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    listener = Listener(elsewhere / "gateway.sock")
    try:
        # The per-home folder is a link to a private folder holding the socket.
        (base / "hearth").mkdir(mode=0o700)
        (base / "hearth" / tag).symlink_to(elsewhere)
        _refused_without_a_connection(base, listener)
        # A real folder, but the socket in it is a link to the impostor's.
        (base / "hearth" / tag).unlink()
        (base / "hearth" / tag).mkdir(mode=0o700)
        (base / "hearth" / tag / "gateway.sock").symlink_to(listener.path)
        _refused_without_a_connection(base, listener)
    finally:
        listener.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another account needs root")
def test_a_folder_or_socket_of_another_account_is_never_connected_to(minimal_env: tuple[Path, Path]) -> None:
    base, tag = minimal_env
    folder = base / "hearth" / tag
    folder.mkdir(mode=0o700, parents=True)
    listener = Listener(folder / "gateway.sock")
    try:
        for owned in (listener.path, folder, base / "hearth", base):
            os.chown(owned, 4242, 4242)
            try:
                _refused_without_a_connection(base, listener)
            finally:
                os.chown(owned, 0, 0)
    finally:
        listener.close()
