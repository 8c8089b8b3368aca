//! Helpers shared by the integration tests (each `tests/*.rs` is its own
//! crate and uses only some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root (where `content/` and `schema/` live).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a directory tree (regular files and folders).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary project holding copies of the shipped `content/` and `schema/`.
pub fn shipped_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    copy_dir(&repo().join("schema"), &dir.path().join("schema"));
    dir
}

/// 1-based line and column (in characters) of the first `needle` in `text`,
/// found by plain search — independent of nwlint's span scanner.
pub fn pos(text: &str, needle: &str) -> (usize, usize) {
    let off = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    line_col(text, off)
}

/// 1-based line and column (in characters) of byte offset `off`.
pub fn line_col(text: &str, off: usize) -> (usize, usize) {
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// Runs the built `nwlint` in `dir` with `NO_COLOR` unset (stdout is a
/// pipe, so `--color auto` means no colour).
pub fn nwlint(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_nwlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// Standard output as text.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Compares `actual` with the snapshot file at `path`, or (re)writes it
/// under `NWLINT_BLESS=1`: the one way the tests keep expected outputs.
/// Kept as these lines rather than insta: the snapshots are the bare
/// outputs (a SARIF log, an HTML page, a JUnit report) that other tools
/// can read as they are, not files with a header of their own.
#[allow(dead_code)]
pub fn snapshot(path: &Path, actual: &str) {
    if std::env::var_os("NWLINT_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("reading {}: {e} (NWLINT_BLESS=1 writes it)", path.display()));
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual);
        panic!(
            "output differs from {} (NWLINT_BLESS=1 rewrites it):\n{}",
            path.display(),
            diff.unified_diff()
                .context_radius(3)
                .header("expected", "actual")
        );
    }
}
