//! `mixed-nouns`: section mixes two nouns for the same device.

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
    pub static RULE = { id: "mixed-nouns", severity: Warning, summary: "section mixes two nouns for the same device" };
}
