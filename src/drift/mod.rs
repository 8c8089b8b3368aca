//! Duplicate and drift detection across devices and articles.
//!
//! Per-device sections are copies of each other, and copies drift when a
//! writer updates one device and not the rest. This module compares them:
//!
//! 1. [`view`]: every device's copy of every section is normalized (the
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
pub mod follow;
pub mod identical;
pub mod intended;
pub mod lsh;
pub mod memo;
pub mod missing;
pub mod mixed_nouns;
pub mod ordinary;
pub mod stale_intended;
pub mod summary;
pub mod variants;
pub mod view;
pub mod worddiff;

use crate::config::DriftConfig;
use crate::corpus::{Corpus, Loaded};
use crate::diag::{Diagnostic, FileId, Label};
use crate::model::{Article, DeviceRegistry};
use crate::normalize::Normalizer;
use crate::rules::{Ctx, RuleDef};
use rayon::prelude::*;
use view::{ArticleView, Digest};

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

/// An article as drift reads it.
pub enum Source<'a> {
    /// In memory: every article of a full run, the named files of a hook
    /// run.
    Memory(&'a Loaded<Article>),
    /// Known by its digest record in the index ([`summary`]): its view
    /// comes from the record, its text is read only when a finding in an
    /// article in memory needs it, and no finding is reported in it.
    Recorded(&'a summary::Summary, FileId),
}

impl Source<'_> {
    fn file(&self) -> FileId {
        match self {
            Source::Memory(a) => a.file,
            Source::Recorded(_, file) => *file,
        }
    }

    /// The article, or the record's stand-in (code, locale and the
    /// sections that carry intended marks).
    fn article(&self) -> &Article {
        match self {
            Source::Memory(a) => &a.value,
            Source::Recorded(s, _) => &s.article,
        }
    }
}

/// What drift compares: every article of the help center, in corpus
/// order (content-relative path), each in memory or recorded.
pub struct Articles<'a> {
    pub sources: Vec<Source<'a>>,
    /// Reads the recorded article at a position of `sources` in full.
    pub read: &'a (dyn Fn(usize) -> Option<Article> + Sync),
    /// The LSH band keys of a text, by digest, as the index records them.
    pub bands: &'a (dyn Fn(Digest) -> Option<[u64; lsh::BANDS]> + Sync),
}

impl<'a> Articles<'a> {
    /// Every article of `corpus`, in memory.
    pub fn in_memory(corpus: &'a Corpus) -> Articles<'a> {
        fn unread(_: usize) -> Option<Article> {
            None
        }
        fn no_bands(_: Digest) -> Option<[u64; lsh::BANDS]> {
            None
        }
        Articles {
            sources: corpus.articles.iter().map(Source::Memory).collect(),
            read: &unread,
            bands: &no_bands,
        }
    }

    /// Whether the article at `i` is known by its record only.
    pub fn recorded(&self, i: usize) -> bool {
        matches!(self.sources.get(i), Some(Source::Recorded(..)))
    }
}

/// Compares sections across devices and articles of the corpus in
/// memory; findings sorted by file, location, rule and message.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let mut diags = findings(ctx, &Articles::in_memory(ctx.corpus));
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

/// Drift's findings in the articles of `articles` that are in memory, in
/// the order they were made (article by article, then across articles,
/// then stale marks): the caller sorts them for its report.
pub fn findings(ctx: &Ctx, articles: &Articles) -> Vec<Diagnostic> {
    let corpus = ctx.corpus;
    let registry = corpus
        .registry
        .as_ref()
        .map_or(&EMPTY_REGISTRY, |r| &r.value);
    let norm = Normalizer::new(registry, &ctx.config.nouns);
    let mut snippets = crate::hash::SmallMap::default();
    for s in &corpus.snippets {
        snippets.insert(
            view::snippet_body(&norm, &s.value.blocks),
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

    let memo = view::Digests::default();
    let mut views: Vec<ArticleView> = (articles.sources.par_iter().enumerate())
        .map(|(i, source)| match source {
            Source::Memory(a) => {
                view::article_with(&env.norm, &memo, i, a.file, &a.value, default_locale)
            }
            Source::Recorded(s, file) => s.view(i, *file, default_locale),
        })
        .collect();
    let consensus = view::break_ties(&mut views);
    // Marks are applied article by article as findings are made, so only
    // one article's findings are held at a time on each core.
    let marks = intended::Marks::collect(ctx, articles);
    let unmarked = !marked(ctx, articles, identical::RULE.id);
    // Inside each article and across articles at once: the cross-article
    // pass has steps on one core, which the per-article work fills in.
    let (mut batches, findings) = rayon::join(
        || {
            views
                .par_iter()
                .filter(|view| !articles.recorded(view.index))
                .map(|view| {
                    let mut out = Vec::new();
                    identical::within(&env, view, &mut out);
                    variants::within(&env, view, &consensus, &mut out);
                    missing::check(&env, view, &mut out);
                    mixed_nouns::check(&env, view, &mut out);
                    marks.apply(out)
                })
                .collect::<Vec<intended::Applied>>()
        },
        || {
            let mut findings: Vec<Finding> = Vec::new();
            across::check(&env, &views, articles, unmarked, &mut findings);
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
    // Thousands of views, each many small allocations.
    views.into_par_iter().for_each(drop);
    diags
}

/// Cross-article findings per parallel batch of [`intended::Marks::apply`].
const ACROSS_CHUNK: usize = 1024;

/// Whether an intended mark names `rule` anywhere: in the articles
/// (in memory or recorded) or nwlint.toml.
fn marked(ctx: &Ctx, articles: &Articles, rule: &str) -> bool {
    let in_article = |a: &Article| {
        a.devices
            .iter()
            .flat_map(|d| &d.sections)
            .flat_map(|s| &s.intended)
            .any(|m| m.rule == rule)
    };
    (articles.sources.par_iter()).any(|s| in_article(s.article()))
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
