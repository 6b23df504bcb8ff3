"""The link's wire: TLS 1.3 contexts with pinned keys, bounded JSON lines, pairing codes.

A connection opens with an 8-byte mode, in the clear, before TLS: ``HLINK/1U`` to *use* the
device, ``HLINK/1P`` to *pair* with it. The mode only picks the server's TLS context (Python's
``ssl`` has no per-connection verify callback): a *use* handshake requires a client certificate
that is one of the paired devices' own self-signed certificates (``CERT_REQUIRED``, those
certificates as the only trust anchors, no CA), so an unpaired or missing certificate fails the
handshake; a *pair* handshake asks for none, and on it only a valid pairing code's secret counts.
Both sides then pin the peer by the SHA-256 of its SubjectPublicKeyInfo (:func:`peer_pin`)
before a byte of application data moves: the client against the pin it paired with (or the
one in the code), the server against the device records. ALPN must be ``hearth-link/1``.

After TLS, both sides speak JSON lines (:func:`send_line`, :func:`read_line`), each bounded in
size and time, until a chat's answer streams back as OpenAI server-sent events.

A pairing code (:class:`PairingCode`) carries the serving device's DID, addresses, link-key pin
and a 128-bit secret, with its expiry; :func:`confirmation` is the 6-digit number both screens
show, derived from both link keys' pins.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import socket
import ssl
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from engine.link.errors import LinkFailed, LinkRefused

ALPN = "hearth-link/1"
MODE_USE = b"HLINK/1U"
MODE_PAIR = b"HLINK/1P"
MODE_LEN = 8
MAX_LINE = 64 * 1024
MAX_BODY = 1 << 20
CODE_PREFIX = "hearth-link:"
CODE_TTL_S = 600.0
DEFAULT_PORT = 7461


def spki_pin_of(der: bytes) -> str:
    """SHA-256 (hex) of a DER certificate's SubjectPublicKeyInfo."""
    cert = x509.load_der_x509_certificate(der)
    spki = cert.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).hexdigest()


def peer_pin(sock: ssl.SSLSocket) -> str | None:
    """The pin of the certificate the peer presented in this handshake (None: it presented none)."""
    der = sock.getpeercert(binary_form=True)
    return spki_pin_of(der) if der else None


def _load_own(ctx: ssl.SSLContext, cert_pem: bytes, key_pem: bytes, scratch: Path) -> None:
    # ssl loads a key only from a file: a private one in the runtime folder (RAM), gone at once.
    fd, name = tempfile.mkstemp(prefix=".link-", dir=scratch)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(key_pem + b"\n" + cert_pem)
        ctx.load_cert_chain(name)
    finally:
        os.unlink(name)


def _base(purpose: int, cert_pem: bytes, key_pem: bytes, scratch: Path) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if purpose == 0 else ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.set_alpn_protocols([ALPN])
    _load_own(ctx, cert_pem, key_pem, scratch)
    return ctx


def server_context(cert_pem: bytes, key_pem: bytes, trusted: list[bytes], *,
                   scratch: Path) -> ssl.SSLContext:
    """Mutual TLS for *use*: a client certificate is required and must be one of ``trusted``."""
    ctx = _base(0, cert_pem, key_pem, scratch)
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.verify_flags |= ssl.VERIFY_X509_STRICT
    if trusted:
        ctx.load_verify_locations(cadata=b"".join(trusted).decode("ascii"))
    return ctx


