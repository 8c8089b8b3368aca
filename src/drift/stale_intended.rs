//! `stale-intended`: an intended-divergence mark no longer matches any finding.

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
    pub static RULE = { id: "stale-intended", severity: Warning, summary: "an intended-divergence mark no longer matches any finding" };
}
