"""Model files are hostile input: crafted GGUF headers are refused with the reason, cheaply.

A GGUF can come from any Hub repository. Each file here is written byte by byte
(``tests/gguf_craft.py``): arrays nested 5000 deep, a string or +inf where a number
belongs, a layer count of 400,000,000 in a file of a few hundred bytes, counts and
lengths the file cannot hold. The reader must refuse each one with a message naming
the file and the reason, without allocating for what the header merely claims; the
registry must refuse it before it is registered; ``hearth models info``/``fit`` must
say why (no traceback); and one bad model must not break the list or the fallback to
the others.
"""

from __future__ import annotations

import json
import math
import struct
import time
import tracemalloc
from pathlib import Path

import pytest

from engine.errors import ModelLoadFailed
from engine.models.fit import fit_path, this_machine
from engine.models.gguf import read_gguf
from engine.models.registry import ModelRegistry
from tests.conftest import run_cli
from tests.gguf_craft import (
    ARRAY,
    U64,
    base_kvs,
    gguf_bytes,
    gstr,
    kv,
    kv_f32,
    kv_f64,
    kv_str,
    kv_u32,
    kv_u64,
    nested_arrays,
    small_model,
    tensor,
)

#: name -> (metadata entries to put in a tiny model, what the refusal must say)
CRAFTED: dict[str, tuple[dict[str, bytes], str]] = {
    "nested-5000": ({"x.deep": kv("x.deep", ARRAY, nested_arrays(5000))}, "nested more than"),
    "ctx-words": ({"llama.context_length": kv_str("llama.context_length", "8192 tokens")},
                  "context length is '8192 tokens', not a whole number"),
    "ctx-inf": ({"llama.context_length": kv_f64("llama.context_length", math.inf)},
                "context length is inf, not a whole number"),
    "ctx-nan": ({"llama.context_length": kv_f32("llama.context_length", math.nan)},
                "context length is nan, not a whole number"),
    "ctx-huge": ({"llama.context_length": kv_u64("llama.context_length", 1 << 62)},
                 "context length is 4611686018427387904, outside"),
    "key-1e308": ({"llama.attention.key_length": kv_f64("llama.attention.key_length", 1e308)},
                  "key length is 1e+308, not a whole number"),
    "heads-text": ({"llama.attention.head_count": kv_str("llama.attention.head_count", "nine")},
                   "attention head count is 'nine'"),
    "layers-400M": ({"llama.block_count": kv_u32("llama.block_count", 400_000_000)},
                    "layer count is 400000000, outside 0..3"),
    "arch-text": ({"general.architecture": kv_u32("general.architecture", 7)},
                  "architecture 7 is not a name"),
    "alignment": ({"general.alignment": kv_u32("general.alignment", 0)}, "alignment is 0"),
    "array-count": ({"x.big": kv("x.big", ARRAY, struct.pack("<IQ", U64, (1 << 24) - 1))},
                    "more than the"),
    "long-key": ({"x": gstr(b"k" * 70_000) + struct.pack("<I", 4) + b"\0" * 4},
                 "metadata key of 70000 bytes"),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_header_is_refused_with_the_reason(tmp_path: Path, name: str) -> None:
    kvs, reason = CRAFTED[name]
    path = small_model(tmp_path / f"{name}.gguf", kvs)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ModelLoadFailed) as caught:
            read_gguf(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(caught.value)
    assert f"{name}.gguf is not a usable GGUF model" in message and reason in message, message
    assert time.perf_counter() - started < 2.0
    assert peak < 4 << 20, f"{peak} bytes allocated reading a {path.stat().st_size}-byte file"


def test_a_well_formed_tiny_model_is_read(tmp_path: Path) -> None:
    """The crafted files differ from this one by the entry named, nothing else."""
    info = read_gguf(small_model(tmp_path / "tiny.gguf"))
    assert (info.architecture, info.n_layers, info.context_length) == ("llama", 1, 512)
    assert info.head_count == 2 and info.key_length == 4


def test_counts_the_file_cannot_hold_are_refused_before_allocating(tmp_path: Path) -> None:
    cases = {
        "tensors": gguf_bytes(list(base_kvs().values()), [], n_tensors=1 << 40),
        "entries": gguf_bytes([], [], n_kv=(1 << 16) - 1),
        "string": b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 1 << 62) + b"x" * 300,
        "elements": gguf_bytes(list(base_kvs().values()),
                               [tensor("blk.0.w", (1 << 30, 1 << 30), 0, gtype=99)], b"\0" * 64),
    }
    for name, data in cases.items():
        path = tmp_path / f"{name}.gguf"
        path.write_bytes(data)
        tracemalloc.start()
        try:
            with pytest.raises(ModelLoadFailed, match="not a usable GGUF model"):
                read_gguf(path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 4 << 20, (name, peak)


def test_400_million_layers_in_300_bytes_never_reach_the_gpu_fit(tmp_path: Path) -> None:
    path = small_model(tmp_path / "layers.gguf",
                       {"llama.block_count": kv_u32("llama.block_count", 400_000_000)})
    assert path.stat().st_size < 1024
    machine = this_machine(measure=False)
    tracemalloc.start()
    try:
        with pytest.raises(ModelLoadFailed, match="layer count is 400000000"):
            fit_path(path, machine)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20


def test_a_hostile_model_is_refused_before_it_is_registered(tmp_path: Path) -> None:
    registry = ModelRegistry(home=tmp_path)
    before = [e.name for e in registry.list()]
    for name in ("nested-5000", "ctx-words", "layers-400M"):
        path = small_model(tmp_path / f"{name}.gguf", CRAFTED[name][0])
        with pytest.raises(ModelLoadFailed, match=CRAFTED[name][1].split(",")[0]):
            registry.add(path, name=name)
    assert [e.name for e in registry.list()] == before
    assert registry.add(small_model(tmp_path / "tiny.gguf"), name="tiny").name == "tiny"


@pytest.mark.parametrize("command", ["info", "fit"])
def test_models_info_and_fit_say_why(tmp_path: Path, command: str) -> None:
    for name in ("ctx-words", "ctx-inf", "key-1e308", "nested-5000"):
        path = small_model(tmp_path / f"{name}.gguf", CRAFTED[name][0])
        out = run_cli("models", command, str(path))
        assert out.returncode == 1, (name, out.stdout, out.stderr)
        assert "Traceback" not in out.stderr
        assert out.stderr.startswith(f"hearth: {name}.gguf is not a usable GGUF model: "), out.stderr
        assert CRAFTED[name][1].split(",")[0] in out.stderr


def test_one_bad_model_breaks_neither_the_list_nor_the_others(tmp_path: Path, home: Path) -> None:
    """A model registered while it was fine, then replaced by a hostile file: the list still
    shows every model, the others still answer, and a request routed to the bad one falls
    back to the next model with the reason."""
    from engine.routing.dispatch import Dispatcher
    from engine.routing.remote import RemoteRegistry
    from engine.routing.router import Route
    from engine.running.generate import GenerationSettings
    from engine.running.pool import ModelPool

    registry = ModelRegistry()
    path = small_model(tmp_path / "later-bad.gguf")
    registry.add(path, name="later-bad")
    small_model(path, CRAFTED["ctx-words"][0])            # replaced after registering
    listed = run_cli("models", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert {"later-bad", "default"} <= {m["name"] for m in json.loads(listed.stdout)}
    pool = ModelPool()
    try:
        route = Route(model="later-bad", remote=False, task="chat", reason="test",
                      fallbacks=("default",))
        routed = Dispatcher(pool, RemoteRegistry()).start(
            route, [{"role": "user", "content": "Say hello."}],
            settings=GenerationSettings(max_tokens=4, temperature=0.0))
        answer = routed.result()
    finally:
        pool.close()
    assert routed.model_used == "default" and answer.text
    assert any("later-bad failed" in n and "context length is '8192 tokens'" in n
               for n in routed.notes), routed.notes
