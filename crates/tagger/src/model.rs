//! The trained model: feature weights per tag, tag-to-tag weights, the gazetteer; Viterbi
//! decoding; and the model file.
//!
//! The file is zlib-compressed: a magic line, the tag scheme, the transition weights (f32), then
//! the features in ascending hash order (hash deltas as varints, a bit mask of the tags with a
//! weight, the weights quantised to i16 as zigzag varints), then the gazetteer (hash deltas and
//! type bits). No names or words are stored, only hashes.

use std::io::{Read, Write};

use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;

use crate::features::{Gazetteer, Prepared};
use crate::tags::{Scheme, Span};
use crate::TaggerError;

const MAGIC: &[u8; 8] = b"SWNER02\n";

/// Tags after `O` a row holds. Each feature's weight for `O` is subtracted from its other
/// weights (which shifts every tag's score at a token by the same amount, so decoding is
/// unchanged), leaving 16 small integers: half a cache line.
pub(crate) const LANES: usize = 16;

/// A model ready to tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) scheme: Scheme,
    /// `(tags + 1) x tags`: row 0 is the sentence start, row `p + 1` follows tag `p`.
    pub(crate) trans: Vec<f32>,
    /// `trans` with the scheme's forbidden steps at minus infinity.
    masked: Vec<f32>,
    /// Allowed previous tags of each tag.
    preds: Vec<Vec<u8>>,
    /// Weight of one step of the quantised weights.
    pub(crate) scale: f32,
    pub(crate) table: FeatureTable,
    /// Per feature row, the weights of tags `1..=16` (tag `O` is 0).
    pub(crate) weights: Vec<[i16; LANES]>,
    pub(crate) gazetteer: Gazetteer,
}

/// Feature hash to row: open addressing over (fingerprint, row) pairs, 8 bytes a slot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FeatureTable {
    slots: Vec<(u32, u32)>,
    mask: usize,
    /// The full hashes by row, for writing the model file.
    keys: Vec<u64>,
}

fn split_key(key: u64) -> (usize, u32) {
    // Feature hashes come out of a mixer: low bits pick the slot, high bits check it.
    (key as usize, ((key >> 32) as u32).max(1))
}

