//! The dedup stage's persistent index: each checked article's verdict, the sketches and LSH keys
//! of the originals, and the copy links, so an arriving article is checked against everything
//! stored through key lookups (no scan), and the index survives restarts.
//!
//! The keys are kept as a log-structured merge tree. An original's keys are written once, as one
//! blob beside its sketch (an append), and kept in memory in [`Recent`]. When [`FLUSH_AT`]
//! originals have gathered there, their keys are flushed, sorted, into a new run: an immutable
//! key-ordered table `dedup_run_<id>` listed in `dedup_runs`. Runs are tiered by the originals
//! they hold: when [`FANOUT`] runs share a tier they are merged, in one streaming pass over
//! their key orders, into one run of the next tier. Every key is thus rewritten about
//! `log_FANOUT(n / FLUSH_AT)` times and each write appends to a fresh table, so filling costs
//! O(n log n), where merging everything into one B-tree rewrote the whole index every time.
//!
//! Flushes and merges are built a bounded step at a time: each check writes at most
//! [`BUILD_PER_ARTICLE`] entries per article to the run under construction, so no single call
//! stalls on a flush or merge of millions of keys. The run being built is listed with its
//! cursor (the last entry written) and is not looked up; its sources (the memory part up to a
//! given original, or the merged runs) are looked up until the step that completes it replaces
//! them, in one transaction. Each step is a transaction of its own, run before the batch being
//! checked: a crash loses at most that step, and whoever opens the store next continues the
//! build from its cursor (first re-reading the entries written so far into the run's filter,
//! which is built in memory alongside).
//!
//! A lookup asks the memory first, then each complete run, whose split-block Bloom filter (see
//! [`filter`], stored with the run and held in memory) lets it read the run's table only for the
//! keys the run may hold: with a few runs, a handful of B-tree probes per article. Like the batch
//! index, a lookup passes over a key held by more than [`MAX_POSTINGS`] originals (reading its
//! thousands of postings and their sketches was the slow tail of the check) and reads the
//! sketches of only the [`MAX_CANDIDATES`] originals sharing the most keys with the article:
//! every check reads a bounded number of postings and sketches.
//!
//! The memory part is rebuilt from the unflushed originals and the runs' filters when a store is
//! first used, and brought up to date at the start of every check (another process may have
//! added, flushed or merged: `dedup_meta.merges` counts the completed flushes and merges).
//!
//! The store only keeps what the dedup stage decides; [`storyweave_dedup::check`] decides it,
//! with the store as its [`OriginalIndex`].

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

use rusqlite::{params, OptionalExtension};
use storyweave_dedup::{
    best_shared, check_into, Candidate, DedupConfig, OriginalIndex, Prepared, Sketch, VerdictIndex,
};
pub use storyweave_dedup::{MAX_CANDIDATES, MAX_POSTINGS};
use storyweave_model::{Article, CopyLink, DedupReport};

use crate::{to_json, Store, StoreError};

mod filter;

use filter::Filter;

/// Unflushed originals at which their keys are flushed into a new run (97 keys each with the
/// default configuration: a few hundred MB of memory at most, the keys being held both hashed
/// for lookups and in sorted chunks for the flush).
pub const FLUSH_AT: usize = 50_000;

/// Runs of one tier merged together: a run of tier `t` holds at least `FLUSH_AT * FANOUT^t`
/// originals, and at most `FANOUT - 1` runs of each tier stay unmerged.
pub const FANOUT: usize = 4;

/// Run entries written (or re-read) per checked article. Filling rewrites each of an original's
/// 97 keys once per flush and merge level (three levels at a million articles), so this keeps
/// builds well ahead of the articles while bounding a batch of 256 to a fraction of a second.
pub const BUILD_PER_ARTICLE: usize = 1024;

/// Entries of the run under construction read back into its filter in the time of one written.
const CATCH_UP: usize = 8;

/// No next entry in a chain.
const END: u32 = u32::MAX;

/// The in-memory part of the index: the unflushed keys, every complete run's filter, and the
/// run under construction.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// `dedup_meta.merges` when this was loaded; another value means it is stale.
    generation: Option<i64>,
    recent: Recent,
    /// The complete runs, oldest first.
    runs: Vec<Run>,
    build: Option<Build>,
}

/// One stored run: its table is `dedup_run_<id>`.
#[derive(Debug)]
struct Run {
    id: i64,
    originals: i64,
    /// `None` until the filter is built (a run migrated from schema version 2): every key is
    /// looked up in its table.
    filter: Option<(i64, Filter)>,
}

/// What this process holds of the run under construction: the filter of the entries written
/// up to `filtered`.
#[derive(Debug)]
struct Build {
    target: i64,
    filter: Filter,
    entries: i64,
    filtered: Option<(i64, i64)>,
    /// A flush's entries in sorted chunks, once this process has gathered them.
    sorted: Option<Vec<Vec<(i64, i64)>>>,
}

/// The run under construction, as stored.
#[derive(Debug)]
struct Building {
    target: i64,
    /// The filter's capacity.
    capacity: i64,
    /// A flush: the last original it takes (`dedup_recent.n`); `None` for a merge.
    upto: Option<i64>,
    /// The last entry written.
    done: Option<(i64, i64)>,
}

/// The keys of the originals not flushed yet: key -> articles (`articles.seq`), each key's
/// articles chained through one entry array rather than a vector per key.
#[derive(Debug, Default)]
pub(crate) struct Recent {
    /// The highest `dedup_recent.n` loaded or recorded.
    last: i64,
    /// (`dedup_recent.n`, article) of each original, in the order recorded.
    order: Vec<(i64, i64)>,
    originals: usize,
    heads: HashMap<u64, u32>,
    /// (article, next entry of the same key)
    entries: Vec<(i64, u32)>,
    /// (key, article) of every entry again, as SQLite orders them (keys as signed integers):
    /// sorted a chunk at a time as they arrive, so a flush merges the chunks instead of
    /// sorting millions of entries in one call.
    chunks: Vec<Vec<(i64, i64)>>,
    /// The entries since the last chunk, in arrival order.
    pending: Vec<(i64, i64)>,
}

/// Entries per sorted chunk of [`Recent`] (some 700 originals; one in tests, so that flushes
/// merge several).
const SORT_CHUNK: usize = if cfg!(test) { 64 } else { 1 << 16 };

impl Recent {
    fn add(&mut self, n: i64, article: i64, keys: impl Iterator<Item = u64>) {
        for key in keys {
            let entry = self.entries.len() as u32;
            let next = self.heads.insert(key, entry).unwrap_or(END);
            self.entries.push((article, next));
            self.pending.push((key as i64, article));
        }
        if self.pending.len() >= SORT_CHUNK {
            self.seal();
        }
        self.originals += 1;
        self.last = self.last.max(n);
        self.order.push((n, article));
    }

