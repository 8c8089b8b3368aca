//! `nwlint diff DEVICE_A DEVICE_B`: how two devices' instructions differ.
//!
//! For every article with an entry for both devices (or only `--article`),
//! sections are matched by id (the k-th section with an id matches the
//! other device's k-th section with that id). Each matched pair is compared
//! unit by unit — title, paragraphs, steps, step bullets, bullets, notes —
//! with [`crate::compare::align`], so an inserted step is one added step and
//! a reworded step is one changed step with word-level highlights
//! ([`crate::compare::words`]). Sections only one device has are listed,
//! and so is a different order of the shared sections.
//!
//! By default text is compared as [`crate::normalize::Normalizer`] sees it:
//! each device's own name and nouns become `{device}`, spacing and
//! typographic quotes are folded, links carry their target (`text <href>`).
//! `--raw` compares and shows the literal text (links as their visible text).
//!
//! Exit status as diff(1): 0 no differences, 1 differences, 2 trouble
//! (unknown device, article or section; unreadable content).
//!
//! Building the comparison ([`compare`]) is separate from writing it: one
//! file per output format ([`human`], [`unified`], [`json`]), each a pure
//! function from a [`Comparison`] to text.

mod build;
pub mod human;
pub mod json;
pub mod locales;
pub mod unified;

pub use build::compare;

use crate::compare::align::{self, Class, Key, Op};
use crate::compare::words::Count;
use crate::corpus::Corpus;
use crate::diag::{Fatal, Loc};
use crate::model::{Article, DeviceEntry, DeviceRegistry, Section};
use crate::normalize::{Normalizer, UnitKind};
use crate::source::SourceMap;
use std::collections::{HashMap, HashSet};

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// For reading: sections, step-aligned units, word highlights, summary.
    #[default]
    Human,
    /// Unified diff, one unit per line, one file header per section.
    Unified,
    /// Versioned JSON (`"version": 1`) for tools: every unit, with file,
    /// JSON pointer and line.
    Json,
}

impl Format {
    /// Every format: its value, its name on the command line, what it is.
    pub const ALL: &'static [(Format, &'static str, &'static str)] = &[
        (
            Format::Human,
            "human",
            "for reading: sections, step-aligned units, word highlights, summary",
        ),
        (
            Format::Unified,
            "unified",
            "unified diff, one unit per line, one file header per section",
        ),
        (
            Format::Json,
            "json",
            "versioned JSON (\"version\": 1) for tools: every unit, with file, JSON pointer and line",
        ),
    ];
}

/// Shown after `nwlint diff --help`.
pub const AFTER_HELP: &str = "\
Without colour, changed words are marked [-removed-]{+added+}. Content text
never forges a marker: a literal `\\` prints as `\\\\`, and content `[-`, `-]`,
`{+`, `+}` print as `[\\-`, `-\\]`, `{\\+`, `+\\}`. Control characters print as
\\u{..} escapes.

By default each device's own name and nouns read as {device}, so only real
differences show; --raw compares the literal text.

Exit status: 0 no differences, 1 differences, 2 trouble.";

/// One of the two devices compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSide {
    pub id: String,
    /// Display name from the registry.
    pub name: String,
}

/// The whole comparison of two devices.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub a: DeviceSide,
    pub b: DeviceSide,
    /// `false` with `--raw`.
    pub normalized: bool,
    pub articles: Vec<ArticleDiff>,
    /// Articles (among those considered) with an entry for only one of the
    /// two devices: not compared.
    pub one_sided: usize,
}

/// One article's sections, compared.
#[derive(Debug, Clone)]
pub struct ArticleDiff {
    pub code: String,
    pub locale: Option<String>,
    /// `code`, or `code.locale` when several loaded articles share the code.
    pub label: String,
    /// Display path of the article file.
    pub path: String,
    pub sections: Vec<SectionDiff>,
    /// The shared section ids in each device's order, when they differ.
    pub order: Option<(Vec<String>, Vec<String>)>,
}

/// How a section compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Identical,
    Different,
    OnlyA,
    OnlyB,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Identical => "identical",
            Status::Different => "different",
            Status::OnlyA => "only-a",
            Status::OnlyB => "only-b",
        }
    }
}

