//! Full-text search over articles and stories, and the translation of a user's query into FTS5
//! syntax that cannot fail to parse.

use rusqlite::params;
use serde::Serialize;

use crate::{Store, StoreError};

/// What a search hit points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Article,
    Story,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub kind: HitKind,
    /// The article's document id or the story id.
    pub id: String,
    /// The headline; empty for an article without one.
    pub title: String,
    /// The article's outlet; none for a story.
    pub outlet: Option<String>,
    /// The best matching passage, matched terms in `[` and `]`.
    pub snippet: String,
    /// Relevance, higher is better (negated bm25).
    pub score: f64,
}

/// A title match counts this many times a body match: headlines say what a text is about.
const TITLE_WEIGHT: f64 = 3.0;

impl Store {
    /// Full-text search over articles (title + body) and stories (title + summary), best first.
    ///
    /// Any text is a valid query: terms are matched as words (all of them), `a OR b` matches
    /// either, `word*` matches a prefix and `"two words"` a phrase. Everything else that FTS5
    /// would read as syntax is taken as text.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(fts) = fts_query(query) else { return Ok(Vec::new()) };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.rowid, snippet(fts, -1, '[', ']', '…', 16), bm25(fts, ?3, 1.0) AS score,
                    a.doc_id, a.title, a.outlet, s.id, s.title
             FROM fts f
             LEFT JOIN articles a ON f.rowid > 0 AND a.seq = f.rowid
             LEFT JOIN stories s ON f.rowid < 0 AND s.seq = -f.rowid
             WHERE fts MATCH ?1
             ORDER BY score, f.rowid
             LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut rows = stmt.query(params![fts, limit, TITLE_WEIGHT])?;
        let mut hits = Vec::new();
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            let (kind, id, title, outlet): (_, Option<String>, Option<String>, _) = if rowid > 0 {
                (HitKind::Article, r.get(3)?, r.get(4)?, r.get(5)?)
            } else {
                (HitKind::Story, r.get(6)?, r.get(7)?, None)
            };
            // An index row without its record cannot happen through this API; skip rather than fail.
            let Some(id) = id else { continue };
            hits.push(SearchHit {
                kind,
                id,
                title: title.unwrap_or_default(),
                outlet,
                snippet: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                score: -r.get::<_, f64>(2)?,
            });
        }
        Ok(hits)
    }
}

