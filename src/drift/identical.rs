//! `identical-copies`: section is identical across devices; a candidate for single-sourcing.

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
    pub static RULE = { id: "identical-copies", severity: Advice, summary: "section is identical across devices; a candidate for single-sourcing" };
}
