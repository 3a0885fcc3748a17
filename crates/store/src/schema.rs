//! The schema and its migrations, and the checks that keep the store from touching a foreign file.
//!
//! `PRAGMA user_version` holds the schema version; `PRAGMA application_id` marks the file as a
//! storyweave store so another program's SQLite database is refused rather than written into.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, TransactionBehavior};

use crate::StoreError;

/// `application_id` of a storyweave store: "swvs" in ASCII.
pub(crate) const APPLICATION_ID: i32 = 0x7377_7673;

/// Migration `i` takes the schema from version `i` to `i + 1`. Append only: a released entry never
/// changes, because stores in the wild have already run it.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Version 1. Typed columns hold what queries filter, join or sort on; `data` holds the whole
/// record as JSON, so the model can grow fields without a migration.
const V1: &str = r#"
CREATE TABLE documents (
    seq       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    path      TEXT NOT NULL,
    record_no INTEGER,
    format    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    url       TEXT,
    outlet    TEXT,
    published TEXT,
    raw       BLOB NOT NULL,
    data      TEXT NOT NULL
);

CREATE TABLE articles (
    seq       INTEGER PRIMARY KEY,
    doc_id    TEXT NOT NULL UNIQUE REFERENCES documents(id),
    title     TEXT,
    outlet    TEXT NOT NULL,
    published TEXT,
    url       TEXT,
    data      TEXT NOT NULL
);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE copy_links (
    seq      INTEGER PRIMARY KEY,
    copy     TEXT NOT NULL REFERENCES documents(id),
    original TEXT NOT NULL REFERENCES documents(id),
    kind     TEXT NOT NULL,
    data     TEXT NOT NULL
);
CREATE INDEX copy_links_copy ON copy_links(copy);
CREATE INDEX copy_links_original ON copy_links(original);

CREATE TABLE stories (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    first_seen TEXT,
    last_seen  TEXT,
    data       TEXT NOT NULL
);
CREATE INDEX stories_first_seen ON stories(first_seen, id);

CREATE TABLE story_articles (
    story    TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    doc_id   TEXT NOT NULL REFERENCES documents(id),
    PRIMARY KEY (story, position)
) WITHOUT ROWID;
CREATE INDEX story_articles_doc ON story_articles(doc_id);

CREATE TABLE analyses (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id),
    data   TEXT NOT NULL
);

CREATE TABLE briefs (
    story TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    data  TEXT NOT NULL
);

