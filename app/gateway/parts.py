"""What a request's handler and routes use of the gateway that serves it.

``Gateway`` (``app.gateway.server``) builds a handler class per gateway and gives it itself; the
handler (``app.gateway.handler``) and the routes (``app.gateway.routes``) see it only through
:class:`GatewayParts`, so neither imports the server that imports them.
"""

from __future__ import annotations

from typing import Protocol

from app.gateway.auth import Authoriser
from app.gateway.backend import Backend
from app.gateway.connections import Connections
from identity.pairing import Pairing
from vault import Vault


class GatewayParts(Protocol):
    vault: Vault
    backend: Backend
    pairing: Pairing
    auth: Authoriser
    connections: Connections
    tcp_port: int | None
    idle_timeout: float
    request_timeout: float
    max_body: int
