"""Where Hearth's shipped assets are: the catalog, the embedding tokenizer, the bundled files."""

from __future__ import annotations

import os
from pathlib import Path

from engine.errors import RetrievalError


def assets_dir() -> Path:
    """Hearth's asset folder: ``HEARTH_ASSETS``, else ``assets/`` beside the source tree."""
    env = os.environ.get("HEARTH_ASSETS")
    if env:
        return Path(env).expanduser()
    here = Path(__file__).resolve().parent
    for base in (here.parent, here, *here.parents):
        if (base / "assets").is_dir():
            return base / "assets"
    raise RetrievalError("Hearth's assets folder is missing (set HEARTH_ASSETS to its location)")
