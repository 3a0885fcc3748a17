//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(name = "storyweave", version, about = "Turn piles of scraped news into cited story briefs")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// One shot: ingest PATHs into a temporary store and print every story's brief.
    Brief {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// Add documents to the store; re-adding a document already stored changes nothing.
    Ingest {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        db: DbArgs,
        /// Print a JSON summary on stdout.
        #[arg(long)]
        json: bool,
    },
    /// List the stories in the store.
    Stories {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        json: bool,
    },
    /// Print one story's brief.
    Show {
        /// Story id, or a unique prefix of one.
        story: String,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// Print the extracted article of FILE and what was removed from it (no store).
    Clean {
        /// A file, or `-` for stdin.
        file: String,
        /// Print only the body text.
        #[arg(long)]
        body_only: bool,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        meta: MetaArgs,
    },
    /// Measure quality against a labelled data set (DESIGN §5).
    Eval {
        #[command(subcommand)]
        task: EvalTask,
    },
    /// Full-text search over articles and stories.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum EvalTask {
    /// Article extraction: body precision, recall and F1.
    Extraction {
        /// The data set: an AEB directory, or trafilatura's evaluation directory.
        #[arg(long)]
        dataset: PathBuf,
        #[arg(long, value_enum, default_value_t = ExtractionFormat::Aeb)]
        format: ExtractionFormat,
        /// `text`: flatten each page to text first, as a scraper would, and clean the text.
        #[arg(long, value_enum, default_value_t = InputMode::Html)]
        input: InputMode,
        /// Write per-page figures to this file (TSV: page, words in truth, words extracted,
        /// P, R, F1), worst first.
        #[arg(long)]
        pages: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Named entities: exact span and type precision, recall and F1 (conlleval), per type.
    Ner {
        /// A CoNLL file (token first, tag last; IOB1 or IOB2).
        #[arg(long)]
        dataset: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Cross-document entity coreference (ECB+): MUC, B-cubed, CEAF-e and CoNLL F1 over the
    /// analyzer's entity mentions, resolved per topic.
    Coref {
        /// The ECB+ directory (topic directories, directly or under `ECB+/`, and
        /// `ECBplus_coreference_sentences.csv`).
        #[arg(long)]
        dataset: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Time expressions: TempEval-3 strict, relaxed and value F1, type accuracy.
    Time {
        /// A directory of TimeML `.tml` files (or one file), each with a creation time.
        #[arg(long)]
        dataset: PathBuf,
        /// Also write every missed, spurious and mis-valued timex to this file (TSV), to read
        /// the errors by kind.
        #[arg(long)]
        errors: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Quotes: content, speaker (source) and cue F1 on brat attributions (PolNeAR).
    Quotes {
        /// A directory of brat `.txt` + `.ann` files (a PolNeAR split directory works).
        #[arg(long)]
        dataset: PathBuf,
        /// Score the annotators of the texts annotated more than once against each other, and
        /// storyweave against each of their annotations, on those texts only.
        #[arg(long)]
        agreement: bool,
        #[arg(long)]
        json: bool,
    },
    /// Summaries: ROUGE-1/2/L F1 (×100, Porter stemming) of each story's headline and summary
    /// against the editors' neutral headline and roundup (NeuS).
    Summarization {
        /// The NeuS data directory (holding NAME.source and NAME.target).
        #[arg(long)]
        dataset: PathBuf,
        /// The split to read: NAME.source and NAME.target.
        #[arg(long, default_value = "val")]
        split: String,
        /// Override a summary setting, `NAME=VALUE` (repeatable; for tuning on train): sentences,
        /// share, min_words, max_words, w_rank, w_newsrooms, w_support, w_lead, w_headline,
        /// lexrank_link, redundant, paraphrase.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        settings: Vec<String>,
        /// Score the summary alone, without the headline the brief shows above it (the
        /// reference is the editors' headline and roundup; by default both are scored).
        #[arg(long)]
        without_headline: bool,
        #[arg(long)]
        json: bool,
    },
    /// Duplicates: copies generated from real article bodies at controlled edit strengths, with
    /// same-topic articles as hard negatives; precision, recall, F1 per strength.
    ///
    /// `--synthetic N` makes about N documents in an invented language instead (for speed and
    /// memory at scale); `--export FILE` writes the corpus as JSONL with its gold, and `--corpus
    /// FILE` scores such a file (the side-by-side benchmark runs the peers on the same file).
    Dedup {
        /// The labelled data root holding the AEB, fundus-news and ECB+ sets.
        #[arg(long, default_value = "../shared/data")]
        dataset: PathBuf,
        /// Seed of the generator.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Generate about this many documents in a synthetic language.
        #[arg(long, conflicts_with = "corpus")]
        synthetic: Option<usize>,
        /// Write the generated corpus here as JSONL.
        #[arg(long, conflicts_with = "corpus")]
        export: Option<PathBuf>,
        /// Score a corpus written by --export instead of generating one.
        #[arg(long)]
        corpus: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Story clustering: pairwise and B-cubed precision, recall and F1, ARI.
    Clustering {
        /// JSONL (`id`, `title`, `text` or `sentences`, `date`, `source`, label) or the UCI CSV.
        #[arg(long, required_unless_present = "synthetic")]
        dataset: Option<PathBuf>,
        /// Instead of a data set, stream N generated articles (about 1,000 a day) through the
        /// stream clusterer and report articles/s, peak memory and the stories held at most.
        #[arg(long, value_name = "N", conflicts_with = "dataset")]
        synthetic: Option<usize>,
        /// Seed of the generated stream.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The field (JSONL) or column (CSV) holding the gold story label.
        #[arg(long)]
        label: Option<String>,
        /// Override the similarity threshold for joining a story (for tuning; see bench/tune-clustering).
        #[arg(long)]
        threshold: Option<f32>,
        /// `stream` places each article once, in date order; `batch` then refines the whole set.
        #[arg(long, value_enum, default_value_t = ClusterMode::Stream)]
        mode: ClusterMode,
        /// Override the days within which time does not discount similarity.
        #[arg(long)]
        window_days: Option<f32>,
        /// Override any cluster setting, `NAME=VALUE` (repeatable; for tuning, see
        /// bench/tune-clustering): threshold, merge_threshold, entity_weight, linkage, ...
        #[arg(long = "set", value_name = "NAME=VALUE")]
        settings: Vec<String>,
        /// Write each document's predicted story and gold label to FILE (TSV: id, story, gold).
        #[arg(long, value_name = "FILE")]
        assignments: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtractionFormat {
    /// Scrapinghub's Article Extraction Benchmark: ground-truth.json + html/.
    Aeb,
    /// trafilatura's evaluation set: evaldata.json + pages.
    Trafilatura,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterMode {
    Stream,
    Batch,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputMode {
    Html,
    Text,
}

#[derive(Args, Debug)]
pub struct DbArgs {
    /// The store file.
    #[arg(long, env = "STORYWEAVE_DB", default_value = "storyweave.db")]
    pub db: PathBuf,
}

/// Metadata given on the command line; it wins over what records and pages say.
#[derive(Args, Debug, Default)]
pub struct MetaArgs {
    /// Outlet of every input.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Published date of every input (e.g. 2026-03-14 or "14 Mar 2026 09:30").
    #[arg(long)]
    pub date: Option<String>,
    /// URL of every input.
    #[arg(long)]
    pub url: Option<String>,
    /// Headline of every input.
    #[arg(long)]
    pub title: Option<String>,
    /// Largest file or record accepted, in bytes (suffixes K, M, G).
    #[arg(long, default_value = "64M", value_parser = parse_size)]
    pub max_bytes: u64,
}

#[derive(Args, Debug)]
pub struct InputArgs {
    /// Files, directories (read recursively) or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub meta: MetaArgs,
    /// Stop at the first rejected input instead of skipping it.
    #[arg(long)]
    pub fail_fast: bool,
}

#[derive(Args, Debug)]
pub struct FormatArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Same as `--format json`.
    #[arg(long)]
    pub json: bool,
}

impl FormatArgs {
    pub fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else {
            self.format
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Md,
    Json,
    /// One self-contained HTML page (inline CSS, no scripts).
    Html,
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&s[..i], s[i..].trim().to_ascii_uppercase()),
        None => (s, String::new()),
    };
    let n: u64 = digits.parse().map_err(|_| format!("not a size: {s:?}"))?;
    let shift = match unit.trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(format!("unknown size unit in {s:?} (use K, M or G)")),
    };
    n.checked_mul(1 << shift).ok_or_else(|| format!("size too large: {s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2 KiB"), Ok(2048));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5X").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
