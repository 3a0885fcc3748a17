//! Block classification, shared by the HTML and text paths.
//!
//! Each block first gets the reason it would be removed for if its own text says so (an embed
//! signature, a byline, a caption credit, an author bio...), or because it sits under a section
//! label ("Most read", "Breaking") or inside a boilerplate container. Then the body is the run of
//! blocks with the highest score, where running prose scores its length and everything else
//! costs: a maximum-sum segment, so menus, tickers and link lists cut the page into pieces and
//! the article is the heaviest piece; a linked headline (a teaser of another story) costs its
//! run more than a blurb earns, as does a date line below a body (a teaser's). On HTML pages the
//! body then widens to the article's own container, short of teasers, and to prose between the
//! headline and the body. Inside the body, short headings, list items written as sentences and
//! any line of the article's container that is no link or lone label stay; text the page prints
//! twice is kept once.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use storyweave_model::{RemovalReason, Removed, Timestamp};
use storyweave_text::{dates, fold, is_stopword, words};

use crate::block::{Block, Container, Features};

/// What the classifier makes of a page's blocks.
#[derive(Debug, Clone, Default)]
pub struct Classified {
    pub paragraphs: Vec<String>,
    pub removed: Vec<Removed>,
    pub title: Option<String>,
    pub published: Option<Timestamp>,
    pub authors: Vec<String>,
    /// The site's name when the page prints it as its masthead.
    pub site_name: Option<String>,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static pattern")
}

static EMBED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)pic\.twitter\.com/|twitter\.com/\w+/status|x\.com/\w+/status|instagram\.com/p/|t\.co/\w")
});
static EMBED_SIGNATURE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[—–-]\s*[^()]{1,80}\(@[A-Za-z0-9_]{1,30}\)\s*.{0,40}$"));
static PROMO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(must read|read more|also read|read also|see also|related|recommended|watch|listen|don'?t miss|click here|subscribe|sign up)\s*[:|–—-]\s*\S",
    )
});
/// Verbs and nouns of a call to action: the page asks the reader to subscribe, sign up,
/// follow, join or support it, in the languages news sites most often use. Whole words, or
/// word starts where the word bends ("subscribers", "abonnieren").
const CALL_WORDS_EXACT: &[&str] = &[
    "subscription",
    "newsletter",
    "abo",
    "join",
    "login",
    "register",
    "abonnement",
    "anmelden",
    "hazte",
    "únete",
    "unete",
    "síguenos",
    "siguenos",
    "sígenos",
    "suscripción",
    "suscripcion",
    "abonnez",
    "inscrivez",
    "suivez",
    "iscriviti",
    "seguici",
    "assine",
    "inscreva",
    "zapraszamy",
    "obserwuj",
];
const CALL_STEMS: &[&str] =
    &["subscrib", "abonnier", "registrier", "suscrib", "regístr", "registr", "subskryp"];
/// Two-word calls ("sign up", "folgen Sie").
const CALL_PAIRS: &[(&str, &str)] = &[
    ("sign", "up"),
    ("signing", "up"),
    ("follow", "us"),
    ("follow", "me"),
    ("support", "our"),
    ("support", "us"),
    ("support", "independent"),
    ("log", "in"),
    ("enjoyed", "reading"),
    ("folgen", "sie"),
    ("folge", "uns"),
    ("unterstützen", "sie"),
];
/// Verbs that offer the page's app further on in the line.
const APP_VERBS: &[&str] = &["download", "herunterladen", "descarga", "descargar", "téléchargez", "get"];
/// Words by which a line speaks to the reader or for the page ("our newsletter", "síguenos"); a
/// sentence that only reports on subscriptions does neither.
const ADDRESS_WORDS: &[&str] = &[
    "our",
    "us",
    "you",
    "your",
    "me",
    "unser",
    "unsere",
    "unserem",
    "unseren",
    "unserer",
    "uns",
    "sie",
    "dich",
    "dein",
    "deine",
    "deinen",
    "du",
    "ihr",
    "nuestro",
    "nuestra",
    "nuestros",
    "nuestras",
    "te",
    "tu",
    "nos",
    "notre",
    "nous",
    "vous",
    "votre",
    "nostro",
    "nostra",
    "nas",
    "nasz",
    "nasza",
    "zapraszamy",
];
/// The stores that carry a page's app, and the words that lead to them ("apps for iOS").
const APP_STORES: &[&str] = &["ios", "android", "itunes", "google"];
const TO_STORE: &[&str] = &["for", "für", "in", "on", "im", "en", "pour", "na", "the"];

/// Words from a verb to the app it offers ("download the Courier apps").
const APP_AFTER: usize = 12;

/// A call to action: a line that asks the reader to subscribe, sign up, follow, join, support
/// the page or get its app, and speaks to the reader while doing so; or that offers the page's
/// app in the stores. One pass over the words, no pattern: most of a page's lines are tested.
fn calls_to_action(t: &str) -> bool {
    // The line's words lower-cased into one buffer, then borrowed from it.
    let mut lowered = String::with_capacity(t.len() + 8);
    for w in t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if w.is_ascii() {
            lowered.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            lowered.extend(w.chars().flat_map(char::to_lowercase));
        }
        lowered.push(' ');
    }
    let words: Vec<&str> = lowered.split_terminator(' ').collect();
    let is_app = |w: &str| w == "app" || w == "apps";
    let mut call = false;
    let mut addressed = t.trim_end().ends_with('!');
    for (i, &w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        if is_app(w)
            && words[i + 1..].iter().find(|n| !TO_STORE.contains(n)).is_some_and(|n| APP_STORES.contains(n))
        {
            return true;
        }
        call |= CALL_WORDS_EXACT.contains(&w)
            || CALL_STEMS.iter().any(|s| w.starts_with(s))
            || CALL_PAIRS.iter().any(|&(a, b)| a == w && b == next)
            || (w == "keep" && next == "up" && words.get(i + 2) == Some(&"with"))
            || (APP_VERBS.iter().any(|v| w.starts_with(v))
                && words[i + 1..].iter().take(APP_AFTER).any(|n| is_app(n)));
        addressed |= ADDRESS_WORDS.contains(&w);
    }
    // An imperative opens many calls ("Abonnieren Sie...", "Abonnez-vous", "Iscriviti").
    let capital = t.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase);
    addressed |= capital
        && words
            .first()
            .is_some_and(|w| ["en", "e", "ez", "te", "ate", "ete", "iti"].iter().any(|e| w.ends_with(e)));
    call && addressed
}

