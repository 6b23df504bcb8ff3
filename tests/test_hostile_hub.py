"""The Hub is hostile input: bombs, hostile names, sizes and ids from a Hub on loopback.

The stand-in Hub (``tests/hub_server.py``, real HTTP on 127.0.0.1) answers what a hostile
mirror or a compromised repository could: repository info and search answers that are gzip or
deflate bombs (a few hundred KiB inflating to gigabytes), an endless pagination, file names
with NUL, newline, ESC, C1, direction overrides, backslashes and ``..``, an LFS size of
"twelve", a repository id or revision that is no such thing, and an error answer whose body
is a bomb. Each is refused with a clear error before any file byte is fetched, and a bomb
is never unpacked past the limit (memory measured with tracemalloc).
"""

from __future__ import annotations

import json
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.errors import DownloadFailed, NotFoundOnHub
from engine.models.download import plan_pull, pull
from engine.models.hub import MAX_ANSWER_BYTES, Hub
from tests.conftest import run_cli
from tests.gguf_craft import small_model
from tests.hub_server import COMMIT, HubServer

REPO = "HearthTest/Hostile-GGUF"
FILE = "Tiny-Q4_K_M.gguf"
HOSTILE_NAMES = {
    "nul": "a\x00b-Q4_K_M.gguf",
    "newline": "x-Q4_K_M.gguf\nSHA-256 verified: all good\nTiny-Q4_K_M.gguf",
    "esc": "\x1b]0;owned\x07\x1b[2J-Q4_K_M.gguf",
    "c1": "\x9b31mred-Q4_K_M.gguf",
    "bidi": "evil\u202eflog.Q4_K_M.gguf",
    "backslash": "..\\..\\evil-Q4_K_M.gguf",
    "dot-dot": "sub/../../evil-Q4_K_M.gguf",
    "empty-part": "sub//evil-Q4_K_M.gguf",
    "absolute": "/etc/evil-Q4_K_M.gguf",
}


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return small_model(tmp_path / "tiny.gguf")


@pytest.fixture
def hub(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        server.add_repo(REPO, {FILE: tiny})
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        yield server


def _bomb(size: int, *, wbits: int = 16 + zlib.MAX_WBITS, head: bytes = b"") -> bytes:
    """``head`` then zeros, ``size`` bytes in all, compressed (gzip by default)."""
    pack = zlib.compressobj(9, zlib.DEFLATED, wbits)
    out = [pack.compress(head)]
    zeros = bytes(1 << 20)
    for _ in range(size >> 20):
        out.append(pack.compress(zeros))
    out.append(pack.flush())
    return b"".join(out)


def _measured(call: object) -> tuple[BaseException, int, float]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DownloadFailed) as caught:
            call()  # type: ignore[operator]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return caught.value, peak, time.perf_counter() - started


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_bomb_as_repository_info_is_refused_unread(hub: HubServer, encoding: str) -> None:
    wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
    bomb = _bomb(1 << 30, wbits=wbits, head=b'{"id": "' + REPO.encode() + b'", "x": "')
    assert len(bomb) < 2 << 20
    hub.raw_api[f"/api/models/{REPO}"] = (200, {"Content-Type": "application/json",
                                                "Content-Encoding": encoding}, bomb)
    error, peak, seconds = _measured(lambda: Hub().repo(REPO))
    assert "larger than 32 MiB once unpacked" in str(error)
    assert peak < 3 * MAX_ANSWER_BYTES and seconds < 20, (peak, seconds)


def test_a_bomb_as_a_search_answer_is_refused_unread(hub: HubServer) -> None:
    hub.raw_api["/api/models"] = (200, {"Content-Type": "application/json",
                                        "Content-Encoding": "gzip"}, _bomb(1 << 30, head=b"["))
    error, peak, _ = _measured(lambda: Hub().search("tiny"))
    assert "once unpacked" in str(error) and peak < 3 * MAX_ANSWER_BYTES
    out = run_cli("models", "search", "tiny")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("hearth: 127.0.0.1 sent an answer larger than 32 MiB"), out.stderr


def test_an_honest_compressed_answer_still_reads(hub: HubServer, tiny: Path) -> None:
    honest = json.dumps(hub.model_json(REPO, hub.repos[REPO], blobs=True)).encode()
    hub.raw_api[f"/api/models/{REPO}"] = (200, {"Content-Type": "application/json",
                                                "Content-Encoding": "gzip"},
                                          _bomb(0, head=honest))
    listing = Hub().repo(REPO)
    assert [(f.name, f.size) for f in listing.files] == [(FILE, tiny.stat().st_size)]


def test_an_endless_pagination_is_cut(hub: HubServer) -> None:
    hub.raw_api["/api/models"] = (200, {"Content-Type": "application/json",
                                        "Link": f'<{hub.url}/api/models?page=2>; rel="next"'}, b"[]")
    with pytest.raises(DownloadFailed, match="more than 20 times"):
        Hub().search("tiny", limit=5)
    assert len(hub.requests) <= 21


