//! Duplicate and drift detection across devices and articles.
//!
//! Per-device sections are copies of each other, and copies drift when a
//! writer updates one device and not the rest. This module compares them:
//!
//! 1. [`index`]: every device's copy of every section is normalized (the
//!    device's own name and nouns become `{device}`, spacing, quotes and
//!    list glyphs are folded; see [`crate::normalize`]) and hashed. Copies
//!    of one section id in one article are grouped into variants (distinct
//!    texts); the reference variant is the one most devices share.
//!    When no text has a majority, the tie goes to the text most common
//!    across the help center (same locale), then to device order.
//! 2. Inside each article (in parallel): exact classes ([`identical`]),
//!    outliers against the reference with a word-level diff
//!    ([`drifted`]/[`divergent`], built in [`variants`]), missing sections
//!    ([`missing`]) and mixed device nouns ([`mixed_nouns`]).
//! 3. Across articles ([`across`]): the same text in several articles, by
//!    hash; near-copies found by grouping by section id and by MinHash LSH
//!    ([`lsh`]), diffed only when they are candidates. The cost grows with
//!    the number of distinct section texts, never with pairs of them.
//! 4. [`intended`]: marks in content and `nwlint.toml` remove the devices or
//!    articles they cover from findings; a mark that covers nothing is
//!    reported as [`stale_intended`].
//!
//! Findings are built as [`Finding`]s — a rule, the members it is about
//! (devices or articles, each with its own location) and a way to word the
//! diagnostic for the members that remain after intended marks — and only
//! then turned into [`Diagnostic`]s.

pub mod across;
pub mod divergent;
pub mod drifted;
pub mod identical;
pub mod index;
pub mod intended;
pub mod lsh;
pub mod memo;
pub mod missing;
pub mod mixed_nouns;
pub mod stale_intended;
pub mod summary;
pub mod variants;
pub mod worddiff;

use crate::config::DriftConfig;
use crate::diag::{Diagnostic, FileId, Label};
use crate::model::DeviceRegistry;
use crate::normalize::Normalizer;
use crate::rules::{Ctx, RuleDef};
use index::{ArticleView, Digest};
use rayon::prelude::*;

/// What a finding is about and where: a device's copy of a section in an
/// article, a device lacking a section, or (across articles) an article's
/// version of a section (`device: None`).
#[derive(Debug, Clone)]
pub struct Member<'a> {
    /// Article code.
    pub article: &'a str,
    pub device: Option<&'a str>,
    /// Section id.
    pub section: &'a str,
    /// Where the member is; the first remaining member's label is the
    /// finding's primary label.
    pub label: Label,
}

/// Words a diagnostic for the members that remain.
pub type Build<'a> = Box<dyn Fn(&[Member<'a>]) -> Diagnostic + Send + Sync + 'a>;

/// A finding before intended marks are applied.
pub struct Finding<'a> {
    pub rule: &'static RuleDef,
    pub members: Vec<Member<'a>>,
    /// The finding is dropped when fewer members remain.
    pub min: usize,
    /// Members left out of `members` and only counted (a hook run lists
    /// only those the wording shows when no mark names the rule, so none
    /// can be removed); `build` counts them itself.
    pub more: usize,
    pub build: Build<'a>,
}

/// What every drift check shares.
pub struct Env<'a> {
    pub ctx: &'a Ctx<'a>,
    pub norm: Normalizer,
    pub drift: &'a DriftConfig,
    /// The first snippet (in corpus order) with each body, by the body's
    /// digest.
    pub snippets: crate::hash::SmallMap<Digest, &'a str>,
    /// Nouns per device, for `mixed-nouns`.
    pub nouns: mixed_nouns::Nouns,
    /// How copies mix nouns, by device, title and body (see
    /// [`mixed_nouns::Mixed`]).
    pub mixed: mixed_nouns::Mixed,
    /// Section comparisons made so far, shared by all articles.
    pub diffs: variants::Diffs,
    /// Normalized texts of copies compared so far (see [`variants::TextMemo`]).
    pub texts: variants::TextMemo,
}

