//! `locale-structure`: a translation has the devices, sections, blocks,
//! steps and bullets of its source article, in the same order.

use super::{Pair, at, entry};
use crate::diag::Diagnostic;
use crate::model::{Block, Section};
use crate::rules::context;

crate::rules::declare_rule! {
    /// ## What it does
    /// Compares each translation (`articles/<CODE>.<locale>.json`) with its
    /// source article (`articles/<CODE>.json`): the same devices, the same
    /// section ids in the same order for each device, and in each section
    /// the same blocks with the same number of steps and bullets. Each
    /// difference is located in the translation, with the source's place
    /// as a related label.
    ///
    /// ## Why
    /// A translation is made once and then drifts: a step added to the
    /// source never reaches it, a device added later is missing. Readers of
    /// that locale then follow other instructions.
    ///
    /// ## Example
    /// The source's `restart-network` for `ps4` has 4 steps; the fr-FR
    /// translation's has 3.
    ///
    /// ## How to fix
    /// Translate what the source added (or remove what it removed), so the
    /// translation has the source's structure.
    pub static RULE = { id: "locale-structure", severity: Warning, summary: "translation differs from its source article in devices, sections, steps or bullets" };
}

/// Checks one translation against its source.
pub fn check(pair: &Pair, out: &mut Vec<Diagnostic>) {
    let (src, tr) = (&pair.source.value, &pair.translation.value);
    let finding = |message: String, here, there| {
        let mut d =
            Diagnostic::new(&RULE, message, here).with_context(context(&tr.code, None, None));
        if let Some(there) = there {
            d = d.with_related(there);
        }
        d
    };
    for (si, e) in src.devices.iter().enumerate() {
        if entry(tr, &e.device).is_none() {
            out.push(finding(
                format!(
                    "`{}` of the source is missing from the {} translation",
                    e.device, pair.locale
                ),
                at(pair.translation, "/devices".into(), "no entry for it here"),
                Some(at(
                    pair.source,
                    format!("/devices/{si}/device"),
                    "in the source",
                )),
            ));
        }
    }
    for (ti, e) in tr.devices.iter().enumerate() {
        let Some((si, s)) = entry(src, &e.device) else {
            out.push(finding(
                format!("`{}` is not in the source article", e.device),
                at(
                    pair.translation,
                    format!("/devices/{ti}/device"),
                    "not in the source",
                ),
                None,
            ));
            continue;
        };
        sections(pair, (si, &s.sections), (ti, &e.sections), &e.device, out);
    }
}

