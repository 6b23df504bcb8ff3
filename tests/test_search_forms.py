"""The keyword index holds each passage's search form (vault.fts): a word in the middle of a
Japanese, Chinese or Korean sentence is found, compatibility characters (ﬁ, ², ½, ™, full-width
letters) are found by their plain form, and what is stored and quoted keeps the characters the
file had. A vault made by the old schema is reindexed when it opens."""

from __future__ import annotations

from pathlib import Path

from engine.search.retrieval import keyword_search
from tests.conftest import PASSPHRASE
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from tests.wild_support import wild
from vault import Keychain, Vault
from vault.db import open_encrypted
from vault.importers import parse_file
from vault.keys import KeySlot, new_data_key
from vault.schema import LATEST_VERSION, migrate
from vault.search import ranked_chunk_ids
from vault.sources import forget, import_paths, list_sources

TEST_KDF = 12

#: Real files from the shared folder, the codec their own encoding names, and words that sit in
#: the middle of a run of text with no space around them (checked against the reference decoding).
CJK_FILES = {
    "txt/chardet__EUC-JP__ude_1.txt": ("euc_jp", "内容の概略が記述されています",
                                       ["概略", "記述", "バージョン"]),
    "txt/chardet__Big5__ude_1.txt": ("big5", "始作者，維基媒體基金會也", ["基金會", "媒體"]),
    "txt/chardet__EUC-KR__ude_euc2.txt": ("euc_kr", "대한민국에서는", ["대한민국", "북조선"]),
}


def test_a_word_in_the_middle_of_a_cjk_sentence_is_found(vault: Vault) -> None:
    folder = wild()
    paths = [folder / name for name in CJK_FILES]
    assert [r.status for r in import_paths(vault, paths).results] == ["added"] * 3
    for name, (codec, sentence, words) in CJK_FILES.items():
        reference = (folder / name).read_bytes().decode(codec)
        assert sentence in reference
        for word in words:
            assert word in reference
            hits = keyword_search(vault, word, limit=5)
            assert hits and Path(hits[0].path).name == Path(name).name, (word, hits[:1])
            assert all(word in h.text for h in hits), word  # a quote holds the word as written
    # A question typed as one run of Japanese finds the passage that answers it first.
    hits = keyword_search(vault, "内容の概略が記述されていますか", limit=3)
    assert hits and "内容の概略が記述されています" in hits[0].text
    # A word that is not in any of them finds nothing (two characters that do occur, not together).
    assert keyword_search(vault, "概媒", limit=3) == []
    assert vault.check() == []


def test_a_forgotten_cjk_file_leaves_nothing_in_the_index(vault: Vault) -> None:
    path = wild() / "txt/chardet__EUC-JP__ude_1.txt"
    import_paths(vault, [path])
    assert keyword_search(vault, "概略", limit=3)
    forget(vault, list_sources(vault)[0].id)
    assert keyword_search(vault, "概略", limit=3) == []
    assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                           ('"概 略"',))[0] == 0
    assert vault.check() == []


def test_compatibility_characters_are_found_plain_and_quoted_as_written(vault: Vault,
                                                                      tmp_path: Path) -> None:
    text = ("Field notes from the misﬁts club: we measured 12 m² of moss, drank ½ cup of tea each,\n"
            "handed out Acme™ stickers and hung a ＷＥＬＣＯＭＥ banner by the ｶﾌｪ.\n")
    note = tmp_path / "club.txt"
    note.write_text(text, encoding="utf-8")
    assert import_paths(vault, [note]).results[0].status == "added"
    stored = vault.query_one("SELECT text FROM chunks")[0]
    assert stored.strip() == text.strip()  # stored as the file has it
    for query in ("misfits", "misﬁts", "m2", "welcome", "ＷＥＬＣＯＭＥ", "acme", "カフェ"):
        hits = keyword_search(vault, query, limit=3)
        assert len(hits) == 1, query
        quoted = hits[0].text + hits[0].snippet
        assert "misﬁts" in quoted and "m²" in quoted and "½" in quoted and "™" in quoted, query
        assert "ＷＥＬＣＯＭＥ" in quoted and "ｶﾌｪ" in quoted and "misfits" not in quoted, query
    # One-character words are left out of a person's query; the index still holds the folded ½.
    assert ranked_chunk_ids(vault, '"½"', limit=3) == ranked_chunk_ids(vault, '"1⁄2"', limit=3) != []
    assert ranked_chunk_ids(vault, '"m²"', limit=3) != []
    assert keyword_search(vault, "misfit", limit=3) != []  # a prefix of the folded word


