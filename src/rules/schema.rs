//! `schema`: the file does not match its JSON Schema (reported by the loader).

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
