"""Chats from other assistants: ChatGPT and Claude exports built to the published formats."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from tests.retrieval_fixtures import embedder_fixture, vault_fixture  # noqa: F401 - fixtures
from vault import Vault, kinds
from vault.conversations import imported_conversations, list_conversations, messages
from vault.sources import forget, import_paths, list_sources


def chatgpt_conversation(title: str, turns: list[tuple[str, str]], *, created: float,
                         branch: str | None = None) -> dict[str, Any]:
    """A conversation as ChatGPT's conversations.json holds it: a tree of nodes, the branch
    shown ending at current_node; ``branch`` adds an edited-away reply beside the last one."""
    mapping: dict[str, Any] = {"root": {"id": "root", "message": None, "parent": None, "children": []}}
    parent = "root"
    for i, (role, text) in enumerate(turns):
        node = f"n{i}"
        mapping[node] = {"id": node, "parent": parent, "children": [], "message": {
            "id": node, "author": {"role": role, "name": None, "metadata": {}},
            "create_time": created + i, "update_time": None,
            "content": {"content_type": "text", "parts": [text]},
            "status": "finished_successfully", "end_turn": True, "weight": 1.0, "metadata": {},
            "recipient": "all"}}
        mapping[parent]["children"].append(node)
        parent = node
    if branch is not None:
        last = mapping[parent]["parent"]
        mapping["old"] = {"id": "old", "parent": last, "children": [], "message": {
            "id": "old", "author": {"role": "assistant"}, "create_time": created,
            "content": {"content_type": "text", "parts": [branch]}}}
        mapping[last]["children"].insert(0, "old")
    # An image the person attached, and the system prompt: both skipped and counted.
    mapping["n0"]["message"]["content"] = {"content_type": "multimodal_text", "parts": [
        {"content_type": "image_asset_pointer", "asset_pointer": "file-service://x"}, turns[0][1]]}
    return {"title": title, "create_time": created, "update_time": created + 100, "mapping": mapping,
            "moderation_results": [], "current_node": parent, "conversation_id": title.lower(),
            "id": title.lower(), "is_archived": False}


def claude_conversation(name: str, turns: list[tuple[str, str]]) -> dict[str, Any]:
    return {"uuid": name.lower().replace(" ", "-"), "name": name,
            "created_at": "2024-05-01T12:00:00.000000Z", "updated_at": "2024-05-01T12:30:00.000000Z",
            "account": {"uuid": "acct"},
            "chat_messages": [{"uuid": f"m{i}", "text": text, "sender": sender,
                               "created_at": f"2024-05-01T12:{i:02d}:00.000000Z",
                               "updated_at": f"2024-05-01T12:{i:02d}:00.000000Z",
                               "content": [{"type": "text", "text": text}],
                               "attachments": [], "files": []}
                              for i, (sender, text) in enumerate(turns)]}


SOURDOUGH = [("user", "How long should my sourdough starter ferment before baking?"),
             ("assistant", "Feed it and wait until it doubles, usually 6 to 8 hours at 24 degrees.")]
BIKE = [("user", "My bike chain keeps slipping on the third sprocket."),
        ("assistant", "Adjust the barrel adjuster a quarter turn and check the derailleur hanger.")]


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_chatgpt_zip_becomes_conversations_and_a_searchable_forgettable_source(
        vault: Vault, tmp_path: Path) -> None:
    items = [chatgpt_conversation("Sourdough timing", SOURDOUGH, created=1_700_000_000,
                                  branch="An old answer about rye flour that was regenerated."),
             chatgpt_conversation("Bike chain", BIKE, created=1_700_100_000),
             {"title": "Empty", "mapping": {}, "current_node": None}]
    export = write_zip(tmp_path / "chatgpt-export.zip", {
        "conversations.json": json.dumps(items).encode(), "chat.html": b"<html></html>",
        "user.json": b"{}"})
    result = import_paths(vault, [export]).results[0]
    assert result.status == "added", result.reason
    assert "2 ChatGPT conversation(s)" in result.reason
    assert "1 images and files" in result.reason or "images and files" in result.reason
    assert "edited-away" in result.reason and "no text" in result.reason

    source = list_sources(vault)[0]
    assert source.kind == "chat-export" and source.documents == 2
    kinds_stored = {r[0] for r in vault.query("SELECT kind FROM documents")}
    assert kinds_stored == {kinds.CHAT} and kinds.class_of(kinds.CHAT) == "chats"
    hits = vault.query("SELECT c.text FROM chunks_fts f JOIN chunks c ON c.id = f.rowid "
                       "WHERE chunks_fts MATCH 'derailleur'")
    assert len(hits) == 1 and "Me: My bike chain" in hits[0][0]
    # The branch the person last saw, not the regenerated-away one.
    assert not vault.query("SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH 'rye'")

    convs = imported_conversations(vault, source.id)
    assert [c.title for c in convs] == ["Sourdough timing", "Bike chain"]
    assert convs[0].model == "chatgpt" and convs[0].created_at == 1_700_000_000
    said = messages(vault, convs[0].id)
    assert [(m.role, m.content) for m in said] == SOURDOUGH
    assert any(c.title == "Bike chain" for c in list_conversations(vault, search="sprocket"))

    forget(vault, source.id)
    assert imported_conversations(vault, source.id) == []
    assert vault.query_one("SELECT count(*) FROM messages")[0] == 0
    assert vault.query_one("SELECT count(*) FROM chunks")[0] == 0


def test_split_chatgpt_export_reads_every_part_and_reports_a_broken_one(
        vault: Vault, tmp_path: Path) -> None:
    part0 = [chatgpt_conversation("Sourdough timing", SOURDOUGH, created=1_700_000_000)]
    part1 = [chatgpt_conversation("Bike chain", BIKE, created=1_700_100_000)]
    broken = json.dumps(part1).encode()[:-40]  # cut short, as a failed download leaves it
    export = write_zip(tmp_path / "export.zip", {
        "conversations-000.json": json.dumps(part0).encode(),
        "conversations-001.json": json.dumps(part1).encode(),
        "conversations-002.json": broken})
    result = import_paths(vault, [export]).results[0]
    assert result.status == "added"
    assert "2 ChatGPT conversation(s)" in result.reason
    assert "unreadable part conversations-002.json" in result.reason
    assert {c.title for c in list_conversations(vault)} == {"Sourdough timing", "Bike chain"}


def test_claude_export_zip_and_json(vault: Vault, tmp_path: Path) -> None:
    items = [claude_conversation("Sourdough", [("human", SOURDOUGH[0][1]),
                                               ("assistant", SOURDOUGH[1][1])]),
             claude_conversation("Nothing said", [])]
    items[0]["chat_messages"][0]["files"] = [{"file_name": "starter.jpg"}]
    export = write_zip(tmp_path / "claude.zip", {"conversations.json": json.dumps(items).encode(),
                                                  "users.json": b"[]", "projects.json": b"[]"})
    result = import_paths(vault, [export]).results[0]
    assert result.status == "added" and "1 Claude conversation(s)" in result.reason
    assert "1 images and files" in result.reason and "1 conversations with no text" in result.reason
    conv = list_conversations(vault)[0]
    assert conv.model == "claude" and [m.role for m in messages(vault, conv.id)] == ["user", "assistant"]

    plain = tmp_path / "conversations.json"
    plain.write_text(json.dumps(items[:1]))
    assert import_paths(vault, [plain]).results[0].status == "added"
    assert len(list_conversations(vault)) == 2
    # Re-importing the unchanged file does nothing; a changed one replaces its conversations.
    assert import_paths(vault, [plain]).results[0].status == "unchanged"
    items[0]["name"] = "Sourdough, renamed"
    plain.write_text(json.dumps(items[:1]))
    assert import_paths(vault, [plain]).results[0].status == "updated"
    assert sorted(c.title for c in list_conversations(vault)) == ["Sourdough", "Sourdough, renamed"]


def test_broken_and_foreign_files_are_skipped_with_a_reason(vault: Vault, tmp_path: Path) -> None:
    (tmp_path / "cut.zip").write_bytes(write_zip(tmp_path / "x.zip", {
        "conversations.json": b"[]" * 1000}).read_bytes()[:60])
    write_zip(tmp_path / "photos.zip", {"a.jpg": b"\xff\xd8"})
    write_zip(tmp_path / "allbroken.zip", {"conversations.json": b"[{\"mapping\": "})
    (tmp_path / "package.json").write_text('{"name": "x"}')
    (tmp_path / "garbled.json").write_text('[{"mapping": {"a": 1}, "current_node": "a"}]')
    report = import_paths(vault, [tmp_path])
    reasons = {Path(r.path).name: (r.status, r.reason) for r in report.results}
    assert reasons["cut.zip"][0] == "skipped" and "not a readable zip" in reasons["cut.zip"][1]
    assert reasons["photos.zip"][0] == "skipped"
    assert "not a ChatGPT or Claude export" in reasons["photos.zip"][1]
    assert reasons["allbroken.zip"][0] == "skipped" and "damaged" in reasons["allbroken.zip"][1]
    assert reasons["package.json"][0] == "skipped"
    assert reasons["garbled.json"][0] == "skipped"
    assert "no readable conversation" in reasons["garbled.json"][1]
    assert list_sources(vault) == [] and list_conversations(vault) == []


def test_imported_chats_answer_a_search(vault: Vault, tmp_path: Path, embedder: Any) -> None:
    from engine.search.retrieval import Retriever

    export = write_zip(tmp_path / "export.zip", {"conversations.json": json.dumps(
        [chatgpt_conversation("Bike chain", BIKE, created=1_700_100_000),
         chatgpt_conversation("Sourdough timing", SOURDOUGH, created=1_700_000_000)]).encode()})
    with Retriever.open(vault, embedder=embedder) as retriever:
        retriever.ingest([export])
        hits = retriever.search("how long does the starter need to rise", limit=3)
        assert hits and hits[0].title.endswith("Sourdough timing") and hits[0].doc_kind == kinds.CHAT
        # A plugin confined to documents never sees chats: the class is its own.
        assert retriever.search("sourdough starter", kinds=kinds.kinds_of(["documents"])) == []
