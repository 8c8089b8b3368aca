//! `skipped-file`: an entry of the content tree nwlint did not read: a
//! symbolic link or a file that is not a regular file (reported by the
//! loader, which never follows or reads them).

use crate::diag::{Diagnostic, FileId, Label, Loc};

super::declare_rule! {
    /// ## What it does
    /// Reports entries under the content root that nwlint did not read: a
    /// symbolic link (to a file or a folder, such as `articles/`), or a
    /// JSON name that is not a regular file (a FIFO, a socket, a device).
    ///
    /// ## Why
    /// Content arrives in pull requests. A link could make nwlint read and
    /// print files outside the repository, and a FIFO could make it wait
    /// forever, so nwlint follows and reads neither. What it skips would
    /// go unchecked: it says so instead of passing in silence. A run that
    /// checks no article at all because of skipped entries fails with
    /// exit code 2.
    ///
    /// ## Example
    /// `content/articles` is a link to `../../shared/articles`.
    ///
    /// ## How to fix
    /// Replace the link by the file or folder itself (`git mv` the real
    /// one into place), or exclude it in `nwlint.toml`
    /// (`exclude = ["drafts/**"]`).
    pub static RULE = { id: "skipped-file", severity: Warning, summary: "content entry is a symbolic link or not a regular file, so it was not read" };
}

/// The finding for `rel`, which is `what` ("a symbolic link").
pub fn finding(id: FileId, rel: &str, what: &str) -> Diagnostic {
    let inside = if rel.ends_with(".json") {
        "it was not checked"
    } else {
        "nothing in it was checked"
    };
    Diagnostic::new(
        &RULE,
        format!("`{rel}` is {what}, which nwlint does not follow or read: {inside}"),
        Label::new(id, Loc::File, "not read"),
    )
    .with_help("replace it by the file or folder itself, or exclude it in nwlint.toml")
}
