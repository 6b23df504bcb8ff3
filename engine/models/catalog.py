"""The curated model catalog shipped in ``assets/catalog.json``: read offline, never fetched.

Each :class:`CatalogModel` names a Hugging Face repository, its licence,
size class, context length, the architecture figures the fit estimate needs
(layers, KV heads, head size) and one :class:`CatalogFile` per quantisation
with its size and, where a trustworthy value is known, its SHA-256. A file
whose ``sha256`` is None is verified against the Hub's LFS SHA-256, read just
before the download (see :mod:`engine.models.download`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.assets import assets_dir
from engine.errors import EngineError

CATALOG_FILE = "catalog.json"


@dataclass(frozen=True)
class Arch:
    layers: int
    kv_heads: int
    head_dim: int

    def kv_bytes_per_token(self, *, bytes_per_value: int = 2) -> int:
        """K and V for every layer (f16 cache), as :func:`engine.models.gpu.kv_bytes_per_token` counts."""
        return 2 * self.layers * self.kv_heads * self.head_dim * bytes_per_value


@dataclass(frozen=True)
class CatalogFile:
    quant: str
    file: str
    size: int
    sha256: str | None
    size_exact: bool = True
    source: str = ""


@dataclass(frozen=True)
class CatalogModel:
    id: str
    name: str
    family: str
    repo: str
    license: str
    parameters: int
    context_length: int
    arch: Arch | None
    good_for: str
    default_quant: str
    files: tuple[CatalogFile, ...]

    def file_for(self, quant: str | None = None) -> CatalogFile:
        wanted = (quant or self.default_quant).upper()
        for f in self.files:
            if f.quant.upper() == wanted:
                return f
        known = ", ".join(f.quant for f in self.files)
        raise EngineError(f"{self.name} has no {wanted} file in the catalog (it has: {known})")

    @property
    def default_file(self) -> CatalogFile:
        return self.file_for(None)


def catalog_path() -> Path:
    """``HEARTH_CATALOG`` (a catalog of one's own, or a test's), else the shipped one."""
    import os

    env = os.environ.get("HEARTH_CATALOG")
    if env:
        return Path(env).expanduser()
    return assets_dir() / CATALOG_FILE


def load_catalog(path: Path | None = None) -> list[CatalogModel]:
    """Every catalog entry, smallest first; a damaged file is an :class:`EngineError`."""
    path = path or catalog_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        models = [_model(m) for m in raw["models"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EngineError(f"the model catalog {path} cannot be read: {exc}") from exc
    return sorted(models, key=lambda m: (m.default_file.size, m.id))


def find(model_id_or_repo: str, models: list[CatalogModel] | None = None) -> CatalogModel | None:
    wanted = model_id_or_repo.strip().lower()
    for m in models if models is not None else load_catalog():
        if wanted in (m.id.lower(), m.repo.lower()):
            return m
    return None


def _model(m: dict[str, Any]) -> CatalogModel:
    arch = m.get("arch")
    files = tuple(CatalogFile(quant=str(f["quant"]), file=str(f["file"]), size=int(f["size"]),
                              sha256=(str(f["sha256"]).lower() if f.get("sha256") else None),
                              size_exact=bool(f.get("size_exact", True)),
                              source=str(f.get("source", "")))
                  for f in m["files"])
    if not files:
        raise ValueError(f"catalog entry {m.get('id')!r} lists no files")
    return CatalogModel(
        id=str(m["id"]), name=str(m["name"]), family=str(m.get("family", "")), repo=str(m["repo"]),
        license=str(m.get("license", "")), parameters=int(m.get("parameters", 0)),
        context_length=int(m.get("context_length", 0)),
        arch=(Arch(int(arch["layers"]), int(arch["kv_heads"]), int(arch["head_dim"]))
              if isinstance(arch, dict) else None),
        good_for=str(m.get("good_for", "")), default_quant=str(m.get("default_quant") or files[0].quant),
        files=files)
