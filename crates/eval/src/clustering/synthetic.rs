//! A generated news stream for the speed and memory of stream clustering at scale (quality is
//! measured on the real labelled sets). Texts are in an invented language: general words drawn by
//! a Zipf law, and per story a few words of its own, a few names and the words of its kind
//! (stories of one kind, like two earthquakes, share those). Stories start at random over the
//! corpus's span (about 1,000 articles a day), run a few days and get a geometric number of
//! articles, so a stream holds a bounded number of live stories whatever its length.
//!
//! Only the schedule (story and minute of each article, 8 bytes an article) is kept; each
//! article's text is made on demand from the seed and its position, so articles can be made in
//! parallel and dropped once assigned.

use chrono::{Duration, NaiveDate};
use storyweave_model::Article;

/// Articles a day.
const PER_DAY: usize = 1_000;
/// Story kinds; stories of one kind share vocabulary.
const KINDS: usize = 60;
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mir", "tes", "van", "dor", "bel", "sin", "ru", "pa", "gen", "hal", "or", "ti", "mon", "ses",
    "ral", "cu", "fen", "do", "lis", "ber", "nat", "quo", "zem", "ar", "vi", "sul", "pre", "om",
];
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "it", "on", "with", "as", "he", "said",
    "at", "by", "from", "his", "an", "be", "has", "have", "are", "this", "but", "not", "they", "were",
];

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The invented word with number `i` (distinct for distinct `i`).
fn word(i: usize) -> String {
    let n = SYLLABLES.len();
    let (mut w, mut x) = (String::new(), i + n);
    while x > 0 {
        w.push_str(SYLLABLES[x % n]);
        x /= n;
    }
    w
}

fn capitalised(w: &str) -> String {
    let mut cs = w.chars();
    cs.next().map(|c| c.to_uppercase().chain(cs).collect()).unwrap_or_default()
}

struct StoryPlan {
    kind: usize,
    /// Word numbers of its own words and of its names.
    words: [usize; 8],
    names: [usize; 3],
}

/// A generated stream: its schedule, and each article on demand.
pub struct StreamCorpus {
    seed: u64,
    stories: Vec<StoryPlan>,
    /// (minute from the start, story), in time order.
    schedule: Vec<(u32, u32)>,
    /// Cumulative Zipf weights of the general vocabulary.
    cumulative: Vec<f64>,
}

/// General vocabulary size; kind, story and name words are numbered after it.
const GENERAL: usize = 20_000;

impl StreamCorpus {
    /// About `documents` articles (exactly that many), from `seed`.
    pub fn new(documents: usize, seed: u64) -> StreamCorpus {
        let mut rng = Rng::new(seed, 1);
        let days = (documents / PER_DAY).max(1) as f64;
        let mut stories = Vec::new();
        let mut schedule: Vec<(u32, u32)> = Vec::with_capacity(documents);
        while schedule.len() < documents {
            let s = stories.len();
            let kind = rng.below(KINDS);
            let mut words = [0; 8];
            for w in &mut words {
                *w = GENERAL + KINDS * 8 + rng.below(2_000_000);
            }
            let mut names = [0; 3];
            for n in &mut names {
                *n = GENERAL + KINDS * 8 + 2_000_000 + rng.below(2_000_000);
            }
            stories.push(StoryPlan { kind, words, names });
            let start = rng.unit() * days * 1440.0;
            let span = (0.5 + -(1.0 - rng.unit()).ln() * 1.5).min(7.0) * 1440.0;
            // Geometric, mean 8.
            let mut count = 1;
            while rng.unit() < 7.0 / 8.0 && count < 400 {
                count += 1;
            }
            for _ in 0..count.min(documents - schedule.len()) {
                let minute = start + rng.unit() * span;
                schedule.push((minute as u32, s as u32));
            }
        }
        schedule.sort_unstable();
        let mut total = 0.0;
        let cumulative = (0..GENERAL)
            .map(|r| {
                total += 1.0 / (r as f64 + 2.7);
                total
            })
            .collect();
        StreamCorpus { seed, stories, schedule, cumulative }
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.schedule.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.schedule.is_empty()
    }

    /// Number of stories.
    pub fn stories(&self) -> usize {
        self.stories.len()
    }

    /// The gold story of article `k`.
    pub fn story_of(&self, k: usize) -> u32 {
        self.schedule.get(k).map_or(0, |e| e.1)
    }

    /// Article `k` (time order), id `syn:k`.
    pub fn article(&self, k: usize) -> Article {
        let Some(&(minute, s)) = self.schedule.get(k) else {
            return Article::from_paragraphs(format!("syn:{k}"), Vec::new());
        };
        let plan = &self.stories[s as usize];
        let mut rng = Rng::new(self.seed, 1_000_003 + k as u64);
        let title = {
            let mut t = vec![capitalised(&word(plan.names[rng.below(3)]))];
            t.push(word(plan.words[rng.below(8)]));
            t.push(word(GENERAL + plan.kind * 8 + rng.below(8)));
            for _ in 0..3 {
                t.push(self.general(&mut rng));
            }
            t.push(word(plan.words[rng.below(8)]));
            t.join(" ")
        };
        let paragraphs = (0..4 + rng.below(7))
            .map(|_| {
                (0..2 + rng.below(2))
                    .map(|_| {
                        let n = 10 + rng.below(16);
                        let mut ws: Vec<String> = Vec::with_capacity(n);
                        for i in 0..n {
                            let x = rng.unit();
                            let w = if i > 0 && x < 0.04 {
                                capitalised(&word(plan.names[rng.below(3)]))
                            } else if x < 0.14 {
                                word(plan.words[rng.below(8)])
                            } else if x < 0.20 {
                                word(GENERAL + plan.kind * 8 + rng.below(8))
                            } else {
                                self.general(&mut rng)
                            };
                            ws.push(if i == 0 { capitalised(&w) } else { w });
                        }
                        ws.join(" ") + "."
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let start =
            NaiveDate::from_ymd_opt(2026, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default();
        Article {
            title: Some(title),
            published: Some(start + Duration::minutes(i64::from(minute))),
            outlet: format!("outlet{}", rng.below(500)),
            ..Article::from_paragraphs(format!("syn:{k}"), paragraphs)
        }
    }

    fn general(&self, rng: &mut Rng) -> String {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        // A third of running words are function words, as in news.
        if rng.unit() < 0.33 {
            return FUNCTION_WORDS[rng.below(FUNCTION_WORDS.len())].to_string();
        }
        let x = rng.unit() * total;
        word(self.cumulative.partition_point(|&c| c < x).min(GENERAL - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_in_time_order_and_reproducible() {
        let c = StreamCorpus::new(3_000, 7);
        assert_eq!(c.len(), 3_000);
        assert!(c.stories() > 200, "{} stories", c.stories());
        let dates: Vec<_> = (0..c.len()).map(|k| c.article(k).published).collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(c.article(42), StreamCorpus::new(3_000, 7).article(42));
        let a = c.article(0);
        assert!(a.paragraphs.len() >= 4 && a.title.is_some());
    }
}
