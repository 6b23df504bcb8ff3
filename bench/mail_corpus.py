"""A generated mailbox and folder of real English, for the import benchmark and tests.

The text is real: sentences from the docstrings of Python's own standard library (a few MB
of English with a natural, long-tailed vocabulary, so BM25 has rare and common words to
weigh), shuffled into messages and files. Nothing personal, nothing downloaded.

* :func:`write_mbox` writes ``n`` messages: headers, 1–3 paragraphs, a unique code word
  ``hx<number>`` in each (so a test can prove every message is keyword-searchable), and a
  base64 attachment on about a third of them (most of a real mailbox's bytes are
  attachments; the importer skips them). About 15 KB a message on average.
* :func:`write_folder` writes ``n`` files: Markdown, text and HTML, a few KB each.
"""

from __future__ import annotations

import base64
import importlib
import pkgutil
import random
import re
import sys
import warnings
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path

_MODULES = ("argparse", "asyncio", "collections", "concurrent.futures", "configparser", "csv",
            "datetime", "decimal", "difflib", "email", "enum", "fractions", "functools", "gettext",
            "heapq", "html", "http.client", "http.server", "imaplib", "inspect", "json", "locale",
            "logging", "mailbox", "multiprocessing", "os", "pathlib", "pickle", "pydoc", "random",
            "re", "shutil", "smtplib", "socket", "sqlite3", "ssl", "statistics", "string",
            "subprocess", "tarfile", "tempfile", "textwrap", "threading", "tkinter", "turtle",
            "typing", "unittest", "urllib.request", "uuid", "xml.dom.minidom", "zipfile")
_NAMES = ("Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dmitri Volkov", "Eva Lindqvist", "Farid Haddad",
          "Grace Kim", "Hugo Laurent", "Ines Costa", "Jonas Weber", "Keiko Sato", "Liam Byrne")


def sentences() -> list[str]:
    """Sentences of English from the standard library's docstrings (deterministic order)."""
    found: list[str] = []
    names = list(_MODULES)
    for info in pkgutil.iter_modules():
        if info.name in ("email", "json", "xml", "http", "urllib", "concurrent"):
            names.extend(f"{info.name}.{m.name}" for m in pkgutil.iter_modules(
                importlib.import_module(info.name).__path__))
    seen: set[str] = set()
    for name in names:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = importlib.import_module(name)
        except Exception:
            continue
        for obj in [module, *vars(module).values()]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                doc = getattr(obj, "__doc__", None)
            if not isinstance(doc, str) or id(doc) in seen:
                continue
            seen.add(id(doc))
            for paragraph in re.split(r"\n\s*\n", doc):
                text = " ".join(paragraph.split())
                for s in re.split(r"(?<=[.!?])\s+", text):
                    if 40 <= len(s) <= 300 and s[0].isupper() and s.count(">>>") == 0:
                        found.append(s)
    return found


def _paragraphs(rng: random.Random, pool: list[str], count: int) -> list[str]:
    return [" ".join(rng.choice(pool) for _ in range(rng.randint(2, 6))) for _ in range(count)]


def messages(n: int, *, seed: int = 7) -> Iterator[bytes]:
    """``n`` mbox messages (envelope line included) with code words hx000000…"""
    rng = random.Random(seed)
    pool = sentences()
    noise = rng.randbytes(1 << 20)
    for i in range(n):
        sender = rng.choice(_NAMES)
        to = rng.choice(_NAMES)
        when = format_datetime(_date(rng))
        subject = " ".join(rng.choice(pool).split()[:rng.randint(3, 8)]).rstrip(".,:;")
        body = _paragraphs(rng, pool, rng.randint(1, 3))
        body.insert(rng.randint(0, len(body)), f"Reference hx{i:06d} for our records.")
        text = "\n\n".join(body)
        head = (f"From {sender.split()[0].lower()}@example.org {when}\n"
                f"From: {sender} <{sender.split()[0].lower()}@example.org>\n"
                f"To: {to} <{to.split()[0].lower()}@example.org>\n"
                f"Subject: {subject}\nDate: {when}\nMessage-ID: <m{i}@example.org>\n"
                "MIME-Version: 1.0\n")
        if rng.random() < 0.35:
            size = rng.randint(15_000, 45_000)
            start = rng.randint(0, len(noise) - size)
            blob = base64.encodebytes(noise[start:start + size]).decode()
            boundary = f"b{i:08d}"
            msg = (f"{head}Content-Type: multipart/mixed; boundary=\"{boundary}\"\n\n"
                   f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\n{text}\n\n"
                   f"--{boundary}\nContent-Type: application/pdf\n"
                   f"Content-Disposition: attachment; filename=\"scan{i}.pdf\"\n"
                   f"Content-Transfer-Encoding: base64\n\n{blob}\n--{boundary}--\n\n")
        else:
            msg = f"{head}Content-Type: text/plain; charset=utf-8\n\n{text}\n\n"
        # mboxo: a body line that starts with "From " is quoted.
        yield msg.replace("\nFrom ", "\n>From ").encode()


def _date(rng: random.Random) -> object:
    import datetime as dt

    return dt.datetime(2015, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=rng.randint(0, 10 * 365 * 86400))


def write_mbox(path: Path, n: int, *, seed: int = 7) -> int:
    """Write ``n`` messages to ``path``; returns its size in bytes."""
    with path.open("wb") as out:
        for raw in messages(n, seed=seed):
            out.write(raw)
    return path.stat().st_size


def write_folder(root: Path, n: int, *, seed: int = 11) -> int:
    """``n`` small files (Markdown, text, HTML) in nested folders; returns their total size."""
    rng = random.Random(seed)
    pool = sentences()
    total = 0
    for i in range(n):
        folder = root / f"d{i % 50:02d}" / f"e{(i // 50) % 20:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        paras = _paragraphs(rng, pool, rng.randint(1, 4))
        paras.append(f"File code fx{i:06d}.")
        kind = i % 3
        if kind == 0:
            path = folder / f"note{i}.md"
            data = f"# {rng.choice(pool)[:60]}\n\n" + "\n\n".join(paras)
        elif kind == 1:
            path = folder / f"text{i}.txt"
            data = "\n\n".join(paras)
        else:
            path = folder / f"page{i}.html"
            data = ("<html><head><title>Page</title></head><body>"
                    + "".join(f"<p>{p}</p>" for p in paras) + "</body></html>")
        path.write_text(data)
        total += len(data)
    return total


if __name__ == "__main__":
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    print(write_mbox(Path(sys.argv[1]), count))
