//! The cluster stage: articles about the same real-world event become one [`Story`].
//!
//! Each article is a TF-IDF vector of its title and body words, with proper nouns and named
//! entities (the names that tell one earthquake from another) weighted up ([`Features`]).
//!
//! - **Stream** ([`Clusterer`]): articles arrive in time order; each joins the active story whose
//!   centroid it is most similar to, discounted by the time between them, or starts a new story.
//!   Document frequencies are learnt as articles arrive; candidate stories come from an inverted
//!   index over active stories; idle stories retire, so memory follows the time window. Stories
//!   an article shows to have converged merge into the older one, whose id stays, and the merge
//!   is recorded in [`Story::merged`]. A story of an article or two gets a last look before it
//!   is final (retired, or at the end): it joins the neighbour that has grown to fit it, as an
//!   arriving article would, if the two share a name.
//! - **Batch** ([`cluster`] with `batch`): the same pass with frequencies from the
//!   whole corpus, then passes that move each article to the story it now fits best and merge
//!   stories that converged.
//!
//! Copies found by the dedup stage go with their original. Story ids derive from the story's
//! first article, so they are stable across runs.

mod features;
mod stream;
mod vectors;

use std::collections::HashMap;

use storyweave_model::{Article, DedupReport, Story};

pub use features::{DocFreq, Features};
pub use stream::{Assignment, Clusterer, Merge};
pub use vectors::{cosine, Centroid, SparseVec, Term};

/// Settings of the cluster stage. One default for all news; tuned on the visible labelled sets
/// with `bench/tune-clustering`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Least similarity (after time decay) to join a story.
    pub threshold: f32,
    /// Days within which time does not discount similarity; beyond, it decays with this scale.
    pub window_days: f32,
    /// Weight of title words against body words.
    pub title_weight: f32,
    /// Weight of proper nouns against other words.
    pub proper_weight: f32,
    /// Weight of a named entity (whole name, per mention) as a feature of its own; 0 turns the
    /// entity tagger off.
    pub entity_weight: f32,
    /// Distinct terms from which an article meets the full threshold. Shorter texts (headlines)
    /// share fewer words even when they report the same event, so their threshold shrinks with
    /// the square root of their length.
    pub full_length: f32,
    /// 0 scores an article against a story by cosine with its centroid, 1 by the mean cosine
    /// with its members (average linkage); between, a blend of the two normalisations.
    pub linkage: f32,
    /// Least similarity (after time decay) at which two stories merge.
    pub merge_threshold: f32,
    /// Stories of at most this many articles are fragments: before they are final (retired, or
    /// at the end) they merge into the neighbour they fit best at the join [`Self::threshold`]
    /// instead of [`Self::merge_threshold`], if they share a name with it (0: no last look).
    pub fragment_size: usize,
    /// 0 compares two stories by the cosine of their centroids, 1 by the mean cosine between
    /// their members (average linkage); between, a blend of the two normalisations.
    pub merge_linkage: f32,
    /// Days without a new article after which a story retires (stream).
    pub active_days: f32,
    /// Days of articles whose document frequencies count (stream).
    pub idf_days: f32,
    /// Added to every inverse document frequency, `ln((n+1)/(df+1)) + idf_offset`: what a word
    /// found in every article still weighs. scikit-learn adds 1; less lets the words of a kind
    /// of event ("earthquake", "magnitude") weigh less against the names that tell two such
    /// events apart. Not much less: in a small batch the words the first few articles share
    /// look common, and below about 0.7 the example corpus's stories fall apart.
    pub idf_offset: f32,
    /// Heaviest terms of each article that index its story and query the index (0: scan every
    /// active story, for checks).
    pub candidate_terms: usize,
    /// Most candidate stories scored per article (those sharing the most index terms).
    pub max_candidates: usize,
    /// Batch mode: frequencies from the whole corpus, every story kept, then refinement and a
    /// merge pass over all stories (false is the stream: each article placed once, on arrival).
    pub batch: bool,
    /// Batch refinement: passes that move each article to the story it now fits best, once every
    /// story has its members.
    pub refine_passes: usize,
}

impl ClusterConfig {
    /// The similarity an article with `terms` distinct terms needs to join a story.
    pub fn threshold_for(&self, terms: usize) -> f32 {
        self.threshold * (terms as f32 / self.full_length.max(1.0)).sqrt().min(1.0)
    }

