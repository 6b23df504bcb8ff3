"""Running the plugin gateway inside the desktop app while the vault is open.

The gateway (``app.gateway.Gateway``) serves paired apps on a private Unix
socket; it is started on the vault worker after unlock when the
``gateway_enabled`` setting is on, and stopped on lock and quit. Consent
requests it records are answered through the consent dialog
(``privacy_view.ConsentWatcher``). Its models load in their own pool, only
when an app asks for an answer.
"""

from __future__ import annotations

from typing import Any

from vault import Vault


def start_gateway(vault: Vault) -> Any:
    """Start listening; raises our errors (e.g. another gateway holds the socket)."""
    from app.gateway import Gateway
    from vault.settings import get_setting

    port = int(get_setting(vault, "gateway_tcp_port") or 0)
    return Gateway(vault, tcp_port=port or None).start()


def stop_gateway(gateway: Any) -> None:
    gateway.stop()
