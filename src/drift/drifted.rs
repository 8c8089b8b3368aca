//! `drifted-copy`: copy of a section differs slightly from the version most devices share.

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
    pub static RULE = { id: "drifted-copy", severity: Warning, summary: "copy of a section differs slightly from the version most devices share" };
}
