//! Online clustering: each arriving article joins the active story it fits best or starts one.
//!
//! Only active stories are held: a story whose newest article is older than
//! [`ClusterConfig::active_days`] before the newest article seen is retired (handed back with
//! [`Clusterer::take_retired`] and forgotten), and document frequencies cover the last
//! [`ClusterConfig::idf_days`], so memory follows the time window, not the corpus. Candidates
//! come from an inverted index from each member's heaviest terms to the stories holding them,
//! never from a scan of all stories. Two stories that an article shows to have converged merge
//! into the older one, whose id stays; the merge is recorded. A fragment (a story of at most
//! [`ClusterConfig::fragment_size`] articles) about to be final looks once more for a story that
//! has grown to fit it.

use std::collections::HashMap;

type TermSet = storyweave_text::IdSet<Term>;

use storyweave_model::{DocId, Story, StoryId, Timestamp};

use crate::features::{is_entity, DocFreq, Features};
use crate::vectors::{Centroid, IdMap, SparseVec, Term};
use crate::ClusterConfig;

/// Terms a member indexes its story under, per term an article queries with.
const POSTED_PER_QUERIED: usize = 3;

/// Runners-up checked for a merge after an article joins a story.
const MERGE_CHECKS: usize = 1;
/// Least score of a runner-up checked for a merge, as a share of the best score.
const RUNNER_UP_SHARE: f32 = 0.75;

/// One story absorbed into another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// The surviving story (the older one); its id is unchanged.
    pub into: StoryId,
    /// The story absorbed; its id is no longer used (except in [`Story::merged`]).
    pub from: StoryId,
    /// The article whose arrival showed the two stories to be one (none in a batch pass).
    pub by: Option<DocId>,
}

/// Where an arriving article went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub story: StoryId,
    /// Whether the article started the story.
    pub new_story: bool,
    /// Stories merged because of this article.
    pub merges: Vec<Merge>,
}

struct Member {
    doc_id: DocId,
    published: Option<Timestamp>,
    outlet: String,
    headline: String,
    has_title: bool,
    /// None for a copy, which goes with its original and adds nothing to the centroid.
    vector: Option<SparseVec>,
    copy_of: Option<DocId>,
}

struct Active {
    id: StoryId,
    /// Founding order.
    seq: u64,
    members: Vec<Member>,
    centroid: Centroid,
    /// Members with a vector (originals).
    weight: usize,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
    posted: TermSet,
    merged: Vec<StoryId>,
    /// Weight when last compared with its neighbours for a merge.
    checked_at: usize,
}

impl Active {
    fn extend_dates(&mut self, d: Option<Timestamp>) {
        if let Some(d) = d {
            self.first = Some(self.first.map_or(d, |f| f.min(d)));
            self.last = Some(self.last.map_or(d, |l| l.max(d)));
        }
    }

    fn recompute_dates(&mut self) {
        self.first = self.members.iter().filter_map(|m| m.published).min();
        self.last = self.members.iter().filter_map(|m| m.published).max();
    }
}

/// The online clusterer.
pub struct Clusterer {
    config: ClusterConfig,
    df: DocFreq,
    /// Frequencies fitted beforehand over a whole corpus (batch): arrivals do not change them.
    frozen: bool,
    /// Batch: nothing retires, so refinement can see every story.
    keep_all: bool,
    slots: Vec<Option<Active>>,
    free: Vec<usize>,
    index: IdMap<Term, Vec<u32>>,
    story_of: HashMap<DocId, u32>,
    now: Option<Timestamp>,
    swept: Option<Timestamp>,
    founded: u64,
    retired: Vec<Story>,
    merges: Vec<Merge>,
}

impl Clusterer {
    /// A stream clusterer: frequencies learnt as articles arrive, idle stories retired.
    pub fn new(config: ClusterConfig) -> Clusterer {
        Clusterer {
            config,
            df: DocFreq::default(),
            frozen: false,
            keep_all: false,
            slots: Vec::new(),
            free: Vec::new(),
            index: IdMap::default(),
            story_of: HashMap::new(),
            now: None,
            swept: None,
            founded: 0,
            retired: Vec::new(),
            merges: Vec::new(),
        }
    }