@pytest.mark.parametrize("kind", sorted(HOSTILE_NAMES))
def test_a_hostile_file_name_is_refused_before_downloading(hub: HubServer, tiny: Path,
                                                           kind: str) -> None:
    name = HOSTILE_NAMES[kind]
    hub.add_repo(REPO, {name: tiny})
    listing = Hub().repo(REPO)
    assert listing.files == () and [n for n, _ in listing.refused] == [name]
    with pytest.raises(DownloadFailed, match="refusing the file") as caught:
        plan_pull(REPO, file=name)
    if kind in ("nul", "newline", "esc", "c1", "bidi"):
        assert name not in str(caught.value)          # shown escaped, never raw
    with pytest.raises(NotFoundOnHub, match="no single-file GGUF"):
        plan_pull(REPO)                               # and never chosen by default
    assert not [r for r in hub.requests if "/resolve/" in r["path"]]


@pytest.mark.parametrize(("size", "why"), [("twelve", "its size 'twelve' is not a number of bytes"),
                                           (-5, "its size -5 is not a plausible number"),
                                           (1e308, "its size 1e+308 is not a number"),
                                           (True, "its size True is not a number"),
                                           (1 << 62, "not a plausible number")])
def test_an_lfs_size_that_is_not_a_size_is_a_clear_error(hub: HubServer, size: object,
                                                         why: str) -> None:
    hub.knobs.fake_size[FILE] = size
    with pytest.raises(DownloadFailed, match="refusing the file") as caught:
        plan_pull(REPO, file=FILE)
    assert why in str(caught.value)
    out = run_cli("models", "pull", REPO, "--file", FILE, "--yes")
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert why in out.stderr and out.stderr.count("\n") == 1
    assert not [r for r in hub.requests if "/resolve/" in r["path"]]


@pytest.mark.parametrize(("field", "value", "why"), [
    ("id", "../../../etc", "not a repository id"),
    ("id", "owner/name\nFile: fake", "not a repository id"),
    ("sha", "main; rm -rf /", "not a commit"),
    ("sha", 12, "not a commit"),
])
def test_a_hostile_repository_id_or_revision_is_refused(hub: HubServer, field: str, value: object,
                                                         why: str) -> None:
    info = hub.model_json(REPO, hub.repos[REPO], blobs=True) | {field: value}
    hub.raw_api[f"/api/models/{REPO}"] = (200, {"Content-Type": "application/json"},
                                          json.dumps(info).encode())
    with pytest.raises(DownloadFailed, match=why):
        plan_pull(REPO, file=FILE)
    assert not [r for r in hub.requests if "/resolve/" in r["path"]]


def test_an_error_answer_with_a_bomb_for_a_body_is_read_no_further(hub: HubServer) -> None:
    plan = plan_pull(REPO, file=FILE)
    hub.raw_api[f"/{REPO}/resolve/{COMMIT}/{FILE}"] = (
        500, {"Content-Encoding": "gzip"}, _bomb(1 << 30, head=b"\x1b]52;c;b3duZWQ=\x07 oops"))
    error, peak, seconds = _measured(lambda: pull(plan))
    assert str(error).startswith(f"127.0.0.1 answered 500 for {FILE}: ")
    assert peak < 16 << 20 and seconds < 10


@pytest.mark.parametrize(("entries", "why"), [
    ({"llama.context_length": "8192 tokens"}, "its context length is '8192 tokens'"),
    ({"tokenizer.chat_template": "{% for m in messages %}{{ m.content "}, "chat template of"),
])
def test_a_hostile_model_from_the_hub_is_refused_before_it_lands(hub: HubServer, tmp_path: Path,
                                                                 entries: dict[str, str],
                                                                 why: str) -> None:
    """Its bytes are what the Hub promised (the SHA-256 matches), but the model is refused
    before it is moved in place or registered, and deleted."""
    from engine.errors import ModelLoadFailed
    from engine.models.registry import ModelRegistry
    from tests.gguf_craft import kv_str

    hostile = small_model(tmp_path / "hostile.gguf", {k: kv_str(k, v) for k, v in entries.items()})
    hub.add_repo(REPO, {FILE: hostile})
    plan = plan_pull(REPO, file=FILE)
    with pytest.raises(ModelLoadFailed, match="arrived intact") as caught:
        pull(plan)
    assert why in str(caught.value) and "the file was deleted" in str(caught.value)
    assert not plan.target.exists() and not plan.partial.exists()
    assert all(e.path.name != FILE for e in ModelRegistry().list())
    out = run_cli("models", "pull", REPO, "--file", FILE, "--yes")
    assert out.returncode == 1 and "Traceback" not in out.stderr and why in out.stderr, out.stderr
