//! `drifted-copy`: a copy of a section differs slightly from the version
//! most devices share. Found by [`super::variants`].

crate::rules::declare_rule! {
    /// ## What it does
    /// Compares each device's copy of a section with the version most
    /// devices of the article share (the consensus), after normalizing each
    /// device's own name and nouns, spacing, quotes and list glyphs. A copy
    /// that differs but is at least `[drift] threshold` similar (word-level,
    /// default 0.5) is reported, with a word diff against the consensus
    /// (`[-only in the consensus-]{+only in this copy+}`), a label on the
    /// first difference in the copy and a related label on the consensus
    /// copy. Devices that share the same drifted text are reported together.
    ///
    /// Inside a section, steps, bullets and paragraphs are aligned before
    /// words are compared, so an added, removed or reordered step shows as
    /// exactly that. If no text has a majority (say two devices, each with
    /// its own), the tied text most common in other articles is the
    /// reference (else the copy of the device listed first), and the
    /// message says so.
    ///
    /// Across articles, an article's version of a section that is nearly
    /// (at least `[drift] article-threshold`, default 0.6) but not exactly
    /// the version other articles share is reported the same way.
    ///
    /// ## Why
    /// A writer fixed one device's instructions and not the others: a
    /// changed wait time, a new step, a corrected link. Readers of the other
    /// devices get the old instructions. Plain clone detectors report such a
    /// copy as two fragments around the changed word, or not at all.
    ///
    /// ## Example
    /// Six devices say "Unplug your modem … for 30 seconds." and
    /// `set-top-box` says "… for 60 seconds.": `set-top-box` is reported,
    /// with `[-30-]{+60+}` in the note.
    ///
    /// ## How to fix
    /// Make the copies agree: apply the change to every copy, or undo it in
    /// this one — `nwlint sync ARTICLE SECTION --from DEVICE` writes one
    /// device's copy into the others with their own names and nouns; the
    /// finding's help says which version other articles follow, if they
    /// say. Better still, single-source the section (`nwlint extract`).
    /// If the difference is meant to be, add `"intended": [{"rule":
    /// "drifted-copy", "reason": "…"}]` to the differing section, or an
    /// `[[intended]]` entry with `rule`, `article`, `device`, `section` and
    /// `reason` to nwlint.toml.
    pub static RULE = { id: "drifted-copy", severity: Warning, summary: "copy of a section differs slightly from the version most devices share" };
}
