"""Will it fit, and how fast: the catalog, the labels, the speed estimate and the recommended pick."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from engine.models import fit
from engine.models.catalog import Arch, CatalogFile, CatalogModel, load_catalog
from engine.models.download import models_dir
from engine.models.gguf import read_gguf
from engine.models.gpu import Device
from engine.models.registry import bundled_model_path
from engine.running.generate import GenerationSettings
from engine.running.pool import ModelPool
from engine.running.runtime import LoadOptions

GiB = 1 << 30


def machine(*, ram: float = 16, gpu: float = 0, bandwidth: float = 20e9) -> fit.Machine:
    return fit.Machine(ram_available=int(ram * GiB), ram_total=int(ram * GiB) * 2,
                       gpu_free=int(gpu * GiB), gpu_name="Test GPU" if gpu else "",
                       offload=gpu > 0, bandwidth=bandwidth, bandwidth_measured=True)


def model(size_gib: float, params: float, *, id: str = "m", layers: int = 32) -> CatalogModel:
    size = int(size_gib * GiB)
    return CatalogModel(id=id, name=id, family="llama", repo=f"org/{id}", license="MIT",
                        parameters=int(params), context_length=32768,
                        arch=Arch(layers=layers, kv_heads=8, head_dim=128), good_for="tests",
                        default_quant="Q4_K_M",
                        files=(CatalogFile("Q4_K_M", f"{id}-Q4_K_M.gguf", size, None),))


def test_the_shipped_catalog_is_complete_and_honest() -> None:
    models = load_catalog()
    assert 10 <= len(models) <= 14
    families = {m.family for m in models}
    assert {"qwen3", "llama3", "gemma3", "phi3", "mistral"} <= families
    for m in models:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", m.repo), m.repo
        assert m.license and m.good_for and m.context_length >= 8192 and m.parameters > 0
        assert m.arch is not None and m.default_file in m.files
        for f in m.files:
            assert f.file.endswith(".gguf") and f.size > 100 * 2**20
            assert f.sha256 is None or re.fullmatch(r"[0-9a-f]{64}", f.sha256)
            assert f.source, f"{f.file}: where its figures come from is not said"
    raw = json.loads((Path(__file__).parents[1] / "assets" / "catalog.json").read_text())
    assert "unverified" in raw["note"] or "not read from the Hub" in raw["note"]
    sizes = [m.default_file.size for m in models]
    assert sizes == sorted(sizes) and sizes[-1] > 10 * GiB > sizes[0]


def test_labels_follow_gpu_and_memory() -> None:
    small = model(2.3, 4e9)
    assert fit.fit_catalog(small, machine(gpu=8)).label == fit.ON_GPU
    on_cpu = fit.fit_catalog(small, machine(gpu=0))
    assert on_cpu.label == fit.ON_CPU and on_cpu.gpu_layers == 0 and on_cpu.estimate
    partial = fit.fit_catalog(model(14, 24e9, layers=40), machine(ram=32, gpu=6))
    assert partial.label == fit.ON_CPU and 0 < partial.gpu_layers < 40
    assert "layers on the GPU" in partial.note
    too_big = fit.fit_catalog(model(14, 24e9), machine(ram=8, gpu=0))
    assert too_big.label == fit.TOO_BIG and too_big.tokens_per_s is None and not too_big.fits
    assert "needs about" in too_big.note


def test_speed_scales_with_bandwidth_and_size() -> None:
    a = fit.fit_catalog(model(1, 1.5e9), machine(bandwidth=20e9)).tokens_per_s
    b = fit.fit_catalog(model(2, 3e9), machine(bandwidth=20e9)).tokens_per_s
    c = fit.fit_catalog(model(1, 1.5e9), machine(bandwidth=40e9)).tokens_per_s
    assert a and b and c
    assert a == pytest.approx(2 * b, rel=0.05) and c == pytest.approx(2 * a, rel=0.05)


def test_unknown_architecture_is_estimated_from_the_size() -> None:
    estimate = fit.fit_file(5 * GiB, machine(ram=8), quant="Q4_K_M")
    assert estimate.estimate and estimate.where == "cpu"
    assert fit.guess_parameters(5 * GiB, "Q8_0") < fit.guess_parameters(5 * GiB, "Q4_K_M")
    assert fit.fit_file(5 * GiB, machine(ram=5)).label == fit.TOO_BIG


def test_a_real_gguf_uses_its_tensor_table() -> None:
    path = bundled_model_path()
    assert path is not None
    info = read_gguf(path)
    result = fit.fit_gguf(info, machine(gpu=4))
    assert result.label == fit.ON_GPU and not result.estimate and result.gpu_layers == -1
    cpu = fit.fit_gguf(info, machine())
    assert cpu.label == fit.ON_CPU and cpu.need_bytes > info.weights_bytes


def test_recommendation_is_the_biggest_comfortable_fit() -> None:
    models = [model(0.4, 0.6e9, id="tiny"), model(2.3, 4e9, id="mid"), model(5, 8e9, id="big"),
              model(14, 24e9, id="huge")]
    gpu_pick = fit.recommend(models, machine(ram=32, gpu=24))
    assert gpu_pick is not None and gpu_pick.model.id == "huge" and gpu_pick.fit.where == "gpu"
    cpu_pick = fit.recommend(models, machine(ram=16, bandwidth=80e9))
    assert cpu_pick is not None and cpu_pick.model.id == "mid"     # "big" would crawl
    slow = fit.recommend(models, machine(ram=16, bandwidth=2e9))
    assert slow is not None and slow.model.id == "tiny"
    assert fit.recommend(models[1:], machine(ram=1)) is None


def test_real_catalog_on_this_machine_recommends_something(home: Path) -> None:
    here = fit.this_machine()
    assert here.ram_total > 0 and here.bandwidth > 1e9
    pick = fit.recommend(load_catalog(), here)
    assert pick is not None and pick.fit.fits
    # What is offered is one the window calls "Good here" whenever the catalog has one that is.
    from app.gui.texts import GOOD_SPEED, fit_words

    assert fit.MIN_COMFORTABLE == GOOD_SPEED
    good = [m for m in load_catalog() if (fit.fit_catalog(m, here).tokens_per_s or 0) >= GOOD_SPEED]
    if good:
        assert fit_words(pick.fit).startswith("Good here"), (pick.model.id, pick.fit.tokens_per_s)


def test_bandwidth_is_measured_once_and_kept_beside_the_models(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = fit.bandwidth()
    cached = json.loads((models_dir() / "machine.json").read_text())
    assert cached["memory_bandwidth"] == first
    assert not (home / "vault.db").exists()

    def no_second_measurement(**_kw: object) -> float:
        raise AssertionError("measured again")

    monkeypatch.setattr(fit, "measure_bandwidth", no_second_measurement)
    assert fit.bandwidth() == first


def test_meminfo_reads_available_memory(tmp_path: Path) -> None:
    fake = tmp_path / "meminfo"
    fake.write_text("MemTotal:       16000000 kB\nMemFree:  100 kB\nMemAvailable:    8000000 kB\n")
    assert fit.meminfo(fake) == (8000000 * 1024, 16000000 * 1024)
    fake.write_text("MemTotal:       16000000 kB\n")
    assert fit.meminfo(fake) == (int(16000000 * 1024 * 0.75), 16000000 * 1024)


def test_a_gpu_sharing_system_memory_is_as_fast_as_that_memory() -> None:
    discrete = machine(gpu=8, bandwidth=60e9)
    unified = fit.Machine(**{**discrete.__dict__, "gpu_unified": True})
    fast = fit.fit_catalog(model(2.3, 4e9), discrete).tokens_per_s
    shared = fit.fit_catalog(model(2.3, 4e9), unified).tokens_per_s
    assert fast is not None and shared is not None and shared < fast
    assert shared == pytest.approx(60e9 * fit.GPU_EFFICIENCY * 0.7 / (2.3 * GiB), rel=0.01)
    igpu = Device(index=0, name="Vulkan0", description="Laptop iGPU", kind="igpu",
                  free_bytes=4 * GiB, total_bytes=8 * GiB)
    assert fit.this_machine(devices=[igpu], measure=False).gpu_unified


def test_gpu_devices_feed_the_machine() -> None:
    dev = Device(index=0, name="CUDA0", description="Big GPU", kind="gpu", free_bytes=12 * GiB,
                 total_bytes=16 * GiB)
    here = fit.this_machine(devices=[dev], measure=False)
    assert here.offload and here.gpu_free == 12 * GiB and "Big GPU" in here.describe()


def test_speed_estimate_is_near_the_measured_speed() -> None:
    """The estimate for the bundled model is within a factor of 4 of a real generation."""
    path = bundled_model_path()
    assert path is not None
    estimate = fit.fit_gguf(read_gguf(path), fit.this_machine(devices=[], measure=True)).tokens_per_s
    with ModelPool(options=LoadOptions(n_ctx=512, n_gpu_layers=0)) as pool:
        answer = pool.chat([{"role": "user", "content": "Write one sentence about the sea."}],
                           settings=GenerationSettings(temperature=0.0, max_tokens=48)).result()
    measured = answer.timings.generation_tokens_per_s
    assert estimate is not None and measured > 0
    assert measured / 4 < estimate < measured * 4, (estimate, measured)


def test_cli_catalog_works_offline_and_names_a_pick(home: Path) -> None:
    from tests.conftest import run_cli

    out = run_cli("models", "catalog", "--json", env={"HF_ENDPOINT": "http://127.0.0.1:9"})
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)
    assert len(shown["models"]) == len(load_catalog())
    assert shown["recommended"] in {m["id"] for m in shown["models"]}
    assert all(m["fit"]["label"] in (fit.ON_GPU, fit.ON_CPU, fit.TOO_BIG) for m in shown["models"])
    text = run_cli("models", "catalog").stdout
    assert "* recommended:" in text and "hearth models pull" in text


def test_cli_fit_of_a_model_on_disk(home: Path) -> None:
    from tests.conftest import run_cli

    out = run_cli("models", "fit", "--json")
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)
    assert shown["label"] in (fit.ON_GPU, fit.ON_CPU) and not shown["estimate"]
    assert shown["tokens_per_s"] > 1 and shown["need_bytes"] > 90 * 2**20
    missing = run_cli("models", "fit", "no-such-model")
    assert missing.returncode == 1 and missing.stderr.startswith("hearth: no model named")
