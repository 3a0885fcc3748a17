//! Closed word lists the analysers share: titles and roles, speech verbs, nationality adjectives,
//! name connectors, calendar names and number words.
//! All lookups take a folded (lower-case) word. These are lists of kinds of words, never of
//! particular people or outlets.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use storyweave_text::dates::{MONTH_NAMES, WEEKDAY_NAMES};

/// FNV-1a: these sets are looked up for every token, and short keys hash fastest this way.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A set of words with a fast hasher.
pub(crate) type FastSet<'a> = HashSet<&'a str, BuildHasherDefault<Fnv>>;

type WordSet = FastSet<'static>;

macro_rules! word_set {
    ($name:ident, $list:ident) => {
        static $name: LazyLock<WordSet> = LazyLock::new(|| $list.iter().copied().collect());
    };
}

word_set!(TITLE_SET, TITLES);
word_set!(WEAK_TITLE_SET, WEAK_TITLES);
word_set!(LOWER_TITLE_SET, LOWER_TITLES);
word_set!(ROLE_MODIFIER_SET, ROLE_MODIFIERS);
word_set!(SPEECH_VERB_SET, SPEECH_VERBS);
word_set!(SPEECH_PARTICIPLE_SET, SPEECH_PARTICIPLES);
word_set!(DEMONYM_SET, DEMONYMS);

/// Personal titles and roles that can stand before a name.
const TITLES: &[&str] = &[
    "adm",
    "admiral",
    "adviser",
    "advisor",
    "aide",
    "alderman",
    "alderwoman",
    "ambassador",
    "analyst",
    "archbishop",
    "assemblyman",
    "assemblywoman",
    "attorney",
    "ayatollah",
    "baron",
    "baroness",
    "bishop",
    "brig",
    "brigadier",
    "cap",
    "capt",
    "captain",
    "cardinal",
    "ceo",
    "cfo",
    "chair",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "cleric",
    "cmdr",
    "coach",
    "col",
    "colonel",
    "commander",
    "commissioner",
    "congressman",
    "congresswoman",
    "coo",
    "coordinator",
    "correspondent",
    "councillor",
    "councilman",
    "councilor",
    "councilwoman",
    "cpl",
    "cto",
    "dame",
    "detective",
    "director",
    "dr",
    "economist",
    "emir",
    "emperor",
    "envoy",
    "father",
    "founder",
    "fr",
    "gen",
    "general",
    "gov",
    "governor",
    "head",
    "hon",
    "imam",
    "inspector",
    "judge",
    "justice",
    "king",
    "lady",
    "lawmaker",
    "leader",
    "lieutenant",
    "lord",
    "lt",
    "maj",
    "major",
    "manager",
    "marshal",
    "mayor",
    "minister",
    "miss",
    "mr",
    "mrs",
    "ms",
    "mx",
    "negotiator",
    "officer",
    "pastor",
    "pope",
    "premier",
    "pres",
    "president",
    "prince",
    "princess",
    "prof",
    "professor",
    "prosecutor",
    "queen",
    "rabbi",
    "rep",
    "representative",
    "rev",
    "reverend",
    "secretary",
    "sen",
    "senator",
    "sergeant",
    "sgt",
    "sheikh",
    "sheriff",
    "sir",
    "speaker",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "sultan",
    "superintendent",
    "supt",
    "vp",
];

/// Titles that also start ordinary names ("General Motors"): need a longer name after them.
const WEAK_TITLES: &[&str] = &[
    "chief", "coach", "director", "founder", "general", "head", "justice", "lady", "leader", "major",
    "manager", "officer", "speaker",
];

/// Lower-case role words that may stand before a name ("Kremlin aide Yuri Ushakov").
const LOWER_TITLES: &[&str] = &[
    "adviser",
    "advisor",
    "aide",
    "alderman",
    "ambassador",
    "analyst",
    "chairman",
    "chairwoman",
    "chancellor",
    "coach",
    "commander",
    "commissioner",
    "congressman",
    "congresswoman",
    "correspondent",
    "councillor",
    "councilman",
    "councilor",
    "councilwoman",
    "detective",
    "economist",
    "envoy",
    "executive",
    "founder",
    "governor",
    "inspector",
    "lawmaker",
    "leader",
    "manager",
    "mayor",
    "minister",
    "negotiator",
    "premier",
    "president",
    "prosecutor",
    "secretary",
    "senator",
    "sheriff",
    "spokesman",
    "spokesperson",
    "spokeswoman",
];

/// Lower-case words that modify a role ("special envoy", "presidential aide").
const ROLE_MODIFIERS: &[&str] = &[
    "acting",
    "assistant",
    "associate",
    "campaign",
    "chief",
    "crown",
    "defence",
    "defense",
    "deputy",
    "economy",
    "energy",
    "executive",
    "finance",
    "first",
    "foreign",
    "former",
    "general",
    "head",
    "health",
    "home",
    "interim",
    "interior",
    "junior",
    "justice",
    "military",
    "national",
    "opposition",
    "police",
    "political",
    "presidential",
    "prime",
    "security",
    "senior",
    "special",
    "state",
    "top",
    "trade",
    "vice",
];

