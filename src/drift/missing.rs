//! `missing-section`: device lacks a section most devices of the article have.

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
    pub static RULE = { id: "missing-section", severity: Warning, summary: "device lacks a section most devices of the article have" };
}