/// Translate free text into an FTS5 query, or `None` when it holds nothing to search for.
///
/// Every term becomes a quoted string, so no character of the input is FTS5 syntax. Bare `OR`
/// joins its neighbours (and binds tighter than the implicit AND, as in web search), bare `AND` is
/// the default anyway, a trailing `*` makes a prefix query, and `"..."` is a phrase.
pub(crate) fn fts_query(input: &str) -> Option<String> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut or_pending = false;
    let mut rest = input;
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else { break };
        let (text, prefix, bare) = if first == '"' {
            let inner = &rest[1..];
            let end = inner.find('"').unwrap_or(inner.len());
            rest = inner.get(end + 1..).unwrap_or("");
            (&inner[..end], false, false)
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(rest.len());
            let word = &rest[..end];
            rest = &rest[end..];
            let stem = word.trim_end_matches('*');
            (stem, stem.len() < word.len(), true)
        };
        if bare && !prefix && text == "OR" {
            or_pending = !groups.is_empty();
            continue;
        }
        if bare && !prefix && text == "AND" {
            continue;
        }
        // A term without a letter or digit yields no token and would only confuse the query.
        if !text.chars().any(char::is_alphanumeric) {
            continue;
        }
        let mut term = format!("\"{}\"", text.replace('"', "\"\""));
        if prefix {
            term.push('*');
        }
        match groups.last_mut() {
            Some(group) if or_pending => group.push(term),
            _ => groups.push(vec![term]),
        }
        or_pending = false;
    }
    if groups.is_empty() {
        return None;
    }
    let parts: Vec<String> = groups
        .into_iter()
        .map(|g| if g.len() == 1 { g.join("") } else { format!("({})", g.join(" OR ")) })
        .collect();
    Some(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn plain_words_are_quoted_and_anded() {
        assert_eq!(fts_query("putin trump").as_deref(), Some(r#""putin" "trump""#));
    }

    #[test]
    fn or_prefix_and_phrases_survive() {
        assert_eq!(fts_query("call OR phone budap*").as_deref(), Some(r#"("call" OR "phone") "budap"*"#));
        assert_eq!(fts_query(r#""two hours" summit"#).as_deref(), Some(r#""two hours" "summit""#));
        assert_eq!(fts_query("a AND b").as_deref(), Some(r#""a" "b""#));
    }

    #[test]
    fn syntax_characters_are_text() {
        assert_eq!(fts_query(r#""foo" AND (bar* NEAR -"#).as_deref(), Some(r#""foo" "(bar"* "NEAR""#));
        assert_eq!(fts_query("col:umn ^start x+y").as_deref(), Some(r#""col:umn" "^start" "x+y""#));
        assert_eq!(fts_query(r#"unterminated "phrase"#).as_deref(), Some(r#""unterminated" "phrase""#));
    }

    #[test]
    fn stray_operators_are_dropped() {
        assert_eq!(fts_query("OR foo OR").as_deref(), Some(r#""foo""#));
        assert_eq!(fts_query("foo OR OR bar").as_deref(), Some(r#"("foo" OR "bar")"#));
        assert_eq!(fts_query("foo OR - bar").as_deref(), Some(r#"("foo" OR "bar")"#));
    }

    #[test]
    fn nothing_to_search_is_none() {
        for q in ["", "   ", "*", "\"\"", "- ( ) ^", "OR AND OR", "\""] {
            assert_eq!(fts_query(q), None, "{q:?}");
        }
    }

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let (mut d1, mut a1) = fixtures::doc("one", "Outlet A", "2025-10-16T09:00:00");
        a1.title = Some("Summit in Budapest announced".into());
        a1.paragraphs = vec![
            "Leaders agreed to meet in Budapest after a long call.".into(),
            "The summit will follow talks between aides.".into(),
        ];
        d1.content = a1.body();
        let (_, mut a2) = fixtures::doc("two", "Outlet B", "2025-10-16T10:00:00");
        a2.title = Some("Markets today".into());
        a2.paragraphs = vec![
            "Stocks rose. Bonds fell. Oil was flat. Budapest was mentioned once in passing.".into(),
            "Analysts expect more volatility next week as earnings season begins in earnest.".into(),
        ];
        store.add(&d1, &a1).unwrap();
        let d2 = fixtures::doc("two", "Outlet B", "2025-10-16T10:00:00").0;
        store.add(&d2, &a2).unwrap();
        store
    }

    #[test]
    fn ranks_the_article_about_it_first() {
        let store = store();
        let hits = store.search("budapest", 10).unwrap();
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].title, "Summit in Budapest announced");
        assert_eq!(hits[0].kind, HitKind::Article);
        assert_eq!(hits[0].outlet.as_deref(), Some("Outlet A"));
        assert!(hits[0].score > hits[1].score);
        assert!(hits[0].snippet.contains("[Budapest]"), "{}", hits[0].snippet);
        assert_eq!(store.search("budapest", 1).unwrap().len(), 1);
        assert!(store.search("budapest", 0).unwrap().is_empty());
    }

    #[test]
    fn stemming_prefix_or_and_diacritics() {
        let store = store();
        assert_eq!(store.search("summits", 10).unwrap().len(), 1);
        assert_eq!(store.search("budap*", 10).unwrap().len(), 2);
        assert_eq!(store.search("summit OR stocks", 10).unwrap().len(), 2);
        assert_eq!(store.search("summit stocks", 10).unwrap().len(), 0);
        assert_eq!(store.search("Budapést", 10).unwrap().len(), 2);
        assert_eq!(store.search("\"long call\"", 10).unwrap().len(), 1);
        assert_eq!(store.search("\"call long\"", 10).unwrap().len(), 0);
    }

    #[test]
    fn hostile_queries_do_not_error() {
        let store = store();
        for q in [
            r#""foo" AND (bar* NEAR -"#,
            "NEAR(a b, 3)",
            "title:budapest",
            "{title body}: budapest",
            "^budapest",
            "budapest NOT",
            "NOT budapest",
            "-budapest",
            "a\"b\"c",
            "\u{0}\u{1}",
            "((((",
            "** OR ** AND",
            "é́́",
            "\u{301}",
            "日本語",
        ] {
            store.search(q, 10).unwrap_or_else(|e| panic!("{q:?}: {e}"));
        }
        assert!(store.search("", 10).unwrap().is_empty());
        assert_eq!(store.search("title:budapest", 10).unwrap().len(), 0);
        assert_eq!(store.search("-budapest", 10).unwrap().len(), 2);
    }
}