def pairing_context(cert_pem: bytes, key_pem: bytes, *, scratch: Path) -> ssl.SSLContext:
    """TLS for *pairing*: the server proves its pinned key; the client proves the code's secret."""
    ctx = _base(0, cert_pem, key_pem, scratch)
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def client_context(cert_pem: bytes | None, key_pem: bytes | None, *, scratch: Path) -> ssl.SSLContext:
    """The asking side: the server is checked by its pin (:func:`connect`), not by any CA."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.set_alpn_protocols([ALPN])
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if cert_pem is not None and key_pem is not None:
        _load_own(ctx, cert_pem, key_pem, scratch)
    return ctx


def split_address(address: str, default_port: int = DEFAULT_PORT) -> tuple[str, int]:
    """``host:port`` (``[v6]:port``) as a pair; LinkFailed when it is not one."""
    text = address.strip()
    host, sep, port = text.rpartition(":") if not text.endswith("]") else (text, "", "")
    if not sep:
        host, port = text, str(default_port)
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise LinkFailed(f"{address!r} is not HOST:PORT")
    return host, int(port)


def connect(address: str, *, mode: bytes, context: ssl.SSLContext, pin: str,
            connect_timeout: float, who: str) -> ssl.SSLSocket:
    """TCP, the mode, TLS 1.3, then the server's pin, all before any application byte.

    Raises LinkFailed when the device cannot be reached, LinkRefused when it refuses the
    handshake or presents another key (a man in the middle, or another device)."""
    host, port = split_address(address)
    try:
        raw = socket.create_connection((host, port), timeout=connect_timeout)
    except OSError as exc:
        raise LinkFailed(f"{who} could not be reached at {address} "
                         f"({exc.strerror or type(exc).__name__})") from None
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        raw.sendall(mode)
        tls = context.wrap_socket(raw, server_side=False)
    except ssl.SSLError as exc:
        raw.close()
        raise LinkRefused("tls_refused", f"{who} refused the connection ({tls_words(exc)})") from None
    except TimeoutError:
        raw.close()
        raise LinkFailed(f"{who} did not answer in time at {address} (no reply within "
                         f"{connect_timeout:g} s; is it asleep or busy?)") from None
    except OSError as exc:
        raw.close()
        raise LinkFailed(f"{who} closed the connection during the handshake "
                         f"({exc.strerror or type(exc).__name__})") from None
    if tls.version() != "TLSv1.3" or tls.selected_alpn_protocol() != ALPN:
        tls.close()
        raise LinkRefused("protocol", f"{who} does not speak {ALPN} over TLS 1.3; update Hearth there")
    found = peer_pin(tls)
    if found != pin:
        tls.close()
        raise LinkRefused("pin_mismatch", f"pin mismatch for {who}: the device at {address} presented "
                          "another key than the one you paired with; nothing was sent")
    return tls


def tls_words(exc: ssl.SSLError) -> str:
    """Why a TLS handshake failed, in words a person can act on."""
    reason = (exc.reason or str(exc)).lower().replace("_", " ")
    if "certificate required" in reason:
        return "this device presented no certificate"
    if "unknown ca" in reason or "certificate unknown" in reason or "bad certificate" in reason:
        return "this device is not paired with it"
    return reason[:120]


def send_line(sock: ssl.SSLSocket, value: dict[str, Any]) -> int:
    data = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"
    sock.sendall(data)
    return len(data)


class LineReader:
    """Reads newline-ended lines from a socket, each within a size limit and a deadline."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""
        self.received = 0

    def line(self, *, limit: int = MAX_LINE, timeout: float = 10.0) -> bytes:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            if len(self.buffer) > limit:
                raise LinkRefused("too_large", "a message was larger than the link allows")
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the other side sent nothing in time")
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionResetError("the other side closed the connection")
            self.received += len(chunk)
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        if len(line) > limit:
            raise LinkRefused("too_large", "a message was larger than the link allows")
        return line

    def json(self, *, limit: int = MAX_LINE, timeout: float = 10.0) -> dict[str, Any]:
        raw = self.line(limit=limit, timeout=timeout)
        try:
            value = json.loads(raw)
        except ValueError:
            raise LinkRefused("bad_message", "a message on the link was not JSON") from None
        if not isinstance(value, dict):
            raise LinkRefused("bad_message", "a message on the link was not a JSON object")
        return value


# -- pairing codes ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PairingCode:
    did: str
    addresses: tuple[str, ...]
    pin: str
    secret: bytes
    expires_at: float  # wall clock

    def text(self) -> str:
        raw = json.dumps({"d": self.did, "a": list(self.addresses), "p": self.pin,
                          "s": base64.urlsafe_b64encode(self.secret).decode().rstrip("="),
                          "e": int(self.expires_at)}, separators=(",", ":")).encode()
        return CODE_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def parse(cls, text: str) -> PairingCode:
        """Read a code as printed (surrounding blanks ignored); LinkFailed when it is not one."""
        body = "".join(text.split())
        if not body.startswith(CODE_PREFIX) or len(body) > 2048:
            raise LinkFailed("that is not a Hearth pairing code (it starts with 'hearth-link:')")
        try:
            raw = json.loads(base64.urlsafe_b64decode(body[len(CODE_PREFIX):] + "=" * (-len(body) % 4)))
            secret = base64.urlsafe_b64decode(str(raw["s"]) + "=" * (-len(str(raw["s"])) % 4))
            code = cls(str(raw["d"]), tuple(str(a) for a in raw["a"]), str(raw["p"]), secret,
                       float(raw["e"]))
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise LinkFailed("the pairing code is damaged; copy it again") from None
        if len(code.secret) != 16 or len(code.pin) != 64 or not code.addresses:
            raise LinkFailed("the pairing code is damaged; copy it again")
        return code


def confirmation(pin_a: str, pin_b: str) -> str:
    """The 6 digits both screens show: derived from both link keys, the same on either side."""
    first, second = sorted((pin_a, pin_b))
    digest = hashlib.sha256(f"hearth-link-confirm/1:{first}:{second}".encode()).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"