/// Words up to which a block that calls to action is one and not a paragraph mentioning one.
const CALL_WORDS: usize = 25;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| re(r"[\w.+-]+@[\w-]+\.[\w.]+"));
static BIO_CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(you can reach (him|her|them|me)|reach (him|her|them) at|follow (him|her|them) on|can be reached)\b",
    )
});
static BIO_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\p{Lu}[\w'’.-]+(?:\s+\p{Lu}[\w'’.-]+){0,3}\s+(?:is|was|has been)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,4}(?i:reporter|editor|correspondent|journalist|writer|contributor|columnist|producer|author)\b",
    )
});
static CREDIT: LazyLock<Regex> = LazyLock::new(|| re(r"\(([^()]{1,60})\)\s*$"));
static CAPTION_START: LazyLock<Regex> = LazyLock::new(|| {
    // Agency captions open on the picture itself: "In this March 3, 2026, file photo, ...".
    re(
        r"(?i)^(photo|image|picture|file photo|credit|photograph|fotos?|bild|titelbild|beitragsbild|abbildung|cr[ée]dits?( photos?)?|fotograf[ií]a|imagen)\s*(\d+\s*)?(by\b|[:|])|^in this .{0,60}\b(photo|image|picture)\b",
    )
});
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?i:by|written by|reporting by|words by)\s+(\p{Lu}.*)$"));
static SOURCE_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?i:source|sources|via|quelle|quellen|fuente|źródło)\s*:\s*\S"));
// The cue patterns below mark word edges and filler with small classes (ASCII letters and
// digits, white space) rather than `\w`, `\p{L}` or `\b`: the regex crate's fast engine keeps
// those on any text and builds few states for them.

/// A date alone as Europe writes it ("17.01.2021", "3. März 2004, 19:49", "16 marca 2021"),
/// perhaps under a label: the forms the shared date parser leaves to the page.
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[^0-9A-Za-z]*([^\s\d]+(\s+[^\s\d]+)?\s*)?(\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.?\s+[^\s\d]{3,}\s+\d{4})(,?\s*\d{1,2}[:.]\d{2}(\s*uhr)?)?[^0-9A-Za-z]*$",
    )
});
/// The controls of a page's widgets (show, hide, print, save, share, enlarge) in the languages
/// news sites most often use.
const CONTROLS: &[&str] = &[
    "print",
    "share",
    "expand",
    "collapse",
    "enlarge",
    "bookmark",
    "anzeigen",
    "ausblenden",
    "einblenden",
    "schließen",
    "drucken",
    "speichern",
    "teilen",
    "merken",
    "vergrößern",
    "herunterladen",
    "weiterlesen",
    "mostrar",
    "ocultar",
    "cerrar",
    "imprimir",
    "compartir",
    "afficher",
    "masquer",
    "fermer",
    "imprimer",
    "partager",
    "stampa",
    "condividi",
    "drukuj",
    "udostępnij",
];

/// Whether a line names a widget control: a word test, cheaper than a pattern on the many
/// short lines of a page.
fn names_control(t: &str) -> bool {
    t.split(|c: char| !c.is_alphanumeric()).any(|w| {
        if !(4..=13).contains(&w.chars().count()) || !CONTROLS.iter().any(|c| c.len() == w.len()) {
            return false;
        }
        let lower = if w.is_ascii() { w.to_ascii_lowercase() } else { w.to_lowercase() };
        CONTROLS.iter().any(|c| c.len() == w.len() && *c == lower)
    })
}

/// Words up to which a line that names a widget control is one.
const CONTROL_WORDS: usize = 6;

/// A page's own links to the post it shows, or its feeds: blog furniture.
static PERMALINK: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(permalink|permanentlink|permalien|trackback)"));
/// A file's size, as download links give it ("PDF | 38 KB").
static FILE_SIZE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(\(|\|)\s*\d+([.,]\d+)?\s?(KB|kB|MB|GB)\s*(\)|\||$)"));
/// A line that marks what follows, or itself, as paid for.
static AD_MARK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[^0-9A-Za-z]{0,3}(anzeige|werbung|advertisement|sponsored|gesponsert|publicidad|publicité|pubblicità|reklama)([^0-9A-Za-z]|$)",
    )
});
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)all rights reserved|©|\bcopyright\b|privacy policy|terms of (use|service)|cookie (policy|settings)",
    )
});
static READ_TIME: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(reading time\s*:?\s*\d+\s*min(ute)?s?\.?|\d+\s*min(ute)?s?\.?\s*read)$"));
/// "Jane Roe in Vesterholm": the place a reporter files from is not part of the name.
static FILED_FROM: LazyLock<Regex> = LazyLock::new(|| re(r"\s+(?:in|from)\s+\p{Lu}.*$"));
static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(date|published|updated|posted|last updated|first published|on|publiziert|veröffentlicht|aktualisiert|erstellt|stand|publicado|actualizado|publié|mis à jour|opublikowano)\b\s*(on|am|el|le)?\s*[:|-]?\s*",
    )
});
static TICKER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(breaking( news)?|latest( news| headlines)?|live( updates)?|just in|developing( story)?|news ?feed|top headlines|headlines|news ticker)\s*:?$",
    )
});
static RELATED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(&[
        r"(?i)^(most (read|popular|viewed|shared)|read (next|more|also)|also read|you (may|might) (also )?like|related( (articles?|stories|news|coverage|content|reading|posts|topics))?|recommended( (for you|stories|reading))?|more (from|on|in|stories|news|like this)\b.*|trending( now| stories)?|popular( now| stories)?|editor'?s picks|top stories|in other news|what to read next|further reading|more coverage|latest stories|tags|topics",
        // The same labels in the other languages news sites most often use.
        r"|ähnliche (beiträge|artikel|themen|nachrichten)|auch interessant|(das|dies) (könnte|dürfte) (sie|dich) auch interessieren|(sie|du) (könnten|könntest|möchten|möchtest) auch|mehr zum thema|weitere (artikel|beiträge|themen|meldungen|nachrichten|news)|verwandte (artikel|beiträge|themen)|meistgelesen(e)?( artikel| beiträge)?|meist gelesen|lesen sie auch|lies auch|empfehlungen( der redaktion)?|schlagworte|themen",
        r"|(à )?lire aussi|articles similaires|sur le même sujet|les plus lus|à voir aussi|vous aimerez aussi",
        r"|(artículos|noticias|entradas) relacionad[ao]s|te puede interesar|lo más leído|también te puede interesar|lee también",
        r"|articoli correlati|potrebbe interessarti|leggi anche|i più letti",
        r"|(você|voce) (pode|também pode) gostar|leia também|(artigos|posts|notícias) relacionad[ao]s|mais lid[ao]s",
        r")\s*(\.{3}|…)?\s*:?$",
    ]
    .concat())
});

/// The opening words of a label over links to more reading ("Lesen Sie auch die folgenden
/// Beiträge:", "Weitere Tourentipps in Schweden", "More on this story"): short lines only.
static MORE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(&[
        r"(?i)^(see also|read (more|also|next)|more (on|about|from|stories|news|articles)|explore further|further reading|related",
        r"|lesen sie (auch|mehr)|lies auch|mehr (zum thema|themen|dazu|artikel|beiträge|infos?|informationen)|weitere (\S+ )?(infos?|informationen|themen|artikel|beiträge|meldungen|nachrichten|news|tipps|\S+tipps)|zum weiterlesen|schon gelesen|(das|dies)( \S+)? (könnte|dürfte) (sie|dich) auch interessieren|auch interessant",
        r"|(veja|leia) também|lee también|lea también|(à )?lire aussi|voir aussi|leggi anche|czytaj (też|także|również)|zobacz (też|także|również))([^0-9A-Za-z]|$)",
    ]
    .concat())
});

