"""Runs first in the frozen bundle: keep every library offline before any is imported.

``app.hardening`` sets the same variables; setting them here too covers code that
runs before ``main`` (imports at module level) and any entry point other than it.
"""

import os

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
