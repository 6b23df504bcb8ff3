"""An MCP client that calls itself by another client's name gets an identity of its own, not the
other's grants: the official SDK's stdio client drives real ``hearth mcp`` processes."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import mcp_types as types
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from app.mcp.store import ClientStore, folder_name
from identity import consent
from tests.identity_fixtures import gateway, vault
from tests.mcp_support import REPO, McpClient, pending_request, server_env
from vault.notes import add_note

__all__ = ["gateway", "vault"]

NAME = "Trusted editor"


@asynccontextmanager
async def started_by(launcher: list[str], errlog: Path, *, flag: bool = False) -> AsyncIterator[McpClient]:
    """``hearth mcp`` started through ``launcher`` (another program), the client naming itself NAME."""
    command = [*launcher, sys.executable, "-m", "app", "mcp", *(("--client", NAME) if flag else ())]
    params = StdioServerParameters(command=command[0], args=command[1:], env=server_env(), cwd=str(REPO))
    with errlog.open("a") as err:
        async with stdio_client(params, errlog=err) as (read, write):
            holder: list[McpClient] = []

            async def handler(message: Any) -> None:
                if holder:
                    await holder[0].on_message(message)

            info = types.Implementation(name=NAME, version="1.0")
            async with ClientSession(read, write, message_handler=handler, client_info=info) as session:
                client = McpClient(session, errlog)
                holder.append(client)
                await session.initialize()
                yield client


@pytest.mark.skipif(shutil.which("timeout") is None, reason="needs coreutils' timeout as a second program")
def test_a_client_using_another_clients_name_does_not_get_its_grants(gateway, vault, tmp_path):
    add_note(vault, "The spare key is under the blue pot.")
    impostor_program = [str(Path(shutil.which("timeout") or "timeout").resolve()), "300"]

    async def scenario() -> None:
        async with started_by([], tmp_path / "trusted.log") as trusted:
            first = await pending_request(vault, f"{NAME} (MCP)")
            consent.approve(vault, first.id, scopes=["notes.read"])
            await trusted.wait_list_changed()
            assert "blue pot" in (await trusted.ok("read_notes", {}))["notes"][0]["text"]
        trusted_did = first.app_did

        # Another program, the same self-declared name: a new identity that has to ask.
        async with started_by(impostor_program, tmp_path / "impostor.log") as impostor:
            asked = await _request_from_another(vault, trusted_did)
            assert asked.app is not None and asked.app.name == f"{NAME} (MCP)"
            assert asked.app.claimed_exe_path == impostor_program[0]
            assert await impostor.tools() == {"request_access"}
            refused = await impostor.refused("read_notes", {})
            assert "blue pot" not in refused and "not been allowed" in refused
            consent.deny(vault, asked.id)

        # The same program naming it in its configuration (--client) is not the self-named one either.
        async with started_by([], tmp_path / "configured.log", flag=True) as configured:
            other = await _request_from_another(vault, trusted_did)
            assert await configured.tools() == {"request_access"}
            consent.deny(vault, other.id)

        # The first client, started again, still has its grant.
        async with started_by([], tmp_path / "trusted.log") as again:
            assert await again.tools() == {"request_access", "read_notes"}

    anyio.run(scenario)


async def _request_from_another(vault: Any, not_did: str) -> consent.ConsentRequest:
    with anyio.fail_after(20):
        while True:
            for r in consent.pending_requests(vault):
                if r.app_did != not_did:
                    return r
            await anyio.sleep(0.1)


def test_folders_follow_the_name_the_program_and_who_named_it(tmp_path):
    made = {folder_name(NAME, program="/usr/bin/a"), folder_name(NAME, program="/usr/bin/b"),
            folder_name(NAME, program="/usr/bin/a", declared=True),
            folder_name("Other", program="/usr/bin/a")}
    assert len(made) == 4 and all(f.startswith(("trusted-editor-", "other-")) for f in made)
    a = ClientStore(NAME, root=tmp_path, program="/usr/bin/a")
    assert ClientStore(NAME, root=tmp_path, program="/usr/bin/a").key.did == a.key.did
    assert ClientStore(NAME, root=tmp_path, program="/usr/bin/b").key.did != a.key.did
    assert ClientStore(NAME, root=tmp_path, program="/usr/bin/a", declared=True).key.did != a.key.did


def test_a_folder_from_before_goes_to_the_first_program_naming_it_in_its_configuration(tmp_path):
    from identity.keys import Keypair

    legacy = tmp_path / "trusted-editor"
    legacy.mkdir(mode=0o700)
    old = Keypair.generate()
    (legacy / "key.jwk").write_text(old.jwk)
    # A client that only calls itself so does not take it...
    assert ClientStore(NAME, root=tmp_path, program="/usr/bin/b", declared=True).key.did != old.did
    assert legacy.exists()
    # ...the configured one does, and keeps it.
    assert ClientStore(NAME, root=tmp_path, program="/usr/bin/a").key.did == old.did
    assert not legacy.exists()
    assert ClientStore(NAME, root=tmp_path, program="/usr/bin/a").key.did == old.did
    assert ClientStore(NAME, root=tmp_path, program="/usr/bin/c").key.did != old.did
