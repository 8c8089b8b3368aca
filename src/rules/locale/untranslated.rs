//! `untranslated`: an article with no translation for a locale the help
//! center declares, and a translated section that is still the source's
//! text.

use super::{Pair, at, default_locale, entry};
use crate::diag::Diagnostic;
use crate::model::Section;
use crate::normalize::{flatten, unit_texts};
use crate::rules::{Ctx, context};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a source article that has no translation for a locale
    /// `helpcenter.json` lists under `locales`, and a section of a
    /// translation whose text is exactly the source's.
    ///
    /// ## Why
    /// A missing translation sends that locale's readers to another
    /// language; a section copied in and never translated reads as a
    /// finished translation in reviews.
    ///
    /// ## Example
    /// `locales: ["fr-FR"]` and no `articles/NW-6-403.fr-FR.json`; or the
    /// fr-FR `restart-network` for `ps4` still says "Turn off or unplug
    /// your video game console."
    ///
    /// ## How to fix
    /// Add the translation (`nwlint new` starts from an article), or
    /// translate the section.
    pub static RULE = { id: "untranslated", severity: Advice, summary: "article lacks a declared translation, or a translated section is still the source text" };
}

/// Checks every source article and every translation.
pub fn check(ctx: &Ctx, pairs: &[Pair], out: &mut Vec<Diagnostic>) {
    let Some(hc) = &ctx.corpus.helpcenter else {
        return;
    };
    let default = default_locale(ctx);
    for a in &ctx.corpus.articles {
        if a.value.locale.as_deref().is_some_and(|l| l != default) {
            continue;
        }
        for locale in hc.value.locales.iter().filter(|l| *l != default) {
            let translated =
                (pairs.iter()).any(|p| p.source.file == a.file && p.locale == locale.as_str());
            if !translated {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        format!("{} has no {locale} translation", a.value.code),
                        at(
                            a,
                            "/code".into(),
                            format!("no articles/{}.{locale}.json", a.value.code),
                        ),
                    )
                    .with_context(context(&a.value.code, None, None)),
                );
            }
        }
    }
    for pair in pairs {
        sections(pair, out);
    }
}

/// The text a reader sees in a section, for telling whether it changed.
fn text(section: &Section) -> String {
    let mut out = section.title.clone().unwrap_or_default();
    for u in unit_texts(&section.blocks) {
        out.push('\n');
        out.push_str(&flatten(u.text, false));
    }
    out
}

fn sections(pair: &Pair, out: &mut Vec<Diagnostic>) {
    let (src, tr) = (&pair.source.value, &pair.translation.value);
    for (ti, e) in tr.devices.iter().enumerate() {
        let Some((_, s)) = entry(src, &e.device) else {
            continue;
        };
        for (tk, t) in e.sections.iter().enumerate() {
            let same = (s.sections.iter())
                .find(|x| x.id == t.id)
                .is_some_and(|x| text(x) == text(t));
            if same && t.snippet.is_none() && text(t).chars().any(char::is_alphabetic) {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        format!(
                            "`{}` for `{}` in the {} translation is the source's text",
                            t.id, e.device, pair.locale
                        ),
                        at(
                            pair.translation,
                            format!("/devices/{ti}/sections/{tk}/id"),
                            "not translated",
                        ),
                    )
                    .with_context(context(
                        &tr.code,
                        Some(&e.device),
                        Some(&t.id),
                    )),
                );
            }
        }
    }
}
