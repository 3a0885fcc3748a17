//! The dedup stage's persistent index: each checked article's verdict, the sketches and LSH keys
//! of the originals, and the copy links, so an arriving article is checked against everything
//! stored through key lookups (no scan), and the index survives restarts.
//!
//! The keys live on two levels, as in a log-structured merge tree. An original's keys are
//! written once, as one blob beside its sketch (an append), and kept in memory in [`Recent`];
//! when [`MERGE_AT`] originals have gathered there, their keys are merged into the key-ordered
//! `dedup_keys` table in one sorted pass. Inserting ~100 random keys per article straight into
//! a B-tree of a hundred million rows would instead dirty ~100 pages per article; a sorted merge
//! writes each page once per merge. A lookup asks the memory first, then `dedup_keys` in one
//! statement. The memory part is rebuilt from the unmerged originals when a store is opened and
//! brought up to date at the start of every check (another process may have added or merged).
//!
//! The store only keeps what the dedup stage decides; [`storyweave_dedup::check`] decides it,
//! with the store as its [`OriginalIndex`].

use std::borrow::Cow;
use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};
use storyweave_dedup::{check_into, Candidate, DedupConfig, OriginalIndex, Prepared, Sketch, VerdictIndex};
use storyweave_model::{Article, CopyLink, DedupReport};

use crate::{to_json, Store, StoreError};

/// Unmerged originals at which their keys are merged into `dedup_keys` (about 100 keys each:
/// some 200 MB of memory at most, and one write of each index page per merge).
pub const MERGE_AT: usize = 50_000;

/// No next entry in a chain.
const END: u32 = u32::MAX;

/// The keys of the originals not merged yet: key -> articles (`articles.seq`), each key's
/// articles chained through one entry array rather than a vector per key.
#[derive(Debug, Default)]
pub(crate) struct Recent {
    /// `dedup_meta.merges` when this was loaded; another value means it is stale.
    merges: Option<i64>,
    /// The highest article loaded or recorded.
    last: i64,
    originals: usize,
    heads: HashMap<u64, u32>,
    /// (article, next entry of the same key)
    entries: Vec<(i64, u32)>,
}

impl Recent {
    fn add(&mut self, article: i64, keys: impl Iterator<Item = u64>) {
        for key in keys {
            let entry = self.entries.len() as u32;
            let next = self.heads.insert(key, entry).unwrap_or(END);
            self.entries.push((article, next));
        }
        self.originals += 1;
        self.last = self.last.max(article);
    }

    fn lookup(&self, key: u64, out: &mut Vec<i64>) {
        let mut at = self.heads.get(&key).copied().unwrap_or(END);
        while at != END {
            let (article, next) = self.entries[at as usize];
            out.push(article);
            at = next;
        }
    }

    /// Every (key, article), sorted.
    fn sorted(&self) -> Vec<(i64, i64)> {
        let mut all = Vec::with_capacity(self.entries.len());
        for (&key, &head) in &self.heads {
            let mut at = head;
            while at != END {
                let (article, next) = self.entries[at as usize];
                all.push((key as i64, article));
                at = next;
            }
        }
        all.sort_unstable();
        all
    }
}

