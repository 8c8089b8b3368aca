//! `nwlint init [DIR]`: a new content repository that `nwlint check`
//! passes: `nwlint.toml`, `content/` (helpcenter.json, devices.json, one
//! example article), `schema/` (the built-in schemas), a pre-commit hook
//! and a CI workflow. The example files are data (`templates/init/`).
//!
//! Only missing files are written (atomically); a file that holds the same
//! bytes is left as it is, one that differs is kept and named, so running
//! `init` twice changes nothing. With `--diff`, what would be written is
//! printed as a unified diff (`a/`/`b/` paths relative to DIR, for `git
//! apply`) and nothing is written.

use crate::diag::{Fatal, Notice};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `nwlint init` makes, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The repository's folder (made if missing).
    pub dir: PathBuf,
    /// Print what would be written instead of writing it.
    pub diff: bool,
}

/// Every file `init` writes: its path under DIR and its bytes.
fn files() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = [
        ("nwlint.toml", include_str!("../templates/init/nwlint.toml")),
        (
            "content/helpcenter.json",
            include_str!("../templates/init/helpcenter.json"),
        ),
        (
            "content/devices.json",
            include_str!("../templates/init/devices.json"),
        ),
        (
            "content/articles/EX-1-100.json",
            include_str!("../templates/init/article.json"),
        ),
        (
            ".pre-commit-config.yaml",
            include_str!("../templates/init/pre-commit-config.yaml"),
        ),
        (
            ".github/workflows/nwlint.yml",
            include_str!("../templates/init/workflow.yml"),
        ),
    ]
    .iter()
    .map(|(p, t)| (p.to_string(), t.to_string()))
    .collect();
    out.extend(
        (crate::schema::builtin().iter())
            .map(|(name, text)| (format!("schema/{name}"), text.to_string())),
    );
    out
}

/// What became of one file.
enum Outcome {
    Written,
    Same,
    /// It exists with other bytes (or is not a regular file): kept.
    Kept,
    /// A folder on its way is a symbolic link: not written through.
    Linked,
}

/// Runs `init`: says per file what it did (or prints the diff) into
/// `out`; 0 done (or, with `--diff`, nothing would change), 1 with
/// `--diff` when something would be written.
pub fn run(opts: &Options, out: &mut dyn Write, notices: &mut Vec<Notice>) -> Result<u8, Fatal> {
    let cannot =
        |p: &Path, e: std::io::Error| Fatal::new(format!("cannot write `{}`: {e}", p.display()));
    let mut would_change = false;
    let mut text = String::new();
    for (rel, bytes) in files() {
        let path = opts.dir.join(&rel);
        let linked = crate::edit::linked_folder(&opts.dir, &path);
        let outcome = match std::fs::symlink_metadata(&path) {
            _ if linked => Outcome::Linked,
            Err(_) => Outcome::Written,
            Ok(m) if !m.is_file() => Outcome::Kept,
            Ok(_) => match crate::regular_file::read(&path, 1 << 20) {
                Ok(Ok((old, _))) if old == bytes.as_bytes() => Outcome::Same,
                _ => Outcome::Kept,
            },
        };
        match outcome {
            Outcome::Same if opts.diff => {}
            Outcome::Same => text.push_str(&format!("unchanged {rel}\n")),
            Outcome::Kept => notices.push(Notice::Warning(format!(
                "`{}` exists and differs from what init writes: kept as it is",
                path.display()
            ))),
            Outcome::Linked => notices.push(Notice::Warning(format!(
                "`{}` was not written: a folder on its way is a symbolic link",
                path.display()
            ))),
            Outcome::Written if opts.diff => {
                would_change = true;
                let diff = similar::TextDiff::from_lines("", bytes.as_str());
                let header = diff
                    .unified_diff()
                    .header("/dev/null", &format!("b/{rel}"))
                    .to_string();
                text.push_str(&header);
            }
            Outcome::Written => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| cannot(parent, e))?;
                }
                crate::atomic::write(&path, bytes.as_bytes())?;
                text.push_str(&format!("wrote {rel}\n"));
            }
        }
    }
    if !opts.diff {
        text.push_str("next: nwlint check (in that folder), then edit content/\n");
    }
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    crate::diag::output_written(written)?;
    Ok(u8::from(would_change))
}
