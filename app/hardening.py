"""Process settings: a private umask, no core dumps, and no library that phones home."""

from __future__ import annotations

import contextlib
import os

from engine.quiet import silence_libraries


def harden_process() -> None:
    os.umask(0o077)
    with contextlib.suppress(Exception):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # No library phones home (onnxruntime, chromadb, huggingface_hub): before any of them loads.
    silence_libraries()
