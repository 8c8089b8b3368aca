//! The rules a schema cannot express, one file per rule: each declared
//! once with `declare_rule!` (stable id, default severity, one-line summary,
//! and its documentation, the `///` comment), next to its logic.
//!
//! That single declaration feeds `nwlint check` (ids and severities of
//! findings), `nwlint explain`, `nwlint rules` and the machine-readable
//! outputs, through [`crate::catalog`], which lists these and drift's
//! rules (declared in `drift/`). The loader asks the file rules (encoding,
//! json-syntax, duplicate-key, schema, unknown-file, skipped-file) for its
//! findings; [`check`] runs the rest over the corpus.

use crate::config::Config;
use crate::corpus::Corpus;
pub use crate::diag::RuleDef;
use crate::diag::{Context, Diagnostic};
use crate::source::SourceMap;

/// Declares a rule. The doc comment becomes the rule's documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident = { id: $id:literal, severity: $sev:ident, summary: $summary:literal $(, fix: $fix:literal)? $(,)? };
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::diag::RuleDef = $crate::diag::RuleDef {
            id: $id,
            default_severity: $crate::diag::Severity::$sev,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
            fix: $crate::rules::fix_of!($($fix)?),
        };
    };
}
pub(crate) use declare_rule;

/// `Some(fix)` when a rule declares one, else `None`.
macro_rules! fix_of {
    () => {
        None
    };
    ($fix:literal) => {
        Some($fix)
    };
}
pub(crate) use fix_of;

pub mod code_filename;
pub mod disallowed_link;
pub mod duplicate_key;
pub mod encoding;
pub mod error_code;
pub mod json_syntax;
pub mod locale;
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
    /// Every rule there is ([`crate::catalog::all`]), for what names rules
    /// by id.
    pub rules: &'a [&'static RuleDef],
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
        devices: device.into_iter().map(str::to_string).collect(),
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
    locale::check(ctx, &mut out);
    out
}
