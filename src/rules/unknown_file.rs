//! `unknown-file`: a JSON file under the content root that nwlint does not
//! know (the loader asks [`finding`] for each).

use crate::diag::{Diagnostic, FileId, Label, Loc};

super::declare_rule! {
    /// ## What it does
    /// Reports JSON files under the content root that are none of the known
    /// kinds: `helpcenter.json`, `devices.json`, `articles/<CODE>.json`,
    /// `snippets/<ID>.json`.
    ///
    /// ## Why
    /// A misplaced article (say `content/NW-6-403.json`) would silently go
    /// unchecked and unpublished.
    ///
    /// ## Example
    /// `content/article/NW-6-403.json` (singular `article`).
    ///
    /// ## How to fix
    /// Move the file where it belongs, or exclude it in `nwlint.toml`
    /// (`exclude = ["drafts/**"]`).
    pub static RULE = { id: "unknown-file", severity: Warning, summary: "JSON file under the content root is not a known kind of content" };
}

/// The finding for `rel`, which is no known kind of content file.
pub fn finding(id: FileId, rel: &str) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        format!("`{rel}` is not a known kind of content file; it was not checked"),
        Label::new(id, Loc::File, "not checked"),
    )
    .with_help("content files are helpcenter.json, devices.json, articles/<CODE>.json and snippets/<ID>.json")
}
