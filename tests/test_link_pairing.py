"""Pairing with the person in the loop, and a serving device that dies mid-answer.

"box" serves on 127.0.0.3 *without* ``--accept-pairing``: a pairing waits until the 6 digits
both screens show are confirmed on box (``hearth link confirm``). "pad" pairs with it, then asks
through it while box is killed.
"""

from __future__ import annotations

import json
import queue
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest

from tests.link_support import Device, make_device

FACT = "What is the capital of France? Answer in one word."
LONG = "Write a long story, at least 500 words, about a lighthouse keeper and a storm."


@pytest.fixture(scope="module")
def box_pad(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Device, Device]]:
    root = tmp_path_factory.mktemp("people")
    box, pad = make_device(root, "box"), make_device(root, "pad")
    box.serve(host="127.0.0.3")
    try:
        yield box, pad
    finally:
        box.stop()


def _lines(proc: subprocess.Popen[str]) -> queue.SimpleQueue[str]:
    out: queue.SimpleQueue[str] = queue.SimpleQueue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            out.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return out


def _start_pairing(box: Device, pad: Device) -> tuple[subprocess.Popen[str], str, queue.SimpleQueue[str]]:
    code = box.cli("link", "code")
    assert code.returncode == 0, code.stderr
    pairing = pad.popen("link", "pair", code.stdout.strip(), "--name", "box", "--as", "pad")
    lines = _lines(pairing)
    line = lines.get(timeout=60)
    found = re.search(r"Confirmation (\d{6})", line)
    assert found, line
    return pairing, found.group(1), lines


def _rest(proc: subprocess.Popen[str], lines: queue.SimpleQueue[str]) -> tuple[str, str]:
    """What the process printed after the first line, and its standard error, once it ended."""
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.wait(timeout=60)
    time.sleep(0.2)
    out = []
    while not lines.empty():
        out.append(lines.get())
    return "".join(out), err


def test_pairing_waits_for_the_same_six_digits_and_a_wrong_answer_stores_nothing(
        box_pad: tuple[Device, Device]) -> None:
    box, pad = box_pad
    pairing, digits, lines = _start_pairing(box, pad)
    shown = box.wait_line("pairing request from pad")
    assert f"confirmation {digits}" in shown  # both screens show the same digits
    wrong = f"{(int(digits) + 1) % 1_000_000:06d}"
    refused = box.cli("link", "confirm", wrong)
    assert refused.returncode != 0 and "not the confirmation" in refused.stderr
    _, err = _rest(pairing, lines)
    assert pairing.returncode != 0 and "did not match; nothing was stored" in err, err
    assert json.loads(box.cli("link", "list", "--json").stdout) == []
    assert json.loads(pad.cli("link", "list", "--json").stdout) == []

    pairing, digits, lines = _start_pairing(box, pad)
    confirmed = box.cli("link", "confirm", digits)
    assert confirmed.returncode == 0 and "pad is paired" in confirmed.stdout, confirmed.stderr
    out, err = _rest(pairing, lines)
    assert pairing.returncode == 0, err
    assert f"confirmation {digits}" in out and "may not answer from your data" in out
    rows = json.loads(pad.cli("link", "list", "--json").stdout)
    assert [(r["name"], r["online"], r["personal"]) for r in rows] == [("box", True, False)]


def test_a_device_killed_mid_answer_is_named_and_the_next_answer_is_local(
        box_pad: tuple[Device, Device]) -> None:
    box, pad = box_pad
    rows = json.loads(pad.cli("link", "list", "--json", "--offline").stdout)
    assert [r["name"] for r in rows] == ["box"], "the pairing test before this must have paired them"
    # Paired with "--personal no": a question that draws on pad's files is answered on pad.
    assert pad.cli("note", "The spare key for the shed hangs behind the blue door.").returncode == 0
    before = box.stats()["engine_requests"]
    private = pad.cli("ask", "--via", "box", "--json", "Where does the spare key for the shed hang?")
    assert private.returncode == 0, private.stderr
    assert "box may not answer from your data" in private.stderr
    reply = json.loads(private.stdout)
    assert reply["route"]["answered_by"] == "this computer" and reply["route"]["personal"] is True
    assert box.stats()["engine_requests"] == before

    asking = pad.popen("ask", "--via", "box", "--max-tokens", "1500", LONG)
    text = ""
    assert asking.stdout is not None
    deadline = time.monotonic() + 180
    while len(text) < 40 and time.monotonic() < deadline:
        text += asking.stdout.read(1)
    assert len(text) >= 40, "no answer streamed from box"
    assert box.proc is not None
    box.proc.send_signal(signal.SIGKILL)
    killed = time.monotonic()
    _, err = asking.communicate(timeout=30)
    took = time.monotonic() - killed
    assert asking.returncode == 1 and "box went away mid-answer" in err, err
    assert took < 5, f"the asking side took {took:.1f} s to notice"

    began = time.monotonic()
    again = pad.cli("ask", "--via", "box", "--json", FACT)
    assert again.returncode == 0, again.stderr
    reply = json.loads(again.stdout)
    assert reply["route"]["answered_by"] == "this computer" and reply["route"]["device"] is None
    assert any("box could not be reached" in note for note in reply["notes"]), reply["notes"]
    assert "paris" in reply["text"].lower()
    assert time.monotonic() - began < 120
    log = json.loads(pad.cli("network", "log", "--json").stdout)["entries"]
    outcomes = [e["status"] for e in log if e["kind"] == "model_call" and e["host"] == box.address]
    assert any("went away mid-answer" in s for s in outcomes), outcomes
    assert any("could not be reached" in s for s in outcomes), outcomes
