"""Every library the engine loads is told, before it loads, to send nothing and keep nothing.

onnxruntime (1.29 and later) starts a telemetry uploader on Linux and macOS at its first
session: a device id and queued events under ``~/.cache/Microsoft/DeveloperTools/.onnxruntime``,
then DNS and HTTPS to Microsoft. ``ORT_DISABLE_TELEMETRY=1``, set before its environment is
created, stops all of it (no uploader, no device id, no offline cache); the decision is latched
for the process, so it must be in ``os.environ`` before the first ``InferenceSession``. chromadb
(PostHog, ``ANONYMIZED_TELEMETRY``) and its OpenTelemetry (``OTEL_SDK_DISABLED``), and
huggingface_hub (``HF_HUB_DISABLE_TELEMETRY``, ``DO_NOT_TRACK``) are told the same.

:func:`silence_libraries` sets them, overriding whatever the environment said: Hearth never
sends telemetry, whoever asks. It is called by ``app.hardening`` at every start and by the
engine's own modules right before they import such a library, so code that uses the engine
without the app (tests, benchmarks, the embedding worker) is covered too. Child processes
inherit the environment. Offline switches that Hearth lifts for one request the person made
(``HF_HUB_OFFLINE``, lifted by ``engine.models.hub`` for a search or download) are defaults.
"""

from __future__ import annotations

import os

#: Set whatever the environment says: telemetry stays off.
TELEMETRY_OFF: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "OTEL_SDK_DISABLED": "true",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}
#: Set unless already set: no download nobody asked for.
OFFLINE_BY_DEFAULT: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}


def silence_libraries() -> None:
    """Put :data:`TELEMETRY_OFF` and :data:`OFFLINE_BY_DEFAULT` into ``os.environ``."""
    os.environ.update(TELEMETRY_OFF)
    for name, value in OFFLINE_BY_DEFAULT.items():
        os.environ.setdefault(name, value)