/// The label over an author box.
static AUTHOR_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(about the (author|writer)|(über|fragen an) (den|die) (autor|autorin)|(sobre|acerca de)l? (el )?autor|à propos de l'auteur|o autorze|sull'autore)$",
    )
});

/// The label that opens readers' comments.
static COMMENTS_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^((\d+|no|one|two|three|top( rated)?|reader'?s'?|all)\s+)?(comments?|responses?|replies|reactions|thoughts)(\s+(on|to)\s+.{1,200})?$|^(leave|post|add|write|submit)\s+(a|your)\s+(comment|reply|response)\b.{0,40}$|^(join|start) the (discussion|conversation)\b.{0,40}$|^(show|view|read|load|see) (all )?(\d+ )?comments?\b.{0,20}$|^comments? (are )?(closed|disabled)\b.{0,30}$|^discussion$|^(kommentare?|\d+ kommentare?|kommentar schreiben|schreibe einen kommentar|commentaires?|comentarios?|commenti)\b.{0,40}$",
    )
});

const SOCIAL: &[&str] = &[
    "android",
    "app store",
    "apple news",
    "copy link",
    "email",
    "facebook",
    "flipboard",
    "google news",
    "google play",
    "instagram",
    "ios",
    "linkedin",
    "print",
    "reddit",
    "rss",
    "share",
    "telegram",
    "threads",
    "tiktok",
    "twitter",
    "whatsapp",
    "x",
    "youtube",
];

/// The reason a block's own text gives for removing it, wherever it stands.
fn own_reason(b: &Block, f: &Features) -> Option<RemovalReason> {
    let t = b.text.trim();
    // Cheap tests first: most blocks hold no link, no '@' and no digit.
    let has_digit = t.bytes().any(|c| c.is_ascii_digit());
    // A block its container marks already needs no cue of its own, bar those that feed the
    // page's metadata; most of a page's lines sit in menus and footers, so this saves the
    // dearest tests on most of them.
    if b.container != Container::Content {
        return if b.container == Container::Caption {
            Some(RemovalReason::Caption)
        } else if f.words <= 10 && has_digit && date_of(t).is_some() {
            Some(RemovalReason::Dateline)
        } else if f.words <= 10 && (BYLINE.is_match(t) || SOURCE_LINE.is_match(t)) {
            Some(RemovalReason::Byline)
        } else {
            None
        };
    }
    let linkish = t.contains('/');
    if (linkish && EMBED.is_match(t)) || (t.contains("(@") && EMBED_SIGNATURE.is_match(t)) {
        return Some(RemovalReason::Embed);
    }
    if f.words <= 40 && PROMO.is_match(t) {
        return Some(RemovalReason::Promo);
    }
    if f.words <= CALL_WORDS && calls_to_action(t) {
        return Some(RemovalReason::Promo);
    }
    // Every contact phrase holds "reach" or "follow".
    let contact =
        || ["each", "EACH", "ollow", "OLLOW"].iter().any(|w| t.contains(w)) && BIO_CONTACT.is_match(t);
    // An address alone marks a short note ("Write to jane@..."); a paragraph of prose may
    // mention one.
    let email = || f.words <= 40 && t.contains('@') && EMAIL.is_match(t);
    if f.words >= 10 && (email() || contact() || BIO_ROLE.is_match(t)) {
        return Some(RemovalReason::AuthorBio);
    }
    if is_caption(t, f) {
        return Some(RemovalReason::Caption);
    }
    if f.words <= 10 && has_digit && (date_of(t).is_some() || DATE_ONLY.is_match(t)) {
        return Some(RemovalReason::Dateline);
    }
    if f.words <= CONTROL_WORDS && !t.ends_with('.') && names_control(t) {
        return Some(RemovalReason::Boilerplate);
    }
    if f.words <= 10 && (BYLINE.is_match(t) || SOURCE_LINE.is_match(t)) {
        return Some(RemovalReason::Byline);
    }
    if f.words <= 20 && has_digit && FILE_SIZE.is_match(t) {
        return Some(RemovalReason::Boilerplate);
    }
    if f.words <= 15 && (PERMALINK.is_match(t) || AD_MARK.is_match(t)) {
        return Some(RemovalReason::Boilerplate);
    }
    if f.words <= 15 && FOOTER.is_match(t) {
        return Some(RemovalReason::Footer);
    }
    if f.words <= 3 && SOCIAL.contains(&fold(t).as_str()) {
        return Some(RemovalReason::Social);
    }
    if READ_TIME.is_match(t) {
        return Some(RemovalReason::Boilerplate);
    }
    None
}

/// A photo caption ends with a short credit in brackets ("(AP)", "(Jane Roe/Reuters)").
fn is_caption(t: &str, f: &Features) -> bool {
    if CAPTION_START.is_match(t) && f.words <= 40 {
        return true;
    }
    // A credit at the end of a short text: "... at the memorial © Jane Roe/Agency".
    if f.words <= 40 && t.char_indices().rev().take(60).any(|(_, c)| c == '©') {
        return true;
    }
    if !t.trim_end().ends_with(')') {
        return false;
    }
    let Some(credit) = CREDIT.captures(t).and_then(|c| c.get(1)) else { return false };
    let credit = credit.as_str().trim();
    let credit_words = credit.split_whitespace().count();
    let acronym = credit.len() >= 2 && credit.len() <= 6 && credit.chars().all(|c| c.is_ascii_uppercase());
    let lower = credit.to_lowercase();
    let agency_like = credit.contains('/')
        || ["photo", "foto", "bild:", "crédit", "©"].iter().any(|w| lower.starts_with(w))
        || lower.contains("images");
    // A bare acronym ends many a short name ("Integrating the Healthcare Enterprise (IHE)"); a
    // caption describes a picture first.
    credit_words <= 6 && ((acronym && f.words >= CAPTION_WORDS) || agency_like) && f.words <= 60
}

/// Words from which a line ending in a bracketed acronym reads as a caption.
const CAPTION_WORDS: usize = 8;

/// The date a date line states ("16 Oct 2025 23:43", "Published: March 3, 2026", "date 2025-10-16").
fn date_of(t: &str) -> Option<Timestamp> {
    // Every date form holds a four-digit year; most short lines with a digit hold none, and
    // the date patterns are the dearest test on them.
    if !has_digit_run(t, 4) {
        return None;
    }
    let rest = DATE_LABEL.replace(t, "");
    dates::parse_datetime(&rest)
}