    /// Set a numeric setting by name (for tuning from the command line).
    pub fn set(&mut self, name: &str, value: f64) -> Result<(), String> {
        let f = value as f32;
        let n = value.max(0.0) as usize;
        match name {
            "threshold" => self.threshold = f,
            "window_days" => self.window_days = f,
            "title_weight" => self.title_weight = f,
            "proper_weight" => self.proper_weight = f,
            "entity_weight" => self.entity_weight = f,
            "full_length" => self.full_length = f,
            "linkage" => self.linkage = f,
            "merge_threshold" => self.merge_threshold = f,
            "merge_linkage" => self.merge_linkage = f,
            "fragment_size" => self.fragment_size = n,
            "active_days" => self.active_days = f,
            "idf_days" => self.idf_days = f,
            "idf_offset" => self.idf_offset = f,
            "candidate_terms" => self.candidate_terms = n,
            "max_candidates" => self.max_candidates = n,
            "refine_passes" => self.refine_passes = n,
            "batch" => self.batch = value != 0.0,
            _ => return Err(format!("unknown cluster setting {name:?}")),
        }
        Ok(())
    }
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            threshold: 0.17,
            window_days: 3.0,
            title_weight: 2.0,
            proper_weight: 2.5,
            entity_weight: 2.0,
            full_length: 40.0,
            linkage: 0.0,
            merge_threshold: 0.275,
            merge_linkage: 0.0,
            fragment_size: 2,
            active_days: 14.0,
            idf_days: 30.0,
            idf_offset: 0.8,
            candidate_terms: 12,
            max_candidates: 64,
            batch: false,
            // Refinement moved short headlines into large stories (UCI: -2.5 F1 points against no
            // refinement), so batch mode keeps to full-corpus frequencies and the merge pass.
            refine_passes: 0,
        }
    }
}

/// Group articles into stories: a stream pass in time order (undated articles after dated ones,
/// in input order), then, when `config.batch`, batch refinement and merges.
pub fn cluster(articles: &[Article], dedup: &DedupReport, config: &ClusterConfig) -> Vec<Story> {
    cluster_with_merges(articles, dedup, config).0
}

