//! `duplicate-key`: an object has the same key twice. Found while the
//! loader parses a file ([`super::json_syntax::parse`]).

use crate::diag::{Diagnostic, FileId, Label, Loc};
use crate::span::SpanIndex;

super::declare_rule! {
    /// ## What it does
    /// Reports an object that holds the same key more than once, with both
    /// locations.
    ///
    /// ## Why
    /// Most JSON parsers (serde_json, JavaScript's `JSON.parse`) silently keep
    /// the last value, so one of the two texts is lost without a word.
    ///
    /// ## Example
    /// ```json
    /// { "id": "restart-network", "title": "Restart", "title": "Restart your home network" }
    /// ```
    ///
    /// ## How to fix
    /// Remove one of the keys, or rename it.
    pub static RULE = { id: "duplicate-key", severity: Error, summary: "object has the same key twice" };
}

/// One finding per duplicate key the span index of `text[body..]` holds,
/// located in file `id`.
pub fn findings(id: FileId, index: &SpanIndex, body: usize) -> Vec<Diagnostic> {
    let at = |s: crate::span::Span| Loc::Bytes {
        start: s.start + body,
        end: s.end + body,
    };
    index
        .duplicates()
        .iter()
        .map(|d| {
            let key = d.pointer.rsplit('/').next().unwrap_or("");
            let key = key.replace("~1", "/").replace("~0", "~");
            Diagnostic::new(
                &RULE,
                format!("duplicate key `{}`", crate::text::clip(&key, 60)),
                Label::new(id, at(d.second), "duplicate here"),
            )
            .with_related(Label::new(id, at(d.first), "first defined here"))
            .with_help(
                "JSON parsers silently keep only one of the values; remove or rename one of the keys",
            )
        })
        .collect()
}