/// Whether `t` holds `n` numeric characters in a row (any script, as the patterns' `\d` reads).
fn has_digit_run(t: &str, n: usize) -> bool {
    let mut run = 0;
    t.chars().any(|c| {
        run = if c.is_numeric() { run + 1 } else { 0 };
        run >= n
    })
}

/// Section labels open a run of blocks that belong to the section, not the article.
fn label_reason(b: &Block, f: &Features) -> Option<RemovalReason> {
    // A label inside a bulleted list is a menu entry ("• Live"), not a section heading.
    if b.bullet || f.words > 40 || b.text.len() > 250 {
        return None;
    }
    let t = b.text.trim().trim_end_matches([':', '.']);
    if f.words > 6 || b.text.len() > 60 {
        // "34 responses to <the headline>" is the one long label; it opens with a count.
        let first = t.split_whitespace().next().unwrap_or("");
        let count = first.bytes().all(|c| c.is_ascii_digit())
            || ["no", "one", "two", "three"].iter().any(|w| first.eq_ignore_ascii_case(w));
        return (count && COMMENTS_LABEL.is_match(t)).then_some(RemovalReason::Comments);
    }
    if COMMENTS_LABEL.is_match(t) {
        Some(RemovalReason::Comments)
    } else if AUTHOR_LABEL.is_match(t) {
        Some(RemovalReason::AuthorBio)
    } else if TICKER_LABEL.is_match(t) {
        Some(RemovalReason::Ticker)
    } else if RELATED_LABEL.is_match(t)
        || (b.container == Container::Content
            && f.words <= 8
            && !b.text.trim_end().ends_with('.')
            && MORE_LABEL.is_match(t))
    {
        Some(RemovalReason::Related)
    } else {
        None
    }
}

fn container_reason(c: Container) -> Option<RemovalReason> {
    match c {
        Container::Content => None,
        Container::Navigation => Some(RemovalReason::Navigation),
        Container::Footer => Some(RemovalReason::Footer),
        Container::Related => Some(RemovalReason::Related),
        Container::Social => Some(RemovalReason::Social),
        Container::Widget => Some(RemovalReason::Boilerplate),
        Container::Caption => Some(RemovalReason::Caption),
        Container::Author => Some(RemovalReason::AuthorBio),
    }
}

/// Running prose: long enough, ends like a sentence, not a run of capitalised words. Nothing
/// here depends on the language: no stop-word list, and a length in characters for scripts
/// that do not put spaces between words.
fn is_prose(b: &Block, f: &Features) -> bool {
    // A list item of full sentences is prose too (articles written as lists); menu entries never are.
    (!b.bullet || (f.words >= LONG_ITEM && f.terminal)) && is_prose_text(b, f)
}

/// Long sentences dense with links (names and terms linked to topic pages) are still prose:
/// link lists are short lines that do not end like sentences.
fn linked_prose(b: &Block, f: &Features) -> bool {
    b.link_density < 0.8 && f.terminal && f.words >= LINKED_PROSE
}

/// Words from which a sentence dense with links is prose.
const LINKED_PROSE: usize = 25;

/// Words from which a heading reads as a paragraph.
const LEAD_HEADING: usize = 25;

/// Words from which a list item reads as prose, and at which a related-links run ends.
const LONG_ITEM: usize = 25;

fn is_prose_text(b: &Block, f: &Features) -> bool {
    // A "heading" of many words is a lead paragraph set in large type.
    (b.heading.is_none() || f.words >= LEAD_HEADING)
        && (b.link_density < 0.5 || linked_prose(b, f))
        && f.capital_ratio <= 0.7
        && ((f.words >= 10 || f.chars >= 60) && f.terminal || f.words >= 25 || f.chars >= 150)
}

fn is_short_sentence(b: &Block, f: &Features) -> bool {
    !b.bullet && is_short_sentence_text(b, f)
}

fn is_short_sentence_text(b: &Block, f: &Features) -> bool {
    b.heading.is_none() && b.link_density < 0.5 && f.terminal && f.words >= 3 && f.capital_ratio <= 0.7
}

/// Whether a block reads as article text: prose, a short sentence or a heading. `list_ok` lets
/// list items count too, as they do inside the article's own container.
fn reads_as_text(b: &Block, f: &Features, list_ok: bool) -> bool {
    // An <h1> is the page's headline, not body text.
    if (b.bullet && !list_ok && !is_sentence_item(b, f)) || b.heading == Some(1) {
        return false;
    }
    is_prose_text(b, f) || is_short_sentence_text(b, f) || is_heading_text(b, f)
}

/// Any text of the article's own container that is not a link list: code, short lines, notes.
fn loose_text(b: &Block, f: &Features, list_ok: bool) -> bool {
    // A lone word or a short label ("Contact:", "Read on") is page furniture unless set as a heading.
    let label = b.heading.is_none() && (f.words < 2 || (f.words <= 2 && b.text.trim_end().ends_with(':')));
    b.heading != Some(1) && b.link_density < 0.5 && (!b.bullet || list_ok) && !label
}

/// Words from which a list item that ends like a sentence is one: menus and tag lists do not
/// write sentences.
const SENTENCE_ITEM: usize = 8;

/// A list item that is a sentence of the article ("The company confirmed ... on Monday.").
fn is_sentence_item(b: &Block, f: &Features) -> bool {
    b.bullet && f.terminal && f.words >= SENTENCE_ITEM && b.link_density < 0.5 && f.capital_ratio <= 0.7
}

/// A short heading that may sit between body paragraphs ("Next steps").
fn is_heading_text(b: &Block, f: &Features) -> bool {
    let starts_well =
        b.text.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "“\"‘'".contains(c));
    b.link_density < 0.5
        && (2..=16).contains(&f.words)
        && starts_well
        && !b.text.trim_end().ends_with([',', ';'])
}

