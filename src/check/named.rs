//! Which files a `check` reports on: the PATH arguments split into a
//! content root or named files, the named files that can be checked, and
//! why the others are not.

use crate::diag::{Fatal, Notice};
use crate::load::{self, Loading, Roots};
use crate::rules;
use crate::workspace::clean;
use std::collections::HashSet;
use std::path::PathBuf;

/// Splits the PATH arguments into a content-root override (one directory)
/// and explicit files.
pub(super) fn split_paths(
    paths: &[PathBuf],
    overlay: &load::Overlay,
) -> Result<(Option<PathBuf>, Option<Vec<PathBuf>>), Fatal> {
    let mut dir = None;
    let mut files = Vec::new();
    for p in paths {
        if overlay.contains_key(&clean(p)) {
            files.push(clean(p));
            continue;
        }
        // A named link is a named file, never followed (the check reports
        // it as not read).
        let meta = std::fs::symlink_metadata(p)
            .map_err(|e| Fatal::new(format!("cannot read `{}`: {e}", p.display())))?;
        // A link to a folder names a content root (which must not lead
        // outside the folder that holds the link: see `workspace::roots`).
        let folder = match meta.is_symlink() {
            true => std::fs::metadata(p).is_ok_and(|m| m.is_dir()),
            false => meta.is_dir(),
        };
        if folder {
            if dir.is_some() {
                return Err(Fatal::new("name at most one content root directory"));
            }
            dir = Some(clean(p));
        } else {
            files.push(clean(p));
        }
    }
    if dir.is_some() && !files.is_empty() {
        return Err(Fatal::new(
            "name either a content root directory or content files, not both",
        ));
    }
    Ok((dir, (!files.is_empty()).then_some(files)))
}

/// The named files to report on (`only`: `None` for a full run, which is
/// also what naming a shared file (the registry, the help center, a
/// snippet, the config) asks for, since a change there has consequences
/// in other files), and how many named files cannot be checked for another
/// reason than an `exclude` (each is said why, on stderr).
pub(super) fn named(
    files: Option<Vec<PathBuf>>,
    roots: &Roots,
    config: &crate::config::Config,
    notices: &mut Vec<Notice>,
) -> (Option<HashSet<PathBuf>>, usize) {
    let Some(files) = files else {
        return (None, 0);
    };
    let config_file = config.path.as_deref().map(clean);
    let mut only = HashSet::new();
    let mut unchecked = 0;
    for file in files {
        if config_file.as_ref() == Some(&file) {
            return (None, 0);
        }
        let Ok(rel) = file.strip_prefix(&roots.content) else {
            unchecked += 1;
            notices.push(Notice::Warning(format!(
                "`{}` was not checked: it is outside the content root `{}`",
                file.display(),
                roots.content.display()
            )));
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if roots.exclude.matches(&rel) {
            notices.push(Notice::Warning(format!(
                "`{}` was not checked: nwlint.toml excludes it",
                file.display()
            )));
            continue;
        }
        match load::classify(&rel) {
            Some(crate::source::Kind::Article) | None => {
                only.insert(file);
            }
            Some(_) => return (None, 0),
        }
    }
    (Some(only), unchecked)
}

/// Of the `only` files, says on stderr why each that was not read was
/// not checked; returns how many were checked.
pub(super) fn named_checked(
    only: &HashSet<PathBuf>,
    loading: &Loading,
    roots: &Roots,
    notices: &mut Vec<Notice>,
) -> usize {
    let skipped = rules::skipped_file::RULE.id;
    let unread: HashSet<usize> = (loading.diagnostics.iter())
        .filter(|d| d.rule.id == skipped)
        .map(|d| d.primary.file)
        .collect();
    let mut checked = 0;
    let found: HashSet<PathBuf> = (loading.sources.iter())
        .filter(|(id, _)| !unread.contains(id))
        .map(|(_, f)| clean(&f.path))
        .collect();
    let known: HashSet<PathBuf> = (loading.sources.iter())
        .map(|(_, f)| clean(&f.path))
        .collect();
    let mut named: Vec<&PathBuf> = only.iter().collect();
    named.sort();
    for f in named {
        if found.contains(f) {
            checked += 1;
        } else if !known.contains(f) {
            notices.push(Notice::Warning(format!(
                "`{}` was not checked: nwlint did not find it in the content tree `{}` (is a folder on its way a symbolic link, or is it not a `.json` file?)",
                f.display(),
                roots.content.display()
            )));
        }
    }
    checked
}

/// Named files were given and none could be checked.
pub(super) fn none_checked() -> Fatal {
    Fatal::new("none of the named files was checked (the warnings above say why)").with_help(
        "name content files under the content root, as `nwlint check content/articles/<CODE>.json`",
    )
}