/// [`cluster`], with the merges made on the way.
pub fn cluster_with_merges(
    articles: &[Article],
    dedup: &DedupReport,
    config: &ClusterConfig,
) -> (Vec<Story>, Vec<Merge>) {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| (articles[i].published.is_none(), articles[i].published, i));
    let features: Vec<Features> = articles.iter().map(|a| Features::of(a, config)).collect();
    let batch = config.batch;
    let mut clusterer = if batch {
        let mut df = DocFreq::default();
        for (f, a) in features.iter().zip(articles) {
            if dedup.original_of(&a.doc_id).is_none() {
                df.add(f);
            }
        }
        Clusterer::batch(config.clone(), df)
    } else {
        Clusterer::new(config.clone())
    };
    let mut features: Vec<Option<Features>> = features.into_iter().map(Some).collect();
    // A copy whose original comes later in time order waits for it.
    let position: HashMap<&str, usize> =
        order.iter().enumerate().map(|(k, &i)| (articles[i].doc_id.as_str(), k)).collect();
    let mut waiting: HashMap<usize, Vec<usize>> = HashMap::new();
    for (k, &i) in order.iter().enumerate() {
        let original = dedup.original_of(&articles[i].doc_id).map(|l| l.original.as_str());
        match original.and_then(|o| position.get(o)) {
            Some(&at) if at > k => waiting.entry(at).or_default().push(i),
            _ => {
                if let Some(f) = features[i].take() {
                    clusterer.push(f, original);
                }
            }
        }
        for w in waiting.remove(&k).unwrap_or_default() {
            let original = dedup.original_of(&articles[w].doc_id).map(|l| l.original.as_str());
            if let Some(f) = features[w].take() {
                clusterer.push(f, original);
            }
        }
    }
    if batch {
        for _ in 0..config.refine_passes {
            if !clusterer.refine() {
                break;
            }
        }
        clusterer.merge_pass();
    }
    let (mut stories, merges) = clusterer.finish();
    stories.sort_by(|a, b| {
        (a.first_seen.is_none(), a.first_seen, &a.id).cmp(&(b.first_seen.is_none(), b.first_seen, &b.id))
    });
    (stories, merges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn article(id: &str, day: u32, title: &str, body: &str) -> Article {
        Article {
            doc_id: format!("{id}0000000000000000"),
            title: Some(title.into()),
            paragraphs: vec![body.into()],
            published: NaiveDate::from_ymd_opt(2026, 3, day).map(|d| d.and_hms_opt(9, 0, 0).unwrap()),
            authors: vec![],
            outlet: id.into(),
            url: None,
            language: None,
            removed: vec![],
        }
    }

    #[test]
    fn same_kind_events_in_different_places_and_weeks_stay_apart() {
        let arts = vec![
            article("a", 2, "Earthquake strikes Velmora", "A magnitude 6.1 earthquake struck Velmora province on Monday, killing at least 12 people, rescuers in Velmora said. Governor Anika Sole visited the damaged old town."),
            article("b", 2, "Velmora quake toll rises", "Rescuers in Velmora searched collapsed buildings after the earthquake; Governor Anika Sole said the toll had risen to 14 people in the province."),
            article("c", 12, "Earthquake hits Port Tarrin", "A magnitude 5.8 earthquake hit Port Tarrin on Thursday, killing nine people, rescuers said. Mayor Olu Brandt said aftershocks continued in Port Tarrin."),
            article("d", 13, "Port Tarrin counts the cost of quake", "Mayor Olu Brandt said rescuers in Port Tarrin had found survivors after the earthquake, and aftershocks shook the harbour district."),
        ];
        let stories = cluster(&arts, &DedupReport::default(), &ClusterConfig::default());
        assert_eq!(stories.len(), 2, "{stories:#?}");
        assert_eq!(stories[0].articles.len(), 2);
        assert!(stories[0].articles[0].starts_with('a') && stories[1].articles[0].starts_with('c'));
        assert_eq!(stories[0].id, "sa0000000000");
    }

    #[test]
    fn batch_refinement_keeps_the_events_apart_and_loses_no_article() {
        let arts = vec![
            article("a", 2, "Earthquake strikes Velmora", "A magnitude 6.1 earthquake struck Velmora province on Monday, killing at least 12 people, rescuers in Velmora said."),
            article("b", 2, "Velmora quake toll rises", "Rescuers in Velmora searched collapsed buildings after the earthquake; the toll had risen to 14 people in the province."),
            article("c", 12, "Earthquake hits Port Tarrin", "A magnitude 5.8 earthquake hit Port Tarrin on Thursday, killing nine people, rescuers said, as aftershocks continued in Port Tarrin."),
            article("d", 13, "Port Tarrin counts the cost of quake", "Rescuers in Port Tarrin found survivors after the earthquake, and aftershocks shook the harbour district of Port Tarrin."),
        ];
        let config = ClusterConfig { batch: true, refine_passes: 3, ..ClusterConfig::default() };
        let stories = cluster(&arts, &DedupReport::default(), &config);
        assert_eq!(stories.len(), 2, "{stories:#?}");
        assert_eq!(stories.iter().map(|s| s.articles.len()).sum::<usize>(), 4);
    }

    #[test]
    fn copies_go_with_their_original() {
        let arts = vec![
            article(
                "a",
                2,
                "Harbour strike ends",
                "Dock workers in Samsen ended their strike after a pay deal, the union said.",
            ),
            article(
                "b",
                9,
                "Totally unrelated words",
                "Completely different vocabulary appears here about gardening.",
            ),
        ];
        let dedup = DedupReport {
            links: vec![storyweave_model::CopyLink {
                copy: arts[1].doc_id.clone(),
                original: arts[0].doc_id.clone(),
                kind: storyweave_model::CopyKind::Syndicated,
                jaccard: 0.3,
                containment: 0.7,
                edits: Default::default(),
            }],
        };
        let stories = cluster(&arts, &dedup, &ClusterConfig::default());
        assert_eq!(stories.len(), 1);
        assert_eq!(stories[0].articles.len(), 2);
    }

    #[test]
    fn empty_input() {
        assert!(cluster(&[], &DedupReport::default(), &ClusterConfig::default()).is_empty());
    }
}
