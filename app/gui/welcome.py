"""What an empty chat shows: on first use, what Hearth does and three first steps.

With no chats yet, :class:`Welcome` says what Hearth is for and offers the first steps
(add files, try a question, get a better model) as buttons; once there are chats it is a
short line inviting a question. :class:`EmptyState` is the same idea for the other views
(a list with nothing in it says why, and what to do).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

INTRO = ("Hearth answers from your own files and notes, with the sentence it used quoted "
         "and its source one click away. Everything stays in an encrypted vault on this "
         "computer; nothing leaves it unless you ask.")


class Welcome(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        col = QVBoxLayout(self)
        col.setContentsMargins(8, 32, 8, 8)
        col.setSpacing(10)
        self.title = QLabel("Welcome to Hearth")
        self.title.setObjectName("welcomeTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.intro = QLabel(INTRO)
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.intro.setObjectName("muted")
        col.addWidget(self.title)
        col.addWidget(self.intro)
        self.steps_label = QLabel("First steps")
        self.steps_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.steps_label.setObjectName("section")
        col.addWidget(self.steps_label)
        row = QVBoxLayout()
        row.setSpacing(6)
        row.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.add_files = QPushButton("1. Add your files…")
        self.add_files.setToolTip("Documents, notes, mail, calendars and contacts (Library)")
        self.try_question = QPushButton("2. Try a question")
        self.better_model = QPushButton("3. Get a better model")
        self.better_model.setToolTip("The built-in model is tiny; Models suggests one that fits "
                                     "this computer")
        self.steps = (self.add_files, self.try_question, self.better_model)
        for b in self.steps:
            b.setMinimumWidth(220)
            row.addWidget(b, 0, Qt.AlignmentFlag.AlignHCenter)
        col.addLayout(row)
        self.set_has_chats(False)

    def set_has_chats(self, has: bool) -> None:
        """First use shows the steps; later an empty chat is one quiet line."""
        self.title.setText("New chat" if has else "Welcome to Hearth")
        self.intro.setText("Ask about anything in your files, or anything at all. "
                           "Enter sends; Shift+Enter starts a new line." if has else INTRO)
        self.steps_label.setVisible(not has)
        for b in self.steps:
            b.setVisible(not has)


class EmptyState(QLabel):
    """A quiet, centred sentence for a view with nothing to show yet."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("emptyState")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMargin(24)
