"""Why a file was skipped, in plain words with its name: never a Python exception's name. A
reader that fails inside is translated at the importers' boundary; PDFs without a
cross-reference table are read as viewers read them (the table rebuilt from the objects)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.wild import found
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from tests.wild_support import wild
from vault import Vault
from vault.importers import UnreadableFile, importer_for, parse_file
from vault.sources import import_paths

#: A Python exception's name as a reason would show it ("KeyError", "VObjectError", "ParseError").
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception|Property)\b")


class _Breaks:
    """An importer whose library fails inside, the way parsing libraries fail."""

    kind = "calendar"
    extensions = (".brk",)

    def parse(self, path: Path, data: bytes) -> object:
        raise KeyError("DTSTART")


def test_a_library_failure_is_said_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vault.importers

    monkeypatch.setitem(vault.importers._REGISTRY, ".brk", _Breaks())
    path = tmp_path / "holidays.brk"
    path.write_bytes(b"anything")
    assert importer_for(path).__class__ is _Breaks
    with pytest.raises(UnreadableFile) as refused:
        parse_file(path, path.read_bytes())
    said = str(refused.value)
    assert said == ("holidays.brk could not be read as a calendar: it is damaged, cut short, or not "
                    "what its name says")
    assert not EXCEPTION_NAME.search(said)


@pytest.mark.parametrize(("name", "words"), [("pdfminer__simple1.pdf", ["Hello", "World"]),
                                             ("pdfminer__issue-1113-evil-xobjects.pdf", ["Hello"])])
def test_a_pdf_without_a_cross_reference_table_is_read(vault: Vault, name: str,
                                                       words: list[str]) -> None:
    path = wild() / "pdf" / name
    assert b"startxref" not in path.read_bytes()
    result = import_paths(vault, [path]).results[0]
    assert result.status == "added", result.reason
    assert all(found(vault, w, source_id=result.source_id) for w in words)


def test_a_damaged_mailbox_message_costs_only_itself(vault: Vault, tmp_path: Path) -> None:
    box = tmp_path / "old.mbox"
    box.write_bytes(b"\xef\xbb\xbf\nFrom ana@example.org Mon Mar  3 18:00:00 2025\nSubject: Choir\n\n"
                    b"Rehearsal moves to the chapel.\n\nFrom rui@example.org Tue Mar  4 08:00:00 2025\n"
                    b"Subject: =?x-unknown?Q?=FF?=\nContent-Type: text/plain; charset=\"no-such\"\n"
                    b"Content-Transfer-Encoding: base64\n\n!!!not base64!!!\n")
    result = import_paths(vault, [box]).results[0]
    assert result.status == "added", result.reason
    assert found(vault, "chapel")
