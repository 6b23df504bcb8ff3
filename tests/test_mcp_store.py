"""An MCP client's saved state (app.mcp.store): whole, private, shared by two processes, and a
damaged file kept aside rather than written over."""

from __future__ import annotations

import json
import multiprocessing
import stat
from pathlib import Path

from app.mcp.store import MAX_PENDING, ClientStore, SavedGrant, State

GRANT = SavedGrant("eyJ.token.sig", "g1", ("notes.read",), "until_expiry", 2e9)


def _add_pending(root: str, request_ids: list[str]) -> None:
    store = ClientStore("Editor", root=Path(root))
    for request_id in request_ids:
        store.update(lambda state, r=request_id: state.pending.append(r))


def test_state_round_trips_and_is_private(tmp_path: Path) -> None:
    store = ClientStore("Editor A", root=tmp_path)
    assert store.load() == State()                              # nothing saved yet
    saved = store.update(lambda state: state.grants.append(GRANT))
    assert saved.grants == [GRANT]
    assert ClientStore("Editor A", root=tmp_path).load() == State(grants=[GRANT])
    assert stat.S_IMODE(store.state_path.stat().st_mode) == 0o600
    assert [p.name for p in store.folder.iterdir() if "tmp" in p.name] == []


def test_two_processes_add_to_the_same_state_without_losing_a_change(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_add_pending, args=(str(tmp_path), [f"{w}-{n}" for n in range(3)]))
               for w in "ab"]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    pending = ClientStore("Editor", root=tmp_path).load().pending
    assert MAX_PENDING >= 6
    assert sorted(pending) == sorted(f"{w}-{n}" for w in "ab" for n in range(3))


def test_a_damaged_state_reads_empty_and_is_kept_aside_on_the_next_change(tmp_path: Path) -> None:
    store = ClientStore("Editor A", root=tmp_path)
    damaged = b'{"grants": [{"token": "eyJ'               # cut short
    store.state_path.write_bytes(damaged)
    assert store.load() == State()
    assert store.state_path.read_bytes() == damaged         # reading alone changes nothing
    store.update(lambda state: setattr(state, "asked", True))
    assert (store.folder / "state.json.damaged").read_bytes() == damaged
    assert json.loads(store.state_path.read_text()) == {"grants": [], "pending": [], "asked": True}
