"""The vault's schema and its versioned migrations.

``PRAGMA user_version`` holds the schema version. Each migration runs in the
same transaction as the version bump, so a crash mid-migration leaves the old
version intact. Add new migrations at the end; never edit a released one.
"""

from __future__ import annotations

from typing import Any

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    body       TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX notes_created ON notes(created_at);
CREATE TABLE conversations (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL DEFAULT '',
    model         TEXT NOT NULL DEFAULT '',
    system_prompt TEXT NOT NULL DEFAULT '',
    created_at    REAL NOT NULL,
    updated_at    REAL NOT NULL
);
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content         TEXT NOT NULL,
    meta            TEXT NOT NULL DEFAULT '{}',
    created_at      REAL NOT NULL
);
CREATE INDEX messages_conversation ON messages(conversation_id, id);
"""),
    (2, """
CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id',
                                          tokenize='unicode61 remove_diacritics 2');
INSERT INTO notes_fts(rowid, body) SELECT id, body FROM notes;
CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER notes_au AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);
END;

CREATE TABLE sources (
    id         INTEGER PRIMARY KEY,
    uri        TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    size       INTEGER NOT NULL DEFAULT 0,
    mtime      REAL NOT NULL DEFAULT 0,
    sha256     TEXT NOT NULL DEFAULT '',
    original   BLOB,
    meta       TEXT NOT NULL DEFAULT '{}',
    added_at   REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE documents (
    id        INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    title     TEXT NOT NULL DEFAULT '',
    sha256    TEXT NOT NULL DEFAULT '',
    meta      TEXT NOT NULL DEFAULT '{}',
    UNIQUE (source_id, seq)
);
CREATE TABLE chunks (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    location    TEXT NOT NULL DEFAULT '',
    embedding   BLOB,
    embed_model TEXT NOT NULL DEFAULT '',
    UNIQUE (document_id, seq)
);
CREATE VIRTUAL TABLE chunks_fts USING fts5(text, content='chunks', content_rowid='id',
                                           tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER chunks_au AFTER UPDATE OF text ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TABLE memory (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL DEFAULT 'fact',
    text       TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE forgotten (
    id           INTEGER PRIMARY KEY,
    what         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    forgotten_at REAL NOT NULL
);
"""),
    (3, """
CREATE TABLE identity (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    did        TEXT NOT NULL,
    secret_jwk TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE apps (
    did        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    exe_path   TEXT NOT NULL DEFAULT '',
    first_seen REAL NOT NULL,
    last_seen  REAL NOT NULL
);
CREATE TABLE grants (
    id           TEXT PRIMARY KEY,
    app_did      TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    purpose      TEXT NOT NULL DEFAULT '',
    mode         TEXT NOT NULL CHECK (mode IN ('until_expiry', 'once')),
    vc_jwt       TEXT NOT NULL,
    issued_at    REAL NOT NULL,
    expires_at   REAL NOT NULL,
    revoked_at   REAL,
    last_used_at REAL,
    use_count    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX grants_app ON grants(app_did);
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    ts        REAL NOT NULL,
    app_did   TEXT NOT NULL,
    app_name  TEXT NOT NULL DEFAULT '',
    scope     TEXT NOT NULL DEFAULT '',
    items     TEXT NOT NULL DEFAULT '[]',
    decision  TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
    reason    TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_app ON audit(app_did, seq);
"""),
    (4, """
CREATE TABLE grant_requests (
    id         TEXT PRIMARY KEY,
    app_did    TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    purpose    TEXT NOT NULL DEFAULT '',
    mode       TEXT NOT NULL CHECK (mode IN ('until_expiry', 'once')),
    days       INTEGER NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired')),
    grant_id   TEXT,
    created_at REAL NOT NULL,
    decided_at REAL
);
CREATE INDEX grant_requests_status ON grant_requests(status, created_at);
"""),
    (5, """
CREATE TABLE eval_runs (
    id         INTEGER PRIMARY KEY,
    set_name   TEXT NOT NULL,
    set_sha256 TEXT NOT NULL,
    models     TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE eval_results (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
    model          TEXT NOT NULL,
    item_index     INTEGER NOT NULL,
    task           TEXT NOT NULL,
    score          REAL NOT NULL,
    passed         INTEGER NOT NULL,
    latency_s      REAL NOT NULL,
    ttft_s         REAL NOT NULL,
    tokens_per_s   REAL NOT NULL,
    tokens_out     INTEGER NOT NULL DEFAULT 0,
    output         TEXT NOT NULL DEFAULT '',
    error          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX eval_results_run ON eval_results(run_id, model, task);
"""),
    (6, """
CREATE TABLE network_log (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('download', 'hub_api', 'model_call')),
    host       TEXT NOT NULL,
    method     TEXT NOT NULL DEFAULT 'GET',
    path       TEXT NOT NULL DEFAULT '',
    bytes_out  INTEGER NOT NULL DEFAULT 0,
    bytes_in   INTEGER NOT NULL DEFAULT 0,
    sha256     TEXT NOT NULL DEFAULT '',
    personal   INTEGER NOT NULL DEFAULT 0,
    consent    TEXT,
    status     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    started_by TEXT NOT NULL DEFAULT '',
    started_at REAL NOT NULL,
    ended_at   REAL NOT NULL
);
CREATE INDEX network_log_started ON network_log(started_at);
"""),
    (7, """
CREATE TABLE import_progress (
    source_id     INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    checked       INTEGER NOT NULL,
    prefix_sha256 TEXT NOT NULL,
    documents     INTEGER NOT NULL DEFAULT 0,
    updated_at    REAL NOT NULL
);
CREATE TABLE watched_folders (
    path       TEXT PRIMARY KEY,
    added_at   REAL NOT NULL,
    scanned_at REAL NOT NULL DEFAULT 0
);
ALTER TABLE conversations ADD COLUMN source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE;
CREATE INDEX conversations_source ON conversations(source_id);
CREATE INDEX chunks_unembedded ON chunks(id) WHERE embedding IS NULL;
"""),
    # Merge the index's segments eight at a time rather than four: a million-message mailbox
    # is stored with a sixth less CPU (bench/import.py), queries read a few more segments.
    (8, """
INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('automerge', 8);
"""),
    # The index holds each chunk's search form (vault.fts.search_text: NFKC-folded, a token per
    # CJK character), not its text as stored; contentless, so a delete needs only the rowid.
    # Rebuilt from the chunks: a vault of a million passages takes about a minute, once.
    (9, """
DROP TRIGGER chunks_ai;
DROP TRIGGER chunks_ad;
DROP TRIGGER chunks_au;
DROP TABLE chunks_fts;
CREATE VIRTUAL TABLE chunks_fts USING fts5(text, content='', contentless_delete=1,
                                           tokenize='unicode61 remove_diacritics 2');
INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('automerge', 8);
INSERT INTO chunks_fts(rowid, text) SELECT id, hearth_search_text(text) FROM chunks;
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, hearth_search_text(new.text));
END;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    DELETE FROM chunks_fts WHERE rowid = old.id;
END;
CREATE TRIGGER chunks_au AFTER UPDATE OF text ON chunks BEGIN
    DELETE FROM chunks_fts WHERE rowid = old.id;
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, hearth_search_text(new.text));
END;
"""),
    # A writer of many passages indexes them itself, in one statement per batch (vault.fts.
    # indexed_in_bulk): the trigger stands aside for it, and indexes every other insert.
    (10, """
DROP TRIGGER chunks_ai;
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks WHEN hearth_index_each() BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, hearth_search_text(new.text));
END;
"""),
]

LATEST_VERSION = MIGRATIONS[-1][0]


def migrate(conn: Any, *, target: int = LATEST_VERSION) -> int:
    """Bring the schema up to ``target``; returns the version it started at."""
    start = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if start > LATEST_VERSION:
        from vault.errors import VaultCorrupt

        raise VaultCorrupt(
            f"this vault has schema version {start}, newer than this Hearth ({LATEST_VERSION}); "
            "update Hearth to open it")
    for version, sql in MIGRATIONS:
        if start < version <= target:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    return start


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    out: list[str] = []
    current: list[str] = []
    in_trigger = False
    for line in sql.strip().splitlines():
        current.append(line)
        stripped = line.strip().upper()
        if stripped.startswith("CREATE TRIGGER"):
            in_trigger = True
        if in_trigger:
            if stripped == "END;":
                out.append("\n".join(current))
                current, in_trigger = [], False
        elif stripped.endswith(";"):
            out.append("\n".join(current))
            current = []
    if "".join(current).strip():
        out.append("\n".join(current))
    return out