fn keys_bytes(keys: &[u64]) -> Vec<u8> {
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

fn keys_from(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    bytes.chunks_exact(8).map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
}

impl Store {
    /// Stored articles the dedup stage has not checked yet, in the order they were stored.
    pub fn unchecked_articles(&self) -> Result<Vec<Article>, StoreError> {
        self.records(
            "SELECT a.doc_id, a.data FROM articles a
             WHERE NOT EXISTS (SELECT 1 FROM dedup_checked c WHERE c.article = a.seq)
             ORDER BY a.seq",
            [],
            "article",
        )
    }

    /// Check each of `articles` against the dedup index, originals first, and record every
    /// verdict, in one transaction (a verdict is visible to the next article's check before the
    /// commit). On error nothing is recorded, and the articles stay unchecked.
    pub fn check_copies(
        &mut self,
        articles: &[&Article],
        config: &DedupConfig,
    ) -> Result<Vec<CopyLink>, StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let result = self.sync_recent().and_then(|()| check_into(articles, self, config)).and_then(|links| {
            if self.recent.originals >= self.merge_at {
                self.merge_recent()?;
            }
            Ok(links)
        });
        match result.and_then(|links| Ok(self.conn.execute_batch("COMMIT").map(|()| links)?)) {
            Ok(links) => Ok(links),
            Err(e) => {
                // The error to report is the first one; a failed rollback leaves SQLite to roll
                // back when the connection closes. The memory part may hold rolled-back keys:
                // it is rebuilt at the next check.
                let _ = self.conn.execute_batch("ROLLBACK");
                self.recent = Recent::default();
                Err(e)
            }
        }
    }

    /// Bring the memory part up to date: rebuilt after a merge (by any connection), else
    /// extended with originals recorded since (by another connection).
    fn sync_recent(&mut self) -> Result<(), StoreError> {
        let merges: i64 = self.conn.query_row("SELECT merges FROM dedup_meta", [], |r| r.get(0))?;
        if self.recent.merges != Some(merges) {
            self.recent = Recent { merges: Some(merges), ..Recent::default() };
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT article, keys FROM dedup_originals WHERE merged = 0 AND article > ?1 ORDER BY article",
        )?;
        let rows =
            stmt.query_map([self.recent.last], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))?;
        for row in rows {
            let (article, keys) = row?;
            self.recent.add(article, keys_from(&keys));
        }
        Ok(())
    }

    /// Move the memory part's keys into `dedup_keys` in key order, inside the open transaction.
    fn merge_recent(&mut self) -> Result<(), StoreError> {
        let mut insert =
            self.conn.prepare_cached("INSERT OR IGNORE INTO dedup_keys (key, article) VALUES (?1, ?2)")?;
        for (key, article) in self.recent.sorted() {
            insert.execute([key, article])?;
        }
        drop(insert);
        self.conn.execute_batch(
            "UPDATE dedup_originals SET merged = 1 WHERE merged = 0;
             UPDATE dedup_meta SET merges = merges + 1;",
        )?;
        let merges = self.recent.merges.map(|m| m + 1);
        self.recent = Recent { merges, last: self.recent.last, ..Recent::default() };
        Ok(())
    }

    /// Record that `article` is an original: its sketch and keys.
    pub fn record_original(
        &mut self,
        article: &str,
        sketch: &Sketch,
        keys: &[u64],
    ) -> Result<(), StoreError> {
        let tx = self.conn.savepoint()?;
        let seq = article_seq(&tx, article)?;
        tx.prepare_cached("INSERT INTO dedup_checked (article) VALUES (?1)")?
            .execute([seq])
            .map_err(|e| already_checked(e, article))?;
        tx.prepare_cached(
            "INSERT INTO dedup_originals (article, shingles, exact, signature, keys) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![seq, sketch.shingles, sketch.exact as i64, sketch.signature_bytes(), keys_bytes(keys)])?;
        tx.commit()?;
        self.recent.add(seq, keys.iter().copied());
        Ok(())
    }

    /// Record that `link.copy` copies `link.original`.
    pub fn record_copy(&mut self, link: &CopyLink) -> Result<(), StoreError> {
        let what = || format!("copy link {} -> {}", link.copy, link.original);
        let data = to_json(link, what)?;
        if !link.jaccard.is_finite() || !link.containment.is_finite() {
            return Err(StoreError::Invalid(format!("{}: similarity is not a number", what())));
        }
        let tx = self.conn.savepoint()?;
        let seq = article_seq(&tx, &link.copy)?;
        article_seq(&tx, &link.original)?;
        tx.prepare_cached("INSERT INTO dedup_checked (article) VALUES (?1)")?
            .execute([seq])
            .map_err(|e| already_checked(e, &link.copy))?;
        tx.prepare_cached("INSERT INTO copy_links (copy, original, kind, data) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![link.copy, link.original, crate::enum_name(&link.kind), data])?;
        tx.commit()?;
        Ok(())
    }

    /// Every copy link.
    pub fn copy_links(&self) -> Result<DedupReport, StoreError> {
        let links = self.records("SELECT copy, data FROM copy_links", [], "copy link of")?;
        Ok(DedupReport::new(links))
    }

    /// How many originals the dedup index holds.
    pub fn indexed_originals(&self) -> Result<usize, StoreError> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM dedup_originals", [], |r| r.get(0))?;
        Ok(n as usize)
    }
}

