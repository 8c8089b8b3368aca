//! `missing-section`: devices lack a section most devices of the article
//! have.

use super::view::ArticleView;
use super::{Env, Finding, Member, list, plural};
use crate::diag::{Diagnostic, Label, Loc};
use crate::hash::SmallMap;
use crate::rules::context;

crate::rules::declare_rule! {
    /// ## What it does
    /// Counts, per article, how many devices have each section id. A
    /// section that at least two devices and at least `[drift]
    /// missing-majority` of the article's devices have (default 0.5), but
    /// some devices lack, is reported once, naming the devices that lack it:
    /// located at the first, with a related location at each other one.
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
    // Where each device first has each section id: built once an article
    // has a finding (a scan per finding would be quadratic in sections).
    let mut positions: Option<Vec<SmallMap<&str, usize>>> = None;
    for g in &view.groups {
        let have = g.copies.len();
        let share = env.drift.missing_majority * n as f64;
        if have < 2 || have >= n || (have as f64) < share - 1e-9 {
            continue;
        }
        let mut with: SmallMap<&str, ()> = SmallMap::default();
        for c in &g.copies {
            with.insert(c.device, ());
        }
        let members: Vec<Member> = view
            .devices
            .iter()
            .filter(|(_, d)| with.get(*d).is_none())
            .map(|(di, d)| Member {
                article: code,
                device: Some(d),
                section: g.id,
                label: Label::new(
                    view.file,
                    Loc::Value(format!("/devices/{di}/device")),
                    format!("no `{}` here", g.id),
                ),
            })
            .collect();
        // What only a full report prints: the devices that have it, and
        // where it goes.
        let full = (!env.brief()).then(|| {
            let first = &g.copies[0];
            let related = Label::new(
                view.file,
                Loc::Value(first.id_pointer()),
                format!("`{}` has it", first.device),
            );
            let holders: Vec<String> = g.copies.iter().map(|c| c.device.to_string()).collect();
            let positions = positions.get_or_insert_with(|| first_positions(view));
            (related, holders, previous_section(view, positions, g.id))
        });
        let id = g.id;
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
                let d = Diagnostic::new(&RULE, message, ms[0].label.clone());
                let Some((related, holders, after)) = &full else {
                    return d;
                };
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
                // Every other device that lacks it is located too.
                let d = ms[1..]
                    .iter()
                    .fold(d.with_related(related.clone()), |d, m| {
                        d.with_related(m.label.clone())
                    });
                d.with_help(help).with_context(
                        context(code, ms[0].device, Some(id))
                            .about_devices(&super::devices(ms)),
                    )
            }),
        });
    }
}

/// For each device of the view (in order), the first position of each
/// section id in its entry.
fn first_positions<'v>(view: &ArticleView<'v>) -> Vec<SmallMap<&'v str, usize>> {
    view.devices
        .iter()
        .map(|(di, _)| {
            let mut first = SmallMap::default();
            for (pos, s) in view.article.devices[*di].sections.iter().enumerate() {
                first.insert(s.id.as_str(), pos);
            }
            first
        })
        .collect()
}

/// The section the devices that have `id` most often put right before it
/// (`positions` from [`first_positions`]).
fn previous_section(
    view: &ArticleView,
    positions: &[SmallMap<&str, usize>],
    id: &str,
) -> Option<String> {
    let mut counts: SmallMap<&str, usize> = SmallMap::default();
    for ((di, _), first) in view.devices.iter().zip(positions) {
        let sections = &view.article.devices[*di].sections;
        if let Some(&pos) = first.get(id)
            && pos > 0
        {
            let prev = sections[pos - 1].id.as_str();
            match counts.get_mut(prev) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(prev, 1);
                }
            }
        }
    }
    // Most frequent; first seen on a tie.
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .iter()
        .find(|(_, n)| **n == best)
        .map(|(p, _)| p.to_string())
}
