//! Finding the content files under the content root, without following
//! symbolic links.

use super::*;

/// What [`discover`] found under the content root.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The regular `*.json` files, sorted by path relative to the root.
    pub files: Vec<(PathBuf, String)>,
    /// Entries not read: symbolic links (to `*.json` files or to folders)
    /// and `*.json` names that are not regular files, with what they are.
    pub skipped: Vec<(PathBuf, String, &'static str)>,
    /// Folders that could not be read (the rest is still checked).
    pub problems: Vec<Fatal>,
}

/// Finds the `*.json` files under the content root, sorted, without
/// following symbolic links (nothing outside the root is ever read).
pub fn discover(roots: &Roots) -> Result<Discovered, Fatal> {
    let root = &roots.content;
    let meta = std::fs::metadata(root).map_err(|e| {
        Fatal::new(format!("cannot read content root `{}`: {e}", root.display()))
            .with_help("run nwlint from a help-center repository, name the content folder as an argument, or set `content` in nwlint.toml")
    })?;
    if !meta.is_dir() {
        return Err(Fatal::new(format!(
            "content root `{}` is not a directory",
            root.display()
        )));
    }
    let mut found = Discovered::default();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let cannot = |e: std::io::Error| {
            Fatal::new(format!(
                "cannot read `{}`: {e}; the files in it were not checked",
                display_path(&dir, &roots.base)
            ))
        };
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if dir == *root => return Err(cannot(e)),
            Err(e) => {
                found.problems.push(cannot(e));
                continue;
            }
        };
        for entry in entries {
            let (entry, ft) = match entry.and_then(|e| e.file_type().map(|ft| (e, ft))) {
                Ok(x) => x,
                Err(e) => {
                    found.problems.push(cannot(e));
                    continue;
                }
            };
            let path = entry.path();
            let rel = display_path(&path, root);
            if roots.exclude.matches(&rel) {
                continue;
            }
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let json = rel.ends_with(".json");
            // Where content folders belong, anything but a folder is
            // reported: content that would go unchecked.
            let folder = matches!(rel.as_str(), "articles" | "snippets");
            if ft.is_dir() {
                if !hidden {
                    stack.push(path);
                }
            } else if ft.is_file() && !folder {
                if json {
                    found.files.push((path, rel));
                }
            } else if ft.is_symlink() {
                // Never followed, not even to see where it leads.
                found.skipped.push((path, rel, "a symbolic link"));
            } else if json || folder {
                let what = crate::regular_file::describe(&ft);
                found.skipped.push((path, rel, what));
            }
        }
    }
    // Files only the overlay has (a buffer not yet saved).
    for path in roots.overlay.keys() {
        if path.starts_with(root) && !found.files.iter().any(|(p, _)| p == path) {
            let rel = display_path(path, root);
            if !roots.exclude.matches(&rel) {
                found.files.push((path.clone(), rel));
            }
        }
    }
    found.files.sort_by(|a, b| a.1.cmp(&b.1));
    found.skipped.sort_by(|a, b| a.1.cmp(&b.1));
    found.problems.sort_by(|a, b| a.message.cmp(&b.message));
    Ok(found)
}

/// What stands for a skipped entry (see [`Discovered::skipped`]) in a
/// load: an empty source with its `skipped-file` finding.
pub(super) fn skipped_result(
    id: FileId,
    entry: &(PathBuf, String, &str),
    roots: &Roots,
) -> FileResult {
    let (path, rel, what) = entry;
    let file = SourceFile::new(display_path(path, &roots.base), path.clone(), String::new());
    let diag = rules::skipped_file::finding(id, rel, what);
    (file, Parsed::Nothing, vec![diag], vec![])
}

/// A full load that read no article: nwlint could not do its job (exit
/// 2). `read` counts the article files read; `skipped` says why, if an
/// article or the articles folder was skipped.
pub(super) fn nothing_checked(
    read: usize,
    skipped: &[(PathBuf, String, &str)],
    roots: &Roots,
) -> Option<Fatal> {
    if read > 0 {
        return None;
    }
    let why = skipped
        .iter()
        .find(|(_, rel, _)| rel == "articles" || classify(rel) == Some(Kind::Article));
    Some(match why {
        Some((_, rel, what)) => Fatal::new(format!(
            "no article was checked: `{rel}` is {what}, which nwlint does not follow or read"
        ))
        .with_help("put the real file or folder in its place (content arrives in pull requests, so nwlint reads only regular files and folders)"),
        None => Fatal::new(format!(
            "no article was checked: there is no `articles/<CODE>.json` under `{}`",
            display_path(&roots.content, &roots.base)
        ))
        .with_help("articles live in `articles/` under the content root; check `content` and `exclude` in nwlint.toml"),
    })
}
