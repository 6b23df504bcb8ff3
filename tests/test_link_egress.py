"""With no device paired, a whole CLI session connects nowhere beyond loopback: seen in system calls.

Each command runs under ``strace -f`` (every thread and child process, below Python, so a
library's own sockets count too). Every ``connect``, ``sendto`` and ``sendmsg`` that names an
address must name a Unix socket, netlink, 127.0.0.0/8 or ::1. A control run that does connect
outside shows the check can fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.link_support import ROOT, make_device

pytestmark = pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")

_CALL = re.compile(r"\b(connect|sendto|sendmsg)\(\d+, (.*)")
_INET = re.compile(r'sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([\d.]+)"\)')
_INET6 = re.compile(r'sa_family=AF_INET6, sin6_port=htons\((\d+)\),.*?inet_pton\(AF_INET6, "([^"]+)"')


def outside_loopback(trace: Path) -> list[str]:
    """Every traced call that addressed something other than this machine's loopback."""
    found = []
    for line in trace.read_text(errors="replace").splitlines():
        call = _CALL.search(line)
        if call is None or "sa_family=" not in line:
            continue
        if "AF_UNIX" in line or "AF_NETLINK" in line:
            continue
        v4, v6 = _INET.search(line), _INET6.search(line)
        if v4 and v4.group(2).startswith("127."):
            continue
        if v6 and v6.group(2) in ("::1", "::ffff:127.0.0.1"):
            continue
        found.append(line.strip())
    return found


def traced(args: list[str], trace: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace),
                           *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_the_tracer_sees_a_connection_outside(tmp_path: Path) -> None:
    code = "import socket\ns = socket.socket(); s.settimeout(0.2)\ntry: s.connect(('10.255.255.1', 9))\n" \
           "except OSError: pass"
    traced([sys.executable, "-c", code], tmp_path / "control", dict(os.environ))
    assert any("10.255.255.1" in line for line in outside_loopback(tmp_path / "control"))


def test_with_no_device_paired_a_session_connects_nowhere_beyond_loopback(tmp_path: Path) -> None:
    solo = make_device(tmp_path, "solo")
    env = solo.env
    listed = traced([sys.executable, "-m", "app", "link", "list", "--json"], tmp_path / "list", env)
    assert listed.returncode == 0 and json.loads(listed.stdout) == [], listed.stderr
    asked = traced([sys.executable, "-m", "app", "ask", "--json", "What is the capital of France? One word."],
                   tmp_path / "ask", env)
    assert asked.returncode == 0, asked.stderr
    assert "paris" in json.loads(asked.stdout)["text"].lower()
    assert outside_loopback(tmp_path / "list") == []
    assert outside_loopback(tmp_path / "ask") == []