impl Env<'_> {
    /// The report prints only each finding's message and primary
    /// location ([`crate::diag::Detail::Brief`]): help, notes, related
    /// labels and context are not built.
    pub fn brief(&self) -> bool {
        self.ctx.detail == crate::diag::Detail::Brief
    }
}

static EMPTY_REGISTRY: DeviceRegistry = DeviceRegistry {
    schema: String::new(),
    devices: Vec::new(),
};

/// Articles known only by their summary in the persisted index, for
/// `nwlint check FILE…`: they take part in cross-article comparisons, and
/// findings are built only where a loaded article is involved.
pub struct Others<'a> {
    pub summaries: &'a [summary::Summary],
    /// The (virtual) file id of each summary's article: ids at or above
    /// [`VIRTUAL_FILE`], resolved by the caller if a finding it reports
    /// points there.
    pub files: Vec<FileId>,
    /// All articles in corpus order (the order of a full run): `Ok(i)` is
    /// the loaded article `i`, `Err(k)` summary `k`.
    pub order: Vec<Result<usize, usize>>,
    /// Loads the article of summary `k` in full.
    pub load: &'a (dyn Fn(usize) -> Option<crate::model::Article> + Sync),
    /// The LSH band keys of a text, by digest, from the index's shared
    /// table (see [`summary::summarize`]).
    pub bands: &'a (dyn Fn(Digest) -> Option<[u64; lsh::BANDS]> + Sync),
}

/// File ids at or above this stand for summarized articles (no source).
pub const VIRTUAL_FILE: FileId = 1 << 40;

/// Compares sections across devices and articles; findings sorted by
/// file, location, rule and message.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let mut diags = check_with(ctx, None);
    // Stable, like `sort_by`, on every core.
    diags.par_sort_by(|a, b| {
        (a.primary.file, &a.primary.loc, a.rule.id, &a.message).cmp(&(
            b.primary.file,
            &b.primary.loc,
            b.rule.id,
            &b.message,
        ))
    });
    diags
}