pub(crate) fn is_title(w: &str) -> bool {
    TITLE_SET.contains(w) || w.split('-').any(|p| p != w && TITLE_SET.contains(p) && p.len() > 2)
}

pub(crate) fn is_weak_title(w: &str) -> bool {
    WEAK_TITLE_SET.contains(w)
}

pub(crate) fn is_lower_title(w: &str) -> bool {
    LOWER_TITLE_SET.contains(w)
}

pub(crate) fn is_role_modifier(w: &str) -> bool {
    ROLE_MODIFIER_SET.contains(w)
}

/// Verbs that report speech, in the forms news prose uses after a speaker.
const SPEECH_VERBS: &[&str] = &[
    "acknowledged",
    "add",
    "added",
    "adds",
    "admitted",
    "alleged",
    "announced",
    "announces",
    "answered",
    "argued",
    "argues",
    "asked",
    "asks",
    "asserted",
    "believes",
    "cautioned",
    "claimed",
    "claims",
    "complained",
    "conceded",
    "concluded",
    "confirmed",
    "confirms",
    "contended",
    "continued",
    "countered",
    "declared",
    "declares",
    "denied",
    "denies",
    "emphasised",
    "emphasized",
    "explained",
    "explains",
    "insisted",
    "insists",
    "joked",
    "maintained",
    "noted",
    "notes",
    "posted",
    "predicted",
    "promised",
    "quipped",
    "recalled",
    "reiterated",
    "remarked",
    "replied",
    "replies",
    "responded",
    "said",
    "say",
    "says",
    "stated",
    "stressed",
    "stresses",
    "suggested",
    "suggests",
    "tell",
    "tells",
    "testified",
    "thinks",
    "told",
    "tweeted",
    "urged",
    "vowed",
    "warned",
    "warns",
    "writes",
    "wrote",
];

/// Present participles that report speech ("..., adding that").
const SPEECH_PARTICIPLES: &[&str] = &[
    "adding",
    "arguing",
    "calling",
    "claiming",
    "declaring",
    "describing",
    "explaining",
    "insisting",
    "noting",
    "posting",
    "saying",
    "stating",
    "stressing",
    "telling",
    "warning",
    "writing",
];

pub(crate) fn is_speech_verb(w: &str) -> bool {
    SPEECH_VERB_SET.contains(w)
}

pub(crate) fn is_speech_participle(w: &str) -> bool {
    SPEECH_PARTICIPLE_SET.contains(w)
}

/// Words that may stand between a speaker and the speech verb ("Trump has also said").
pub(crate) fn is_auxiliary(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "had"
            | "have"
            | "also"
            | "later"
            | "then"
            | "again"
            | "previously"
            | "earlier"
            | "reportedly"
            | "further"
            | "once"
            | "recently"
            | "only"
            | "just"
            | "separately"
            | "publicly"
            | "privately"
            | "repeatedly"
            | "flatly"
            | "angrily"
            | "simply"
    )
}

/// Nationality and regional adjectives.
const DEMONYMS: &[&str] = &[
    "afghan",
    "african",
    "albanian",
    "algerian",
    "american",
    "arab",
    "arabian",
    "argentine",
    "argentinian",
    "armenian",
    "asian",
    "australian",
    "austrian",
    "azerbaijani",
    "bahraini",
    "bangladeshi",
    "belarusian",
    "belgian",
    "bolivian",
    "bosnian",
    "brazilian",
    "british",
    "bulgarian",
    "burmese",
    "cambodian",
    "canadian",
    "chilean",
    "chinese",
    "colombian",
    "congolese",
    "croatian",
    "cuban",
    "cypriot",
    "czech",
    "danish",
    "dutch",
    "eastern",
    "ecuadorian",
    "egyptian",
    "emirati",
    "english",
    "eritrean",
    "estonian",
    "ethiopian",
    "european",
    "filipino",
    "finnish",
    "french",
    "georgian",
    "german",
    "ghanaian",
    "greek",
    "haitian",
    "hungarian",
    "icelandic",
    "indian",
    "indonesian",
    "iranian",
    "iraqi",
    "irish",
    "israeli",
    "italian",
    "ivorian",
    "jamaican",
    "japanese",
    "jordanian",
    "kazakh",
    "kenyan",
    "korean",
    "kosovan",
    "kurdish",
    "kuwaiti",
    "kyrgyz",
    "latvian",
    "lebanese",
    "libyan",
    "lithuanian",
    "malaysian",
    "malian",
    "maltese",
    "mexican",
    "moldovan",
    "mongolian",
    "moroccan",
    "nepalese",
    "nigerian",
    "nordic",
    "northern",
    "norwegian",
    "omani",
    "pakistani",
    "palestinian",
    "peruvian",
    "polish",
    "portuguese",
    "qatari",
    "romanian",
    "russian",
    "rwandan",
    "saudi",
    "scottish",
    "senegalese",
    "serbian",
    "singaporean",
    "slovak",
    "slovenian",
    "somali",
    "southern",
    "soviet",
    "spanish",
    "sudanese",
    "swedish",
    "swiss",
    "syrian",
    "taiwanese",
    "tajik",
    "tanzanian",
    "thai",
    "tunisian",
    "turkish",
    "turkmen",
    "ugandan",
    "ukrainian",
    "uzbek",
    "venezuelan",
    "vietnamese",
    "welsh",
    "western",
    "yemeni",
    "zambian",
    "zimbabwean",
];

