"""Errors raised by the engine.

Everything derives from :class:`EngineError`; llama_cpp, chromadb, onnxruntime
and HTTP errors are translated where they are called and never escape raw::

    EngineError
    ├── ModelNotFound      no model registered under that name
    ├── ModelLoadFailed    the file is missing, truncated, not GGUF, or will not load
    ├── GenerationCancelled  the caller cancelled; partial output is kept
    ├── RetrievalError     the index or embedding model failed
    ├── RemoteFailed       a remote endpoint errored, timed out or is not enabled
    └── RemoteNotAllowed   the privacy guard kept a request from leaving this machine
"""

from __future__ import annotations


class EngineError(Exception):
    """Root of every error the engine raises."""


class ModelNotFound(EngineError):
    pass


class ModelLoadFailed(EngineError):
    pass


class GenerationCancelled(EngineError):
    pass


class RetrievalError(EngineError):
    pass


class RemoteFailed(EngineError):
    pass


class RemoteNotAllowed(EngineError):
    """Raised when a request would send personal data out without the user's consent."""


# Downloads from the Hugging Face Hub (engine.hub, engine.download):
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


class NoNetwork(DownloadFailed):
    pass


class NotFoundOnHub(DownloadFailed):
    pass


class GatedModel(DownloadFailed):
    pass


class ChecksumMismatch(DownloadFailed):
    pass


class NotEnoughDisk(DownloadFailed):
    pass


class DownloadCancelled(DownloadFailed):
    pass
