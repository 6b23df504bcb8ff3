"""No library phones home: proven from the system calls of whole processes, not Hearth's hooks.

Native libraries do not go through Python's ``socket`` module: onnxruntime's telemetry uploader
(1.29 and later) resolves ``mobile.events.data.microsoft.com`` from its own threads and keeps a
device id under ``~/.cache/Microsoft``. So these tests run the real ``hearth`` command line
under ``strace -f`` (every thread and child) and read what the kernel was asked to do: any
``connect``/``sendto``/``sendmsg`` to an address outside loopback, any DNS query (port 53, the
nscd or systemd-resolved sockets) fails them. The home folder is a fresh one, and afterwards it
holds Hearth's folders and nothing else. A control run shows the harness sees onnxruntime's
telemetry when it is left on.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from engine.search.embeddings import default_model_file
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
STRACE = shutil.which("strace")  # scripts/ensure-system-packages installs it

_INET = re.compile(r'(connect|sendto|sendmsg|sendmmsg)\(\d+, .*?sa_family=AF_INET6?, '
                   r'sin6?_port=htons\((\d+)\)'
                   r'.*?(?:sin_addr=inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")')
_UNIX = re.compile(r'connect\(\d+, \{sa_family=AF_UNIX, sun_path="([^"]+)"')
#: The socket through which systemd-resolved answers name lookups. (nscd's socket also serves
#: user and group lookups, which every program makes; a host lookup through nscd, or with no
#: nscd, ends as a DNS query on port 53, which is caught above.)
_RESOLVERS = ("/run/systemd/resolve/io.systemd.Resolve",)


def leaks(trace: str) -> list[str]:
    """Every system call in an strace log that sent, or tried to send, anything off this machine
    or asked for a name: lines, as strace wrote them."""
    found = []
    for line in trace.splitlines():
        m = _INET.search(line)
        if m:
            port, host = int(m.group(2)), m.group(3) or m.group(4)
            if port == 53 or not ipaddress.ip_address(host).is_loopback:
                found.append(line)
            continue
        u = _UNIX.search(line)
        if u and u.group(1) in _RESOLVERS:
            found.append(line)
    return found


def traced(args: list[str], env: dict[str, str], log: Path, *, input: str | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess[str]:
    assert STRACE is not None, "strace is missing: run scripts/ensure-system-packages test"
    return subprocess.run([STRACE, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg",
                           "-o", str(log), "-a", "1", *args], capture_output=True, text=True, env=env,
                          input=input, timeout=timeout, cwd=ROOT)


#: Variables by which onnxruntime (1.32) decides it runs under a build service and keeps its
#: telemetry quiet (read from its library's strings; ``CI=true`` alone is enough). A person's
#: desktop has none of them, so a test that kept them would prove nothing on a CI machine.
CI_MARKERS = frozenset({
    "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL",
    "CODEBUILD_BUILD_ID", "BUILDKITE", "TEAMCITY_VERSION", "APPVEYOR", "BITBUCKET_BUILD_NUMBER",
    "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", "BUILD_ID", "BUILD_NUMBER", "CONTINUOUS_INTEGRATION",
})


def _clean_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """The environment of a person's first session: a fresh home, no telemetry switches set, and
    nothing that tells a library it runs under a build service."""
    home = tmp_path / "person"
    home.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ORT_", "HF_", "XDG_", "OTEL_")) and k not in
           ("ANONYMIZED_TELEMETRY", "DO_NOT_TRACK", "TRANSFORMERS_OFFLINE") and k not in CI_MARKERS}
    env["HOME"] = str(home)
    return env, home


def test_the_log_reader_sees_what_leaves() -> None:
    trace = "\n".join([
        '12 connect(8, {sa_family=AF_INET, sin_port=htons(53), '
        'sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
        '12 connect(9, {sa_family=AF_INET, sin_port=htons(443), '
        'sin_addr=inet_addr("13.69.116.104")}, 16) = -1',
        '12 connect(9, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), '
        'inet_pton(AF_INET6, "2603:1030::1", &sin6_addr), sin6_scope_id=0}, 28) = -1',
        '12 connect(3, {sa_family=AF_UNIX, sun_path="/run/systemd/resolve/io.systemd.Resolve"}, 110) = 0',
        '12 connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
        '12 connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
        '12 connect(3, {sa_family=AF_UNIX, sun_path="/tmp/run/gateway.sock"}, 110) = 0',
    ])
    assert len(leaks(trace)) == 4


def test_control_onnxruntime_left_alone_keeps_a_device_id_and_resolves_a_name(tmp_path: Path) -> None:
    """Without Hearth's switches, the same library the product embeds with phones home: the
    harness below is able to see it."""
    env, home = _clean_env(tmp_path)
    code = ("import time, onnxruntime as ort, sys\n"
            "ort.InferenceSession(sys.argv[1], providers=['CPUExecutionProvider'])\n"
            "time.sleep(float(sys.argv[2]))\n")
    log = tmp_path / "control.strace"
    seen: list[str] = []
    for wait in (5, 20):
        out = traced([sys.executable, "-c", code, str(default_model_file()), str(wait)], env, log)
        assert out.returncode == 0, out.stderr[-2000:]
        seen = leaks(log.read_text())
        if seen:
            break
    assert (home / ".cache" / "Microsoft" / "DeveloperTools" / ".onnxruntime" / "deviceid").exists()
    assert any("port=htons(53)" in line for line in seen), "no DNS query seen: the harness is blind"


def test_a_whole_session_sends_nothing_and_keeps_nothing_outside_hearths_folders(tmp_path: Path) -> None:
    env, home = _clean_env(tmp_path)
    env["HEARTH_PASSPHRASE"] = PASSPHRASE
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "dog.md").write_text("# Our dog Pepper\n\nPepper is allergic to chicken. Her vet is "
                                  "Dr. Alder at the Northgate clinic, phone 01632 960 417.\n")
    (notes / "trip.md").write_text("# Lisbon\n\nFlight TP1359 leaves Dublin at 06:40 on 12 March.\n")
    hearth = [sys.executable, "-m", "app"]
    steps: list[tuple[list[str], str | None]] = [
        (["vault", "init"], None),
        (["add", str(notes)], None),
        (["search", "Pepper chicken"], None),
        (["ask", "--max-tokens", "24", "What is Pepper allergic to?"], None),
        (["chat", "--max-tokens", "16"], "When does my flight to Lisbon leave?\n/exit\n"),
    ]
    for n, (args, stdin) in enumerate(steps):
        log = tmp_path / f"step{n}.strace"
        started = time.monotonic()
        out = traced([*hearth, *args], env, log, input=stdin)
        assert out.returncode == 0, f"hearth {' '.join(args)}: {out.stderr[-2000:]}"
        assert time.monotonic() - started < 300
        assert leaks(log.read_text()) == [], f"hearth {' '.join(args)} sent something off the machine"
        if args[0] == "ask":
            assert "chicken" in out.stdout.lower()
    ours = _hearth_folders(home)
    outside = sorted(rel for rel in (str(p.relative_to(home)) for p in home.rglob("*"))
                     if not rel.startswith(ours) and not any(o.startswith(rel + "/") for o in ours))
    assert outside == [], f"left outside Hearth's folders: {outside}"


def _hearth_folders(home: Path) -> tuple[str, ...]:
    """Hearth's own places under the home folder: its data and its model cache, as the
    platform names them (the test's data home, ``HEARTH_HOME``, is elsewhere)."""
    import platformdirs

    saved = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        places = [Path(platformdirs.user_data_dir("Hearth", appauthor=False)),
                  Path(platformdirs.user_cache_dir("Hearth", appauthor=False))]
    finally:
        os.environ["HOME"] = saved or ""
    return tuple(str(p.relative_to(home)) for p in places)
