//! `identical-copies`: a section is identical across devices (or articles);
//! a candidate for single-sourcing.

use super::view::{ArticleView, DeviceCopy};
use super::{Env, Finding, Member, list, plural};
use crate::diag::{Diagnostic, Label, Loc};
use crate::rules::context;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports each group of devices whose copies of a section are identical
    /// after normalization, once, as an N-way class: "`contact-isp` is
    /// identical in 8 devices: blu-ray, ps3, …". Normalization replaces each
    /// device's own name and nouns (from the device registry and `[nouns]`
    /// in nwlint.toml) by a placeholder and folds spacing, typographic
    /// quotes and list glyphs, so "Turn off your Blu-ray player." and "Turn
    /// off your smart TV." count as the same text.
    ///
    /// Within an article the class reported is the version most devices
    /// share (for a section with drifted copies, that is the consensus the
    /// `drifted-copy` and `divergent-variant` findings compare against).
    /// The message says when the text is also the whole "All other devices"
    /// fallback. Across articles, a section text found in several articles
    /// (in the same locale) is reported once, naming the articles. Copies
    /// already single-sourced from a snippet are not counted.
    ///
    /// ## Why
    /// Identical copies are kept in sync by hand. Every later edit has to be
    /// repeated in each copy, and the copies that get missed become drift.
    /// A snippet holds the text once.
    ///
    /// ## Example
    /// Eight devices of NW-6-403 carry the same "Contact your internet
    /// service provider" section, word for word.
    ///
    /// ## How to fix
    /// `nwlint extract <id>` moves the text to `content/snippets/<id>.json`,
    /// with `{"var": "noun"}` (or `{"var": "name"}`, or
    /// `{"var": "noun", "index": k}`) where each copy names its device, and
    /// replaces each copy's `title` and `blocks` with `"snippet": "<id>"`,
    /// refusing if any rendered text would change. The finding is advice; to keep a copy literal on
    /// purpose, add `"intended": [{"rule": "identical-copies", "reason":
    /// "…"}]` to that section, or silence the rule in nwlint.toml
    /// (`[rules] identical-copies = "off"`).
    pub static RULE = { id: "identical-copies", severity: Advice, summary: "section is identical across devices; a candidate for single-sourcing" };
}

/// Reports the reference variant of each section of one article, when two
/// or more literal copies share it.
pub fn within<'a>(env: &Env<'a>, view: &ArticleView<'a>, out: &mut Vec<Finding<'a>>) {
    let code = view.article.code.as_str();
    for g in &view.groups {
        let reference: Vec<&DeviceCopy> = g.reference().collect();
        let literal: Vec<&DeviceCopy> = reference.iter().copied().filter(|c| c.literal()).collect();
        let users = reference.len() - literal.len();
        if literal.len() < 2 && !(literal.len() == 1 && users > 0) {
            continue;
        }
        let members: Vec<Member> = literal
            .iter()
            .map(|c| Member {
                article: code,
                device: Some(c.device),
                section: g.id,
                label: Label::new(view.file, Loc::Value(c.id_pointer()), c.device),
            })
            .collect();
        let body = reference[0].body;
        let fallback = view
            .fallback_body
            .filter(|fb| *fb == body)
            .and(view.article.fallback.as_ref())
            .map(|fb| fb.title.clone());
        let existing = env.snippets.get(&body).map(|id| id.to_string());
        let brief = env.brief();
        let total = g.copies.len();
        let id = g.id;
        out.push(Finding {
            rule: &RULE,
            min: if users > 0 { 1 } else { 2 },
            more: 0,
            members,
            build: Box::new(move |ms: &[Member]| {
                let names: Vec<&str> = super::devices(ms);
                let count = if ms.len() == total {
                    plural(ms.len(), "device", "devices")
                } else {
                    format!("{} of {total} devices", ms.len())
                };
                let mut message = format!("`{id}` is identical in {count}: {}", list(&names, 12));
                if let Some(title) = &fallback {
                    message.push_str(&format!(
                        "; its text is also the whole “{}” fallback",
                        crate::text::clip(title, 60)
                    ));
                }
                if users > 0 {
                    message.push_str(&format!(
                        "; {} already single-sourced",
                        plural(users, "other copy is", "other copies are")
                    ));
                }
                let d = Diagnostic::new(&RULE, message, ms[0].label.clone());
                if brief {
                    return d;
                }
                let help = match &existing {
                    Some(s) => format!(
                        "snippet `{s}` has this text: `nwlint extract {id} --article {code} --id {s}` makes each copy use it"
                    ),
                    None => format!(
                        "single-source it: `nwlint extract {id} --article {code}` puts the text in snippets/{id}.json, with the device's words as variables, and makes each copy `\"snippet\": \"{id}\"`"
                    ),
                };
                // The message names every copy; labels on each would make a
                // long snippet of the whole article.
                d.with_help(help)
                    .with_context(
                        context(code, ms[0].device, Some(id))
                            .about_devices(&super::devices(ms)),
                    )
            }),
        });
    }
}
