//! `duplicate-key`: an object has the same key twice (reported by the loader).

super::declare_rule! {
    /// ## What it does
    /// Reports an object that holds the same key more than once, with both
    /// locations.
    ///
    /// ## Why
    /// Most JSON parsers (serde_json, JavaScript's `JSON.parse`) silently keep
    /// the last value, so one of the two texts is lost without a word.
    ///
    /// ## Example
    /// ```json
    /// { "id": "restart-network", "title": "Restart", "title": "Restart your home network" }
    /// ```
    ///
    /// ## How to fix
    /// Remove one of the keys, or rename it.
    pub static RULE = { id: "duplicate-key", severity: Error, summary: "object has the same key twice" };
}
