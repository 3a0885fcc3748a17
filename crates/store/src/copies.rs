//! The dedup stage's persistent index: each checked article's verdict, the sketches and LSH keys
//! of the originals, and the copy links, so an arriving article is checked against everything
//! stored through a B-tree lookup per key (no scan), and the index survives restarts.
//!
//! The store only keeps what the dedup stage decides; [`storyweave_dedup::check`] decides it,
//! with the store as its [`OriginalIndex`].

use std::borrow::Cow;

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use storyweave_dedup::{Candidate, DedupConfig, OriginalIndex, Prepared, Sketch, VerdictIndex};
use storyweave_model::{Article, CopyLink, DedupReport};

use crate::{to_json, Store, StoreError};

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

    /// Record that `article` is an original: index it under `keys` with its sketch, in one
    /// transaction.
    pub fn record_original(
        &mut self,
        article: &str,
        sketch: &Sketch,
        keys: &[u64],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let seq = article_seq(&tx, article)?;
        tx.prepare_cached("INSERT INTO dedup_checked (article) VALUES (?1)")?
            .execute([seq])
            .map_err(|e| already_checked(e, article))?;
        tx.prepare_cached(
            "INSERT INTO dedup_originals (article, shingles, exact, signature) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![seq, sketch.shingles, sketch.exact as i64, sketch.signature_bytes()])?;
        let mut insert =
            tx.prepare_cached("INSERT OR IGNORE INTO dedup_keys (key, article) VALUES (?1, ?2)")?;
        for &key in keys {
            // SQLite integers are signed; the key's bits are kept as they are.
            insert.execute(params![key as i64, seq])?;
        }
        drop(insert);
        tx.commit()?;
        Ok(())
    }

    /// Record that `link.copy` copies `link.original`, in one transaction.
    pub fn record_copy(&mut self, link: &CopyLink) -> Result<(), StoreError> {
        let what = || format!("copy link {} -> {}", link.copy, link.original);
        let data = to_json(link, what)?;
        if !link.jaccard.is_finite() || !link.containment.is_finite() {
            return Err(StoreError::Invalid(format!("{}: similarity is not a number", what())));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
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

    /// Every copy link, in the order they were recorded.
    pub fn copy_links(&self) -> Result<DedupReport, StoreError> {
        let links = self.records("SELECT copy, data FROM copy_links ORDER BY seq", [], "copy link of")?;
        Ok(DedupReport { links })
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
        let mut lookup = self.conn.prepare_cached("SELECT article FROM dedup_keys WHERE key = ?1")?;
        let mut found: Vec<i64> = Vec::new();
        for &key in keys {
            let rows = lookup.query_map([key as i64], |r| r.get::<_, i64>(0))?;
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

fn article_seq(tx: &rusqlite::Transaction<'_>, id: &str) -> Result<i64, StoreError> {
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
    use storyweave_dedup::check_into;

    fn prepared(article: &Article) -> Prepared<'_> {
        Prepared::new(Cow::Borrowed(article), &DedupConfig::default())
    }

    /// Store `articles` one by one, each checked against the store's index as a stream does.
    fn ingest(store: &mut Store, articles: &[(storyweave_model::Document, Article)]) -> Vec<CopyLink> {
        let mut out = Vec::new();
        for (d, a) in articles {
            store.add(d, a).unwrap();
            out.extend(check_into(&[a], store, &DedupConfig::default()).unwrap());
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
