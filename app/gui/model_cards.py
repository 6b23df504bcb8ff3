"""Model cards: the catalog (or a Hub search's files) as cards that reflow with the window.

A :class:`ModelCard` shows one model: its name, the fit label ("Good here", "Slow here", "Too
slow to use", "Too big for this computer") with the estimated speed, what it is good for, its
size and licence, a "Recommended for this computer" mark, and its own Download button. A
click on the card selects it. :class:`CardGrid` lays the cards out in as many columns as fit
its width (one at 800 px, more on wide screens), re-flowing as the window is resized, so the
page scrolls instead of clipping. Names from the Hub are shown as plain text, never HTML.

The cards only emit what the person asked for; :class:`app.gui.catalog_panel.CatalogPanel`
does the work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.gui.widgets import note

#: The narrowest a card gets before the grid drops a column.
CARD_WIDTH = 280
#: The widest a card gets before the grid adds one (wider, its words sit on one long line with
#: the card's right half empty, as at 4K).
WIDEST_CARD = 480
#: The fit label's object name (its colour in the style sheet), by its first words.
FIT_NAMES = (("Good", "fitGood"), ("Fits", "fitGood"), ("Slow", "fitSlow"), ("Too", "fitBad"))


class ModelCard(QFrame):
    """One model. ``cells`` are its words: name, size, fit, speed, licence, good for."""

    picked = Signal(str)            # the card's key: the person clicked it
    download_requested = Signal(str)

    def __init__(self, key: str, cells: list[str], tip: str, *, recommended: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key, self.cells, self.recommended = key, cells, recommended
        name, size, fit, speed, licence, good_for = cells
        self.setObjectName("modelCard")
        self.setProperty("selected", False)
        self.setToolTip(tip)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 10, 12, 10)
        col.setSpacing(4)
        # Each label goes into the card before it is shown or hidden: a label shown while it has
        # no parent is a window of its own for a moment, and takes the focus from Hearth's.
        self.badge = note("★ Recommended for this computer", name="recommended")
        col.addWidget(self.badge)
        self.badge.setVisible(recommended)
        self.name = note(name, name="cardTitle")
        col.addWidget(self.name)
        self.fit = note(fit, name=next((n for w, n in FIT_NAMES if fit.startswith(w)), "fitGood"))
        self.speed = note(speed, name="muted")
        fit_row = QHBoxLayout()
        fit_row.setSpacing(8)
        fit_row.addWidget(self.fit)
        fit_row.addWidget(self.speed, 1)
        col.addLayout(fit_row)
        self.speed.setVisible(bool(speed))
        self.good_for = note(good_for)
        col.addWidget(self.good_for)
        self.facts = note(" · ".join(p for p in (size, licence) if p), name="muted")
        col.addWidget(self.facts)
        col.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.download_button = QPushButton("Download")
        self.download_button.setToolTip("You confirm what and from where before anything is downloaded")
        self.download_button.clicked.connect(lambda _c=False: self.download_requested.emit(self.key))
        row.addWidget(self.download_button)
        col.addLayout(row)

    def set_selected(self, on: bool) -> None:
        if self.property("selected") != on:
            self.setProperty("selected", on)
            self.style().unpolish(self)
            self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.picked.emit(self.key)
        super().mousePressEvent(event)


class CardGrid(QWidget):
    """Cards in columns between CARD_WIDTH and WIDEST_CARD wide: fewer as the window narrows,
    more as it widens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(10)
        self.cards: list[ModelCard] = []
        self.columns = 0

    def set_cards(self, cards: list[ModelCard]) -> None:
        for c in self.cards:
            self.grid.removeWidget(c)
            c.hide()   # at once: deleteLater waits for the event loop
            c.deleteLater()
        self.cards = cards
        self.columns = 0
        self._flow(self.width())

    def columns_for(self, width: int) -> int:
        gap = self.grid.horizontalSpacing()
        most = (width + gap) // (CARD_WIDTH + gap)
        enough = -(-(width + gap) // (WIDEST_CARD + gap))   # rounded up
        return max(1, min(most, enough))

    def _flow(self, width: int) -> None:
        columns = self.columns_for(width)
        if columns == self.columns:
            return
        for card in self.cards:
            self.grid.removeWidget(card)
        for n in range(max(columns, self.columns)):
            self.grid.setColumnStretch(n, 1 if n < columns else 0)
        for i, card in enumerate(self.cards):
            self.grid.addWidget(card, i // columns, i % columns)
        self.columns = columns
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._flow(event.size().width())
