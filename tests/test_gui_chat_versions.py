"""Versions in the chat on a real vault: an edited question keeps what it replaced as another
version (a branch), ‹ › on any question or answer switches, and every choice is there again
when the chat is reopened."""

from __future__ import annotations

from typing import Any

from app.gui.chat_turns import ChatTurns
from app.gui.desktop import Desktop
from engine.answering.chat import AnswerVersion, Chat, Turn, TurnMeta
from tests.gui_support import WAIT_MS
from vault import conversations as convs

pytest_plugins = ["tests.gui_fixtures"]


def _settle(qtbot: Any, d: Desktop) -> None:
    qtbot.waitUntil(lambda: d.chat.stream is None and not d.runner.busy(), timeout=WAIT_MS)


def _reopen(qtbot: Any, d: Desktop, turns: int) -> None:
    chat = d.chat
    _settle(qtbot, d)
    chat.new_chat()
    assert chat.transcript.blocks == []
    chat.refresh_list()
    qtbot.waitUntil(lambda: chat.conv_list.count() == 1, timeout=WAIT_MS)
    chat.conv_list.setCurrentRow(0)
    qtbot.waitUntil(lambda: len(chat.transcript.blocks) == turns, timeout=WAIT_MS)


def _shown(d: Desktop) -> list[str]:
    return [t.content for t in d.chat.history]


def _versions(d: Desktop) -> list[str]:
    return [b.version_label.text() if not b.version_label.isHidden() else ""
            for b in d.chat.transcript.blocks]