def test_a_vault_made_by_the_old_schema_is_reindexed_when_opened(home: Path, no_keychain: Keychain) -> None:
    """Schema 8 indexed each passage's text as stored: a run of Japanese was one token. Opening
    it with this Hearth rebuilds the index from the passages, and every word is found."""
    path = wild() / "txt/chardet__EUC-JP__ude_1.txt"
    key = new_data_key()
    KeySlot.wrap(key, PASSPHRASE, vault_id="old", log2_n=TEST_KDF).save(home / "keyslot.json")
    conn = open_encrypted(home / "vault.db", key, create=True)
    migrate(conn, target=8)
    parsed = parse_file(path, path.read_bytes())
    conn.execute("BEGIN")  # the rows as Hearth wrote them then: the old trigger indexes each chunk
    source = conn.execute("INSERT INTO sources(uri, kind, title, size, mtime, sha256, meta, added_at, "
                          "updated_at) VALUES (?, ?, ?, 0, 0, '', '{}', 0, 0)",
                          (str(path), parsed.kind, parsed.title)).lastrowid
    for seq, doc in enumerate(parsed.documents):
        doc_id = conn.execute("INSERT INTO documents(source_id, seq, kind, title, sha256, meta) "
                              "VALUES (?, ?, ?, ?, ?, ?)", (source, seq, doc.kind, doc.title, doc.sha256,
                                                            doc.meta_json)).lastrowid
        conn.executemany("INSERT INTO chunks(document_id, seq, text, location) VALUES (?, ?, ?, ?)",
                         [(doc_id, i, c.text, c.location) for i, c in enumerate(doc.chunks)])
    conn.execute("COMMIT")
    # What the old index could do: the whole run, not a word inside it.
    assert conn.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                        ('"概略"',)).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                        ('"内容の概略が記述されています"',)).fetchone()[0] == 1
    chunks = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
    conn.close()
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
        assert v.schema_version() == LATEST_VERSION
        assert v.check() == []
        assert v.query_one("SELECT count(*) FROM chunks")[0] == chunks
        for word in ("概略", "記述", "バージョン", "universalchardet"):
            hits = keyword_search(v, word, limit=3)
            assert hits and word in hits[0].text, word
        # New passages are indexed in the new form, and forgetting still removes them.
        more = wild() / "txt/chardet__Big5__ude_1.txt"
        assert import_paths(v, [more]).results[0].status == "added"
        assert keyword_search(v, "基金會", limit=3)
        forget(v, next(s.id for s in list_sources(v) if s.path == str(more)))
        assert keyword_search(v, "基金會", limit=3) == []
        assert v.check() == []


def test_each_passage_is_indexed_once_however_it_was_written(vault: Vault, tmp_path: Path) -> None:
    """The importer indexes a batch of passages in one statement (the trigger stands aside for it);
    a passage written any other way is indexed by the trigger. Neither twice, neither never."""
    box = tmp_path / "inbox.mbox"
    box.write_bytes(b"".join(
        f"From ana@example.org Thu Feb 26 17:23:40 1998\nFrom: Ana <ana@example.org>\n"
        f"Subject: note {i}\n\nReference zq{i:04d} for the 会議室 booking.\n\n".encode() for i in range(300)))
    assert import_paths(vault, [box], stream_bytes=0).results[0].status == "added"
    for i in (0, 149, 299):
        assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                               (f'"zq{i:04d}"',))[0] == 1
    assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                           ('"会 議"',))[0] == 300
    with vault.transaction() as conn:  # written directly, as a tool or an older path might
        doc = conn.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
        conn.execute("INSERT INTO chunks(document_id, seq, text) VALUES (?, 99, ?)",
                     (doc, "A stray passage about the ｋｉｌｎ in the 工房."))
    assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", ('"kiln"',))[0] == 1
    assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", ('"工 房"',))[0] == 1
    assert vault.query_one("SELECT count(*) FROM chunks_fts")[0] == \
        vault.query_one("SELECT count(*) FROM chunks")[0] == 301
    assert vault.check() == []
