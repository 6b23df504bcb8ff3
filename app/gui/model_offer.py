"""The first-run offer: one sentence naming the recommended model, and one Download button.

Shown (by the Models view, placed above the views by the main window) while
only the bundled model is registered. The sentence says what would be fetched
and from where (model, size, host and repository) and how it fits this
computer; nothing is downloaded until the button is clicked and the plan (host, file, size,
SHA-256) confirmed, the one question every download path asks. Progress and the outcome then
replace the sentence; "Not now" hides the offer for good. Names are escaped: the sentence is
rich text only for its bold model name.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.formats import size
from app.gui import prefs


class ModelOffer(QFrame):
    download = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelOffer")
        # Its colours come from the theme (app.gui.theme): light and dark alike.
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.button = QPushButton("Download")
        self.dismiss = QLabel('<a href="#">Not now</a>')
        self.dismiss.linkActivated.connect(lambda _l: self.not_now())
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        row.addWidget(self.dismiss)
        self.button.clicked.connect(self._clicked)
        self.busy = False
        self.hide()

    def offer(self, pick: Any) -> None:
        """Offer ``pick`` (an :class:`engine.models.fit.Pick`)."""
        if self.busy:
            return
        from urllib.parse import urlsplit

        from engine.models.hub import endpoint

        host = urlsplit(endpoint()).hostname or "the Hub"
        m, f, fit = pick.model, pick.file, pick.fit
        from app.gui.texts import fit_words, speed_words

        speed = f", {speed_words(fit)}" if speed_words(fit) else ""
        good_for = m.good_for[:1].lower() + m.good_for[1:].rstrip(".")
        self.text.setText(f"A better model for this computer: <b>{escape(m.name)}</b> "
                          f"({size(f.size, decimal=True)} from {escape(host)}/{escape(m.repo)}, "
                          f"{escape(fit_words(fit).lower())}{escape(speed)}), good for {escape(good_for)}.")
        self.button.setText("Download")
        self.button.setEnabled(True)
        self.button.show()
        self.show()

    def _clicked(self) -> None:
        self.busy = True
        self.button.setEnabled(False)
        self.text.setText("Downloading…")
        self.download.emit()

    def show_progress(self, p: Any) -> None:
        if not self.busy:
            return
        pct = 100 * p.done / max(1, p.total)
        self.text.setText(f"Downloading: {pct:.0f}% of {size(p.total, decimal=True)} "
                          "(see Models for details).")

    def show_stopped(self, why: str) -> None:
        if not self.busy:
            return
        self.busy = False
        self.text.setText(escape(why))
        self.button.setText("Try again")
        self.button.setEnabled(True)

    def show_done(self, name: str) -> None:
        self.busy = False
        self.text.setText(f"{escape(name)} is downloaded, verified and now in use.")
        self.button.hide()
        self.dismiss.setText('<a href="#">Close</a>')

    def not_now(self) -> None:
        prefs.put("model_offer_dismissed", True, replace_damaged=True)   # the person said so
        self.hide()