pub(crate) fn is_demonym(w: &str) -> bool {
    DEMONYM_SET.contains(w)
}

/// Country and union abbreviations that name places.
pub(crate) fn is_place_acronym(w: &str) -> bool {
    matches!(w, "us" | "usa" | "uk" | "uae" | "drc" | "prc" | "ussr" | "gb")
}

/// Connectors inside names ("Bank of England", "Ibn al Rashid", "Ursula von der Leyen").
pub(crate) fn is_name_connector(w: &str) -> bool {
    matches!(
        w,
        "of" | "de"
            | "del"
            | "della"
            | "der"
            | "den"
            | "van"
            | "von"
            | "da"
            | "di"
            | "du"
            | "la"
            | "le"
            | "bin"
            | "ibn"
            | "bint"
            | "al"
            | "el"
            | "dos"
            | "das"
            | "y"
    )
}

/// 0 = Monday .. 6 = Sunday.
pub(crate) fn weekday(w: &str) -> Option<u32> {
    WEEKDAY_NAMES.iter().position(|d| *d == w).map(|p| p as u32)
}

/// Month number from a full name or a usual abbreviation.
pub(crate) fn month(w: &str) -> Option<u32> {
    if let Some(p) = MONTH_NAMES.iter().position(|m| *m == w) {
        return Some(p as u32 + 1);
    }
    const SHORT: &[&str] =
        &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if w == "sept" {
        return Some(9);
    }
    SHORT.iter().position(|m| *m == w).map(|p| p as u32 + 1)
}

/// Value of a cardinal number word ("two", "twelve", "forty"), scales excluded.
pub(crate) fn number_word(w: &str) -> Option<f64> {
    const SMALL: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Some(p) = SMALL.iter().position(|x| *x == w) {
        return Some(p as f64);
    }
    TENS.iter().position(|x| *x == w).map(|p| (p as f64 + 2.0) * 10.0)
}

/// Multiplier of a scale word.
pub(crate) fn scale_word(w: &str) -> Option<f64> {
    match w {
        "hundred" => Some(100.0),
        "thousand" => Some(1e3),
        "million" | "mn" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

/// Value of a run of number words ("twenty-five", "two hundred and fifty", "a dozen").
pub(crate) fn parse_number_words(text: &str) -> Option<f64> {
    // What the last word was: a number read in words follows a grammar ("twenty-five", "two
    // hundred and fifty"), so "two and three" or "five six" are two numbers, not one.
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        Start,
        Unit,
        Tens,
        Hundred,
        Scale,
        And,
    }
    let mut total: f64 = 0.0;
    let mut current: f64 = 0.0;
    let mut last = Last::Start;
    let lower = text.to_lowercase();
    for w in lower.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()) {
        let (ok, next) = if w == "and" {
            (matches!(last, Last::Hundred | Last::Scale), Last::And)
        } else if w == "a" || w == "an" {
            current = current.max(1.0);
            (last == Last::Start, Last::Unit)
        } else if w == "dozen" {
            current = current.max(1.0) * 12.0;
            (matches!(last, Last::Start | Last::Unit), Last::Tens)
        } else if let Some(v) = number_word(w) {
            current += v;
            if v < 10.0 {
                (
                    matches!(last, Last::Start | Last::Tens | Last::Hundred | Last::Scale | Last::And),
                    Last::Unit,
                )
            } else {
                (matches!(last, Last::Start | Last::Hundred | Last::Scale | Last::And), Last::Tens)
            }
        } else if w == "hundred" {
            current = current.max(1.0) * 100.0;
            (matches!(last, Last::Start | Last::Unit | Last::Tens), Last::Hundred)
        } else if let Some(s) = scale_word(w) {
            total += current.max(1.0) * s;
            current = 0.0;
            (matches!(last, Last::Start | Last::Unit | Last::Tens | Last::Hundred), Last::Scale)
        } else {
            (false, last)
        };
        // Each word's allowed predecessors: "twenty-one", not "one twenty" or "five ten".
        if !ok {
            return None;
        }
        last = next;
    }
    (last != Last::Start && last != Last::And).then_some(total + current)
}

