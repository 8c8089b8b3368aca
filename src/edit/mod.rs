//! Edits as data, and writing them safely.
//!
//! Every command that changes content (`check --fix`, `sync`, `extract`,
//! `add-device`, `new`) first builds a [`Plan`]: byte-range replacements
//! in files it has read, and new files. [`commit`] then either prints the
//! plan as a unified diff (`--diff`) or writes it: each file atomically,
//! never through a symbolic link, and only if it still holds the bytes the
//! plan was made from (a file changed since is an error and nothing is
//! written). Bytes outside the edited ranges are never touched.

pub mod json;
pub mod words;
mod write;

pub use write::{Mode, commit, linked_folder};

use crate::diag::Fatal;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// One replacement in a file's text: bytes `[start, end)` become `text`
/// (an insertion when `start == end`, a deletion when `text` is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Edit {
    pub fn replace(span: crate::span::Span, text: impl Into<String>) -> Edit {
        Edit {
            start: span.start,
            end: span.end,
            text: text.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit {
            start: at,
            end: at,
            text: text.into(),
        }
    }
}

/// `text` with `edits` applied; `None` when two edits overlap or one
/// falls outside the text or inside a character.
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.start < at || e.end < e.start || !text.is_char_boundary(e.end) {
            return None;
        }
        out.push_str(text.get(at..e.start)?);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// What one file becomes.
#[derive(Debug, Clone)]
pub struct Change {
    /// Path on disk.
    pub path: PathBuf,
    /// As shown to users and in diffs: relative to the project, `/`-separated.
    pub display: String,
    /// The bytes the plan was made from; `None` for a new file.
    pub before: Option<Arc<str>>,
    pub after: String,
}

/// Edits to files already read, and files to create, before anything is
/// written.
#[derive(Debug, Default)]
pub struct Plan {
    files: BTreeMap<PathBuf, Planned>,
}

#[derive(Debug)]
struct Planned {
    display: String,
    before: Option<Arc<str>>,
    edits: Vec<Edit>,
    created: Option<String>,
}

impl Plan {
    /// Adds `edit` to the file at `path`, read as `before`.
    pub fn edit(&mut self, path: &std::path::Path, display: &str, before: &Arc<str>, edit: Edit) {
        let planned = self.files.entry(path.to_path_buf()).or_insert(Planned {
            display: display.to_string(),
            before: Some(Arc::clone(before)),
            edits: Vec::new(),
            created: None,
        });
        planned.edits.push(edit);
    }

    /// Plans a new file at `path` with `text`.
    pub fn create(&mut self, path: &std::path::Path, display: &str, text: String) {
        self.files.insert(
            path.to_path_buf(),
            Planned {
                display: display.to_string(),
                before: None,
                edits: Vec::new(),
                created: Some(text),
            },
        );
    }

    /// Whether nothing is planned.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text `path` will have, if the plan changes it.
    pub fn after(&self, path: &std::path::Path) -> Option<String> {
        let planned = self.files.get(path)?;
        match (&planned.created, &planned.before) {
            (Some(text), _) => Some(text.clone()),
            (None, Some(before)) => apply(before, &planned.edits),
            (None, None) => None,
        }
    }

    /// The files that change, with their new text (files the edits leave
    /// as they were are left out). Overlapping edits are a bug of the
    /// command that planned them, reported rather than guessed at.
    pub fn changes(&self) -> Result<Vec<Change>, Fatal> {
        let mut out = Vec::new();
        for (path, planned) in &self.files {
            let after = match (&planned.created, &planned.before) {
                (Some(text), _) => text.clone(),
                (None, Some(before)) => apply(before, &planned.edits).ok_or_else(|| {
                    Fatal::new(format!(
                        "internal error: overlapping edits planned for `{}`; nothing was written",
                        planned.display
                    ))
                })?,
                (None, None) => continue,
            };
            if planned.before.as_deref() == Some(after.as_str()) {
                continue;
            }
            out.push(Change {
                path: path.clone(),
                display: planned.display.clone(),
                before: planned.before.clone(),
                after,
            });
        }
        Ok(out)
    }

    /// An overlay of the plan's new texts, to load the tree as it will be.
    pub fn overlay(&self) -> Result<crate::load::Overlay, Fatal> {
        Ok(self
            .changes()?
            .into_iter()
            .map(|c| (c.path, Arc::from(c.after.into_bytes())))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_and_overlaps_are_refused() {
        let e = |s, e, t: &str| Edit {
            start: s,
            end: e,
            text: t.into(),
        };
        assert_eq!(
            apply("abcdef", &[e(4, 5, "E"), e(0, 1, "A"), e(2, 2, "+")]).as_deref(),
            Some("Ab+cdEf")
        );
        assert_eq!(apply("abcdef", &[e(0, 3, ""), e(2, 4, "x")]), None);
        assert_eq!(apply("abc", &[e(2, 9, "")]), None);
        assert_eq!(apply("é", &[e(1, 1, "x")]), None);
    }
}
