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

pub mod human;
pub mod json;
pub mod unified;

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
    let options = Options {
        article: args.article.as_deref(),
        section: args.section.as_deref(),
        raw: args.raw,
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

/// Checks a device id against the registry.
fn device(registry: &DeviceRegistry, id: &str) -> Result<DeviceSide, Fatal> {
    if let Some(d) = registry.devices.iter().find(|d| d.id == id) {
        return Ok(DeviceSide {
            id: d.id.clone(),
            name: d.name.clone(),
        });
    }
    let ids: Vec<&str> = registry.devices.iter().map(|d| d.id.as_str()).collect();
    let mut message = format!("unknown device `{}`", crate::text::clip(id, 60));
    if let Some(s) = crate::text::closest(id, ids.iter().copied()) {
        message.push_str(&format!("; did you mean `{s}`?"));
    }
    Err(Fatal::new(message).with_help(format!("known devices: {}", ids.join(", "))))
}

/// Compares two devices over the corpus. Errors: unknown devices, the same
/// device twice, an unknown `--article` or `--section`, nothing to compare.
pub fn compare(
    corpus: &Corpus,
    sources: &SourceMap,
    normalizer: &Normalizer,
    (a, b): (&str, &str),
    options: &Options,
) -> Result<Comparison, Fatal> {
    let Some(registry) = &corpus.registry else {
        return Err(Fatal::new(
            "the device registry (devices.json) did not load; run `nwlint check`",
        ));
    };
    let (da, db) = (device(&registry.value, a)?, device(&registry.value, b)?);
    if da.id == db.id {
        return Err(Fatal::new(format!(
            "both devices are `{}`; name two different devices",
            da.id
        )));
    }

    let mut articles: Vec<&crate::load::Loaded<Article>> = corpus.articles.iter().collect();
    if let Some(code) = options.article {
        articles.retain(|art| art.value.code == code);
        if articles.is_empty() {
            let codes = corpus.articles.iter().map(|a| a.value.code.as_str());
            let hint = crate::text::closest(code, codes)
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| "`nwlint check` reports articles that failed to load".into());
            return Err(Fatal::new(format!(
                "no article `{}` (that loaded without errors)",
                crate::text::clip(code, 80)
            ))
            .with_help(hint));
        }
    }
    articles
        .sort_by(|x, y| (&x.value.code, &x.value.locale).cmp(&(&y.value.code, &y.value.locale)));

    let mut code_count: HashMap<&str, usize> = HashMap::new();
    for art in &corpus.articles {
        *code_count.entry(&art.value.code).or_default() += 1;
    }
    let snippet_files: HashMap<&str, usize> = corpus
        .snippets
        .iter()
        .map(|s| (s.value.id.as_str(), s.file))
        .collect();
    let ctx = Build {
        sources,
        normalizer,
        snippets: &snippet_files,
        raw: options.raw,
    };

    let mut out = Vec::new();
    let mut one_sided = 0;
    let mut seen_sections: Vec<&str> = Vec::new();
    for art in articles {
        let entry = |id: &str| art.value.devices.iter().position(|e| e.device == id);
        let (ea, eb) = match (entry(&da.id), entry(&db.id)) {
            (Some(x), Some(y)) => (x, y),
            (None, None) => continue,
            (x, y) => {
                if options.article.is_some() {
                    let lacking = if x.is_none() { &da.id } else { &db.id };
                    let has: Vec<&str> = art
                        .value
                        .devices
                        .iter()
                        .map(|e| e.device.as_str())
                        .collect();
                    return Err(Fatal::new(format!(
                        "article `{}` has no entry for `{lacking}`",
                        art.value.code
                    ))
                    .with_help(format!("it covers: {}", has.join(", "))));
                }
                // With --section, only articles where that section is at stake.
                let present = &art.value.devices[x.or(y).unwrap_or_default()];
                if options
                    .section
                    .is_none_or(|id| present.sections.iter().any(|s| s.id == id))
                {
                    one_sided += 1;
                }
                continue;
            }
        };
        let devices = &art.value.devices;
        for e in [&devices[ea], &devices[eb]] {
            seen_sections.extend(e.sections.iter().map(|s| s.id.as_str()));
        }
        let path = sources.get(art.file).display.clone();
        let label = match (&art.value.locale, code_count[art.value.code.as_str()] > 1) {
            (Some(l), true) => format!("{}.{l}", art.value.code),
            _ => art.value.code.clone(),
        };
        let mut diff = ArticleDiff {
            code: art.value.code.clone(),
            locale: art.value.locale.clone(),
            label,
            path,
            sections: Vec::new(),
            order: None,
        };
        ctx.article(
            &mut diff,
            art.file,
            (ea, &devices[ea]),
            (eb, &devices[eb]),
            options.section,
        );
        if options.section.is_some() && diff.sections.is_empty() {
            continue;
        }
        out.push(diff);
    }

    if out.is_empty() {
        if let Some(section) = options.section {
            let hint = crate::text::closest(section, seen_sections.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    let mut ids = seen_sections.clone();
                    ids.sort_unstable();
                    ids.dedup();
                    format!("sections of these devices: {}", ids.join(", "))
                });
            if !seen_sections.is_empty() {
                return Err(Fatal::new(format!(
                    "neither `{}` nor `{}` has a section `{}`",
                    da.id,
                    db.id,
                    crate::text::clip(section, 80)
                ))
                .with_help(hint));
            }
        }
        let covering = |id: &str| {
            let n = corpus
                .articles
                .iter()
                .filter(|art| art.value.devices.iter().any(|e| e.device == id))
                .count();
            match n {
                0 => format!("`{id}` is in no article"),
                n => format!("`{id}` is in {}", plural(n, "article")),
            }
        };
        return Err(Fatal::new(format!(
            "no article has entries for both `{}` and `{}`",
            da.id, db.id
        ))
        .with_help(format!("{}, {}", covering(&da.id), covering(&db.id))));
    }
    Ok(Comparison {
        a: da,
        b: db,
        normalized: !options.raw,
        articles: out,
        one_sided,
    })
}

