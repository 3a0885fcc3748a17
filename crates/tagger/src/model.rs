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

use crate::features::{document_features, Gazetteer};
use crate::tags::{Scheme, Span};
use crate::TaggerError;

const MAGIC: &[u8; 8] = b"SWNER01\n";

/// A model ready to tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) scheme: Scheme,
    /// `(tags + 1) x tags`: row 0 is the sentence start, row `p + 1` follows tag `p`.
    pub(crate) trans: Vec<f32>,
    pub(crate) table: FeatureTable,
    /// `features x tags`.
    pub(crate) weights: Vec<f32>,
    pub(crate) gazetteer: Gazetteer,
}

/// Feature hash to row, open addressing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FeatureTable {
    keys: Vec<u64>,
    rows: Vec<u32>,
    mask: usize,
}

fn slot_of(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 20) as usize
}

impl FeatureTable {
    /// A table for `keys`, row `i` for `keys[i]`. Key 0 marks an empty slot and is never stored.
    pub(crate) fn new(keys: &[u64]) -> FeatureTable {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut t = FeatureTable { keys: vec![0; cap], rows: vec![0; cap], mask: cap - 1 };
        for (row, &k) in keys.iter().enumerate() {
            if k == 0 {
                continue;
            }
            let mut s = slot_of(k) & t.mask;
            while t.keys[s] != 0 && t.keys[s] != k {
                s = (s + 1) & t.mask;
            }
            t.keys[s] = k;
            t.rows[s] = row as u32;
        }
        t
    }

    pub(crate) fn get(&self, key: u64) -> Option<usize> {
        if self.keys.is_empty() || key == 0 {
            return None;
        }
        let mut s = slot_of(key) & self.mask;
        loop {
            match self.keys[s] {
                0 => return None,
                k if k == key => return Some(self.rows[s] as usize),
                _ => s = (s + 1) & self.mask,
            }
        }
    }

    /// Keys by row.
    fn keys_by_row(&self, n: usize) -> Vec<u64> {
        let mut out = vec![0u64; n];
        for (&k, &r) in self.keys.iter().zip(&self.rows) {
            if k != 0 {
                if let Some(o) = out.get_mut(r as usize) {
                    *o = k;
                }
            }
        }
        out
    }
}

/// The best tag sequence for emission scores `emit` (`n x tags`) under `trans`, keeping to the
/// scheme's constraints.
pub(crate) fn viterbi(scheme: Scheme, trans: &[f32], emit: &[f32], n: usize) -> Vec<u8> {
    let nt = scheme.tag_count();
    if n == 0 {
        return Vec::new();
    }
    let allowed: Vec<bool> = (0..=nt)
        .flat_map(|p| (0..nt).map(move |t| scheme.allowed(p.checked_sub(1).map(|p| p as u8), t as u8)))
        .collect();
    let mut score = vec![f32::NEG_INFINITY; n * nt];
    let mut back = vec![0u8; n * nt];
    for t in 0..nt {
        if allowed[t] {
            score[t] = trans[t] + emit[t];
        }
    }
    for i in 1..n {
        for t in 0..nt {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for p in 0..nt {
                if !allowed[(p + 1) * nt + t] {
                    continue;
                }
                let s = score[(i - 1) * nt + p] + trans[(p + 1) * nt + t];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            score[i * nt + t] = best + emit[i * nt + t];
            back[i * nt + t] = arg;
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
    /// The tag scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// How many features carry weights.
    pub fn feature_count(&self) -> usize {
        self.weights.len() / self.scheme.tag_count().max(1)
    }

    /// Tag a document given as sentences of tokens (CoNLL-style, see [`crate::tokenize`]): the
    /// named-entity spans of each sentence, by token index.
    pub fn tag_document<S: AsRef<str>>(&self, doc: &[Vec<S>]) -> Vec<Vec<Span>> {
        let feats = document_features(doc, &self.gazetteer);
        feats.iter().map(|s| self.scheme.decode(&self.tag_features(s))).collect()
    }

    /// The best tags for a sentence's features.
    pub(crate) fn tag_features(&self, feats: &[Vec<u64>]) -> Vec<u8> {
        let nt = self.scheme.tag_count();
        let mut emit = vec![0f32; feats.len() * nt];
        for (i, fs) in feats.iter().enumerate() {
            let row = &mut emit[i * nt..(i + 1) * nt];
            for &f in fs {
                if let Some(r) = self.table.get(f) {
                    for (e, w) in row.iter_mut().zip(&self.weights[r * nt..(r + 1) * nt]) {
                        *e += w;
                    }
                }
            }
        }
        viterbi(self.scheme, &self.trans, &emit, feats.len())
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let nt = self.scheme.tag_count();
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.push(self.scheme.code());
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
        let scale = max / f32::from(i16::MAX);
        raw.extend_from_slice(&scale.to_le_bytes());
        for t in &self.trans {
            raw.extend_from_slice(&t.to_le_bytes());
        }
        let keys = self.table.keys_by_row(self.feature_count());
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by_key(|&r| keys[r]);
        let rows: Vec<(u64, Vec<i16>)> = order
            .into_iter()
            .map(|r| {
                let q: Vec<i16> =
                    self.weights[r * nt..(r + 1) * nt].iter().map(|w| (w / scale).round() as i16).collect();
                (keys[r], q)
            })
            .filter(|(_, q)| q.iter().any(|&v| v != 0))
            .collect();
        varint(&mut raw, rows.len() as u64);
        let mut prev = 0u64;
        for (k, q) in &rows {
            varint(&mut raw, k - prev);
            prev = *k;
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
            return Err(bad("not a storyweave NER model"));
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
        let mut weights = vec![0f32; n * nt];
        let mut key = 0u64;
        for row in 0..n {
            key = key.checked_add(r.varint()?).ok_or_else(|| bad("feature hash overflow"))?;
            keys.push(key);
            let mask = r.varint()?;
            for t in 0..nt {
                if mask & (1 << t) != 0 {
                    let v = unzigzag(r.varint()?);
                    weights[row * nt + t] = v as f32 * scale;
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
        Ok(Model { scheme, trans, table: FeatureTable::new(&keys), weights, gazetteer })
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
        let t = FeatureTable::new(&keys);
        for (row, &k) in keys.iter().enumerate() {
            assert_eq!(t.get(k), Some(row));
        }
        assert_eq!(t.get(7), None);
        assert_eq!(t.keys_by_row(keys.len()), keys);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(b"not zlib at all").is_err());
        let mut z = ZlibEncoder::new(Vec::new(), Compression::fast());
        z.write_all(b"SWNER01\n\x01\x00\x00\x80\x3f").unwrap();
        assert!(Model::from_bytes(&z.finish().unwrap()).is_err());
    }

    #[test]
    fn viterbi_respects_the_scheme() {
        let s = Scheme::Bilou;
        let nt = s.tag_count();
        let trans = vec![0f32; (nt + 1) * nt];
        // Emissions that prefer an inside tag everywhere: the decoder must still build spans.
        let mut emit = vec![0f32; 3 * nt];
        for i in 0..3 {
            emit[i * nt + 2] = 5.0;
        }
        let tags = viterbi(s, &trans, &emit, 3);
        let mut prev = None;
        for &t in &tags {
            assert!(s.allowed(prev, t));
            prev = Some(t);
        }
        assert!(s.may_end(tags[2]));
    }
}
