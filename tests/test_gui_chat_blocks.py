"""The chat's blocks and keys on a real open vault: Enter/Shift+Enter/Tab/Esc, edit and resend,
versions, the source viewer, dates and numbers as a person reads them (no model needed)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLabel, QPushButton

from app.gui.chat_blocks import MessageBlock
from app.gui.chat_render import block_model
from app.gui.desktop import Desktop
from app.gui.source_viewer import SourceViewer
from engine.answering.chat import Chat, QuoteRef, SourceRef, Turn, TurnMeta
from tests.gui_support import WAIT_MS
from vault import conversations as convs

pytest_plugins = ["tests.gui_fixtures"]


def _settle(qtbot: Any, d: Desktop) -> None:
    qtbot.waitUntil(lambda: d.chat.stream is None and not d.runner.busy(), timeout=WAIT_MS)


def test_enter_sends_shift_enter_breaks_tab_moves_on(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    d.window.show()
    qtbot.waitExposed(d.window)
    chat = d.chat
    chat.input.setFocus()
    qtbot.keyClicks(chat.input, "Where is the boat")
    qtbot.keyClick(chat.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(chat.input, "moored?")
    assert chat.input.toPlainText() == "Where is the boat\nmoored?"
    assert chat.history == []
    qtbot.keyClick(chat.input, Qt.Key.Key_Tab)
    assert "\t" not in chat.input.toPlainText()
    assert chat.focusWidget() is not chat.input and chat.send_button.hasFocus()
    chat.input.setFocus()
    qtbot.keyClick(chat.input, Qt.Key.Key_Return)
    # Sent: the question is a block of its own, the box is empty (no model here: it says so).
    assert chat.input.toPlainText() == ""
    assert chat.history[0] == Turn("user", "Where is the boat\nmoored?")
    _settle(qtbot, d)
    assert "no model is loaded yet" in chat.banner.text()
    assert "Where is the boat\nmoored?" in chat.transcript_text()


def test_help_menu_lists_the_keys(open_desktop: Desktop) -> None:
    words = open_desktop.window.shortcuts_text()
    for key in ("Enter", "Shift+Enter", "Esc", "Tab", "Ctrl+N", "Ctrl+L"):
        assert key in words, words
    titles = [a.text() for a in open_desktop.window.menuBar().actions()]
    assert "&Help" in titles


def _stored_chat(d: Desktop) -> int:
    vault = d.session.require_vault()
    chat = Chat(vault)
    cid = chat.ask(None, "Where is Marigold moored?")
    chat.answer(cid, "At pier 7.", TurnMeta(stopped="stop"))
    chat.ask(cid, "And the winter cover?")
    chat.answer(cid, "In the shed.", TurnMeta(stopped="stop"))
    return int(cid)


def test_edit_and_resend_keeps_what_came_after_as_the_earlier_version(
        open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    cid = _stored_chat(d)
    chat = d.chat
    chat.refresh_list()
    qtbot.waitUntil(lambda: chat.conv_list.count() == 1, timeout=WAIT_MS)
    chat.conv_list.setCurrentRow(0)
    qtbot.waitUntil(lambda: len(chat.transcript.blocks) == 4, timeout=WAIT_MS)
    first = chat.transcript.blocks[0]
    assert not first.edit_button.isHidden() and chat.transcript.blocks[1].edit_button.isHidden()
    assert first.version_label.isHidden()
    first.edit_button.click()
    assert chat.input.toPlainText() == "Where is Marigold moored?" and chat.editing == 0
    # Esc leaves the question as it was.
    qtbot.keyClick(chat.input, Qt.Key.Key_Escape)
    assert chat.editing is None and chat.input.toPlainText() == "" and len(chat.history) == 4
    first = chat.transcript.blocks[0]
    first.edit_button.click()
    chat.input.setPlainText("Where is the dinghy moored?")
    qtbot.keyClick(chat.input, Qt.Key.Key_Return)
    # The model sees the new question alone; the old one and its answers are version 1 of 2.
    assert [t.content for t in chat.history] == ["Where is the dinghy moored?"]
    _settle(qtbot, d)
    first = chat.transcript.blocks[0]
    assert first.version_label.text() == "2/2" and not first.version_label.isHidden()
    assert first.older.isEnabled() and not first.newer.isEnabled()
    stored = convs.messages(d.session.require_vault(), cid)
    assert [(m.role, m.content) for m in stored] == [("user", "Where is the dinghy moored?")]
    assert stored[0].meta["shown_at"] == 1
    assert [t["content"] for t in stored[0].meta["branches"][0]["turns"]] == [
        "Where is Marigold moored?", "At pier 7.", "And the winter cover?", "In the shed."]


def test_versions_switch_and_the_shown_one_is_kept(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    chat = d.chat
    q = Turn("user", "Name the boat.")
    old = Turn("assistant", "Marigold, I think", TurnMeta(stopped="cancelled"))
    new = Turn("assistant", "It is called Marigold.", TurnMeta(stopped="stop"))
    chat.history = [q, new]
    chat.versions = {1: [old, new]}
    chat._render()
    block = chat.transcript.blocks[1]
    assert block.version_label.text() == "2/2" and not block.newer.isEnabled()
    assert not block.regen_button.isHidden()
    block.older.click()
    block = chat.transcript.blocks[1]
    assert chat.history[1] is old and block.version_label.text() == "1/2"
    assert not block.stopped.isHidden() and "Stopped" in chat.transcript_text()
    assert "Marigold, I think" in chat.transcript_text() and "It is called" not in chat.transcript_text()
    block.newer.click()
    assert chat.history[1] is new and chat.transcript.blocks[1].stopped.isHidden()


def _reopen(qtbot: Any, chat: Any, turns: int) -> None:
    chat.new_chat()
    assert chat.transcript.blocks == []
    chat.refresh_list()
    qtbot.waitUntil(lambda: chat.conv_list.count() == 1, timeout=WAIT_MS)
    chat.conv_list.setCurrentRow(0)
    qtbot.waitUntil(lambda: len(chat.transcript.blocks) == turns, timeout=WAIT_MS)


def test_versions_and_the_headline_come_back_when_the_chat_is_reopened(
        open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    cid = _stored_chat(d)
    chat = d.chat
    _reopen(qtbot, chat, 4)
    # Stored before versions were kept: no ‹ › on them.
    assert all(b.older.isHidden() and b.version_label.isHidden() for b in chat.transcript.blocks)
    # Regenerate left two versions of the last answer; the newer one led with a headline.
    old = chat.history[3]
    new = Turn("assistant", "Shed 2\n\nThe winter cover is in shed 2.",
               TurnMeta(stopped="stop", headline_text="Shed 2"))
    chat.history[3], chat.versions = new, {3: [old, new]}
    chat._render()
    chat.transcript.blocks[3].older.click()
    _settle(qtbot, d)
    stored = convs.messages(d.session.require_vault(), cid)
    assert [m.content for m in stored][2:] == ["And the winter cover?", "In the shed."]
    assert [v["text"] for v in stored[3].meta["versions"]] == [new.content]
    assert stored[3].meta["shown_at"] == 0
    assert stored[3].meta["versions"][0]["meta"]["headline_text"] == "Shed 2"

    _reopen(qtbot, chat, 4)
    block = chat.transcript.blocks[3]
    assert block.version_label.text() == "1/2" and not block.version_label.isHidden()
    assert not block.older.isEnabled() and block.newer.isEnabled()
    assert "In the shed." in chat.transcript_text() and "shed 2" not in chat.transcript_text()
    block.newer.click()
    block = chat.transcript.blocks[3]
    assert block.version_label.text() == "2/2" and not block.newer.isEnabled()
    # The headline reads as it did live: large, above the rest, not as a first paragraph.
    assert block.headline.text() == "Shed 2" and not block.headline.isHidden()
    assert block.body.toPlainText().strip() == "The winter cover is in shed 2."
    _settle(qtbot, d)
    stored = convs.messages(d.session.require_vault(), cid)
    assert stored[3].content == new.content and stored[3].meta["shown_at"] == 1
    assert [v["text"] for v in stored[3].meta["versions"]] == ["In the shed."]
    assert len(stored) == 4

    _reopen(qtbot, chat, 4)
    block = chat.transcript.blocks[3]
    assert block.version_label.text() == "2/2" and block.headline.text() == "Shed 2"
    assert chat.history[3].content == new.content and chat.history[3].meta.versions == ()
    # The model sees the shown version only.
    from app.gui.chat_render import history_messages

    assert history_messages(chat.history)[3] == {"role": "assistant", "content": new.content}


def test_a_stored_answer_with_versions_reads_back_and_bad_ones_are_ignored(open_desktop: Desktop) -> None:
    vault = open_desktop.session.require_vault()
    chat = Chat(vault)
    cid = chat.ask(None, "Name the boat.")
    convs.add_message(vault, cid, "assistant", "Marigold.", {
        "stopped": "stop", "headline_text": "Marigold", "shown_at": 7,
        "versions": [{"text": "Marigold, I think", "meta": {"stopped": "cancelled", "versions": [{}]}},
                     "garbage"]})
    meta = chat.turns(cid)[1].meta
    assert meta.headline_text == "Marigold" and meta.shown_at == 1   # past the end: the last
    assert [(v.text, v.meta.stopped, v.meta.versions) for v in meta.versions] == [
        ("Marigold, I think", "cancelled", ())]
    assert TurnMeta.from_stored(meta.as_stored()) == meta


def test_the_footer_says_your_device_for_a_paired_one_and_online_for_a_remote_model() -> None:
    from app.gui.chat_render import footer_text

    timed = {"timings": {"generation_s": 2.0}, "tokens": {"completion": 40}}
    device = TurnMeta(model="desk", route="desk (your device, general): you chose this model", **timed)
    assert footer_text(device) == "On your device desk · 20.0 tokens/s"
    chosen = TurnMeta(model="desk", route="desk (your device desk, general): you chose this model")
    assert footer_text(chosen) == "On your device desk"
    # Routed there: the device by name, and its model when it has one of its own name.
    routed = TurnMeta(model="desk/qwen3-0.6b", route="desk/qwen3-0.6b (your device desk, fact): "
                                                     "rule: desk", **timed)
    assert footer_text(routed).startswith("On your device desk · Qwen3 0.6B"), footer_text(routed)
    assert "online model" not in footer_text(routed) and "picked automatically" in footer_text(routed)
    plain = TurnMeta(model="desk/default", route="desk/default (your device desk, fact): rule: desk")
    assert footer_text(plain).split(" · ")[0] == "On your device desk"
    remote = TurnMeta(model="gpt-4o-mini", route="gpt-4o-mini (remote, general): you chose this model")
    assert "online model" in footer_text(remote) and "your device" not in footer_text(remote)


def test_copy_puts_the_answer_with_its_quote_and_source(open_desktop: Desktop) -> None:
    from PySide6.QtGui import QGuiApplication

    chat = open_desktop.chat
    src = SourceRef.from_dict({"n": 3, "kind": "chunk", "title": "Boat", "path": "/x/boat.md"})
    meta = TurnMeta(sources=(src,), quotes=(QuoteRef("Marigold is at pier 7.", 3, "/x/boat.md", "Boat"),),
                    headline="quote", model="default")
    chat.history = [Turn("user", "Where?"), Turn("assistant", "Pier 7 [3].", meta)]
    chat._render()
    chat.transcript.blocks[1].copy_button.click()
    assert QGuiApplication.clipboard().text() == \
        "“Marigold is at pier 7.” [1]\n— Boat\n\nPier 7 [1].\n\nSources: [1] Boat"


def test_a_source_a_quote_card_names_is_not_listed_again(open_desktop: Desktop, qtbot: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    chat = open_desktop.chat
    boat_text = "Our sailing boat is named Marigold and is moored at pier 7."
    boat = SourceRef.from_dict({"n": 1, "kind": "chunk", "title": "boat", "path": "/x/boat.md"})
    garden = SourceRef.from_dict({"n": 2, "kind": "chunk", "title": "garden", "path": "/x/garden.txt"})
    card = QuoteRef(boat_text, 1, "/x/boat.md", "boat")
    # One card from boat, boat the only source: no Sources row under it.
    alone = TurnMeta(sources=(boat,), quotes=(card,), headline="quote", model="default")
    chat.history = [Turn("user", "Where is the boat?"), Turn("assistant", "At pier 7 [1].", alone)]
    chat._render()
    block = chat.transcript.blocks[1]
    assert block.source_buttons == [] and "Sources:" not in block.plain_text(), block.plain_text()
    assert [b.text() for c in block.cards for b in c.findChildren(QPushButton)] == ["— boat"]
    assert not [w for w in block.findChildren(QLabel) if w.text() == "Sources:"]
    # Copy still lists every source.
    block.copy_button.click()
    assert QGuiApplication.clipboard().text().endswith("\n\nSources: [1] boat")
    # Two sources, a card from boat only: the row lists garden alone, and it opens garden.
    both = TurnMeta(sources=(boat, garden), quotes=(card,), headline="quote", model="default")
    chat.history = [Turn("user", "Boat and garden?"), Turn("assistant", "Pier 7 [1]; 3 May [2].", both)]
    chat._render()
    block = chat.transcript.blocks[1]
    assert [b.text() for b in block.source_buttons] == ["[2] garden"]
    shown = block.plain_text()
    assert "— boat" in shown and "[1] boat" not in shown and "Sources: [2] garden" in shown, shown
    block.source_buttons[0].click()
    qtbot.waitUntil(lambda: chat.viewer is not None, timeout=WAIT_MS)
    assert chat.viewer is not None and chat.viewer.title.text() == "garden"
    block.copy_button.click()
    assert QGuiApplication.clipboard().text().endswith("Sources: [1] boat; [2] garden")


def test_source_viewer_renders_highlights_and_opens_the_file(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "pepper.md"
    text = "# Our dog Pepper\n\nPepper is a *border collie*. She was born on 2 May 2019 in Cork.\n"
    path.write_text(text, encoding="utf-8")
    src = {"n": 1, "kind": "chunk", "title": "Our dog Pepper", "path": str(path),
           "location": "Our dog Pepper"}
    viewer = SourceViewer(src, text, ["She was born on 2 May 2019 in Cork."])
    qtbot.addWidget(viewer)
    shown = viewer.passage.toPlainText()
    assert "#" not in shown and "*" not in shown and shown.startswith("Our dog Pepper")
    assert viewer.title.text() == "Our dog Pepper"
    marks = viewer.passage.extraSelections()
    assert [m.cursor.selectedText() for m in marks] == ["She was born on 2 May 2019 in Cork."]
    opened: list[str] = []
    viewer.opener = lambda p: opened.append(p) or True
    assert viewer.open_button.isEnabled()
    viewer.open_button.click()
    assert opened == [str(path)]
    gone = SourceViewer({"title": "Old", "path": str(tmp_path / "gone.md")}, "", [])
    qtbot.addWidget(gone)
    assert not gone.open_button.isEnabled() and "no longer" in gone.passage.toPlainText()


def test_a_source_click_opens_the_viewer(open_desktop: Desktop, qtbot: Any) -> None:
    chat = open_desktop.chat
    src = SourceRef.from_dict({"n": 2, "kind": "memory", "text": "The spare key is under the pot."})
    meta = TurnMeta(sources=(src,), quotes=(QuoteRef("The spare key is under the pot.", 2),))
    chat.history = [Turn("user", "Where is the key?"), Turn("assistant", "Under the pot [2].", meta)]
    chat._render()
    block = chat.transcript.blocks[1]
    assert [b.text() for b in block.source_buttons] == ["[1] Memory: The spare key is under the pot."]
    block.source_buttons[0].click()
    qtbot.waitUntil(lambda: chat.viewer is not None, timeout=WAIT_MS)
    assert chat.viewer is not None
    assert [m.cursor.selectedText() for m in chat.viewer.passage.extraSelections()] == \
        ["The spare key is under the pot."]


def test_times_labels_and_speed_read_as_a_person_would(qtbot: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("TZ", "Europe/Dublin")
    time.tzset()
    before = QLocale()
    QLocale.setDefault(QLocale("en_GB"))
    try:
        quote = QuoteRef("When: 2026-12-04T17:00+00:00 to 2026-12-04T18:00+00:00", 2, "/c/cal.ics",
                         "Dentist")
        src = SourceRef.from_dict({"n": 2, "title": "Quote for the kitchen sink", "path": "/m/x.eml",
                                   "location": "2026-11-10 — Quote for the kitchen sink"})
        meta = TurnMeta(sources=(src,), quotes=(quote,), model="default",
                        route="default (local, quick): you chose this model",
                        timings={"generation_s": 0.0004}, tokens={"completion": 1})
        block = MessageBlock(block_model(Turn("assistant", "At 17:00 [2].", meta)))
        qtbot.addWidget(block)
        shown = block.plain_text()
        assert "“When: Friday, 4 December 2026, 17:00 – 18:00” [1]" in shown, shown
        assert "[1] Quote for the kitchen sink (Tuesday, 10 November 2026)" in shown, shown
        assert "T17:00" not in shown and "kitchen sink (2026" not in shown
        # A quote-only answer made no text to time: no speed, and the model by its name.
        assert block.footer.text() == "SmolLM2 135M (built in)"
    finally:
        QLocale.setDefault(before)
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.parametrize("name", ["<b style=color:red>WARNING</b>"])
def test_download_confirmation_shows_outside_names_as_text(qtbot: Any, name: str) -> None:
    from app.gui.catalog_panel import confirm_box

    class Plan:
        host, repo, file, size, sha256 = "huggingface.co", name + "/x", name + ".gguf", 1000, "ab" * 32
        sha256_from, resume_from, license = "Hub LFS metadata", 0, name

    box = confirm_box(Plan(), parent=None)
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert name + "/x" in box.text() and name + ".gguf" in box.text()


def test_the_headline_leads_large_and_the_rest_follows(qtbot: Any) -> None:
    meta = TurnMeta(quotes=(QuoteRef("Our boat Marigold is at pier 7.", 1, "/b.md", "Boat"),),
                    model="default")
    block = MessageBlock(block_model(Turn("assistant", "pier 7\n\nIt is moored at pier 7 [1].", meta),
                                     headline="pier 7"))
    qtbot.addWidget(block)
    assert block.headline.text() == "pier 7" and not block.headline.isHidden()
    assert block.body.toPlainText().strip() == "It is moored at pier 7 [1]."
    alone = MessageBlock(block_model(Turn("assistant", "pier 7", meta), headline="pier 7"))
    qtbot.addWidget(alone)
    assert alone.headline.text() == "pier 7" and alone.body.isHidden()
    assert alone.plain_text().startswith("Hearth\npier 7\n“Our boat Marigold is at pier 7.” [1]")


def test_a_headline_that_is_the_quote_is_said_once(qtbot: Any) -> None:
    quote = QuoteRef("Our boat Marigold is at pier 7.", 1, "/b.md", "Boat")
    head = "“Our boat Marigold is at pier 7.” [1]"
    block = MessageBlock(block_model(Turn("assistant", head, TurnMeta(quotes=(quote,))), headline=head))
    qtbot.addWidget(block)
    shown = block.plain_text()
    assert shown.count("Our boat Marigold is at pier 7.") == 1, shown
    assert block.headline.isHidden() and block.cards


FLIGHT = QuoteRef("Our flight to Lisbon is TP1359, leaving Heathrow at 07:40 on 14 March.", 1,
                  "/t/lisbon.md", "Lisbon in March")


def test_a_sentence_that_only_copies_the_quote_is_not_shown_under_the_value(qtbot: Any) -> None:
    meta = TurnMeta(quotes=(FLIGHT,), model="default", timings={"generation_s": 2.0},
                    tokens={"completion": 40})
    copied = "TP1359\n\n[1] Our flight to Lisbon is TP1359, leaving Heathrow at 07:40 on 14 March."
    block = MessageBlock(block_model(Turn("assistant", copied, meta), headline="TP1359"))
    qtbot.addWidget(block)
    shown = block.plain_text()
    assert shown.count("leaving Heathrow") == 1, shown
    assert block.headline.text() == "TP1359" and block.body.isHidden()
    assert "— Lisbon in March" in shown, shown   # the card says which file
    assert "tokens/s" not in block.footer.text(), block.footer.text()   # no speed for hidden text
    # Said again with another first word, it still only repeats the quote.
    again = "07:40 on 14 March\n\nThe flight to Lisbon is TP1359, leaving Heathrow at 07:40 on 14 March."
    block = MessageBlock(block_model(Turn("assistant", again, meta), headline="07:40 on 14 March"))
    qtbot.addWidget(block)
    assert block.body.isHidden() and block.plain_text().count("leaving Heathrow") == 1
    # A sentence that adds to the quote stays.
    adds = "TP1359\n\nIt leaves Heathrow early, so book a taxi [1]."
    kept = MessageBlock(block_model(Turn("assistant", adds, meta), headline="TP1359"))
    qtbot.addWidget(kept)
    assert kept.body.toPlainText().strip() == "It leaves Heathrow early, so book a taxi [1]."
    assert kept.footer.text() == "SmolLM2 135M (built in) · 20.0 tokens/s", kept.footer.text()


def test_a_value_headline_reads_larger_than_a_sentence_headline(qtbot: Any) -> None:
    from app.gui import theme

    def headline_pt(text: str, head: str, quotes: tuple[QuoteRef, ...]) -> float:
        block = MessageBlock(block_model(Turn("assistant", text, TurnMeta(quotes=quotes)),
                                         headline=head))
        qtbot.addWidget(block)
        block.setStyleSheet(theme.style_sheet(theme.LIGHT, 10))
        block.ensurePolished()
        block.headline.ensurePolished()
        assert block.headline.text() == head and not block.headline.isHidden()
        return block.headline.font().pointSizeF()

    value = headline_pt("TP1359", "TP1359", (FLIGHT,))
    unsure = headline_pt("I'm not sure; this may be it:", "I'm not sure; this may be it:", (FLIGHT,))
    nothing = headline_pt("I found nothing in your files that answers this.",
                          "I found nothing in your files that answers this.", ())
    assert value == 14 and unsure == nothing == 11, (value, unsure, nothing)


def test_quick_ask_text_leads_with_the_headline_and_says_a_quote_once(qtbot: Any) -> None:
    from PySide6.QtWidgets import QTextBrowser

    from app.gui.chat_render import answer_markdown

    def shown(text: str, head: str, quotes: tuple[QuoteRef, ...]) -> str:
        box = QTextBrowser()
        qtbot.addWidget(box)
        from app.gui.chat_blocks import MARKDOWN

        meta = TurnMeta(quotes=quotes, headline_text=head)
        box.document().setMarkdown(answer_markdown(Turn("assistant", text, meta)), MARKDOWN)
        return box.toPlainText()

    head = f"“{FLIGHT.text}” [1]"
    once = shown(head, head, (FLIGHT,))
    assert once.count("leaving Heathrow") == 1, once
    value = shown("TP1359\n\n[1] " + FLIGHT.text, "TP1359", (FLIGHT,))
    assert value.startswith("TP1359\n") and value.count("leaving Heathrow") == 1, value
    assert "— Lisbon in March" in value, value
    two = QuoteRef("500 g flour, 350 ml water.", 2, "/r.md", "Sunday bread")
    unsure = shown("I'm not sure; this may be it:", "I'm not sure; this may be it:", (FLIGHT, two))
    assert unsure.startswith("I'm not sure; this may be it:\n"), unsure
    assert unsure.index("this may be it") < unsure.index("TP1359") < unsure.index("500 g flour")


def test_a_code_block_has_its_own_copy(qtbot: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    text = "Run this:\n\n```bash\nls -la ~/notes\n```\n\nThen this:\n\n```\necho done\n```\n"
    block = MessageBlock(block_model(Turn("assistant", text, TurnMeta(model="default"))))
    qtbot.addWidget(block)
    assert [b.text() for b in block.code_buttons] == ["Copy code 1", "Copy code 2"]
    block.code_buttons[0].click()
    assert QGuiApplication.clipboard().text() == "ls -la ~/notes"
    assert "```" not in block.body.toPlainText() and "ls -la ~/notes" in block.body.toPlainText()


def test_blocks_replaced_are_not_painted_while_they_wait_to_be_deleted(open_desktop: Desktop,
                                                                      qtbot: Any) -> None:
    d = open_desktop
    d.window.show()
    qtbot.waitExposed(d.window)
    chat = d.chat
    chat.history = [Turn("user", "Where is Marigold?"), Turn("assistant", "At pier 7.")]
    chat._render()
    first = chat.transcript.blocks[1]
    qtbot.waitUntil(first.isVisible)
    chat.history[1] = Turn("assistant", "The dinghy is in the shed.")
    chat._render()
    # Until the event loop deletes it, the old block still exists: it must not show under the new.
    shown = first.isVisible()
    del first
    assert not shown
    qtbot.waitUntil(chat.transcript.blocks[1].isVisible)
