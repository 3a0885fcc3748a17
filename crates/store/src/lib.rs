//! storyweave's embedded store: one SQLite file holding every stage's output (DESIGN §4).
//!
//! - Raw input is kept byte for byte, so everything can be rebuilt without re-reading the web.
//! - Every write is one transaction: an interrupted ingest leaves the store as it was before that
//!   document (or batch, with [`Store::add_all`]), and [`Store::replace_derived`] swaps all
//!   derived state at once or not at all.
//! - The dedup stage's index (sketches, LSH keys, verdicts, copy links) lives here too and grows
//!   with each article, so dedup streams across runs.
//! - Ingest is idempotent: documents are keyed by their content hash.
//! - The schema is versioned (`PRAGMA user_version`) and migrated at open; files of another
//!   program or of a newer storyweave are refused with an error, never written into.
//! - FTS5 indexes articles and stories together for [`Store::search`].
//!
//! Records are stored as JSON beside typed columns for what queries use, so the model can gain
//! fields without a migration.

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::{de::DeserializeOwned, Serialize};
use storyweave_model::{Article, Document, Timestamp};

mod copies;
mod derived;
mod error;
mod schema;
mod search;

#[cfg(test)]
mod fixtures;

pub use error::StoreError;
pub use schema::SCHEMA_VERSION;
pub use search::{HitKind, SearchHit};

/// A storyweave store: one SQLite connection.
pub struct Store {
    conn: Connection,
    /// The in-memory part of the dedup index: unflushed keys and the runs' filters.
    dedup: copies::Index,
    /// Unflushed originals at which they are flushed ([`copies::FLUSH_AT`]; smaller in tests).
    flush_at: usize,
    /// Run entries built per checked article ([`copies::BUILD_PER_ARTICLE`]; smaller in tests).
    build_per_article: usize,
    /// Postings read per key at most ([`copies::MAX_POSTINGS`]; smaller in tests).
    max_postings: usize,
    /// Candidates read per check at most ([`copies::MAX_CANDIDATES`]).
    max_candidates: usize,
}

impl Drop for Store {
    fn drop(&mut self) {
        // Only spares the next process some reading: a store closed without it loses nothing.
        let _ = self.save_dedup_build();
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.conn.path()).finish()
    }
}

