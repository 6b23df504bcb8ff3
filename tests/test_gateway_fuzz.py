"""Raw-HTTP fuzzing of the gateway: request lines, headers, framing, chunked bodies, truncation.

Every case is bytes on a fresh Unix-socket connection (mutated from real requests, or random),
sent whole, in pieces, pipelined, half-closed or left hanging. The gateway must answer each with
well-formed HTTP and never a 5xx, must close every connection within its deadlines (no hang),
and a legitimate plugin in another process must be served throughout. Seeded, so a failure
repeats; the figures are printed at the end.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from identity import audit
from tests.gateway_attack_support import Unparseable, read_response
from tests.identity_fixtures import granted_plugin, vault
from vault.notes import add_note

__all__ = ["vault"]

SEED = int(os.environ.get("HEARTH_FUZZ_SEED", "1313"))
CASES = 3000
WORKERS = 8
IDLE_S = 1.0
REQUEST_S = 1.5
#: A case that has not ended by then is a hang: the gateway must have closed the connection.
HANG_S = REQUEST_S + IDLE_S + 4.0

METHODS = ["GET", "POST", "PUT", "OPTIONS", "DELETE", "PATCH", "TRACE", "CONNECT", "G\x00T",
           "get", "POST ", "", "\xff\xfe", "X" * 300, "PRI"]
VERSIONS = ["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.1.1", "HTTP/", "http/1.1",
            "HTTP/1.10000000000", "HTTP/٣.١", ""]
LENGTHS = ["²", "١٢", "-1", "+3", "1_0", "0x10", "9" * 40, "", " ", "3, 3", "18446744073709551616",
           "１２", "0", "7\r\nContent-Length: 8"]
PATHS = ["/v1/models", "/v1/hearth/notes", "/v1/hearth/notes?limit=²",
         "/v1/hearth/notes?limit=" + "9" * 500,
         "/v1/hearth/search", "/v1/hearth/contacts", "/v1/hearth/calendar", "/pair/hello", "/pair/prove",
         "/grants/request", "/grants/request/abc", "/session/grant", "/v1/chat/completions",
         "/v1/embeddings", "*", "//v1/models", "/v1/../v1/models", "/%00", "/" + "a" * 3000,
         "http://hearth/v1/models", "/v1/hearth/notes?q=%ud800", "/v1/hearth/notes?" + "&".join(["a=1"] * 50)]
BODIES = [b'{"query": "x"}', b'{"did": "did:key:z6Mk", "name": "x"}', b'{"presentation": "a.b.c"}',
          b'{"scopes": ["notes.read"], "purpose": "fuzz"}', b'{"grant": "x.y.z"}',
          b'{"model": "default", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 1}',
          b'{"input": "x", "model": "m"}', b'{"query": "\\ud800"}',
          b'{"query": ' + b"[" * 50 + b"]" * 50 + b"}",
          b'{"query": 1e999}', b"\xff\xfe\x00", b"[]", b"", b'{"query": "x", "query": "y"}']


@dataclass
class Case:
    data: bytes
    pieces: int = 1
    half_close: bool = True


def _request(rng: random.Random, token: str) -> bytes:
    method = rng.choice(["GET", "POST", "POST", "GET", rng.choice(METHODS)])
    path = rng.choice(PATHS)
    version = "HTTP/1.1" if rng.random() < 0.85 else rng.choice(VERSIONS)
    headers = ["Host: hearth"]
    if rng.random() < 0.6:
        headers.append(f"Authorization: Bearer {token}")
    body = rng.choice(BODIES) if method != "GET" or rng.random() < 0.1 else b""
    framing = rng.random()
    if framing < 0.75:
        headers.append(f"Content-Length: {len(body)}")
    elif framing < 0.85:
        headers.append(f"Content-Length: {rng.choice(LENGTHS)}")
    elif framing < 0.95:
        headers.append("Transfer-Encoding: chunked")
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if rng.random() < 0.7 else b"zz\r\n" + body
    if rng.random() < 0.1:
        headers += [f"X-Fuzz-{i}: {'v' * rng.randint(0, 2000)}" for i in range(rng.randint(1, 120))]
    if rng.random() < 0.05:
        headers.append("Expect: 100-continue")
    if rng.random() < 0.05:
        headers.append("Origin: http://evil.example")
    rng.shuffle(headers)
    head = f"{method} {path} {version}".rstrip() + "\r\n" + "\r\n".join(headers) + "\r\n\r\n"
    return head.encode("latin-1", "replace") + body


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    kind = rng.randrange(9)
    if kind == 0 and out:                              # flip bytes
        for _ in range(rng.randint(1, 6)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind == 1:                                    # insert protocol-meaningful bytes
        for _ in range(rng.randint(1, 4)):
            out[rng.randint(0, len(out)):0] = rng.choice([b"\r", b"\n", b"\r\n", b"\x00", b":", b" ",
                                                          b"\r\n\r\n", b"\xff", b"\t", b"%"])
    elif kind == 2 and out:                            # delete a slice
        a = rng.randrange(len(out))
        del out[a:a + rng.randint(1, 40)]
    elif kind == 3:                                    # LF-only or CR-only line ends
        out = bytearray(bytes(out).replace(b"\r\n", rng.choice([b"\n", b"\r"])))
    elif kind == 4:                                    # duplicate a header line
        lines = bytes(out).split(b"\r\n")
        if len(lines) > 2:
            i = rng.randrange(1, len(lines) - 1)
            lines.insert(i, lines[i])
        out = bytearray(b"\r\n".join(lines))
    elif kind == 5:                                    # garbage after the request
        out += bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    elif kind == 6:                                    # truncate
        out = out[:rng.randint(0, len(out))]
    return bytes(out)


def make_cases(token: str) -> list[Case]:
    rng = random.Random(SEED)
    cases = []
    for _ in range(CASES):
        roll = rng.random()
        if roll < 0.08:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
        elif roll < 0.2:
            data = b"".join(_request(rng, token) for _ in range(rng.randint(2, 4)))   # pipelined
        else:
            data = _request(rng, token)
        if rng.random() < 0.7:
            data = _mutate(rng, data)
        cases.append(Case(data, pieces=rng.choice([1, 1, 1, 2, 5]), half_close=rng.random() > 0.04))
    return cases


@dataclass
class Outcome:
    statuses: list[int]
    hang: bool = False
    garbled: str = ""
    seconds: float = 0.0
    reset: bool = False


def run_case(sock_path: str, case: Case) -> Outcome:
    start = time.monotonic()
    statuses: list[int] = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(HANG_S)
        s.connect(sock_path)
        try:
            step = max(1, len(case.data) // case.pieces)
            for i in range(0, len(case.data), step):
                s.sendall(case.data[i:i + step])
                if case.pieces > 1:
                    time.sleep(0.01)
            if case.half_close:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the gateway answered and closed before all of it was sent
        with s.makefile("rb") as f:
            try:
                while True:
                    r = read_response(f)
                    if r is None:
                        break
                    statuses.append(r.status)
            except TimeoutError:
                return Outcome(statuses, hang=True, seconds=time.monotonic() - start)
            except ConnectionResetError:
                # Tolerated only after an answer: the gateway closed with our unread bytes pending.
                return Outcome(statuses, reset=not statuses, seconds=time.monotonic() - start)
            except (Unparseable, ValueError) as exc:
                return Outcome(statuses, garbled=repr(exc)[:200], seconds=time.monotonic() - start)
    return Outcome(statuses, seconds=time.monotonic() - start)


@pytest.fixture
def legit_client(tmp_path):
    """Yields a function that starts the other-process plugin for a gateway and, later, stops it."""
    procs: list[subprocess.Popen[str]] = []

    def start(gateway: Any) -> Any:
        client, _ = granted_plugin(gateway, ["notes.read"])
        stop_file = tmp_path / "stop"
        proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("gateway_legit_client.py")),
                                 str(gateway.socket_path), client.token, str(stop_file)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=Path(__file__).parent.parent)
        procs.append(proc)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""

        def stop() -> dict[str, Any]:
            stop_file.touch()
            out, _ = proc.communicate(timeout=60)
            return dict(json.loads(out.strip().splitlines()[-1]))

        return stop

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_raw_http_fuzzing(vault, legit_client, request):
    from app.gateway import Gateway

    add_note(vault, "water the fern")
    with Gateway(vault, idle_timeout=IDLE_S, request_timeout=REQUEST_S) as gw:
        stop_legit = legit_client(gw)
        fuzzer, _ = granted_plugin(gw, ["notes.read", "documents.search"])
        fuzzer.close()
        cases = make_cases(str(fuzzer.token))
        entries_before = len(audit.entries(vault))
        started = time.monotonic()
        with ThreadPoolExecutor(WORKERS) as pool:
            outcomes = list(pool.map(lambda c: run_case(str(gw.socket_path), c), cases))
        fuzz_seconds = time.monotonic() - started
        legit = stop_legit()
        # The gateway still serves normally afterwards.
        after, _ = granted_plugin(gw, ["notes.read"])
        assert after.get("/v1/hearth/notes").status_code == 200
        after.close()
    statuses = Counter(s for o in outcomes for s in o.statuses)
    figures = {
        "cases": len(cases), "requests_answered": sum(statuses.values()),
        "bytes_sent": sum(len(c.data) for c in cases),
        "server_errors_5xx": sum(n for s, n in statuses.items() if s >= 500),
        "hangs": sum(o.hang for o in outcomes), "garbled": sum(bool(o.garbled) for o in outcomes),
        "resets_without_answer": sum(o.reset for o in outcomes),
        "unanswered": sum(not o.statuses for c, o in zip(cases, outcomes, strict=True) if c.data),
        "statuses": dict(sorted(statuses.items())), "fuzz_seconds": round(fuzz_seconds, 1),
        "slowest_case_s": round(max(o.seconds for o in outcomes), 2),
        "legit_served": legit["served"], "legit_failed": legit["failed"],
        "legit_max_gap_s": round(legit["max_gap_s"], 2),
        "audit_rows": len(audit.entries(vault)) - entries_before,
    }
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"gateway fuzz: {json.dumps(figures)}")
    if os.environ.get("HEARTH_FUZZ_REPORT"):
        Path(os.environ["HEARTH_FUZZ_REPORT"]).write_text(json.dumps(figures, indent=1))
    assert figures["server_errors_5xx"] == 0, statuses
    assert figures["hangs"] == 0, [c.data[:80] for c, o in zip(cases, outcomes, strict=True) if o.hang][:5]
    assert figures["garbled"] == 0, [o.garbled for o in outcomes if o.garbled][:5]
    assert figures["resets_without_answer"] == 0 and figures["unanswered"] == 0, \
        [c.data[:80] for c, o in zip(cases, outcomes, strict=True) if c.data and not o.statuses][:5]
    assert legit["failed"] == 0, legit["failures"]
    assert legit["served"] > fuzz_seconds * 5 and legit["max_gap_s"] < 2.0, legit
    # Refusals are coalesced: the log grows with real accesses (two rows each), not with the noise.
    data_reads = statuses[200]
    assert figures["audit_rows"] < 2 * (data_reads + legit["served"]) + 400, figures
    assert audit.verify(vault) == len(audit.entries(vault))