/// One section id, compared.
#[derive(Debug, Clone)]
pub struct SectionDiff {
    pub id: String,
    pub status: Status,
    pub a: Option<SectionSide>,
    pub b: Option<SectionSide>,
    /// The alignment of `a.items` with `b.items` (empty for sections only
    /// one device has).
    pub ops: Vec<Op>,
}

impl SectionDiff {
    /// Items of the first device's side (empty if it lacks the section).
    pub fn items_a(&self) -> &[Item] {
        self.a.as_ref().map_or(&[], |s| &s.items)
    }

    /// Items of the second device's side.
    pub fn items_b(&self) -> &[Item] {
        self.b.as_ref().map_or(&[], |s| &s.items)
    }
}

/// One device's copy of a section.
#[derive(Debug, Clone)]
pub struct SectionSide {
    /// The title as written.
    pub title: String,
    /// Where the section is: display path and 1-based line.
    pub path: String,
    pub line: Option<usize>,
    /// Title first, then the units in reading order.
    pub items: Vec<Item>,
}

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Title,
    Unit(UnitKind),
}

impl ItemKind {
    /// Short label: `title:`, `¶`, `note:`, `1.`, `•`, `  •`.
    pub fn marker(self) -> String {
        match self {
            ItemKind::Title => "title:".into(),
            ItemKind::Unit(k) => k.marker(),
        }
    }

    /// Name used in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Title => "title",
            ItemKind::Unit(UnitKind::Paragraph) => "paragraph",
            ItemKind::Unit(UnitKind::Note) => "note",
            ItemKind::Unit(UnitKind::Step(_)) => "step",
            ItemKind::Unit(UnitKind::StepBullet) => "step-bullet",
            ItemKind::Unit(UnitKind::Bullet) => "bullet",
        }
    }

    fn class(self) -> Class {
        match self {
            ItemKind::Title => Class::Title,
            ItemKind::Unit(k) => Class::of(k),
        }
    }
}

/// One comparable piece of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    /// The compared (and shown) text: normalized, or literal with `--raw`.
    pub text: String,
    /// The literal text as the reader sees it.
    pub raw: String,
    /// The file holding the text (display path), the JSON pointer of the
    /// text value in it, and its 1-based line.
    pub path: String,
    pub pointer: String,
    pub line: Option<usize>,
}

impl Item {
    fn key(&self) -> Key<'_> {
        Key::new(self.kind.class(), &self.text)
    }
}

/// Section counts over the whole comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub different: usize,
    pub only_a: usize,
    pub only_b: usize,
    pub identical: usize,
    /// Articles whose shared sections come in a different order.
    pub reordered: usize,
}

impl Comparison {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for art in &self.articles {
            c.reordered += usize::from(art.order.is_some());
            for s in &art.sections {
                match s.status {
                    Status::Identical => c.identical += 1,
                    Status::Different => c.different += 1,
                    Status::OnlyA => c.only_a += 1,
                    Status::OnlyB => c.only_b += 1,
                }
            }
        }
        c
    }

    /// Whether anything differs (exit status 1).
    pub fn has_differences(&self) -> bool {
        let c = self.counts();
        c.different + c.only_a + c.only_b + c.reordered > 0
    }
}

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    pub article: Option<&'a str>,
    pub section: Option<&'a str>,
    pub raw: bool,
    /// Only articles in this locale (a translation's devices).
    pub locale: Option<&'a str>,
}

/// What `nwlint diff` compares, and how it prints.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// The device whose text shows as removed, e.g. `ps4`.
    pub a: String,
    /// The device whose text shows as added, e.g. `xbox-one`.
    pub b: String,
    /// Only this article (error code).
    pub article: Option<String>,
    /// Only the sections with this id.
    pub section: Option<String>,
    /// Compare the literal text (device names and nouns as written).
    pub raw: bool,
    /// Only articles in this locale.
    pub locale: Option<String>,
    /// Instead of two devices: the structure of each article in one
    /// locale beside its translation in another.
    pub locales: Option<(String, String)>,
    pub format: Format,
    pub color: bool,
    pub workspace: crate::workspace::Options,
}