impl Store {
    /// Open the store at `path`, creating it if missing and migrating it to [`SCHEMA_VERSION`].
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        // No SQLITE_OPEN_URI: a path is a path, even one that starts with "file:".
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)
            .map_err(|source| StoreError::Open { path: path.to_owned(), source })?;
        schema::prepare(&mut conn, path)?;
        Ok(Store::with(conn))
    }

    /// A store that lives in memory and vanishes when dropped (one-shot runs, tests).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = Path::new(":memory:");
        let mut conn = Connection::open_in_memory()
            .map_err(|source| StoreError::Open { path: path.to_owned(), source })?;
        schema::prepare(&mut conn, path)?;
        Ok(Store::with(conn))
    }

    fn with(conn: Connection) -> Store {
        // Room for the dedup runs' lookups beside the other statements.
        conn.set_prepared_statement_cache_capacity(64);
        Store {
            conn,
            dedup: copies::Index::default(),
            flush_at: copies::FLUSH_AT,
            build_per_article: copies::BUILD_PER_ARTICLE,
            max_postings: copies::MAX_POSTINGS,
            max_candidates: copies::MAX_CANDIDATES,
        }
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(u32::try_from(version).unwrap_or(0))
    }

    /// Whether a document with this id is stored.
    pub fn contains(&self, id: &str) -> Result<bool, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
        Ok(stmt.exists([id])?)
    }

    /// Insert a document (raw bytes, content, origin, kind, hints as columns/JSON) with its extracted
    /// article, and index the article in FTS, in one transaction. Ok(false) and no change when a
    /// document with that id (content hash) is already stored: ingest is idempotent.
    pub fn add(&mut self, doc: &Document, article: &Article) -> Result<bool, StoreError> {
        Ok(self.add_all(&[(doc, article)])?[0])
    }

    /// [`Store::add`] for many documents in one transaction (all stored, or none): whether each
    /// was new. A batch is as safe as one document at a time, since ingest is idempotent, and
    /// much faster.
    pub fn add_all(&mut self, items: &[(&Document, &Article)]) -> Result<Vec<bool>, StoreError> {
        // IMMEDIATE takes the write lock up front, so a concurrent writer waits in busy_timeout
        // instead of failing at the first insert.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut added = Vec::with_capacity(items.len());
        for &(doc, article) in items {
            added.push(insert(&tx, doc, article)?);
        }
        tx.commit()?;
        Ok(added)
    }

    /// How many documents are stored.
    pub fn document_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Every document with its raw bytes, in insertion order.
    pub fn documents(&self) -> Result<Vec<Document>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT id, data, raw FROM documents ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        let mut docs = Vec::new();
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let mut doc: Document = from_json(&row.get::<_, String>(1)?, || format!("document {id}"))?;
            doc.raw = row.get(2)?;
            docs.push(doc);
        }
        Ok(docs)
    }

    /// A document's raw bytes, exactly as they were read.
    pub fn raw(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT raw FROM documents WHERE id = ?1")?;
        Ok(stmt.query_row([id], |r| r.get(0)).optional()?)
    }

    /// Every article, in insertion order.
    pub fn articles(&self) -> Result<Vec<Article>, StoreError> {
        self.records("SELECT doc_id, data FROM articles ORDER BY seq", [], "article")
    }

    /// The article extracted from a document.
    pub fn article(&self, id: &str) -> Result<Option<Article>, StoreError> {
        let rows = self.records("SELECT doc_id, data FROM articles WHERE doc_id = ?1", [id], "article")?;
        Ok(rows.into_iter().next())
    }

    /// Run a query whose rows are `(key, JSON)` and decode each record; `what` and the key name a
    /// record that fails to decode.
    fn records<T: DeserializeOwned, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        what: &str,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let key: String = row.get(0)?;
            out.push(from_json(&row.get::<_, String>(1)?, || format!("{what} {key}"))?);
        }
        Ok(out)
    }
}

/// Insert one document and its article inside `tx`; false when the document is stored already.
fn insert(tx: &rusqlite::Transaction<'_>, doc: &Document, article: &Article) -> Result<bool, StoreError> {
    if article.doc_id != doc.id {
        return Err(StoreError::Invalid(format!(
            "article for document {}: its doc_id is {}",
            doc.id, article.doc_id
        )));
    }
    let doc_json = to_json(doc, || format!("document {}", doc.id))?;
    let article_json = to_json(article, || format!("article {}", doc.id))?;

    let inserted = tx
        .prepare_cached(
            "INSERT INTO documents
                (id, path, record_no, format, kind, url, outlet, published, raw, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            doc.id,
            doc.origin.path,
            doc.origin.record.map(|n| n as i64),
            enum_name(&doc.origin.format),
            enum_name(&doc.kind),
            doc.hints.url,
            doc.hints.outlet,
            doc.hints.published.as_ref().map(iso),
            doc.raw,
            doc_json,
        ])?;
    if inserted == 0 {
        return Ok(false);
    }
    tx.prepare_cached(
        "INSERT INTO articles (doc_id, title, outlet, published, url, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        article.doc_id,
        article.title,
        article.outlet,
        article.published.as_ref().map(iso),
        article.url,
        article_json,
    ])?;
    let seq = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO fts (rowid, title, body) VALUES (?1, ?2, ?3)")?.execute(params![
        seq,
        article.title.as_deref().unwrap_or(""),
        article.body(),
    ])?;
    Ok(true)
}

fn to_json<T: Serialize>(value: &T, what: impl FnOnce() -> String) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|source| StoreError::Json { what: what(), source })
}

fn from_json<T: DeserializeOwned>(text: &str, what: impl FnOnce() -> String) -> Result<T, StoreError> {
    serde_json::from_str(text)
        .map_err(|source| StoreError::Json { what: format!("stored {} is unreadable", what()), source })
}

