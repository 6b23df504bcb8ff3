"""Text from outside never reaches the terminal raw: the real CLI, driven with hostile inputs.

Escape sequences (a window title, a cleared screen, OSC 52 writing the clipboard), BEL, C1
controls and direction overrides are put where the outside world can put them: a model
file's name and chat template, a Hub licence and file name, an HTTP error body, the network
log, a memory, an imported file's text and name. Each command's output must hold none of
them raw (they are shown as ``\\x1b``…), and a newline in a Hub field must not add a line of
its own to the pull plan (a fake "SHA-256 verified").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, run_cli
from tests.gguf_craft import kv_str, small_model
from tests.hub_server import COMMIT, HubServer

ENV = {"HEARTH_PASSPHRASE": PASSPHRASE}
REPO = "HearthTest/Tiny-GGUF"
FILE = "Tiny-Q4_K_M.gguf"
EVIL = "\x1b]0;owned\x07\x1b[2J\x1b]52;c;b3duZWQ=\x07\x9b31m\u202eevil\x08\r"
#: What a terminal would act on: C0 controls but newline and tab, DEL, C1, direction marks.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def assert_clean(*texts: str) -> None:
    for text in texts:
        found = RAW.findall(text)
        assert not found, f"raw terminal controls reached the output: {found!r} in {text[:300]!r}"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return small_model(tmp_path / "tiny.gguf")


@pytest.fixture
def hub(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        server.add_repo(REPO, {FILE: tiny}, license="mit\nSHA-256 verified: fake" + EVIL)
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        yield server


def test_a_model_files_name_and_template_are_shown_not_obeyed(tmp_path: Path) -> None:
    path = small_model(tmp_path / "evil.gguf", {
        "general.name": kv_str("general.name", "Tiny" + EVIL),
        "tokenizer.chat_template": kv_str("tokenizer.chat_template",
                                          "{{ messages }}\n" + EVIL + "\n{{ bos_token }}")})
    out = run_cli("models", "info", str(path))
    assert out.returncode == 0, out.stderr
    assert_clean(out.stdout, out.stderr)
    assert "model:           Tiny\\x1b]0;owned\\x07\\x1b[2J" in out.stdout
    assert "\\u202eevil\\x08\\r" in out.stdout
    template = out.stdout.split("chat template:   \n", 1)[1]
    assert template.splitlines()[0] == "{{ messages }}"             # its own lines are kept
    as_json = run_cli("models", "info", str(path), "--json")
    assert_clean(as_json.stdout)
    assert json.loads(as_json.stdout)["model_name"] == "Tiny" + EVIL   # exact, as data


def test_the_pull_plan_has_one_line_per_field(hub: HubServer) -> None:
    out = run_cli("models", "pull", REPO, "--file", FILE, "--yes")
    assert out.returncode == 0, out.stderr
    assert_clean(out.stdout, out.stderr)
    lines = out.stdout.splitlines()
    assert [line for line in lines if line.startswith("SHA-256 verified")] == \
        [next(line for line in lines if line.startswith("SHA-256 verified: ") and "fake" not in line)]
    repo_line = next(line for line in lines if line.startswith("Repo:"))
    assert "licence: mit\\nSHA-256 verified: fake\\x1b]0;owned" in repo_line
    listed = run_cli("models", "search", "tiny")
    assert listed.returncode == 0, listed.stderr
    assert_clean(listed.stdout, listed.stderr)


def test_a_newline_in_a_hub_file_name_adds_no_line(hub: HubServer, tiny: Path) -> None:
    name = "x-Q4_K_M.gguf\nSHA-256 verified: fake\nRegistered as default" + EVIL + ".gguf"
    hub.add_repo(REPO, {name: tiny, FILE: tiny})
    out = run_cli("models", "pull", REPO, "--file", name, "--yes")
    assert out.returncode == 1
    assert_clean(out.stdout, out.stderr)
    assert out.stdout == "" and out.stderr.count("\n") == 1
    assert out.stderr.startswith("hearth: refusing the file ") and "control characters" in out.stderr
    listed = run_cli("models", "search", "tiny")
    assert_clean(listed.stdout)
    assert "refused: x-Q4_K_M.gguf\\nSHA-256 verified: fake\\nRegistered as default" in listed.stdout
    assert not any(line.startswith(("SHA-256", "Registered")) for line in listed.stdout.splitlines())


def test_an_http_error_body_and_the_network_log_are_shown_not_obeyed(hub: HubServer) -> None:
    assert run_cli("vault", "init", env=ENV).returncode == 0
    hub.raw_api[f"/{REPO}/resolve/{COMMIT}/{FILE}"] = (500, {}, EVIL.encode() * 3)
    out = run_cli("models", "pull", REPO, "--file", FILE, "--yes", env=ENV)
    assert out.returncode == 1
    assert_clean(out.stdout, out.stderr)
    assert "answered 500" in out.stderr and "\\x1b]52;c;b3duZWQ=" in out.stderr
    log = run_cli("network", "log", env=ENV)
    assert log.returncode == 0, log.stderr
    assert_clean(log.stdout, log.stderr)
    assert "answered 500" in log.stdout
    assert_clean(run_cli("network", "log", "--json", env=ENV).stdout)


def test_a_memory_and_an_imported_file_are_shown_not_obeyed(tmp_path: Path) -> None:
    assert run_cli("vault", "init", env=ENV).returncode == 0
    assert run_cli("memory", "add", "Marigold" + EVIL + "\nfake line", env=ENV).returncode == 0
    memories = run_cli("memory", "list", env=ENV)
    assert memories.returncode == 0, memories.stderr
    assert_clean(memories.stdout)
    assert "Marigold\\x1b]0;owned" in memories.stdout
    assert not any(line.startswith("fake line") for line in memories.stdout.splitlines())
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / ("notes" + EVIL.replace("\r", "") + ".txt")).write_text(
        "The boiler service is booked with Quillfeather Heating." + EVIL + "\n", encoding="utf-8")
    added = run_cli("add", str(folder), env=ENV)
    assert added.returncode == 0, added.stderr
    assert_clean(added.stdout, added.stderr)
    for args in (("search", "Quillfeather"), ("sources",)):
        out = run_cli(*args, env=ENV)
        assert out.returncode == 0, out.stderr
        assert_clean(out.stdout, out.stderr)
        assert "\\x1b]0;owned" in out.stdout, args