impl FeatureTable {
    /// A table for `keys`, row `i` for `keys[i]`.
    pub(crate) fn new(keys: Vec<u64>) -> FeatureTable {
        // At most two thirds full: probes stay short and the table small enough to stay in cache.
        let cap = (keys.len() + keys.len() / 2).next_power_of_two().max(16);
        let mut t = FeatureTable { slots: vec![(0, 0); cap], mask: cap - 1, keys: Vec::new() };
        for (row, &k) in keys.iter().enumerate() {
            let (h, fp) = split_key(k);
            let mut s = h & t.mask;
            while t.slots[s].0 != 0 {
                s = (s + 1) & t.mask;
            }
            t.slots[s] = (fp, row as u32);
        }
        t.keys = keys;
        t
    }

    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<usize> {
        let (h, fp) = split_key(key);
        let mut s = h & self.mask;
        loop {
            let (f, row) = *self.slots.get(s)?;
            if f == fp {
                return Some(row as usize);
            }
            if f == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }
}

/// `-inf` where the scheme forbids the step, else 0: added to transition weights.
pub(crate) fn forbidden(scheme: Scheme) -> Vec<f32> {
    let nt = scheme.tag_count();
    (0..=nt)
        .flat_map(|p| {
            (0..nt).map(move |t| {
                if scheme.allowed(p.checked_sub(1).map(|p| p as u8), t as u8) {
                    0.0
                } else {
                    f32::NEG_INFINITY
                }
            })
        })
        .collect()
}

/// For each tag, the tags the scheme lets come before it, in order.
pub(crate) fn predecessors(scheme: Scheme) -> Vec<Vec<u8>> {
    let nt = scheme.tag_count() as u8;
    (0..nt).map(|t| (0..nt).filter(|&p| scheme.allowed(Some(p), t)).collect()).collect()
}

/// The best tag sequence for emission scores `emit` (`n x tags`) under transition weights
/// `trans` that already carry the scheme's constraints (see [`forbidden`]); `preds` lists the
/// steps worth trying (see [`predecessors`]: most are forbidden, so this is cheaper).
pub(crate) fn viterbi(scheme: Scheme, preds: &[Vec<u8>], trans: &[f32], emit: &[f32], n: usize) -> Vec<u8> {
    let nt = scheme.tag_count();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![f32::NEG_INFINITY; n * nt];
    let mut back = vec![0u8; n * nt];
    for t in 0..nt {
        score[t] = trans[t] + emit[t];
    }
    // Per tag, its allowed previous tags with the step's weight (tag `t`'s from `bounds[t]` to
    // `bounds[t + 1]`), gathered once rather than at every token.
    let mut steps: Vec<(u8, f32)> = Vec::with_capacity(nt * nt);
    let mut bounds = Vec::with_capacity(nt + 1);
    bounds.push(0);
    for (t, ps) in preds.iter().enumerate().take(nt) {
        steps.extend(ps.iter().map(|&p| (p, trans[(usize::from(p) + 1) * nt + t])));
        bounds.push(steps.len());
    }
    for i in 1..n {
        let (done, rest) = score.split_at_mut(i * nt);
        let prev = &done[(i - 1) * nt..];
        let (cur, emit, back) =
            (&mut rest[..nt], &emit[i * nt..(i + 1) * nt], &mut back[i * nt..(i + 1) * nt]);
        for (t, w) in bounds.windows(2).enumerate() {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for &(p, step) in &steps[w[0]..w[1]] {
                let s = prev[usize::from(p)] + step;
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            cur[t] = best + emit[t];
            back[t] = arg;
        }
    }
    let mut last = 0u8;
    let mut best = f32::NEG_INFINITY;
    for t in 0..nt {
        let s = score[(n - 1) * nt + t];
        if scheme.may_end(t as u8) && s > best {
            best = s;
            last = t as u8;
        }
    }
    let mut tags = vec![0u8; n];
    tags[n - 1] = last;
    for i in (1..n).rev() {
        tags[i - 1] = back[i * nt + usize::from(tags[i])];
    }
    tags
}

impl Model {
    /// A model from its parts: feature hashes with their rows of quantised weights.
    pub(crate) fn new(
        scheme: Scheme,
        trans: Vec<f32>,
        scale: f32,
        keys: Vec<u64>,
        weights: Vec<[i16; LANES]>,
        gazetteer: Gazetteer,
    ) -> Model {
        let masked = trans.iter().zip(forbidden(scheme)).map(|(t, f)| t + f).collect();
        let preds = predecessors(scheme);
        Model { scheme, trans, masked, preds, scale, table: FeatureTable::new(keys), weights, gazetteer }
    }

    /// The tag scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// How many features carry weights.
    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }

    /// Tag a document given as sentences of tokens (CoNLL-style, see [`crate::tokenize`]): the
    /// named-entity spans of each sentence, by token index.
    pub fn tag_document<S: AsRef<str>>(&self, doc: &[Vec<S>]) -> Vec<Vec<Span>> {
        let nt = self.scheme.tag_count();
        let prepared = Prepared::new(doc);
        let mut acc: Vec<[i32; LANES]> = Vec::new();
        let mut emit: Vec<f32> = Vec::new();
        let mut out = Vec::with_capacity(doc.len());
        for (si, s) in doc.iter().enumerate() {
            acc.clear();
            acc.resize(s.len(), [0; LANES]);
            prepared.sentence(si, &self.gazetteer, &mut |i, h| {
                if let (Some(r), Some(a)) = (self.table.get(h), acc.get_mut(i)) {
                    let w = self.weights[r];
                    let mut sum = *a;
                    for (x, w) in sum.iter_mut().zip(w) {
                        *x += i32::from(w);
                    }
                    *a = sum;
                }
            });
            emit.clear();
            for a in &acc {
                emit.push(0.0);
                emit.extend(a[..nt - 1].iter().map(|&x| x as f32 * self.scale));
            }
            let tags = viterbi(self.scheme, &self.preds, &self.masked, &emit, acc.len());
            out.push(self.scheme.decode(&tags));
        }
        out
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.push(self.scheme.code());
        raw.extend_from_slice(&self.scale.to_le_bytes());
        for t in &self.trans {
            raw.extend_from_slice(&t.to_le_bytes());
        }
        varint(&mut raw, self.weights.len() as u64);
        let mut prev = 0u64;
        for (&k, q) in self.table.keys.iter().zip(&self.weights) {
            varint(&mut raw, k.wrapping_sub(prev));
            prev = k;
            let mask = q.iter().enumerate().filter(|(_, &v)| v != 0).fold(0u64, |m, (t, _)| m | 1 << t);
            varint(&mut raw, mask);
            for &v in q.iter().filter(|&&v| v != 0) {
                varint(&mut raw, zigzag(i64::from(v)));
            }
        }
        let gaz = self.gazetteer.sorted();
        raw.push(self.gazetteer.max_len as u8);
        varint(&mut raw, gaz.len() as u64);
        let mut prev = 0u64;
        for (h, e, l) in gaz {
            varint(&mut raw, h - prev);
            prev = h;
            raw.push(e);
            raw.push(l);
        }
        let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
        // Writing to a Vec cannot fail.
        let _ = z.write_all(&raw);
        z.finish().unwrap_or_default()
    }

    /// Read a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, TaggerError> {
        let bad = |what: &str| TaggerError::Model(what.to_string());
        let mut raw = Vec::new();
        ZlibDecoder::new(bytes).read_to_end(&mut raw).map_err(|e| TaggerError::Model(e.to_string()))?;
        let mut r = Reader { b: &raw, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(bad("not a storyweave NER model (version 2)"));
        }
        let scheme = Scheme::from_code(r.byte()?).ok_or_else(|| bad("unknown tag scheme"))?;
        let nt = scheme.tag_count();
        let scale = r.f32()?;
        let trans = (0..(nt + 1) * nt).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
        let n = r.varint()? as usize;
        if n > raw.len() {
            return Err(bad("feature count past the end"));
        }
        let mut keys = Vec::with_capacity(n);
        let mut weights = vec![[0i16; LANES]; n];
        let mut key = 0u64;
        for row in weights.iter_mut() {
            key = key.wrapping_add(r.varint()?);
            keys.push(key);
            let mask = r.varint()?;
            if mask >> (nt - 1) != 0 {
                return Err(bad("weight for a tag the scheme lacks"));
            }
            for (t, w) in row.iter_mut().enumerate() {
                if mask & (1 << t) != 0 {
                    *w = i16::try_from(unzigzag(r.varint()?)).map_err(|_| bad("weight out of range"))?;
                }
            }
        }
        let max_len = usize::from(r.byte()?);
        let g = r.varint()? as usize;
        if g > raw.len() {
            return Err(bad("gazetteer size past the end"));
        }
        let mut gazetteer = Gazetteer { max_len, ..Gazetteer::default() };
        let mut h = 0u64;
        for _ in 0..g {
            h = h.checked_add(r.varint()?).ok_or_else(|| bad("gazetteer hash overflow"))?;
            let (e, l) = (r.byte()?, r.byte()?);
            if e != 0 {
                gazetteer.exact.insert(h, e);
            }
            if l != 0 {
                gazetteer.lower.insert(h, l);
            }
        }
        if r.at != raw.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(Model::new(scheme, trans, scale, keys, weights, gazetteer))
    }
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TaggerError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or_else(|| TaggerError::Model("truncated".into()))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8, TaggerError> {
        Ok(self.take(1)?[0])
    }

