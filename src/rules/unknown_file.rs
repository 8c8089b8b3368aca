//! `unknown-file`: a JSON file under the content root that nwlint does not know.

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
