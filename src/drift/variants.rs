//! Outlier copies of a section, against the version most devices share:
//! the findings of [`super::drifted`] and [`super::divergent`].
//!
//! Within an article, the copies of one section id are grouped into
//! variants (distinct normalized texts). The reference is the variant most
//! devices share. Each other variant is one finding, naming every device
//! that has it, with a word-level diff against the reference: at or above
//! `[drift] threshold` similarity it is a drifted copy, below it a
//! divergent variant. Neither is ever hidden.
//!
//! When no text is shared by more devices than every other (two devices,
//! each with its own text), there is no consensus. The copy of the device
//! that comes first in the article is then taken as the reference, and the
//! message says that no version has a majority: the difference is real, but
//! which side is right is for the writer to decide.

use super::index::{ArticleView, Copy, Text};
use super::worddiff::SectionDiff;
use super::{Env, Finding, Member, list, percent, plural};
use crate::diag::{Diagnostic, FileId, Label};
use crate::rules::{RuleDef, context};

/// Who shares the reference, for the message.
pub enum Reference {
    /// Devices of the same article: (device ids, has a majority).
    Devices(Vec<String>, bool),
    /// Other articles: (article codes, section id if it differs).
    Articles(Vec<String>, Option<String>),
}

/// One outlier, ready to become a finding.
pub struct Outlier<'c, 'a> {
    /// The reference copy to diff against and point at.
    pub reference: (&'c Copy<'a>, FileId),
    /// The outlier's copies, one per member, with each member's article.
    pub copies: Vec<(&'c Copy<'a>, FileId, String)>,
    pub section: String,
    pub who: Reference,
    /// `true`: members are articles (cross-article finding).
    pub articles: bool,
}

