//! Finding the shared data sets (`../shared/data` beside the repository) from the integration tests.

use std::path::PathBuf;

/// The data set's directory under `shared/data`, or `None` (after a notice) when the shared data is
/// not there. Under CI (`CI=true`) missing data is a failure, not a skip.
pub fn dataset(rel: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{} is missing; CI must have the shared data", dir.display());
    }
    notice(&format!("{} not found; skipping", dir.display()));
    None
}

/// A line on the terminal even under the test harness, which keeps what `eprintln!` writes to
/// itself for passing tests: a skipped check must be seen.
pub fn notice(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "notice: {line}");
}
