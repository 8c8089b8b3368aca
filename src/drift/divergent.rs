//! `divergent-variant`: a copy of a section is substantially different from
//! the version most devices share. Found by [`super::variants`].

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a device's copy of a section that is less than `[drift]
    /// threshold` similar (word-level, after normalizing device names and
    /// nouns; default 0.5) to the version most devices of the article share.
    /// Like `drifted-copy`, it comes with a step-aligned word diff against
    /// the consensus and labels on both copies; devices sharing the same
    /// variant are reported together. A rewritten section is reported, never
    /// hidden.
    ///
    /// ## Why
    /// Sometimes a device really needs different instructions; often the
    /// section was rewritten for one device and the others were forgotten,
    /// or an old procedure survived on one device. Either way a reviewer
    /// should know, and a real difference should be recorded as intended.
    ///
    /// ## Example
    /// Six devices restart the network in four steps; `roku` has its own
    /// nine-step procedure and a note.
    ///
    /// ## How to fix
    /// If the procedure is right for this device only, mark it: add
    /// `"intended": [{"rule": "divergent-variant", "reason": "…"}]` to the
    /// section (or an `[[intended]]` entry in nwlint.toml). Otherwise
    /// rewrite it from the consensus, or bring the other devices up to date:
    /// `nwlint sync ARTICLE SECTION --from DEVICE` does either, in the
    /// direction you choose.
    pub static RULE = { id: "divergent-variant", severity: Warning, summary: "copy of a section is substantially different from the version most devices share" };
}