/// Diffs an outlier against its reference and builds its finding: a
/// drifted copy at or above `threshold` similarity, else a divergent
/// variant, or nothing if `report_below` is false (cross-article pairs that
/// are simply different sections).
pub fn finding<'a>(
    env: &Env<'a>,
    o: Outlier<'_, 'a>,
    threshold: f64,
    report_below: bool,
) -> Option<Finding<'a>> {
    let (ref_copy, ref_file) = o.reference;
    let ref_text = Text::of(&env.norm, ref_copy);
    let (first, _, _) = &o.copies[0];
    let text = Text::of(&env.norm, first);
    let diff = SectionDiff::new(ref_text.side(), text.side());
    let similarity = diff.similarity;
    let drifted = similarity >= threshold;
    if !drifted && !report_below {
        return None;
    }
    let rule: &'static RuleDef = if drifted {
        &super::drifted::RULE
    } else {
        &super::divergent::RULE
    };
    let (spot, what) = diff.first_spot(ref_text.side(), text.side());
    let members: Vec<Member> = o
        .copies
        .iter()
        .map(|(c, file, article)| Member {
            article: article.clone(),
            device: (!o.articles).then(|| c.device.to_string()),
            section: o.section.clone(),
            label: Label::new(
                *file,
                super::index::locate(&env.norm, c, &spot),
                what.clone(),
            ),
        })
        .collect();
    let ref_desc = match &o.who {
        Reference::Devices(..) => format!("{}'s copy", ref_copy.device),
        Reference::Articles(codes, _) => format!("{}'s version", codes[0]),
    };
    let related = Label::new(
        ref_file,
        super::index::locate(&env.norm, ref_copy, &diff.old_spot(&spot)),
        format!("compared with {ref_desc}"),
    );
    let body = if diff.is_empty() {
        "(the copies differ only in spacing around punctuation)".to_string()
    } else {
        diff.render(ref_text.side(), text.side())
    };
    let (theirs, ours) = match &o.who {
        Reference::Devices(devs, _) => (
            list(&devs.iter().map(String::as_str).collect::<Vec<_>>(), 12),
            list(&o.copies.iter().map(|c| c.0.device).collect::<Vec<_>>(), 12),
        ),
        Reference::Articles(codes, _) => (
            list(&codes.iter().map(String::as_str).collect::<Vec<_>>(), 8),
            list(
                &o.copies.iter().map(|c| c.2.as_str()).collect::<Vec<_>>(),
                8,
            ),
        ),
    };
    let note = format!(
        "word diff: [-{theirs}-] {{+{ours}+}}; {} is each device's own name or noun\n{}",
        crate::normalize::DEVICE,
        indent(&body)
    );
    let similar = if diff.is_empty() {
        "only spacing differs".to_string()
    } else if percent(similarity) == 100 {
        "same words, in another order".to_string()
    } else {
        format!("{}% similar", percent(similarity))
    };
    let section = o.section.clone();
    let who = o.who;
    let articles = o.articles;
    Some(Finding {
        rule,
        min: 1,
        members,
        build: Box::new(move |ms: &[Member]| {
            let subject = if articles {
                let codes: Vec<&str> = ms.iter().map(|m| m.article.as_str()).collect();
                match codes.as_slice() {
                    [one] => format!("`{section}` in {one}"),
                    many => format!(
                        "`{section}` in {} ({})",
                        plural(many.len(), "article", "articles"),
                        list(many, 8)
                    ),
                }
            } else {
                let devs = super::devices(ms);
                match devs.as_slice() {
                    [one] => format!("`{section}` for `{one}`"),
                    many => format!(
                        "`{section}` for {} ({})",
                        plural(many.len(), "device", "devices"),
                        list(many, 12)
                    ),
                }
            };
            let reference = match &who {
                Reference::Devices(devs, true) if devs.len() == 1 => {
                    format!("`{}`'s version", devs[0])
                }
                Reference::Devices(devs, true) => {
                    format!("the version {} other devices share", devs.len())
                }
                Reference::Devices(devs, false) => format!(
                    "`{}`'s copy (no version is shared by more devices)",
                    devs[0]
                ),
                Reference::Articles(codes, None) if codes.len() == 1 => {
                    format!("the version in {}", codes[0])
                }
                Reference::Articles(codes, None) => format!(
                    "the version {} other articles share ({})",
                    codes.len(),
                    list(&codes.iter().map(String::as_str).collect::<Vec<_>>(), 3)
                ),
                Reference::Articles(codes, Some(other)) => {
                    format!(
                        "`{other}` in {}",
                        list(&codes.iter().map(String::as_str).collect::<Vec<_>>(), 3)
                    )
                }
            };
            let (message, help) = if drifted {
                (
                    format!("{subject} has drifted from {reference} ({similar})"),
                    format!(
                        "make the copies agree: apply the change everywhere or undo it here; if the difference is meant to be, add `\"intended\": [{{\"rule\": \"{}\", \"reason\": \"…\"}}]` to the section",
                        rule.id
                    ),
                )
            } else {
                (
                    format!("{subject} is a divergent variant of {reference} (only {similar})"),
                    format!(
                        "if this procedure really differs, say why: add `\"intended\": [{{\"rule\": \"{}\", \"reason\": \"…\"}}]` to the section; otherwise rewrite it from the other copies",
                        rule.id
                    ),
                )
            };
            // The message names every member; one related label, at the
            // reference, keeps the snippet short.
            let m0 = &ms[0];
            Diagnostic::new(rule, message, m0.label.clone())
                .with_help(help)
                .with_note(note.clone())
                .with_related(related.clone())
                .with_context(context(&m0.article, m0.device.as_deref(), Some(&section)))
        }),
    })
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reports every variant of every section of one article that differs from
/// the reference.
pub fn within<'a>(env: &Env<'a>, view: &ArticleView<'a>, out: &mut Vec<Finding<'a>>) {
    for g in &view.groups {
        if g.variants.len() < 2 {
            continue;
        }
        let reference = &g.copies[g.variants[0][0]];
        let ref_devices: Vec<String> = g.reference().map(|c| c.device.to_string()).collect();
        for v in &g.variants[1..] {
            let copies = v
                .iter()
                .map(|&i| (&g.copies[i], view.file, view.article.code.clone()))
                .collect();
            let o = Outlier {
                reference: (reference, view.file),
                copies,
                section: g.id.to_string(),
                who: Reference::Devices(ref_devices.clone(), g.majority),
                articles: false,
            };
            out.extend(finding(env, o, env.drift.threshold, true));
        }
    }
}
