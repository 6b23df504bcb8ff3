"""Plug-out export: everything the person keeps in Hearth, written as open files.

:func:`export_all` writes into a new or empty folder::

    README.md                      what is where
    notes/<id>.md                  each note as Markdown
    conversations/<id>-<title>.md  each conversation as Markdown …
    conversations/<id>-<title>.json  … and as JSON (every message with its metadata)
    memory.json                    what Hearth remembers about the person
    sources.json                   every imported file: path, kind, dates, what was exported
    sources/<id>-<name>/original.<ext>  the original file, where the vault kept it (≤ 20 MB)
    sources/<id>-<name>/text.md    the text Hearth extracted, by document and location

The export is plain text by design: whoever holds the folder can read it, so
the caller must choose where it goes. Files are created 0600, folders 0700.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vault.errors import VaultError
from vault.fsutil import translate_os_error
from vault.store import Vault

_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


@dataclass(frozen=True)
class ExportSummary:
    folder: str
    notes: int
    conversations: int
    memory: int
    sources: int
    originals: int


def export_all(vault: Vault, folder: Path) -> ExportSummary:
    folder = folder.expanduser()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise VaultError(f"{folder} is not an empty folder; choose a new one for the export")
    try:
        return _export(vault, folder)
    except OSError as exc:
        raise translate_os_error(exc, f"cannot write the export to {folder}") from exc


def _export(vault: Vault, folder: Path) -> ExportSummary:
    _mkdir(folder)
    notes = vault.query("SELECT id, body, created_at, updated_at FROM notes ORDER BY id")
    if notes:
        _mkdir(folder / "notes")
    for n in notes:
        _write(folder / "notes" / f"{n['id']:05d}.md",
               f"<!-- Hearth note {n['id']}, written {_stamp(n['created_at'])} -->\n\n{n['body']}\n")

    conversations = vault.query("SELECT * FROM conversations ORDER BY id")
    if conversations:
        _mkdir(folder / "conversations")
    for c in conversations:
        messages = vault.query("SELECT role, content, meta, created_at FROM messages "
                               "WHERE conversation_id = ? ORDER BY id", (c["id"],))
        stem = f"{c['id']:05d}-{_safe(c['title'] or 'conversation')}"
        lines = [f"# {c['title'] or 'Conversation ' + str(c['id'])}", "",
                 f"Model: {c['model'] or '(default)'} · started {_stamp(c['created_at'])}", ""]
        for m in messages:
            lines += [f"## {m['role']} · {_stamp(m['created_at'])}", "", m["content"], ""]
        _write(folder / "conversations" / f"{stem}.md", "\n".join(lines))
        _write_json(folder / "conversations" / f"{stem}.json", {
            "id": c["id"], "title": c["title"], "model": c["model"],
            "system_prompt": c["system_prompt"], "created_at": c["created_at"],
            "updated_at": c["updated_at"],
            "messages": [{"role": m["role"], "content": m["content"], "created_at": m["created_at"],
                          "meta": json.loads(m["meta"] or "{}")} for m in messages]})

    memory = vault.query("SELECT id, kind, text, created_at, updated_at FROM memory ORDER BY id")
    _write_json(folder / "memory.json", [dict(m) for m in memory])

    sources = vault.query("SELECT id, uri, kind, title, size, mtime, sha256, meta, added_at, updated_at, "
                          "original IS NOT NULL AS kept FROM sources ORDER BY id")
    index: list[dict[str, Any]] = []
    originals = 0
    if sources:
        _mkdir(folder / "sources")
    for s in sources:
        name = Path(s["uri"]).name or f"source-{s['id']}"
        sub = folder / "sources" / f"{s['id']:05d}-{_safe(name)}"
        _mkdir(sub)
        entry = {k: s[k] for k in ("id", "uri", "kind", "title", "size", "mtime", "sha256",
                                   "added_at", "updated_at")}
        entry["meta"] = json.loads(s["meta"] or "{}")
        entry["folder"] = str(sub.relative_to(folder))
        if s["kept"]:
            row = vault.query_one("SELECT original FROM sources WHERE id = ?", (s["id"],))
            suffix = "".join(Path(name).suffixes[-1:]) or ".bin"
            _write_bytes(sub / f"original{_safe(suffix)}", bytes(row[0]))
            entry["original"] = f"{entry['folder']}/original{_safe(suffix)}"
            originals += 1
        _write(sub / "text.md", _source_text(vault, s))
        entry["text"] = f"{entry['folder']}/text.md"
        index.append(entry)
    _write_json(folder / "sources.json", index)
    forgotten = vault.query("SELECT what, kind, forgotten_at FROM forgotten ORDER BY id")
    _write_json(folder / "forgotten.json", [dict(f) for f in forgotten])
    # What Hearth sent and received over the network (search words included): yours too.
    network = vault.query("SELECT * FROM network_log ORDER BY id")
    _write_json(folder / "network-log.json", [dict(n) for n in network])
    _write(folder / "README.md", _README.format(when=_stamp(time.time())))
    return ExportSummary(str(folder), len(notes), len(conversations), len(memory), len(sources), originals)


def _source_text(vault: Vault, source: Any) -> str:
    lines = [f"# {source['title'] or Path(source['uri']).name}", "", f"From `{source['uri']}`", ""]
    docs = vault.query("SELECT id, title, kind FROM documents WHERE source_id = ? ORDER BY seq",
                       (source["id"],))
    for d in docs:
        if len(docs) > 1:
            lines += [f"## {d['title'] or d['kind']}", ""]
        location = None
        for c in vault.query("SELECT text, location FROM chunks WHERE document_id = ? ORDER BY seq",
                             (d["id"],)):
            if c["location"] and c["location"] != location:
                lines += [f"*{c['location']}*", ""]
                location = c["location"]
            lines += [c["text"], ""]
    return "\n".join(lines)


_README = """# Hearth export

Written {when}. Everything here is plain, unencrypted text: keep it somewhere safe.

- `notes/`: your notes, one Markdown file each.
- `conversations/`: each conversation as Markdown and as JSON.
- `memory.json`: what Hearth remembered about you.
- `sources.json` and `sources/`: the files you imported: the original (when it was kept)
  and the text Hearth extracted from it.
- `forgotten.json`: what you asked Hearth to forget, and when (never the content).
"""


def _stamp(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def _safe(name: str) -> str:
    return _UNSAFE.sub("-", name).strip("-.")[:80] or "item"


def _mkdir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


def _write(path: Path, text: str) -> None:
    _write_bytes(path, text.encode("utf-8"))


def _write_json(path: Path, value: Any) -> None:
    _write(path, json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")


def _write_bytes(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
