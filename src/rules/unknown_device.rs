//! `unknown-device`: an article names a device the registry does not have.

use super::{Ctx, context};
use crate::corpus::Loaded;
use crate::diag::{Diagnostic, Fix, Label, Loc};
use crate::model::Article;

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
    pub static RULE = { id: "unknown-device", severity: Error, summary: "article names a device that is not in the registry", fix: "sets the device to the registered id close to it, when exactly one is" };
}

/// The registry's device ids (None without a registry: nothing to check).
pub fn ids<'a>(ctx: &Ctx<'a>) -> Option<Vec<&'a str>> {
    let reg = ctx.corpus.registry.as_ref()?;
    Some(reg.value.devices.iter().map(|d| d.id.as_str()).collect())
}

/// Checks one article against the registry's `ids` (from [`ids`]).
pub fn check(ids: Option<&[&str]>, art: &Loaded<Article>, out: &mut Vec<Diagnostic>) {
    let Some(ids) = ids else {
        return;
    };
    {
        for (di, entry) in art.value.devices.iter().enumerate() {
            if ids.contains(&entry.device.as_str()) {
                continue;
            }
            let help = match crate::text::closest(&entry.device, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? known devices: {}", ids.join(", ")),
                None => format!("known devices: {}", ids.join(", ")),
            };
            let pointer = format!("/devices/{di}/device");
            let mut d = Diagnostic::new(
                &RULE,
                format!("unknown device `{}`", crate::text::clip(&entry.device, 60)),
                Label::new(art.file, Loc::Value(pointer.clone()), "not in devices.json"),
            )
            .with_help(help)
            .with_context(context(&art.value.code, Some(&entry.device), None));
            if let Some(id) = crate::text::only_close(&entry.device, ids.iter().copied()) {
                let title = format!("use the registered device `{id}`");
                d = d.with_fix(Fix::set_string(title, art.file, &pointer, id));
            }
            out.push(d);
        }
    }
}
