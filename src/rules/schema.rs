//! `schema`: the file does not match its JSON Schema. The loader
//! validates every parsed file with [`check`].

use crate::diag::{Diagnostic, FileId, Label, Loc};
use crate::schema::SchemaSet;
use crate::source::Kind;
use serde_json::Value;

super::declare_rule! {
    /// ## What it does
    /// Validates every content file against its JSON Schema (draft 2020-12)
    /// from the schema root: `helpcenter.schema.json`, `devices.schema.json`,
    /// `article.schema.json`, `snippet.schema.json`. Each violation points at
    /// the offending value or key.
    ///
    /// ## Why
    /// The schemas pin the content model down: unknown keys, empty text,
    /// empty step lists and malformed ids or error codes are caught before
    /// they reach readers.
    ///
    /// ## Example
    /// ```json
    /// { "type": "steps", "items": [] }
    /// ```
    /// `list must not be empty`.
    ///
    /// ## How to fix
    /// Change the value as the message says. The help text quotes the
    /// schema's description of the field.
    pub static RULE = { id: "schema", severity: Error, summary: "content file does not match its JSON Schema" };
}

/// Validates `value`, a file of `kind`, against its schema: one finding per
/// violation, located in file `id`.
pub fn check(id: FileId, schemas: &SchemaSet, kind: Kind, value: &Value) -> Vec<Diagnostic> {
    let clock = crate::timings::begin();
    let violations = schemas.validate(kind, value);
    crate::timings::end(crate::timings::Stage::Schema, clock);
    violations
        .into_iter()
        .map(|v| {
            let mut d = Diagnostic::new(&RULE, v.message, Label::new(id, v.loc, v.label));
            d.help = v.help.map(Into::into);
            d
        })
        .collect()
}

/// A file that passed its schema but not nwlint's typed model (a schema
/// root looser than this version of nwlint expects).
pub fn unfit(id: FileId, error: &serde_json::Error) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        format!("file passes its schema but does not fit nwlint's content model: {error}"),
        Label::new(id, Loc::File, "does not fit the model"),
    )
    .with_help("the schema under the schema root may be looser than this version of nwlint expects")
}