/// Label each block and pick the body.
pub(crate) fn classify(blocks: &[Block]) -> Classified {
    let n = blocks.len();
    let mut buf = String::new();
    let (feats, keys): (Vec<Features>, Vec<u64>) = blocks.iter().map(|b| b.analyse(&mut buf)).unzip();
    let mut own: Vec<Option<RemovalReason>> =
        blocks.iter().zip(&feats).map(|(b, f)| own_reason(b, f)).collect();
    // The post text of an embed sits on the line before its signature.
    for i in 1..n {
        if own[i] == Some(RemovalReason::Embed)
            && EMBED_SIGNATURE.is_match(blocks[i].text.trim())
            && own[i - 1].is_none()
        {
            own[i - 1] = Some(RemovalReason::Embed);
        }
    }
    let labels: Vec<Option<RemovalReason>> =
        blocks.iter().zip(&feats).map(|(b, f)| label_reason(b, f)).collect();
    let section = section_scopes(blocks, &feats, &labels);

    // Text printed a second time (a doubled body) is not the article again. Only runs count: a
    // lone repeated line (the same question put to each interviewee) is part of the article.
    // In HTML a copy counts only in another element: a list that repeats a line under one
    // parent (the same step in each of several plans) is the article's own text.
    let mut seen: HashMap<u64, Option<u32>> = HashMap::new();
    let again: Vec<bool> = (0..n)
        .map(|i| {
            let parent = blocks[i].ancestors.len().checked_sub(2).map(|d| blocks[i].ancestors[d]);
            feats[i].words >= 6
                && match seen.entry(keys[i]) {
                    Entry::Occupied(first) => parent.is_none() || *first.get() != parent,
                    Entry::Vacant(v) => {
                        v.insert(parent);
                        false
                    }
                }
        })
        .collect();
    // Neighbours in a run skip short blocks (share buttons, bullets, datelines), which both copies
    // print between their paragraphs and which are never repeats themselves.
    let long: Vec<usize> = (0..n).filter(|&i| feats[i].words >= 6).collect();
    let mut repeated = vec![false; n];
    for (k, &i) in long.iter().enumerate() {
        let next = long.get(k + 1).is_some_and(|&j| again[j]);
        repeated[i] = again[i] && ((k > 0 && again[long[k - 1]]) || next);
    }

    // Words of prose above each block: below a body, a date line opens a teaser of another story.
    let mut prose_above = Vec::with_capacity(n);
    let mut sum = 0usize;
    for i in 0..n {
        prose_above.push(sum);
        if is_prose(&blocks[i], &feats[i]) {
            sum += feats[i].words;
        }
    }
    let weights: Vec<f64> = (0..n)
        .map(|i| {
            let (b, f) = (&blocks[i], &feats[i]);
            let w = f.words as f64;
            if repeated[i] {
                -w.max(5.0)
            } else if labels[i].is_some() || section[i].is_some() || container_reason(b.container).is_some() {
                -(w + 10.0)
            } else if own[i] == Some(RemovalReason::Dateline) && prose_above[i] >= TEASER_DATE_AFTER {
                -LINKED_HEADING_COST
            } else if own[i].is_some() {
                0.0
            } else if is_linked_heading(b) {
                // A headline that links elsewhere opens a teaser; its blurb does not pay for it.
                -LINKED_HEADING_COST
            } else if is_prose(b, f) {
                w.min(80.0)
            } else if is_short_sentence(b, f) || is_sentence_item(b, f) {
                // "But he was undeterred." neither builds nor breaks a body.
                1.0
            } else if b.bullet {
                -10.0
            } else {
                -(w / 2.0).max(5.0)
            }
        })
        .collect();
    let region = best_segment(&weights);
    let eligible = |i: usize| {
        own[i].is_none()
            && !repeated[i]
            && labels[i].is_none()
            && section[i].is_none()
            && container_reason(blocks[i].container).is_none()
    };
    let in_main = main_container(blocks, &feats, region.as_ref(), &eligible);

    let in_region = |i: usize| region.as_ref().is_some_and(|r| r.contains(&i));
    // A heading of the article's container below its last prose heads nothing of the article:
    // it labels what follows ("More on this", "Share this").
    let last_prose =
        (0..n).rev().find(|&i| (in_region(i) || in_main[i]) && is_prose(&blocks[i], &feats[i])).unwrap_or(n);
    let mut out = Classified::default();
    let mut body_keys = HashSet::new();
    let mut context: Option<RemovalReason> = None;
    let mut removed: Vec<(usize, RemovalReason)> = Vec::new();
    for i in 0..n {
        let (b, f) = (&blocks[i], &feats[i]);
        let inside = region.as_ref().is_some_and(|r| r.contains(&i)) || in_main[i];
        if region.as_ref().is_some_and(|r| r.start == i) {
            context = None;
        }
        if let Some(l) = labels[i] {
            context = Some(l);
        } else if context == Some(RemovalReason::Ticker) && b.after_gap {
            context = None;
        }
        let blocked = own[i].is_some()
            || repeated[i]
            || container_reason(b.container).is_some()
            || (in_main[i] && !in_region(i) && i > last_prose && b.heading.is_some());
        // Inside the article's own container a list is part of the article, not a menu.
        if inside
            && !blocked
            && labels[i].is_none()
            && (reads_as_text(b, f, in_main[i]) || loose_text(b, f, in_main[i]))
        {
            out.paragraphs.push(b.text.trim().to_string());
            body_keys.insert(keys[i]);
            continue;
        }
        let reason = own[i]
            .or(repeated[i].then_some(RemovalReason::Repeated))
            .or(labels[i])
            .or(section[i])
            .or(container_reason(b.container))
            .or(if inside { None } else { context })
            .unwrap_or_else(|| {
                positional_reason(b, f, region.as_ref().filter(|_| !inside).map(|r| i < r.start))
            });
        removed.push((i, reason));
    }
    for &(i, reason) in &removed {
        let b = &blocks[i];
        let reason = if body_keys.contains(&keys[i]) && reason != RemovalReason::Title {
            RemovalReason::Repeated
        } else {
            reason
        };
        out.removed.push(Removed { text: b.text.trim().to_string(), reason, line: b.line });
    }
    metadata(blocks, &feats, &keys, &mut out, region.map_or(0, |r| r.start), &section);
    out
}

fn positional_reason(b: &Block, f: &Features, before_body: Option<bool>) -> RemovalReason {
    match before_body {
        Some(true) if b.bullet || f.words <= 4 => RemovalReason::Navigation,
        Some(false) if b.bullet => RemovalReason::Tags,
        Some(false) if f.words <= 4 => RemovalReason::Footer,
        _ => RemovalReason::Boilerplate,
    }
}

/// Share of the body's text the main container must hold.
const MAIN_SHARE: f32 = 0.9;

