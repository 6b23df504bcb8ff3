"""An unmodified MCP client (the official SDK's stdio client) driving a real ``hearth mcp`` process.

The server runs as ``python -m app mcp`` with the environment a desktop MCP client gives it:
``PATH`` and ``HOME`` (plus the test's Hearth home and runtime dir, which a configuration may
set), no passphrase. Its stderr goes to a file the test can show when something fails.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import mcp_types as types
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from identity import consent
from vault import Vault

REPO = Path(__file__).resolve().parent.parent


def server_env() -> dict[str, str]:
    env = {k: os.environ[k] for k in ("PATH", "HEARTH_HOME", "HEARTH_RUNTIME_DIR", "TMPDIR")
           if k in os.environ}
    env["HOME"] = os.environ["HEARTH_HOME"]
    return env


class McpClient:
    """A connected ClientSession that counts the server's tool-list-changed notifications."""

    def __init__(self, session: ClientSession, errlog: Path) -> None:
        self.session = session
        self.errlog = errlog
        self.list_changes = 0
        self._changed = anyio.Event()

    async def on_message(self, message: Any) -> None:
        if isinstance(message, types.ToolListChangedNotification):
            self.list_changes += 1
            self._changed.set()

    async def wait_list_changed(self, timeout: float = 15.0) -> None:
        with anyio.fail_after(timeout):
            await self._changed.wait()
        self._changed = anyio.Event()

    async def tools(self) -> set[str]:
        return {t.name for t in (await self.session.list_tools()).tools}

    async def call(self, name: str, arguments: dict[str, Any] | None = None) -> types.CallToolResult:
        return await self.session.call_tool(name, arguments or {})

    async def ok(self, name: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        result = await self.call(name, arguments)
        assert not result.is_error, f"{name}: {text_of(result)}\n{self.errlog.read_text()}"
        data = json.loads(text_of(result))
        assert result.structured_content == data
        return dict(data)

    async def refused(self, name: str, arguments: dict[str, Any] | None = None) -> str:
        result = await self.call(name, arguments)
        assert result.is_error, text_of(result)
        text = text_of(result)
        assert "Traceback" not in text
        return text


def text_of(result: types.CallToolResult) -> str:
    return "".join(c.text for c in result.content if isinstance(c, types.TextContent))


@asynccontextmanager
async def mcp_client(name: str | None, errlog: Path, *, use_flag: bool = True,
                     extra_args: tuple[str, ...] = ()) -> AsyncIterator[McpClient]:
    """``hearth mcp`` for a client called ``name`` (by ``--client``, or by its clientInfo)."""
    args = ["-m", "app", "mcp", *(("--client", name) if use_flag and name else ()), *extra_args]
    params = StdioServerParameters(command=sys.executable, args=args, env=server_env(), cwd=str(REPO))
    with errlog.open("a") as err:
        async with stdio_client(params, errlog=err) as (read, write):
            holder: list[McpClient] = []

            async def handler(message: Any) -> None:
                if holder:
                    await holder[0].on_message(message)

            info = types.Implementation(name=name or "mcp", version="1.0")
            async with ClientSession(read, write, message_handler=handler, client_info=info) as session:
                client = McpClient(session, errlog)
                holder.append(client)
                await session.initialize()
                yield client


async def pending_request(vault: Vault, app_name: str, *, timeout: float = 20.0) -> consent.ConsentRequest:
    """The consent request an app made (what the consent dialog would show), once it arrives."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for r in consent.pending_requests(vault):
            if r.app is not None and r.app.name == app_name:
                return r
        await anyio.sleep(0.1)
    raise AssertionError(f"no consent request from {app_name!r}")


async def approve_first(vault: Vault, app_name: str, scopes: list[str]) -> None:
    """The person answers the client's first request, narrowed to ``scopes``."""
    consent.approve(vault, (await pending_request(vault, app_name)).id, scopes=scopes)