/// The sections of one device: ids and order, then each common section.
fn sections(
    pair: &Pair,
    (si, src): (usize, &[Section]),
    (ti, tr): (usize, &[Section]),
    device: &str,
    out: &mut Vec<Diagnostic>,
) {
    let code = &pair.translation.value.code;
    let ids = |v: &[Section]| v.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    let (src_ids, tr_ids) = (ids(src), ids(tr));
    let push = |out: &mut Vec<Diagnostic>, message: String, here, there, section: Option<&str>| {
        out.push(
            Diagnostic::new(&RULE, message, here)
                .with_related(there)
                .with_context(context(code, Some(device), section)),
        );
    };
    for (k, id) in src_ids.iter().enumerate() {
        if !tr_ids.contains(id) {
            push(
                out,
                format!("`{id}` of the source is missing for `{device}`"),
                at(
                    pair.translation,
                    format!("/devices/{ti}/device"),
                    "no such section here",
                ),
                at(
                    pair.source,
                    format!("/devices/{si}/sections/{k}/id"),
                    "in the source",
                ),
                Some(id),
            );
        }
    }
    for (k, id) in tr_ids.iter().enumerate() {
        if !src_ids.contains(id) {
            push(
                out,
                format!("`{id}` for `{device}` is not in the source article"),
                at(
                    pair.translation,
                    format!("/devices/{ti}/sections/{k}/id"),
                    "not in the source",
                ),
                at(
                    pair.source,
                    format!("/devices/{si}/device"),
                    "the source's entry",
                ),
                Some(id),
            );
        }
    }
    let common = |v: &[String], other: &[String]| -> Vec<String> {
        v.iter().filter(|i| other.contains(i)).cloned().collect()
    };
    let (a, b) = (common(&src_ids, &tr_ids), common(&tr_ids, &src_ids));
    if let Some(k) = (0..a.len()).find(|&k| a[k] != b[k]) {
        let tk = tr_ids.iter().position(|i| *i == b[k]).unwrap_or(0);
        let sk = src_ids.iter().position(|i| *i == a[k]).unwrap_or(0);
        push(
            out,
            format!(
                "the sections of `{device}` are in another order than the source's: `{}` here, `{}` there",
                b[k], a[k]
            ),
            at(
                pair.translation,
                format!("/devices/{ti}/sections/{tk}/id"),
                "here",
            ),
            at(
                pair.source,
                format!("/devices/{si}/sections/{sk}/id"),
                "the source's",
            ),
            Some(&b[k]),
        );
    }
    for (tk, t) in tr.iter().enumerate() {
        let Some(sk) = src.iter().position(|s| s.id == t.id) else {
            continue;
        };
        let base = (
            format!("/devices/{si}/sections/{sk}"),
            format!("/devices/{ti}/sections/{tk}"),
        );
        if let Some((message, rel)) = first_difference(&src[sk], t) {
            push(
                out,
                format!("`{}` for `{device}` {message}", t.id),
                at(pair.translation, format!("{}{rel}", base.1), "here"),
                at(pair.source, format!("{}{rel}", base.0), "in the source"),
                Some(&t.id),
            );
        }
    }
}

fn kind(b: &Block) -> &'static str {
    match b {
        Block::Paragraph { .. } => "paragraph",
        Block::Steps { .. } => "steps",
        Block::Bullets { .. } => "bullets",
        Block::Note { .. } => "note",
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first structural difference of a translated section, and where (a
/// pointer relative to the section, valid in both files).
fn first_difference(src: &Section, tr: &Section) -> Option<(String, String)> {
    if src.snippet.is_some() || tr.snippet.is_some() {
        return None;
    }
    let kinds = |s: &Section| s.blocks.iter().map(kind).collect::<Vec<_>>();
    let (sk, tk) = (kinds(src), kinds(tr));
    if sk != tk {
        return Some((
            format!(
                "has blocks {} where the source has {}",
                tk.join(", "),
                sk.join(", ")
            ),
            "/blocks".into(),
        ));
    }
    for (bi, (s, t)) in src.blocks.iter().zip(tr.blocks.iter()).enumerate() {
        match (s, t) {
            (Block::Steps { items: a }, Block::Steps { items: b }) => {
                if a.len() != b.len() {
                    return Some((
                        format!(
                            "has {} where the source has {}",
                            count(b.len(), "step", "steps"),
                            a.len()
                        ),
                        format!("/blocks/{bi}/items"),
                    ));
                }
                for (ii, (x, y)) in a.iter().zip(b.iter()).enumerate() {
                    if x.bullets.len() != y.bullets.len() {
                        return Some((
                            format!(
                                "has {} under step {} where the source has {}",
                                count(y.bullets.len(), "bullet", "bullets"),
                                ii + 1,
                                x.bullets.len()
                            ),
                            format!("/blocks/{bi}/items/{ii}"),
                        ));
                    }
                }
            }
            (Block::Bullets { items: a }, Block::Bullets { items: b }) if a.len() != b.len() => {
                return Some((
                    format!(
                        "has {} where the source has {}",
                        count(b.len(), "bullet", "bullets"),
                        a.len()
                    ),
                    format!("/blocks/{bi}/items"),
                ));
            }
            _ => {}
        }
    }
    None
}
