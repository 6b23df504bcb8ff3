"""llama.cpp's extra weight buffers (AMX tiles, CPU repacking) only where they run.

On this kind of machine (a virtual machine on a CPU with AMX) raw llama-cpp-python dies of a
segmentation fault at the first decode when the weights are repacked into AMX tiles. Hearth
turns the extra buffer types off on AMX CPUs for every Llama the process opens.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.models.registry import bundled_model_path
from engine.running import runtime

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("setting", "expected"), [("0", False), ("1", True)])
def test_the_setting_decides_and_reaches_the_model_params(monkeypatch: pytest.MonkeyPatch,
                                                          setting: str, expected: bool) -> None:
    monkeypatch.setenv("HEARTH_WEIGHT_REPACK", setting)
    assert runtime.weight_repack() is expected
    assert runtime._model_params().use_extra_bufts is expected


def test_by_default_repacking_is_off_exactly_on_amx_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEARTH_WEIGHT_REPACK", raising=False)
    flags = next((line.split() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("flags")), [])
    assert runtime.weight_repack() is ("amx_tile" not in flags)


def test_a_plain_llama_in_a_hearth_process_decodes_the_bundled_model() -> None:
    model = bundled_model_path()
    assert model is not None
    code = ("import sys, engine.running.runtime, llama_cpp\n"
            "m = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=256, verbose=False)\n"
            "print(m.create_completion('The capital of France is', max_tokens=6, temperature=0)"
            "['choices'][0]['text'])\n")
    out = subprocess.run([sys.executable, "-c", code, str(model)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Paris" in out.stdout
