//! Conflicts: two newsrooms give figures for the same thing that cannot both be true.
//!
//! The rule (also in the README): two figures are about the same thing when they have the same
//! unit and measure the same noun ("call", "people"; a compound and its head, "dockworkers" and
//! "workers"), and either their sentences state the same
//! fact (one aligned statement) or the words right around the two figures overlap ("killed",
//! "phone"), and the two values are within a factor of [`MAX_RATIO`] of each other: reports of
//! one quantity disagree by a margin, not by orders of magnitude, so "six people were killed"
//! and "1,100 people spent the night in tents" are about different people. Context words are
//! compared with their inflections stripped ("killing"/"killed"). A length of time in hours or
//! minutes may lack its noun on one side ("talks that ran for more than six hours" against "a
//! four-hour meeting"): in a story it is most often how long the event lasted; other measures
//! ("about 14 kilometers north" against "a depth of about 10 kilometres") need their noun on
//! both sides, and a bare count is never compared. An age is compared only within one aligned
//! statement, since a story names many people. Each
//! figure stands for the range its hedge allows: "about 2,000" is 1,700-2,300, "nearly 2.5"
//! is 2.25-2.5, "more than 1,000" is 1,000 or more, a bare "two" is exactly 2 (rounding of the
//! last digit tolerated), "10-15 people" is 10 to 15. A conflict is two such ranges that do not
//! overlap; a hedge or rounding a reader would not call a conflict is not one. Reprints of one
//! wire story never conflict with each other, as they are one newsroom. A toll given as of
//! different days (the dead, the missing, the injured; each sentence dates itself to a day, and
//! no day is in both) is a count that moved, not a conflict: "at least 30 people were missing on
//! Thursday morning" and "21 people were still missing on Friday" report a search going on,
//! while a strike's "about 6,000 walked out on Monday" against "some 4,200 stayed away, the
//! strike's second day Tuesday" is one walkout counted two ways.
//!
//! Sentences aligned as one statement that give different figures for one thing (a conflict,
//! or a toll that moved) tell of one event but do not state one fact: [`split_disputed`] parts
//! them, so that neither is cited for the other or counted as corroborating it.

use std::collections::{HashMap, HashSet};

use storyweave_model::{Analysis, Conflict, ConflictSide, DedupReport, Figure, SentenceRef, Statement};
use storyweave_text::{fold, strip_inflection};

use crate::content_words;

/// Two values further apart than this factor measure different things.
pub const MAX_RATIO: f64 = 3.0;

/// Words saying a count is a toll, which moves as the days go by.
const TOLL: &[&str] = &[
    "dead",
    "death",
    "deaths",
    "died",
    "killed",
    "missing",
    "injured",
    "wounded",
    "hurt",
    "toll",
    "casualties",
    "rescued",
    "evacuated",
    "trapped",
    "hospitalised",
    "hospitalized",
    "survivors",
];

/// Words on each side of a figure that make its local context.
const WINDOW: usize = 8;

/// The range of values a hedged figure allows; a range's hedge widens both its ends ("about
/// 10-15").
pub fn range(f: &Figure) -> (f64, f64) {
    let (lo, hi) = (f.value, f.upper.unwrap_or(f.value).max(f.value));
    // Unhedged figures still tolerate rounding to their own precision (about 2%).
    let exact = (lo * 0.98, hi * 1.02);
    let hedge = f.hedge.as_deref().map(fold).unwrap_or_default();
    match hedge.as_str() {
        "" => exact,
        "nearly" | "almost" | "just under" | "close to" => (lo * 0.9, hi),
        "about" | "around" | "approximately" | "roughly" | "some" | "an estimated" | "estimated"
        | "circa" => (lo * 0.85, hi * 1.15),
        "more than" | "over" | "at least" | "upwards of" | "above" | "just over" => (lo, f64::INFINITY),
        "up to" | "at most" | "less than" | "under" | "fewer than" | "below" => (0.0, hi),
        _ => (lo * 0.85, hi * 1.15),
    }
}