-- One index for articles and stories so their bm25 scores compare. rowid = articles.seq for an
-- article and -stories.seq for a story: stories are dropped with one rowid range.
CREATE VIRTUAL TABLE fts USING fts5(
    title,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"#;

/// Version 2: the dedup stage's persistent index. Every article the stage has checked has a row
/// in `dedup_checked`; an original also has its MinHash sketch and LSH keys in
/// `dedup_originals`, a copy its row in `copy_links`, which from now on grows with each article
/// instead of being replaced with the derived state. The keys of recent originals are looked up
/// in memory (rebuilt from `dedup_originals` at open) and merged into the key-ordered
/// `dedup_keys` in bulk (see `copies.rs`); `dedup_meta.merges` counts the merges, so every
/// connection can tell when its in-memory part is stale. Stores of version 1 get their articles
/// checked at the next ingest, since none of them has a `dedup_checked` row.
const V2: &str = r#"
CREATE TABLE dedup_checked (
    article INTEGER PRIMARY KEY REFERENCES articles(seq)
);

CREATE TABLE dedup_originals (
    article   INTEGER PRIMARY KEY REFERENCES articles(seq),
    shingles  INTEGER NOT NULL,
    exact     INTEGER NOT NULL,
    signature BLOB NOT NULL,
    keys      BLOB NOT NULL,
    merged    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dedup_originals_recent ON dedup_originals(article) WHERE merged = 0;

CREATE TABLE dedup_keys (
    key     INTEGER NOT NULL,
    article INTEGER NOT NULL REFERENCES articles(seq),
    PRIMARY KEY (key, article)
) WITHOUT ROWID;

CREATE TABLE dedup_meta (
    merges INTEGER NOT NULL
);
INSERT INTO dedup_meta (merges) VALUES (0);

DELETE FROM copy_links;
"#;

/// Version 3: the dedup keys as a log-structured merge tree (see `copies.rs`). Flushed keys live
/// in immutable key-ordered runs, each its own table `dedup_run_<id>` listed in `dedup_runs`
/// with the originals it holds, its key count and its Bloom filter; `dedup_originals.merged`
/// now means "flushed into a run", and `dedup_meta.merges` counts flushes and merges. The one
/// merged table of version 2 becomes run 1, holding every originally merged original; its
/// filter is built at the next check (an empty one is dropped then).
const V3: &str = r#"
CREATE TABLE dedup_runs (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    originals INTEGER NOT NULL,
    entries   INTEGER,
    filter    BLOB
);

ALTER TABLE dedup_keys RENAME TO dedup_run_1;
INSERT INTO dedup_runs (id, originals) SELECT 1, count(*) FROM dedup_originals WHERE merged = 1;
UPDATE dedup_meta SET merges = merges + 1;
"#;

/// Version 4: runs are built a bounded step at a time (see `copies.rs`). The run under
/// construction (at most one) is listed with `building = 1` and is not looked up until it is
/// complete; `done_key`, `done_article` are the last entry written to it, `upto` (a flush) the
/// last original it takes from memory, and `entries` the filter capacity until it is complete;
/// `filter` holds, while it is built, the filter of its first `filter_entries` entries, up to
/// `filter_key`, `filter_article` (saved when a store is closed). The inputs of a merge name
/// their target in `into_run`, and are looked up until it replaces them. Every run of version 3
/// is complete.
const V4: &str = r#"
ALTER TABLE dedup_runs ADD COLUMN building INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dedup_runs ADD COLUMN upto INTEGER;
ALTER TABLE dedup_runs ADD COLUMN done_key INTEGER;
ALTER TABLE dedup_runs ADD COLUMN done_article INTEGER;
ALTER TABLE dedup_runs ADD COLUMN into_run INTEGER;
ALTER TABLE dedup_runs ADD COLUMN filter_key INTEGER;
ALTER TABLE dedup_runs ADD COLUMN filter_article INTEGER;
ALTER TABLE dedup_runs ADD COLUMN filter_entries INTEGER;
"#;

/// Version 5: the originals not flushed yet are listed in `dedup_recent` in the order they were
/// recorded (`n`), so a flush takes those up to an `n`, and completing it deletes small rows
/// instead of rewriting every flushed original's row; an article recorded while a flush is under
/// way is never taken for flushed, whatever its `articles.seq`. A flush under way (its `upto` an
/// article until now) takes the same originals by their `n`. `dedup_originals.merged` is no
/// longer used.
const V5: &str = r#"
CREATE TABLE dedup_recent (
    n       INTEGER PRIMARY KEY AUTOINCREMENT,
    article INTEGER NOT NULL REFERENCES dedup_originals(article)
);
INSERT INTO dedup_recent (article) SELECT article FROM dedup_originals WHERE merged = 0 ORDER BY article;
UPDATE dedup_runs SET upto = (SELECT coalesce(max(n), 0) FROM dedup_recent WHERE article <= dedup_runs.upto)
WHERE upto IS NOT NULL;
DROP INDEX dedup_originals_recent;
"#;

/// Set the connection up and bring the schema to [`SCHEMA_VERSION`], refusing foreign and newer files.
pub(crate) fn prepare(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let open_err = |source: rusqlite::Error| classify(path, source);
    // The first statement that reads the file header is where a non-SQLite file shows itself.
    conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(open_err)?;
    let (app_id, version) = header(conn).map_err(open_err)?;
    check(conn, path, app_id, version)?;

    // WAL: readers never block the writer. It is persistent in the file, and an in-memory
    // database answers "memory", which is fine.
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).map_err(open_err)?;
    // NORMAL is durable against a killed process under WAL; only power loss can drop the last commits.
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;").map_err(open_err)?;
    // The dedup index is looked up at random keys: a page cache of 64 MiB and reads through a
    // memory map keep its B-tree pages in memory instead of a read call per page. Checkpoints
    // every 64 MiB of WAL rather than 4 MiB spread their syncs over more writes.
    conn.execute_batch(
        "PRAGMA cache_size = -65536; PRAGMA mmap_size = 2147418112; PRAGMA wal_autocheckpoint = 16384;",
    )
    .map_err(open_err)?;

    if version < SCHEMA_VERSION {
        migrate(conn, path).map_err(|e| match e {
            StoreError::Sqlite(source) => classify(path, source),
            other => other,
        })?;
    }
    Ok(())
}

fn header(conn: &Connection) -> rusqlite::Result<(i32, u32)> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    // user_version is a signed 32-bit header field; a foreign file may hold a negative one.
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((app_id, u32::try_from(version).unwrap_or(u32::MAX)))
}

