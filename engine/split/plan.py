"""The split plan: which of a model's layers run on which device, and whether they fit there.

Layers go to the devices as llama.cpp's loader puts them (``llama_model::load_tensors``): the
token embeddings stay on the asking computer, the repeating layers and the output head (one more
"layer") are cut in contiguous runs, in device order, at the cumulative shares of
``tensor_split``. :func:`layer_devices` repeats that arithmetic in float32, so the plan names the
same layers the engine loads. The shares are each device's free memory unless the person gives
an explicit split (``1:3``); each device's part is then weighed with the fit arithmetic of
:mod:`engine.models.gpu` (bytes per layer from the GGUF's tensor table, the KV cache of those
layers for the context) against the memory it said it has free, less an overhead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.errors import EngineError
from engine.models import gpu
from engine.models.fit import RAM_OVERHEAD
from engine.models.gguf import GGUFInfo

MiB = 1024 * 1024


class SplitRefused(EngineError):
    code = "split_refused"


@dataclass(frozen=True)
class Part:
    device: str
    first: int          # first repeating layer (inclusive); first > last: none
    last: int
    output: bool        # the output head is here
    need_bytes: int     # weights + KV cache of its layers
    free_bytes: int

    @property
    def layers(self) -> int:
        return max(0, self.last - self.first + 1)

    def describe(self) -> str:
        span = (f"layers {self.first}-{self.last}" if self.layers > 1 else
                f"layer {self.first}" if self.layers == 1 else "no layers")
        return f"{self.device}: {span}{' and the output head' if self.output else ''}"


@dataclass(frozen=True)
class SplitPlan:
    parts: tuple[Part, ...]
    shares: tuple[float, ...]
    n_layers: int
    n_gpu_layers: int
    n_ctx: int
    alone: tuple[bool, ...]     # whether each device could hold the whole model by itself

    @property
    def tensor_split(self) -> list[float]:
        return list(self.shares)

    def route(self) -> list[dict[str, object]]:
        return [{"device": p.device, "layers": [p.first, p.last] if p.layers else [],
                 "output_head": p.output, "bytes": p.need_bytes} for p in self.parts]


def parse_split(text: str, count: int) -> list[float]:
    """``"1:3"`` as shares for ``count`` devices; SplitRefused when it is not that."""
    try:
        shares = [float(x) for x in text.split(":")]
    except ValueError:
        raise SplitRefused(f"--split {text!r}: give one number per device, like 1:3") from None
    if len(shares) != count or any(not s >= 0 for s in shares) or sum(shares) <= 0:
        raise SplitRefused(f"--split {text!r}: give {count} shares of zero or more, like "
                           + ":".join(["1"] * count))
    return shares


def layer_devices(n_layers: int, shares: list[float]) -> list[int]:
    """The device index of layers 0..n_layers (the last is the output head), all offloaded."""
    splits = np.cumsum(np.asarray(shares, dtype=np.float32), dtype=np.float32)
    splits = (splits / splits[-1]).astype(np.float32)
    act = n_layers + 1
    out = []
    for il in range(n_layers + 1):
        x = np.float32(il) / np.float32(act)
        out.append(min(int(np.searchsorted(splits, x, side="right")), len(shares) - 1))
    return out


def plan_split(info: GGUFInfo, devices: list[tuple[str, int]], *, n_ctx: int,
               shares: list[float] | None = None, overhead: int = RAM_OVERHEAD // 4) -> SplitPlan:
    """Which layers go where on ``devices`` (name, free bytes); SplitRefused when a part won't fit."""
    if not devices:
        raise SplitRefused("name at least one device to run the model across")
    layers, output, _ = gpu.layer_bytes(info)
    if not layers:
        raise SplitRefused(f"{info.name} has no layer table that Hearth can split")
    kv_layer_tok = gpu.kv_bytes_per_token(info) // len(layers)
    free = [max(0, f) for _, f in devices]
    used_shares = list(shares) if shares else [float(f) for f in free]
    if sum(used_shares) <= 0:
        raise SplitRefused("none of the devices said it has memory free")
    where = layer_devices(len(layers), used_shares)
    whole = sum(layers) + output + kv_layer_tok * len(layers) * n_ctx
    parts = []
    for i, (name, _) in enumerate(devices):
        mine = [il for il in range(len(layers)) if where[il] == i]
        has_output = where[len(layers)] == i
        need = sum(layers[il] + kv_layer_tok * n_ctx for il in mine) + (output if has_output else 0)
        parts.append(Part(name, mine[0] if mine else 0, mine[-1] if mine else -1, has_output, need,
                          free[i]))
    short = [p for p in parts if p.need_bytes and p.need_bytes + overhead > p.free_bytes]
    if short:
        p = short[0]
        raise SplitRefused(f"{p.describe()} needs about {(p.need_bytes + overhead) / MiB:.0f} MiB, and "
                           f"{p.device} has {p.free_bytes / MiB:.0f} MiB free: add a device or "
                           "change the split")
    return SplitPlan(tuple(parts), tuple(used_shares), len(layers), len(layers) + 1, n_ctx,
                     tuple(whole + overhead <= f for f in free))
