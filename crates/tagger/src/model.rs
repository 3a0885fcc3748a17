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

/// A model ready to tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) scheme: Scheme,
    /// `(tags + 1) x tags`: row 0 is the sentence start, row `p + 1` follows tag `p`.
    pub(crate) trans: Vec<f32>,
    /// `trans` with the scheme's forbidden steps at minus infinity.
    masked: Vec<f32>,
    /// Weight of one step of the quantised weights.
    pub(crate) scale: f32,
    /// Feature hash to its weights.
    pub(crate) table: FeatureTable,
    pub(crate) gazetteer: Gazetteer,
}

/// Feature hash to its weights of tags `1..tags`: open addressing over 32-bit fingerprints, each
/// feature's weights stored under its slot's number. A probe reads 4 bytes a slot and the
/// weights are read only for a feature that is there: most features of a text are not, and the
/// fingerprints of a model fit the caches where (fingerprint, row) pairs did not.
///
/// Each feature's weight for `O` is subtracted from its others (which shifts every tag's score at
/// a token by the same amount, so decoding is unchanged): a row is 16 small integers for BILOU
/// (half a cache line), 8 for BIO.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FeatureTable {
    /// Per slot the fingerprint of the feature there, 0 when empty.
    fps: Vec<u32>,
    /// Per slot its feature's weights, `lanes` of them (zeros for an empty slot).
    weights: Vec<i16>,
    lanes: usize,
    mask: usize,
    /// The full hashes in the order given, with their slots, for writing the model file.
    keys: Vec<u64>,
    slot_of: Vec<u32>,
}

fn split_key(key: u64) -> (usize, u32) {
    // Feature hashes come out of a mixer: low bits pick the slot, high bits check it.
    (key as usize, ((key >> 32) as u32).max(1))
}

impl FeatureTable {
    /// A table for `keys` with `lanes` weights each, `keys[i]`'s the `i`th row of `weights`.
    pub(crate) fn new(keys: Vec<u64>, lanes: usize, weights: &[i16]) -> FeatureTable {
        // At most half full: most probes end at the first slot, and the fingerprints stay small
        // enough for the caches.
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut t = FeatureTable {
            fps: vec![0; cap],
            weights: vec![0; cap * lanes],
            lanes,
            mask: cap - 1,
            keys: Vec::new(),
            slot_of: Vec::with_capacity(keys.len()),
        };
        for (&k, row) in keys.iter().zip(weights.chunks_exact(lanes.max(1))) {
            let (h, fp) = split_key(k);
            let mut s = h & t.mask;
            while t.fps[s] != 0 {
                s = (s + 1) & t.mask;
            }
            t.fps[s] = fp;
            t.weights[s * lanes..(s + 1) * lanes].copy_from_slice(row);
            t.slot_of.push(s as u32);
        }
        t.keys = keys;
        t
    }

    /// The slots of many `(token, key)` pairs, as `(token, slot)` in `out` (keys not in the table
    /// left out). The first probes are all loaded before any is looked at, so their cache misses
    /// overlap instead of waiting one on another.
    pub(crate) fn slots(&self, keys: &[(u32, u64)], first: &mut Vec<u32>, out: &mut Vec<(u32, u32)>) {
        first.clear();
        first.extend(
            keys.iter().map(|&(_, k)| self.fps.get(split_key(k).0 & self.mask).copied().unwrap_or(0)),
        );
        out.clear();
        // Room for every key at once: grown step by step, the buffer was copied over and over.
        out.reserve(keys.len());
        for (&(i, k), &f) in keys.iter().zip(first.iter()) {
            let (h, fp) = split_key(k);
            if f == fp {
                out.push((i, (h & self.mask) as u32));
            } else if f != 0 {
                if let Some(s) = self.probe(h.wrapping_add(1), fp) {
                    out.push((i, s as u32));
                }
            }
        }
    }

    /// The slot of `key`, if it is in the table.
    #[cfg(test)]
    fn get(&self, key: u64) -> Option<usize> {
        let (h, fp) = split_key(key);
        self.probe(h, fp)
    }

