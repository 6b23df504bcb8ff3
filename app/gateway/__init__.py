"""The plugin gateway: an HTTP API on a private Unix socket for paired, granted plugin apps.

``Gateway(vault).start()`` serves until ``stop()``; see :mod:`app.gateway.server`.
"""

from app.gateway.server import Gateway

__all__ = ["Gateway"]
