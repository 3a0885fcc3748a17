//! Derived state: copy links, stories and their members, analyses and briefs. It is always
//! replaced as a whole, because each pipeline run recomputes it from the stored articles.

use std::collections::HashMap;

use rusqlite::{ffi, params, ErrorCode, OptionalExtension, TransactionBehavior};
use storyweave_model::{Analysis, Brief, Story};

use crate::{iso, to_json, Store, StoreError};

impl Store {
    /// Replace all derived state in one transaction: stories (with their member article ids),
    /// per-article analyses, per-story briefs; re-index stories in FTS (title + summary text).
    /// Copy links are not derived state: the dedup index records them as articles arrive.
    ///
    /// Every referenced document must be stored and every brief's story must be among `stories`;
    /// on any error the previous derived state stays as it was.
    pub fn replace_derived(
        &mut self,
        stories: &[Story],
        analyses: &[Analysis],
        briefs: &[Brief],
    ) -> Result<(), StoreError> {
        check_finite(analyses)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(
            "DELETE FROM fts WHERE rowid < 0;
             DELETE FROM briefs;
             DELETE FROM story_articles;
             DELETE FROM stories;
             DELETE FROM analyses;",
        )?;

        let summaries: HashMap<&str, String> =
            briefs.iter().map(|b| (b.story.as_str(), summary_text(b))).collect();
        for story in stories {
            let what = || format!("story {}", story.id);
            tx.prepare_cached(
                "INSERT INTO stories (id, title, first_seen, last_seen, data) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                story.id,
                story.title,
                story.first_seen.as_ref().map(iso),
                story.last_seen.as_ref().map(iso),
                to_json(story, what)?,
            ])
            .map_err(|e| match constraint(&e) {
                Some(Constraint::Unique) => StoreError::Duplicate(format!("story id {}", story.id)),
                _ => e.into(),
            })?;
            let seq = tx.last_insert_rowid();
            for (position, doc) in story.articles.iter().enumerate() {
                tx.prepare_cached(
                    "INSERT INTO story_articles (story, position, doc_id) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![story.id, position as i64, doc])
                .map_err(|e| match constraint(&e) {
                    Some(Constraint::ForeignKey) => dangling(what(), "document", doc),
                    _ => e.into(),
                })?;
            }
            let summary = summaries.get(story.id.as_str()).map_or("", String::as_str);
            tx.prepare_cached("INSERT INTO fts (rowid, title, body) VALUES (?1, ?2, ?3)")?
                .execute(params![-seq, story.title, summary])?;
        }

        for analysis in analyses {
            let what = || format!("analysis of {}", analysis.doc_id);
            tx.prepare_cached("INSERT INTO analyses (doc_id, data) VALUES (?1, ?2)")?
                .execute(params![analysis.doc_id, to_json(analysis, what)?])
                .map_err(|e| match constraint(&e) {
                    Some(Constraint::ForeignKey) => dangling(what(), "document", &analysis.doc_id),
                    Some(Constraint::Unique) => StoreError::Duplicate(what()),
                    _ => e.into(),
                })?;
        }

        for brief in briefs {
            let what = || format!("brief of story {}", brief.story);
            tx.prepare_cached("INSERT INTO briefs (story, data) VALUES (?1, ?2)")?
                .execute(params![brief.story, to_json(brief, what)?])
                .map_err(|e| match constraint(&e) {
                    Some(Constraint::ForeignKey) => dangling(what(), "story", &brief.story),
                    Some(Constraint::Unique) => StoreError::Duplicate(what()),
                    _ => e.into(),
                })?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every story, ordered by first_seen (undated last) then id.
    pub fn stories(&self) -> Result<Vec<Story>, StoreError> {
        self.records("SELECT id, data FROM stories ORDER BY first_seen IS NULL, first_seen, id", [], "story")
    }

    /// A story's brief by full id or by a unique id prefix (error `AmbiguousStory` listing candidates when several match).
    pub fn brief(&self, story: &str) -> Result<Option<Brief>, StoreError> {
        let Some(id) = self.resolve_story(story)? else { return Ok(None) };
        let briefs =
            self.records("SELECT story, data FROM briefs WHERE story = ?1", [&id], "brief of story")?;
        Ok(briefs.into_iter().next())
    }

    /// Every brief, in the order of [`Store::stories`].
    pub fn briefs(&self) -> Result<Vec<Brief>, StoreError> {
        self.records(
            "SELECT b.story, b.data FROM briefs b JOIN stories s ON s.id = b.story
             ORDER BY s.first_seen IS NULL, s.first_seen, s.id",
            [],
            "brief of story",
        )
    }

    /// The analysis of one article.
    pub fn analysis(&self, doc: &str) -> Result<Option<Analysis>, StoreError> {
        let rows =
            self.records("SELECT doc_id, data FROM analyses WHERE doc_id = ?1", [doc], "analysis of")?;
        Ok(rows.into_iter().next())
    }

    /// The story id that `key` names: itself when a story has that id, else the only id it prefixes.
    fn resolve_story(&self, key: &str) -> Result<Option<String>, StoreError> {
        if key.is_empty() {
            return Ok(None);
        }
        let exact = self
            .conn
            .prepare_cached("SELECT id FROM stories WHERE id = ?1")?
            .query_row([key], |r| r.get::<_, String>(0))
            .optional()?;
        if exact.is_some() {
            return Ok(exact);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM stories WHERE substr(id, 1, length(?1)) = ?1 ORDER BY first_seen IS NULL, first_seen, id",
        )?;
        let mut candidates =
            stmt.query_map([key], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        match candidates.len() {
            0 | 1 => Ok(candidates.pop()),
            _ => Err(StoreError::AmbiguousStory { prefix: key.to_owned(), candidates }),
        }
    }
}

/// The text a story is found by besides its title: its brief's summary sentences.
fn summary_text(brief: &Brief) -> String {
    brief.summary.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// JSON has no NaN or infinity: serde_json writes them as null, which would then fail to read back.
fn check_finite(analyses: &[Analysis]) -> Result<(), StoreError> {
    for analysis in analyses {
        if let Some(figure) =
            analysis.figures.iter().find(|f| !f.value.is_finite() || f.upper.is_some_and(|u| !u.is_finite()))
        {
            return Err(StoreError::Invalid(format!(
                "analysis of {}: figure {:?} is not a finite number",
                analysis.doc_id, figure.text
            )));
        }
    }
    Ok(())
}

enum Constraint {
    ForeignKey,
    Unique,
}

fn constraint(e: &rusqlite::Error) -> Option<Constraint> {
    let err = e.sqlite_error().filter(|err| err.code == ErrorCode::ConstraintViolation)?;
    match err.extended_code {
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Some(Constraint::ForeignKey),
        ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => Some(Constraint::Unique),
        _ => None,
    }
}

fn dangling(what: String, target: &'static str, id: &str) -> StoreError {
    StoreError::Dangling { what, target, id: id.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::HitKind;

    fn store_with_two() -> (Store, [String; 2]) {
        let mut store = Store::open_in_memory().unwrap();
        let (d1, a1) = fixtures::doc("one", "Outlet A", "2025-10-16T09:00:00");
        let (d2, a2) = fixtures::doc("two", "Outlet B", "2025-10-16T10:00:00");
        store.add(&d1, &a1).unwrap();
        store.add(&d2, &a2).unwrap();
        (store, [d1.id, d2.id])
    }

    #[test]
    fn derived_state_round_trips() {
        let (mut store, ids) = store_with_two();
        let (stories, analyses, briefs, dedup) = fixtures::derived(&[&ids[0], &ids[1]]);
        store.record_copy(&dedup.links[0]).unwrap();
        store.replace_derived(&stories, &analyses, &briefs).unwrap();
        assert_eq!(store.copy_links().unwrap(), dedup);
        assert_eq!(store.stories().unwrap(), stories);
        assert_eq!(store.briefs().unwrap(), briefs);
        assert_eq!(store.analysis(&ids[0]).unwrap().as_ref(), Some(&analyses[0]));
        assert_eq!(store.analysis(&ids[1]).unwrap().as_ref(), Some(&analyses[1]));
        assert_eq!(store.analysis("nope").unwrap(), None);
        assert_eq!(store.brief("s1-budapest").unwrap().as_ref(), Some(&briefs[0]));
        let members: Vec<String> = store
            .conn
            .prepare("SELECT doc_id FROM story_articles WHERE story = 's1-budapest' ORDER BY position")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(members, stories[0].articles);
    }

    #[test]
    fn figures_come_back_bit_for_bit() {
        let (mut store, ids) = store_with_two();
        let mut analysis = fixtures::analysis(&ids[0]);
        // Values that serde_json's default float parser reads back one ulp off.
        let values = [0.1 + 0.2, 1.947700395895162e-169, -1.490143767845386e129, f64::MIN_POSITIVE, -0.0];
        analysis.figures = values
            .iter()
            .map(|&value| storyweave_model::Figure { value, ..analysis.figures[0].clone() })
            .collect();
        store.replace_derived(&[], &[analysis], &[]).unwrap();
        let back: Vec<u64> =
            store.analysis(&ids[0]).unwrap().unwrap().figures.iter().map(|f| f.value.to_bits()).collect();
        assert_eq!(back, values.map(f64::to_bits));
    }

    #[test]
    fn replacing_does_not_append() {
        let (mut store, ids) = store_with_two();
        let (stories, analyses, briefs, dedup) = fixtures::derived(&[&ids[0], &ids[1]]);
        store.record_copy(&dedup.links[0]).unwrap();
        store.replace_derived(&stories, &analyses, &briefs).unwrap();

        let merged = vec![fixtures::story(
            "s3-merged",
            "Everything",
            Some("2025-10-15T00:00:00"),
            &[&ids[1], &ids[0]],
        )];
        let merged_brief = vec![fixtures::brief(&merged[0], "One merged story about a summit.")];
        store.replace_derived(&merged, &analyses[..1], &merged_brief).unwrap();
        assert_eq!(store.stories().unwrap(), merged);
        assert_eq!(store.briefs().unwrap(), merged_brief);
        // Copy links are the dedup index's, not derived state: they stay.
        assert_eq!(store.copy_links().unwrap(), dedup);
        assert_eq!(store.analysis(&ids[1]).unwrap(), None);
        assert_eq!(store.brief("s1").unwrap(), None);
        let rows: i64 =
            store.conn.query_row("SELECT count(*) FROM story_articles", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 2);
        // The old stories are gone from search too; the articles stay.
        let hits = store.search("budapest OR markets OR merged", 10).unwrap();
        assert_eq!(hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["s3-merged"]);
        assert_eq!(store.search("headline", 10).unwrap().len(), 2);

        store.replace_derived(&[], &[], &[]).unwrap();
        assert!(store.stories().unwrap().is_empty());
        assert!(store.search("merged", 10).unwrap().is_empty());
    }

    #[test]
    fn stories_sort_by_first_seen_then_id_undated_last() {
        let (mut store, ids) = store_with_two();
        let stories = [
            fixtures::story("c", "C", None, &[&ids[0]]),
            fixtures::story("b", "B", Some("2025-10-17T00:00:00"), &[&ids[0]]),
            fixtures::story("a", "A", Some("2025-10-17T00:00:00"), &[&ids[0]]),
            fixtures::story("d", "D", Some("2025-10-16T23:59:59"), &[&ids[1]]),
        ];
        let briefs: Vec<_> = stories.iter().map(|s| fixtures::brief(s, "Text.")).collect();
        store.replace_derived(&stories, &[], &briefs).unwrap();
        let order: Vec<_> = store.stories().unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(order, ["d", "a", "b", "c"]);
        let order: Vec<_> = store.briefs().unwrap().into_iter().map(|b| b.story).collect();
        assert_eq!(order, ["d", "a", "b", "c"]);
    }

    #[test]
    fn brief_by_prefix() {
        let (mut store, ids) = store_with_two();
        let stories = [
            fixtures::story("ab12", "One", Some("2025-10-16T00:00:00"), &[&ids[0]]),
            fixtures::story("ab34", "Two", Some("2025-10-17T00:00:00"), &[&ids[1]]),
            fixtures::story("ab", "Three", Some("2025-10-18T00:00:00"), &[&ids[1]]),
            fixtures::story("cd56", "Four", Some("2025-10-19T00:00:00"), &[&ids[1]]),
        ];
        let briefs: Vec<_> = stories.iter().map(|s| fixtures::brief(s, "Text.")).collect();
        store.replace_derived(&stories, &[], &briefs).unwrap();

        assert_eq!(store.brief("ab12").unwrap().unwrap().title, "One");
        assert_eq!(store.brief("ab1").unwrap().unwrap().title, "One");
        assert_eq!(store.brief("c").unwrap().unwrap().title, "Four");
        // A full id wins over being a prefix of others.
        assert_eq!(store.brief("ab").unwrap().unwrap().title, "Three");
        assert_eq!(store.brief("zz").unwrap(), None);
        assert_eq!(store.brief("").unwrap(), None);
        // Prefix text is matched literally, not as a LIKE or GLOB pattern.
        assert_eq!(store.brief("a%").unwrap(), None);
        assert_eq!(store.brief("a_12").unwrap(), None);
        match store.brief("a") {
            Err(StoreError::AmbiguousStory { prefix, candidates }) => {
                assert_eq!(prefix, "a");
                assert_eq!(candidates, ["ab12", "ab34", "ab"]);
            }
            other => panic!("expected ambiguity, got {other:?}"),
        }
    }

    #[test]
    fn story_without_brief_has_none() {
        let (mut store, ids) = store_with_two();
        let story = fixtures::story("s1", "Lonely", None, &[&ids[0]]);
        store.replace_derived(&[story], &[], &[]).unwrap();
        assert_eq!(store.brief("s1").unwrap(), None);
        assert!(store.briefs().unwrap().is_empty());
        assert_eq!(store.search("lonely", 10).unwrap()[0].kind, HitKind::Story);
    }

    #[test]
    fn stories_are_searchable_by_summary() {
        let (mut store, ids) = store_with_two();
        let (stories, analyses, briefs, dedup) = fixtures::derived(&[&ids[0], &ids[1]]);
        store.record_copy(&dedup.links[0]).unwrap();
        store.replace_derived(&stories, &analyses, &briefs).unwrap();
        let hits = store.search("stocks", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, HitKind::Story);
        assert_eq!(hits[0].id, "s2-markets");
        assert_eq!(hits[0].title, "Markets");
        assert_eq!(hits[0].outlet, None);
        assert!(hits[0].snippet.contains("[Stocks]"), "{}", hits[0].snippet);
        let json = serde_json::to_value(&hits[0]).unwrap();
        assert_eq!(json["kind"], "story");
    }

    #[test]
    fn bad_references_fail_and_keep_the_old_state() {
        let (mut store, ids) = store_with_two();
        let (stories, analyses, briefs, dedup) = fixtures::derived(&[&ids[0], &ids[1]]);
        store.record_copy(&dedup.links[0]).unwrap();
        store.replace_derived(&stories, &analyses, &briefs).unwrap();

        let stray = fixtures::story("s9", "Stray", None, &[&ids[0], "missing-doc"]);
        let err = store.replace_derived(&[stray], &[], &[]).unwrap_err();
        assert_eq!(err.to_string(), "story s9 refers to document missing-doc, which is not in the store");

        let orphan = fixtures::brief(&fixtures::story("ghost", "Ghost", None, &[&ids[0]]), "x");
        let err = store.replace_derived(&[], &[], &[orphan]).unwrap_err();
        assert!(matches!(err, StoreError::Dangling { target: "story", .. }), "{err:?}");

        let twice = [stories[0].clone(), stories[0].clone()];
        let err = store.replace_derived(&twice, &[], &[]).unwrap_err();
        assert!(matches!(err, StoreError::Duplicate(_)), "{err:?}");

        let mut nan = analyses.clone();
        nan[0].figures[0].value = f64::NAN;
        let err = store.replace_derived(&[], &nan, &[]).unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        let mut infinite = analyses.clone();
        infinite[0].figures[0].upper = Some(f64::INFINITY);
        let err = store.replace_derived(&[], &infinite, &[]).unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

        assert_eq!(store.stories().unwrap(), stories);
        assert_eq!(store.briefs().unwrap(), briefs);
        assert_eq!(store.copy_links().unwrap(), dedup);
        assert_eq!(store.analysis(&ids[0]).unwrap().as_ref(), Some(&analyses[0]));
        assert_eq!(store.search("stocks", 10).unwrap().len(), 1);
    }

    #[test]
    fn failure_midway_rolls_back() {
        let (mut store, ids) = store_with_two();
        let (stories, analyses, briefs, dedup) = fixtures::derived(&[&ids[0], &ids[1]]);
        store.record_copy(&dedup.links[0]).unwrap();
        store.replace_derived(&stories, &analyses, &briefs).unwrap();
        store
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER crash BEFORE INSERT ON briefs
                 BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
            )
            .unwrap();
        let other = fixtures::story("s3", "Other", None, &[&ids[0]]);
        let other_brief = fixtures::brief(&other, "Other text.");
        assert!(store.replace_derived(&[other], &[], &[other_brief]).is_err());
        assert_eq!(store.stories().unwrap(), stories);
        assert_eq!(store.briefs().unwrap(), briefs);
        assert_eq!(store.copy_links().unwrap(), dedup);
        assert!(store.search("other", 10).unwrap().is_empty());
    }
}