def test_every_version_choice_is_kept_and_an_edit_branches(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    vault = d.session.require_vault()
    store = Chat(vault)
    cid = store.ask(None, "Where is Marigold moored?")
    # The first answer was regenerated once: "At pier 7." is shown, the older one kept with it.
    store.answer(cid, "At pier 7.", TurnMeta(stopped="stop", shown_at=1, versions=(
        AnswerVersion("Pier 9, I think", TurnMeta(stopped="cancelled")),)))
    store.ask(cid, "And the winter cover?")
    store.answer(cid, "In the shed.", TurnMeta(stopped="stop"))
    _reopen(qtbot, d, 4)
    assert _versions(d) == ["", "2/2", "", ""]

    # ‹ on the first answer (not the last one): shown now, kept in the vault.
    d.chat.transcript.blocks[1].older.click()
    assert _shown(d) == ["Where is Marigold moored?", "Pier 9, I think", "And the winter cover?",
                         "In the shed."]
    _settle(qtbot, d)
    stored = convs.messages(vault, cid)
    assert [m.content for m in stored] == _shown(d)
    assert stored[1].meta["shown_at"] == 0 and stored[1].meta["versions"][0]["text"] == "At pier 7."

    # Edit the second question: the new one is asked after the turns before it; the old one and
    # its answer are version 1 of 2 (no model here, so the new one has no answer yet).
    d.chat.transcript.blocks[2].edit_button.click()
    d.chat.input.setPlainText("And the sails?")
    d.chat.send()
    _settle(qtbot, d)
    assert _shown(d) == ["Where is Marigold moored?", "Pier 9, I think", "And the sails?"]
    assert _versions(d) == ["", "1/2", "2/2"]
    assert [m.content for m in convs.messages(vault, cid)] == _shown(d)

    _reopen(qtbot, d, 3)
    assert _shown(d) == ["Where is Marigold moored?", "Pier 9, I think", "And the sails?"]
    assert _versions(d) == ["", "1/2", "2/2"]
    # ‹ on the question brings back the turns that followed it then, and that is kept too.
    d.chat.transcript.blocks[2].older.click()
    assert _shown(d)[2:] == ["And the winter cover?", "In the shed."]
    assert _versions(d) == ["", "1/2", "1/2", ""]
    _reopen(qtbot, d, 4)
    assert _shown(d) == ["Where is Marigold moored?", "Pier 9, I think", "And the winter cover?",
                         "In the shed."]
    assert _versions(d) == ["", "1/2", "1/2", ""]
    d.chat.transcript.blocks[2].newer.click()
    d.chat.transcript.blocks[1].newer.click()
    _reopen(qtbot, d, 3)
    assert _shown(d) == ["Where is Marigold moored?", "At pier 7.", "And the sails?"]
    assert _versions(d) == ["", "2/2", "2/2"]
    # The model is asked with the path shown, and search finds what is shown.
    from app.gui.chat_render import history_messages

    assert [m["content"] for m in history_messages(d.chat.history)] == _shown(d)


def test_versions_inside_a_version_survive_switching_and_the_vault(open_desktop: Desktop) -> None:
    vault = open_desktop.session.require_vault()
    store = Chat(vault)
    cid = store.ask(None, "Q1")
    for text in ("A1", "Q2", "A2"):
        (store.answer(cid, text, TurnMeta(stopped="stop")) if text.startswith("A")
         else store.ask(cid, text))
    turns = ChatTurns()
    turns.load(store.turns(cid))
    turns.edit(2, "Q2b")
    turns.history.append(Turn("assistant", "A2b", TurnMeta(stopped="stop")))
    turns.edit(0, "Q1b")
    turns.history.append(Turn("assistant", "A1b", TurnMeta(stopped="stop")))
    assert [t.content for t in turns.history] == ["Q1b", "A1b"] and turns.version(0) == (2, 2)
    assert turns.switch(0, -1)
    # The first path comes back with its own edited question, still on its second version.
    assert [t.content for t in turns.history] == ["Q1", "A1", "Q2b", "A2b"]
    assert turns.version(0) == (1, 2) and turns.version(2) == (2, 2)
    assert not turns.switch(0, -1)   # nothing older

    store.replace_from(cid, 0, turns.stored(0))
    assert [m.content for m in convs.messages(vault, cid)] == ["Q1", "A1", "Q2b", "A2b"]
    again = ChatTurns()
    again.load(store.turns(cid))
    assert [t.content for t in again.history] == ["Q1", "A1", "Q2b", "A2b"]
    assert again.version(0) == (1, 2) and again.version(2) == (2, 2)
    # The turns shown carry no versions of their own: those stay beside them.
    assert all(not t.meta.branches and not t.meta.versions for t in again.history)
    assert again.switch(2, -1) and [t.content for t in again.history] == ["Q1", "A1", "Q2", "A2"]
    assert again.switch(0, 1) and [t.content for t in again.history] == ["Q1b", "A1b"]
    assert again.switch(0, -1) and again.version(2) == (1, 2)
    assert [t.content for t in again.history] == ["Q1", "A1", "Q2", "A2"]


def test_an_edited_question_is_answered_and_the_first_answer_stays(loaded: Desktop, qtbot: Any) -> None:
    chat = loaded.chat
    chat.use_data.setChecked(False)
    with qtbot.waitSignal(chat.answer_finished, timeout=WAIT_MS):
        chat.send("Say hello to Marigold.")
    first = chat.history[1].content
    chat.transcript.blocks[0].edit_button.click()
    chat.input.setPlainText("Say goodbye to Marigold.")
    with qtbot.waitSignal(chat.answer_finished, timeout=WAIT_MS):
        chat.send()
    _settle(qtbot, loaded)
    vault = loaded.session.require_vault()
    stored = convs.messages(vault, chat.conversation_id or 0)
    assert [(m.role, m.content) for m in stored] == [("user", "Say goodbye to Marigold."),
                                                     ("assistant", chat.history[1].content)]
    assert [t["content"] for t in stored[0].meta["branches"][0]["turns"]] == [
        "Say hello to Marigold.", first]
    _reopen(qtbot, loaded, 2)
    assert _versions(loaded) == ["2/2", ""]
    chat.transcript.blocks[0].older.click()
    assert _shown(loaded) == ["Say hello to Marigold.", first]
    _reopen(qtbot, loaded, 2)
    assert _shown(loaded) == ["Say hello to Marigold.", first] and _versions(loaded) == ["1/2", ""]


def test_a_question_stored_with_damaged_versions_reads_back_what_is_whole(open_desktop: Desktop) -> None:
    vault = open_desktop.session.require_vault()
    store = Chat(vault)
    cid = store.ask(None, "Q1b")
    convs.add_message(vault, cid, "assistant", "A1b", {"stopped": "stop"})
    first = convs.messages(vault, cid)[0]
    convs.replace_messages(vault, cid, from_id=first.id, rows=[
        ("user", "Q1b", {"shown_at": 9, "branches": [
            {"turns": [{"role": "assistant", "content": "an answer cannot lead"}]},
            "garbage", {"turns": "no list"},
            {"turns": [{"role": "user", "content": "Q1", "meta": {"branches": [{"turns": []}]}},
                       {"role": "system", "content": "not a turn"},
                       {"role": "assistant", "content": "A1", "meta": {"stopped": "stop"}}]}]}),
        ("assistant", "A1b", {"stopped": "stop"})])
    turns = store.turns(cid)
    meta = turns[0].meta
    assert [[t.content for t in b.turns] for b in meta.branches] == [["Q1", "A1"]]
    assert meta.shown_at == 1 and meta.branches[0].turns[0].meta.branches == ()
    assert TurnMeta.from_stored(turns[0].as_stored()["meta"]) == meta
    shown = ChatTurns()
    shown.load(turns)
    assert shown.version(0) == (2, 2) and shown.switch(0, -1)
    assert [t.content for t in shown.history] == ["Q1", "A1"]
