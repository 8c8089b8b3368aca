//! The rule registry: every rule is declared once, with `declare_rule!`.
//!
//! A declaration holds the stable id, the default severity, a one-line
//! summary and the documentation (the `///` comment on the declaration). That
//! single declaration feeds `nwlint check` (ids and severities of findings),
//! `nwlint explain` (the docs), `nwlint rules` (the list) and the
//! machine-readable outputs (SARIF `tool.driver.rules`, JSON).
//!
//! Rules that inspect one parsed file live next to their declaration, one
//! file per rule. Rules that compare sections across devices and articles are
//! declared in [`crate::drift`]'s rule files below `drift/`.

use crate::config::Config;
use crate::diag::{Context, Diagnostic, Severity};
use crate::load::Corpus;
use crate::source::SourceMap;

/// Declares a rule. The doc comment becomes the rule's documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident = { id: $id:literal, severity: $sev:ident, summary: $summary:literal $(,)? };
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::rules::RuleDef = $crate::rules::RuleDef {
            id: $id,
            default_severity: $crate::diag::Severity::$sev,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use declare_rule;

pub mod code_filename;
pub mod disallowed_link;
pub mod duplicate_key;
pub mod encoding;
pub mod error_code;
pub mod json_syntax;
pub mod repeated_device;
pub mod repeated_section;
pub mod schema;
pub mod skipped_file;
pub mod unknown_device;
pub mod unknown_file;
pub mod unknown_snippet;
pub mod walk;

/// What the per-file rules see.
pub struct Ctx<'a> {
    pub corpus: &'a Corpus,
    pub sources: &'a SourceMap,
    pub config: &'a Config,
    /// What the report will print of each finding.
    pub detail: crate::diag::Detail,
}

impl Ctx<'_> {
    /// Domains links may point to: the help center's own, its
    /// `link_domains`, and `link-domains` from nwlint.toml. `None` when
    /// `helpcenter.json` is there but did not load: its own findings say
    /// why, and every link is not to be reported as disallowed for it.
    pub fn link_domains(&self) -> Option<Vec<String>> {
        if self.corpus.helpcenter_unloaded {
            return None;
        }
        let mut out = Vec::new();
        if let Some(hc) = &self.corpus.helpcenter {
            out.push(hc.value.domain.to_ascii_lowercase());
            out.extend(hc.value.link_domains.iter().map(|d| d.to_ascii_lowercase()));
        }
        out.extend(
            self.config
                .link_domains
                .iter()
                .map(|d| d.to_ascii_lowercase()),
        );
        Some(out)
    }
}

/// The context of a finding inside an article.
pub fn context(article: &str, device: Option<&str>, section: Option<&str>) -> Context {
    Context {
        article: Some(article.to_string()),
        device: device.map(str::to_string),
        section: section.map(str::to_string),
    }
}

/// Runs the checks a schema cannot express, over the whole corpus.
///
/// Articles are checked on every core; the findings come out in the same
/// order as a serial run, rule by rule and, within a rule, article by
/// article.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    const RULES: usize = 6;
    let ids = unknown_device::ids(ctx);
    let domains = ctx.link_domains();
    // Bodies each text rule found nothing in (see `walk::Clean`).
    let clean = [walk::Clean::default(), walk::Clean::default()];
    let mut per_article: Vec<[Vec<Diagnostic>; RULES]> = ctx
        .corpus
        .articles
        .par_iter()
        .map(|art| {
            let mut out: [Vec<Diagnostic>; RULES] = Default::default();
            code_filename::check(ctx, art, &mut out[0]);
            unknown_device::check(ids.as_deref(), art, &mut out[1]);
            repeated_device::check(art, &mut out[2]);
            repeated_section::check(art, &mut out[3]);
            error_code::check(art, &clean[0], &mut out[4]);
            disallowed_link::check(domains.as_deref(), &clean[1], art, &mut out[5]);
            out
        })
        .collect();
    let total = per_article.iter().flatten().map(Vec::len).sum();
    let mut out = Vec::with_capacity(total);
    for rule in 0..RULES {
        for found in &mut per_article {
            out.append(&mut found[rule]);
        }
    }
    out
}

/// A rule's single declaration.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleDef {
    /// Stable kebab-case id, e.g. `unknown-device`.
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line, lower-case start, no final period.
    pub summary: &'static str,
    /// Markdown documentation: what it checks, why, an example, how to fix.
    /// Lines carry the one leading space of `///` comments; see [`RuleDef::docs`].
    pub docs: &'static str,
}

impl RuleDef {
    /// The documentation with the doc-comment indentation removed.
    pub fn docs(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }
}

/// Every rule nwlint knows, in the order `nwlint rules` lists them.
pub fn all() -> &'static [&'static RuleDef] {
    static ALL: &[&RuleDef] = &[
        &json_syntax::RULE,
        &encoding::RULE,
        &duplicate_key::RULE,
        &schema::RULE,
        &unknown_file::RULE,
        &skipped_file::RULE,
        &code_filename::RULE,
        &unknown_device::RULE,
        &repeated_device::RULE,
        &repeated_section::RULE,
        &unknown_snippet::RULE,
        &error_code::RULE,
        &disallowed_link::RULE,
        &crate::drift::identical::RULE,
        &crate::drift::drifted::RULE,
        &crate::drift::divergent::RULE,
        &crate::drift::missing::RULE,
        &crate::drift::mixed_nouns::RULE,
        &crate::drift::stale_intended::RULE,
    ];
    ALL
}

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static RuleDef> {
    all().iter().copied().find(|r| r.id == id)
}

/// Ids close to `id` (for "did you mean" hints).
pub fn suggest(id: &str) -> Option<&'static str> {
    crate::text::closest(id, all().iter().map(|r| r.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id
                    .split('-')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase())),
                "rule id {} is not kebab-case",
                rule.id
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in all() {
            let docs = rule.docs();
            for heading in ["## What it does", "## Why", "## Example", "## How to fix"] {
                assert!(docs.contains(heading), "{} docs lack {heading}", rule.id);
            }
            assert!(
                !rule.summary.ends_with('.'),
                "{} summary ends with '.'",
                rule.id
            );
        }
    }

    #[test]
    fn find_and_suggest() {
        assert_eq!(find("unknown-device").unwrap().id, "unknown-device");
        assert!(find("nope").is_none());
        assert_eq!(suggest("unknown-devic"), Some("unknown-device"));
    }
}
