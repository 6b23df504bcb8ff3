"""The answer benchmark's corpora: every format, every fact findable in what the importers extract.

Each corpus is written to a temporary folder and imported into a real (SQLCipher) vault with the
real importers; the facts are then checked against the stored chunk text, not the files as
written, because the benchmark's correctness rests on what retrieval can see.
"""

from __future__ import annotations

import struct
from collections import Counter
from pathlib import Path

import pytest

from bench.answer_corpus import KINDS, NAMES, Corpus, build
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from vault import Vault
from vault.sources import import_paths

FORMATS = ("md", "txt", "pdf", "html", "eml", "mbox", "ics", "vcf")
#: Formats whose parsing is the least like plain text: each needs several questions.
HARD_FORMATS = ("pdf", "eml", "mbox", "ics", "vcf", "html")


def fake_embed(texts: list[str]) -> list[bytes]:
    """A stand-in at the embed seam (this test is about the text, not the vectors)."""
    return [struct.pack("<4f", len(t), t.count(" "), 1.0, 0.0) for t in texts]


def collapse(text: str) -> str:
    return " ".join(text.split()).lower()


def imported_text(vault: Vault) -> dict[str, list[str]]:
    """File name → its chunks' text as stored in the vault."""
    rows = vault.query("SELECT s.uri, c.text FROM chunks c JOIN documents d ON d.id = c.document_id "
                       "JOIN sources s ON s.id = d.source_id ORDER BY s.uri, d.seq, c.seq")
    chunks: dict[str, list[str]] = {}
    for uri, text in rows:
        chunks.setdefault(Path(uri).name, []).append(text)
    return chunks


def everything_stored(vault: Vault) -> str:
    """All text a reader of the vault could see: chunks, their locations, document and source titles."""
    parts = [r[0] for r in vault.query("SELECT text || ' ' || location FROM chunks")]
    parts += [r[0] for r in vault.query("SELECT title FROM documents")]
    parts += [r[0] for r in vault.query("SELECT title FROM sources")]
    return collapse("\n".join(parts))


def test_every_corpus_is_checked() -> None:
    assert NAMES == ("a", "b", "c", "d", "e", "f")


@pytest.mark.parametrize("name", NAMES)
def test_corpus_imports_and_holds_every_fact(name: str, vault: Vault, tmp_path: Path) -> None:
    root = tmp_path / name
    corpus = build(name, root)
    formats = Counter(p.suffix.lstrip(".") for p in corpus.files)
    assert all(formats[f] >= 1 for f in FORMATS), formats
    assert len(corpus.files) >= 25 and len(set(corpus.files)) == len(corpus.files)
    assert all(p.is_file() and p.parent == root for p in corpus.files)

    report = import_paths(vault, [root], embed=fake_embed, embed_model="fake")
    statuses = {Path(r.path).name: (r.status, r.reason) for r in report.results}
    assert statuses == {p.name: ("added", "") for p in corpus.files}
    chunks = imported_text(vault)
    stored = everything_stored(vault)

    assert len(corpus.facts) >= 40
    assert len({f.question for f in corpus.facts}) == len(corpus.facts)
    names = {p.name for p in corpus.files}
    per_format = Counter(Path(f.file).suffix.lstrip(".") for f in corpus.facts)
    assert all(per_format[f] >= 3 for f in HARD_FORMATS), per_format
    for fact in corpus.facts:
        assert fact.file in names, fact
        assert fact.kind in KINDS, fact
        assert fact.answers and all(a.strip() for a in fact.answers), fact
        first = fact.answers[0]
        assert first.lower() not in fact.question.lower(), f"the question gives its answer away: {fact}"
        # In the extracted text of its file, whitespace-collapsed …
        assert collapse(first) in collapse("\n".join(chunks[fact.file])), fact
        # … and whole on one line of one chunk, so that a verbatim quote can hold it.
        lines = [line.lower() for text in chunks[fact.file] for line in text.split("\n")]
        assert any(first.lower() in line for line in lines), fact
        # The wrong value is of the same sort but appears nowhere a reader of the vault could see it.
        assert fact.wrong.strip() and collapse(fact.wrong) not in stored, fact
        assert all(collapse(fact.wrong) != collapse(a) for a in fact.answers), fact

    assert len(corpus.open_requests) >= 20
    assert len(set(corpus.open_requests)) == len(corpus.open_requests)


def test_the_corpora_do_not_overlap(tmp_path: Path) -> None:
    corpora: dict[str, Corpus] = {name: build(name, tmp_path / name) for name in NAMES}
    ids = ("code", "phone", "email")
    for i, first in enumerate(NAMES):
        for second in NAMES[i + 1:]:
            x, y = corpora[first], corpora[second]
            assert not {p.name for p in x.files} & {p.name for p in y.files}, (first, second)
            assert not {f.question for f in x.facts} & {f.question for f in y.facts}, (first, second)
            # Different people: no code, phone number or e-mail address in common (a time or a date may be).
            ids_x = {a.lower() for f in x.facts if f.kind in ids for a in f.answers}
            ids_y = {a.lower() for f in y.facts if f.kind in ids for a in f.answers}
            assert not ids_x & ids_y, (first, second)
            assert not set(x.open_requests) & set(y.open_requests), (first, second)
    # Written the same way every time, so that results from different runs compare.
    for name in NAMES:
        again = build(name, tmp_path / f"again-{name}")
        assert [p.read_bytes() for p in again.files] == [p.read_bytes() for p in corpora[name].files], name
    with pytest.raises(ValueError):
        build("z", tmp_path / "z")
