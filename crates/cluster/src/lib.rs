//! The cluster stage: articles about the same real-world event become one [`Story`].
//!
//! Each article is a TF-IDF vector of its title and body words, with proper nouns (the names
//! that tell one earthquake from another) weighted up. Articles are taken in time order; each
//! joins the story whose centroid it is most similar to, discounted by the time since that
//! story's nearest article, or starts a new story. Copies found by the dedup stage go with their
//! original. Story ids derive from the story's first article, so they are stable across runs.

mod vectors;

use std::collections::HashMap;

use storyweave_model::{Article, DedupReport, Story, Timestamp};

pub use vectors::{cosine, SparseVec, Vectorizer};

/// Settings of the cluster stage.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Least similarity (after time decay) to join a story.
    pub threshold: f32,
    /// Days within which time does not discount similarity.
    pub window_days: f32,
    /// Weight of title words against body words.
    pub title_weight: f32,
    /// Weight of proper nouns against other words.
    pub proper_weight: f32,
    /// Distinct terms from which an article meets the full threshold. Shorter texts (headlines)
    /// share fewer words even when they report the same event, so their threshold shrinks with
    /// the square root of their length.
    pub full_length: f32,
    /// Batch refinement: passes that move each article to the story it now fits best, once every
    /// story has its members (0 is the stream: one pass, each article placed on arrival).
    pub refine_passes: usize,
}

impl ClusterConfig {
    /// The similarity an article with `terms` distinct terms needs to join a story.
    pub fn threshold_for(&self, terms: usize) -> f32 {
        self.threshold * (terms as f32 / self.full_length).sqrt().min(1.0)
    }
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            threshold: 0.20,
            window_days: 3.0,
            title_weight: 2.0,
            proper_weight: 2.5,
            full_length: 40.0,
            refine_passes: 0,
        }
    }
}

struct Group {
    members: Vec<usize>,
    centroid: SparseVec,
    dates: Vec<Timestamp>,
}

/// Group articles into stories.
pub fn cluster(articles: &[Article], dedup: &DedupReport, config: &ClusterConfig) -> Vec<Story> {
    let by_id: HashMap<&str, usize> =
        articles.iter().enumerate().map(|(i, a)| (a.doc_id.as_str(), i)).collect();
    let vectorizer = Vectorizer::fit(articles, config);
    let vectors: Vec<SparseVec> = articles.iter().map(|a| vectorizer.vector(a)).collect();

    // Time order; undated articles after dated ones, in input order.
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| (articles[i].published.is_none(), articles[i].published, i));

    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: Vec<Option<usize>> = vec![None; articles.len()];
    let (originals, copies): (Vec<usize>, Vec<usize>) =
        order.into_iter().partition(|&i| dedup.original_of(&articles[i].doc_id).is_none());
    for &i in &originals {
        let best = groups
            .iter()
            .enumerate()
            .map(|(g, group)| (g, similarity(&vectors[i], articles[i].published, group, config)))
            .filter(|&(_, s)| s >= config.threshold_for(vectors[i].0.len()))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let g = match best {
            Some((g, _)) => g,
            None => {
                groups.push(Group { members: Vec::new(), centroid: SparseVec::default(), dates: Vec::new() });
                groups.len() - 1
            }
        };
        let group = &mut groups[g];
        group.members.push(i);
        group.centroid.add(&vectors[i]);
        group.dates.extend(articles[i].published);
        group_of[i] = Some(g);
    }
    for _ in 0..config.refine_passes {
        if !refine(&originals, &vectors, articles, &mut groups, &mut group_of, config) {
            break;
        }
    }
    groups.retain(|g| !g.members.is_empty());
    group_of = vec![None; articles.len()];
    for (g, group) in groups.iter().enumerate() {
        for &m in &group.members {
            group_of[m] = Some(g);
        }
    }
    for i in copies {
        let original = dedup.original_of(&articles[i].doc_id).and_then(|l| by_id.get(l.original.as_str()));
        if let Some(g) = original.and_then(|&o| group_of[o]) {
            groups[g].members.push(i);
            group_of[i] = Some(g);
        } else {
            groups.push(Group { members: vec![i], centroid: vectors[i].clone(), dates: Vec::new() });
        }
    }
    let mut stories: Vec<Story> = groups.into_iter().map(|g| story(articles, g.members, &vectors)).collect();
    stories.sort_by(|a, b| {
        (a.first_seen.is_none(), a.first_seen, &a.id).cmp(&(b.first_seen.is_none(), b.first_seen, &b.id))
    });
    stories
}