/// Blocks of an HTML page that sit in the article's own container: the deepest element holding
/// most of the chosen body's prose. Its other prose belongs to the article even where a video
/// strip or a link list cut the body in two; text input has no containers and adds nothing.
fn main_container(
    blocks: &[Block],
    feats: &[Features],
    region: Option<&std::ops::Range<usize>>,
    eligible: &dyn Fn(usize) -> bool,
) -> Vec<bool> {
    let mut out = vec![false; blocks.len()];
    let Some(region) = region else { return out };
    let prose: Vec<usize> =
        region.clone().filter(|&i| eligible(i) && is_prose(&blocks[i], &feats[i])).collect();
    let total: usize = prose.iter().map(|&i| feats[i].chars).sum();
    if total == 0 {
        return out;
    }
    let mut held: std::collections::HashMap<(usize, u32), usize> = std::collections::HashMap::new();
    for &i in &prose {
        // A block's own element is no container: a body printed as one paragraph split by
        // line breaks would make it the article's whole container.
        let anc = &blocks[i].ancestors;
        for (depth, &a) in anc[..anc.len().saturating_sub(1)].iter().enumerate() {
            *held.entry((depth, a)).or_default() += feats[i].chars;
        }
    }
    let main = held
        .into_iter()
        .filter(|&(_, n)| n as f32 >= MAIN_SHARE * total as f32)
        .max_by_key(|&((depth, _), _)| depth)
        .map(|((depth, a), _)| (depth, a));
    let Some((depth, main)) = main else { return out };
    for (i, b) in blocks.iter().enumerate() {
        out[i] = eligible(i) && b.ancestors.get(depth) == Some(&main);
    }
    // Prose between the headline and the body is the article's (an intro the page sets apart
    // from the body's element) when an element deep enough holds headline and body both; a
    // subtitle set as a heading belongs with the headline.
    let chain = prose.iter().map(|&i| &blocks[i].ancestors).find(|a| a.len() > depth);
    let h1 = (0..region.start).rev().find(|&i| blocks[i].heading == Some(1));
    if let (Some(chain), Some(h1)) = (chain, h1) {
        let shared = chain[..=depth].iter().zip(&blocks[h1].ancestors).take_while(|(a, b)| a == b).count();
        if shared >= MIN_SHARED_DEPTH {
            for i in h1 + 1..region.start {
                out[i] |= eligible(i)
                    && blocks[i].ancestors.get(..shared) == Some(&chain[..shared])
                    && blocks[i].heading.is_none()
                    && is_prose(&blocks[i], &feats[i]);
            }
        }
    }
    // Outside the body a linked headline opens a teaser of another story: it and the few
    // blocks after it, up to its blurb, are not the article's even in its container.
    let mut i = 0;
    while i < blocks.len() {
        if region.contains(&i) || !is_linked_heading(&blocks[i]) {
            i += 1;
            continue;
        }
        out[i] = false;
        let end = (i + 1 + TEASER_BLOCKS).min(blocks.len());
        // A headline wrapped in its own element under the container (a list item, a card) has
        // its teaser there: a paragraph outside it is the article's again, however soon it follows.
        let wrapped = blocks[i].ancestors.len() > depth + 2;
        let teaser = blocks[i].ancestors.get(depth + 1).copied();
        i += 1;
        while i < end
            && !region.contains(&i)
            && !is_linked_heading(&blocks[i])
            && (!wrapped || blocks[i].ancestors.get(depth + 1).copied() == teaser)
        {
            out[i] = false;
            i += 1;
            if is_prose(&blocks[i - 1], &feats[i - 1]) {
                break;
            }
        }
    }
    out
}

/// Words of prose above a date line from which it dates a teaser, not the article.
const TEASER_DATE_AFTER: usize = 150;

/// Depth from which an element holding headline and body is the article's, not the page's.
const MIN_SHARED_DEPTH: usize = 3;

/// Blocks after a teaser's headline that may belong to it (kicker, byline, date, blurb).
const TEASER_BLOCKS: usize = 3;

/// What a linked headline costs the run it sits in, in words of prose.
const LINKED_HEADING_COST: f64 = 40.0;

/// A heading that is mostly a link: a teaser's headline, never a section of the article.
fn is_linked_heading(b: &Block) -> bool {
    b.heading.is_some_and(|h| h > 1) && b.link_density >= 0.5
}

/// Words of prose above a comments label for it to open the rest of the page: higher up, "12
/// comments" is a link in the article's header.
const COMMENTS_AFTER: usize = 80;

/// Blocks governed by a section label: the run after it up to the next gap (the label's own
/// gap does not count, so "Most Read" + blank line + items still scopes the items). A related
/// list also ends at a long paragraph: link items are headlines, not prose.
fn section_scopes(
    blocks: &[Block],
    feats: &[Features],
    labels: &[Option<RemovalReason>],
) -> Vec<Option<RemovalReason>> {
    let mut scope = vec![None; blocks.len()];
    // Words of prose so far: a comments label below some body opens the rest of the page.
    let mut prose_before = 0usize;
    let mut comments_from = None;
    for (i, b) in blocks.iter().enumerate() {
        if labels[i] == Some(RemovalReason::Comments) && prose_before >= COMMENTS_AFTER {
            comments_from = Some(i);
            break;
        }
        if is_prose(b, &feats[i]) {
            prose_before += feats[i].words;
        }
    }
    for (i, label) in labels.iter().enumerate() {
        let Some(reason) = *label else { continue };
        if reason == RemovalReason::Comments {
            continue;
        }
        let mut j = i + 1;
        let mut first = true;
        // In HTML a section is the label's parent element: "Most read" and its list share
        // one widget, and the article below it is not theirs.
        let anc = &blocks[i].ancestors;
        let parent = (anc.len() >= 2).then(|| (anc.len() - 2, anc[anc.len() - 2]));
        // A label that opens its element heads a widget: all of it is the section's, teaser
        // blurbs too.
        let opens_widget = parent.is_some_and(|(d, p)| i == 0 || blocks[i - 1].ancestors.get(d) != Some(&p));
        while j < blocks.len()
            && (labels[j].is_none() || labels[j] == Some(RemovalReason::Comments))
            && (first || !blocks[j].after_gap)
            && !(reason == RemovalReason::Related && feats[j].words >= LONG_ITEM && !opens_widget)
            && parent.is_none_or(|(d, p)| blocks[j].ancestors.get(d) == Some(&p))
        {
            scope[j] = Some(reason);
            first = false;
            j += 1;
        }
    }
    if let Some(from) = comments_from {
        for s in &mut scope[from + 1..] {
            *s = Some(RemovalReason::Comments);
        }
    }
    scope
}

/// The maximum-sum contiguous segment (Kadane); None when nothing scores above zero.
fn best_segment(weights: &[f64]) -> Option<std::ops::Range<usize>> {
    let (mut best, mut best_range) = (0.0, None);
    let (mut sum, mut start) = (0.0, 0);
    for (i, &w) in weights.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += w;
        if sum > best {
            best = sum;
            best_range = Some(start..i + 1);
        }
    }
    best_range
}

/// Title, date, authors and masthead from the removed blocks around the body.
fn metadata(
    blocks: &[Block],
    feats: &[Features],
    keys: &[u64],
    out: &mut Classified,
    body_start: usize,
    section: &[Option<RemovalReason>],
) {
    for r in &out.removed {
        match r.reason {
            RemovalReason::Dateline if out.published.is_none() => out.published = date_of(&r.text),
            RemovalReason::Byline if out.authors.is_empty() => {
                if let Some(c) = BYLINE.captures(&r.text) {
                    out.authors = split_names(&c[1]);
                }
            }
            _ => {}
        }
    }
    // The headline: the nearest line above the body that reads like one.
    let title_at = (body_start.saturating_sub(8)..body_start).rev().find(|&i| {
        let (b, f) = (&blocks[i], &feats[i]);
        !b.bullet
            && section[i].is_none()
            && (b.heading.is_some() || (4..=25).contains(&f.words) && !b.text.trim_end().ends_with('.'))
            && own_reason(b, f).is_none()
            && b.container == Container::Content
    });
    if let Some(i) = title_at {
        let text = blocks[i].text.trim().to_string();
        if let Some(r) = out.removed.iter_mut().find(|r| r.text == text) {
            r.reason = RemovalReason::Title;
        }
        out.title = Some(text);
    }
    if let Some(site) = site_name(blocks, feats, keys) {
        out.authors.retain(|a| a != &site);
        out.site_name = Some(site);
    }
}

