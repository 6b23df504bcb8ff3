"""Runs first in the frozen bundle: keep every library offline before any is imported.

``engine.quiet`` (called by ``app.hardening``) sets the same variables; setting them here too covers code that
runs before ``main`` (imports at module level) and any entry point other than it.
"""

import os

os.environ["ORT_DISABLE_TELEMETRY"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["OTEL_SDK_DISABLED"] = "true"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
