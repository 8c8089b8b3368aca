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

/// Compares `actual` with the insta snapshot `tests/snapshots/NAME.snap`:
/// the one way the tests keep expected outputs. Bless after an intended
/// change with `cargo insta review` (cargo-insta) or
/// `INSTA_UPDATE=always cargo test`, and review the diff.
#[allow(dead_code)]
pub fn snapshot(name: &str, actual: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo().join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, actual));
}
