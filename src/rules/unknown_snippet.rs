//! `unknown-snippet`: a section uses a snippet that does not exist (reported by the loader).

super::declare_rule! {
    /// ## What it does
    /// Reports a section whose `snippet` names no file under `snippets/`.
    ///
    /// ## Why
    /// A single-sourced section with a missing snippet renders as nothing.
    ///
    /// ## Example
    /// ```json
    /// { "id": "restart-network", "snippet": "restart-netwrok" }
    /// ```
    ///
    /// ## How to fix
    /// Fix the snippet id (the message suggests the closest one), or add
    /// `snippets/<id>.json`.
    pub static RULE = { id: "unknown-snippet", severity: Error, summary: "section uses a snippet that does not exist" };
}
