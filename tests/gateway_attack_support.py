"""Support for the hostile-plugin and fuzz suites: raw HTTP over the Unix socket, a vault holding
real imported mail, calendars, contacts, documents and notes, and a ledger of attacks.

Everything is real: a SQLCipher vault file, files imported through the real importer path
(``engine.search.retrieval.Retriever.ingest``), didkit signatures, the bundled model, and HTTP bytes on
the gateway's Unix socket.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.retrieval_fixtures import write_eml, write_ics, write_mbox

#: One word per data class, planted in that class's data only: finding a word proves the class leaked.
CANARY = {"notes": "quokkanote", "documents": "quokkadoc", "mail": "quokkamail",
          "calendar": "quokkaevent", "contacts": "quokkacontact"}
ALL_CANARIES = " ".join(CANARY.values())
#: The scope that opens each data class on its own.
SCOPE_OF = {"notes": "notes.read", "documents": "documents.search", "mail": "mail.search",
            "calendar": "calendar.read", "contacts": "contacts.read"}

VCF = """BEGIN:VCARD
VERSION:3.0
FN:Marisol Quintanilla
N:Quintanilla;Marisol;;;
TEL;TYPE=CELL:+34 600 111 222
EMAIL:marisol@example.org
NOTE:quokkacontact brings the oars on Saturdays.
END:VCARD
"""


def write_sample_files(folder: Path) -> Path:
    """One file of every personal kind, each carrying its class's canary."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "garden.md").write_text("# Garden plan\n\nquokkadoc: plant the tomatoes by the south wall.\n")
    (folder / "todo.txt").write_text("quokkadoc: renew the library card before Friday.\n")
    write_eml(folder / "invoice.eml", sender="billing@example.org", subject="Invoice 7781",
              body="quokkamail: your invoice 7781 for 312 euros is due on the 9th.")
    write_mbox(folder / "inbox.mbox", [
        ("doctor@example.org", "Results", "Mon, 03 Mar 2025 08:00:00 +0000",
         "quokkamail: your blood test results are normal."),
    ])
    write_ics(folder / "calendar.ics", [
        ("quokkaevent dentist", "2026-12-03 10:00", "Clinic on Calle Mayor",
         "quokkaevent root canal appointment"),
    ])
    (folder / "people.vcf").write_text(VCF)
    return folder


def class_of_item(vault: Any, item: str) -> str:
    """The data class of an audit or API item id (``note:3``, ``chunk:7``, ``doc:2``)."""
    from vault.kinds import class_of

    kind_name, _, number = item.partition(":")
    if kind_name == "note":
        return "notes"
    if kind_name == "chunk":
        row = vault.query_one("SELECT d.kind FROM chunks c JOIN documents d ON d.id = c.document_id "
                              "WHERE c.id = ?", (int(number),))
    elif kind_name == "doc":
        row = vault.query_one("SELECT kind FROM documents WHERE id = ?", (int(number),))
    else:
        return "?"
    return (class_of(row[0]) or "unclassified") if row else "missing"


# -- raw HTTP -------------------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def code(self) -> str:
        try:
            return str(json.loads(self.body)["error"]["code"])
        except (ValueError, KeyError, TypeError):
            return ""

    def json(self) -> Any:
        return json.loads(self.body)


class Unparseable(Exception):
    pass


def read_response(f: Any, *, head_only: bool = False) -> Response | None:
    """One HTTP/1.1 response from a binary file on the socket; None at a clean EOF."""
    line = f.readline(65537)
    if not line:
        return None
    parts = line.split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
        raise Unparseable(line[:200])
    headers: dict[str, str] = {}
    while True:
        h = f.readline(65537)
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = b""
    if head_only:
        pass
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int(f.readline().split(b";")[0], 16)
            chunk = f.read(size + 2)[:size]
            if size == 0:
                break
            body += chunk
    else:
        body = f.read(int(headers.get("content-length", "0")))
    return Response(int(parts[1]), headers, body)