/// The day a TimeML value names ("2026-03-12" of "2026-03-12TMO"), if it names one.
fn day(value: &str) -> Option<&str> {
    let d = value.get(..10)?.as_bytes();
    let digits = |r: std::ops::Range<usize>| d[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && d[4] == b'-' && digits(5..7) && d[7] == b'-' && digits(8..10)).then(|| &value[..10])
}

fn overlaps(a: (f64, f64), b: (f64, f64)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// Whether two values of one measure cannot both be true: within [`MAX_RATIO`] of each other
/// (further apart they measure different things), and their hedges' ranges do not overlap.
fn apart(x: &Figure, y: &Figure) -> bool {
    let (lo, hi) = (x.value.min(y.value), x.value.max(y.value));
    lo > 0.0 && hi / lo <= MAX_RATIO && !overlaps(range(x), range(y))
}

/// Content words within [`WINDOW`] words of the figure's text in its sentence, the measured
/// noun left out.
fn local_context(sentence: &str, figure: &Figure) -> HashSet<String> {
    let toks: Vec<(usize, &str)> = storyweave_text::word_tokens(sentence).collect();
    let at = sentence.find(figure.text.as_str()).unwrap_or(0);
    let end = at + figure.text.len();
    let first = toks.iter().position(|(p, _)| *p >= at).unwrap_or(0);
    let last = toks.iter().rposition(|(p, _)| *p < end).unwrap_or(first);
    let lo = first.saturating_sub(WINDOW);
    let hi = (last + WINDOW + 1).min(toks.len());
    let window: Vec<&str> = toks[lo..hi].iter().map(|(_, w)| *w).collect();
    let mut words: HashSet<String> =
        content_words(&window.join(" ")).iter().map(|w| strip_inflection(w)).collect();
    for w in storyweave_text::words(figure.measures.as_deref().unwrap_or_default())
        .chain(storyweave_text::words(&figure.text))
    {
        words.remove(&strip_inflection(&fold(w)));
    }
    words
}

/// One counted noun, or a compound and its head ("dockworkers" and "workers").
fn same_noun(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (short.chars().count() >= 5 && long.ends_with(short))
}

/// Whether two figures measure the same thing (see the module docs).
fn same_thing(x: &Figure, xs: &HashSet<String>, y: &Figure, ys: &HashSet<String>, aligned: bool) -> bool {
    if x.unit != y.unit {
        return false;
    }
    let shared = xs.intersection(ys).count();
    let noun = |f: &Figure| f.measures.as_deref().map(fold).filter(|m| !m.trim().is_empty());
    match (noun(x), noun(y)) {
        // An age belongs to one person, and a story names many: only one aligned statement
        // compares two.
        (Some(a), Some(b)) if a == "age" => b == "age" && aligned,
        (Some(a), Some(b)) => same_noun(&a, &b) && (aligned || shared >= 1),
        (None, None) => false,
        // A length of time in a story is most often how long its event lasted.
        _ => matches!(x.unit.as_str(), "h" | "min") && (aligned || shared >= 1),
    }
}

/// Find the conflicts among a story's figures, given its aligned statements.
pub fn find(analyses: &[&Analysis], statements: &[Statement], dedup: &DedupReport) -> Vec<Conflict> {
    let mut statement_of: HashMap<(&str, usize), usize> = HashMap::new();
    for (i, st) in statements.iter().enumerate() {
        for r in &st.sentences {
            statement_of.insert((r.doc.as_str(), r.sentence), i);
        }
    }
    struct Item<'a> {
        doc: &'a str,
        newsroom: &'a str,
        sentence: usize,
        figure: &'a Figure,
        context: HashSet<String>,
        statement: Option<usize>,
        /// The days its sentence dates itself to ("2026-03-12").
        days: Vec<&'a str>,
    }
    let mut items: Vec<Item> = Vec::new();
    for a in analyses {
        let mut sentences: Vec<usize> = a.figures.iter().map(|f| f.sentence).collect();
        sentences.sort_unstable();
        sentences.dedup();
        for sentence in sentences {
            let statement = statement_of.get(&(a.doc_id.as_str(), sentence)).copied();
            let days: Vec<&str> = a
                .times
                .iter()
                .filter(|t| t.sentence == sentence)
                .filter_map(|t| day(t.value.as_deref()?))
                .collect();
            for Measured { figure, context } in measured(a, sentence) {
                items.push(Item {
                    doc: &a.doc_id,
                    newsroom: dedup.canonical(&a.doc_id),
                    sentence,
                    figure,
                    context,
                    statement,
                    days: days.clone(),
                });
            }
        }
    }
    let mut conflicts: Vec<Conflict> = Vec::new();
    let mut used: HashSet<(usize, usize)> = HashSet::new();
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            let (x, y) = (&items[i], &items[j]);
            let aligned = x.statement.is_some() && x.statement == y.statement;
            let same_thing = same_thing(x.figure, &x.context, y.figure, &y.context, aligned);
            let other_days =
                !x.days.is_empty() && !y.days.is_empty() && !x.days.iter().any(|d| y.days.contains(d));
            let toll = |it: &Item| TOLL.iter().any(|w| it.context.contains(&strip_inflection(w)));
            let other_days = other_days && (toll(x) || toll(y));
            if x.newsroom == y.newsroom || other_days || !same_thing || !apart(x.figure, y.figure) {
                continue;
            }
            if !used.insert((i, j)) {
                continue;
            }
            let about = x
                .figure
                .measures
                .clone()
                .or_else(|| y.figure.measures.clone())
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| unit_name(&x.figure.unit));
            let side = |it: &Item| ConflictSide {
                sentence: SentenceRef { doc: it.doc.to_string(), sentence: it.sentence },
                figure: it.figure.text.clone(),
            };
            // One conflict per thing measured: later pairs add their sides to it.
            match conflicts.iter_mut().find(|c| c.about == about) {
                Some(c) => {
                    for s in [side(x), side(y)] {
                        if !c.sides.contains(&s) {
                            c.sides.push(s);
                        }
                    }
                }
                None => conflicts.push(Conflict { about, sides: vec![side(x), side(y)] }),
            }
        }
    }
    conflicts
}

