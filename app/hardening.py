"""Process settings that keep personal data off the disk: private umask, no core dumps."""

from __future__ import annotations

import contextlib
import os


def harden_process() -> None:
    os.umask(0o077)
    with contextlib.suppress(Exception):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # chromadb and its dependencies must never phone home.
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
