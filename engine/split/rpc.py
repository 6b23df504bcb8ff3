"""ctypes bindings to the RPC backend of the llama.cpp that llama-cpp-python was built with.

Nothing else in Hearth touches ggml. The functions bound are the ones ``ggml-rpc.h`` exports
in the pinned build (ggml 0.25.3, RPC protocol 7.0.0): ``ggml_backend_rpc_start_server``
(serve this process's CPU device on an endpoint; never returns), ``ggml_backend_rpc_add_server``
with ``ggml_backend_register`` (make a server's devices llama.cpp devices), and
``ggml_backend_dev_by_type``/``ggml_backend_dev_memory``.

:data:`PROTOCOL` is the RPC protocol of this build, read from its header when Hearth was
written and checked against a running server by :func:`hello` (the ``HELLO`` command). Two
devices whose protocol differs are refused at the link's handshake, before any RPC byte moves
(the RPC client would abort() on it): :func:`require_same` says which device to update.
"""

from __future__ import annotations

import ctypes
import socket
import struct
import threading
from functools import cache
from pathlib import Path

from engine.errors import EngineError

#: The RPC protocol (major, minor, patch) of ggml 0.25.3, from its ``ggml/include/ggml-rpc.h``.
PROTOCOLS = {"0.25.3": (7, 0, 0)}
CMD_HELLO = 14
CONN_CAPS_SIZE = 24
DEVICE_TYPE_CPU = 0


class RpcUnavailable(EngineError):
    code = "rpc_unavailable"


def lib_dir() -> Path:
    import llama_cpp

    return Path(llama_cpp.__file__).parent / "lib"


@cache
def ggml_version() -> str:
    """The ggml version of the libraries llama-cpp-python loads (from libggml-base's file name)."""
    names = sorted(p.name for p in lib_dir().glob("libggml-base.so.*.*.*"))
    return names[-1].removeprefix("libggml-base.so.") if names else "unknown"


def protocol() -> tuple[int, int, int]:
    found = PROTOCOLS.get(ggml_version())
    if found is None:
        raise RpcUnavailable(f"this Hearth does not know the RPC protocol of ggml {ggml_version()}")
    return found


def protocol_text(version: tuple[int, int, int] | None = None) -> str:
    return ".".join(str(n) for n in (version or protocol()))


def require_same(theirs: object, device: str) -> None:
    """Refuse another device's RPC protocol unless it is this one's, naming who must update."""
    mine = protocol_text()
    if theirs != mine:
        raise RpcUnavailable(f"{device} runs another engine build (RPC protocol {str(theirs)[:20]}, "
                             f"this computer {mine}): update Hearth on {device} (or on this "
                             "computer) so both run the same version")


class _Libs:
    def __init__(self) -> None:
        import llama_cpp  # loads libllama, hence libggml and libggml-rpc, once

        if not llama_cpp.llama_supports_rpc():
            raise RpcUnavailable("this llama.cpp was built without its RPC backend; run "
                                 "scripts/ensure-venv (it builds llama-cpp-python with -DGGML_RPC=ON)")
        # By the names libllama was linked against: a wheel keeps libggml.so, .so.0 and .so.0.x.y
        # as three copies, and a copy loaded by another name would be another device registry.
        d = lib_dir()
        self.ggml = ctypes.CDLL(str(d / "libggml.so.0"))
        self.base = ctypes.CDLL(str(d / "libggml-base.so.0"))
        self.rpc = ctypes.CDLL(str(d / "libggml-rpc.so.0"))
        p = ctypes.c_void_p
        self.rpc.ggml_backend_rpc_start_server.argtypes = [ctypes.c_char_p, ctypes.c_char_p,
                                                          ctypes.c_size_t, ctypes.c_size_t,
                                                          ctypes.POINTER(p)]
        self.rpc.ggml_backend_rpc_start_server.restype = None
        self.rpc.ggml_backend_rpc_add_server.argtypes = [ctypes.c_char_p]
        self.rpc.ggml_backend_rpc_add_server.restype = p
        self.ggml.ggml_backend_register.argtypes = [p]
        self.ggml.ggml_backend_register.restype = None
        self.ggml.ggml_backend_dev_by_type.argtypes = [ctypes.c_int]
        self.ggml.ggml_backend_dev_by_type.restype = p
        self.base.ggml_backend_dev_memory.argtypes = [p, ctypes.POINTER(ctypes.c_size_t),
                                                      ctypes.POINTER(ctypes.c_size_t)]
        self.base.ggml_backend_dev_memory.restype = None
        self.base.ggml_backend_reg_dev_count.argtypes = [p]
        self.base.ggml_backend_reg_dev_count.restype = ctypes.c_size_t
        self.base.ggml_backend_reg_dev_get.argtypes = [p, ctypes.c_size_t]
        self.base.ggml_backend_reg_dev_get.restype = p
        self.base.ggml_backend_dev_name.argtypes = [p]
        self.base.ggml_backend_dev_name.restype = ctypes.c_char_p