/// `nwlint diff`, into `out`; what it says besides goes to `notices`.
pub fn run(
    args: &DiffOptions,
    out: &mut dyn std::io::Write,
    notices: &mut Vec<crate::diag::Notice>,
) -> Result<u8, Fatal> {
    let config = crate::workspace::config(&args.workspace)?;
    let roots = crate::workspace::roots(&config, None)?;
    let ws = crate::workspace::open(config, roots)?;
    let loading = &ws.loading;
    let Some(registry) = &loading.corpus.registry else {
        return Err(Fatal::new(
            "the device registry (devices.json) did not load; run `nwlint check`",
        ));
    };
    let normalizer = Normalizer::new(&registry.value, &ws.config.nouns);
    if let Some((from, to)) = &args.locales {
        let text = locales::render(
            &loading.corpus,
            &loading.sources,
            (from, to),
            args.article.as_deref(),
        )?;
        crate::diag::output_written(
            out.write_all(text.text.as_bytes())
                .and_then(|()| out.flush()),
        )?;
        return Ok(u8::from(text.differs));
    }
    let options = Options {
        article: args.article.as_deref(),
        section: args.section.as_deref(),
        raw: args.raw,
        locale: args.locale.as_deref(),
    };
    let cmp = compare(
        &loading.corpus,
        &loading.sources,
        &normalizer,
        (&args.a, &args.b),
        &options,
    )?;
    let text = match args.format {
        Format::Human => human::render(&cmp, args.color),
        Format::Unified => unified::render(&cmp),
        Format::Json => json::render(&cmp),
    };
    crate::diag::output_written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))?;

    // Say what was not compared, and fail like diff(1) on trouble.
    let skipped = unloaded_content(loading, &ws.roots.content);
    if skipped > 0 {
        let s = if skipped == 1 { "" } else { "s" };
        notices.push(crate::diag::Notice::Warning(format!(
            "{skipped} article or snippet file{s} did not load and {} not compared; `nwlint check` shows why",
            if skipped == 1 { "was" } else { "were" }
        )));
    }
    notices.extend(
        loading
            .fatal
            .iter()
            .cloned()
            .map(crate::diag::Notice::Error),
    );
    if !loading.fatal.is_empty() {
        return Ok(2);
    }
    Ok(u8::from(cmp.has_differences()))
}

/// Article and snippet files that failed to load.
fn unloaded_content(loading: &crate::load::Loading, content: &std::path::Path) -> usize {
    let corpus = &loading.corpus;
    let loaded: HashSet<usize> = corpus
        .articles
        .iter()
        .map(|a| a.file)
        .chain(corpus.snippets.iter().map(|s| s.file))
        .collect();
    loading
        .sources
        .iter()
        .filter(|(id, f)| {
            !loaded.contains(id)
                && matches!(
                    crate::load::classify(&crate::source::display_path(&f.path, content)),
                    Some(crate::source::Kind::Article | crate::source::Kind::Snippet)
                )
        })
        .count()
}

/// `n` and the noun, pluralized: `1 section`, `2 sections`.
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The summary line, e.g. `1 section differs, 1 only in roku, 2 identical
/// (NW-6-403)`, or `no differences: 3 sections identical (NW-6-403)`.
pub fn summary(cmp: &Comparison) -> String {
    let c = cmp.counts();
    let mut parts: Vec<String> = Vec::new();
    let noun = |n: usize, rest: &str, parts: &mut Vec<String>| {
        let word = if parts.is_empty() {
            plural(n, "section")
        } else {
            n.to_string()
        };
        parts.push(format!("{word} {rest}"));
    };
    if c.different > 0 {
        let verb = if c.different == 1 {
            "differs"
        } else {
            "differ"
        };
        noun(c.different, verb, &mut parts);
    }
    if c.only_a > 0 {
        noun(c.only_a, &format!("only in {}", cmp.a.id), &mut parts);
    }
    if c.only_b > 0 {
        noun(c.only_b, &format!("only in {}", cmp.b.id), &mut parts);
    }
    noun(c.identical, "identical", &mut parts);
    let mut line = parts.join(", ");
    if c.reordered > 0 {
        line.push_str(&format!(
            ", section order differs in {}",
            plural(c.reordered, "article")
        ));
    }
    if !cmp.has_differences() {
        line = format!("no differences: {line}");
    }
    let mut scope = match cmp.articles.as_slice() {
        [one] => one.label.clone(),
        many => plural(many.len(), "article"),
    };
    if cmp.one_sided > 0 {
        scope.push_str(&format!(
            "; {} only one of the two devices",
            match cmp.one_sided {
                1 => "1 more article covers".to_string(),
                n => format!("{n} more articles cover"),
            }
        ));
    }
    format!("{line} ({scope})")
}