    fn f32(&mut self) -> Result<f32, TaggerError> {
        let s = self.take(4)?;
        Ok(f32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    fn varint(&mut self) -> Result<u64, TaggerError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(TaggerError::Model("varint too long".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_zigzag_round_trip() {
        for v in [0i64, 1, -1, 300, -32768, 32767] {
            let mut b = Vec::new();
            varint(&mut b, zigzag(v));
            let mut r = Reader { b: &b, at: 0 };
            assert_eq!(unzigzag(r.varint().unwrap()), v);
        }
    }

    #[test]
    fn feature_table_finds_its_keys() {
        let keys: Vec<u64> = (1..1000u64).map(|k| k.wrapping_mul(0x1234_5678_9abc_def1)).collect();
        let t = FeatureTable::new(keys.clone());
        for (row, &k) in keys.iter().enumerate() {
            assert_eq!(t.get(k), Some(row));
        }
        assert_eq!(t.get(7 << 40), None);
        assert_eq!(FeatureTable::new(Vec::new()).get(5), None);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(b"not zlib at all").is_err());
        let mut z = ZlibEncoder::new(Vec::new(), Compression::fast());
        z.write_all(b"SWNER02\n\x01\x00\x00\x80\x3f").unwrap();
        assert!(Model::from_bytes(&z.finish().unwrap()).is_err());
    }

    #[test]
    fn viterbi_respects_the_scheme() {
        let s = Scheme::Bilou;
        let nt = s.tag_count();
        let trans = forbidden(s);
        // Emissions that prefer an inside tag everywhere: the decoder must still build spans.
        let mut emit = vec![0f32; 3 * nt];
        for i in 0..3 {
            emit[i * nt + 2] = 5.0;
        }
        let tags = viterbi(s, &predecessors(s), &trans, &emit, 3);
        let mut prev = None;
        for &t in &tags {
            assert!(s.allowed(prev, t));
            prev = Some(t);
        }
        assert!(s.may_end(tags[2]));
    }
}
