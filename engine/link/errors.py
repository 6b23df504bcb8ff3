"""Errors of the link between the person's devices, under the engine's ``RemoteFailed``.

::

    RemoteFailed
    └── LinkFailed      the device could not be reached, or went away mid-answer
        └── LinkRefused the device (or this one) refused: ``reason`` says why, in a stable word
"""

from __future__ import annotations

from engine.errors import RemoteFailed


class LinkFailed(RemoteFailed):
    code = "link_failed"


class LinkRefused(LinkFailed):
    """A refusal with a stable ``reason`` (``no_certificate``, ``grant_revoked``, ``pin_mismatch``…)."""

    code = "link_refused"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
