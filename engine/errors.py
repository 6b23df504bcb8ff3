"""Errors raised by the engine.

Everything derives from :class:`EngineError`; llama_cpp, chromadb, onnxruntime
and HTTP errors are translated where they are called and never escape raw::

    EngineError
    ├── ModelNotFound      no model registered under that name
    ├── ModelLoadFailed    the file is missing, truncated, not GGUF, or will not load
    ├── TemplateRefused    the model's chat template broke a limit (size, loops, time) or failed
    ├── GenerationCancelled  the caller cancelled; partial output is kept
    ├── RetrievalError     the index or embedding model failed
    ├── RemoteFailed       a remote endpoint errored, timed out or is not enabled
    └── RemoteNotAllowed   the privacy guard kept a request from leaving this machine
"""

from __future__ import annotations


class EngineError(Exception):
    """Root of every error the engine raises (``code``: stable, for JSON and plugin apps)."""

    code = "engine_error"


class ModelNotFound(EngineError):
    code = "model_not_found"


class ModelLoadFailed(EngineError):
    code = "model_load_failed"


class TemplateRefused(EngineError):
    """A model's chat template (code from the model file) broke a limit or failed to render."""

    code = "template_refused"


class GenerationCancelled(EngineError):
    code = "cancelled"


class RetrievalError(EngineError):
    code = "retrieval_failed"


class RemoteFailed(EngineError):
    code = "remote_failed"


class RemoteNotAllowed(EngineError):
    """Raised when a request would send personal data out without the user's consent."""

    code = "remote_not_allowed"


# Downloads from the Hugging Face Hub (engine.models.hub, engine.models.download):
#
#   EngineError
#   └── DownloadFailed        the transfer failed; the partial file is kept for a resume
#       ├── NoNetwork         the host could not be reached (or went away mid-file)
#       ├── NotFoundOnHub     no such repository, revision or file (404)
#       ├── GatedModel        401/403: the repository needs an accepted licence or a token
#       ├── ChecksumMismatch  the bytes are not what the Hub (or the catalog) says: deleted
#       ├── NotEnoughDisk     too little free space for the file (checked before the first byte)
#       └── DownloadCancelled the person cancelled; the partial file is kept for a resume


class DownloadFailed(EngineError):
    """A model download did not complete."""

    code = "download_failed"


class NoNetwork(DownloadFailed):
    code = "no_network"


class NotFoundOnHub(DownloadFailed):
    code = "not_found_on_hub"


class GatedModel(DownloadFailed):
    code = "gated_model"


class ChecksumMismatch(DownloadFailed):
    code = "checksum_mismatch"


class NotEnoughDisk(DownloadFailed):
    code = "not_enough_disk"


class DownloadCancelled(DownloadFailed):
    code = "download_cancelled"
