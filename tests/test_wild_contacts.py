"""Contact files from the shared folder of real files (Android, Outlook, Lotus Notes, Evolution,
iPhone, Gmail, BlackBerry exports): every card's name, numbers and address are searchable after
import, and one bad card never costs the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.wild import found
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from tests.wild_support import WILD, wild_is_here  # noqa: F401 - fails each test without the folder
from vault import Vault
from vault.sources import import_paths

#: Files vobject itself refuses or misreads, with words a person reads in them (checked below to
#: be in the file's bytes as written, quoted-printable decoded where the card encodes them).
HARD = {
    "ezvcard__John_Doe_ANDROID.vcf": ["john.doe@company.com", "henry@company.com", "55556666"],
    "ezvcard__John_Doe_LOTUS_NOTES.vcf": ["Generic Accountant", "Johny", "+1 (212) 204-34456"],
    "eds__5.vcf": ["十城目管理大型知座", "weird@weird.com"],
    "eds__8.vcf": ["Frank Dawson", "Battleford", "Raleigh"],
    "eds__12.vcf": ["Michael Brüning", "Münsterplatz", "Ulm", "Baden-Württemberg"],
    "ezvcard__outlook-2003.vcf": ["John Doe III", "123 Main St", "Austin", "TheProfession"],
    "ezvcard__outlook-2007.vcf": ["Michael Angstadt", "TheCompany"],
    "ezvcard__John_Doe_MS_OUTLOOK.vcf": ["John Richter", "Money Counter"],
}


def words(phrase: str) -> list[str]:
    import re

    return re.findall(r"\w+", phrase)


def in_file(path: Path, phrase: str) -> bool:
    import quopri

    data = path.read_bytes()
    unfolded = data.replace(b"=\r\n", b"").replace(b"=\n", b"")
    return phrase.encode() in data or phrase.encode() in quopri.decodestring(unfolded)


@pytest.mark.parametrize("name", sorted(HARD))
def test_cards_other_readers_refuse_are_read(vault: Vault, name: str) -> None:
    assert WILD is not None
    path = WILD / "vcf" / name
    result = import_paths(vault, [path]).results[0]
    assert result.status == "added", result.reason
    for phrase in HARD[name]:
        assert in_file(path, phrase), f"{phrase!r} is not in {name}"
        missing = [w for w in words(phrase) if not found(vault, w, source_id=result.source_id)]
        assert not missing, f"{name}: {phrase!r} not found ({missing})"


def test_every_name_vobject_reads_is_found(vault: Vault) -> None:
    """The format's reference reader, card by card: each full name it reads is searchable."""
    import vobject

    assert WILD is not None
    checked = 0
    for path in sorted((WILD / "vcf").glob("*.vcf")):
        try:
            cards = list(vobject.readComponents(path.read_text("utf-8"), ignoreUnreadable=True))
        except Exception:
            continue  # vobject cannot read it: the cases above
        result = import_paths(vault, [path]).results[0]
        assert result.status == "added", result.reason
        for card in cards:
            if "fn" not in card.contents:
                continue
            name = str(card.fn.value)
            missing = [w for w in words(name) if not found(vault, w, source_id=result.source_id)]
            assert not missing, f"{path.name}: {name!r} not found ({missing})"
            checked += 1
    assert checked >= 20


def test_one_bad_card_does_not_cost_the_file(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "phone-export.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
                     b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ni=C3=B3gr=C3=A1;Saoirse;;;\r\n"
                     b"TEL;CELL:087 123 4567\r\nEND:VCARD\r\n"
                     b"BEGIN:VCARD\r\nVERSION:2.1\r\n\x01\x02garbage without a colon\r\n"
                     b"N;ENCODING=QUOTED-PRINTABLE:=ZZ=\r\nEND:VCARD\r\n"
                     b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tadhg Breathnach\r\n"
                     b"ADR;TYPE=HOME:;;12 Quay Street;Dingle;;;Ireland\r\nEND:VCARD\r\n")
    result = import_paths(vault, [path]).results[0]
    assert result.status == "added", result.reason
    for word in ("Saoirse", "Niógrá", "4567", "Tadhg", "Dingle"):
        assert found(vault, word, source_id=result.source_id), word
    assert "passed over" in result.reason