    /// Push the articles holding `key`, at most `limit` of them.
    fn lookup(&self, key: u64, limit: usize, out: &mut Vec<i64>) {
        let mut at = self.heads.get(&key).copied().unwrap_or(END);
        let mut n = 0;
        while at != END && n < limit {
            let (article, next) = self.entries[at as usize];
            out.push(article);
            at = next;
            n += 1;
        }
    }

    /// Sort the pending entries into a chunk.
    fn seal(&mut self) {
        if !self.pending.is_empty() {
            let mut chunk = std::mem::take(&mut self.pending);
            chunk.sort_unstable();
            self.chunks.push(chunk);
        }
    }

    /// The entries of the originals recorded up to `upto` (`dedup_recent.n`), as sorted chunks:
    /// taken over when they are all there are (a flush just started; lookups go through
    /// `heads`), copied otherwise.
    fn sorted_chunks(&mut self, upto: i64) -> Vec<Vec<(i64, i64)>> {
        self.seal();
        if self.last <= upto {
            return std::mem::take(&mut self.chunks);
        }
        let later: HashSet<i64> = self.order.iter().filter(|&&(n, _)| n > upto).map(|&(_, a)| a).collect();
        let keep = |&(_, article): &(i64, i64)| !later.contains(&article);
        self.chunks.iter().map(|c| c.iter().copied().filter(keep).collect()).collect()
    }
}

/// The tier of a run holding `originals`: 0 below `flush_at * FANOUT`.
fn tier(originals: i64, flush_at: usize) -> u32 {
    let mut tier = 0;
    let mut bound = (flush_at.max(1) * FANOUT) as i64;
    while originals >= bound {
        tier += 1;
        bound = bound.saturating_mul(FANOUT as i64);
    }
    tier
}

impl Index {
    /// The oldest [`FANOUT`] complete runs of the lowest tier that has as many.
    fn due_merge(&self, flush_at: usize) -> Option<Vec<i64>> {
        let mut tiers: BTreeMap<u32, Vec<i64>> = BTreeMap::new();
        for run in &self.runs {
            tiers.entry(tier(run.originals, flush_at)).or_default().push(run.id);
        }
        tiers.into_values().find(|ids| ids.len() >= FANOUT).map(|ids| ids[..FANOUT].to_vec())
    }

    /// Whether a flush or merge is due (none being under way).
    fn build_due(&self, flush_at: usize) -> bool {
        self.recent.originals >= flush_at || self.due_merge(flush_at).is_some()
    }
}

fn run_table(id: i64) -> String {
    format!("dedup_run_{id}")
}

