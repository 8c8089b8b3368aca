//! Single-sourced sections: snippet references replaced by the snippet's
//! blocks, with the device's name and noun filled in.

use super::*;

/// Replaces snippet references by the snippet's blocks, with the device's
/// name and noun filled in. Unknown snippets are reported.
pub(super) fn resolve_snippets(loading: &mut Loading, bodies: &Bodies) {
    let corpus = &mut loading.corpus;
    if corpus.articles.iter().all(|a| {
        a.value
            .devices
            .iter()
            .all(|d| d.sections.iter().all(|s| s.snippet.is_none()))
    }) {
        return;
    }
    let snippets: std::collections::HashMap<String, Snippet> = corpus
        .snippets
        .iter()
        .map(|s| (s.value.id.clone(), s.value.clone()))
        .collect();
    let registry = corpus.registry.as_ref().map(|r| &r.value);
    for art in &mut corpus.articles {
        for (di, entry) in art.value.devices.iter_mut().enumerate() {
            let device = registry.and_then(|r| r.devices.iter().find(|d| d.id == entry.device));
            for (si, section) in entry.sections.iter_mut().enumerate() {
                let Some(snip_id) = &section.snippet else {
                    continue;
                };
                match snippets.get(snip_id) {
                    Some(snip) => fill_section(section, snip, device, &entry.device, bodies),
                    None => {
                        let hint =
                            crate::text::closest(snip_id, snippets.keys().map(String::as_str))
                                .map(|s| format!("did you mean `{s}`?"))
                                .unwrap_or_else(|| {
                                    "snippets live in the content root's snippets/ folder".into()
                                });
                        loading.diagnostics.push(
                            Diagnostic::new(
                                &rules::unknown_snippet::RULE,
                                format!("unknown snippet `{}`", crate::text::clip(snip_id, 60)),
                                Label::new(
                                    art.file,
                                    Loc::Value(format!("/devices/{di}/sections/{si}/snippet")),
                                    "no such snippet",
                                ),
                            )
                            .with_help(hint),
                        );
                    }
                }
            }
        }
    }
}

/// Fills an article's single-sourced sections from their snippets, as
/// [`load`] does (unknown snippets stay empty).
pub(super) fn fill_article(
    a: &mut Article,
    snippets: &std::collections::HashMap<&str, &Snippet>,
    registry: Option<&DeviceRegistry>,
    bodies: &Bodies,
) {
    for entry in &mut a.devices {
        let device = registry.and_then(|r| r.devices.iter().find(|d| d.id == entry.device));
        for section in &mut entry.sections {
            if let Some(Some(snip)) = section.snippet.as_deref().map(|id| snippets.get(id)) {
                fill_section(section, snip, device, &entry.device, bodies);
            }
        }
    }
}

/// Fills a single-sourced section from its snippet, with the device's name
/// and nouns (the device id for both when the registry does not know it).
pub(super) fn fill_section(
    section: &mut crate::model::Section,
    snip: &Snippet,
    device: Option<&crate::model::Device>,
    device_id: &str,
    bodies: &Bodies,
) {
    if section.title.is_none() {
        section.title = Some(snip.title.clone());
    }
    let unknown;
    let device = match device {
        Some(d) => d,
        None => {
            unknown = crate::model::Device {
                id: device_id.to_string(),
                name: device_id.to_string(),
                nouns: Vec::new(),
                ..Default::default()
            };
            &unknown
        }
    };
    section.blocks = bodies.share(snip.blocks.iter().map(|b| fill_block(b, device)).collect());
}

pub(super) fn fill_inline(text: &Inline, device: &crate::model::Device) -> Inline {
    match text {
        Inline::Plain(_) => text.clone(),
        Inline::Runs(runs) => Inline::Runs(
            runs.iter()
                .map(|r| match r {
                    Run::Var(v) => match v.fill(device) {
                        Some(word) => Run::Text(word.to_string()),
                        None => r.clone(),
                    },
                    other => other.clone(),
                })
                .collect(),
        ),
    }
}

pub(super) fn fill_block(block: &Block, device: &crate::model::Device) -> Block {
    let f = |t: &Inline| fill_inline(t, device);
    match block {
        Block::Paragraph { text } => Block::Paragraph { text: f(text) },
        Block::Note { text } => Block::Note { text: f(text) },
        Block::Bullets { items } => Block::Bullets {
            items: items.iter().map(f).collect(),
        },
        Block::Steps { items } => Block::Steps {
            items: items
                .iter()
                .map(|s| Step {
                    text: f(&s.text),
                    bullets: s.bullets.iter().map(f).collect(),
                })
                .collect(),
        },
    }
}
