//! `json-syntax`: the file is not valid JSON (reported by the loader).

super::declare_rule! {
    /// ## What it does
    /// Reports a content file that is not valid JSON, or is empty, pointing at
    /// the exact line and column where parsing failed.
    ///
    /// ## Why
    /// A file that does not parse cannot be validated or compared, and the
    /// help center cannot publish it.
    ///
    /// ## Example
    /// ```json
    /// { "code": "NW-6-403", }
    /// ```
    /// `invalid JSON: trailing comma in object` at the `}`.
    ///
    /// ## How to fix
    /// Fix the syntax at the reported spot. An editor that knows the file's
    /// `$schema` shows the mistake while you type.
    pub static RULE = { id: "json-syntax", severity: Error, summary: "content file is not valid JSON" };
}
