"""The person's own devices in the window: serving this computer's models, pairing, asking through one.

:class:`LinkHost` (one per session, its child: :func:`link_host_for`) runs
:class:`app.link.serving.LinkService` while the vault is open and the setting ``link_serve_enabled``
("Let my other devices use this computer's models") is on: started after unlock or when the switch
turns on, stopped when it turns off, on lock and at quit. It answers from the window's own model
pool. What the service says (a device answered, a pairing request) arrives as ``said`` on the GUI
thread; a pairing waiting for the person is read with :meth:`LinkHost.waiting` (memory only) and
answered with :meth:`LinkHost.confirm`.

The work that crosses the network (whether devices are online and which models they serve,
pairing, unpairing) and starting the service run on the ``link`` worker: never on the GUI thread,
nor on the vault worker, where a device that is off would hold the views' reads for seconds.

:class:`DeviceAsker` lets the chat ask through a paired device: the one answer pipeline with that
device as the chosen model (:func:`app.link.using.device_answerer`). A device paired with "may
answer from my data" gets personal requests with no dialog each time (the person said so once, at
pairing); one paired without it answers general questions, and a question that needs the person's
files is answered on this computer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from app.gui.runner import Task
from app.gui.session import Session

log = logging.getLogger(__name__)

#: The worker for link work (network timeouts must not hold the vault worker).
LINK = "link"
#: The vault setting behind the switch in Settings.
SETTING = "link_serve_enabled"
#: Where to listen (HOST:PORT), a vault setting; every network of this computer by default.
LISTEN_SETTING = "link_listen"
DEFAULT_LISTEN = "0.0.0.0:7461"
#: How the window's link exchanges are named in the network log.
STARTED_BY = "window: your devices"


class LinkHost(QObject):
    """The link service's life in the window, and the link work views ask for."""

    state_changed = Signal(str)   # words: "Serving on …", "Off", why it could not start
    said = Signal(str)            # a line the service said (answered a device, a pairing request)
    _said = Signal(str)

    def __init__(self, session: Session, host: Any, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else session)
        self.session, self.host = session, host
        self.runner = session.runner
        self.service: Any = None
        self.state = "Off"
        self._wanted = False
        self._starting = False
        self._said.connect(self.said, Qt.ConnectionType.QueuedConnection)
        session.locked.connect(lambda: self.stop())

    @property
    def serving(self) -> bool:
        return self.service is not None

    @property
    def address(self) -> str:
        return str(self.service.server.address) if self.service is not None else ""

    # -- serving ---------------------------------------------------------------------------------

    def apply(self, enabled: bool) -> Task | None:
        """Serve or not, as the switch says (started on the link worker)."""
        self._wanted = bool(enabled)
        if not self._wanted:
            self.stop()
            return None
        if self.service is not None or self._starting or not self.session.is_open:
            return None
        vault = self.session.require_vault()
        pool_of = self.host.hearth
        say = self._said.emit

        def start() -> Any:
            from app.link.serving import LinkService
            from engine.link.wire import split_address
            from vault.settings import get_setting

            host, port = split_address(str(get_setting(vault, LISTEN_SETTING) or DEFAULT_LISTEN))
            return LinkService(vault, pool_of().pool, host=host, port=port, accept_pairing=False,
                               say=say).start()

        self._starting = True
        self._set_state("Starting…")
        return self.runner.submit(LINK, start, name="link-serve").on(
            done=self._started, error=self._failed)

    def _started(self, service: Any) -> None:
        self._starting = False
        if not self._wanted or not self.session.is_open:
            # Turned off or locked while it started: it must not outlive either.
            self._stop_service(service)
            return
        self.service = service
        self._set_state(f"Serving on {service.server.address}. Only devices you pair can use it.")

    def _failed(self, exc: BaseException) -> None:
        from app.gui.dialogs import error_text

        self._starting = False
        self._set_state(f"Not serving: {error_text(exc)}")

    def stop(self, *, now: bool = False) -> None:
        """Stop serving (switch off, lock; ``now``: at quit, on this thread); a device's open
        answer ends."""
        service, self.service = self.service, None
        if service is not None:
            self._stop_service(service, now=now)
            self._set_state("Off")

    def _stop_service(self, service: Any, *, now: bool = False) -> None:
        if now or self.runner.closed or self.runner.inline:
            service.stop()   # at quit there is no later
        else:
            self.runner.submit(LINK, service.stop, name="link-stop")

    def _set_state(self, words: str) -> None:
        self.state = words
        self.state_changed.emit(words)

    # -- pairing, serving side ---------------------------------------------------------------------

    def new_code(self) -> Task:
        """A one-time pairing code (its text and when it expires), made on the link worker."""
        service = self.service

        def make() -> tuple[str, float]:
            if service is None:
                from engine.link.errors import LinkFailed

                raise LinkFailed("this computer is not serving its models; turn on \u201cLet my "
                                 "other devices use this computer's models\u201d in Settings")
            code = service.door.new_code(service.addresses())
            return code.text(), code.expires_at

        return self.session.while_open(LINK, make, name="link-code")

    def waiting(self) -> tuple[str, str] | None:
        """(device name, 6 digits) of the pairing waiting for the person, or None."""
        service = self.service
        return service.door.waiting() if service is not None else None

    def confirm(self, digits: str) -> dict[str, Any]:
        """Accept the waiting pairing when ``digits`` are its own; anything else aborts it."""
        service = self.service
        if service is None:
            return {"ok": False, "error": "this computer stopped serving; nothing was stored"}
        return dict(service.door.confirm(digits))

    def decline(self) -> dict[str, Any]:
        """Say no to the waiting pairing: nothing is stored, the other computer is told."""
        service = self.service
        if service is None:
            return {"ok": False, "error": "this computer stopped serving; nothing was stored"}
        return dict(service.door.decline())

    # -- the devices this one uses, and pairing as the asking side ------------------------------------

    def rows(self, *, probe: bool = True) -> Task:
        """Every paired device both ways (``app.link.using.device_rows``), probed for models unless
        ``probe`` is false, and the devices this one may use (``PeerDevice`` by name)."""
        session = self.session

        def work() -> tuple[list[dict[str, Any]], dict[str, Any]]:
            from app.link.using import device_rows
            from identity.devices import list_peers

            vault = session.require_vault()
            rows = device_rows(vault, probe=probe, started_by=STARTED_BY)
            return rows, {p.name: p for p in list_peers(vault)}

        return session.while_open(LINK, work, name="link-rows")

    def expected_digits(self, code_text: str) -> Task:
        """The 6 digits both screens will show for ``code_text`` (no connection made)."""
        session = self.session

        def work() -> str:
            from engine.link.wire import PairingCode, confirmation
            from identity.devices import device_identity

            code = PairingCode.parse(code_text)
            return confirmation(code.pin, device_identity(session.require_vault()).link_pin)

        return session.while_open(LINK, work, name="link-digits")

    def pair(self, code_text: str, *, name: str | None, personal: bool) -> Task:
        """Pair with the device that showed ``code_text``; progress: its 6 digits; result: the peer.
        Abandoning the task while it waits for the other device cancels the pairing."""
        session = self.session

        def work(task: Task) -> Any:
            from app.link.serving import this_computer
            from app.link.using import pair_with

            return pair_with(session.require_vault(), code_text, name=name or None, personal=personal,
                             my_name=this_computer(), on_confirmation=task.report,
                             started_by=STARTED_BY, cancelled=task.cancel.is_set)

        return session.while_open(LINK, work, name="link-pair")

    def unpair(self, name: str) -> Task:
        """Unpair ``name`` from this side (a device this one uses is asked to revoke too)."""
        session = self.session

        def work() -> str:
            from app.link.using import unpair

            return unpair(session.require_vault(), name, started_by=STARTED_BY)

        return session.while_open(LINK, work, name="link-unpair")


