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

A model file can come from any Hub repository, so the header is hostile input:
every count, string length and array length is bounded (and checked against the
bytes left in the file before anything is allocated for it), arrays nest at most
:data:`MAX_DEPTH` deep, and the values Hearth computes with (context length,
layer count, widths, head counts, alignment) must be whole numbers in a
plausible range: a context length of ``"8192 tokens"``, NaN or 1e308, or a layer
count above the number of tensors, is refused with the reason, so no caller
ever sees a value it cannot use.
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from engine.errors import ModelLoadFailed

MAGIC = b"GGUF"
_ARCH_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
DEFAULT_ALIGNMENT = 32
#: Arrays longer than this are skipped (only their length is kept).
MAX_KEPT_ARRAY = 64
#: Strings longer than this are skipped (an embedded tokenizer JSON), keeping only their length.
MAX_KEPT_STRING = 1 << 20
#: Arrays of arrays nest at most this deep (the format allows any depth; no model needs it).
MAX_DEPTH = 3
# Sanity bounds: a corrupt or crafted header must not make us allocate gigabytes or spin.
_MAX_COUNT = 1 << 24           # items in one array
_MAX_ITEMS = 1 << 26           # array items visited in the whole header
_MAX_KV = 1 << 16
_MAX_TENSORS = 1 << 16
_MAX_KEY = 1 << 16             # bytes in a key or a tensor name
_MAX_DIMS = 8
#: The range each number Hearth computes with must be in (``<arch>.`` keys; an int, not a bool).
_NUMBERS: dict[str, tuple[str, int, int]] = {
    "context_length": ("context length", 1, 1 << 26),
    "embedding_length": ("embedding length", 1, 1 << 20),
    "attention.head_count": ("attention head count", 0, 1 << 14),
    "attention.head_count_kv": ("KV head count", 0, 1 << 14),
    "attention.key_length": ("key length", 1, 1 << 16),
    "attention.value_length": ("value length", 1, 1 << 16),
}

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
        self.items = 0

    @property
    def left(self) -> int:
        return self.size - self.fh.tell()

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

    def count(self, what: str, *, limit: int = _MAX_COUNT, each: int = 1) -> int:
        """A count from the file: at most ``limit``, and the ``each`` bytes (at least) that
        every counted thing takes must still be in the file, before anything is allocated."""
        n = int(self.unpack("<Q"))
        if n > limit:
            raise self.fail(f"it claims {n} {what} (at most {limit} are accepted)")
        if n * each > self.left:
            raise self.fail(f"the file is truncated or lies: it claims {n} {what}, more than "
                            f"the {self.left} bytes left can hold")
        return n

    def string(self, *, limit: int | None = None, what: str = "string") -> str:
        n = int(self.unpack("<Q"))
        if limit is not None and n > limit:
            raise self.fail(f"a {what} of {n} bytes")
        if n > MAX_KEPT_STRING:
            self.skip(n)
            return _SkippedString(n)
        raw = self.read(n)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("utf-8", errors="replace")

    def value(self, vtype: int, depth: int = 0) -> Any:
        if vtype in _SCALARS:
            return self.unpack(_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY:
            if depth >= MAX_DEPTH:
                raise self.fail(f"arrays nested more than {MAX_DEPTH} deep")
            item_type = int(self.unpack("<I"))
            n = self.count("array items", each=_min_size(item_type))
            self.items += n
            if self.items > _MAX_ITEMS:
                raise self.fail(f"more than {_MAX_ITEMS} array items in its header")
            if n > MAX_KEPT_ARRAY:
                self.skip_values(item_type, n, depth + 1)
                return _SkippedArray(n)
            return [self.value(item_type, depth + 1) for _ in range(n)]
        raise self.fail(f"unknown metadata value type {vtype}")

    def skip_values(self, item_type: int, n: int, depth: int) -> None:
        if item_type in _SCALARS:
            self.skip(struct.calcsize(_SCALARS[item_type]) * n)
        elif item_type == _STRING:
            for _ in range(n):
                self.skip(int(self.unpack("<Q")))
        else:
            for _ in range(n):
                self.value(item_type, depth)


def _min_size(vtype: int) -> int:
    """The fewest bytes one value of this type takes in the file."""
    if vtype in _SCALARS:
        return struct.calcsize(_SCALARS[vtype])
    return 12 if vtype == _ARRAY else 8


class _SkippedArray(list[Any]):
    """Stands in for a long array: empty, but remembers how long the real one was."""

    def __init__(self, length: int) -> None:
        super().__init__()
        self.length = length


class _SkippedString(str):
    """Stands in for a very long string: empty, but remembers how long the real one was."""

    length: int

    def __new__(cls, length: int) -> _SkippedString:
        self = super().__new__(cls, "")
        self.length = length
        return self


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
        # A tensor info takes at least 24 bytes (name length, dims, type, offset); a key-value 12.
        n_tensors = r.count("tensors", limit=_MAX_TENSORS, each=24)
        n_kv = r.count("metadata entries", limit=_MAX_KV, each=12)
        metadata: dict[str, Any] = {}
        try:
            for _ in range(n_kv):
                key = r.string(limit=_MAX_KEY, what="metadata key")
                metadata[key] = r.value(int(r.unpack("<I")))
        except RecursionError:  # only with a lowered recursion limit: MAX_DEPTH bounds it
            raise r.fail("arrays nested too deep") from None
        raw_tensors = []
        for _ in range(n_tensors):
            name = r.string(limit=_MAX_KEY, what="tensor name")
            n_dims = int(r.unpack("<I"))
            if n_dims > _MAX_DIMS:
                raise r.fail(f"tensor {name[:64]!r} claims {n_dims} dimensions")
            shape = tuple(int(r.unpack("<Q")) for _ in range(n_dims))
            raw_tensors.append((name, shape, int(r.unpack("<I")), int(r.unpack("<Q"))))
        alignment = _checked(metadata, n_tensors, r.fail)
        data_offset = -(-fh.tell() // alignment) * alignment
    tensors = _sized(raw_tensors, data_size=size - data_offset, fail=r.fail)
    return GGUFInfo(path=path, version=version, file_size=size, data_offset=data_offset,
                    metadata=metadata, tensors=tensors)


def _checked(metadata: dict[str, Any], n_tensors: int, fail: Any) -> int:
    """Refuse values Hearth would compute with but cannot use; returns the data alignment."""
    def shown(value: Any) -> str:
        text = repr(value)
        return text if len(text) <= 40 else text[:39] + "…"

    def whole(value: Any, what: str, low: int, high: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise fail(f"its {what} is {shown(value)}, not a whole number")
        if not low <= value <= high:
            raise fail(f"its {what} is {value}, outside {low}..{high}")

    arch = metadata.get("general.architecture", "unknown")
    if not isinstance(arch, str) or not _ARCH_RE.fullmatch(arch):
        raise fail(f"its architecture {shown(arch)} is not a name")
    alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
    whole(alignment, "alignment", 1, 1 << 16)
    if alignment & (alignment - 1):
        raise fail(f"its alignment {alignment} is not a power of two")
    if f"{arch}.block_count" in metadata:
        # Every layer has tensors of its own: more layers than tensors is a lie.
        whole(metadata[f"{arch}.block_count"], "layer count", 0, min(n_tensors, 1 << 16))
    for suffix, (what, low, high) in _NUMBERS.items():
        value = metadata.get(f"{arch}.{suffix}")
        if value is None:
            continue
        for item in (value if isinstance(value, list) else [value]):  # per-layer head counts
            whole(item, what, low, high)
    template = metadata.get("tokenizer.chat_template")
    if isinstance(template, _SkippedString):
        raise fail(f"its chat template is {template.length} bytes (at most {MAX_KEPT_STRING} "
                   "are accepted)")
    return int(alignment)


def _sized(raw: list[tuple[str, tuple[int, ...], int, int]], *, data_size: int,
           fail: Any) -> tuple[TensorInfo, ...]:
    if data_size < 0:
        raise fail("the file is truncated")
    order = sorted(range(len(raw)), key=lambda i: raw[i][3])
    sizes: dict[int, int] = {}
    for pos, i in enumerate(order):
        name, shape, gtype, offset = raw[i]
        n = math.prod(shape)
        if n > 8 * max(data_size, 1):   # under one bit per weight: no such quantisation
            raise fail(f"tensor {name[:64]!r} claims {n} elements, more than the file can hold")
        known = GGML_TYPES.get(gtype)
        if known:
            _, block, per_block = known
            nbytes = -(-n // block) * per_block
        else:
            end = raw[order[pos + 1]][3] if pos + 1 < len(order) else data_size
            nbytes = end - offset
        if offset + nbytes > data_size:
            raise fail("the file is truncated (tensor data runs past its end)")
        sizes[i] = nbytes
    return tuple(TensorInfo(name, shape, gtype, offset, sizes[i])
                 for i, (name, shape, gtype, offset) in enumerate(raw))
