"""Consent in the window: the exact request a remote model would get, and the person's answer.

When the answer pipeline routes a request carrying personal data to a remote
model, it calls a consent hook with the exact request body
(:class:`engine.routing.dispatch.RemotePlan`) on the model worker. :class:`ConsentGate`
turns that call into a dialog on the GUI thread (a queued signal; the worker
waits on a ``threading.Event``; no widget is ever touched off the GUI thread)
and hands back what the person chose.

:class:`RemoteConsentDialog` shows the body twice: readable (each message,
with personal details and excerpts of the person's files highlighted) and as
the exact bytes, with their size and SHA-256. "Replace personal details"
re-renders the body with placeholders (what ``redact=True`` would send) and
shows the new bytes and hash. Send / Answer locally / Cancel.

:func:`consented_answer` runs the pipeline with that hook. The pipeline sends
only a body whose SHA-256 the person approved: when they approve the redacted
body, this request is asked again with ``redact=True`` and the hook says yes
only if the new body's SHA-256 is the approved one (otherwise the dialog shows
the new bytes). So what leaves is byte for byte what was shown.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.routing.dispatch import RemotePlan
from engine.routing.privacy import redact_messages, scan
from engine.routing.remote import encode_payload

SEND, LOCAL, CANCEL = "send", "local", "cancel"
_PLACEHOLDER = re.compile(r"\[[A-Z]+_\d+\]")
#: How the answer pipeline frames excerpts of the person's files (engine.answering.answer.build_prompt).
_QUESTION = "\n\nQuestion: "


def replan(plan: RemotePlan, *, redact: bool, known_names: Iterable[str] = ()) -> RemotePlan:
    """``plan``'s body with its messages redacted (as ``engine.routing.dispatch.plan_remote`` does),
    or as is."""
    if not redact:
        return plan
    body = json.loads(plan.body)
    redaction = redact_messages(body.get("messages", []), known_names=known_names)
    body["messages"] = redaction.messages
    data = encode_payload(body)
    return RemotePlan(plan.endpoint, plan.url, data, hashlib.sha256(data).hexdigest(),
                      dict(redaction.counts))


def _marked(text: str, names: list[str]) -> str:
    """HTML of ``text`` with personal details (yellow) and placeholders (green) marked."""
    spans: list[tuple[int, int, str]] = [(f.start, f.end, "#ffe066") for f in scan(text, known_names=names)]
    spans += [(m.start(), m.end(), "#b2f2bb") for m in _PLACEHOLDER.finditer(text)]
    out, at = [], 0
    for start, end, colour in sorted(spans):
        if start < at:
            continue
        out.append(html.escape(text[at:start]))
        out.append(f'<span style="background:{colour}">{html.escape(text[start:end])}</span>')
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out).replace("\n", "<br>")


def readable_html(plan: RemotePlan, known_names: Iterable[str] = ()) -> str:
    """The body as a person reads it: settings, then each message, personal parts highlighted."""
    names = list(known_names)
    body = json.loads(plan.body)
    rows = []
    for message in body.get("messages", []):
        content = str(message.get("content", ""))
        role = html.escape(str(message.get("role", "")))
        if _QUESTION in content and message.get("role") == "user":
            context, question = content.rsplit(_QUESTION, 1)
            shown = (f'<div style="background:#ffe8cc">{_marked(context, names)}</div>'
                     f"<p><b>Question:</b> {_marked(question, names)}</p>")
        else:
            shown = _marked(content, names)
        rows.append(f"<p><b>{role}</b></p><div style='margin-left:12px'>{shown}</div>")
    settings = {k: v for k, v in body.items() if k != "messages"}
    legend = ('<p><span style="background:#ffe066">personal detail</span> · '
              '<span style="background:#ffe8cc">from your files</span> · '
              '<span style="background:#b2f2bb">placeholder</span></p>')
    return (legend + "".join(rows)
            + f"<p style='color:#666'>Settings: {html.escape(json.dumps(settings, sort_keys=True))}</p>")


class RemoteConsentDialog(QDialog):
    """The exact request, its size and SHA-256; Send / Answer locally / Cancel.

    After it closes, ``choice`` is ``"send"``, ``"local"`` or ``"cancel"`` and
    ``plan`` is the plan that was on screen (the redacted one if the switch was on).
    """

    def __init__(self, plan: RemotePlan, *, known_names: Iterable[str] = (), compact: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = plan
        self.plan = plan
        self.known_names = list(known_names)
        self.choice = CANCEL
        self.setWindowTitle(f"Hearth: send this to {plan.endpoint}?")
        self.setObjectName("remote-consent")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        layout = QVBoxLayout(self)
        intro = (f"<b>{html.escape(plan.endpoint)}</b> ({html.escape(plan.url)}) would answer this. "
                 "The request carries personal data; nothing is sent unless you press Send.")
        if compact:
            intro = f"Send this to <b>{html.escape(plan.endpoint)}</b>? It carries personal data."
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.tabs = QTabWidget()
        self.readable = QTextBrowser()
        self.readable.setOpenLinks(False)
        self.exact = QPlainTextEdit()
        self.exact.setReadOnly(True)
        self.exact.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.exact.setFont(mono)
        self.tabs.addTab(self.readable, "What is sent")
        self.tabs.addTab(self.exact, "Exact bytes")
        layout.addWidget(self.tabs, 1)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.facts)
        self.redact = QCheckBox("Replace personal details with placeholders")
        layout.addWidget(self.redact)
        buttons = QDialogButtonBox()
        self.send_button = buttons.addButton("Send", QDialogButtonBox.ButtonRole.AcceptRole)
        self.local_button = buttons.addButton("Answer locally", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        self.send_button.clicked.connect(lambda: self._choose(SEND))
        self.local_button.clicked.connect(lambda: self._choose(LOCAL))
        self.cancel_button.clicked.connect(lambda: self._choose(CANCEL))
        self.redact.toggled.connect(self._toggle)
        self.local_button.setDefault(True)  # Enter never sends by accident
        self._render()
        self._size(compact)

    def _size(self, compact: bool) -> None:
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        width, height = (520, 360) if compact else (760, 560)
        if avail is not None:
            width, height = min(width, avail.width() - 40), min(height, avail.height() - 80)
        self.resize(max(width, self.sizeHint().width()), max(height, 240))

    def _toggle(self, on: bool) -> None:
        self.plan = replan(self.original, redact=on, known_names=self.known_names)
        self._render()

    def _render(self) -> None:
        self.readable.setHtml(readable_html(self.plan, self.known_names))
        self.exact.setPlainText(self.plan.body.decode("utf-8"))
        red = ", ".join(f"{n} {k}" for k, n in sorted(self.plan.redactions.items()))
        self.facts.setText(f"{self.plan.size} bytes · SHA-256 <code>{self.plan.sha256}</code>"
                           + (f"<br>Replaced: {html.escape(red)}" if red else ""))

    def exact_text(self) -> str:
        return self.exact.toPlainText()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == SEND:
            self.accept()
        else:
            self.reject()


@dataclass
class ConsentRequest:
    plan: RemotePlan
    known_names: list[str]
    compact: bool
    event: threading.Event = field(default_factory=threading.Event)
    choice: str = CANCEL
    approved: RemotePlan | None = None


class ConsentGate(QObject):
    """Asks the person on the GUI thread on behalf of a worker thread (see the module docstring)."""

    shown = Signal(object)   # the RemoteConsentDialog, once it is on screen
    _wanted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wanted.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._open: dict[int, tuple[ConsentRequest, RemoteConsentDialog | None]] = {}
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close_all)

    def ask(self, plan: RemotePlan, *, known_names: Iterable[str] = (),
            compact: bool = False) -> ConsentRequest:
        """Show the dialog and wait for the person (blocks the calling worker, never the GUI)."""
        request = ConsentRequest(plan, list(known_names), compact)
        if QThread.currentThread() is self.thread():
            # Inline runners (tests) run the worker's code on the GUI thread: a modal loop there.
            self._show(request, modal=True)
            return request
        self._wanted.emit(request)
        request.event.wait()
        return request

    @Slot(object)
    def _show(self, request: ConsentRequest, modal: bool = False) -> None:
        parent = QApplication.activeWindow()
        dialog = RemoteConsentDialog(request.plan, known_names=request.known_names,
                                     compact=request.compact, parent=parent)
        self._open[id(request)] = (request, dialog)

        def decided(_: int = 0) -> None:
            request.choice = dialog.choice
            request.approved = dialog.plan if dialog.choice == SEND else None
            self._open.pop(id(request), None)
            request.event.set()
            dialog.deleteLater()

        dialog.finished.connect(decided)
        # A dialog destroyed unanswered (its window closed) sends nothing and frees the worker.
        dialog.destroyed.connect(lambda *_: request.event.set())
        QTimer.singleShot(0, lambda: self.shown.emit(dialog))
        if modal:
            dialog.exec()
        else:
            dialog.open()

    def pending(self) -> list[RemoteConsentDialog]:
        return [d for _, d in self._open.values() if d is not None]

    def close_all(self) -> None:
        """Cancel every open request (the vault locks, the app quits): nothing is sent."""
        for request, dialog in list(self._open.values()):
            if dialog is not None:
                dialog.choice = CANCEL
                dialog.reject()
            request.event.set()


def gate_for(owner: QObject) -> ConsentGate:
    """The one gate of ``owner`` (the model host), made on first use on the GUI thread."""
    gate = owner.findChild(ConsentGate)
    if gate is None:
        gate = ConsentGate(owner)
        locked = getattr(getattr(owner, "session", None), "locked", None)
        if locked is not None:
            locked.connect(gate.close_all)
    return gate


def consented_answer(hearth: Any, question: str, gate: ConsentGate, *, compact: bool = False,
                     **options: Any) -> Generator[Any, None, None]:
    """``hearth.ask(question, **options)`` with the window's consent step; yields its events."""
    from app.routing import known_names
    from engine.answering.answer import AnswerEvent
    from engine.errors import EngineError

    names = known_names(hearth.vault)
    approved: set[str] = set()
    while True:
        cancel = threading.Event()
        state: dict[str, Any] = {"rerun": None, "cancelled": False}

        def consent(plan: RemotePlan, cancel: threading.Event = cancel,
                    state: dict[str, Any] = state) -> bool:
            if plan.sha256 in approved:
                return True
            request = gate.ask(plan, known_names=names, compact=compact)
            if request.choice == SEND and request.approved is not None:
                if request.approved.sha256 == plan.sha256:
                    return True
                # The redacted body was approved: ask again with redact=True; only that exact
                # body (by SHA-256) goes out without showing the dialog again.
                approved.add(request.approved.sha256)
                state["rerun"] = {"redact": True}
                cancel.set()
                return False
            if request.choice == LOCAL:
                # With a model chosen by hand the pipeline stops here; ask again, locally.
                state["rerun"] = {"model": None, "prefer": "local", "allow_remote": False}
                return False
            state["cancelled"] = True
            cancel.set()
            return False

        stream = hearth.ask(question, consent=consent, cancel=cancel, **options)
        try:
            announced = None
            for event in stream:
                if event.kind == "route":
                    announced = event.route
                elif event.kind == "done" and event.reply is not None and event.reply.route is not None \
                        and event.reply.route != announced:
                    # Declined: the pipeline answered locally after announcing the remote route.
                    route = replace(event.reply.route, reason="you chose to answer on this computer; "
                                    + event.reply.route.reason)
                    yield AnswerEvent("route", route=route)
                yield event
            return
        except EngineError:
            if state["rerun"] is None and not state["cancelled"]:
                raise
        finally:
            if stream.reply is None:
                stream.cancel()
        if state["cancelled"]:
            return
        options = {**options, **state["rerun"], "remember": False}
