"""Crafted GGUF files for the hostile-input tests: headers written byte by byte.

``small_model(path, **overrides)`` writes a tiny, well-formed GGUF (a 1-layer
"llama" with F32 tensors: the header reader, the registry and the fit accept it;
llama.cpp would not run it). Its metadata entries are raw bytes, so a test can put
any type where a number belongs (``kv_str("llama.context_length", "8192 tokens")``)
or lie about a count. ``with_chat_template(src, dst, template)`` copies a real
model (the bundled SmolLM2) with another chat template, for llama.cpp to load.
"""

from __future__ import annotations

import struct
from pathlib import Path

U8, U32, F32, BOOL, STRING, ARRAY, U64, F64 = 0, 4, 6, 7, 8, 9, 10, 12
_SCALAR_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}


def gstr(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw


def kv(key: str, vtype: int, payload: bytes) -> bytes:
    return gstr(key) + struct.pack("<I", vtype) + payload


def kv_u32(key: str, value: int) -> bytes:
    return kv(key, U32, struct.pack("<I", value))


def kv_u64(key: str, value: int) -> bytes:
    return kv(key, U64, struct.pack("<Q", value))


def kv_f64(key: str, value: float) -> bytes:
    return kv(key, F64, struct.pack("<d", value))


def kv_f32(key: str, value: float) -> bytes:
    return kv(key, F32, struct.pack("<f", value))


def kv_str(key: str, value: str | bytes) -> bytes:
    return kv(key, STRING, gstr(value))


def nested_arrays(depth: int) -> bytes:
    """The payload of an array holding an array holding … ``depth`` deep (the last is empty)."""
    inner = struct.pack("<IQ", U8, 0)
    for _ in range(depth - 1):
        inner = struct.pack("<IQ", ARRAY, 1) + inner
    return inner


def tensor(name: str, shape: tuple[int, ...], offset: int, gtype: int = 0) -> bytes:
    return (gstr(name) + struct.pack("<I", len(shape)) + b"".join(struct.pack("<Q", d) for d in shape)
            + struct.pack("<IQ", gtype, offset))


def base_kvs(**numbers: int) -> dict[str, bytes]:
    """The metadata of a tiny 1-layer llama, by key (replace or add entries to craft one)."""
    values = {"block_count": 1, "context_length": 512, "embedding_length": 8,
              "attention.head_count": 2, "attention.head_count_kv": 2} | numbers
    out = {"general.architecture": kv_str("general.architecture", "llama"),
           "general.name": kv_str("general.name", "Tiny")}
    for k, v in values.items():
        out[f"llama.{k}"] = kv_u32(f"llama.{k}", v)
    return out


def gguf_bytes(kvs: list[bytes], tensors: list[bytes], data: bytes = b"", *,
               n_kv: int | None = None, n_tensors: int | None = None, alignment: int = 32) -> bytes:
    head = (b"GGUF" + struct.pack("<IQQ", 3, len(tensors) if n_tensors is None else n_tensors,
                                  len(kvs) if n_kv is None else n_kv)
            + b"".join(kvs) + b"".join(tensors))
    pad = -len(head) % alignment
    return head + b"\0" * pad + data


def small_model(path: Path, kvs: dict[str, bytes] | None = None) -> Path:
    """A well-formed tiny GGUF (three F32 tensors); ``kvs`` replaces or adds metadata entries."""
    meta = base_kvs() | (kvs or {})
    shapes = [("token_embd.weight", (8, 4)), ("blk.0.attn_q.weight", (8, 8)),
              ("output.weight", (8, 4))]
    infos, offset = [], 0
    for name, shape in shapes:
        infos.append(tensor(name, shape, offset))
        offset += 4 * shape[0] * shape[1]
    path.write_bytes(gguf_bytes(list(meta.values()), infos, b"\0" * offset))
    return path


# -- a real model with another chat template -------------------------------------------------------

def _skip_value(data: bytes, pos: int, vtype: int) -> int:
    if vtype in _SCALAR_SIZES:
        return pos + _SCALAR_SIZES[vtype]
    if vtype == STRING:
        (n,) = struct.unpack_from("<Q", data, pos)
        return pos + 8 + int(n)
    if vtype == ARRAY:
        item, n = struct.unpack_from("<IQ", data, pos)
        pos += 12
        if item in _SCALAR_SIZES:
            return pos + int(n) * _SCALAR_SIZES[item]
        for _ in range(n):
            pos = _skip_value(data, pos, item)
        return pos
    raise ValueError(f"unknown GGUF type {vtype}")


def with_chat_template(src: Path, dst: Path, template: str) -> Path:
    """Copy the GGUF ``src`` to ``dst`` with ``tokenizer.chat_template`` set to ``template``."""
    data = src.read_bytes()
    version, n_tensors, n_kv = struct.unpack_from("<IQQ", data, 4)
    pos = 24
    kvs: list[bytes] = []
    alignment = 32
    for _ in range(n_kv):
        start = pos
        (klen,) = struct.unpack_from("<Q", data, pos)
        key = data[pos + 8:pos + 8 + klen].decode()
        pos += 8 + klen
        (vtype,) = struct.unpack_from("<I", data, pos)
        pos = _skip_value(data, pos + 4, vtype)
        if key == "general.alignment":
            (alignment,) = struct.unpack_from("<I", data, pos - 4)
        if key != "tokenizer.chat_template":
            kvs.append(data[start:pos])
    kvs.append(kv_str("tokenizer.chat_template", template))
    infos_start = pos
    for _ in range(n_tensors):
        (nlen,) = struct.unpack_from("<Q", data, pos)
        pos += 8 + nlen
        (n_dims,) = struct.unpack_from("<I", data, pos)
        pos += 4 + 8 * n_dims + 4 + 8
    data_start = pos + (-pos % alignment)
    head = (b"GGUF" + struct.pack("<IQQ", version, n_tensors, len(kvs)) + b"".join(kvs)
            + data[infos_start:pos])
    with dst.open("wb") as out:
        out.write(head + b"\0" * (-len(head) % alignment))
        out.write(memoryview(data)[data_start:])
    return dst