/// A counted figure of a sentence, with the words around it.
struct Measured<'a> {
    figure: &'a Figure,
    context: HashSet<String>,
}

/// The figures worth comparing of one sentence: those that say what they count (a bare count
/// says nothing to compare).
fn measured<'a>(a: &'a Analysis, sentence: usize) -> Vec<Measured<'a>> {
    let Some(s) = a.sentences.get(sentence) else { return Vec::new() };
    a.figures
        .iter()
        .filter(|f| f.sentence == sentence)
        .filter(|f| f.unit != "count" || f.measures.as_deref().is_some_and(|m| !m.trim().is_empty()))
        .map(|f| Measured { figure: f, context: local_context(&s.text, f) })
        .collect()
}

/// Whether two sentences of one statement give different figures for one thing: a conflict,
/// or a toll that moved between their days.
fn disagree(x: &[Measured], y: &[Measured]) -> bool {
    x.iter().any(|a| {
        y.iter().any(|b| {
            same_thing(a.figure, &a.context, b.figure, &b.context, true) && apart(a.figure, b.figure)
        })
    })
}

/// Split each statement whose sentences give different figures for one thing into groups
/// that agree, in their order, each group counting its own newsrooms. Such sentences tell of
/// one event but do not state one fact: "at least 30 missing on Thursday" is no
/// corroboration of "21 still missing on Friday", nor a citation for it. Run after [`find`],
/// which reads the unsplit statements to compare their figures.
pub fn split_disputed(
    analyses: &[&Analysis],
    statements: Vec<Statement>,
    dedup: &DedupReport,
) -> Vec<Statement> {
    let by_doc: HashMap<&str, &Analysis> = analyses.iter().map(|a| (a.doc_id.as_str(), *a)).collect();
    let mut out = Vec::with_capacity(statements.len());
    for st in statements {
        if st.sentences.len() < 2 {
            out.push(st);
            continue;
        }
        let figures: Vec<Vec<Measured>> = st
            .sentences
            .iter()
            .map(|r| by_doc.get(r.doc.as_str()).map(|a| measured(a, r.sentence)).unwrap_or_default())
            .collect();
        // Each sentence joins the first group it disagrees with no member of.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for i in 0..st.sentences.len() {
            match groups.iter_mut().find(|g| g.iter().all(|&j| !disagree(&figures[i], &figures[j]))) {
                Some(g) => g.push(i),
                None => groups.push(vec![i]),
            }
        }
        if groups.len() == 1 {
            out.push(st);
            continue;
        }
        for g in groups {
            let sentences: Vec<SentenceRef> = g.iter().map(|&i| st.sentences[i].clone()).collect();
            let newsrooms: HashSet<&str> = sentences.iter().map(|r| dedup.canonical(&r.doc)).collect();
            out.push(Statement { newsrooms: newsrooms.len(), sentences });
        }
    }
    out
}

