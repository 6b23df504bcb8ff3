"""Appearance: light, dark or the system's choice, and the text size, applied at once.

:func:`apply` sets the Fusion style with a full light or dark palette (every widget, dialogs
included, follows it) and one style sheet for Hearth's own parts, named by object name:
the side bar, message blocks, quote cards, the question box, muted and section labels.
"system" follows the desktop's colour scheme and changes with it while Hearth runs. The
choice lives in the desktop preferences (``app.gui.prefs``: not personal), so the lock
screen already looks as the person chose.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.gui import prefs

APPEARANCES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
TEXT_SIZES = ((9, "Small"), (10, "Normal"), (12, "Large"), (14, "Larger"))
DEFAULT_SIZE = 10


@dataclass(frozen=True)
class Colours:
    window: str
    base: str
    alt: str
    text: str
    muted: str
    button: str
    border: str
    accent: str
    accent_text: str
    user: str
    card: str
    nav: str
    nav_text: str
    link: str
    stopped: str
    good: str       # a model card's "Good here"
    slow: str       # "Slow here"


LIGHT = Colours(window="#f7f5f2", base="#ffffff", alt="#f1ede8", text="#1f1b18", muted="#6b625b",
                button="#ffffff", border="#d9d2ca", accent="#c8591c", accent_text="#ffffff",
                user="#f1ebe4", card="#fcf3ea", nav="#2b1a14", nav_text="#f3e6dc", link="#a8460f",
                stopped="#9a3b12", good="#2e7d32", slow="#8a6100")
DARK = Colours(window="#1e1c1b", base="#262321", alt="#2d2a27", text="#ece7e2", muted="#a69d95",
               button="#312d2a", border="#46403b", accent="#e8742a", accent_text="#1a1311",
               user="#332e2a", card="#2b2724", nav="#151210", nav_text="#eadccf", link="#f2a36b",
               stopped="#f29a6b", good="#7cc784", slow="#e0b54f")


def current() -> tuple[str, int]:
    """The chosen appearance and text size (points)."""
    mode = str(prefs.get("appearance", "system"))
    size = prefs.get("text_size", DEFAULT_SIZE)
    return (mode if mode in dict(APPEARANCES) else "system",
            int(size) if isinstance(size, int) and 7 <= size <= 24 else DEFAULT_SIZE)


def is_dark(mode: str) -> bool:
    if mode == "system":
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    return mode == "dark"


def palette(c: Colours) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    for r, value in ((role.Window, c.window), (role.WindowText, c.text), (role.Base, c.base),
                     (role.AlternateBase, c.alt), (role.Text, c.text), (role.Button, c.button),
                     (role.ButtonText, c.text), (role.ToolTipBase, c.base), (role.ToolTipText, c.text),
                     (role.Highlight, c.accent), (role.HighlightedText, c.accent_text),
                     (role.Link, c.link), (role.LinkVisited, c.link), (role.PlaceholderText, c.muted),
                     (role.Mid, c.border), (role.Midlight, c.alt), (role.Dark, c.border),
                     (role.BrightText, c.accent)):
        p.setColor(r, QColor(value))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor(c.muted))
    return p


def style_sheet(c: Colours, size: int) -> str:
    big = size + 8
    return f"""
QListWidget#nav {{ background: {c.nav}; color: {c.nav_text}; border: none; padding-top: 8px; }}
QListWidget#nav::item {{ padding: 10px 14px; }}
QListWidget#nav::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}
QFrame#userBlock {{ background: {c.user}; border-radius: 12px; }}
QFrame#answerBlock {{ background: transparent; }}
QLabel#who {{ font-weight: 600; color: {c.muted}; }}
QFrame#quoteCard {{ background: {c.card}; border-left: 3px solid {c.accent}; border-radius: 4px; }}
QLabel#muted, QLabel#notes {{ color: {c.muted}; }}
QLabel#stopped {{ color: {c.stopped}; font-weight: 600; }}
QLabel#section {{ font-weight: 600; margin-top: 8px; }}
QLabel#welcomeTitle {{ font-size: {big}pt; font-weight: 600; }}
QLabel#headline {{ font-size: {size + 4}pt; font-weight: 600; }}
QLabel#headline[kind="words"] {{ font-size: {size + 1}pt; }}
QLabel#pageTitle {{ font-size: {size + 5}pt; font-weight: 600; }}
QLabel#viewerTitle {{ font-size: {size + 3}pt; font-weight: 600; }}
QLabel#emptyState {{ color: {c.muted}; }}
QPushButton#sourceLink {{ color: {c.link}; border: none; padding: 1px 4px; text-align: left; }}
QPushButton#sourceLink:hover {{ text-decoration: underline; }}
QPushButton#blockAction {{ color: {c.muted}; border: none; padding: 2px 6px; }}
QPushButton#blockAction:hover {{ color: {c.text}; background: {c.alt}; border-radius: 4px; }}
QFrame#inputBox {{ background: {c.base}; border: 1px solid {c.border}; border-radius: 12px; }}
QPlainTextEdit#chatInput {{ background: transparent; }}
QPushButton#primary {{ background: {c.accent}; color: {c.accent_text}; border: none;
  border-radius: 8px; padding: 6px 14px; font-weight: 600; }}
QPushButton#primary:disabled {{ background: {c.border}; color: {c.muted}; }}
QScrollArea#transcript, QWidget#transcriptInner {{ background: {c.window}; }}
QFrame#modelOffer {{ background: {c.card}; border-bottom: 1px solid {c.border}; }}
QFrame#card {{ background: {c.base}; border: 1px solid {c.border}; border-radius: 8px; }}
QFrame#modelCard {{ background: {c.base}; border: 1px solid {c.border}; border-radius: 8px; }}
QFrame#modelCard[selected="true"] {{ border: 2px solid {c.accent}; }}
QLabel#cardTitle {{ font-size: {size + 2}pt; font-weight: 600; }}
QLabel#recommended {{ color: {c.link}; font-weight: 600; }}
QLabel#fitGood {{ color: {c.good}; font-weight: 600; }}
QLabel#fitSlow {{ color: {c.slow}; font-weight: 600; }}
QLabel#fitBad {{ color: {c.stopped}; font-weight: 600; }}
"""


def apply(mode: str | None = None, size: int | None = None) -> None:
    """Apply (and remember, when given) the appearance and the text size."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    chosen_mode, chosen_size = current()
    mode = mode or chosen_mode
    size = size or chosen_size
    app.setStyle(QStyleFactory.create("Fusion"))
    colours = DARK if is_dark(mode) else LIGHT
    app.setPalette(palette(colours))
    font = QFont(app.font())
    font.setPointSize(size)
    app.setFont(font)
    app.setStyleSheet(style_sheet(colours, size))
    app.setProperty("hearth_appearance", mode)
    if not app.property("hearth_follows_system"):
        app.setProperty("hearth_follows_system", True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(_system_changed)


def _system_changed(_scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if app is not None and app.property("hearth_appearance") == "system":
        apply("system")


def choose(mode: str, size: int) -> None:
    """The person's choice in Settings: kept and applied at once."""
    prefs.put("appearance", mode, replace_damaged=True)
    prefs.put("text_size", int(size), replace_damaged=True)
    apply(mode, size)