    /// The slot holding fingerprint `fp`, looking from slot `from` on.
    fn probe(&self, from: usize, fp: u32) -> Option<usize> {
        let mut s = from & self.mask;
        loop {
            let f = *self.fps.get(s)?;
            if f == fp {
                return Some(s);
            }
            if f == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// The weights in slot `s`.
    fn row(&self, s: usize) -> &[i16] {
        self.weights.get(s * self.lanes..(s + 1) * self.lanes).unwrap_or_default()
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

/// The best tag sequence for emission scores `emit` (`n x tags`) under transition weights
/// `trans` (`(tags + 1) x tags`, row 0 the sentence start) that already carry the scheme's
/// constraints (see [`forbidden`]).
pub(crate) fn viterbi(scheme: Scheme, trans: &[f32], emit: &[f32], n: usize) -> Vec<u8> {
    let mut tags = Vec::new();
    viterbi_into(scheme, trans, emit, n, &mut Vec::new(), &mut tags);
    tags
}

/// [`viterbi`] into `tags`, with `lattice` as scratch.
fn viterbi_into(
    scheme: Scheme,
    trans: &[f32],
    emit: &[f32],
    n: usize,
    lattice: &mut Vec<f32>,
    tags: &mut Vec<u8>,
) {
    const BIO: usize = 1 + 2 * crate::KINDS.len();
    const BILOU: usize = 1 + 4 * crate::KINDS.len();
    match scheme {
        Scheme::Bio => viterbi_n::<BIO>(scheme, trans, emit, n, lattice, tags),
        Scheme::Bilou => viterbi_n::<BILOU>(scheme, trans, emit, n, lattice, tags),
    }
}

/// [`viterbi`] for `N` tags. Every step from every tag is tried, forbidden ones at minus
/// infinity: with the tags fixed, a token's best scores are a few vector maxima per previous
/// tag, faster than walking the lists of allowed steps. Which previous tag gave the best score
/// is worked out afterwards, only along the best path: the same sums again, the first of the
/// best (as a walk of the allowed steps in order would keep).
fn viterbi_n<const N: usize>(
    scheme: Scheme,
    trans: &[f32],
    emit: &[f32],
    n: usize,
    lattice: &mut Vec<f32>,
    tags: &mut Vec<u8>,
) {
    tags.clear();
    if n == 0 {
        return;
    }
    let row = |r: usize| -> [f32; N] {
        trans.get(r * N..(r + 1) * N).and_then(|s| s.try_into().ok()).unwrap_or([f32::NEG_INFINITY; N])
    };
    let emit_at = |i: usize| -> [f32; N] {
        emit.get(i * N..(i + 1) * N).and_then(|s| s.try_into().ok()).unwrap_or([0.0; N])
    };
    // `steps[p][t]`: the weight of tag `t` after tag `p`.
    let steps: [[f32; N]; N] = std::array::from_fn(|p| row(p + 1));
    let (start, first) = (row(0), emit_at(0));
    let mut score: [f32; N] = std::array::from_fn(|t| start[t] + first[t]);
    // The best score of each tag at each token.
    lattice.clear();
    lattice.reserve(n * N);
    lattice.extend_from_slice(&score);
    for i in 1..n {
        let mut best = [f32::NEG_INFINITY; N];
        for (&s, step) in score.iter().zip(&steps) {
            for t in 0..N {
                let v = s + step[t];
                best[t] = if v > best[t] { v } else { best[t] };
            }
        }
        let e = emit_at(i);
        for t in 0..N {
            score[t] = best[t] + e[t];
        }
        lattice.extend_from_slice(&score);
    }
    let mut last = 0u8;
    let mut best = f32::NEG_INFINITY;
    for (t, &s) in score.iter().enumerate() {
        if scheme.may_end(t as u8) && s > best {
            best = s;
            last = t as u8;
        }
    }
    tags.resize(n, 0);
    tags[n - 1] = last;
    for i in (1..n).rev() {
        let t = usize::from(tags[i]);
        let prev = lattice.get((i - 1) * N..i * N).unwrap_or_default();
        let (mut best, mut arg) = (f32::NEG_INFINITY, 0u8);
        for (p, (&s, step)) in prev.iter().zip(&steps).enumerate() {
            let v = s + step[t];
            if v > best {
                (best, arg) = (v, p as u8);
            }
        }
        tags[i - 1] = arg;
    }
}

/// Buffers for scoring one sentence, kept from sentence to sentence so tagging a document
/// allocates once, not per sentence or token.
#[derive(Debug, Default)]
pub struct Scratch {
    first: Vec<u32>,
    slots: Vec<(u32, u32)>,
    acc: Vec<i32>,
    emit: Vec<f32>,
    lattice: Vec<f32>,
}

/// Add each `(token, slot)`'s weights into the token's sums; `L` lanes a row, fixed so the adds
/// are a few vector instructions.
fn accumulate<const L: usize>(weights: &[i16], slots: &[(u32, u32)], acc: &mut [i32]) {
    for &(i, r) in slots {
        let (i, r) = (i as usize * L, r as usize * L);
        if let (Some(w), Some(a)) = (weights.get(r..r + L), acc.get_mut(i..i + L)) {
            let w: [i16; L] = w.try_into().unwrap_or([0; L]);
            let mut sum: [i32; L] = (&*a).try_into().unwrap_or([0; L]);
            for (x, w) in sum.iter_mut().zip(w) {
                *x += i32::from(w);
            }
            a.copy_from_slice(&sum);
        }
    }
}

/// [`accumulate`] for any row length.
fn accumulate_any(lanes: usize, weights: &[i16], slots: &[(u32, u32)], acc: &mut [i32]) {
    for &(i, r) in slots {
        let (i, r) = (i as usize * lanes, r as usize * lanes);
        if let (Some(w), Some(a)) = (weights.get(r..r + lanes), acc.get_mut(i..i + lanes)) {
            for (x, &w) in a.iter_mut().zip(w) {
                *x += i32::from(w);
            }
        }
    }
}

impl Model {
    /// A model from its parts: feature hashes with their rows of quantised weights.
    pub(crate) fn new(
        scheme: Scheme,
        trans: Vec<f32>,
        scale: f32,
        keys: Vec<u64>,
        weights: Vec<i16>,
        gazetteer: Gazetteer,
    ) -> Model {
        let masked = trans.iter().zip(forbidden(scheme)).map(|(t, f)| t + f).collect();
        let table = FeatureTable::new(keys, scheme.tag_count() - 1, &weights);
        Model { scheme, trans, masked, scale, table, gazetteer }
    }

    /// The tag scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// How many features carry weights.
    pub fn feature_count(&self) -> usize {
        self.table.keys.len()
    }

    /// Tag a document given as sentences of tokens (CoNLL-style, see [`crate::tokenize`]): the
    /// named-entity spans of each sentence, by token index.
    pub fn tag_document<S: AsRef<str>>(&self, doc: &[Vec<S>]) -> Vec<Vec<Span>> {
        let prepared = Prepared::new(doc);
        let lanes = self.scheme.tag_count() - 1;
        // Room for the own features (about a dozen a token) from the start: grown step by step,
        // the buffer was copied over and over.
        let (mut sc, mut feats) = (Scratch::default(), Vec::with_capacity(prepared.distinct() * 16));
        // The weights of each distinct token's own features, summed once for the document
        // (integer sums, so the order they are added in changes nothing).
        prepared.own(&mut |i, h| feats.push((i as u32, h)));
        sc.acc.resize(prepared.distinct() * lanes, 0);
        self.accumulate(&feats, &mut sc);
        let own = std::mem::take(&mut sc.acc);
        let mut out = Vec::with_capacity(doc.len());
        for (si, s) in doc.iter().enumerate() {
            feats.clear();
            prepared.context(si, &self.gazetteer, &mut |i, h| feats.push((i as u32, h)));
            sc.acc.clear();
            for &id in prepared.ids(si) {
                let id = id as usize;
                sc.acc.extend_from_slice(own.get(id * lanes..(id + 1) * lanes).unwrap_or_default());
            }
            sc.acc.resize(s.len() * lanes, 0);
            self.accumulate(&feats, &mut sc);
            let tags = self.best_tags(s.len(), &mut sc);
            out.push(self.scheme.decode(&tags));
        }
        out
    }

    /// The best tags of one sentence of `n` tokens whose features are given as (token, feature
    /// hash) pairs: for a model of [`crate::train::train_hashed`], whose features are not the
    /// NER ones. Tags are numbered as in [`Scheme`]; `scratch` is reused across sentences.
    pub fn tag_hashed(&self, n: usize, features: &[(u32, u64)], scratch: &mut Scratch) -> Vec<u8> {
        scratch.acc.clear();
        scratch.acc.resize(n * (self.scheme.tag_count() - 1), 0);
        self.accumulate(features, scratch);
        self.best_tags(n, scratch)
    }

    /// Add the weights of `feats`, (token, feature hash) pairs, into the tokens' sums in
    /// `sc.acc` (a row of `tags - 1` a token).
    fn accumulate(&self, feats: &[(u32, u64)], sc: &mut Scratch) {
        let lanes = self.scheme.tag_count() - 1;
        self.table.slots(feats, &mut sc.first, &mut sc.slots);
        let weights = &self.table.weights;
        match lanes {
            16 => accumulate::<16>(weights, &sc.slots, &mut sc.acc),
            8 => accumulate::<8>(weights, &sc.slots, &mut sc.acc),
            _ => accumulate_any(lanes, weights, &sc.slots, &mut sc.acc),
        }
    }

    /// Viterbi over the sums in `sc.acc` for `n` tokens.
    fn best_tags(&self, n: usize, sc: &mut Scratch) -> Vec<u8> {
        let lanes = self.scheme.tag_count() - 1;
        sc.emit.clear();
        for a in sc.acc.chunks_exact(lanes) {
            sc.emit.push(0.0);
            sc.emit.extend(a.iter().map(|&x| x as f32 * self.scale));
        }
        let mut tags = Vec::with_capacity(n);
        viterbi_into(self.scheme, &self.masked, &sc.emit, n, &mut sc.lattice, &mut tags);
        tags
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
        varint(&mut raw, self.table.keys.len() as u64);
        let mut prev = 0u64;
        for (&k, &s) in self.table.keys.iter().zip(&self.table.slot_of) {
            let q = self.table.row(s as usize);
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
        let mut weights = vec![0i16; n * (nt - 1)];
        let mut key = 0u64;
        for row in weights.chunks_exact_mut(nt - 1) {
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
        let weights: Vec<i16> = (0..keys.len() as i16 * 3).collect();
        let t = FeatureTable::new(keys.clone(), 3, &weights);
        for (row, &k) in keys.iter().enumerate() {
            let s = t.get(k).expect("a key of the table");
            assert_eq!(t.row(s), &weights[row * 3..row * 3 + 3]);
        }
        assert_eq!(t.get(7 << 40), None);
        assert_eq!(FeatureTable::new(Vec::new(), 3, &[]).get(5), None);
        // The batched lookup agrees with one at a time, present and absent keys alike.
        let probes: Vec<(u32, u64)> =
            (0..3000u64).map(|k| (k as u32, k.wrapping_mul(0x1234_5678_9abc_def1))).collect();
        let (mut first, mut out) = (Vec::new(), Vec::new());
        t.slots(&probes, &mut first, &mut out);
        let one_by_one: Vec<(u32, u32)> =
            probes.iter().filter_map(|&(i, k)| t.get(k).map(|s| (i, s as u32))).collect();
        assert_eq!(out, one_by_one);
        assert_eq!(out.len(), keys.len());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(b"not zlib at all").is_err());
        let mut z = ZlibEncoder::new(Vec::new(), Compression::fast());
        z.write_all(b"SWNER02\n\x01\x00\x00\x80\x3f").unwrap();
        assert!(Model::from_bytes(&z.finish().unwrap()).is_err());
    }

    /// The decoder written plainly: for each tag, the best of its allowed previous tags.
    fn reference_viterbi(scheme: Scheme, trans: &[f32], emit: &[f32], n: usize) -> Vec<u8> {
        let nt = scheme.tag_count();
        if n == 0 {
            return Vec::new();
        }
        let mut score = vec![f32::NEG_INFINITY; n * nt];
        let mut back = vec![0u8; n * nt];
        score[..nt].iter_mut().enumerate().for_each(|(t, s)| *s = trans[t] + emit[t]);
        for i in 1..n {
            for t in 0..nt {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0u8);
                for p in (0..nt as u8).filter(|&p| scheme.allowed(Some(p), t as u8)) {
                    let s = score[(i - 1) * nt + usize::from(p)] + trans[(usize::from(p) + 1) * nt + t];
                    if s > best {
                        (best, arg) = (s, p);
                    }
                }
                score[i * nt + t] = best + emit[i * nt + t];
                back[i * nt + t] = arg;
            }
        }
        let mut tags = vec![0u8; n];
        let mut best = f32::NEG_INFINITY;
        for t in 0..nt {
            if scheme.may_end(t as u8) && score[(n - 1) * nt + t] > best {
                best = score[(n - 1) * nt + t];
                tags[n - 1] = t as u8;
            }
        }
        for i in (1..n).rev() {
            tags[i - 1] = back[i * nt + usize::from(tags[i])];
        }
        tags
    }

    #[test]
    fn viterbi_matches_the_plain_decoder() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Coarse values, so ties happen and must break the same way.
            (seed % 9) as f32 - 4.0
        };
        for scheme in [Scheme::Bio, Scheme::Bilou] {
            let nt = scheme.tag_count();
            for n in [0, 1, 2, 5, 17] {
                for _ in 0..50 {
                    let trans: Vec<f32> = (0..(nt + 1) * nt)
                        .map(|_| next())
                        .zip(forbidden(scheme))
                        .map(|(t, f)| t + f)
                        .collect();
                    let emit: Vec<f32> = (0..n * nt).map(|_| next()).collect();
                    assert_eq!(
                        viterbi(scheme, &trans, &emit, n),
                        reference_viterbi(scheme, &trans, &emit, n)
                    );
                }
            }
        }
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
        let tags = viterbi(s, &trans, &emit, 3);
        let mut prev = None;
        for &t in &tags {
            assert!(s.allowed(prev, t));
            prev = Some(t);
        }
        assert!(s.may_end(tags[2]));
    }
}