fn keys_bytes(keys: &[u64]) -> Vec<u8> {
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

fn keys_from(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    bytes.chunks_exact(8).map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
}

/// The scan of a run's table in key order after `after` (from the start when `None`).
fn scan_sql(table: &str, after: Option<(i64, i64)>) -> String {
    let from = if after.is_some() { "WHERE (key, article) > (?1, ?2)" } else { "" };
    format!("SELECT key, article FROM {table} {from} ORDER BY key, article")
}

fn scan_params(after: Option<(i64, i64)>) -> Vec<i64> {
    after.map(|(k, a)| vec![k, a]).unwrap_or_default()
}

impl Store {
    /// Stored articles the dedup stage has not checked yet, in the order they were stored.
    pub fn unchecked_articles(&self) -> Result<Vec<Article>, StoreError> {
        self.records(
            "SELECT a.doc_id, a.data FROM articles a
             WHERE NOT EXISTS (SELECT 1 FROM dedup_checked c WHERE c.article = a.seq)
             ORDER BY a.seq",
            [],
            "article",
        )
    }

    /// Check each of `articles` against the dedup index, originals first, and record every
    /// verdict, in one transaction (a verdict is visible to the next article's check before the
    /// commit). On error nothing of the batch is recorded, and the articles stay unchecked.
    /// First the flush or merge under way (or due) advances by a bounded step, in a transaction
    /// of its own.
    pub fn check_copies(
        &mut self,
        articles: &[&Article],
        config: &DedupConfig,
    ) -> Result<Vec<CopyLink>, StoreError> {
        self.maintain_dedup_index(articles.len())?;
        self.in_write_transaction(|store| {
            store.load_dedup_index()?;
            check_into(articles, store, config)
        })
    }

    /// Bring the in-memory part of the dedup index up to date with the store: the unflushed
    /// keys and the runs' filters. [`Store::check_copies`] does it itself; a caller of
    /// [`storyweave_dedup::check`] with the store as its index does it first.
    pub fn load_dedup_index(&mut self) -> Result<(), StoreError> {
        let generation: i64 = self.conn.query_row("SELECT merges FROM dedup_meta", [], |r| r.get(0))?;
        if self.dedup.generation != Some(generation) {
            // Runs never change and their ids are never reused: loaded filters are kept.
            let mut loaded: HashMap<i64, Run> = self.dedup.runs.drain(..).map(|r| (r.id, r)).collect();
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, originals FROM dedup_runs WHERE building = 0 ORDER BY id")?;
            let listed = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
            let listed = listed.collect::<Result<Vec<_>, _>>()?;
            let mut runs = Vec::with_capacity(listed.len());
            for (id, originals) in listed {
                let filter = match loaded.remove(&id).and_then(|r| r.filter) {
                    Some(filter) => Some(filter),
                    None => self.load_filter(id)?,
                };
                runs.push(Run { id, originals, filter });
            }
            let build = self.dedup.build.take();
            self.dedup = Index { generation: Some(generation), recent: Recent::default(), runs, build };
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.n, r.article, o.keys FROM dedup_recent r JOIN dedup_originals o ON o.article = r.article
             WHERE r.n > ?1 ORDER BY r.n",
        )?;
        let rows = stmt.query_map([self.dedup.recent.last], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Vec<u8>>(2)?))
        })?;
        for row in rows {
            let (n, article, keys) = row?;
            self.dedup.recent.add(n, article, keys_from(&keys));
        }
        Ok(())
    }

    /// A run's entry count and filter, `None` when it has none yet.
    fn load_filter(&self, id: i64) -> Result<Option<(i64, Filter)>, StoreError> {
        let row: Option<(Option<i64>, Option<Vec<u8>>)> = self
            .conn
            .prepare_cached("SELECT entries, filter FROM dedup_runs WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((Some(entries), Some(bytes))) = row else { return Ok(None) };
        let filter = Filter::from_bytes(&bytes).ok_or_else(|| {
            StoreError::Invalid(format!("dedup run {id}: a filter of {} bytes", bytes.len()))
        })?;
        Ok(Some((entries, filter)))
    }

    /// The run under construction, if any.
    fn building(&self) -> Result<Option<Building>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, entries, upto, done_key, done_article FROM dedup_runs WHERE building = 1",
            )?
            .query_row([], |r| {
                let done = match (r.get::<_, Option<i64>>(3)?, r.get::<_, Option<i64>>(4)?) {
                    (Some(key), Some(article)) => Some((key, article)),
                    _ => None,
                };
                Ok(Building { target: r.get(0)?, capacity: r.get(1)?, upto: r.get(2)?, done })
            })
            .optional()?;
        Ok(row)
    }

    /// Build the filters migrated runs lack, then advance the flush or merge under way (or
    /// start the one due) by at most `articles * build_per_article` entries, one transaction
    /// per step.
    fn maintain_dedup_index(&mut self, articles: usize) -> Result<(), StoreError> {
        let mut budget = articles.max(1) * self.build_per_article.max(1);
        loop {
            self.load_dedup_index()?;
            if let Some(id) = self.dedup.runs.iter().find(|r| r.filter.is_none()).map(|r| r.id) {
                // Decided again under the write lock: another process may have done it meanwhile.
                self.in_write_transaction(|store| {
                    store.load_dedup_index()?;
                    match store.dedup.runs.iter().any(|r| r.id == id && r.filter.is_none()) {
                        true => store.build_filter(id),
                        false => Ok(()),
                    }
                })?;
                continue;
            }
            if budget == 0 || (self.building()?.is_none() && !self.dedup.build_due(self.flush_at)) {
                return Ok(());
            }
            let used = self.in_write_transaction(|store| {
                store.load_dedup_index()?;
                store.build_step(budget)
            })?;
            match used {
                Some(used) => budget = budget.saturating_sub(used),
                None => return Ok(()),
            }
        }
    }

    /// Run `f` in an immediate transaction; on error roll back and drop the in-memory index,
    /// which may hold rolled-back state (it is rebuilt at the next check).
    fn in_write_transaction<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let result = f(self);
        match result.and_then(|value| Ok(self.conn.execute_batch("COMMIT").map(|()| value)?)) {
            Ok(value) => Ok(value),
            Err(e) => {
                // The error to report is the first one; a failed rollback leaves SQLite to roll
                // back when the connection closes.
                let _ = self.conn.execute_batch("ROLLBACK");
                self.dedup = Index::default();
                Err(e)
            }
        }
    }

    /// Count `dedup_meta.merges` up, and the memory part with it (the write lock is held, and
    /// the memory part was brought up to date under it).
    fn bump_generation(&mut self) -> Result<(), StoreError> {
        self.conn.execute("UPDATE dedup_meta SET merges = merges + 1", [])?;
        self.dedup.generation = self.dedup.generation.map(|g| g + 1);
        Ok(())
    }

    /// Register a new run under construction and create its table; its id.
    fn new_run(&self, originals: i64, capacity: i64, upto: Option<i64>) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO dedup_runs (originals, entries, upto, building) VALUES (?1, ?2, ?3, 1)",
            params![originals, capacity, upto],
        )?;
        let id = self.conn.last_insert_rowid();
        self.conn.execute_batch(&format!(
            "CREATE TABLE {} (
                key     INTEGER NOT NULL,
                article INTEGER NOT NULL,
                PRIMARY KEY (key, article)
            ) WITHOUT ROWID",
            run_table(id)
        ))?;
        Ok(id)
    }

    fn set_filter(&self, id: i64, entries: i64, filter: &Filter) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE dedup_runs SET entries = ?1, filter = ?2 WHERE id = ?3",
            params![entries, filter.to_bytes(), id],
        )?;
        Ok(())
    }

    /// Start the flush or merge due, if any (the write lock is held).
    fn start_build(&mut self) -> Result<Option<Building>, StoreError> {
        if self.dedup.recent.originals >= self.flush_at {
            let recent = &mut self.dedup.recent;
            let (upto, originals) = (recent.last, recent.originals as i64);
            let sorted = recent.sorted_chunks(upto);
            let capacity: i64 = sorted.iter().map(|c| c.len() as i64).sum();
            let target = self.new_run(originals, capacity, Some(upto))?;
            self.dedup.build = Some(Build {
                target,
                filter: Filter::with_capacity(capacity as usize),
                entries: 0,
                filtered: None,
                sorted: Some(sorted),
            });
            return Ok(Some(Building { target, capacity, upto: Some(upto), done: None }));
        }
        let Some(ids) = self.dedup.due_merge(self.flush_at) else { return Ok(None) };
        let inputs = self.dedup.runs.iter().filter(|r| ids.contains(&r.id));
        let originals: i64 = inputs.clone().map(|r| r.originals).sum();
        let capacity: i64 = inputs.map(|r| r.filter.as_ref().map_or(0, |f| f.0)).sum();
        let target = self.new_run(originals, capacity, None)?;
        for &id in &ids {
            self.conn.execute("UPDATE dedup_runs SET into_run = ?1 WHERE id = ?2", [target, id])?;
        }
        Ok(Some(Building { target, capacity, upto: None, done: None }))
    }

    /// Advance the run under construction (started first if due) by at most `budget` entries
    /// written or re-read, completing it when its sources are exhausted; the entries used (at
    /// least 1), `None` when nothing is due. The write lock is held.
    fn build_step(&mut self, budget: usize) -> Result<Option<usize>, StoreError> {
        let building = match self.building()? {
            Some(building) => building,
            None => match self.start_build()? {
                Some(building) => building,
                None => return Ok(None),
            },
        };
        let target = building.target;
        let table = run_table(target);
        if self.dedup.build.as_ref().map(|b| b.target) != Some(target) {
            let saved = self.saved_build(&building)?;
            self.dedup.build = Some(saved);
        }
        // The entries written by another process, or before a crash, go into the filter first:
        // read, not written, so [`CATCH_UP`] of them count as one.
        let mut read = 0;
        if self.dedup.build.as_ref().is_some_and(|b| b.filtered < building.done) {
            let build = self.dedup.build.as_mut().expect("set above");
            let mut scan = self.conn.prepare_cached(&scan_sql(&table, build.filtered))?;
            let mut rows = scan.query(rusqlite::params_from_iter(scan_params(build.filtered)))?;
            while read < budget * CATCH_UP && build.filtered < building.done {
                let Some(row) = rows.next()? else { break };
                let entry: (i64, i64) = (row.get(0)?, row.get(1)?);
                build.filter.insert(entry.0 as u64);
                build.entries += 1;
                build.filtered = Some(entry);
                read += 1;
            }
            if build.filtered < building.done {
                return Ok(Some(budget));
            }
        }
        let mut used = read / CATCH_UP;
        let want = budget.saturating_sub(used);
        let chunk = match building.upto {
            Some(upto) => self.flush_chunk(upto, building.done, want),
            None => self.merge_chunk(target, building.done, want)?,
        };
        let exhausted = chunk.len() < want;
        let build = self.dedup.build.as_mut().expect("set above");
        if let Some(&last) = chunk.last() {
            let mut insert =
                self.conn.prepare_cached(&format!("INSERT INTO {table} (key, article) VALUES (?1, ?2)"))?;
            for &(key, article) in &chunk {
                insert.execute([key, article])?;
                build.filter.insert(key as u64);
            }
            build.entries += chunk.len() as i64;
            build.filtered = Some(last);
            self.conn.execute(
                "UPDATE dedup_runs SET done_key = ?1, done_article = ?2 WHERE id = ?3",
                [last.0, last.1, target],
            )?;
        }
        used += chunk.len();
        if exhausted {
            self.complete_build(&building)?;
        }
        Ok(Some(used.max(1)))
    }

    /// What this process holds of the run under construction when it takes it up: the partial
    /// filter saved when a store was last closed, or an empty one.
    fn saved_build(&self, building: &Building) -> Result<Build, StoreError> {
        let target = building.target;
        let row: (Option<Vec<u8>>, Option<i64>, Option<i64>, Option<i64>) = self
            .conn
            .prepare_cached(
                "SELECT filter, filter_key, filter_article, filter_entries FROM dedup_runs WHERE id = ?1",
            )?
            .query_row([target], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        let empty = || Build {
            target,
            filter: Filter::with_capacity(building.capacity.max(0) as usize),
            entries: 0,
            filtered: None,
            sorted: None,
        };
        let (Some(bytes), Some(key), Some(article), Some(entries)) = row else { return Ok(empty()) };
        let filter = Filter::from_bytes(&bytes).ok_or_else(|| {
            StoreError::Invalid(format!("dedup run {target}: a partial filter of {} bytes", bytes.len()))
        })?;
        Ok(Build { target, filter, entries, filtered: Some((key, article)), sorted: None })
    }

    /// Save the filter of the run under construction, so that whoever continues the build need
    /// not read back what was written (called when the store is closed).
    pub(crate) fn save_dedup_build(&mut self) -> Result<(), StoreError> {
        let Some(build) = self.dedup.build.as_ref() else { return Ok(()) };
        let Some((key, article)) = build.filtered else { return Ok(()) };
        self.conn.execute(
            "UPDATE dedup_runs SET filter = ?1, filter_key = ?2, filter_article = ?3, filter_entries = ?4
             WHERE id = ?5 AND building = 1",
            params![build.filter.to_bytes(), key, article, build.entries, build.target],
        )?;
        Ok(())
    }

    /// The next entries of the flush of the originals up to `upto`: at most `want` after `done`,
    /// merged from the sorted chunks.
    fn flush_chunk(&mut self, upto: i64, done: Option<(i64, i64)>, want: usize) -> Vec<(i64, i64)> {
        let build = self.dedup.build.as_mut().expect("a build under way");
        let chunks = build.sorted.get_or_insert_with(|| self.dedup.recent.sorted_chunks(upto));
        let mut at: Vec<usize> = chunks.iter().map(|c| c.partition_point(|&e| Some(e) <= done)).collect();
        let mut heap: BinaryHeap<Reverse<((i64, i64), usize)>> = chunks
            .iter()
            .zip(&at)
            .enumerate()
            .filter_map(|(i, (c, &a))| c.get(a).map(|&e| Reverse((e, i))))
            .collect();
        let mut out = Vec::with_capacity(want.min(1 << 20));
        while out.len() < want {
            let Some(Reverse((entry, i))) = heap.pop() else { break };
            if out.last() != Some(&entry) {
                out.push(entry);
            }
            at[i] += 1;
            if let Some(&next) = chunks[i].get(at[i]) {
                heap.push(Reverse((next, i)));
            }
        }
        out
    }

    /// The next entries of the merge into `target`: at most `want` after `done`, in one pass
    /// over the inputs' key orders (an entry held twice is written once).
    fn merge_chunk(
        &self,
        target: i64,
        done: Option<(i64, i64)>,
        want: usize,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let inputs = self.merge_inputs(target)?;
        let mut scans = inputs
            .iter()
            .map(|&i| self.conn.prepare_cached(&scan_sql(&run_table(i), done)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut rows = scans
            .iter_mut()
            .map(|s| s.query(rusqlite::params_from_iter(scan_params(done))))
            .collect::<Result<Vec<_>, _>>()?;
        let mut heap = BinaryHeap::with_capacity(rows.len());
        for (i, r) in rows.iter_mut().enumerate() {
            if let Some(row) = r.next()? {
                heap.push(Reverse((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?, i)));
            }
        }
        let mut out: Vec<(i64, i64)> = Vec::with_capacity(want.min(1 << 20));
        while out.len() < want {
            let Some(Reverse((key, article, i))) = heap.pop() else { break };
            if out.last() != Some(&(key, article)) {
                out.push((key, article));
            }
            if let Some(row) = rows[i].next()? {
                heap.push(Reverse((row.get(0)?, row.get(1)?, i)));
            }
        }
        Ok(out)
    }

    /// The runs being merged into `target`, oldest first.
    fn merge_inputs(&self, target: i64) -> Result<Vec<i64>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id FROM dedup_runs WHERE into_run = ?1 ORDER BY id")?;
        let ids = stmt.query_map([target], |r| r.get::<_, i64>(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// Make the run under construction a complete one, in place of its sources.
    fn complete_build(&mut self, building: &Building) -> Result<(), StoreError> {
        let target = building.target;
        let build = self.dedup.build.take().expect("a build under way");
        self.set_filter(target, build.entries, &build.filter)?;
        self.conn.execute(
            "UPDATE dedup_runs SET building = 0, upto = NULL, done_key = NULL, done_article = NULL,
                 filter_key = NULL, filter_article = NULL, filter_entries = NULL
             WHERE id = ?1",
            [target],
        )?;
        let originals: i64 =
            self.conn.query_row("SELECT originals FROM dedup_runs WHERE id = ?1", [target], |r| r.get(0))?;
        self.dedup.runs.push(Run { id: target, originals, filter: Some((build.entries, build.filter)) });
        self.bump_generation()?;
        match building.upto {
            Some(upto) => {
                self.conn.execute("DELETE FROM dedup_recent WHERE n <= ?1", [upto])?;
                // The memory part is read again: only the originals recorded during the flush.
                self.dedup.generation = None;
            }
            None => {
                let inputs = self.merge_inputs(target)?;
                for &old in &inputs {
                    self.drop_run(old)?;
                }
                self.dedup.runs.retain(|r| !inputs.contains(&r.id));
            }
        }
        Ok(())
    }

    fn drop_run(&self, id: i64) -> Result<(), StoreError> {
        self.conn.execute_batch(&format!("DROP TABLE {}", run_table(id)))?;
        self.conn.execute("DELETE FROM dedup_runs WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Build the filter of run `id` from its table; an empty run is dropped instead.
    fn build_filter(&mut self, id: i64) -> Result<(), StoreError> {
        let table = run_table(id);
        let entries: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        if entries == 0 {
            self.drop_run(id)?;
            self.dedup.runs.retain(|r| r.id != id);
        } else {
            let mut filter = Filter::with_capacity(entries as usize);
            {
                let mut scan = self.conn.prepare(&format!("SELECT key FROM {table}"))?;
                let keys = scan.query_map([], |r| r.get::<_, i64>(0))?;
                for key in keys {
                    filter.insert(key? as u64);
                }
            }
            self.set_filter(id, entries, &filter)?;
            if let Some(run) = self.dedup.runs.iter_mut().find(|r| r.id == id) {
                run.filter = Some((entries, filter));
            }
        }
        self.bump_generation()
    }

    /// The complete runs of the dedup index, oldest first: the originals and keys each holds
    /// (keys unknown until its filter is built).
    pub fn dedup_runs(&self) -> Result<Vec<(usize, Option<usize>)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT originals, entries FROM dedup_runs WHERE building = 0 ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)? as usize, r.get::<_, Option<i64>>(1)?.map(|n| n as usize)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Set the caps on the postings read per key and the candidates read per check (defaults
    /// [`MAX_POSTINGS`], [`MAX_CANDIDATES`]), to measure what they cost and save.
    pub fn set_dedup_caps(&mut self, max_postings: usize, max_candidates: usize) {
        self.max_postings = max_postings;
        self.max_candidates = max_candidates;
    }

    /// Whether a flush or merge is under way.
    pub fn dedup_building(&self) -> Result<bool, StoreError> {
        Ok(self.building()?.is_some())
    }

    /// Record that `article` is an original: its sketch and keys.
    pub fn record_original(
        &mut self,
        article: &str,
        sketch: &Sketch,
        keys: &[u64],
    ) -> Result<(), StoreError> {
        let tx = self.conn.savepoint()?;
        let seq = article_seq(&tx, article)?;
        tx.prepare_cached("INSERT INTO dedup_checked (article) VALUES (?1)")?
            .execute([seq])
            .map_err(|e| already_checked(e, article))?;
        tx.prepare_cached(
            "INSERT INTO dedup_originals (article, shingles, exact, signature, keys) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![seq, sketch.shingles, sketch.exact as i64, sketch.signature_bytes(), keys_bytes(keys)])?;
        tx.prepare_cached("INSERT INTO dedup_recent (article) VALUES (?1)")?.execute([seq])?;
        let n = tx.last_insert_rowid();
        tx.commit()?;
        self.dedup.recent.add(n, seq, keys.iter().copied());
        Ok(())
    }

    /// Record that `link.copy` copies `link.original`.
    pub fn record_copy(&mut self, link: &CopyLink) -> Result<(), StoreError> {
        let what = || format!("copy link {} -> {}", link.copy, link.original);
        let data = to_json(link, what)?;
        if !link.jaccard.is_finite() || !link.containment.is_finite() {
            return Err(StoreError::Invalid(format!("{}: similarity is not a number", what())));
        }
        let tx = self.conn.savepoint()?;
        let seq = article_seq(&tx, &link.copy)?;
        article_seq(&tx, &link.original)?;
        tx.prepare_cached("INSERT INTO dedup_checked (article) VALUES (?1)")?
            .execute([seq])
            .map_err(|e| already_checked(e, &link.copy))?;
        tx.prepare_cached("INSERT INTO copy_links (copy, original, kind, data) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![link.copy, link.original, crate::enum_name(&link.kind), data])?;
        tx.commit()?;
        Ok(())
    }

    /// Every copy link.
    pub fn copy_links(&self) -> Result<DedupReport, StoreError> {
        let links = self.records("SELECT copy, data FROM copy_links", [], "copy link of")?;
        Ok(DedupReport::new(links))
    }

    /// How many originals the dedup index holds.
    pub fn indexed_originals(&self) -> Result<usize, StoreError> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM dedup_originals", [], |r| r.get(0))?;
        Ok(n as usize)
    }
}

impl OriginalIndex for Store {
    type Error = StoreError;

    fn candidates(&self, keys: &[u64]) -> Result<Vec<Candidate>, StoreError> {
        let cap = self.max_postings;
        let mut found: Vec<i64> = Vec::new();
        for &key in keys {
            // One posting past the cap tells an over-full key, whose postings are then dropped.
            let start = found.len();
            self.dedup.recent.lookup(key, cap + 1, &mut found);
            for run in &self.dedup.runs {
                let room = (cap + 1).saturating_sub(found.len() - start);
                if room == 0 {
                    break;
                }
                if run.filter.as_ref().is_some_and(|(_, f)| !f.may_contain(key)) {
                    continue;
                }
                let mut lookup = self.conn.prepare_cached(&format!(
                    "SELECT article FROM {} WHERE key = ?1 LIMIT ?2",
                    run_table(run.id)
                ))?;
                for seq in lookup.query_map([key as i64, room as i64], |r| r.get::<_, i64>(0))? {
                    found.push(seq?);
                }
            }
            if found.len() - start > cap {
                found.truncate(start);
            }
        }
        let found = best_shared(found, self.max_candidates);
        let mut sketch = self.conn.prepare_cached(
            "SELECT a.doc_id, o.shingles, o.exact, o.signature
             FROM dedup_originals o JOIN articles a ON a.seq = o.article WHERE o.article = ?1",
        )?;
        let mut out = Vec::with_capacity(found.len());
        for seq in found {
            let row = sketch
                .query_row([seq], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, u32>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Vec<u8>>(3)?,
                    ))
                })
                .optional()?;
            let Some((id, shingles, exact, bytes)) = row else { continue };
            let sketch = Sketch::from_parts(shingles, &bytes, exact as u64).ok_or_else(|| {
                StoreError::Invalid(format!("dedup sketch of {id}: {} bytes is not a signature", bytes.len()))
            })?;
            out.push(Candidate { id, sketch });
        }
        Ok(out)
    }

    fn original(&self, id: &str, config: &DedupConfig) -> Result<Option<Cow<'_, Prepared<'_>>>, StoreError> {
        Ok(self.article(id)?.map(|a| Cow::Owned(Prepared::new(Cow::Owned(a), config))))
    }
}

impl VerdictIndex for Store {
    fn record_original(&mut self, id: &str, sketch: &Sketch, keys: &[u64]) -> Result<(), StoreError> {
        Store::record_original(self, id, sketch, keys)
    }

    fn record_copy(&mut self, link: &CopyLink) -> Result<(), StoreError> {
        Store::record_copy(self, link)
    }
}

fn article_seq(tx: &rusqlite::Savepoint<'_>, id: &str) -> Result<i64, StoreError> {
    tx.prepare_cached("SELECT seq FROM articles WHERE doc_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Dangling { what: "dedup record".into(), target: "article", id: id.into() })
}

fn already_checked(e: rusqlite::Error, id: &str) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            StoreError::Duplicate(format!("dedup record of article {id}"))
        }
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::doc;

    fn prepared(article: &Article) -> Prepared<'_> {
        Prepared::new(Cow::Borrowed(article), &DedupConfig::default())
    }

    /// Store `articles` one by one, each checked against the store's index as a stream does.
    fn ingest(store: &mut Store, articles: &[(storyweave_model::Document, Article)]) -> Vec<CopyLink> {
        let mut out = Vec::new();
        for (d, a) in articles {
            store.add(d, a).unwrap();
            out.extend(store.check_copies(&[a], &DedupConfig::default()).unwrap());
        }
        out
    }

    fn with_body(name: &str, day: &str, paragraphs: &[&str]) -> (storyweave_model::Document, Article) {
        let (d, mut a) = doc(name, "Outlet", day);
        a.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
        (d, a)
    }

    const STORY: &[&str] = &[
        "The river authority closed the northern lock on Monday after divers found cracks in the old gate.",
        "Barges carrying grain will wait at the southern basin until engineers decide whether the gate can hold.",
        "The authority said repairs could take three weeks and would cost about four million in emergency funds.",
        "Skippers' unions asked for compensation for every day their boats stand idle on the water.",
    ];

    #[test]
    fn a_copy_is_found_through_the_index_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let original = with_body("a.txt", "2026-03-02", STORY);
        let original_id = original.1.doc_id.clone();
        let other = with_body(
            "b.txt",
            "2026-03-02",
            &["A football club sold its stadium to a hotel group for an undisclosed sum on Sunday evening."],
        );
        {
            let mut store = Store::open(&path).unwrap();
            assert!(ingest(&mut store, &[original, other]).is_empty());
            assert_eq!(store.indexed_originals().unwrap(), 2);
        }
        let mut store = Store::open(&path).unwrap();
        let mut edited: Vec<String> = STORY.iter().map(|p| p.to_string()).collect();
        edited[0] = edited[0].replace("Monday", "Monday morning");
        edited.pop();
        let edited: Vec<&str> = edited.iter().map(String::as_str).collect();
        let copy = with_body("c.txt", "2026-03-03", &edited);
        let links = ingest(&mut store, &[copy]);
        let link = links.first().expect("the reprint is a copy");
        assert_eq!(link.original, original_id);
        assert_eq!(store.copy_links().unwrap().links.len(), 1);
        assert!(store.unchecked_articles().unwrap().is_empty());
        // A copy is not indexed: nothing can be linked to it.
        assert_eq!(store.indexed_originals().unwrap(), 2);
    }

    #[test]
    fn merged_keys_still_find_copies_across_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let story = |i: usize| -> Vec<String> { STORY.iter().map(|p| format!("{p} Report {i}.")).collect() };
        let article = |name: &str, day: &str, paragraphs: &[String]| {
            let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            with_body(name, day, &refs)
        };
        let first = article("a.txt", "2026-03-02", &story(1));
        let first_id = first.1.doc_id.clone();
        {
            let mut store = Store::open(&path).unwrap();
            store.flush_at = 2;
            // Unrelated articles: words of their own.
            let unrelated = |i: usize| -> Vec<String> {
                (0..4)
                    .map(|p| (0..20).map(|w| format!("w{i}x{}", p * 20 + w)).collect::<Vec<_>>().join(" "))
                    .collect()
            };
            let others: Vec<_> =
                (2..5).map(|i| article(&format!("{i}.txt"), "2026-03-02", &unrelated(i))).collect();
            assert!(ingest(&mut store, &[first]).is_empty());
            assert!(ingest(&mut store, &others).is_empty());
            let runs = store.dedup_runs().unwrap();
            assert!(runs.iter().any(|&(originals, keys)| originals > 0 && keys > Some(0)), "{runs:?}");
            assert!(store.dedup.recent.originals <= 2);
        }
        let mut store = Store::open(&path).unwrap();
        let mut copy = story(1);
        copy.pop();
        copy[0] = copy[0].replace("Monday", "Monday morning");
        let links = ingest(&mut store, &[article("c.txt", "2026-03-03", &copy)]);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].original, first_id);
    }

    /// Four paragraphs of words of their own, so every article is an original.
    fn unrelated(i: usize) -> (storyweave_model::Document, Article) {
        let paragraphs: Vec<String> = (0..4)
            .map(|p| (0..20).map(|w| format!("u{i}v{}", p * 20 + w)).collect::<Vec<_>>().join(" "))
            .collect();
        let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        with_body(&format!("u{i}.txt"), "2026-03-02", &refs)
    }

    /// The keys of every indexed original, read from `dedup_originals`.
    fn stored_keys(store: &Store) -> Vec<(String, Vec<u64>)> {
        let mut stmt = store
            .conn
            .prepare("SELECT a.doc_id, o.keys FROM dedup_originals o JOIN articles a ON a.seq = o.article")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))).unwrap();
        rows.map(|r| r.map(|(id, keys)| (id, keys_from(&keys).collect())).unwrap()).collect()
    }

    /// The index's candidates equal a scan of every original's keys, for each key alone and for
    /// probes made of several originals' keys.
    fn assert_index_equals_scan(store: &mut Store) {
        store.load_dedup_index().unwrap();
        let all = stored_keys(store);
        assert!(!all.is_empty());
        let mut probes: Vec<Vec<u64>> = Vec::new();
        for (i, (_, keys)) in all.iter().enumerate() {
            probes.extend(keys.iter().map(|&k| vec![k]));
            // This original's keys, half of another's and one key nobody has.
            let other = &all[(i * 7 + 3) % all.len()].1;
            let mut probe: Vec<u64> = keys.iter().chain(&other[..other.len() / 2]).copied().collect();
            probe.push(0x5eed_0000 + i as u64);
            probes.push(probe);
        }
        let mut holders: HashMap<u64, usize> = HashMap::new();
        for (_, keys) in &all {
            for &key in keys {
                *holders.entry(key).or_default() += 1;
            }
        }
        // Keys held by more originals than the cap are passed over.
        let telling = |key: &u64| holders.get(key).is_some_and(|&n| n <= store.max_postings);
        for probe in probes {
            let mut expected: Vec<&str> = all
                .iter()
                .filter(|(_, k)| k.iter().any(|key| probe.contains(key) && telling(key)))
                .map(|(id, _)| id.as_str())
                .collect();
            expected.sort_unstable();
            let found = store.candidates(&probe).unwrap();
            let mut found: Vec<&str> = found.iter().map(|c| c.id.as_str()).collect();
            found.sort_unstable();
            assert_eq!(found, expected, "probe {probe:x?}");
        }
    }

    /// The number of tables holding runs, listed or not.
    fn run_tables(store: &Store) -> usize {
        let n: i64 = store
            .conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name GLOB 'dedup_run_[0-9]*'", [], |r| {
                r.get(0)
            })
            .unwrap();
        n as usize
    }

    #[test]
    fn flushes_and_merges_across_reopening_agree_with_a_scan() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let articles: Vec<_> = (0..45).map(unrelated).collect();
        for (n, chunk) in articles.chunks(7).enumerate() {
            let mut store = Store::open(&path).unwrap();
            store.flush_at = 2;
            assert!(ingest(&mut store, chunk).is_empty(), "chunk {n}");
            assert_index_equals_scan(&mut store);
        }
        let mut store = Store::open(&path).unwrap();
        store.flush_at = 2;
        let runs = store.dedup_runs().unwrap();
        // 45 originals, flushed by twos: runs of tiers 0 (2 originals), 1 (8) and 2 (32), at
        // most three of each.
        assert!(runs.iter().any(|&(originals, _)| originals >= 32), "{runs:?}");
        assert!(runs.len() <= 3 * (FANOUT - 1), "{runs:?}");
        let flushed: usize = runs.iter().map(|r| r.0).sum();
        store.load_dedup_index().unwrap();
        assert_eq!(flushed + store.dedup.recent.originals, 45);
        assert_eq!(run_tables(&store), runs.len() + usize::from(store.dedup_building().unwrap()));
        let keys: usize = stored_keys(&store).iter().map(|(_, k)| k.len()).sum();
        let in_runs: usize = runs.iter().map(|r| r.1.unwrap()).sum();
        assert_eq!(in_runs + store.dedup.recent.entries.len(), keys);
        assert_index_equals_scan(&mut store);
    }

    #[test]
    fn builds_interrupted_by_reopening_agree_with_a_scan() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let open = || {
            let mut store = Store::open(&path).unwrap();
            store.flush_at = 2;
            store.build_per_article = 150;
            store
        };
        let (mut flushes, mut merges) = (0, 0);
        for (i, article) in (0..40).map(unrelated).enumerate() {
            // Reopened before every article: each build spans several stores.
            let mut store = open();
            if let Some(building) = store.building().unwrap() {
                match building.upto {
                    Some(_) => flushes += 1,
                    None => merges += 1,
                }
            }
            assert!(ingest(&mut store, &[article]).is_empty(), "article {i}");
            if i % 3 == 0 {
                assert_index_equals_scan(&mut store);
            }
            if i % 2 == 1 {
                // A crash: the partial filter is not saved, and the next store reads it back.
                std::mem::forget(store);
            }
        }
        assert!(flushes > 0 && merges > 0, "{flushes} flushes, {merges} merges interrupted");
        let mut store = open();
        assert_index_equals_scan(&mut store);
        // Checks with nothing new to index finish the builds under way.
        for _ in 0..1000 {
            if !store.dedup_building().unwrap() {
                break;
            }
            store.maintain_dedup_index(1).unwrap();
        }
        assert!(!store.dedup_building().unwrap());
        let runs = store.dedup_runs().unwrap();
        assert!(runs.iter().any(|&(originals, _)| originals >= 8), "{runs:?}");
        assert_eq!(run_tables(&store), runs.len());
        assert_index_equals_scan(&mut store);
    }

    #[test]
    fn an_older_article_recorded_during_a_flush_is_not_lost() {
        let mut store = Store::open_in_memory().unwrap();
        store.flush_at = 2;
        // A flush of two originals (194 entries) spans several checks.
        store.build_per_article = 50;
        let articles: Vec<_> = (0..6).map(unrelated).collect();
        for (d, a) in &articles {
            store.add(d, a).unwrap();
        }
        let config = DedupConfig::default();
        for i in [2, 3, 0, 1, 4, 5] {
            assert!(store.check_copies(&[&articles[i].1], &config).unwrap().is_empty());
            assert_index_equals_scan(&mut store);
        }
        assert!(store.dedup_runs().unwrap().iter().any(|&(originals, _)| originals == 2));
        // The first article, stored before the flushed ones but checked after the flush began,
        // is still looked up from memory.
        store.load_dedup_index().unwrap();
        assert!(store.dedup.recent.order.iter().any(|&(_, article)| article == 1));
    }

    #[test]
    fn an_over_full_key_is_passed_over_and_the_copy_is_still_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut store = Store::open(&path).unwrap();
        store.flush_at = 2;
        // A key held by two originals is over-full.
        store.max_postings = 1;
        // Three originals sharing three paragraphs, each with five of its own: too little of
        // each is shared for a copy, enough for band keys in common.
        let original = |i: usize| -> Vec<String> {
            let own = (0..5).map(|p| (0..20).map(|w| format!("o{i}p{p}w{w}")).collect::<Vec<_>>().join(" "));
            STORY[..3].iter().map(|p| p.to_string()).chain(own).collect()
        };
        let article = |name: &str, day: &str, paragraphs: &[String]| {
            let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            with_body(name, day, &refs)
        };
        let originals: Vec<_> =
            (0..3).map(|i| article(&format!("o{i}.txt"), "2026-03-02", &original(i))).collect();
        assert!(ingest(&mut store, &originals).is_empty());
        let mut copy = original(0);
        copy[4] = copy[4].replace("o0p1w3", "changed");
        let copy = article("copy.txt", "2026-03-03", &copy);
        let copy_keys = prepared(&copy.1).keys(&DedupConfig::default());
        let all = stored_keys(&store);
        let common: Vec<u64> = copy_keys
            .iter()
            .copied()
            .filter(|key| all.iter().filter(|(_, keys)| keys.contains(key)).count() >= 2)
            .collect();
        assert!(!common.is_empty(), "the copy has an over-full key");
        store.load_dedup_index().unwrap();
        assert!(store.candidates(&common).unwrap().is_empty());
        assert_index_equals_scan(&mut store);
        let links = ingest(&mut store, &[copy]);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].original, originals[0].1.doc_id);
    }

    #[test]
    fn a_failed_merge_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut store = Store::open(&path).unwrap();
        store.flush_at = 2;
        // Dropping merged runs fails, as a crash in the middle of a merge would.
        store
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER crash BEFORE DELETE ON dedup_runs WHEN OLD.originals > 0
                 BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
            )
            .unwrap();
        let articles: Vec<_> = (0..12).map(unrelated).collect();
        let mut failed = None;
        for (i, (d, a)) in articles.iter().enumerate() {
            store.add(d, a).unwrap();
            let before = store.dedup_runs().unwrap();
            if let Err(e) = store.check_copies(&[a], &DedupConfig::default()) {
                failed = Some((i, e, before));
                break;
            }
        }
        let (i, err, before) = failed.expect("a merge was due");
        assert!(err.to_string().contains("simulated failure"), "{err}");
        // Only the flush before the merge took effect; the article is unchecked.
        let after = store.dedup_runs().unwrap();
        assert_eq!(after.len(), before.len() + 1, "{before:?} {after:?}");
        assert_eq!(after[..before.len()], before[..]);
        assert_eq!(after.len(), FANOUT);
        assert_eq!(run_tables(&store), after.len());
        assert_eq!(store.unchecked_articles().unwrap().len(), 1);
        assert_index_equals_scan(&mut store);

        store.conn.execute_batch("DROP TRIGGER crash").unwrap();
        assert!(store.check_copies(&[&articles[i].1], &DedupConfig::default()).unwrap().is_empty());
        assert_eq!(store.dedup_runs().unwrap().len(), 1);
        assert!(store.unchecked_articles().unwrap().is_empty());
        drop(store);
        let mut store = Store::open(&path).unwrap();
        assert_index_equals_scan(&mut store);
    }

    #[test]
    fn a_store_of_schema_version_2_keeps_its_merged_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let config = DedupConfig::default();
        let story = |i: usize| -> Vec<String> { STORY.iter().map(|p| format!("{p} Report {i}.")).collect() };
        let originals: Vec<_> = (0..2)
            .map(|i| {
                let paragraphs = story(i);
                let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
                with_body(&format!("{i}.txt"), "2026-03-02", &refs)
            })
            .collect();
        {
            // The layout of version 2: the first original merged into `dedup_keys`, the second not.
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            for sql in &crate::schema::MIGRATIONS[..2] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 2).unwrap();
            conn.pragma_update(None, "application_id", crate::schema::APPLICATION_ID).unwrap();
            let tx = conn.transaction().unwrap();
            for (seq, (d, a)) in originals.iter().enumerate() {
                let seq = seq as i64 + 1;
                assert!(crate::insert(&tx, d, a).unwrap());
                let p = prepared(a);
                let keys = p.keys(&config);
                let merged = seq == 1;
                tx.execute("INSERT INTO dedup_checked (article) VALUES (?1)", [seq]).unwrap();
                tx.execute(
                    "INSERT INTO dedup_originals (article, shingles, exact, signature, keys, merged)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        seq,
                        p.sketch().shingles,
                        p.sketch().exact as i64,
                        p.sketch().signature_bytes(),
                        keys_bytes(&keys),
                        merged
                    ],
                )
                .unwrap();
                if merged {
                    for key in keys {
                        tx.execute(
                            "INSERT INTO dedup_keys (key, article) VALUES (?1, ?2)",
                            [key as i64, seq],
                        )
                        .unwrap();
                    }
                }
            }
            tx.execute("UPDATE dedup_meta SET merges = 1", []).unwrap();
            tx.commit().unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), crate::SCHEMA_VERSION);
        assert_eq!(store.dedup_runs().unwrap(), vec![(1, None)]);
        for (i, (_, original)) in originals.iter().enumerate() {
            let mut copy = story(i);
            copy.pop();
            let refs: Vec<&str> = copy.iter().map(String::as_str).collect();
            let links = ingest(&mut store, &[with_body(&format!("copy{i}.txt"), "2026-03-03", &refs)]);
            assert_eq!(links.len(), 1, "copy {i}");
            assert_eq!(links[0].original, original.doc_id);
        }
        // The migrated run got its filter at the first check.
        assert_eq!(
            store.dedup_runs().unwrap(),
            vec![(1, Some(prepared(&originals[0].1).keys(&config).len()))]
        );
        assert_index_equals_scan(&mut store);
    }

    #[test]
    fn an_empty_migrated_run_is_dropped() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.dedup_runs().unwrap(), vec![(0, None)]);
        let (d, a) = unrelated(1);
        store.add(&d, &a).unwrap();
        store.check_copies(&[&a], &DedupConfig::default()).unwrap();
        assert!(store.dedup_runs().unwrap().is_empty());
        assert_eq!(run_tables(&store), 0);
    }

    #[test]
    fn tiers_grow_by_the_fanout() {
        assert_eq!(tier(0, 10), 0);
        assert_eq!(tier(39, 10), 0);
        assert_eq!(tier(40, 10), 1);
        assert_eq!(tier(159, 10), 1);
        assert_eq!(tier(160, 10), 2);
    }

    #[test]
    fn unchecked_articles_are_those_without_a_verdict() {
        let mut store = Store::open_in_memory().unwrap();
        let (d, a) = with_body("a.txt", "2026-03-02", STORY);
        store.add(&d, &a).unwrap();
        assert_eq!(store.unchecked_articles().unwrap().len(), 1);
        let p = prepared(&a);
        store.record_original(&a.doc_id, p.sketch(), &p.keys(&DedupConfig::default())).unwrap();
        assert!(store.unchecked_articles().unwrap().is_empty());
        // A second verdict for one article is refused and changes nothing.
        let again = store.record_original(&a.doc_id, p.sketch(), &[]);
        assert!(matches!(again, Err(StoreError::Duplicate(_))), "{again:?}");
        assert_eq!(store.indexed_originals().unwrap(), 1);
    }

    #[test]
    fn records_about_unknown_articles_are_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let sketch = Sketch::new([1u64, 2, 3], 8, 0);
        assert!(matches!(store.record_original("nope", &sketch, &[1]), Err(StoreError::Dangling { .. })));
    }
}
