"""Text in the encodings people's files are really in, from the shared folder of real files:
imported through ``hearth add``'s path into a real vault, each file's own words are then found
by a keyword search (the file's encoding is named by the folder it came from: chardet's, gmime's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.wild import found
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from tests.wild_support import WILD, wild_is_here  # noqa: F401 - fails each test without the folder
from vault import Vault
from vault.importers.encoding import sniff
from vault.sources import import_paths

#: (file, a word it holds, the encoding it is in): each word is read from the file in that
#: encoding by the test below, so a wrong decoding cannot pass.
CASES = [
    ("txt/chardet__KOI8-R__ude_1.txt", "мышлению", "koi8-r"),
    ("html/chardet__KOI8-R__chromium_KOI8-R_with_no_encoding_specified.html", "оправдались", "koi8-r"),
    ("txt/gmime__cyrillic.koi8-r.txt", "нострум", "koi8-r"),
    ("txt/chardet__iso-8859-7-greek__ude_1.txt", "ικανοποιεί", "iso-8859-7"),
    ("txt/chardet__IBM866__ude_1.txt", "Эйнштейна", "cp866"),
    ("txt/chardet__windows-1251-russian__ude_1.txt", "мышлению", "cp1251"),
    ("txt/chardet__MacCyrillic__ude_1.txt", "мышлению", "mac-cyrillic"),
    ("txt/chardet__SHIFT_JIS__ude_4.txt", "十戒について", "shift_jis"),
    ("html/chardet__SHIFT_JIS__chromium_Shift-JIS_with_no_encoding_specified.html", "民主党は",
     "shift_jis"),
    ("html/chardet__EUC-JP__mozilla_bug620106_text.html", "もう一度テスト", "euc-jp"),
    ("txt/chardet__iso-2022-jp__ude_1.txt", "AppWizard", "iso-2022-jp"),
    ("txt/chardet__Johab_mdir-doc.txt", "사용설명서", "johab"),
    ("txt/chardet__EUC-KR__ude_euc2.txt", "북조선", "euc-kr"),
    ("txt/chardet__Big5__ude_1.txt", "大典得幸", "big5"),
    ("txt/chardet__UTF-16LE_nobom-utf16le.txt", "DateTime", "utf-16-le"),
    ("txt/chardet__UTF-16BE_nobom-utf16be.txt", "DateTime", "utf-16-be"),
    ("txt/chardet__UTF-32LE_nobom-utf32le.txt", "DateTime", "utf-32-le"),
    ("html/chardet__UTF-16LE_plane1-utf-16le.html", "Supplementary", "utf-16-le"),
    ("html/chardet__UTF-32BE_plane1-utf-32be.html", "Supplementary", "utf-32-be"),
    ("txt/chardet__iso-8859-1__ude_2.txt", "séjour", "iso-8859-1"),
    ("txt/chardet__iso-8859-1__ude_6.txt", "elämään", "iso-8859-1"),
    ("txt/chardet__iso-8859-2-hungarian__ude_1.txt", "erősre", "iso-8859-2"),
    ("txt/chardet__windows-1250-polish__ude_1.txt", "udziałem", "cp1250"),
    ("txt/chardet__iso-8859-9-turkish_wikitop_tr_ISO-8859-9.txt", "sırada", "iso-8859-9"),
    ("html/chardet__windows-1255-hebrew__chromium_windows-1255_with_no_encoding_specified.html",
     "אזרחינו", "cp1255"),
    ("eml/mail__japanese_shift_jis.eml", "あいうえお", "shift_jis"),
]


@pytest.mark.parametrize(("name", "word", "encoding"), CASES, ids=[c[0] for c in CASES])
def test_a_word_of_the_file_is_found_after_import(vault: Vault, name: str, word: str,
                                                  encoding: str) -> None:
    assert WILD is not None
    path = WILD / name
    assert word.encode(encoding) in path.read_bytes(), "the word is not in the file in that encoding"
    report = import_paths(vault, [path])
    result = report.results[0]
    assert result.status == "added", result.reason
    assert found(vault, word, source_id=result.source_id)


def test_a_declared_charset_comes_before_detection() -> None:
    # Bytes that are valid KOI8-R and valid windows-1251: only the declaration can tell.
    data = "Привет, как дела? Всё хорошо, спасибо.".encode("cp1251")
    assert sniff(data, declared="windows-1251") == "cp1251"
    assert sniff(data, declared="koi8-r") == "koi8-r"
    assert sniff(data, declared="no-such-charset") is not None  # unknown label: detection decides
    assert sniff("\ufeffhello".encode("utf-16")) == "utf-16"  # a byte order mark wins over both
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00") is None


def test_a_large_text_streams_in_the_encoding_of_its_head(vault: Vault, tmp_path: Path) -> None:
    lines = [f"Строка номер {i}: пароль от подвала - сорок два." for i in range(2000)]
    path = tmp_path / "дневник.txt"
    path.write_bytes("\n".join(lines).encode("koi8-r"))
    report = import_paths(vault, [path], stream_bytes=0)
    assert report.results[0].status == "added", report.results[0].reason
    assert found(vault, "подвала") and found(vault, "1999")
