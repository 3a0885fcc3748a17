//! Tag schemes: how typed spans become one tag per token and back, and which tag may follow
//! which (the decoder's hard constraints).
//!
//! Tags are small numbers: 0 is `O`; then each type in [`crate::KINDS`] order has its block of
//! tags (`B`, `I` for BIO; `B`, `I`, `L`, `U` for BILOU).

use storyweave_model::EntityKind;

use crate::KINDS;

/// A named entity over tokens `start..end` (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// How spans are written as tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Begin, inside, outside.
    Bio,
    /// Begin, inside, last, unit, outside: the ends of names get their own tags.
    Bilou,
}

/// Position of a token in its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

impl Scheme {
    /// Its number in the model file.
    pub fn code(self) -> u8 {
        match self {
            Scheme::Bio => 0,
            Scheme::Bilou => 1,
        }
    }

    /// The scheme of a model file number.
    pub fn from_code(c: u8) -> Option<Scheme> {
        match c {
            0 => Some(Scheme::Bio),
            1 => Some(Scheme::Bilou),
            _ => None,
        }
    }

    fn per_kind(self) -> usize {
        match self {
            Scheme::Bio => 2,
            Scheme::Bilou => 4,
        }
    }

    /// How many tags, `O` included.
    pub fn tag_count(self) -> usize {
        1 + KINDS.len() * self.per_kind()
    }

    fn tag(self, kind: usize, part: Part) -> u8 {
        let p = match (self, part) {
            (_, Part::Begin) => 0,
            (_, Part::Inside) => 1,
            (Scheme::Bio, Part::Last) => 1,
            (Scheme::Bio, Part::Unit) => 0,
            (Scheme::Bilou, Part::Last) => 2,
            (Scheme::Bilou, Part::Unit) => 3,
        };
        (1 + kind * self.per_kind() + p) as u8
    }

    fn split(self, tag: u8) -> Option<(usize, Part)> {
        let t = usize::from(tag).checked_sub(1)?;
        let kind = t / self.per_kind();
        if kind >= KINDS.len() {
            return None;
        }
        let part = match (self, t % self.per_kind()) {
            (_, 0) => Part::Begin,
            (_, 1) => Part::Inside,
            (Scheme::Bilou, 2) => Part::Last,
            _ => Part::Unit,
        };
        Some((kind, part))
    }

    /// The tag names, for reading and debugging (`O`, `B-PER`, ...).
    pub fn tag_name(self, tag: u8) -> String {
        match self.split(tag) {
            None => "O".to_string(),
            Some((k, part)) => {
                let p = match part {
                    Part::Begin => "B",
                    Part::Inside => "I",
                    Part::Last => "L",
                    Part::Unit => "U",
                };
                format!("{p}-{}", crate::conll_name(KINDS[k]))
            }
        }
    }

    /// One tag per token for `spans` over `n` tokens (spans out of range or overlapping an
    /// earlier one are skipped).
    pub fn encode(self, n: usize, spans: &[Span]) -> Vec<u8> {
        let mut tags = vec![0u8; n];
        for s in spans {
            if s.start >= s.end || s.end > n || tags[s.start..s.end].iter().any(|&t| t != 0) {
                continue;
            }
            let Some(k) = KINDS.iter().position(|&k| k == s.kind) else { continue };
            if s.end - s.start == 1 {
                tags[s.start] = self.tag(k, Part::Unit);
                continue;
            }
            for (i, t) in tags.iter_mut().enumerate().take(s.end).skip(s.start) {
                let part = if i == s.start {
                    Part::Begin
                } else if i + 1 == s.end {
                    Part::Last
                } else {
                    Part::Inside
                };
                *t = self.tag(k, part);
            }
        }
        tags
    }