impl OriginalIndex for Store {
    type Error = StoreError;

    fn candidates(&self, keys: &[u64]) -> Result<Vec<Candidate>, StoreError> {
        let mut found: Vec<i64> = Vec::new();
        for &key in keys {
            self.recent.lookup(key, &mut found);
        }
        // One statement for all keys: SQLite walks the key index once per value of the list.
        if !keys.is_empty() {
            let sql =
                format!("SELECT article FROM dedup_keys WHERE key IN ({})", vec!["?"; keys.len()].join(", "));
            let mut lookup = self.conn.prepare_cached(&sql)?;
            let rows = lookup.query_map(rusqlite::params_from_iter(keys.iter().map(|&k| k as i64)), |r| {
                r.get::<_, i64>(0)
            })?;
            for seq in rows {
                found.push(seq?);
            }
        }
        found.sort_unstable();
        found.dedup();
        let mut sketch = self.conn.prepare_cached(
            "SELECT a.doc_id, o.shingles, o.exact, o.signature
             FROM dedup_originals o JOIN articles a ON a.seq = o.article WHERE o.article = ?1",
        )?;
        let mut out = Vec::with_capacity(found.len());
        for seq in found {
            let row = sketch
                .query_row([seq], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, u32>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Vec<u8>>(3)?,
                    ))
                })
                .optional()?;
            let Some((id, shingles, exact, bytes)) = row else { continue };
            let sketch = Sketch::from_parts(shingles, &bytes, exact as u64).ok_or_else(|| {
                StoreError::Invalid(format!("dedup sketch of {id}: {} bytes is not a signature", bytes.len()))
            })?;
            out.push(Candidate { id, sketch });
        }
        Ok(out)
    }

    fn original(&self, id: &str, config: &DedupConfig) -> Result<Option<Cow<'_, Prepared<'_>>>, StoreError> {
        Ok(self.article(id)?.map(|a| Cow::Owned(Prepared::new(Cow::Owned(a), config))))
    }
}

impl VerdictIndex for Store {
    fn record_original(&mut self, id: &str, sketch: &Sketch, keys: &[u64]) -> Result<(), StoreError> {
        Store::record_original(self, id, sketch, keys)
    }

    fn record_copy(&mut self, link: &CopyLink) -> Result<(), StoreError> {
        Store::record_copy(self, link)
    }
}