/// What a measure without a noun is about, named by its unit.
fn unit_name(unit: &str) -> String {
    match unit {
        "h" | "min" | "s" | "day" | "week" | "month" | "year" => "duration",
        "km" | "mi" | "m" => "distance",
        "%" => "share",
        "usd" | "eur" | "gbp" => "amount",
        u => u,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyweave_model::{Sentence, TimeExpr, TimeKind};

    fn fig(text: &str, value: f64, unit: &str, hedge: Option<&str>, measures: &str) -> Figure {
        Figure {
            sentence: 0,
            text: text.into(),
            value,
            upper: None,
            unit: unit.into(),
            hedge: hedge.map(str::to_string),
            measures: Some(measures.into()),
        }
    }

    fn analysis(doc: &str, sentence: &str, f: Figure) -> Analysis {
        Analysis {
            doc_id: doc.into(),
            sentences: vec![Sentence { text: sentence.into(), paragraph: 0 }],
            figures: vec![f],
            ..Analysis::default()
        }
    }

    #[test]
    fn a_compound_meets_its_head_noun() {
        let none = DedupReport::default();
        let a = analysis(
            "a",
            "Ferrymen at the harbour walked out on Monday, about 900 dockworkers by the guild's count.",
            fig("about 900 dockworkers", 900.0, "count", Some("about"), "dockworkers"),
        );
        let b = analysis(
            "b",
            "The harbour board said some 600 workers walked out on Monday.",
            fig("some 600 workers", 600.0, "count", Some("some"), "workers"),
        );
        assert_eq!(find(&[&a, &b], &[], &none).len(), 1);
        // A short noun inside a longer word is no head ("men" in "women").
        assert!(!same_noun("women", "men") && !same_noun("passengers", "messengers"));
        assert!(same_noun("dockworkers", "workers"));
    }

    #[test]
    fn hedges_decide_what_conflicts() {
        let a = analysis(
            "a",
            "The leaders spoke in a nearly 2.5-hour phone call.",
            fig("nearly 2.5-hour", 2.5, "h", Some("nearly"), "call"),
        );
        let b =
            analysis("b", "The leaders held a two-hour phone call.", fig("two-hour", 2.0, "h", None, "call"));
        let c = analysis(
            "c",
            "Leaders spoke in a phone call of about two hours.",
            fig("about two hours", 2.0, "h", Some("about"), "call"),
        );
        let none = DedupReport::default();
        let found = find(&[&a, &b], &[], &none);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].sides.len(), 2);
        // "about two hours" overlaps both; not a conflict with either.
        assert!(find(&[&b, &c], &[], &none).is_empty());
        assert!(find(&[&a, &c], &[], &none).is_empty());
    }

    #[test]
    fn a_range_conflicts_only_with_what_lies_outside_it() {
        let range = analysis(
            "a",
            "Between 10 and 15 people were hurt in the crash.",
            Figure { upper: Some(15.0), ..fig("Between 10 and 15 people", 10.0, "count", None, "people") },
        );
        let within = analysis(
            "b",
            "Twelve people were hurt in the crash.",
            fig("Twelve people", 12.0, "count", None, "people"),
        );
        let outside = analysis(
            "c",
            "Twenty people were hurt in the crash.",
            fig("Twenty people", 20.0, "count", None, "people"),
        );
        let none = DedupReport::default();
        assert!(find(&[&range, &within], &[], &none).is_empty());
        assert_eq!(find(&[&range, &outside], &[], &none).len(), 1);
    }

    #[test]
    fn a_count_on_another_day_is_an_update() {
        let dated = |doc: &str, sentence: &str, f: Figure, when: &str| Analysis {
            times: vec![TimeExpr {
                sentence: 0,
                start: 0,
                end: 0,
                text: String::new(),
                kind: TimeKind::Date,
                value: Some(when.into()),
            }],
            ..analysis(doc, sentence, f)
        };
        let thursday = || {
            dated(
                "a",
                "At least 30 people were missing on Thursday morning after the ferry sank.",
                fig("At least 30 people", 30.0, "count", Some("at least"), "people"),
                "2026-03-12TMO",
            )
        };
        let friday = dated(
            "b",
            "On Friday 21 people were still missing after the ferry sank.",
            fig("21 people", 21.0, "count", None, "people"),
            "2026-03-13",
        );
        let undated = analysis(
            "c",
            "The ferry sank with 21 people still missing.",
            fig("21 people", 21.0, "count", None, "people"),
        );
        let none = DedupReport::default();
        assert!(find(&[&thursday(), &friday], &[], &none).is_empty());
        // Without a day on one side, the two are compared.
        assert_eq!(find(&[&thursday(), &undated], &[], &none).len(), 1);
        // One walkout counted two ways is not a toll.
        let union = dated(
            "e",
            "About 6,000 dockers walked out on Monday, by their union's count.",
            fig("About 6,000 dockers", 6000.0, "count", Some("about"), "dockers"),
            "2026-04-20",
        );
        let port = dated(
            "f",
            "On its second day Tuesday, the port said some 4,200 dockers had walked out.",
            fig("some 4,200 dockers", 4200.0, "count", Some("some"), "dockers"),
            "2026-04-21",
        );
        assert_eq!(find(&[&union, &port], &[], &none).len(), 1);
        let also_thursday = Analysis { doc_id: "d".into(), ..thursday() };
        let on_thursday = Analysis { figures: friday.figures.clone(), ..also_thursday };
        assert_eq!(find(&[&thursday(), &on_thursday], &[], &none).len(), 1);
    }

    #[test]
    fn a_statement_splits_where_its_figures_differ() {
        let none = DedupReport::default();
        let a = analysis(
            "a",
            "At least 30 people were missing on Thursday after the ferry sank off Harlow Point.",
            fig("At least 30 people", 30.0, "count", Some("at least"), "people"),
        );
        let b = analysis(
            "b",
            "On Friday 21 people were still missing after the ferry sank off Harlow Point.",
            fig("21 people", 21.0, "count", None, "people"),
        );
        let c = analysis(
            "c",
            "Some 32 people were missing after the ferry sank off Harlow Point, officials said.",
            fig("Some 32 people", 32.0, "count", Some("some"), "people"),
        );
        let at = |doc: &str| SentenceRef { doc: doc.into(), sentence: 0 };
        let one = Statement { sentences: vec![at("a"), at("b"), at("c")], newsrooms: 3 };
        let split = split_disputed(&[&a, &b, &c], vec![one], &none);
        assert_eq!(
            split,
            vec![
                Statement { sentences: vec![at("a"), at("c")], newsrooms: 2 },
                Statement { sentences: vec![at("b")], newsrooms: 1 },
            ]
        );
        // Figures that fit each other, or measure different things, keep the statement whole.
        let d = analysis(
            "d",
            "The ferry that sank off Harlow Point had 40 lifeboats on board.",
            fig("40 lifeboats", 40.0, "count", None, "lifeboats"),
        );
        let whole = Statement { sentences: vec![at("a"), at("c"), at("d")], newsrooms: 3 };
        assert_eq!(split_disputed(&[&a, &c, &d], vec![whole.clone()], &none), vec![whole]);
    }

    #[test]
    fn different_things_do_not_conflict() {
        let a = analysis(
            "a",
            "At least 14 people died in the flood.",
            fig("14 people", 14.0, "count", Some("at least"), "people"),
        );
        let b = analysis(
            "b",
            "Rescuers said 11 people were killed in the flood.",
            fig("11 people", 11.0, "count", None, "people"),
        );
        let c = analysis(
            "c",
            "The bakery sold 300 loaves to people on Monday.",
            fig("300 loaves", 300.0, "count", None, "loaves"),
        );
        let none = DedupReport::default();
        assert_eq!(find(&[&a, &b], &[], &none).len(), 1);
        assert!(find(&[&a, &c], &[], &none).is_empty());
    }

    fn bare(text: &str, value: f64, unit: &str, hedge: Option<&str>, measures: Option<&str>) -> Figure {
        Figure { measures: measures.map(str::to_string), ..fig(text, value, unit, hedge, "") }
    }

    #[test]
    fn inflections_and_nounless_durations_still_meet() {
        let none = DedupReport::default();
        // "killing" and "killed" are one word to the context.
        let a = analysis(
            "a",
            "A strong earthquake struck early on Sunday, killing at least 17 people in the city.",
            fig("at least 17 people", 17.0, "count", Some("at least"), "people"),
        );
        let b = analysis(
            "b",
            "Officials said 12 people were killed and dozens were injured.",
            fig("12 people", 12.0, "count", None, "people"),
        );
        assert_eq!(find(&[&a, &b], &[], &none).len(), 1);
        // A length of time without its noun meets one with it.
        let c = analysis(
            "c",
            "They agreed after a four-hour meeting with the other side in the lakeside city of Dalmora.",
            fig("four-hour", 4.0, "h", None, "meeting"),
        );
        let d = analysis(
            "d",
            "Negotiators emerged from talks that ran for more than six hours in the lakeside city of Dalmora.",
            bare("more than six hours", 6.0, "h", Some("more than"), None),
        );
        let found = find(&[&c, &d], &[], &none);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].about, "meeting");
    }

    #[test]
    fn other_measures_need_their_noun_and_ages_their_statement() {
        let none = DedupReport::default();
        let a = analysis(
            "a",
            "The quake struck at a depth of about 10 kilometres, the Institute of Geophysics said.",
            fig("about 10 kilometres", 10.0, "km", Some("about"), "depth"),
        );
        let b = analysis(
            "b",
            "The quake struck about 14 kilometers north of the city, the Institute of Geophysics said.",
            bare("about 14 kilometers", 14.0, "km", Some("about"), None),
        );
        assert!(find(&[&a, &b], &[], &none).is_empty());
        let c = analysis(
            "c",
            "Rescuers pulled a 34-year-old woman alive from the ruins of the building.",
            fig("34-year-old", 34.0, "year", None, "age"),
        );
        let d = analysis(
            "d",
            "Halyna Moroz, 71, said she had left the ruins of the building with only her coat.",
            fig("71", 71.0, "year", None, "age"),
        );
        assert!(find(&[&c, &d], &[], &none).is_empty());
    }
}