/// What building needs besides the article.
struct Build<'a> {
    sources: &'a SourceMap,
    normalizer: &'a Normalizer,
    /// Snippet id → file.
    snippets: &'a HashMap<&'a str, usize>,
    raw: bool,
}

/// A section key: its id and which occurrence of that id it is.
type SectionKey<'a> = (&'a str, usize);

fn keyed(sections: &[Section]) -> Vec<SectionKey<'_>> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    sections
        .iter()
        .map(|s| {
            let n = seen.entry(&s.id).or_default();
            *n += 1;
            (s.id.as_str(), *n - 1)
        })
        .collect()
}

impl Build<'_> {
    fn article(
        &self,
        diff: &mut ArticleDiff,
        file: usize,
        (ia, ea): (usize, &DeviceEntry),
        (ib, eb): (usize, &DeviceEntry),
        only: Option<&str>,
    ) {
        let (ka, kb) = (keyed(&ea.sections), keyed(&eb.sections));
        let pos_b: HashMap<SectionKey, usize> =
            kb.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let in_a: HashSet<SectionKey> = ka.iter().copied().collect();

        // Sections only the second device has go after the shared section
        // they follow there (and after the first device's own sections).
        let mut anchored: HashMap<Option<SectionKey>, Vec<usize>> = HashMap::new();
        let mut anchor = None;
        for (j, k) in kb.iter().enumerate() {
            if in_a.contains(k) {
                anchor = Some(*k);
            } else {
                anchored.entry(anchor).or_default().push(j);
            }
        }
        let side = |entry: (usize, &DeviceEntry), si: usize| {
            self.side(file, entry.0, &entry.1.device, &entry.1.sections[si], si)
        };
        let mut push = |d: SectionDiff| {
            if only.is_none_or(|id| id == d.id) {
                diff.sections.push(d);
            }
        };
        let mut pending = anchored.remove(&None).unwrap_or_default();
        for (i, k) in ka.iter().enumerate() {
            let Some(&j) = pos_b.get(k) else {
                push(SectionDiff {
                    id: k.0.to_string(),
                    status: Status::OnlyA,
                    a: Some(side((ia, ea), i)),
                    b: None,
                    ops: Vec::new(),
                });
                continue;
            };
            for j in pending.drain(..) {
                push(only_b(kb[j].0, side((ib, eb), j)));
            }
            let (sa, sb) = (side((ia, ea), i), side((ib, eb), j));
            let keys_a: Vec<Key> = sa.items.iter().map(Item::key).collect();
            let keys_b: Vec<Key> = sb.items.iter().map(Item::key).collect();
            let ops = align::align(&keys_a, &keys_b, Count::Words);
            let differs = ops.iter().any(|op| op.is_change());
            push(SectionDiff {
                id: k.0.to_string(),
                status: if differs {
                    Status::Different
                } else {
                    Status::Identical
                },
                a: Some(sa),
                b: Some(sb),
                ops,
            });
            pending = anchored.remove(&Some(*k)).unwrap_or_default();
        }
        for j in pending {
            push(only_b(kb[j].0, side((ib, eb), j)));
        }

        if only.is_none() {
            let shared_a: Vec<String> = ka
                .iter()
                .filter(|k| pos_b.contains_key(k))
                .map(|k| k.0.to_string())
                .collect();
            let shared_b: Vec<String> = kb
                .iter()
                .filter(|k| in_a.contains(k))
                .map(|k| k.0.to_string())
                .collect();
            if shared_a != shared_b {
                diff.order = Some((shared_a, shared_b));
            }
        }
    }

    /// One device's copy of a section, as items.
    fn side(
        &self,
        article_file: usize,
        entry: usize,
        device: &str,
        section: &Section,
        si: usize,
    ) -> SectionSide {
        let base = format!("/devices/{entry}/sections/{si}");
        // Snippet sections: the loader filled in the blocks (and the title,
        // if the section has none) from the snippet file.
        let snippet_file = section
            .snippet
            .as_deref()
            .and_then(|id| self.snippets.get(id).copied());
        let (blocks_file, blocks_base) = match snippet_file {
            Some(f) => (f, "/blocks".to_string()),
            None => (article_file, format!("{base}/blocks")),
        };
        let title_at = match (&section.title, snippet_file) {
            (None, Some(f)) => (f, "/title".to_string()),
            _ => (article_file, format!("{base}/title")),
        };
        let title = section.title.clone().unwrap_or_else(|| section.id.clone());
        let dev = Some(device);
        let mut items = vec![self.item(
            ItemKind::Title,
            self.compared(&title, self.normalizer.text(dev, &title)),
            title.clone(),
            title_at,
        )];
        if section.snippet.is_some() && snippet_file.is_none() {
            let marker = format!(
                "[missing snippet: {}]",
                section.snippet.as_deref().unwrap_or_default()
            );
            items.push(self.item(
                ItemKind::Unit(UnitKind::Paragraph),
                marker.clone(),
                marker,
                (article_file, format!("{base}/snippet")),
            ));
        }
        for unit in self.normalizer.units(dev, &section.blocks) {
            let text = self.compared(&unit.raw, unit.text);
            items.push(self.item(
                ItemKind::Unit(unit.kind),
                text,
                unit.raw,
                (blocks_file, format!("{blocks_base}{}", unit.pointer)),
            ));
        }
        let f = self.sources.get(article_file);
        SectionSide {
            title,
            path: f.display.clone(),
            line: f.position(&Loc::Value(base)).map(|p| p.line),
            items,
        }
    }

    fn compared(&self, raw: &str, normalized: String) -> String {
        if self.raw {
            raw.to_string()
        } else {
            normalized
        }
    }

    fn item(&self, kind: ItemKind, text: String, raw: String, at: (usize, String)) -> Item {
        let f = self.sources.get(at.0);
        Item {
            kind,
            text,
            raw,
            path: f.display.clone(),
            line: f.position(&Loc::Value(at.1.clone())).map(|p| p.line),
            pointer: at.1,
        }
    }
}

fn only_b(id: &str, side: SectionSide) -> SectionDiff {
    SectionDiff {
        id: id.to_string(),
        status: Status::OnlyB,
        a: None,
        b: Some(side),
        ops: Vec::new(),
    }
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
