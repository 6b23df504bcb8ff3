"""What a tool call can fail with, as the MCP client sees it: one sentence that says what to do.

::

    ToolError                   a deliberate refusal, sent as the tool's error text (``is_error``)
    ├── Unavailable             Hearth is not running, or locked: start it / unlock it
    ├── Refused                 the gateway said no (not granted, revoked, expired…); ``code`` is its code
    └── BadArguments            the arguments do not fit the tool's schema or its bounds

Gateway replies and httpx's transport errors become these in :mod:`app.mcp.link` and nowhere
else; anything that is not a ``ToolError`` is a bug, logged on stderr and answered with a short
"internal error" text (never a traceback).
"""

from __future__ import annotations


class ToolError(Exception):
    """Root: a refusal written for the person reading the MCP client."""


class Unavailable(ToolError):
    pass


class Refused(ToolError):
    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class BadArguments(ToolError):
    pass
