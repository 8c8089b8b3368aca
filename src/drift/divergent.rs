//! `divergent-variant`: copy of a section is substantially different from the version most devices share.

crate::rules::declare_rule! {
    /// ## What it does
    /// TODO
    ///
    /// ## Why
    /// TODO
    ///
    /// ## Example
    /// TODO
    ///
    /// ## How to fix
    /// TODO
    pub static RULE = { id: "divergent-variant", severity: Warning, summary: "copy of a section is substantially different from the version most devices share" };
}
