"""Each MCP client's own identity and grants, in Hearth's data directory, readable by the user alone.

``hearth mcp --client NAME`` is a plugin app like any other; what makes it *that* client is a
folder ``<data dir>/mcp/<slug>-<tag>/`` (0700). A name alone is only a claim (any client may call
itself "Claude"), so the folder, and with it the key and the grants, belongs to the name *and*
the program that started ``hearth mcp`` (:func:`parent_program`), and a name the client gave
itself (``clientInfo``) never shares a folder with one set by ``--client`` in a configuration:
``<tag>`` is a hash of both. Another program using the same name gets an identity of its own
and must ask the person. (A folder from before, ``<slug>/``, is taken over by the first program
that uses the name with ``--client``.) The folder holds

- ``key.jwk`` (0600): the client's Ed25519 did:key secret, created once with ``O_EXCL`` and
  always rebuilt from its seed (:class:`identity.keys.Keypair`);
- ``state.json`` (0600): the grants Hearth gave it (VC-JWTs bound to that DID, useless to anyone
  else), the consent requests still waiting, and whether it has asked on its own yet.

Two processes for the same client (two editor windows) share the folder: every change is a
read-modify-write under ``flock``, written whole (:func:`vault.fsutil.write_json`: synced, then
renamed into place). A damaged ``state.json`` reads as an empty state (the client asks again);
the first change moves it aside to ``state.json.damaged`` rather than writing over it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from identity.keys import Keypair
from vault.errors import FileCorrupt, VaultError
from vault.fsutil import read_json, translate_os_error, write_json
from vault.paths import data_dir, ensure_private_dir

MAX_NAME = 64
MAX_GRANTS = 32
MAX_PENDING = 8
WHAT = "the MCP client's saved grants"

log = logging.getLogger(__name__)


def slug(name: str) -> str:
    """A folder name for a client name: lower case, ``[a-z0-9._-]``, at most 48 characters."""
    text = re.sub(r"[^a-z0-9._-]+", "-", name.strip().lower()).strip("-.")
    return text[:48].strip("-.") or "client"


def display_name(name: str) -> str:
    """What the consent dialog and the Privacy view call this client."""
    clean = " ".join("".join(c for c in name if c.isprintable()).split())[:MAX_NAME] or "MCP client"
    return f"{clean} (MCP)"


@dataclass(frozen=True)
class SavedGrant:
    token: str
    id: str
    scopes: tuple[str, ...]
    mode: str
    expires_at: float

    def live(self, now: float | None = None) -> bool:
        return self.expires_at > (time.time() if now is None else now)


@dataclass
class State:
    grants: list[SavedGrant] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    asked: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"grants": [asdict(g) for g in self.grants], "pending": self.pending, "asked": self.asked}

    @classmethod
    def from_json(cls, raw: Any) -> State:
        if not isinstance(raw, dict):
            return cls()
        grants = []
        for g in raw.get("grants", ()) if isinstance(raw.get("grants"), list) else ():
            with contextlib.suppress(KeyError, TypeError, ValueError):
                grants.append(SavedGrant(str(g["token"]), str(g["id"]), tuple(str(s) for s in g["scopes"]),
                                         str(g["mode"]), float(g["expires_at"])))
        pending = [str(p) for p in raw.get("pending", ()) if isinstance(p, str)] \
            if isinstance(raw.get("pending"), list) else []
        return cls(grants[-MAX_GRANTS:], pending[-MAX_PENDING:], bool(raw.get("asked", False)))


def parent_program(pid: int | None = None) -> str:
    """The executable of the process that started this one (the MCP client), or "" if unknown."""
    try:
        return os.readlink(f"/proc/{os.getppid() if pid is None else pid}/exe")
    except OSError:
        return ""


def folder_name(name: str, *, program: str = "", declared: bool = False) -> str:
    """``<slug>-<tag>``: the tag tells apart the programs, and self-declared from configured names."""
    origin = "declared" if declared else "configured"
    tag = hashlib.sha256(f"{origin}\n{program}".encode()).hexdigest()[:10]
    return f"{slug(name)}-{tag}"


class ClientStore:
    """One client's folder: its key (made on first use) and its saved state.

    ``program`` is the client's executable and ``declared`` says the name came from the client
    itself rather than from ``--client``: both choose the folder (:func:`folder_name`)."""

    def __init__(self, name: str, *, root: Path | None = None, program: str = "",
                 declared: bool = False) -> None:
        self.name = name
        self.slug = slug(name)
        self.program = program
        base = root or ensure_private_dir(data_dir() / "mcp")
        folder = base / folder_name(name, program=program, declared=declared)
        legacy = base / self.slug
        if not declared and not folder.exists() and (legacy / "key.jwk").is_file():
            # Named by --client before folders carried the program: the first program to use
            # that configured name keeps its key and grants (a self-given name never does).
            with contextlib.suppress(OSError):
                os.rename(legacy, folder)
        self.folder = ensure_private_dir(folder)
        self.key_path = self.folder / "key.jwk"
        self.state_path = self.folder / "state.json"
        self._key: Keypair | None = None

    @property
    def key(self) -> Keypair:
        if self._key is None:
            self._key = self._load_or_create_key()
        return self._key

    def _load_or_create_key(self) -> Keypair:
        try:
            fd = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return Keypair.from_jwk(self.key_path.read_text())
        pair = Keypair.generate()
        with os.fdopen(fd, "w") as f:
            f.write(pair.jwk)
        return pair

    def load(self) -> State:
        """The saved state; an empty one when there is none, or it cannot be read."""
        try:
            return State.from_json(read_json(self.state_path, what=WHAT))
        except VaultError as exc:   # FileCorrupt, or unreadable: the client asks for access again
            log.warning("%s; starting without saved grants", exc)
            return State()

    def _load_for_change(self) -> State:
        try:
            return State.from_json(read_json(self.state_path, what=WHAT))
        except FileCorrupt as exc:
            aside = self.state_path.with_name(self.state_path.name + ".damaged")
            try:
                os.replace(self.state_path, aside)
            except OSError as error:
                raise translate_os_error(error, f"cannot move {self.state_path.name} aside") from None
            log.warning("%s; kept it as %s and started afresh", exc, aside.name)
            return State()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def update(self, change: Callable[[State], None]) -> State:
        """Apply ``change`` to the state on disk (another process's changes included) and save it."""
        with self._locked():
            state = self._load_for_change()
            change(state)
            state.grants = state.grants[-MAX_GRANTS:]
            state.pending = state.pending[-MAX_PENDING:]
            write_json(self.state_path, state.to_json())
            return state
