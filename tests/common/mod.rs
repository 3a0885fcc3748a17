//! Helpers for the end-to-end tests: run the real binary, find the shared data.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `storyweave ARGS` from the repo root.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyweave"))
        .args(args)
        .current_dir(repo())
        .env_remove("STORYWEAVE_DB")
        .output()
        .expect("run storyweave")
}

/// Run and require success; stdout as a string.
pub fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "storyweave {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

pub fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).expect("JSON on stdout")
}

/// `../shared/<rel>` when present. Absent: a notice and None, except in CI, where it must exist.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = repo().join("..").join("shared").join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{} is missing: CI needs ../shared beside the repo", p.display());
    }
    notice(&format!("skipping, {} is not present", p.display()));
    None
}

/// A line on the terminal even under the test harness, which keeps what `eprintln!` writes to
/// itself for passing tests: a skipped check must be seen.
pub fn notice(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "notice: {line}");
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}