/// Timestamps as ISO 8601 text, which sorts chronologically as text (same format as the JSON).
fn iso(ts: &Timestamp) -> String {
    ts.format("%Y-%m-%dT%H:%M:%S%.f").to_string()
}

/// The serde name of a unit enum variant ("text", "jsonl"), for typed columns.
fn enum_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn document_and_article_round_trip() {
        let mut store = Store::open_in_memory().unwrap();
        let (doc, article) = fixtures::doc("one", "Outlet A", "2025-10-16T09:00:00");
        assert!(!store.contains(&doc.id).unwrap());
        assert!(store.add(&doc, &article).unwrap());
        assert!(store.contains(&doc.id).unwrap());
        assert_eq!(store.documents().unwrap(), vec![doc.clone()]);
        assert_eq!(store.articles().unwrap(), vec![article.clone()]);
        assert_eq!(store.article(&doc.id).unwrap(), Some(article));
        assert_eq!(store.article("nope").unwrap(), None);
        assert_eq!(store.raw("nope").unwrap(), None);
    }

    #[test]
    fn typed_columns_are_filled() {
        let mut store = Store::open_in_memory().unwrap();
        let (doc, article) = fixtures::doc("one", "Outlet A", "2025-10-16T09:00:00");
        store.add(&doc, &article).unwrap();
        let row: (String, String, Option<i64>, String, String) = store
            .conn
            .query_row(
                "SELECT d.format, d.kind, d.record_no, a.outlet, a.published
                 FROM documents d JOIN articles a ON a.doc_id = d.id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            row,
            ("jsonl".into(), "text".into(), Some(3), "Outlet A".into(), "2025-10-16T09:00:00".into())
        );
    }

    #[test]
    fn add_is_idempotent() {
        let mut store = Store::open_in_memory().unwrap();
        let (doc, article) = fixtures::doc("one", "Outlet A", "2025-10-16T09:00:00");
        assert!(store.add(&doc, &article).unwrap());
        let mut other = article.clone();
        other.title = Some("A different extraction".into());
        assert!(!store.add(&doc, &other).unwrap());
        assert_eq!(store.document_count().unwrap(), 1);
        assert_eq!(store.articles().unwrap(), vec![article]);
        assert_eq!(store.search("different", 10).unwrap().len(), 0);
    }

    #[test]
    fn raw_bytes_are_kept_exactly() {
        let mut store = Store::open_in_memory().unwrap();
        let mut raw = b"\xEF\xBB\xBFHeadline\r\nBody line\r\n\r\n".to_vec();
        raw.extend_from_slice(&[0x00, 0xFF, 0xFE, 0x80, b'\r', b'\n', 0xC3]);
        let (doc, article) = fixtures::doc_with_raw(raw.clone(), "Outlet A");
        store.add(&doc, &article).unwrap();
        assert_eq!(store.raw(&doc.id).unwrap().as_deref(), Some(&raw[..]));
        assert_eq!(store.documents().unwrap()[0].raw, raw);
        let empty = fixtures::doc_with_raw(Vec::new(), "Outlet B");
        store.add(&empty.0, &empty.1).unwrap();
        assert_eq!(store.raw(&empty.0.id).unwrap(), Some(Vec::new()));
    }

    #[test]
    fn insertion_order_is_kept() {
        let mut store = Store::open_in_memory().unwrap();
        let names = ["zulu", "alpha", "mike"];
        for name in names {
            let (doc, article) = fixtures::doc(name, "Outlet", "2025-10-16T09:00:00");
            store.add(&doc, &article).unwrap();
        }
        let titles: Vec<_> = store.articles().unwrap().into_iter().map(|a| a.title.unwrap()).collect();
        assert_eq!(titles, names.map(|n| format!("Headline {n}")));
        let ids: Vec<_> = store.documents().unwrap().into_iter().map(|d| d.id).collect();
        let expected: Vec<_> = names.iter().map(|n| fixtures::doc(n, "Outlet", "x").0.id).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn mismatched_article_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let (doc, _) = fixtures::doc("one", "Outlet A", "2025-10-16T09:00:00");
        let (_, article) = fixtures::doc("two", "Outlet A", "2025-10-16T09:00:00");
        assert!(matches!(store.add(&doc, &article), Err(StoreError::Invalid(_))));
        assert_eq!(store.document_count().unwrap(), 0);
    }

    #[test]
    fn failed_add_leaves_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let (kept, kept_article) = fixtures::doc("kept", "Outlet A", "2025-10-16T09:00:00");
        store.add(&kept, &kept_article).unwrap();
        // Fail after the document row is written, as a crash between the two inserts would.
        store
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER crash BEFORE INSERT ON articles
                 BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
            )
            .unwrap();
        let (doc, article) = fixtures::doc("lost", "Outlet B", "2025-10-16T09:00:00");
        let err = store.add(&doc, &article).unwrap_err();
        assert!(err.to_string().contains("simulated failure"), "{err}");
        assert!(!store.contains(&doc.id).unwrap());
        assert_eq!(store.document_count().unwrap(), 1);
        assert_eq!(store.articles().unwrap(), vec![kept_article.clone()]);
        assert!(store.search("lost", 10).unwrap().is_empty());

        // The same document goes in once the failure is gone.
        store.conn.execute_batch("DROP TRIGGER crash").unwrap();
        assert!(store.add(&doc, &article).unwrap());
        assert_eq!(store.document_count().unwrap(), 2);
    }

    #[test]
    fn reopening_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db");
        let (doc, article) = fixtures::doc("one", "Outlet A", "2025-10-16T09:00:00");
        let (stories, analyses, briefs, dedup) = {
            let mut store = Store::open(&path).unwrap();
            store.add(&doc, &article).unwrap();
            let (doc2, article2) = fixtures::doc("two", "Outlet B", "2025-10-16T10:00:00");
            store.add(&doc2, &article2).unwrap();
            let derived = fixtures::derived(&[&doc.id, &doc2.id]);
            store.record_copy(&derived.3.links[0]).unwrap();
            store.replace_derived(&derived.0, &derived.1, &derived.2).unwrap();
            derived
        };
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.document_count().unwrap(), 2);
        assert_eq!(store.documents().unwrap()[0], doc);
        assert_eq!(store.article(&doc.id).unwrap(), Some(article));
        assert_eq!(store.stories().unwrap(), stories);
        assert_eq!(store.briefs().unwrap(), briefs);
        assert_eq!(store.analysis(&doc.id).unwrap().as_ref(), analyses.first());
        assert_eq!(store.copy_links().unwrap(), dedup);
        assert!(!store.search("headline", 10).unwrap().is_empty());
    }

    #[test]
    fn two_handles_share_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db");
        let mut a = Store::open(&path).unwrap();
        let mut b = Store::open(&path).unwrap();
        let (d1, a1) = fixtures::doc("one", "Outlet A", "2025-10-16T09:00:00");
        let (d2, a2) = fixtures::doc("two", "Outlet B", "2025-10-16T09:00:00");
        assert!(a.add(&d1, &a1).unwrap());
        assert!(!b.add(&d1, &a1).unwrap());
        // Under WAL a reader in the middle of a query does not block the writer.
        let mut stmt = a.conn.prepare("SELECT id FROM documents").unwrap();
        let mut rows = stmt.query([]).unwrap();
        assert!(rows.next().unwrap().is_some());
        assert!(b.add(&d2, &a2).unwrap());
        drop(rows);
        drop(stmt);
        assert_eq!(a.document_count().unwrap(), 2);
    }

    #[test]
    fn unreadable_record_is_an_error() {
        let mut store = Store::open_in_memory().unwrap();
        let (doc, article) = fixtures::doc("one", "Outlet A", "2025-10-16T09:00:00");
        store.add(&doc, &article).unwrap();
        store.conn.execute("UPDATE articles SET data = '{not json'", []).unwrap();
        let err = store.articles().unwrap_err();
        assert!(err.to_string().starts_with(&format!("stored article {} is unreadable", doc.id)), "{err}");
    }
}