    /// A batch clusterer over a corpus whose frequencies are known (`df`); keeps every story.
    pub fn batch(config: ClusterConfig, df: DocFreq) -> Clusterer {
        Clusterer { df, frozen: true, keep_all: true, ..Clusterer::new(config) }
    }

    /// Stories held in memory.
    pub fn active_stories(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }

    /// Articles held in memory (members of active stories).
    pub fn active_articles(&self) -> usize {
        self.story_of.len()
    }

    /// Every merge so far.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    /// Stories retired since the last call: final, they take no more articles.
    pub fn take_retired(&mut self) -> Vec<Story> {
        std::mem::take(&mut self.retired)
    }

    /// Assign one article; `copy_of` is its original when the dedup stage found it a copy.
    pub fn push(&mut self, f: Features, copy_of: Option<&str>) -> Assignment {
        if let Some(d) = f.published {
            self.now = Some(self.now.map_or(d, |n| n.max(d)));
            self.sweep();
        }
        if let Some(&slot) = copy_of.and_then(|o| self.story_of.get(o)) {
            if let Some(story) = self.slots[slot as usize].as_mut() {
                story.extend_dates(f.published);
                self.story_of.insert(f.doc_id.clone(), slot);
                story.members.push(member(f, None, copy_of));
                return Assignment { story: story.id.clone(), new_story: false, merges: Vec::new() };
            }
        }
        if !self.frozen {
            self.df.add(&f);
            if let Some(now) = self.now {
                self.df.forget_before(now - days(self.config.idf_days));
            }
        }
        let v = self.df.vector(&f, self.config.idf_offset);
        let scored = self.scored(&v, f.published, None);
        let need = self.config.threshold_for(v.len());
        let best = scored.first().filter(|c| c.1 >= need).map(|c| c.0);
        let (slot, new_story) = match best {
            Some(slot) => (slot, false),
            None => (self.open(&f.doc_id), true),
        };
        self.join(slot, f, v, copy_of.map(str::to_owned));
        let doc = self.slots[slot as usize].as_ref().and_then(|s| s.members.last()).map(|m| m.doc_id.clone());
        let mut merges = Vec::new();
        let mut into = slot;
        if !new_story {
            // Other stories this article also fits: merge those that have converged with its own.
            // The runners-up only: a story the article barely fits has not converged with its own.
            let best_score = scored.first().map_or(0.0, |c| c.1);
            for &(other, s) in scored.iter().skip(1).take(MERGE_CHECKS) {
                if s < need || s < RUNNER_UP_SHARE * best_score {
                    break;
                }
                into = self.merge_by(into, other, &doc, &mut merges);
            }
        }
        // A story that has grown by half since it was last compared with its neighbours is
        // compared again: so it also merges with a story no single article fits both of.
        let grown = self.slots[into as usize].as_ref().is_some_and(|s| s.weight * 2 >= s.checked_at * 3);
        if grown {
            if let Some(s) = self.slots[into as usize].as_mut() {
                s.checked_at = s.weight;
            }
            for other in self.neighbours(into) {
                into = self.merge_by(into, other, &doc, &mut merges);
            }
        }
        let story = self.slots[into as usize].as_ref().map(|s| s.id.clone()).unwrap_or_default();
        Assignment { story, new_story, merges }
    }

