//! `storyweave`: the command-line front end of the story engine (DESIGN §3).
//!
//! I/O lives here and in the store and reader crates; the pipeline itself is pure. Exit codes:
//! 0 ok, 1 partial (some inputs rejected), 2 error. A closed stdout (`| head`) exits quietly.

mod args;
mod commands;
mod eval;
mod output;

use std::process::ExitCode;

use clap::Parser;

// The analysis makes many small, short-lived strings and vectors; mimalloc serves them faster
// than the system allocator (docs/BENCH.md, "Analysis").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("storyweave: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