/// A masthead: the first block, short, and printed again further down the page.
fn site_name(blocks: &[Block], feats: &[Features], keys: &[u64]) -> Option<String> {
    let (first, f, k) = (blocks.first()?, feats.first()?, keys.first()?);
    ((1..=5).contains(&f.words) && !first.bullet && keys[1..].contains(k))
        .then(|| first.text.trim().to_string())
}

fn split_names(s: &str) -> Vec<String> {
    s.split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|p| FILED_FROM.replace(p.trim(), "").trim_end_matches('.').to_string())
        .filter(|p| !p.is_empty() && p.split_whitespace().count() <= 5)
        .collect()
}

/// "en" when the body reads as English; None when it does not (other languages are a later issue).
pub(crate) fn guess_language(paragraphs: &[String]) -> Option<String> {
    let (mut n, mut stops) = (0usize, 0usize);
    for p in paragraphs {
        for w in words(p) {
            n += 1;
            stops += usize::from(is_stopword(&fold(w)));
        }
    }
    (n >= 20 && stops * 100 / n >= 25).then(|| "en".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text;

    fn run(page: &str) -> Classified {
        classify(&text::blocks(page))
    }

    fn feature_of(text: &str) -> Features {
        Block { text: text.to_string(), ..Block::default() }.analyse(&mut String::new()).0
    }

    fn reason_of<'a>(c: &'a Classified, needle: &str) -> Option<&'a Removed> {
        c.removed.iter().find(|r| r.text.contains(needle))
    }

    const P1: &str = "The county water board said on Tuesday that the reservoir had fallen to its lowest level in a decade, and asked residents to cut their use.";
    const P2: &str = "Engineers will inspect the main dam next week, the board's chair told a meeting in the town hall, adding that no leak had been found so far.";
    const P3: &str = "Farmers in the valley have already lost part of the spring crop, according to a survey published by the regional farmers' union.";

    #[test]
    fn menus_tickers_and_related_lists_are_not_body() {
        let page = format!(
            "Valley Courier\n\n  • News\n  • Sport\n  • Weather\nBREAKING\nMinister resigns after a row over the airport budget, aides say.\nLocal team wins the cup final in extra time after a late goal.\n\nReservoir at lowest level in a decade\n  • By Ana Reyes\n  • 3 Mar 2026 08:15\n\n{P1}\n{P2}\nWhat comes next\n{P3}\nMost Read\n\nA new bakery opens on the high street to long queues this morning.\nValley Courier\nAll Rights Reserved\nAndroid\n"
        );
        let c = run(&page);
        assert_eq!(c.paragraphs, vec![P1, P2, "What comes next", P3]);
        assert_eq!(c.title.as_deref(), Some("Reservoir at lowest level in a decade"));
        assert_eq!(c.authors, vec!["Ana Reyes"]);
        assert_eq!(c.published.map(|d| d.to_string()).as_deref(), Some("2026-03-03 08:15:00"));
        assert_eq!(c.site_name.as_deref(), Some("Valley Courier"));
        assert_eq!(reason_of(&c, "Minister resigns").unwrap().reason, RemovalReason::Ticker);
        assert_eq!(reason_of(&c, "bakery").unwrap().reason, RemovalReason::Related);
        assert_eq!(reason_of(&c, "Sport").unwrap().reason, RemovalReason::Navigation);
        assert_eq!(reason_of(&c, "Rights").unwrap().reason, RemovalReason::Footer);
        assert_eq!(reason_of(&c, "Android").unwrap().reason, RemovalReason::Social);
    }

    #[test]
    fn a_body_printed_twice_is_kept_once() {
        let page = format!("{P1}\n{P2}\nSubheading here\n{P3}\n{P1}\n{P2}\nSubheading here\n{P3}\nYou may also like\nSomething else entirely\n");
        let c = run(&page);
        assert_eq!(c.paragraphs, vec![P1, P2, "Subheading here", P3]);
        assert_eq!(c.removed.iter().filter(|r| r.reason == RemovalReason::Repeated).count(), 4);
    }

    #[test]
    fn embeds_captions_promos_and_bios_are_removed_inside_the_body() {
        let page = format!(
            "{P1}\n“We are working around the clock,” the mayor wrote. pic.twitter.com/AbC123\n— Town of Elm (@ElmTown) March 3, 2026\n{P2}\nWorkers at the dam on Monday (Lee Park/Valley Wire)\n{P3}\nMust Read: Ten things to know about the drought\nAna Reyes is a senior reporter at the Valley Courier with 8 years of experience covering water. You can reach her at ana@example.org\n"
        );
        let c = run(&page);
        assert_eq!(c.paragraphs, vec![P1, P2, P3]);
        assert_eq!(reason_of(&c, "around the clock").unwrap().reason, RemovalReason::Embed);
        assert_eq!(reason_of(&c, "@ElmTown").unwrap().reason, RemovalReason::Embed);
        assert_eq!(reason_of(&c, "Lee Park").unwrap().reason, RemovalReason::Caption);
        // A short name ending in its acronym is no caption.
        assert!(!is_caption(
            "Integrating the Healthcare Enterprise (IHE)",
            &feature_of("Integrating the Healthcare Enterprise (IHE)")
        ));
        let caption = "The mayor speaks to residents outside the flooded town hall on Monday (AP)";
        assert!(is_caption(caption, &feature_of(caption)));
        let caption =
            "In this Jan. 4, 2026, file photo, the mayor speaks to residents outside the flooded town hall.";
        assert!(is_caption(caption, &feature_of(caption)));
        assert_eq!(reason_of(&c, "Ten things").unwrap().reason, RemovalReason::Promo);
        assert_eq!(reason_of(&c, "senior reporter").unwrap().reason, RemovalReason::AuthorBio);
    }

    #[test]
    fn glued_date_line_gives_the_published_date() {
        let c = run(&format!(" date 2026-03-03 {P1}\n{P2}"));
        assert_eq!(c.paragraphs, vec![P1, P2]);
        assert_eq!(c.published.map(|d| d.date().to_string()).as_deref(), Some("2026-03-03"));
    }

    #[test]
    fn a_comments_label_below_the_body_ends_it() {
        let c1 = "I have lived by that pier for thirty years and I think the council has made the right call here.";
        let c2 = "Nobody asked the fishermen what they think, as usual, and the repairs will take far longer than that.";
        let page = format!("{P1}\n\n{P2}\n\n{P3}\n\n{P1} Again.\n\n12 Comments\n\n{c1}\n\n{c2}\n");
        let c = run(&page);
        let again = format!("{P1} Again.");
        assert_eq!(c.paragraphs, vec![P1, P2, P3, &again]);
        assert_eq!(reason_of(&c, "thirty years").unwrap().reason, RemovalReason::Comments);
        // "N responses to <headline>" is a comments label however long the headline.
        let label = "34 responses to \u{201c}Council says the pier must close for a year of repairs, starting next month\u{201d}";
        let c = run(&format!("{P1}\n\n{P2}\n\n{P3}\n\n{again}\n\n{label}\n\n{c1}\n\n{c2}\n"));
        assert_eq!(c.paragraphs, vec![P1, P2, P3, &again]);
        let c = run(&format!("{P1}\n\n{P2}\n\n{P3}\n\n{again}\n\nTop Rated Comments\n\n{c1}\n\n{c2}\n"));
        assert_eq!(c.paragraphs, vec![P1, P2, P3, &again]);
        // Above the body, "12 comments" is a link in the header, not the start of the comments.
        let c = run(&format!("12 Comments\n\n{P1}\n\n{P2}\n\n{P3}\n"));
        assert_eq!(c.paragraphs, vec![P1, P2, P3]);
    }

    #[test]
    fn dated_teasers_below_the_body_are_not_body() {
        let blurb = "A bakery on the high street drew long queues on its first morning, and its owners said they would open a second shop in the spring.";
        let teasers: String = (1..=4)
            .map(|d| format!("  • Bakery opens, part {d}\nLee Park\n{d} March 2026\n{blurb}\n"))
            .collect();
        let page = format!("{P1}\n{P2}\n{P3}\n{P1} Again.\n{P2} Again.\n{P3} Again.\n{teasers}");
        let c = run(&page);
        assert_eq!(c.paragraphs.len(), 6, "{:?}", c.paragraphs);
        assert!(!c.paragraphs.iter().any(|p| p.contains("bakery")));
    }

    #[test]
    fn list_items_written_as_sentences_are_body() {
        let items = "  • The council will vote on the repairs at its next meeting in April.\n  • Divers found cracks in two of the old wooden piles last week.\n";
        let page = format!("  • News\n  • Sport\n\n{P1}\n{items}{P2}\n{P3}\n\n  • Share\n  • Print\n");
        let c = run(&page);
        assert_eq!(c.paragraphs.len(), 5, "{:?}", c.paragraphs);
        assert!(c.paragraphs[1].starts_with("The council will vote"));
        assert!(!c.paragraphs.iter().any(|p| p == "Share" || p == "News"));
    }

    /// The reason a lone line's own text gives, as a text block.
    fn own(text: &str) -> Option<RemovalReason> {
        let b = Block { text: text.to_string(), ..Block::default() };
        own_reason(&b, &feature_of(text))
    }

    #[test]
    fn calls_to_action_are_promos_but_reports_on_them_are_not() {
        for call in [
            "Subscribe now to our weekly edition for the full story.",
            "Never miss the latest news by signing up to our newsletter today!",
            "Folgen Sie uns auf Instagram und Facebook.",
            "Síguenos en Telegram para recibir todas nuestras noticias",
            "Get the latest news straight to your phone with the Valley Courier app.",
            "For breaking news updates download the Courier apps for iOS and Android.",
        ] {
            assert_eq!(own(call), Some(RemovalReason::Promo), "{call}");
        }
        for prose in [
            "The paper said subscriptions rose by a tenth last year, helped by its new weekly edition.",
            "Eight out of ten companies are writing custom iOS apps, the chief executive told the meeting.",
            "Record what you eat and how you feel each day, using either a journal or an app.",
        ] {
            assert_eq!(own(prose), None, "{prose}");
        }
    }

    #[test]
    fn credits_dates_controls_and_file_links_are_furniture() {
        assert_eq!(
            own("Members of the council lay a wreath at the memorial © Press Office | Jane Roe"),
            Some(RemovalReason::Caption)
        );
        assert_eq!(own("Abbildung 4: Der Damm im Winter"), Some(RemovalReason::Caption));
        assert_eq!(own("Die Einigung steht. (Foto: Jane Roe)"), Some(RemovalReason::Caption));
        for date in ["Aktualisiert am 17.01.2021.", "Publiziert: 03.04.2020, 12:35", "16 marca 2021"] {
            assert_eq!(own(date), Some(RemovalReason::Dateline), "{date}");
        }
        for control in ["Bild anzeigen Bild schließen", "Rezept drucken", "Quellen ausblenden"] {
            assert_eq!(own(control), Some(RemovalReason::Boilerplate), "{control}");
        }
        assert_eq!(own("Jahresbericht 2021 PDF | 38 KB | barrierefrei"), Some(RemovalReason::Boilerplate));
        assert_eq!(own("The library parses 0.091 GB/s on one core"), None);
        assert_eq!(own("Anzeige, enthält Affiliate Links"), Some(RemovalReason::Boilerplate));
        assert_eq!(
            own("Dieser Eintrag wurde veröffentlicht in Allgemein. Permanentlink."),
            Some(RemovalReason::Boilerplate)
        );
        assert_eq!(own("Quelle: Landesregierung"), Some(RemovalReason::Byline));
    }

    #[test]
    fn labels_over_more_reading_and_author_boxes_open_their_sections() {
        let label =
            |t: &str| label_reason(&Block { text: t.to_string(), ..Block::default() }, &feature_of(t));
        for more in [
            "Lesen Sie auch die folgenden Beiträge:",
            "Weitere Tourentipps in Schweden",
            "Explore further",
            "Veja Também:",
        ] {
            assert_eq!(label(more), Some(RemovalReason::Related), "{more}");
        }
        assert_eq!(label("Related Links"), Some(RemovalReason::Related));
        assert_eq!(label("Über den Autor"), Some(RemovalReason::AuthorBio));
        assert_eq!(label("About the author"), Some(RemovalReason::AuthorBio));
        // A sentence that starts like a label is no label.
        assert_eq!(label("Weitere Informationen gab die Polizei nicht bekannt."), None);
    }

    #[test]
    fn a_date_needs_a_run_of_four_digits() {
        assert!(has_digit_run("May 3, 2026", 4));
        assert!(has_digit_run("٢٠٢٦", 4));
        assert!(!has_digit_run("3 min read, 12 comments, 1 9 9 9", 4));
        assert!(date_of("Updated 3 May 2026").is_some());
        assert!(date_of("Updated 3 May 26").is_none());
    }

    #[test]
    fn empty_and_junk_pages_do_not_panic() {
        assert!(run("").paragraphs.is_empty());
        assert!(run("\n\n  •\n-\n").paragraphs.is_empty());
        let c = run("x\ny\nz");
        assert!(c.paragraphs.is_empty());
        assert_eq!(c.removed.len(), 3);
    }
}