    /// Batch only: move each article to the story it now fits best (never out on its own, as a
    /// short text's similarity to a grown story can fall below the threshold that let it join).
    /// Whether anything moved.
    pub fn refine(&mut self) -> bool {
        let mut moved = false;
        let slots: Vec<u32> = (0..self.slots.len() as u32).collect();
        for slot in slots {
            let mut k = 0;
            while let Some(story) = self.slots[slot as usize].as_mut() {
                let Some(m) = story.members.get(k) else { break };
                let Some(v) = m.vector.clone() else {
                    k += 1;
                    continue;
                };
                let date = m.published;
                if story.weight <= 1 {
                    k += 1;
                    continue;
                }
                story.centroid.add(&v, -1.0);
                story.weight -= 1;
                let scored = self.scored(&v, date, Some(slot));
                let need = self.config.threshold_for(v.len());
                let here = self.score(slot, &v, date);
                let to = scored.first().filter(|c| c.1 >= need && c.1 > here).map(|c| c.0);
                let Some(story) = self.slots[slot as usize].as_mut() else { break };
                match to {
                    Some(to) if to != slot => {
                        let m = story.members.remove(k);
                        story.recompute_dates();
                        moved = true;
                        let f = Features {
                            doc_id: m.doc_id,
                            published: m.published,
                            outlet: m.outlet,
                            headline: m.headline,
                            has_title: m.has_title,
                            terms: Vec::new(),
                        };
                        self.join(to, f, v, m.copy_of);
                    }
                    _ => {
                        story.centroid.add(&v, 1.0);
                        story.weight += 1;
                        k += 1;
                    }
                }
            }
        }
        self.rehome_copies();
        self.drop_empty();
        moved
    }

    /// Batch only: merge every pair of stories whose centroids have converged.
    pub fn merge_pass(&mut self) {
        for slot in 0..self.slots.len() as u32 {
            let mut slot = slot;
            for other in self.neighbours(slot) {
                match self.try_merge(slot, other, false) {
                    Some((_, survivor)) => slot = survivor,
                    None if self.slots[slot as usize].is_none() => break,
                    None => {}
                }
            }
        }
    }

    /// Stories sharing index terms with the heaviest terms of a story's centroid, most shared
    /// first.
    fn neighbours(&self, slot: u32) -> Vec<u32> {
        self.neighbours_by(slot, &self.query_terms(slot))
    }

    /// Stories other than `slot` sharing index terms with `terms`, most shared first.
    fn neighbours_by(&self, slot: u32, terms: &[Term]) -> Vec<u32> {
        let mut hits: IdMap<u32, u32> = IdMap::default();
        for &t in terms {
            for &s in self.index.get(&t).map(Vec::as_slice).unwrap_or_default() {
                if s != slot {
                    *hits.entry(s).or_default() += 1;
                }
            }
        }
        let mut by_hits: Vec<(u32, u32)> = hits.into_iter().collect();
        by_hits.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        by_hits.truncate(self.config.max_candidates.max(1));
        by_hits.into_iter().map(|e| e.0).collect()
    }

    /// The heaviest terms of a story's centroid, with which it looks for neighbours.
    fn query_terms(&self, slot: u32) -> Vec<Term> {
        let Some(story) = self.slots.get(slot as usize).and_then(Option::as_ref) else { return Vec::new() };
        story.centroid.top_terms(self.config.candidate_terms.max(1) * 2)
    }

    /// Every story, retired ones first, with the merges recorded in each.
    pub fn finish(mut self) -> (Vec<Story>, Vec<Merge>) {
        let mut by_age: Vec<u32> =
            (0..self.slots.len() as u32).filter(|&i| self.slots[i as usize].is_some()).collect();
        by_age.sort_by_key(|&i| self.age_key(i));
        for slot in by_age {
            self.last_look(slot);
        }
        let mut stories = std::mem::take(&mut self.retired);
        for s in std::mem::take(&mut self.slots).into_iter().flatten() {
            if !s.members.is_empty() {
                stories.push(story(s));
            }
        }
        (stories, self.merges)
    }

    fn open(&mut self, founder: &str) -> u32 {
        let id = format!("s{}", founder.get(..founder.len().min(11)).unwrap_or(founder));
        self.founded += 1;
        let active = Active {
            id,
            seq: self.founded,
            members: Vec::new(),
            centroid: Centroid::default(),
            weight: 0,
            first: None,
            last: None,
            posted: Default::default(),
            merged: Vec::new(),
            checked_at: 1,
        };
        match self.free.pop() {
            Some(i) => {
                self.slots[i] = Some(active);
                i as u32
            }
            None => {
                self.slots.push(Some(active));
                (self.slots.len() - 1) as u32
            }
        }
    }

