"""Will a model run here, where, and how fast? Labels, speed estimates and a recommended pick.

For a GGUF file on disk the GPU part is :func:`engine.models.gpu.fit` on its real
tensor table. For a catalog entry or a Hub search result only the file size,
the parameter count, the context length and (when the catalog has them) the
layer/KV-head figures are known: the layers are assumed equal in size and the
KV cache is computed from those figures, or estimated from the parameter
count; :attr:`Fit.estimate` is then True and the label says so.

Three labels (:data:`ON_GPU`, :data:`ON_CPU`, :data:`TOO_BIG`):

* all layers fit in the best GPU's free memory (weights + KV cache for the
  planned context + compute buffers) and this llama.cpp build can offload;
* else the whole model (weights + KV + overhead) fits in the available RAM
  (``MemAvailable`` from ``/proc/meminfo``, ``GlobalMemoryStatusEx`` on
  Windows; elsewhere the total RAM minus a margin), partly offloaded when some layers fit on the GPU;
* else it is too big.

Generation speed is bounded by memory bandwidth: each new token reads every
weight once. :func:`measure_bandwidth` times numpy copying a 128 MiB buffer
(about 0.1 s) and the figure is cached in ``machine.json`` in the models
directory (not personal, not in the vault). The estimate is
``bandwidth x efficiency / bytes read per token``; a GPU's bandwidth is not
measured, so its share uses a stated assumption (:data:`ASSUMED_GPU_BANDWIDTH`), except
for a GPU that shares the system's memory (integrated, Apple silicon), which gets the
measured figure.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from engine.models import gpu
from engine.models.catalog import CatalogFile, CatalogModel
from engine.models.gguf import GGUFInfo, TensorInfo

GiB = 1 << 30
MiB = 1 << 20
ON_GPU = "runs on the GPU"
ON_CPU = "runs on the CPU, slower"
TOO_BIG = "too big for this computer"
#: The context Hearth plans for when judging a fit (the runtime's default).
PLAN_CTX = 4096
#: Runtime allocations beyond weights and KV (compute buffers, the process itself).
RAM_OVERHEAD = 512 * MiB
#: Share of the measured copy bandwidth llama.cpp's token generation reaches on a CPU.
#: Calibrated on the bundled model on a 2-vCPU machine (23-28 GB/s copy): 71-87 tokens/s
#: estimated, 79-82 measured (tests/test_model_fit.py keeps them within a factor of 4).
CPU_EFFICIENCY = 0.3
#: A discrete GPU's memory bandwidth is not measured; this conservative figure is assumed.
ASSUMED_GPU_BANDWIDTH = 200e9
#: Share of the measured bandwidth a GPU that shares the system's memory reaches.
GPU_EFFICIENCY = 0.6
MACHINE_FILE = "machine.json"
#: Bits per weight of common quantisations, for guessing parameters from a file size.
QUANT_BITS = {"Q2_K": 3.0, "Q3_K_S": 3.5, "Q3_K_M": 3.9, "Q3_K_L": 4.3, "IQ4_XS": 4.3,
              "Q4_0": 4.55, "Q4_1": 5.0, "Q4_K_S": 4.6, "Q4_K_M": 4.85, "Q5_0": 5.5,
              "Q5_K_S": 5.5, "Q5_K_M": 5.7, "Q6_K": 6.6, "Q8_0": 8.5, "F16": 16.0, "BF16": 16.0,
              "F32": 32.0}
#: KV-cache bytes per token per parameter, for models whose architecture is unknown
#: (about what Llama 3.2, Qwen3 and Phi-4-mini need at f16).
KV_PER_PARAM = 3.0e-5

Where = Literal["gpu", "cpu", "none"]


@dataclass(frozen=True)
class Machine:
    """What this computer offers a model."""

    ram_available: int
    ram_total: int
    gpu_free: int               # the best GPU's free bytes; 0 without a usable GPU
    gpu_name: str
    offload: bool               # this llama.cpp build can offload to a GPU
    bandwidth: float            # bytes/s, measured (memory copy, read + write)
    bandwidth_measured: bool
    #: The GPU shares the system's memory (an integrated GPU, Apple silicon): its speed is the
    #: measured memory bandwidth, not the discrete-GPU assumption.
    gpu_unified: bool = False

    @property
    def gpu_bandwidth(self) -> float:
        return self.bandwidth * GPU_EFFICIENCY if self.gpu_unified else ASSUMED_GPU_BANDWIDTH

    def describe(self) -> str:
        gpu_part = (f"GPU {self.gpu_name} with {self.gpu_free / GiB:.1f} GiB free"
                    if self.offload and self.gpu_free else "no usable GPU")
        bw = f"{self.bandwidth / 1e9:.1f} GB/s" + ("" if self.bandwidth_measured else " (assumed)")
        return (f"{self.ram_available / GiB:.1f} GiB of {self.ram_total / GiB:.1f} GiB memory free, "
                f"{gpu_part}, memory bandwidth {bw}")


@dataclass(frozen=True)
class Fit:
    where: Where
    label: str
    need_bytes: int             # weights + KV cache + overhead, the RAM a CPU run needs
    gpu_layers: int             # planned offload (-1 all, 0 none)
    n_ctx: int
    tokens_per_s: float | None
    estimate: bool              # figures estimated (no GGUF header read)
    note: str

    @property
    def fits(self) -> bool:
        return self.where != "none"

    def speed_text(self) -> str:
        if self.tokens_per_s is None:
            return ""
        return f"about {self.tokens_per_s:.0f} tokens/s" if self.tokens_per_s >= 2 else \
            f"about {self.tokens_per_s:.1f} tokens/s"

    def summary(self) -> str:
        extra = [s for s in (self.speed_text(), "estimated" if self.estimate else "") if s]
        return self.label + (f" ({', '.join(extra)})" if extra else "")


# -- this machine ---------------------------------------------------------------------------------

def meminfo(path: Path = Path("/proc/meminfo")) -> tuple[int, int]:
    """(available, total) bytes of RAM; total minus 25% when MemAvailable is not known."""
    try:
        fields = {}
        for line in path.read_text().splitlines():
            key, _, rest = line.partition(":")
            parts = rest.split()
            if parts:
                fields[key] = int(parts[0]) * 1024
        total = fields["MemTotal"]
        return fields.get("MemAvailable", int(total * 0.75)), total
    except (OSError, KeyError, ValueError):
        pass
    if sys.platform == "win32":
        windows = _windows_memory()
        if windows is not None:
            return windows
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        return int(total * 0.75), int(total)
    except (ValueError, OSError, AttributeError):
        return 8 * GiB, 8 * GiB


def _windows_memory() -> tuple[int, int] | None:
    """(available, total) from GlobalMemoryStatusEx; None if the call fails."""
    try:
        import ctypes

        class MemoryStatus(ctypes.Structure):
            _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                        ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                        ("ullTotalPageFile", ctypes.c_ulonglong),
                        ("ullAvailPageFile", ctypes.c_ulonglong),
                        ("ullTotalVirtual", ctypes.c_ulonglong),
                        ("ullAvailVirtual", ctypes.c_ulonglong),
                        ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

        status = MemoryStatus()
        status.dwLength = ctypes.sizeof(MemoryStatus)
        if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
            return None
        return int(status.ullAvailPhys), int(status.ullTotalPhys)
    except Exception:
        return None


def measure_bandwidth(*, size: int = 128 * MiB, rounds: int = 3) -> float:
    """Bytes/s moved (read + write) copying a large buffer with numpy; the best of ``rounds``."""
    import numpy as np

    src = np.ones(size // 8, dtype=np.float64)
    dst = np.empty_like(src)
    np.copyto(dst, src)  # fault the pages in before timing
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    return 2 * src.nbytes / max(best, 1e-9)


def _machine_key() -> str:
    _, total = meminfo()
    return f"{platform.machine()}|{platform.processor()}|{os.cpu_count()}|{total // GiB}"


def machine_file() -> Path:
    from engine.models.download import models_dir

    return models_dir() / MACHINE_FILE


def bandwidth(*, remeasure: bool = False) -> float:
    """This machine's memory bandwidth, measured once and cached in ``machine.json``."""
    path = machine_file()
    key = _machine_key()
    if not remeasure:
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if cached.get("key") == key and float(cached["memory_bandwidth"]) > 0:
                return float(cached["memory_bandwidth"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    value = measure_bandwidth()
    try:
        from vault.fsutil import atomic_write

        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps({"key": key, "memory_bandwidth": value,
                                       "measured_at": time.time()}, indent=2).encode())
    except Exception:  # a read-only models folder only costs a re-measurement next time
        pass
    return value


def this_machine(*, devices: list[gpu.Device] | None = None, measure: bool = True) -> Machine:
    available, total = meminfo()
    offload = gpu.offload_supported() if devices is None else True
    gpus = [d for d in (devices if devices is not None else (gpu.list_devices() if offload else []))
            if d.kind in ("gpu", "igpu")]
    best = max(gpus, key=lambda d: d.free_bytes, default=None)
    bw = bandwidth() if measure else 10e9
    return Machine(ram_available=available, ram_total=total,
                   gpu_free=best.free_bytes if best and offload else 0,
                   gpu_name=(best.description or best.name) if best else "",
                   offload=offload and best is not None, bandwidth=bw, bandwidth_measured=measure,
                   gpu_unified=best is not None and (best.kind == "igpu" or sys.platform == "darwin"))


# -- estimates ------------------------------------------------------------------------------------

def estimated_info(*, size: int, layers: int, kv_bytes_per_token: int, n_ctx: int,
                   name: str = "estimate") -> GGUFInfo:
    """A stand-in header for :func:`engine.models.gpu.fit`: ``layers`` equal layers, output head apart."""
    layers = max(1, layers)
    output = size // 20                     # the output head: about 5% of a small model
    per_layer = (size - output) // layers
    tensors = [TensorInfo(f"blk.{i}.weights", (per_layer,), 24, 0, per_layer) for i in range(layers)]
    tensors.append(TensorInfo("output.weight", (output,), 24, 0, output))
    per_layer_kv = kv_bytes_per_token // layers
    # gpu.kv_bytes_per_token = kv_heads * (key + value) * 2 bytes * layers; express it as 1 head.
    meta = {"general.architecture": "estimate", "general.name": name,
            "estimate.block_count": layers, "estimate.context_length": n_ctx,
            "estimate.attention.head_count": 1, "estimate.attention.head_count_kv": 1,
            "estimate.attention.key_length": per_layer_kv // 4,
            "estimate.attention.value_length": per_layer_kv // 4}
    return GGUFInfo(path=Path(name), version=3, file_size=size, data_offset=0, metadata=meta,
                    tensors=tuple(tensors))


def guess_parameters(size: int, quant: str) -> int:
    return int(size * 8 / QUANT_BITS.get(quant.upper(), 4.85))


def guess_layers(parameters: int) -> int:
    """A typical layer count for a dense transformer of this size (only for the GPU split)."""
    for limit, layers in ((1.5e9, 16), (5e9, 32), (10e9, 36), (20e9, 48), (40e9, 64)):
        if parameters <= limit:
            return layers
    return 80


def fit_gguf(info: GGUFInfo, machine: Machine, *, n_ctx: int = PLAN_CTX) -> Fit:
    """The fit of a GGUF file whose header was read (exact tensor sizes)."""
    ctx = min(n_ctx, info.context_length or n_ctx)
    return _judge(info, machine, n_ctx=ctx, weights=info.weights_bytes,
                  kv_tok=gpu.kv_bytes_per_token(info), estimate=False)


def fit_path(path: Path, machine: Machine, *, n_ctx: int = PLAN_CTX) -> Fit:
    """The fit of a GGUF file on disk (its header is read; the weights are not)."""
    from engine.models.gguf import read_gguf

    return fit_gguf(read_gguf(path), machine, n_ctx=n_ctx)


def fit_file(size: int, machine: Machine, *, parameters: int = 0, quant: str = "Q4_K_M",
             context_length: int = 0, layers: int = 0, kv_bytes_per_token: int = 0,
             n_ctx: int = PLAN_CTX) -> Fit:
    """The estimated fit of a file known only by its size (and what a catalog says of it)."""
    params = parameters or guess_parameters(size, quant)
    layer_count = layers or guess_layers(params)
    kv_tok = kv_bytes_per_token or max(16 * 1024, int(params * KV_PER_PARAM))
    ctx = min(n_ctx, context_length or n_ctx)
    info = estimated_info(size=size, layers=layer_count, kv_bytes_per_token=kv_tok, n_ctx=ctx)
    return _judge(info, machine, n_ctx=ctx, weights=size, kv_tok=kv_tok, estimate=True)


def fit_catalog(model: CatalogModel, machine: Machine, *, file: CatalogFile | None = None,
                n_ctx: int = PLAN_CTX) -> Fit:
    f = file or model.default_file
    arch = model.arch
    return fit_file(f.size, machine, parameters=model.parameters, quant=f.quant,
                    context_length=model.context_length, layers=arch.layers if arch else 0,
                    kv_bytes_per_token=arch.kv_bytes_per_token() if arch else 0, n_ctx=n_ctx)


def _judge(info: GGUFInfo, machine: Machine, *, n_ctx: int, weights: int, kv_tok: int,
           estimate: bool) -> Fit:
    need = weights + kv_tok * n_ctx + RAM_OVERHEAD
    plan = (gpu.fit(info, free_bytes=machine.gpu_free, n_ctx=n_ctx)
            if machine.offload and machine.gpu_free > 0 else None)
    if plan is not None and plan.n_gpu_layers == -1:
        speed = machine.gpu_bandwidth * 0.7 / max(1, weights)
        return Fit("gpu", ON_GPU, need, -1, plan.n_ctx, speed, estimate, plan.note)
    if need <= machine.ram_available:
        on_gpu = plan.gpu_bytes if plan is not None and plan.n_gpu_layers > 0 else 0
        cpu_bytes = max(1, weights - on_gpu)
        seconds = cpu_bytes / (machine.bandwidth * CPU_EFFICIENCY) + on_gpu / machine.gpu_bandwidth
        note = (plan.note if plan is not None and plan.n_gpu_layers > 0 else
                f"needs about {need / GiB:.1f} GiB of the {machine.ram_available / GiB:.1f} GiB "
                "of memory free")
        return Fit("cpu", ON_CPU, need, plan.n_gpu_layers if plan else 0, n_ctx, 1 / seconds,
                   estimate, note)
    return Fit("none", TOO_BIG, need, 0, n_ctx, None, estimate,
               f"needs about {need / GiB:.1f} GiB; {machine.ram_available / GiB:.1f} GiB of memory "
               "is free" + (f" and {machine.gpu_free / GiB:.1f} GiB on the GPU"
                            if machine.gpu_free else ""))


# -- the recommended pick -------------------------------------------------------------------------

@dataclass(frozen=True)
class Pick:
    model: CatalogModel
    file: CatalogFile
    fit: Fit


#: Slower than this (tokens/s) is not a comfortable chat, so it is not recommended: the speed from
#: which the window calls a model "Good here" (a 1B model at about 5 tokens/s, "Slow here", was
#: offered over a 0.6B one at about 10).
MIN_COMFORTABLE = 8.0


def recommend(models: list[CatalogModel], machine: Machine) -> Pick | None:
    """The largest catalog model that fits and still answers at a comfortable speed.

    GPU fits beat CPU fits; among equals, more parameters win. With nothing
    comfortable, the smallest model that fits at all is offered.
    """
    fitting = []
    for m in models:
        f = m.default_file
        result = fit_catalog(m, machine, file=f)
        if result.fits:
            fitting.append(Pick(m, f, result))
    if not fitting:
        return None
    comfortable = [p for p in fitting if (p.fit.tokens_per_s or 0) >= MIN_COMFORTABLE]
    if not comfortable:
        return min(fitting, key=lambda p: p.file.size)
    return max(comfortable, key=lambda p: (p.fit.where == "gpu", p.model.parameters, -p.file.size))

