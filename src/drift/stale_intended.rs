//! `stale-intended`: an intended-divergence mark no longer matches any
//! finding. Found by [`super::intended`].

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a mark of intended divergence that covered nothing in this
    /// run: an `"intended"` entry on a section in content, or an
    /// `[[intended]]` entry in nwlint.toml. Also reports marks that name an
    /// unknown rule, or a rule that is not a drift rule (only
    /// `identical-copies`, `drifted-copy`, `divergent-variant`,
    /// `missing-section` and `mixed-nouns` findings can be marked). When the
    /// marked copy is now reported under another drift rule (a drifted copy
    /// that has since become a divergent variant, say), the help says so.
    ///
    /// ## Why
    /// A mark excuses one specific difference. Once the difference is gone,
    /// a stale mark would silently excuse the next, unrelated difference in
    /// the same place; and stale marks pile up and mislead reviewers.
    ///
    /// ## Example
    /// `set-top-box`'s `restart-network` carries `"intended": [{"rule":
    /// "drifted-copy", "reason": "…"}]`, but the copy now matches the other
    /// devices word for word.
    ///
    /// ## How to fix
    /// Remove the mark, or change its rule to the one the section is now
    /// reported under if that difference is intended too. For nwlint.toml
    /// entries, check the spelling of `article`, `device` and `section`.
    pub static RULE = { id: "stale-intended", severity: Warning, summary: "an intended-divergence mark no longer matches any finding" };
}
