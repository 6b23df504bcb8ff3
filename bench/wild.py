"""Files from the wild: every file of a folder imported one at a time, with what became of it.

Run: ``.venv/bin/python bench/wild.py [FOLDER] [--json OUT]`` (FOLDER defaults to the shared
folder of real files: ``HEARTH_WILD``, else ``shared/wild`` beside the repository or above it).
Not part of CI; the test over the same folder is ``tests/test_wild.py``.

Each file goes through the product's import (``vault.sources.import_paths``, as ``hearth add``
runs it) into one fresh vault, one call per file, and the script prints, file by file,
``imported`` (documents, passages) or ``skipped`` and the reason Hearth gave, then the counts
by folder. Everything here is measured, nothing expected: the test decides what is right.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Outcome:
    """What became of one file: ``name`` is its path under the folder."""

    name: str
    status: str  # "added", "partial", "skipped"…
    reason: str
    documents: int
    chunks: int
    seconds: float


def wild_folder() -> Path | None:
    """The folder of real files: ``HEARTH_WILD`` when it is set (and None when that is not a
    folder), else the first ``shared/wild`` in this checkout or a folder above it (CI and the
    team's machines have it beside the checkout, ``../shared/wild``); None when there is none."""
    named = os.environ.get("HEARTH_WILD")
    if named:
        folder = Path(named).expanduser()
        return folder.resolve() if folder.is_dir() else None
    for parent in (ROOT, *ROOT.parents):
        candidate = parent / "shared" / "wild"
        if candidate.is_dir():
            return candidate
    return None


def wild_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` but its SOURCES.md, in name order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "SOURCES.md")


def found(vault: object, term: str, *, source_id: int | None = None) -> bool:
    """Whether a keyword search for ``term`` (one word, as FTS5 tokenizes it) finds a passage,
    of the source ``source_id`` when given. The term is put in the index's search form, as
    every search of the vault's passages does (``vault.fts.search_query``)."""
    from vault.fts import search_query

    query = search_query('"' + term.replace('"', '""') + '"')
    sql = ("SELECT 1 FROM chunks_fts f JOIN chunks c ON c.id = f.rowid JOIN documents d "
           "ON d.id = c.document_id WHERE chunks_fts MATCH ?")
    args: tuple[object, ...] = (query,)
    if source_id is not None:
        sql += " AND d.source_id = ?"
        args += (source_id,)
    return vault.query_one(sql + " LIMIT 1", args) is not None  # type: ignore[attr-defined]


def import_each(vault: object, folder: Path, files: list[Path] | None = None) -> list[Outcome]:
    """Import each file on its own (one ``import_paths`` call per file) into ``vault``."""
    from vault.sources import import_paths

    outcomes: list[Outcome] = []
    for path in files if files is not None else wild_files(folder):
        start = time.perf_counter()
        report = import_paths(vault, [path])  # type: ignore[arg-type]
        spent = time.perf_counter() - start
        result = report.results[0]
        documents = chunks = 0
        if result.source_id is not None:
            row = vault.query_one(  # type: ignore[attr-defined]
                "SELECT count(DISTINCT d.id), count(c.id) FROM documents d "
                "LEFT JOIN chunks c ON c.document_id = d.id WHERE d.source_id = ?",
                (result.source_id,))
            documents, chunks = int(row[0]), int(row[1])
        outcomes.append(Outcome(str(path.relative_to(folder)), result.status, result.reason,
                                documents, chunks, spent))
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the outcomes here")
    args = parser.parse_args()
    folder = args.folder or wild_folder()
    if folder is None:
        raise SystemExit("no folder of wild files here: name one")
    from keyring.backends import fail

    from vault import Keychain, Vault

    with tempfile.TemporaryDirectory(prefix="hearth-wild-") as tmp:
        os.environ["HEARTH_RUNTIME_DIR"] = str(Path(tmp) / "run")
        (Path(tmp) / "run").mkdir(mode=0o700)
        (Path(tmp) / "home").mkdir(mode=0o700)
        vault = Vault.create("bench passphrase", home=Path(tmp) / "home",
                             keychain=Keychain(backend=fail.Keyring()), kdf_log2_n=12)
        start = time.perf_counter()
        outcomes = import_each(vault, folder)
        spent = time.perf_counter() - start
        vault.lock()
    for o in outcomes:
        what = (f"imported {o.documents} doc(s), {o.chunks} passage(s)" if o.status != "skipped"
                else "skipped")
        print(f"{o.name}: {what}" + (f" — {o.reason}" if o.reason else "") + f"  [{o.seconds:.2f} s]")
    by_folder: Counter[tuple[str, str]] = Counter(
        (o.name.split("/")[0], "skipped" if o.status == "skipped" else "imported") for o in outcomes)
    print()
    for part in sorted({k for k, _ in by_folder}):
        print(f"{part}: {by_folder[(part, 'imported')]} imported, {by_folder[(part, 'skipped')]} skipped")
    skipped = sum(1 for o in outcomes if o.status == "skipped")
    print(f"wild: {len(outcomes)} files one by one in {spent:.1f} s: {len(outcomes) - skipped} imported, "
          f"{skipped} skipped")
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
