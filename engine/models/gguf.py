"""Read a GGUF file's header: metadata key-values and tensor infos, never the weights.

``read_gguf(path)`` parses GGUF v2/v3 (little-endian) and returns a
:class:`GGUFInfo`; anything that is missing, truncated, not GGUF or
implausible raises :class:`ModelLoadFailed` with a message a person can act
on. Large arrays (the tokenizer's vocabulary) are skipped, keeping only their
length, so reading a header costs milliseconds and a few KiB of memory.

Tensor sizes come from the ggml type table where the type is known, else
from the distance to the next tensor's offset; both are checked against the
file's size, which is how a truncated download is caught before llama.cpp
tries to map it.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from engine.errors import ModelLoadFailed

MAGIC = b"GGUF"
DEFAULT_ALIGNMENT = 32
#: Arrays longer than this are skipped (only their length is kept).
MAX_KEPT_ARRAY = 64
# Sanity bounds: a corrupt header must not make us allocate gigabytes.
_MAX_COUNT = 1 << 24
_MAX_DIMS = 8

# GGUF metadata value types.
_SCALARS: dict[int, str] = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f",
                            7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9

#: ggml type id -> (name, block size, bytes per block) for the types whose layout we know.
GGML_TYPES: dict[int, tuple[str, int, int]] = {
    0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22), 7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 36),
    10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110), 12: ("Q4_K", 256, 144),
    13: ("Q5_K", 256, 176), 14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292),
    20: ("IQ4_NL", 32, 18), 23: ("IQ4_XS", 256, 136), 24: ("I8", 1, 1), 25: ("I16", 1, 2),
    26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8), 30: ("BF16", 1, 2),
}

#: general.file_type (llama_ftype) -> the quantization's usual name.
FILE_TYPES: dict[int, str] = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
    11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
    17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS",
    23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S",
    29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0",
    38: "MXFP4_MOE",
}


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int  # relative to the start of the data section
    nbytes: int

    @property
    def n_elements(self) -> int:
        return math.prod(self.shape)

    @property
    def type_name(self) -> str:
        known = GGML_TYPES.get(self.ggml_type)
        return known[0] if known else f"type{self.ggml_type}"


@dataclass(frozen=True)
class GGUFInfo:
    path: Path
    version: int
    file_size: int
    data_offset: int
    metadata: dict[str, Any] = field(repr=False)
    tensors: tuple[TensorInfo, ...] = field(repr=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.metadata.get(key, default)

    def arch_value(self, suffix: str, default: Any = None) -> Any:
        """A ``<architecture>.<suffix>`` key, e.g. ``context_length``."""
        return self.metadata.get(f"{self.architecture}.{suffix}", default)

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def name(self) -> str:
        return str(self.metadata.get("general.name") or self.path.stem)

    @property
    def context_length(self) -> int:
        return int(self.arch_value("context_length", 0) or 0)

    @property
    def n_layers(self) -> int:
        return int(self.arch_value("block_count", 0) or 0)

    @property
    def embedding_length(self) -> int:
        return int(self.arch_value("embedding_length", 0) or 0)

    @property
    def head_count(self) -> int:
        return _first_int(self.arch_value("attention.head_count", 0))

    @property
    def head_count_kv(self) -> int:
        return _first_int(self.arch_value("attention.head_count_kv", 0)) or self.head_count

    @property
    def key_length(self) -> int:
        """Per-head K width; defaults to embedding/heads as llama.cpp does."""
        default = self.embedding_length // self.head_count if self.head_count else 0
        return int(self.arch_value("attention.key_length", default) or default)

    @property
    def value_length(self) -> int:
        default = self.embedding_length // self.head_count if self.head_count else 0
        return int(self.arch_value("attention.value_length", default) or default)

    @property
    def parameter_count(self) -> int:
        return sum(t.n_elements for t in self.tensors)

    @property
    def quantization(self) -> str:
        ftype = self.metadata.get("general.file_type")
        if isinstance(ftype, int) and ftype in FILE_TYPES:
            return FILE_TYPES[ftype]
        # No (known) file type: name it after the most common weight type by bytes.
        by_type: dict[str, int] = {}
        for t in self.tensors:
            by_type[t.type_name] = by_type.get(t.type_name, 0) + t.nbytes
        return max(by_type, key=lambda k: by_type[k]) if by_type else "unknown"

    @property
    def chat_template(self) -> str | None:
        value = self.metadata.get("tokenizer.chat_template")
        return value if isinstance(value, str) else None

    @property
    def weights_bytes(self) -> int:
        return sum(t.nbytes for t in self.tensors)


def _first_int(value: Any) -> int:
    # Some architectures store per-layer head counts as arrays.
    if isinstance(value, list):
        return int(value[0]) if value else 0
    return int(value or 0)


class _Reader:
    """Bounded little-endian reads that raise on a short file instead of returning less."""

    def __init__(self, fh: BinaryIO, size: int, path: Path) -> None:
        self.fh, self.size, self.path = fh, size, path

    def fail(self, why: str) -> ModelLoadFailed:
        return ModelLoadFailed(f"{self.path.name} is not a usable GGUF model: {why}")

    def read(self, n: int) -> bytes:
        if n < 0 or self.fh.tell() + n > self.size:
            raise self.fail("the file is truncated")
        data = self.fh.read(n)
        if len(data) != n:
            raise self.fail("the file is truncated")
        return data

    def skip(self, n: int) -> None:
        if self.fh.tell() + n > self.size:
            raise self.fail("the file is truncated")
        self.fh.seek(n, 1)

    def unpack(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def count(self, what: str) -> int:
        n = int(self.unpack("<Q"))
        if n > _MAX_COUNT:
            raise self.fail(f"implausible {what} count {n}")
        return n

    def string(self) -> str:
        n = int(self.unpack("<Q"))
        raw = self.read(n)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("utf-8", errors="replace")

    def value(self, vtype: int) -> Any:
        if vtype in _SCALARS:
            return self.unpack(_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY:
            item_type = int(self.unpack("<I"))
            n = self.count("array item")
            if n > MAX_KEPT_ARRAY:
                self.skip_values(item_type, n)
                return _SkippedArray(n)
            return [self.value(item_type) for _ in range(n)]
        raise self.fail(f"unknown metadata value type {vtype}")

    def skip_values(self, item_type: int, n: int) -> None:
        if item_type in _SCALARS:
            self.skip(struct.calcsize(_SCALARS[item_type]) * n)
        elif item_type == _STRING:
            for _ in range(n):
                self.skip(int(self.unpack("<Q")))
        else:
            for _ in range(n):
                self.value(item_type)


class _SkippedArray(list[Any]):
    """Stands in for a long array: empty, but remembers how long the real one was."""

    def __init__(self, length: int) -> None:
        super().__init__()
        self.length = length


def read_gguf(path: Path | str) -> GGUFInfo:
    """Parse the header of the GGUF file at ``path``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        fh = path.open("rb")
    except FileNotFoundError:
        raise ModelLoadFailed(f"the model file {path} is missing")
    except IsADirectoryError:
        raise ModelLoadFailed(f"{path} is a folder, not a GGUF model file")
    except OSError as exc:
        raise ModelLoadFailed(f"cannot read the model file {path}: {exc.strerror or exc}")
    with fh:
        if path.is_dir():
            raise ModelLoadFailed(f"{path} is a folder, not a GGUF model file")
        r = _Reader(fh, size, path)
        if size < 24 or fh.read(4) != MAGIC:
            raise r.fail("it does not start with the GGUF signature")
        version = int(r.unpack("<I"))
        if version not in (2, 3):
            raise r.fail(f"GGUF version {version} is not supported (2 and 3 are)")
        n_tensors = r.count("tensor")
        n_kv = r.count("metadata")
        metadata: dict[str, Any] = {}
        for _ in range(n_kv):
            key = r.string()
            metadata[key] = r.value(int(r.unpack("<I")))
        raw_tensors = []
        for _ in range(n_tensors):
            name = r.string()
            n_dims = int(r.unpack("<I"))
            if n_dims > _MAX_DIMS:
                raise r.fail(f"tensor {name} claims {n_dims} dimensions")
            shape = tuple(int(r.unpack("<Q")) for _ in range(n_dims))
            raw_tensors.append((name, shape, int(r.unpack("<I")), int(r.unpack("<Q"))))
        alignment = int(metadata.get("general.alignment", DEFAULT_ALIGNMENT) or DEFAULT_ALIGNMENT)
        data_offset = -(-fh.tell() // alignment) * alignment
    tensors = _sized(raw_tensors, data_size=size - data_offset, fail=r.fail)
    return GGUFInfo(path=path, version=version, file_size=size, data_offset=data_offset,
                    metadata=metadata, tensors=tensors)


def _sized(raw: list[tuple[str, tuple[int, ...], int, int]], *, data_size: int,
           fail: Any) -> tuple[TensorInfo, ...]:
    if data_size < 0:
        raise fail("the file is truncated")
    order = sorted(range(len(raw)), key=lambda i: raw[i][3])
    sizes: dict[int, int] = {}
    for pos, i in enumerate(order):
        _, shape, gtype, offset = raw[i]
        known = GGML_TYPES.get(gtype)
        if known:
            _, block, per_block = known
            n = math.prod(shape)
            nbytes = -(-n // block) * per_block
        else:
            end = raw[order[pos + 1]][3] if pos + 1 < len(order) else data_size
            nbytes = end - offset
        if offset + nbytes > data_size:
            raise fail("the file is truncated (tensor data runs past its end)")
        sizes[i] = nbytes
    return tuple(TensorInfo(name, shape, gtype, offset, sizes[i])
                 for i, (name, shape, gtype, offset) in enumerate(raw))
