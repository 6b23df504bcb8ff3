"""Scanning files for a canary string, as raw bytes and as UTF-16 (both byte orders)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def canary_forms(canary: str) -> list[bytes]:
    return [canary.encode("utf-8"), canary.encode("utf-16-le"), canary.encode("utf-16-be")]


def files_containing(roots: Iterable[Path], canary: str) -> list[str]:
    """Every file under ``roots`` that holds the canary in any form."""
    forms = canary_forms(canary)
    hits: list[str] = []
    for root in roots:
        if not root.exists():
            continue
        paths = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if any(form in data for form in forms):
                hits.append(str(path))
    return hits
