//! `repeated-device`: the same device has two entries in one article.

use super::context;
use crate::corpus::Loaded;
use crate::diag::{Diagnostic, Label, Loc};
use crate::model::Article;
use std::collections::HashMap;

super::declare_rule! {
    /// ## What it does
    /// Reports a device that has more than one entry in the same article.
    ///
    /// ## Why
    /// Readers see two headings for one device, usually with different
    /// instructions: one of them is stale.
    ///
    /// ## Example
    /// Two entries with `"device": "ps4"` in `NW-6-403.json`.
    ///
    /// ## How to fix
    /// Merge the two entries into one.
    pub static RULE = { id: "repeated-device", severity: Error, summary: "device appears twice in one article" };
}

/// Checks one article.
pub fn check(art: &Loaded<Article>, out: &mut Vec<Diagnostic>) {
    {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (di, entry) in art.value.devices.iter().enumerate() {
            if let Some(&prev) = first.get(entry.device.as_str()) {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        format!("device `{}` appears twice in this article", entry.device),
                        Label::new(
                            art.file,
                            Loc::Value(format!("/devices/{di}/device")),
                            "second entry",
                        ),
                    )
                    .with_related(Label::new(
                        art.file,
                        Loc::Value(format!("/devices/{prev}/device")),
                        "first entry",
                    ))
                    .with_help("merge the two entries into one")
                    .with_context(context(
                        &art.value.code,
                        Some(&entry.device),
                        None,
                    )),
                );
            } else {
                first.insert(&entry.device, di);
            }
        }
    }
}
