//! Carrying out a plan: as a unified diff, or written to disk safely.

use super::Change;
use crate::diag::Fatal;
use crate::text::escape_terminal;
use std::io::Write;
use std::path::Path;

/// What [`commit`] does with the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write them.
    Write,
    /// Print them as a unified diff (`a/`/`b/` paths as shown to users,
    /// so `git apply` takes it from the project folder) and write nothing.
    Diff,
}

/// The largest file re-read to see whether it changed.
const MAX_FILE: u64 = 1 << 30;

/// Carries out `changes`, all under `root` (nothing is written elsewhere,
/// whatever a config says). Returns the exit code: in [`Mode::Diff`], 1
/// when something would change, else 0.
///
/// Before writing anything, every file is read again: if one no longer
/// holds the bytes the plan was made from (or a new file appeared where
/// one is to be created), nothing is written and the run fails (exit 2).
pub fn commit(
    changes: &[Change],
    root: &Path,
    mode: Mode,
    out: &mut dyn Write,
) -> Result<u8, Fatal> {
    for c in changes {
        if !c.path.starts_with(root) {
            return Err(Fatal::new(format!(
                "internal error: `{}` is outside the content root; nothing was written",
                escape_terminal(&c.display, false)
            )));
        }
    }
    let mut text = String::new();
    match mode {
        Mode::Diff => {
            for c in changes {
                text.push_str(&unified(c));
            }
        }
        Mode::Write => {
            for c in changes {
                unchanged_since_read(c, root)?;
            }
            for c in changes {
                if let Some(parent) = c.path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| {
                        Fatal::new(format!("cannot create `{}`: {e}", parent.display()))
                    })?;
                }
                crate::atomic::write(&c.path, c.after.as_bytes())?;
                let verb = if c.before.is_some() {
                    "changed"
                } else {
                    "created"
                };
                text.push_str(&format!("{verb} {}\n", escape_terminal(&c.display, false)));
            }
            if changes.is_empty() {
                text.push_str("nothing to change\n");
            }
        }
    }
    crate::diag::output_written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))?;
    Ok(u8::from(mode == Mode::Diff && !changes.is_empty()))
}

/// The file still holds what the plan was made from (a new file: nothing
/// is there yet, and no folder on its way is a link).
fn unchanged_since_read(c: &Change, root: &Path) -> Result<(), Fatal> {
    let shown = escape_terminal(&c.display, false);
    let again = "nothing was written; run the command again";
    match &c.before {
        Some(before) => match crate::regular_file::read(&c.path, MAX_FILE) {
            Ok(Ok((bytes, _))) if bytes == before.as_bytes() => Ok(()),
            Ok(_) => Err(Fatal::new(format!(
                "`{shown}` changed since nwlint read it; {again}"
            ))),
            Err(e) => Err(Fatal::new(format!(
                "cannot read `{shown}` again: {e}; {again}"
            ))),
        },
        None if linked_folder(root, &c.path) => Err(Fatal::new(format!(
            "`{shown}` was not created: a folder on its way is a symbolic link"
        ))),
        None => match std::fs::symlink_metadata(&c.path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            _ => Err(Fatal::new(format!(
                "`{shown}` appeared since nwlint looked; {again}"
            ))),
        },
    }
}

/// A unified diff of one change, with `a/` and `b/` paths.
fn unified(c: &Change) -> String {
    let before = c.before.as_deref().unwrap_or("");
    let diff = similar::TextDiff::from_lines(before, c.after.as_str());
    let shown = escape_terminal(&c.display, false);
    let old = match c.before {
        Some(_) => format!("a/{shown}"),
        None => "/dev/null".to_string(),
    };
    diff.unified_diff()
        .context_radius(3)
        .header(&old, &format!("b/{shown}"))
        .to_string()
}

/// Whether a folder between `root` and `path` is a symbolic link: nothing
/// is written through one, it could lead anywhere.
pub fn linked_folder(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return true;
    };
    let mut at = root.to_path_buf();
    let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    let parts: Vec<_> = rel.components().collect();
    parts[..parts.len().saturating_sub(1)].iter().any(|p| {
        at.push(p);
        is_link(&at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn change(path: &Path, before: Option<&str>, after: &str) -> Change {
        Change {
            path: path.to_path_buf(),
            display: "f.json".into(),
            before: before.map(Arc::from),
            after: after.into(),
        }
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        std::fs::write(&a, "old").unwrap();
        std::fs::write(&b, "someone else's edit").unwrap();
        let changes = [
            change(&a, Some("old"), "new"),
            change(&b, Some("old"), "new"),
        ];
        let e = commit(&changes, dir.path(), Mode::Write, &mut Vec::new()).unwrap_err();
        assert!(e.message.contains("changed since nwlint read it"), "{e:?}");
        // Nothing was written, not even the file that had not changed.
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "someone else's edit");
        let mut out = Vec::new();
        let written = commit(&changes[..1], dir.path(), Mode::Write, &mut out).unwrap();
        assert_eq!(
            (written, String::from_utf8(out).unwrap().as_str()),
            (0, "changed f.json\n")
        );
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_through_links_or_outside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("snippets")).unwrap();
        let through = [change(&dir.path().join("snippets/x.json"), None, "{}")];
        let e = commit(&through, dir.path(), Mode::Write, &mut Vec::new()).unwrap_err();
        assert!(e.message.contains("symbolic link"), "{e:?}");
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
        let target = elsewhere.path().join("t.json");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.path().join("l.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = commit(
            &[change(&link, Some("keep"), "x")],
            dir.path(),
            Mode::Write,
            &mut Vec::new(),
        );
        assert!(e.unwrap_err().message.contains("cannot read"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        let outside = [change(&elsewhere.path().join("o.json"), None, "{}")];
        assert!(commit(&outside, dir.path(), Mode::Write, &mut Vec::new()).is_err());
    }

    #[test]
    fn a_diff_has_a_and_b_paths_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        std::fs::write(&a, "one\ntwo\n").unwrap();
        let mut out = Vec::new();
        let changes = [change(&a, Some("one\ntwo\n"), "one\n2\n")];
        assert_eq!(
            commit(&changes, dir.path(), Mode::Diff, &mut out).unwrap(),
            1
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "--- a/f.json\n+++ b/f.json\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n"
        );
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "one\ntwo\n");
    }
}