_lock = threading.Lock()
_libs: _Libs | None = None


def libs() -> _Libs:
    global _libs
    with _lock:
        if _libs is None:
            _libs = _Libs()
        return _libs


def supported() -> bool:
    """Whether this build has the RPC backend and its library resolves (never raises)."""
    try:
        libs()
        protocol()
    except (RpcUnavailable, OSError, AttributeError):
        return False
    return True


def serve_forever(endpoint: str, cache_dir: Path | None, n_threads: int) -> None:
    """Serve this process's CPU device on ``endpoint`` (blocks; the accept loop never returns)."""
    lib = libs()
    cpu = lib.ggml.ggml_backend_dev_by_type(DEVICE_TYPE_CPU)
    if not cpu:
        raise RpcUnavailable("this llama.cpp has no CPU device")
    devices = (ctypes.c_void_p * 1)(cpu)
    lib.rpc.ggml_backend_rpc_start_server(endpoint.encode(),
                                          str(cache_dir).encode() if cache_dir else None,
                                          n_threads, 1, devices)


def cpu_memory() -> tuple[int, int]:
    """(free, total) bytes of this process's CPU device, as the RPC server reports it."""
    lib = libs()
    free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
    lib.base.ggml_backend_dev_memory(lib.ggml.ggml_backend_dev_by_type(DEVICE_TYPE_CPU),
                                     ctypes.byref(free), ctypes.byref(total))
    return int(free.value), int(total.value)


def add_server(endpoint: str) -> list[str]:
    """Make the RPC server at ``endpoint`` part of llama.cpp's devices; their names.

    This connects at once (the client asks for the device count): the endpoint must answer, or
    the RPC client aborts the process, which is why only the engine process calls it."""
    lib = libs()
    reg = lib.rpc.ggml_backend_rpc_add_server(endpoint.encode())
    if not reg:
        raise RpcUnavailable(f"the RPC backend refused the endpoint {endpoint}")
    lib.ggml.ggml_backend_register(reg)
    count = lib.base.ggml_backend_reg_dev_count(reg)
    return [(lib.base.ggml_backend_dev_name(lib.base.ggml_backend_reg_dev_get(reg, i)) or b"").decode()
            for i in range(count)]


def hello(host: str, port: int, *, timeout: float = 5.0) -> tuple[int, int, int]:
    """Ask a running RPC server its protocol version (the ``HELLO`` command), then hang up."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(struct.pack("<BQ", CMD_HELLO, CONN_CAPS_SIZE) + bytes(CONN_CAPS_SIZE))
        head = _exactly(sock, 8)
        (size,) = struct.unpack("<Q", head)
        if size != 4 + CONN_CAPS_SIZE:
            raise RpcUnavailable(f"the RPC server answered HELLO with {size} bytes")
        body = _exactly(sock, size)
    return body[0], body[1], body[2]


def _exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise RpcUnavailable("the RPC server closed the connection during HELLO")
        data += chunk
    return data
