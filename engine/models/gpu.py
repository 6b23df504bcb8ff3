"""GPU offload: what this llama.cpp build can do, which devices it sees, and how much fits.

llama-cpp-python does not expose upstream's parameter fitting, so Hearth
estimates it: the bytes of each repeating layer (``blk.N.*`` tensors, read
from the GGUF), the output head, the KV cache for the context
(2 x layers x n_ctx x kv_heads x head_dim x 2 bytes for f16), and a fixed
allowance for compute buffers. :func:`fit` is pure arithmetic on those numbers
and a free-memory figure, so it is tested without a GPU; :func:`plan`
feeds it the real device list.

Device discovery goes through libggml's ``ggml_backend_dev_*`` functions via
ctypes; any failure there means "no GPU" (never an exception), and the
reason is carried in the plan's ``note`` so the CPU fallback is never silent.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

from engine.models.gguf import GGUFInfo

MiB = 1 << 20
#: Compute buffers and driver overhead llama.cpp needs on the device beyond weights and KV.
DEFAULT_OVERHEAD = 512 * MiB
#: Never plan a context shorter than this to make a model fit on the GPU.
MIN_FIT_CTX = 2048
_BLOCK_RE = re.compile(r"^blk\.(\d+)\.")
_KINDS = {0: "cpu", 1: "gpu", 2: "igpu", 3: "accel", 4: "meta"}


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    description: str
    kind: str
    free_bytes: int
    total_bytes: int


@dataclass(frozen=True)
class FitPlan:
    """How to load a model: ``n_gpu_layers`` (-1 = all) and ``n_ctx``, with why."""

    n_gpu_layers: int
    n_ctx: int
    gpu_bytes: int
    note: str
    #: True when the user's wish could not be met (GPU asked for, CPU used): show ``note``.
    warn: bool = False

    @property
    def offloads(self) -> bool:
        return self.n_gpu_layers != 0


#: Backends that are not a GPU: llama.cpp counts RPC (other computers, engine.split) as offload.
_NOT_GPU_BACKENDS = frozenset({"CPU", "RPC", "BLAS"})


def offload_supported() -> bool:
    """Whether this llama.cpp build has a GPU backend (CUDA, Metal, Vulkan…) to offload to."""
    try:
        import llama_cpp

        return bool(llama_cpp.llama_supports_gpu_offload()) and bool(
            set(backend_names()) - _NOT_GPU_BACKENDS)
    except Exception:  # an unloadable library means no offload, not a crash
        return False


def backend_names() -> list[str]:
    """The ggml backends this build registered ("CPU", "RPC", "CUDA"…); [] if unreachable."""
    try:
        from llama_cpp import _ggml

        lib = _ggml.libggml
        lib.ggml_backend_reg_count.restype = ctypes.c_size_t
        lib.ggml_backend_reg_get.restype = ctypes.c_void_p
        lib.ggml_backend_reg_get.argtypes = [ctypes.c_size_t]
        lib.ggml_backend_reg_name.restype = ctypes.c_char_p
        lib.ggml_backend_reg_name.argtypes = [ctypes.c_void_p]
        return [(lib.ggml_backend_reg_name(lib.ggml_backend_reg_get(i)) or b"").decode(errors="replace")
                for i in range(int(lib.ggml_backend_reg_count()))]
    except Exception:
        return []


def list_devices() -> list[Device]:
    """Every ggml backend device with its free/total memory; [] if libggml is unreachable."""
    try:
        from llama_cpp import _ggml

        lib = _ggml.libggml
        lib.ggml_backend_dev_count.restype = ctypes.c_size_t
        lib.ggml_backend_dev_get.restype = ctypes.c_void_p
        lib.ggml_backend_dev_get.argtypes = [ctypes.c_size_t]
        for fn in (lib.ggml_backend_dev_name, lib.ggml_backend_dev_description):
            fn.restype = ctypes.c_char_p
            fn.argtypes = [ctypes.c_void_p]
        lib.ggml_backend_dev_type.restype = ctypes.c_int
        lib.ggml_backend_dev_type.argtypes = [ctypes.c_void_p]
        lib.ggml_backend_dev_memory.restype = None
        lib.ggml_backend_dev_memory.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t),
                                                ctypes.POINTER(ctypes.c_size_t)]
        devices = []
        for i in range(int(lib.ggml_backend_dev_count())):
            dev = lib.ggml_backend_dev_get(i)
            free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
            lib.ggml_backend_dev_memory(dev, ctypes.byref(free), ctypes.byref(total))
            devices.append(Device(
                index=i, name=(lib.ggml_backend_dev_name(dev) or b"").decode(errors="replace"),
                description=(lib.ggml_backend_dev_description(dev) or b"").decode(errors="replace"),
                kind=_KINDS.get(int(lib.ggml_backend_dev_type(dev)), "other"),
                free_bytes=int(free.value), total_bytes=int(total.value)))
        return devices
    except Exception:
        return []


def kv_bytes_per_token(info: GGUFInfo, *, bytes_per_value: int = 2) -> int:
    """KV cache bytes one token costs across all layers (f16 cache by default)."""
    per_layer = info.head_count_kv * (info.key_length + info.value_length) * bytes_per_value
    return per_layer * info.n_layers


def layer_bytes(info: GGUFInfo) -> tuple[list[int], int, int]:
    """(bytes per repeating layer, output-head bytes, other bytes) from the tensor table.

    llama.cpp keeps the token embeddings on the CPU and counts the output head
    as one extra offloadable layer, so they are reported apart.
    """
    layers = [0] * info.n_layers
    output = other = 0
    for t in info.tensors:
        m = _BLOCK_RE.match(t.name)
        if m and int(m.group(1)) < len(layers):
            layers[int(m.group(1))] += t.nbytes
        elif t.name.startswith("output"):
            output += t.nbytes
        else:
            other += t.nbytes
    return layers, output, other


def fit(info: GGUFInfo, *, free_bytes: int, n_ctx: int, overhead: int = DEFAULT_OVERHEAD,
        min_ctx: int = MIN_FIT_CTX) -> FitPlan:
    """The most offload that fits in ``free_bytes``: all layers, else a shorter context, else some."""
    layers, output, _ = layer_bytes(info)
    if not layers:
        return FitPlan(0, n_ctx, 0, "the model has no layer table; running on the CPU")
    kv_tok = kv_bytes_per_token(info)
    kv_layer_tok = kv_tok // len(layers)
    budget = free_bytes - overhead
    ctx = n_ctx
    while True:
        full = sum(layers) + output + kv_tok * ctx
        if full <= budget:
            note = "all layers on the GPU" + ("" if ctx == n_ctx else
                                              f" with the context cut to {ctx} tokens to fit")
            return FitPlan(-1, ctx, full, note)
        if ctx // 2 < max(min_ctx, 1) or ctx <= min_ctx:
            break
        ctx //= 2
    # Partial offload at the requested context: whole layers, in order, while they fit.
    used = 0
    count = 0
    for size in layers:
        cost = size + kv_layer_tok * n_ctx
        if used + cost > budget:
            break
        used += cost
        count += 1
    if count == 0:
        return FitPlan(0, n_ctx, 0, f"not enough free GPU memory ({free_bytes // MiB} MiB) "
                                    "for even one layer; running on the CPU")
    return FitPlan(count, n_ctx, used, f"{count} of {len(layers)} layers on the GPU "
                                       f"({free_bytes // MiB} MiB free)")


def plan(info: GGUFInfo, *, n_ctx: int, n_gpu_layers: int | None = None,
         devices: list[Device] | None = None) -> FitPlan:
    """The plan for loading ``info`` here: the user's override, else an auto-fit."""
    if n_gpu_layers is not None:
        if n_gpu_layers != 0 and not offload_supported():
            return FitPlan(0, n_ctx, 0, "this llama.cpp build has no GPU support; running on the CPU",
                           warn=True)
        return FitPlan(n_gpu_layers, n_ctx, 0, "GPU layers set by the user")
    if not offload_supported():
        return FitPlan(0, n_ctx, 0, "this llama.cpp build has no GPU support; running on the CPU")
    gpus = [d for d in (devices if devices is not None else list_devices())
            if d.kind in ("gpu", "igpu")]
    if not gpus:
        return FitPlan(0, n_ctx, 0, "no GPU was found; running on the CPU")
    best = max(gpus, key=lambda d: d.free_bytes)
    result = fit(info, free_bytes=best.free_bytes, n_ctx=n_ctx)
    return FitPlan(result.n_gpu_layers, result.n_ctx, result.gpu_bytes,
                   f"{result.note} ({best.description or best.name})")
