//! `repeated-section`: a section id appears twice within one device's entry.

use super::context;
use crate::corpus::Loaded;
use crate::diag::{Diagnostic, Label, Loc};
use crate::model::Article;
use std::collections::HashMap;

super::declare_rule! {
    /// ## What it does
    /// Reports a section id used twice within one device's entry.
    ///
    /// ## Why
    /// Section ids are how nwlint lines up the same section across devices;
    /// a repeated id makes the comparison ambiguous and is usually a copied
    /// section whose id was not changed.
    ///
    /// ## Example
    /// Two sections `"id": "restart-network"` under `roku`.
    ///
    /// ## How to fix
    /// Give the second section its own id, or merge the two.
    pub static RULE = { id: "repeated-section", severity: Error, summary: "section id appears twice in one device's entry" };
}

/// Checks one article.
pub fn check(art: &Loaded<Article>, out: &mut Vec<Diagnostic>) {
    {
        for (di, entry) in art.value.devices.iter().enumerate() {
            let mut first: HashMap<&str, usize> = HashMap::new();
            for (si, section) in entry.sections.iter().enumerate() {
                if let Some(&prev) = first.get(section.id.as_str()) {
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            format!(
                                "section `{}` appears twice for `{}`",
                                section.id, entry.device
                            ),
                            Label::new(
                                art.file,
                                Loc::Value(format!("/devices/{di}/sections/{si}/id")),
                                "second use",
                            ),
                        )
                        .with_related(Label::new(
                            art.file,
                            Loc::Value(format!("/devices/{di}/sections/{prev}/id")),
                            "first use",
                        ))
                        .with_help("give the section its own id, or merge the two")
                        .with_context(context(
                            &art.value.code,
                            Some(&entry.device),
                            Some(&section.id),
                        )),
                    );
                } else {
                    first.insert(&section.id, si);
                }
            }
        }
    }
}