def exchange(path: Path | str, data: bytes, *, count: int | None = None, timeout: float = 15,
             half_close: bool = False, head_only: bool = False) -> list[Response]:
    """Send raw bytes on a fresh connection; the responses read back (``count`` of them, or until
    the server closes)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(str(path))
        s.sendall(data)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        out: list[Response] = []
        with s.makefile("rb") as f:
            while count is None or len(out) < count:
                r = read_response(f, head_only=head_only)
                if r is None:
                    break
                out.append(r)
        return out


def one(path: Path | str, data: bytes, **kw: Any) -> Response:
    got = exchange(path, data, count=1, **kw)
    assert len(got) == 1, "the gateway answered nothing"
    return got[0]


def request(method: str, target: str, *, token: str | None = None, body: bytes | None = None,
            headers: list[tuple[str, str]] | None = None, version: str = "HTTP/1.1") -> bytes:
    lines = [f"{method} {target} {version}", "Host: hearth"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    for name, value in headers or []:
        lines.append(f"{name}: {value}")
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


# -- the ledger -----------------------------------------------------------------------------------

@dataclass
class Attack:
    name: str
    expected: str
    got: str = ""
    ok: bool = False
    breach: bool = False
    server_error: bool = False


@dataclass
class Ledger:
    attacks: list[Attack] = field(default_factory=list)

    def expect(self, name: str, response: Any, status: int, code: str) -> None:
        """One attack: ``response`` (an httpx response or a :class:`Response`) must be exactly this denial."""
        got_status = int(getattr(response, "status_code", getattr(response, "status", 0)))
        if isinstance(response, Response):
            got_code = response.code
        else:
            try:
                got_code = str(response.json()["error"]["code"])
            except (ValueError, KeyError, TypeError):
                got_code = ""
        attack = Attack(name, f"{status} {code}", f"{got_status} {got_code}",
                        ok=(got_status, got_code) == (status, code),
                        breach=200 <= got_status < 300,
                        server_error=got_status >= 500 and (got_status, got_code) != (status, code))
        self.attacks.append(attack)
        assert attack.ok, f"{name}: expected {attack.expected}, got {attack.got}: {_text(response)[:300]}"

    def confined(self, name: str, leaked: list[str], *, shown: bool = True) -> None:
        """A confinement check: ``leaked`` lists what an app saw without a grant (must be empty);
        ``shown`` says the granted data did reach it."""
        attack = Attack(name, "granted only", "leaked: " + ", ".join(leaked) if leaked else
                        ("granted only" if shown else "granted data missing"),
                        ok=not leaked and shown, breach=bool(leaked))
        self.attacks.append(attack)
        assert attack.ok, f"{name}: {attack.got}"

    def check(self, name: str, ok: bool, detail: str = "", *, breach: bool | None = None) -> None:
        attack = Attack(name, "holds", "holds" if ok else f"fails: {detail}", ok=ok,
                        breach=(not ok) if breach is None else breach)
        self.attacks.append(attack)
        assert ok, f"{name}: {detail}"

    def totals(self) -> dict[str, int]:
        return {"attacks": len(self.attacks), "as_expected": sum(a.ok for a in self.attacks),
                "breaches": sum(a.breach for a in self.attacks),
                "unexpected_5xx": sum(a.server_error for a in self.attacks)}


def _text(response: Any) -> str:
    body = getattr(response, "text", None)
    if isinstance(body, str):
        return body
    return bytes(getattr(response, "body", b"")).decode("utf-8", "replace")


def wait_for(predicate: Any, *, timeout: float = 10.0, every: float = 0.02) -> Any:
    """Poll until ``predicate()`` is truthy (the audit outcome is written once the answer has gone)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def access_entries(vault: Any, did: str) -> list[Any]:
    from identity import audit

    return [e for e in audit.entries(vault, app_did=did) if e.reason == "ok"]


def outcome_of(vault: Any, access: Any, *, timeout: float = 10.0) -> Any:
    from identity import audit

    def find() -> Any:
        return next((e for e in audit.entries(vault, app_did=access.app_did)
                     if e.items[:1] == [f"outcome_of:{access.seq}"]), None)

    return wait_for(find, timeout=timeout)


def sse_events(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        if line.startswith("data: "):
            yield line[6:]
