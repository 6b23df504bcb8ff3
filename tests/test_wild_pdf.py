"""PDFs from the shared folder of real files typeset with ligatures (pdfTeX, LibreOffice): a word
written with "ﬁ" or "ﬀ" is found by its letters after import."""

from __future__ import annotations

import re
import unicodedata

import pytest

from bench.wild import found
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from tests.wild_support import WILD, wild_is_here  # noqa: F401 - fails each test without the folder
from vault import Vault
from vault.sources import import_paths

LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04"


def ligature_words(name: str) -> set[str]:
    """Words that pypdf reads with a ligature in them, as a person would type them."""
    from pypdf import PdfReader

    assert WILD is not None
    text = "".join(page.extract_text() or "" for page in PdfReader(WILD / "pdf" / name).pages)
    return {unicodedata.normalize("NFKC", w) for w in re.findall(r"\w+", text)
            if any(ch in LIGATURES for ch in w)}


@pytest.mark.parametrize("name", ["pypdf__crazyones.pdf", "pdfsamples__crazyones-pdfa.pdf",
                                  "pdfsamples__multicolumn.pdf", "pypdf__attachment.pdf"])
def test_words_with_ligatures_are_found_by_their_letters(vault: Vault, name: str) -> None:
    assert WILD is not None
    words = ligature_words(name)
    assert words, "pypdf reads no ligature in this file"
    result = import_paths(vault, [WILD / "pdf" / name]).results[0]
    assert result.status == "added", result.reason
    missing = sorted(w for w in words if not found(vault, w, source_id=result.source_id))
    assert not missing, missing
    if "crazyones" in name:
        assert "misfits" in words and found(vault, "misfits", source_id=result.source_id)