/// One batch pass: each article leaves its story and joins the one it is now most similar to,
/// or goes back where it was. Whether anything moved.
fn refine(
    order: &[usize],
    vectors: &[SparseVec],
    articles: &[Article],
    groups: &mut [Group],
    group_of: &mut [Option<usize>],
    config: &ClusterConfig,
) -> bool {
    let mut moved = false;
    for &i in order {
        let Some(from) = group_of[i] else { continue };
        let date = articles[i].published;
        {
            let g = &mut groups[from];
            g.members.retain(|&m| m != i);
            g.centroid.sub(&vectors[i]);
            if let Some(d) = date {
                if let Some(at) = g.dates.iter().position(|x| *x == d) {
                    g.dates.remove(at);
                }
            }
        }
        let best = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| !g.members.is_empty())
            .map(|(g, group)| (g, similarity(&vectors[i], date, group, config)))
            .filter(|&(_, s)| s >= config.threshold_for(vectors[i].0.len()))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        // Refinement moves articles to a better story; it never splits one off on its own, as a
        // short text's similarity to a grown story falls below the threshold that let it join.
        let to = best.map_or(from, |(g, _)| g);
        moved |= to != from;
        let g = &mut groups[to];
        g.members.push(i);
        g.centroid.add(&vectors[i]);
        g.dates.extend(date);
        group_of[i] = Some(to);
    }
    moved
}

fn similarity(v: &SparseVec, date: Option<Timestamp>, group: &Group, config: &ClusterConfig) -> f32 {
    let sim = cosine(v, &group.centroid);
    let Some(date) = date else { return sim };
    let Some(gap) = group.dates.iter().map(|d| (*d - date).num_minutes().abs()).min() else { return sim };
    let days = gap as f32 / 1440.0;
    if days <= config.window_days {
        sim
    } else {
        sim * (-(days - config.window_days) / config.window_days).exp()
    }
}

fn story(articles: &[Article], mut members: Vec<usize>, vectors: &[SparseVec]) -> Story {
    members.sort_by_key(|&i| {
        (articles[i].published.is_none(), articles[i].published, articles[i].doc_id.clone())
    });
    let first_seen = members.iter().filter_map(|&i| articles[i].published).min();
    let last_seen = members.iter().filter_map(|&i| articles[i].published).max();
    let mut outlets: Vec<String> = Vec::new();
    for &i in &members {
        if !outlets.contains(&articles[i].outlet) {
            outlets.push(articles[i].outlet.clone());
        }
    }
    // The title of the member closest to the story's centroid; else its first sentence.
    let mut centroid = SparseVec::default();
    for &i in &members {
        centroid.add(&vectors[i]);
    }
    let central = members
        .iter()
        .copied()
        .max_by(|&a, &b| {
            let key = |i: usize| (articles[i].title.is_some(), cosine(&vectors[i], &centroid));
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(b.cmp(&a))
        })
        .unwrap_or(0);
    let title = articles.get(central).map(|a| a.title.clone().unwrap_or_else(|| lead(a))).unwrap_or_default();
    let id = members
        .first()
        .map(|&i| format!("s{}", &articles[i].doc_id[..articles[i].doc_id.len().min(11)]))
        .unwrap_or_default();
    Story {
        id,
        title,
        articles: members.iter().map(|&i| articles[i].doc_id.clone()).collect(),
        first_seen,
        last_seen,
        outlets,
    }
}

/// The first sentence of an article, cut to a headline's length.
fn lead(a: &Article) -> String {
    let first = a.paragraphs.first().map(String::as_str).unwrap_or("");
    let sentence = storyweave_text::split_sentences(first).into_iter().next().unwrap_or(first);
    if sentence.chars().count() <= 120 {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(117).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
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
        let config = ClusterConfig { refine_passes: 3, ..ClusterConfig::default() };
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