/// A lawmaker's party and state set after the name ("Ted Cruz, R-Texas,", "(D-N.J.)"): no one.
pub fn is_party_tag(text: &str) -> bool {
    // US states and territories: names, AP abbreviations and postal codes, folded without dots
    // or spaces.
    const STATES: &[&str] = &[
        "alabama",
        "alaska",
        "arizona",
        "arkansas",
        "california",
        "colorado",
        "connecticut",
        "delaware",
        "florida",
        "georgia",
        "hawaii",
        "idaho",
        "illinois",
        "indiana",
        "iowa",
        "kansas",
        "kentucky",
        "louisiana",
        "maine",
        "maryland",
        "massachusetts",
        "michigan",
        "minnesota",
        "mississippi",
        "missouri",
        "montana",
        "nebraska",
        "nevada",
        "newhampshire",
        "newjersey",
        "newmexico",
        "newyork",
        "northcarolina",
        "northdakota",
        "ohio",
        "oklahoma",
        "oregon",
        "pennsylvania",
        "rhodeisland",
        "southcarolina",
        "southdakota",
        "tennessee",
        "texas",
        "utah",
        "vermont",
        "virginia",
        "washington",
        "westvirginia",
        "wisconsin",
        "wyoming",
        "ala",
        "ariz",
        "ark",
        "calif",
        "colo",
        "conn",
        "del",
        "fla",
        "ill",
        "ind",
        "kan",
        "kans",
        "ky",
        "md",
        "mass",
        "mich",
        "minn",
        "miss",
        "mo",
        "mont",
        "neb",
        "nebr",
        "nev",
        "nh",
        "nj",
        "nm",
        "ny",
        "nc",
        "nd",
        "okla",
        "ore",
        "pa",
        "ri",
        "sc",
        "sd",
        "tenn",
        "tex",
        "vt",
        "va",
        "wash",
        "wva",
        "wis",
        "wisc",
        "wyo",
        "al",
        "ak",
        "az",
        "ar",
        "ca",
        "co",
        "ct",
        "de",
        "fl",
        "ga",
        "hi",
        "id",
        "il",
        "in",
        "ia",
        "ks",
        "la",
        "me",
        "ma",
        "mi",
        "mn",
        "ms",
        "mt",
        "ne",
        "nv",
        "oh",
        "ok",
        "or",
        "tn",
        "tx",
        "ut",
        "wa",
        "wv",
        "wi",
        "wy",
        "dc",
        "pr",
        "guam",
    ];
    let Some(state) = text.strip_prefix(['R', 'D', 'I']).and_then(|t| t.strip_prefix('-')) else {
        return false;
    };
    let folded: String = state.chars().filter(|c| !matches!(c, '.' | ' ')).collect::<String>().to_lowercase();
    state.starts_with(|c: char| c.is_ascii_uppercase()) && STATES.contains(&folded.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_parse() {
        assert_eq!(parse_number_words("two"), Some(2.0));
        assert_eq!(parse_number_words("twenty-five"), Some(25.0));
        assert_eq!(parse_number_words("two hundred and fifty"), Some(250.0));
        assert_eq!(parse_number_words("a dozen"), Some(12.0));
        assert_eq!(parse_number_words("three million"), Some(3e6));
        assert_eq!(parse_number_words("purple"), None);
        assert_eq!(parse_number_words("a hundred"), Some(100.0));
        assert_eq!(parse_number_words("one thousand two hundred"), Some(1200.0));
        assert_eq!(parse_number_words("ninety-nine"), Some(99.0));
        // Two numbers side by side are not one.
        for two in ["two and three", "five six", "twenty thirty", "one twenty", "six and"] {
            assert_eq!(parse_number_words(two), None, "{two}");
        }
    }

    #[test]
    fn lists_are_sorted_and_unique() {
        for list in
            [TITLES, WEAK_TITLES, LOWER_TITLES, ROLE_MODIFIERS, SPEECH_VERBS, SPEECH_PARTICIPLES, DEMONYMS]
        {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?}", &list[..3]);
        }
    }

    #[test]
    fn lists_answer() {
        assert!(is_title("president") && is_title("secretary-general"));
        assert_eq!(weekday("sunday"), Some(6));
        assert_eq!(month("sept"), Some(9));
        assert!(is_demonym("ukrainian") && !is_demonym("ukraine"));
        assert!(is_party_tag("R-Texas") && is_party_tag("D-N.J.") && is_party_tag("D-New York"));
        assert!(!is_party_tag("Rolls-Royce") && !is_party_tag("D-Day"));
    }
}