def link_host_for(session: Session) -> LinkHost | None:
    """The session's link host (made by the desktop), if there is one."""
    return session.findChild(LinkHost)


# -- asking through a device ----------------------------------------------------------------------------

class DeviceAsker:
    """``Hearth.ask`` with a paired device as the chosen model (what the chat's answers call)."""

    def __init__(self, hearth: Any, peer: Any, *, model: str | None = None) -> None:
        self.hearth, self.peer, self.model = hearth, peer, model

    @property
    def vault(self) -> Any:
        return self.hearth.vault

    def ask(self, question: str, *, consent: Callable[[Any], bool] | None = None,
            **options: Any) -> Any:
        from app.link.using import device_answerer
        from engine.errors import EngineError

        vault = self.hearth.vault
        if vault is None:
            raise EngineError("unlock Hearth to ask through your devices")
        peer = self.peer
        answerer = device_answerer(self.hearth, vault, peer, model=self.model, started_by="window: chat")

        def decided(plan: Any) -> bool:
            # The person answered once, at pairing, for their own device.
            if plan.endpoint == peer.name:
                return bool(peer.personal)
            return bool(consent(plan)) if consent is not None else False

        if options.get("model") != peer.name:   # asked again on this computer
            return answerer.ask(question, consent=decided, **options)
        first = {**options, "allow_remote": bool(peer.personal)}
        local = {**options, "model": None, "prefer": "local", "allow_remote": False}
        return _OrLocal(lambda: answerer.ask(question, consent=decided, **first),
                        lambda: answerer.ask(question, consent=decided, **local))


class _OrLocal:
    """An answer stream that starts again on this computer when the device may not see the data."""

    def __init__(self, first: Callable[[], Any], again: Callable[[], Any]) -> None:
        from engine.errors import RemoteNotAllowed

        self._again = again
        try:
            self.current = first()
        except RemoteNotAllowed:
            self.current = again()

    def __iter__(self) -> Iterator[Any]:
        from engine.errors import RemoteNotAllowed

        try:
            yield from self.current
        except RemoteNotAllowed:
            self.current = self._again()
            yield from self.current

    @property
    def reply(self) -> Any:
        return self.current.reply

    def cancel(self) -> None:
        self.current.cancel()

    def close(self) -> None:
        close = getattr(self.current, "close", None)
        if close is not None:
            close()