/// [`check`], with articles known only by their summary, and findings in
/// the order they were made (article by article, then across articles,
/// then stale marks): the caller sorts them for its report.
pub fn check_with(ctx: &Ctx, others: Option<&Others>) -> Vec<Diagnostic> {
    let corpus = ctx.corpus;
    let registry = corpus
        .registry
        .as_ref()
        .map_or(&EMPTY_REGISTRY, |r| &r.value);
    let norm = Normalizer::new(registry, &ctx.config.nouns);
    let mut snippets = crate::hash::SmallMap::default();
    for s in &corpus.snippets {
        snippets.insert(
            index::snippet_body(&norm, &s.value.blocks),
            s.value.id.as_str(),
        );
    }
    let env = Env {
        ctx,
        norm,
        drift: &ctx.config.drift,
        snippets,
        nouns: mixed_nouns::table(registry, &ctx.config.nouns),
        mixed: mixed_nouns::Mixed::default(),
        diffs: variants::Diffs::default(),
        texts: variants::TextMemo::default(),
    };
    let default_locale = corpus
        .helpcenter
        .as_ref()
        .map_or("en-US", |h| h.value.default_locale.as_str());

    let order: Vec<Result<usize, usize>> = match others {
        Some(o) => o.order.clone(),
        None => (0..corpus.articles.len()).map(Ok).collect(),
    };
    let memo = index::Digests::default();
    let mut views: Vec<ArticleView> = order
        .par_iter()
        .map(|slot| match (slot, others) {
            (Ok(i), _) => {
                let a = &corpus.articles[*i];
                index::article_with(&env.norm, &memo, *i, a.file, &a.value, default_locale)
            }
            (Err(k), Some(o)) => o.summaries[*k].view(usize::MAX, o.files[*k], default_locale),
            (Err(_), None) => unreachable!("summaries come with `others`"),
        })
        .collect();
    index::break_ties(&mut views);
    // Marks are applied article by article as findings are made, so only
    // one article's findings are held at a time on each core.
    let extra: Vec<(&crate::model::Article, FileId)> = match others {
        Some(o) => o
            .summaries
            .iter()
            .zip(&o.files)
            .map(|(s, f)| (&s.article, *f))
            .collect(),
        None => Vec::new(),
    };
    let marks = intended::Marks::collect(ctx, &extra);
    let unmarked = !marked(ctx, others, identical::RULE.id);
    // Inside each article and across articles at once: the cross-article
    // pass has steps on one core, which the per-article work fills in.
    let (mut batches, findings) = rayon::join(
        || {
            views
                .par_iter()
                .filter(|view| view.index != usize::MAX)
                .map(|view| {
                    let mut out = Vec::new();
                    identical::within(&env, view, &mut out);
                    variants::within(&env, view, &mut out);
                    missing::check(&env, view, &mut out);
                    mixed_nouns::check(&env, view, &mut out);
                    marks.apply(out)
                })
                .collect::<Vec<intended::Applied>>()
        },
        || {
            let mut findings: Vec<Finding> = Vec::new();
            match others {
                Some(o) => {
                    let load = |vi: usize| match order[vi] {
                        Err(k) => (o.load)(k),
                        Ok(_) => None,
                    };
                    let lazy = across::Lazy {
                        summarized: order.iter().map(Result::is_err).collect(),
                        bands: o.bands,
                        load: &load,
                    };
                    across::check(&env, &views, Some(&lazy), unmarked, &mut findings);
                }
                None => across::check(&env, &views, None, unmarked, &mut findings),
            }
            findings
        },
    );
    // Tens of thousands in a large help center: built on every core, in
    // order.
    batches.par_extend(
        findings
            .into_par_iter()
            .chunks(ACROSS_CHUNK)
            .map(|f| marks.apply(f)),
    );
    let diags = marks.finish(ctx, batches);
    if others.is_some() {
        // Thousands of summarized views: `check` exits right after.
        std::mem::forget(views);
    } else {
        // Thousands of views, each many small allocations.
        views.into_par_iter().for_each(drop);
    }
    diags
}

/// Cross-article findings per parallel batch of [`intended::Marks::apply`].
const ACROSS_CHUNK: usize = 1024;

/// Whether an intended mark names `rule` anywhere: in the loaded
/// articles, the summarized ones, or nwlint.toml.
fn marked(ctx: &Ctx, others: Option<&Others>, rule: &str) -> bool {
    let in_article = |a: &crate::model::Article| {
        a.devices
            .iter()
            .flat_map(|d| &d.sections)
            .flat_map(|s| &s.intended)
            .any(|m| m.rule == rule)
    };
    ctx.corpus.articles.par_iter().any(|a| in_article(&a.value))
        || others.is_some_and(|o| o.summaries.par_iter().any(|s| in_article(&s.article)))
        || ctx.config.intended.iter().any(|e| e.rule == rule)
}

/// A comma-separated list, clipped after `max` names: `a, b, … (3 more)`.
pub fn list(names: &[&str], max: usize) -> String {
    list_of(names, names.len(), max)
}

/// [`list`] of `total` names of which only the first `names` are known
/// (at least `max` of them, or all).
pub fn list_of(names: &[&str], total: usize, max: usize) -> String {
    let mut out = names
        .iter()
        .take(max)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if total > max {
        out.push_str(&format!(", … ({} more)", total - max));
    }
    out
}

/// A similarity as a whole percentage, rounded down (so 99.9% is not 100%).
pub fn percent(similarity: f64) -> u32 {
    (similarity * 100.0).floor().clamp(0.0, 100.0) as u32
}

/// `n thing` / `n things`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The members' device ids, in order.
pub fn devices<'a>(members: &[Member<'a>]) -> Vec<&'a str> {
    members.iter().filter_map(|m| m.device).collect()
}
