//! `locale-references`: a translation links where its source links (or
//! to the equivalent `helpcenter.json` declares for its locale) and names
//! the same error codes, in the same sections.

use super::{Pair, at, entry};
use crate::diag::Diagnostic;
use crate::model::{Inline, Run, Section};
use crate::normalize::unit_texts;
use crate::rules::{Ctx, context};

crate::rules::declare_rule! {
    /// ## What it does
    /// Compares the links and error codes of each translated section (and
    /// of the intro) with its source's, in order: the same link targets —
    /// or, for a locale, the equivalents `locale_links` in
    /// `helpcenter.json` declares — and the same error codes.
    ///
    /// ## Why
    /// Link targets and codes are not translated; a translation that lost
    /// a link, points at an old page or names another code sends its
    /// readers elsewhere than the source does.
    ///
    /// ## Example
    /// The source's `sign-in-check` links to
    /// `https://www.netflix.com/clearcookies`; the fr-FR translation links
    /// to `https://www.netflix.com/clearcookie`.
    ///
    /// ## How to fix
    /// Use the source's target (or declare the locale's equivalent in
    /// `helpcenter.json` under `locale_links`), and the source's codes.
    pub static RULE = { id: "locale-references", severity: Warning, summary: "translation links elsewhere or names other error codes than its source article" };
}

/// A link target or an error code, and its pointer (relative to the text).
struct Reference {
    what: &'static str,
    value: String,
    pointer: String,
}

/// The links and codes of `text` at `pointer`, in order.
fn references(text: &Inline, pointer: &str, out: &mut Vec<Reference>) {
    let Inline::Runs(runs) = text else {
        return;
    };
    for (k, r) in runs.iter().enumerate() {
        let (what, value, key) = match r {
            Run::Link(l) => ("link to", &l.href, "href"),
            Run::Code(c) => ("error code", &c.code, "code"),
            _ => continue,
        };
        out.push(Reference {
            what,
            value: value.clone(),
            pointer: format!("{pointer}/{k}/{key}"),
        });
    }
}

fn of_section(section: &Section) -> Vec<Reference> {
    let mut out = Vec::new();
    if section.snippet.is_none() {
        for u in unit_texts(&section.blocks) {
            references(u.text, &format!("/blocks{}", u.pointer), &mut out);
        }
    }
    out
}

/// Checks one translation against its source.
pub fn check(ctx: &Ctx, pair: &Pair, out: &mut Vec<Diagnostic>) {
    let (src, tr) = (&pair.source.value, &pair.translation.value);
    let links =
        (ctx.corpus.helpcenter.as_ref()).and_then(|h| h.value.locale_links.get(pair.locale));
    let expected = |r: &Reference| match (r.what, links.and_then(|l| l.get(&r.value))) {
        ("link to", Some(equivalent)) => equivalent.clone(),
        _ => r.value.clone(),
    };
    let mut compare =
        |a: Vec<Reference>, b: Vec<Reference>, bases: (String, String), device, section| {
            let code = tr.code.as_str();
            let ctx = context(code, device, section);
            for k in 0..a.len().max(b.len()) {
                let message = match (a.get(k), b.get(k)) {
                    (Some(s), Some(t)) if expected(s) == t.value => continue,
                    (Some(s), Some(t)) => format!(
                        "{} `{}` where the source has `{}`",
                        t.what
                            .replace("link to", "links to")
                            .replace("error code", "names the error code"),
                        t.value,
                        expected(s)
                    ),
                    (Some(s), None) => format!("lacks the source's {} `{}`", s.what, expected(s)),
                    (None, Some(t)) => {
                        format!("has a {} `{}` the source does not have", t.what, t.value)
                    }
                    (None, None) => continue,
                };
                let here = match b.get(k) {
                    Some(t) => format!("{}{}", bases.1, t.pointer),
                    None => bases.1.clone(),
                };
                let mut d = Diagnostic::new(
                    &RULE,
                    format!("the {} translation {message}", pair.locale),
                    at(pair.translation, here, "here"),
                )
                .with_context(ctx.clone());
                if let Some(s) = a.get(k) {
                    d = d.with_related(at(
                        pair.source,
                        format!("{}{}", bases.0, s.pointer),
                        "in the source",
                    ));
                }
                out.push(d);
                // One finding per text: the rest of it is shifted.
                break;
            }
        };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    references(&src.intro, "", &mut a);
    references(&tr.intro, "", &mut b);
    compare(a, b, ("/intro".into(), "/intro".into()), None, None);
    for (ti, e) in tr.devices.iter().enumerate() {
        let Some((si, s)) = entry(src, &e.device) else {
            continue;
        };
        for (tk, t) in e.sections.iter().enumerate() {
            let Some(sk) = s.sections.iter().position(|x| x.id == t.id) else {
                continue;
            };
            let bases = (
                format!("/devices/{si}/sections/{sk}"),
                format!("/devices/{ti}/sections/{tk}"),
            );
            compare(
                of_section(&s.sections[sk]),
                of_section(t),
                bases,
                Some(&e.device),
                Some(&t.id),
            );
        }
    }
}