    fn join(&mut self, slot: u32, f: Features, v: SparseVec, copy_of: Option<DocId>) {
        // Stories are indexed under more terms than a query uses, so that an article whose own
        // heaviest terms (often names) differ from its story's still finds it.
        let top = v.top_terms(self.config.candidate_terms * POSTED_PER_QUERIED);
        let Some(story) = self.slots[slot as usize].as_mut() else { return };
        story.centroid.add(&v, 1.0);
        story.weight += 1;
        story.extend_dates(f.published);
        for t in top {
            if story.posted.insert(t) {
                self.index.entry(t).or_default().push(slot);
            }
        }
        self.story_of.insert(f.doc_id.clone(), slot);
        story.members.push(member(f, Some(v), copy_of.as_deref()));
    }

    /// Similarity of a vector to a story: centroid cosine (or, with `linkage` towards 1, the
    /// mean cosine to its members), discounted by the time between them.
    fn score(&self, slot: u32, v: &SparseVec, date: Option<Timestamp>) -> f32 {
        let Some(s) = self.slots.get(slot as usize).and_then(Option::as_ref) else { return 0.0 };
        if s.weight == 0 {
            return 0.0;
        }
        let a = self.config.linkage.clamp(0.0, 1.0) as f64;
        let denom = s.centroid.norm().powf(1.0 - a) * (s.weight as f64).powf(a);
        let sim = if denom > 0.0 { (s.centroid.dot(v) / denom) as f32 } else { 0.0 };
        sim * self.decay(gap(date, date, s.first, s.last))
    }

    fn decay(&self, gap_days: Option<f32>) -> f32 {
        let w = self.config.window_days.max(1e-3);
        match gap_days {
            Some(g) if g > w => (-(g - w) / w).exp(),
            _ => 1.0,
        }
    }

