"""Mailboxes from the shared folder of real files, read as mail clients read them: an mbox with
Content-Length framing, one whose bodies hold unquoted "From " lines, one with a byte order mark
or a blank line before its first envelope; whole and streamed alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.wild import found
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from tests.wild_support import WILD, wild_is_here  # noqa: F401 - fails each test without the folder
from vault import Vault
from vault.sources import import_paths


def documents(vault: Vault, source_id: int | None) -> list[str]:
    return [r[0] for r in vault.query("SELECT title FROM documents WHERE source_id = ? ORDER BY id",
                                      (source_id,))]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_unquoted_from_lines_stay_in_their_message(vault: Vault, stream: bool) -> None:
    assert WILD is not None
    path = WILD / "mbox" / "mimekit__unmunged.mbox"
    assert path.read_bytes().count(b"\nFrom Russia with love") == 2
    result = import_paths(vault, [path], stream_bytes=0 if stream else 1 << 30).results[0]
    assert result.status == "added", result.reason
    assert documents(vault, result.source_id) == [
        "This is a test message with an unmunged From line",
        "Another test message with an unmunged From line"]
    bodies = [r[0] for r in vault.query("SELECT c.text FROM chunks c JOIN documents d ON d.id = "
                                        "c.document_id WHERE d.source_id = ?", (result.source_id,))]
    assert all("From Russia with love" in b for b in bodies)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_content_length_framing_is_followed(vault: Vault, tmp_path: Path, stream: bool) -> None:
    body = (b"Forwarded, as it was:\n\nFrom ana@example.org Mon Jan  1 10:00:00 2024\n"
            b"Subject: the old one\n\nThe ferry leaves at seven.\n")
    box = tmp_path / "netscape.mbox"
    box.write_bytes(b"From - Tue Mar  4 09:30:00 2025\nFrom: Rui <rui@example.org>\n"
                    b"Subject: Forwarded ferry times\nContent-Length: " + str(len(body)).encode()
                    + b"\n\n" + body + b"\nFrom - Wed Mar  5 10:00:00 2025\nFrom: Ana <ana@example.org>\n"
                    b"Subject: Dinner\n\nSoup at eight.\n")
    result = import_paths(vault, [box], stream_bytes=0 if stream else 1 << 30).results[0]
    assert result.status == "added", result.reason
    assert documents(vault, result.source_id) == ["Forwarded ferry times", "Dinner"]
    assert found(vault, "ferry") and found(vault, "Soup")


def test_real_mailboxes_keep_every_message(vault: Vault) -> None:
    """As many messages as Python's mailbox module reads in these (none has unquoted From lines)."""
    import mailbox

    assert WILD is not None
    for name, count, word in [("mimekit__content-length.mbox", 29, "cache"),
                              ("mboxparser__testbox.mbox", 9, "VPARSEVAL"),
                              ("mimekit__issue1189.mbox", 4, "Message")]:
        assert len(mailbox.mbox(WILD / "mbox" / name)) == count
        result = import_paths(vault, [WILD / "mbox" / name]).results[0]
        assert result.status == "added", result.reason
        assert len(documents(vault, result.source_id)) == count, name
        assert found(vault, word, source_id=result.source_id)


def test_the_fast_reading_of_plain_messages_gives_what_the_email_package_gives() -> None:
    """Plain one-part messages skip the e-mail package; every message of the real mailboxes and
    of the benchmark's corpus gives the same document both ways (the fast way must be taken
    for most of them, or the test proves nothing)."""
    import email
    import email.policy

    from bench.mail_corpus import messages
    from vault.importers import mail
    from vault.importers.mbox import split_mbox

    assert WILD is not None
    raws = [raw for box in sorted((WILD / "mbox").glob("*.mbox"))
            for _, raw in split_mbox(box.open("rb"), start=0) if raw is not None]
    raws += list(messages(600))
    fast = 0
    for raw in raws:
        body = raw.split(b"\n", 1)[1] if raw.startswith(b"From ") else raw
        fast += mail._simple_message(body) is not None
        quick = mail.mbox_message_document(raw)
        full = mail.message_document(email.message_from_bytes(body, policy=email.policy.compat32))
        assert (quick and quick.sha256, quick and quick.meta) == (full and full.sha256, full and full.meta)
    assert fast > len(raws) / 2
