//! `encoding`: the file is not UTF-8 JSON text (reported by the loader).

super::declare_rule! {
    /// ## What it does
    /// Reports files that are not plain UTF-8 text: invalid UTF-8, binary
    /// files (NUL bytes), a leading byte order mark, or files too large to be
    /// content.
    ///
    /// ## Why
    /// JSON text exchanged between systems must be UTF-8 without a BOM
    /// (RFC 8259 §8.1). Editors and the publishing pipeline may mangle
    /// anything else.
    ///
    /// ## Example
    /// A file saved as Windows-1252 containing `é` as the byte `0xE9`.
    ///
    /// ## How to fix
    /// Save the file as UTF-8 without a BOM.
    pub static RULE = { id: "encoding", severity: Error, summary: "content file is not UTF-8 JSON text" };
}