    /// Candidate stories for a vector, with their scores, best first.
    fn scored(&self, v: &SparseVec, date: Option<Timestamp>, skip: Option<u32>) -> Vec<(u32, f32)> {
        let candidates: Vec<u32> = if self.config.candidate_terms == 0 {
            (0..self.slots.len() as u32).filter(|&i| self.slots[i as usize].is_some()).collect()
        } else {
            let mut hits: IdMap<u32, u32> = IdMap::default();
            for t in v.top_terms(self.config.candidate_terms) {
                if let Some(p) = self.index.get(&t) {
                    for &s in p {
                        *hits.entry(s).or_default() += 1;
                    }
                }
            }
            let mut by_hits: Vec<(u32, u32)> = hits.into_iter().collect();
            by_hits.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            by_hits.truncate(self.config.max_candidates.max(1));
            by_hits.into_iter().map(|e| e.0).collect()
        };
        let mut scored: Vec<(u32, f32)> = candidates
            .into_iter()
            .filter(|&c| Some(c) != skip)
            .map(|c| (c, self.score(c, v, date)))
            .filter(|c| c.1 > 0.0)
            .collect();
        // Ties go to the older story.
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| self.age_key(a.0).cmp(&self.age_key(b.0))));
        scored
    }

    /// Older stories sort first: by first article, then by founding order.
    fn age_key(&self, slot: u32) -> (bool, Option<Timestamp>, u64) {
        match self.slots.get(slot as usize).and_then(Option::as_ref) {
            Some(s) => (s.first.is_none(), s.first, s.seq),
            None => (true, None, u64::MAX),
        }
    }

    /// Merge `a` and `b` when their centroids have converged: the younger goes into the older.
    /// [`Self::try_merge`], with the merge credited to the arriving article `doc` (in the
    /// record kept and in `merges`); the surviving story.
    fn merge_by(&mut self, into: u32, other: u32, doc: &Option<DocId>, merges: &mut Vec<Merge>) -> u32 {
        let Some((mut m, survivor)) = self.try_merge(into, other, false) else { return into };
        m.by.clone_from(doc);
        if let Some(last) = self.merges.last_mut() {
            last.by.clone_from(doc);
        }
        merges.push(m);
        survivor
    }

    /// Similarity of two stories after time decay, and the least at which they merge: the
    /// merge threshold, or at a fragment's last look (a story of at most
    /// [`ClusterConfig::fragment_size`] articles) the join threshold: its articles did not fit
    /// the other story when they came, but that story may have grown to fit them since.
    fn pair_similarity(&self, a: u32, b: u32, last_look: bool) -> Option<(f32, f32)> {
        let (sa, sb) = (self.slots.get(a as usize)?.as_ref()?, self.slots.get(b as usize)?.as_ref()?);
        let small = if sa.weight <= sb.weight { sa } else { sb };
        let bar = if last_look && small.weight <= self.config.fragment_size {
            self.config.threshold.min(self.config.merge_threshold)
        } else {
            self.config.merge_threshold
        };
        let decay = self.decay(gap(sa.first, sa.last, sb.first, sb.last));
        if decay < bar {
            return Some((0.0, bar));
        }
        // Centroid cosine rises as stories grow (their sums smooth out what members do not
        // share), so two big stories of same-kind events would merge; leaning towards the
        // members' mean cosine keeps the bar the same for big and small stories.
        Some((sa.centroid.linked(sa.weight, &sb.centroid, sb.weight, self.config.merge_linkage) * decay, bar))
    }

    /// Merge `a` and `b` when they have converged (or, at a fragment's `last_look`, when it
    /// fits): the younger goes into the older. The merge and the surviving story.
    fn try_merge(&mut self, a: u32, b: u32, last_look: bool) -> Option<(Merge, u32)> {
        if a == b {
            return None;
        }
        let (sim, bar) = self.pair_similarity(a, b, last_look)?;
        if sim < bar {
            return None;
        }
        let (into, from) = if self.age_key(a) <= self.age_key(b) { (a, b) } else { (b, a) };
        let gone = self.slots[from as usize].take()?;
        self.free.push(from as usize);
        for t in &gone.posted {
            if let Some(p) = self.index.get_mut(t) {
                p.retain(|&s| s != from);
            }
        }
        let target = self.slots[into as usize].as_mut()?;
        let merge = Merge { into: target.id.clone(), from: gone.id.clone(), by: None };
        target.centroid.absorb(gone.centroid);
        target.weight += gone.weight;
        target.merged.push(gone.id);
        target.merged.extend(gone.merged);
        for m in &gone.members {
            self.story_of.insert(m.doc_id.clone(), into);
        }
        target.members.extend(gone.members);
        target.recompute_dates();
        for t in gone.posted {
            if target.posted.insert(t) {
                self.index.entry(t).or_default().push(into);
            }
        }
        self.merges.push(merge.clone());
        Some((merge, into))
    }

    /// A fragment's last look before it is final (retired, or at the end): it merges into the
    /// neighbour it fits best, if it fits one as an arriving article would.
    fn last_look(&mut self, slot: u32) {
        let small = self
            .slots
            .get(slot as usize)
            .and_then(Option::as_ref)
            .is_some_and(|s| s.weight > 0 && s.weight <= self.config.fragment_size);
        if !small {
            return;
        }
        // Two events of one kind share words; an event and its stray articles share a name too,
        // one of those the fragment looks for neighbours with.
        let terms = self.query_terms(slot);
        let names: Vec<Term> = terms.iter().copied().filter(|&t| is_entity(t)).collect();
        let best = self
            .neighbours_by(slot, &terms)
            .into_iter()
            .filter(|&o| {
                self.slots[o as usize].as_ref().is_some_and(|s| names.iter().any(|&t| s.centroid.has(t)))
            })
            .filter_map(|o| self.pair_similarity(slot, o, true).map(|(sim, _)| (o, sim)))
            .max_by(|x, y| x.1.total_cmp(&y.1).then_with(|| self.age_key(y.0).cmp(&self.age_key(x.0))));
        if let Some((other, _)) = best {
            self.try_merge(slot, other, true);
        }
    }

    /// Retire stories idle for longer than the active window (stream only).
    fn sweep(&mut self) {
        let (Some(now), false) = (self.now, self.keep_all) else { return };
        let active = days(self.config.active_days);
        // Sweeping costs a pass over the active stories: do it when time has moved on a bit.
        if self.swept.is_some_and(|s| now - s < active / 8) {
            return;
        }
        self.swept = Some(now);
        let is_idle = |s: &Active| s.last.is_some_and(|l| now - l > active);
        for slot in 0..self.slots.len() {
            if self.slots[slot].as_ref().is_some_and(is_idle) {
                self.last_look(slot as u32);
            }
        }
        for slot in 0..self.slots.len() {
            if !self.slots[slot].as_ref().is_some_and(is_idle) {
                continue;
            }
            let Some(s) = self.slots[slot].take() else { continue };
            self.free.push(slot);
            for t in &s.posted {
                if let Some(p) = self.index.get_mut(t) {
                    p.retain(|&x| x as usize != slot);
                    if p.is_empty() {
                        self.index.remove(t);
                    }
                }
            }
            for m in &s.members {
                self.story_of.remove(&m.doc_id);
            }
            self.retired.push(story(s));
        }
    }

    /// Copies follow their original wherever refinement or merges took it.
    fn rehome_copies(&mut self) {
        let mut moves: Vec<(u32, usize, u32)> = Vec::new();
        for (slot, s) in self.slots.iter().enumerate() {
            let Some(s) = s else { continue };
            for (k, m) in s.members.iter().enumerate() {
                if let Some(o) = m.copy_of.as_deref().filter(|_| m.vector.is_none()) {
                    if let Some(&to) = self.story_of.get(o).filter(|&&to| to as usize != slot) {
                        moves.push((slot as u32, k, to));
                    }
                }
            }
        }
        // Highest index first, so earlier removals do not shift later ones.
        moves.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        for (from, k, to) in moves {
            let Some(m) = self.slots[from as usize].as_mut().map(|s| s.members.remove(k)) else { continue };
            if let Some(s) = self.slots[from as usize].as_mut() {
                s.recompute_dates();
            }
            if let Some(s) = self.slots[to as usize].as_mut() {
                s.extend_dates(m.published);
                self.story_of.insert(m.doc_id.clone(), to);
                s.members.push(m);
            }
        }
    }

    fn drop_empty(&mut self) {
        for slot in 0..self.slots.len() {
            if self.slots[slot].as_ref().is_some_and(|s| s.members.is_empty()) {
                if let Some(s) = self.slots[slot].take() {
                    for t in &s.posted {
                        if let Some(p) = self.index.get_mut(t) {
                            p.retain(|&x| x as usize != slot);
                        }
                    }
                }
                self.free.push(slot);
            }
        }
    }
}