    /// The spans of a tag sequence. Sequences the decoder cannot produce are read leniently: an
    /// inside tag after something else opens a span.
    pub fn decode(self, tags: &[u8]) -> Vec<Span> {
        let mut out = Vec::new();
        let mut open: Option<(usize, usize)> = None;
        let close = |open: &mut Option<(usize, usize)>, end: usize, out: &mut Vec<Span>| {
            if let Some((start, k)) = open.take() {
                out.push(Span { start, end, kind: KINDS[k] });
            }
        };
        for (i, &t) in tags.iter().enumerate() {
            match self.split(t) {
                None => close(&mut open, i, &mut out),
                Some((k, part)) => {
                    let continues = matches!(open, Some((_, ok)) if ok == k)
                        && matches!(part, Part::Inside | Part::Last)
                        && !(self == Scheme::Bio && part == Part::Begin);
                    if !continues {
                        close(&mut open, i, &mut out);
                        open = Some((i, k));
                    }
                    if matches!(part, Part::Last | Part::Unit) && self == Scheme::Bilou {
                        close(&mut open, i + 1, &mut out);
                    }
                }
            }
        }
        close(&mut open, tags.len(), &mut out);
        out
    }

    /// Whether tag `next` may follow `prev` (`None`: the sentence start).
    pub fn allowed(self, prev: Option<u8>, next: u8) -> bool {
        let p = prev.and_then(|p| self.split(p));
        let n = self.split(next);
        // Inside an open span (after B or I): only I or L of its kind.
        let open = match (self, p) {
            (Scheme::Bilou, Some((k, Part::Begin | Part::Inside))) => Some(k),
            _ => None,
        };
        if let Some(k) = open {
            return matches!(n, Some((nk, Part::Inside | Part::Last)) if nk == k);
        }
        match (self, n) {
            (_, None) => true,
            (_, Some((_, Part::Begin))) => true,
            (Scheme::Bilou, Some((_, Part::Unit))) => true,
            (Scheme::Bilou, Some((_, _))) => false,
            (Scheme::Bio, Some((k, _))) => matches!(p, Some((pk, _)) if pk == k),
        }
    }

    /// Whether a sentence may end on `tag`.
    pub fn may_end(self, tag: u8) -> bool {
        !matches!((self, self.split(tag)), (Scheme::Bilou, Some((_, Part::Begin | Part::Inside))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans() -> Vec<Span> {
        vec![
            Span { start: 0, end: 2, kind: EntityKind::Person },
            Span { start: 2, end: 3, kind: EntityKind::Person },
            Span { start: 4, end: 7, kind: EntityKind::Organization },
            Span { start: 8, end: 9, kind: EntityKind::Other },
        ]
    }

    #[test]
    fn spans_round_trip_in_both_schemes() {
        for scheme in [Scheme::Bio, Scheme::Bilou] {
            let tags = scheme.encode(10, &spans());
            assert_eq!(scheme.decode(&tags), spans(), "{scheme:?}");
            let mut prev = None;
            for &t in &tags {
                assert!(scheme.allowed(prev, t), "{scheme:?} {:?} -> {t}", prev);
                prev = Some(t);
            }
            assert!(scheme.may_end(*tags.last().unwrap_or(&0)));
        }
    }

    #[test]
    fn tag_names_and_counts() {
        assert_eq!(Scheme::Bio.tag_count(), 9);
        assert_eq!(Scheme::Bilou.tag_count(), 17);
        let t = Scheme::Bilou.encode(1, &[Span { start: 0, end: 1, kind: EntityKind::Place }]);
        assert_eq!(Scheme::Bilou.tag_name(t[0]), "U-LOC");
        assert_eq!(Scheme::Bio.tag_name(0), "O");
    }

    #[test]
    fn bilou_forbids_broken_spans() {
        let s = Scheme::Bilou;
        let b_per = s.encode(2, &[Span { start: 0, end: 2, kind: EntityKind::Person }]);
        assert!(!s.allowed(None, b_per[1]), "L cannot open a sentence");
        assert!(!s.allowed(Some(b_per[0]), 0), "B must be closed");
        assert!(!s.may_end(b_per[0]));
    }

    #[test]
    fn lenient_decoding_of_odd_sequences() {
        let s = Scheme::Bio;
        // I-PER with nothing open, then B-PER: two spans.
        let i_per = s.encode(2, &[Span { start: 0, end: 2, kind: EntityKind::Person }])[1];
        let b_per = s.encode(1, &[Span { start: 0, end: 1, kind: EntityKind::Person }])[0];
        let got = s.decode(&[i_per, b_per, 0, 200]);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].start, got[0].end, got[1].start, got[1].end), (0, 1, 1, 2));
    }
}