fn check(conn: &Connection, path: &Path, app_id: i32, version: u32) -> Result<(), StoreError> {
    let not_a_store = |reason: String| StoreError::NotAStore { path: path.to_owned(), reason };
    if app_id != APPLICATION_ID && app_id != 0 {
        return Err(not_a_store(format!("SQLite database of another application, id {app_id:#010x}")));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: path.to_owned(), found: version, supported: SCHEMA_VERSION });
    }
    if app_id == 0 {
        // Unmarked: only an empty database may become a store; anything else belongs to someone else.
        let objects: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        if objects > 0 || version > 0 {
            return Err(not_a_store("SQLite database with other contents".into()));
        }
    }
    Ok(())
}

/// Apply the missing migrations in one transaction. The version is read again under the write
/// lock, so two processes creating the same store do not both migrate it.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (app_id, version) = header(&tx)?;
    check(&tx, path, app_id, version)?;
    for (from, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", from as u32 + 1)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

/// Name the two failures a user can act on; everything else keeps SQLite's own words.
fn classify(path: &Path, source: rusqlite::Error) -> StoreError {
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            StoreError::NotAStore { path: path.to_owned(), reason: "not an SQLite database".into() }
        }
        _ => StoreError::Open { path: path.to_owned(), source },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn fresh_store_is_marked_and_at_the_latest_version() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let app_id: i32 = store.conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
        assert_eq!(app_id, APPLICATION_ID);
        let fk: i64 = store.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn bundled_sqlite_has_fts5() {
        let store = Store::open_in_memory().unwrap();
        let fts5: i64 = store
            .conn
            .query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fts5, 1);
    }

    #[test]
    fn file_store_uses_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let timeout: i64 = store.conn.query_row("PRAGMA busy_timeout", [], |r| r.get(0)).unwrap();
        assert!(timeout > 0);
    }

    #[test]
    fn migrating_is_idempotent_and_reopening_keeps_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        for _ in 0..3 {
            let store = Store::open(&path).unwrap();
            assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        }
    }

    #[test]
    fn refuses_a_file_that_is_not_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        let text = "This is a text file, not a database, and long enough to hold a header. ".repeat(20);
        std::fs::write(&path, &text).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err:?}");
        assert!(err.to_string().contains("not a storyweave store"), "{err}");
        // Refusing must not have written anything.
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }

    #[test]
    fn refuses_a_newer_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        drop(Store::open(&path).unwrap());
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 7).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, StoreError::TooNew { found: 7, .. }), "{err:?}");
        let expected = format!("store schema version 7 is newer than this storyweave ({SCHEMA_VERSION})");
        assert!(err.to_string().contains(&expected), "{err}");
    }

    #[test]
    fn refuses_an_unmarked_newer_file_as_too_new() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 7).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, StoreError::TooNew { found: 7, .. }), "{err:?}");
    }

    #[test]
    fn refuses_another_programs_database() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let err = Store::open(&other).err().unwrap();
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err:?}");

        let marked = dir.path().join("marked.db");
        Connection::open(&marked).unwrap().pragma_update(None, "application_id", 42).unwrap();
        let err = Store::open(&marked).err().unwrap();
        assert!(err.to_string().contains("another application"), "{err}");
    }

    #[test]
    fn refuses_a_directory_without_panicking() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Store::open(dir.path()).is_err());
    }

    #[test]
    fn refuses_a_truncated_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        {
            let mut store = Store::open(&path).unwrap();
            let (doc, article) = crate::fixtures::doc("one", "Outlet A", "2025-10-16T09:00:00");
            store.add(&doc, &article).unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len().min(200)]).unwrap();
        // Whatever SQLite makes of it, the answer is an error or a readable store, never a panic.
        if let Ok(store) = Store::open(&path) {
            let _ = store.documents();
        }
    }
}