fn member(f: Features, vector: Option<SparseVec>, copy_of: Option<&str>) -> Member {
    Member {
        doc_id: f.doc_id,
        published: f.published,
        outlet: f.outlet,
        headline: f.headline,
        has_title: f.has_title,
        vector,
        copy_of: copy_of.map(str::to_owned),
    }
}

fn days(d: f32) -> chrono::Duration {
    chrono::Duration::minutes((f64::from(d.max(0.0)) * 1440.0).min(1e12) as i64)
}

/// Days between two time spans (0 when they overlap); None when either is undated.
fn gap(
    a_first: Option<Timestamp>,
    a_last: Option<Timestamp>,
    b_first: Option<Timestamp>,
    b_last: Option<Timestamp>,
) -> Option<f32> {
    let (a0, a1, b0, b1) = (a_first?, a_last?, b_first?, b_last?);
    let minutes = if a1 < b0 {
        (b0 - a1).num_minutes()
    } else if b1 < a0 {
        (a0 - b1).num_minutes()
    } else {
        0
    };
    Some(minutes as f32 / 1440.0)
}

/// The finished story of an active one: members earliest first; the title of the member closest
/// to the centroid (a headline before a first sentence).
fn story(s: Active) -> Story {
    let mut members = s.members;
    members.sort_by(|a, b| {
        (a.published.is_none(), a.published, &a.doc_id).cmp(&(b.published.is_none(), b.published, &b.doc_id))
    });
    let central = members.iter().enumerate().max_by(|(i, a), (j, b)| {
        let key = |m: &Member| (m.has_title, m.vector.as_ref().map_or(-1.0, |v| s.centroid.cosine(v)));
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(j.cmp(i))
    });
    let title = central.map(|(_, m)| m.headline.clone()).unwrap_or_default();
    let mut outlets: Vec<String> = Vec::new();
    for m in &members {
        if !outlets.contains(&m.outlet) {
            outlets.push(m.outlet.clone());
        }
    }
    Story {
        id: s.id,
        title,
        first_seen: members.iter().filter_map(|m| m.published).min(),
        last_seen: members.iter().filter_map(|m| m.published).max(),
        articles: members.into_iter().map(|m| m.doc_id).collect(),
        outlets,
        merged: s.merged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use storyweave_model::Article;

    fn features(id: &str, day: i64, title: &str, body: &str, config: &ClusterConfig) -> Features {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).and_then(|d| d.and_hms_opt(9, 0, 0)).unwrap();
        let a = Article {
            title: Some(title.into()),
            published: Some(start + chrono::Duration::days(day)),
            ..Article::from_paragraphs(id, vec![body.into()])
        };
        Features::of(&a, config)
    }

    #[test]
    fn idle_stories_retire_so_memory_follows_the_window() {
        let config = ClusterConfig::default();
        let mut c = Clusterer::new(config.clone());
        let mut retired = 0;
        let mut most_active = 0;
        for day in 0..120 {
            for k in 0..3 {
                // One story a day, made of words no other day uses.
                let w = |n: usize| format!("w{day}x{n}");
                let body = format!("{} {} {} {} reported {} {}.", w(1), w(2), w(3), w(4), w(5), w(k + 6));
                c.push(
                    features(&format!("d{day}-{k}"), day, &format!("{} {}", w(1), w(2)), &body, &config),
                    None,
                );
            }
            retired += c.take_retired().iter().map(|s| s.articles.len()).sum::<usize>();
            most_active = most_active.max(c.active_stories());
        }
        let window = config.active_days as usize;
        assert!(most_active <= window + 3, "{most_active} active stories");
        assert!(c.active_articles() <= 3 * (window + 3));
        assert!(c.df.terms() < 120 * 8, "document frequencies follow the window: {}", c.df.terms());
        let (rest, _) = c.finish();
        assert_eq!(retired + rest.iter().map(|s| s.articles.len()).sum::<usize>(), 360);
        assert_eq!(rest.len() + retired / 3, 120, "one story a day");
    }

    #[test]
    fn converged_stories_merge_into_the_older_and_the_merge_is_recorded() {
        // A threshold no article meets keeps each in its own story; the merge pass joins them.
        let config = ClusterConfig { threshold: 2.0, merge_threshold: 0.3, ..ClusterConfig::default() };
        let texts = [
            ("a", 0, "Sarrow flood", "The Sarrow river flooded Millbridge and residents fled the flood."),
            ("b", 1, "Millbridge flood", "Residents of Millbridge fled as the Sarrow flood rose."),
            ("c", 1, "Harbour strike", "Dock workers in Samsen walked out over pay at the harbour."),
        ];
        let mut df = DocFreq::default();
        let fs: Vec<Features> = texts.iter().map(|t| features(t.0, t.1, t.2, t.3, &config)).collect();
        for f in &fs {
            df.add(f);
        }
        let mut c = Clusterer::batch(config, df);
        let ids: Vec<StoryId> = fs.into_iter().map(|f| c.push(f, None).story).collect();
        assert_eq!(ids, ["sa", "sb", "sc"]);
        c.merge_pass();
        assert_eq!(c.merges(), [Merge { into: "sa".into(), from: "sb".into(), by: None }]);
        let (stories, _) = c.finish();
        let flood = stories.iter().find(|s| s.id == "sa").unwrap();
        assert_eq!(flood.articles, ["a", "b"]);
        assert_eq!(flood.merged, ["sb"]);
        assert!(stories.iter().any(|s| s.id == "sc" && s.articles == ["c"]));
    }

    #[test]
    fn a_copy_joins_its_original_whatever_its_words() {
        let config = ClusterConfig::default();
        let mut c = Clusterer::new(config.clone());
        let a =
            c.push(features("a", 0, "Harbour strike", "Dock workers in Samsen walked out.", &config), None);
        let b = c.push(features("b", 1, "Gardening", "Completely different words.", &config), Some("a"));
        assert!(a.new_story && !b.new_story);
        assert_eq!(a.story, b.story);
    }

    #[test]
    fn the_index_finds_what_a_scan_finds() {
        let indexed = ClusterConfig::default();
        let scan = ClusterConfig { candidate_terms: 0, ..ClusterConfig::default() };
        let mut runs = Vec::new();
        for config in [indexed, scan] {
            let mut c = Clusterer::new(config.clone());
            let mut got = Vec::new();
            for (i, (t, b)) in [
                ("Velmora earthquake", "A magnitude 6.1 earthquake struck Velmora province, killing 12."),
                ("Samsen strike", "Dock workers in Samsen ended their strike after a pay deal."),
                ("Velmora quake toll rises", "Rescuers in Velmora said the earthquake toll rose to 14."),
                ("Samsen docks reopen", "The Samsen docks reopened after the strike deal with workers."),
            ]
            .iter()
            .enumerate()
            {
                got.push(c.push(features(&format!("d{i}"), 0, t, b, &config), None).story);
            }
            runs.push(got);
        }
        assert_eq!(runs[0], runs[1]);
        assert_eq!(runs[0], ["sd0", "sd1", "sd0", "sd1"]);
    }

    fn undated(id: &str, body: &str, config: &ClusterConfig) -> Features {
        Features::of(&Article::from_paragraphs(id, vec![body.into()]), config)
    }

    /// A story told by rescuers, and a stray article (`x`) that fits none of its members well on
    /// arrival but shares words with each: it fits the story once the story has grown.
    fn stray(place: &str, config: &ClusterConfig) -> (Clusterer, Vec<Assignment>) {
        let x = format!(
            "Governor Anika Sole of {place} thanked volunteers and donors, and promised to rebuild the school, the hospital and the market."
        );
        let mut c = Clusterer::new(config.clone());
        let pushed = [
            (
                "a",
                "Rescuers in Velmora dug through the collapsed school after the earthquake, rescuers said.",
            ),
            ("x", x.as_str()),
            (
                "b",
                "Rescuers in Velmora dug through the collapsed hospital after the earthquake, rescuers said.",
            ),
            ("c", "Rescuers in Velmora dug through the collapsed market after the earthquake."),
        ]
        .into_iter()
        .map(|(id, text)| c.push(undated(id, text, config), None))
        .collect();
        (c, pushed)
    }

    #[test]
    fn a_stray_article_joins_the_story_that_grew_to_fit_it_at_its_last_look() {
        // A bar the stray does not meet against the first article alone; merges of whole stories
        // kept out of the way.
        let config = ClusterConfig {
            threshold: 0.3,
            full_length: 1.0,
            merge_threshold: 0.9,
            ..ClusterConfig::default()
        };
        let (c, pushed) = stray("Velmora", &config);
        assert!(pushed[1].new_story && pushed[2].story == "sa" && pushed[3].story == "sa", "{pushed:?}");
        let (stories, merges) = c.finish();
        assert_eq!(stories.len(), 1, "{stories:#?}");
        assert_eq!(stories[0].articles, ["a", "b", "c", "x"]);
        assert_eq!(stories[0].merged, ["sx"]);
        assert_eq!(merges, [Merge { into: "sa".into(), from: "sx".into(), by: None }]);
        // Without the last look it stays on its own.
        let (c, _) = stray("Velmora", &ClusterConfig { fragment_size: 0, ..config });
        assert_eq!(c.finish().0.len(), 2);
    }

    #[test]
    fn a_stray_article_from_another_place_stays_apart_though_its_words_fit() {
        // A bar so low that the words alone would do: the stray shares no name with the story.
        let config = ClusterConfig {
            threshold: 0.05,
            full_length: 1.0,
            merge_threshold: 0.9,
            ..ClusterConfig::default()
        };
        let (c, pushed) = stray("Port Tarrin", &config);
        assert!(pushed[1].new_story, "{pushed:?}");
        let (sim, bar) = c.pair_similarity(0, 1, true).unwrap();
        assert!(sim >= bar, "{sim} < {bar}: the test shows nothing");
        let (stories, merges) = c.finish();
        assert_eq!(stories.len(), 2, "{stories:#?}");
        assert!(merges.is_empty());
    }
}