fn article_seq(tx: &rusqlite::Savepoint<'_>, id: &str) -> Result<i64, StoreError> {
    tx.prepare_cached("SELECT seq FROM articles WHERE doc_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Dangling { what: "dedup record".into(), target: "article", id: id.into() })
}

fn already_checked(e: rusqlite::Error, id: &str) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            StoreError::Duplicate(format!("dedup record of article {id}"))
        }
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::doc;

    fn prepared(article: &Article) -> Prepared<'_> {
        Prepared::new(Cow::Borrowed(article), &DedupConfig::default())
    }

    /// Store `articles` one by one, each checked against the store's index as a stream does.
    fn ingest(store: &mut Store, articles: &[(storyweave_model::Document, Article)]) -> Vec<CopyLink> {
        let mut out = Vec::new();
        for (d, a) in articles {
            store.add(d, a).unwrap();
            out.extend(store.check_copies(&[a], &DedupConfig::default()).unwrap());
        }
        out
    }

    fn with_body(name: &str, day: &str, paragraphs: &[&str]) -> (storyweave_model::Document, Article) {
        let (d, mut a) = doc(name, "Outlet", day);
        a.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
        (d, a)
    }

    const STORY: &[&str] = &[
        "The river authority closed the northern lock on Monday after divers found cracks in the old gate.",
        "Barges carrying grain will wait at the southern basin until engineers decide whether the gate can hold.",
        "The authority said repairs could take three weeks and would cost about four million in emergency funds.",
        "Skippers' unions asked for compensation for every day their boats stand idle on the water.",
    ];

    #[test]
    fn a_copy_is_found_through_the_index_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let original = with_body("a.txt", "2026-03-02", STORY);
        let original_id = original.1.doc_id.clone();
        let other = with_body(
            "b.txt",
            "2026-03-02",
            &["A football club sold its stadium to a hotel group for an undisclosed sum on Sunday evening."],
        );
        {
            let mut store = Store::open(&path).unwrap();
            assert!(ingest(&mut store, &[original, other]).is_empty());
            assert_eq!(store.indexed_originals().unwrap(), 2);
        }
        let mut store = Store::open(&path).unwrap();
        let mut edited: Vec<String> = STORY.iter().map(|p| p.to_string()).collect();
        edited[0] = edited[0].replace("Monday", "Monday morning");
        edited.pop();
        let edited: Vec<&str> = edited.iter().map(String::as_str).collect();
        let copy = with_body("c.txt", "2026-03-03", &edited);
        let links = ingest(&mut store, &[copy]);
        let link = links.first().expect("the reprint is a copy");
        assert_eq!(link.original, original_id);
        assert_eq!(store.copy_links().unwrap().links.len(), 1);
        assert!(store.unchecked_articles().unwrap().is_empty());
        // A copy is not indexed: nothing can be linked to it.
        assert_eq!(store.indexed_originals().unwrap(), 2);
    }

    #[test]
    fn merged_keys_still_find_copies_across_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let story = |i: usize| -> Vec<String> { STORY.iter().map(|p| format!("{p} Report {i}.")).collect() };
        let article = |name: &str, day: &str, paragraphs: &[String]| {
            let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            with_body(name, day, &refs)
        };
        let first = article("a.txt", "2026-03-02", &story(1));
        let first_id = first.1.doc_id.clone();
        {
            let mut store = Store::open(&path).unwrap();
            store.merge_at = 2;
            // Unrelated articles: words of their own.
            let unrelated = |i: usize| -> Vec<String> {
                (0..4)
                    .map(|p| (0..20).map(|w| format!("w{i}x{}", p * 20 + w)).collect::<Vec<_>>().join(" "))
                    .collect()
            };
            let others: Vec<_> =
                (2..5).map(|i| article(&format!("{i}.txt"), "2026-03-02", &unrelated(i))).collect();
            assert!(ingest(&mut store, &[first]).is_empty());
            assert!(ingest(&mut store, &others).is_empty());
            let merged: i64 =
                store.conn.query_row("SELECT count(*) FROM dedup_keys", [], |r| r.get(0)).unwrap();
            assert!(merged > 0, "the keys were merged");
            assert!(store.recent.originals < 2);
        }
        let mut store = Store::open(&path).unwrap();
        let mut copy = story(1);
        copy.pop();
        copy[0] = copy[0].replace("Monday", "Monday morning");
        let links = ingest(&mut store, &[article("c.txt", "2026-03-03", &copy)]);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].original, first_id);
    }

    #[test]
    fn unchecked_articles_are_those_without_a_verdict() {
        let mut store = Store::open_in_memory().unwrap();
        let (d, a) = with_body("a.txt", "2026-03-02", STORY);
        store.add(&d, &a).unwrap();
        assert_eq!(store.unchecked_articles().unwrap().len(), 1);
        let p = prepared(&a);
        store.record_original(&a.doc_id, p.sketch(), &p.keys(&DedupConfig::default())).unwrap();
        assert!(store.unchecked_articles().unwrap().is_empty());
        // A second verdict for one article is refused and changes nothing.
        let again = store.record_original(&a.doc_id, p.sketch(), &[]);
        assert!(matches!(again, Err(StoreError::Duplicate(_))), "{again:?}");
        assert_eq!(store.indexed_originals().unwrap(), 1);
    }

    #[test]
    fn records_about_unknown_articles_are_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let sketch = Sketch::new([1u64, 2, 3], 8, 0);
        assert!(matches!(store.record_original("nope", &sketch, &[1]), Err(StoreError::Dangling { .. })));
    }
}
