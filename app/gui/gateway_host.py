"""Running the plugin gateway inside the desktop app while the vault is open.

The gateway (``app.gateway.Gateway``) serves paired apps on a private Unix
socket; it is started on the vault worker after unlock when the
``gateway_enabled`` setting is on, and stopped on lock and quit. Consent
requests it records are answered through the consent dialog
(``privacy_view.ConsentWatcher``). It answers from the desktop's own model
pool (``app.services.Hearth``): one copy of each model in memory.

With a port (the ``gateway_tcp_port`` setting; 0 is off) it also serves tools on this computer
at ``http://127.0.0.1:PORT``. A port another program holds does not take the private socket
down with it: the gateway starts without TCP, and its ``tcp_port`` (None) says so.
"""

from __future__ import annotations

from typing import Any

from vault import Vault


def start_gateway(vault: Vault, pool: Any = None, *, tcp_port: int | None = None) -> Any:
    """Start listening; raises our errors (e.g. another gateway holds the socket).

    ``pool`` is the desktop's model pool: apps' answers use the models already in memory.
    ``tcp_port`` (default: the setting; 0 is none) adds loopback TCP when that port is free."""
    from app.gateway import Gateway
    from app.gateway.backend import Backend
    from vault.settings import get_setting

    port = int(get_setting(vault, "gateway_tcp_port") or 0) if tcp_port is None else tcp_port
    gateway = Gateway(vault, tcp_port=port or None, backend=Backend(pool=pool))
    try:
        return gateway.start()
    except OSError:
        if not port:
            raise
        gateway.stop()   # the socket it had opened before the port was refused
    return Gateway(vault, backend=Backend(pool=pool)).start()


def stop_gateway(gateway: Any) -> None:
    gateway.stop()
