//! `unknown-device`: an article names a device the registry does not have.

use super::{Ctx, context};
use crate::diag::{Diagnostic, Label, Loc};

super::declare_rule! {
    /// ## What it does
    /// Checks that every device entry of every article names a device id
    /// from `devices.json`.
    ///
    /// ## Why
    /// The registry gives each device its display name and nouns; an entry
    /// for an unknown id has no heading and cannot be compared with its
    /// siblings. It is usually a typo (`xbox1` for `xbox-one`).
    ///
    /// ## Example
    /// ```json
    /// { "device": "xbox1", "sections": [ … ] }
    /// ```
    ///
    /// ## How to fix
    /// Use the registry's id (the message suggests the closest one), or add
    /// the device to `devices.json`.
    pub static RULE = { id: "unknown-device", severity: Error, summary: "article names a device that is not in the registry" };
}

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(reg) = &ctx.corpus.registry else {
        return;
    };
    let ids: Vec<&str> = reg.value.devices.iter().map(|d| d.id.as_str()).collect();
    for art in &ctx.corpus.articles {
        for (di, entry) in art.value.devices.iter().enumerate() {
            if ids.contains(&entry.device.as_str()) {
                continue;
            }
            let help = match crate::text::closest(&entry.device, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? known devices: {}", ids.join(", ")),
                None => format!("known devices: {}", ids.join(", ")),
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("unknown device `{}`", crate::text::clip(&entry.device, 60)),
                    Label::new(
                        art.file,
                        Loc::Value(format!("/devices/{di}/device")),
                        "not in devices.json",
                    ),
                )
                .with_help(help)
                .with_context(context(&art.value.code, Some(&entry.device), None)),
            );
        }
    }
}
