//! `missing-section`: devices lack a section most devices of the article
//! have.

use super::index::ArticleView;
use super::{Env, Finding, Member, list, plural};
use crate::diag::{Diagnostic, Label, Loc};
use crate::rules::context;

crate::rules::declare_rule! {
    /// ## What it does
    /// Counts, per article, how many devices have each section id. A
    /// section that at least two devices and at least `[drift]
    /// missing-majority` of the article's devices have (default 0.5), but
    /// some devices lack, is reported once, naming the devices that lack it.
    ///
    /// ## Why
    /// When a section is added to most devices, the remaining ones are easy
    /// to forget: their readers never see that step of the fix.
    ///
    /// ## Example
    /// Eight of ten devices of NW-6-403 have `restart-network`; `ps5` and
    /// `xbox-series-xs` do not.
    ///
    /// ## How to fix
    /// Add the section to the devices that lack it. If they should not have
    /// it, mark that: add `"intended": [{"rule": "missing-section",
    /// "reason": "…"}]` to any section of the device that lacks it (the mark
    /// covers every section that device is reported as missing), or an
    /// `[[intended]]` entry with `rule = "missing-section"`, `device` and
    /// optionally `article` and `section` to nwlint.toml.
    pub static RULE = { id: "missing-section", severity: Warning, summary: "device lacks a section most devices of the article have" };
}

/// Reports each section id most devices have, naming the devices without it.
pub fn check<'a>(env: &Env<'a>, view: &ArticleView<'a>, out: &mut Vec<Finding<'a>>) {
    let n = view.devices.len();
    let code = view.article.code.as_str();
    for g in &view.groups {
        let have = g.copies.len();
        let share = env.drift.missing_majority * n as f64;
        if have < 2 || have >= n || (have as f64) < share - 1e-9 {
            continue;
        }
        let members: Vec<Member> = view
            .devices
            .iter()
            .filter(|(_, d)| !g.copies.iter().any(|c| c.device == *d))
            .map(|(di, d)| Member {
                article: code.to_string(),
                device: Some(d.to_string()),
                section: g.id.to_string(),
                label: Label::new(
                    view.file,
                    Loc::Value(format!("/devices/{di}/device")),
                    format!("no `{}` here", g.id),
                ),
            })
            .collect();
        let first = &g.copies[0];
        let related = Label::new(
            view.file,
            Loc::Value(format!("{}/id", first.pointer())),
            format!("`{}` has it", first.device),
        );
        let holders: Vec<String> = g.copies.iter().map(|c| c.device.to_string()).collect();
        let after = previous_section(view, g.id);
        let id = g.id.to_string();
        let code = code.to_string();
        out.push(Finding {
            rule: &RULE,
            min: 1,
            more: 0,
            members,
            build: Box::new(move |ms: &[Member]| {
                let names = super::devices(ms);
                let message = format!(
                    "`{id}` is missing for {} of {n} devices: {}",
                    ms.len(),
                    list(&names, 12)
                );
                let place = after
                    .as_ref()
                    .map(|p| format!(" (after `{p}`, as the others have it)"))
                    .unwrap_or_default();
                let help = format!(
                    "{} {} it: {}; add the section{place}, or if these devices should not have it, add `\"intended\": [{{\"rule\": \"missing-section\", \"reason\": \"…\"}}]` to one of their sections",
                    plural(holders.len(), "device", "devices"),
                    if holders.len() == 1 { "has" } else { "have" },
                    list(&holders.iter().map(String::as_str).collect::<Vec<_>>(), 12)
                );
                Diagnostic::new(&RULE, message, ms[0].label.clone())
                    .with_help(help)
                    .with_related(related.clone())
                    .with_context(context(&code, ms[0].device.as_deref(), Some(&id)))
            }),
        });
    }
}

/// The section the devices that have `id` most often put right before it.
fn previous_section(view: &ArticleView, id: &str) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (di, _) in &view.devices {
        let sections = &view.article.devices[*di].sections;
        if let Some(pos) = sections.iter().position(|s| s.id == id)
            && pos > 0
        {
            let prev = sections[pos - 1].id.as_str();
            match counts.iter_mut().find(|(p, _)| *p == prev) {
                Some(c) => c.1 += 1,
                None => counts.push((prev, 1)),
            }
        }
    }
    // Most frequent; first seen on a tie.
    let best = counts.iter().map(|c| c.1).max()?;
    counts.iter().find(|c| c.1 == best).map(|c| c.0.to_string())
}
