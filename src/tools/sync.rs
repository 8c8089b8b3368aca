//! `nwlint sync ARTICLE SECTION --from DEVICE [--to DEVICE…]`: one
//! device's copy of a section written into the other devices' copies,
//! with each device's own name and nouns put back.
//!
//! The direction is always the writer's. Only copies that differ from
//! DEVICE's once device words are set aside (the drifted and divergent
//! ones) are written: without `--to` all of them, with `--to` those of the
//! devices named; a copy that differs only by its device's words (another
//! of its nouns) is left as it is. `--to` may name a device that
//! lacks the section: it gets the section where DEVICE has it.

use super::{FileText, Session, is_text};
use crate::diag::{Fatal, Notice};
use crate::edit::json::{self, Style, line_indent, reindent};
use crate::edit::words::substitute;
use crate::edit::{Edit, Mode, Plan};
use crate::model::{Article, Device, Section};
use crate::normalize::Normalizer;
use crate::text::escape_terminal;
use crate::workspace;

/// What `sync` copies, from where, to where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The article's code.
    pub article: String,
    /// The section id.
    pub section: String,
    /// The device whose copy is the one to follow.
    pub from: String,
    /// The devices to write it into (none: every copy that differs).
    pub to: Vec<String>,
    /// Also every other article that has the section.
    pub all_articles: bool,
    pub mode: Mode,
    pub workspace: workspace::Options,
}

/// The copy to follow.
struct Source<'s> {
    file: FileText<'s>,
    /// `/devices/i/sections/j`.
    pointer: String,
    device: &'s Device,
    section: &'s Section,
    /// Its normalized title and units, to tell which copies differ.
    normalized: Vec<String>,
    /// The section ids of its device entry, in order.
    siblings: Vec<String>,
}

/// Runs `sync`; the exit code as [`crate::edit::commit`] gives it.
pub fn run(
    opts: &Options,
    out: &mut dyn std::io::Write,
    notices: &mut Vec<Notice>,
) -> Result<u8, Fatal> {
    let session = Session::open(&opts.workspace, notices)?;
    let ws = session.workspace();
    let normalizer = Normalizer::new(session.registry()?, &ws.config.nouns);
    let home = session.article(&opts.article)?;
    let from = session.device(&opts.from)?;
    let (di, si) = copy_of(&home.value, &opts.from, &opts.section)?;
    let section = &home.value.devices[di].sections[si];
    if let Some(snippet) = &section.snippet {
        return Err(Fatal::new(format!(
            "`{}` of `{}` uses the snippet `{}`: edit snippets/{}.json instead",
            opts.section,
            opts.from,
            escape_terminal(snippet, false),
            escape_terminal(snippet, false)
        )));
    }
    let source = Source {
        file: session.file(home.file)?,
        pointer: format!("/devices/{di}/sections/{si}"),
        device: from,
        section,
        normalized: normalized(&normalizer, &opts.from, section),
        siblings: (home.value.devices[di].sections.iter())
            .map(|s| s.id.clone())
            .collect(),
    };
    let mut targets = Vec::new();
    for id in &opts.to {
        targets.push(session.device(id)?);
        if !opts.all_articles && !home.value.devices.iter().any(|d| &d.device == id) {
            return Err(Fatal::new(format!(
                "`{id}` has no entry in {}; add it with `nwlint add-device {id} --like {}`",
                escape_terminal(&opts.article, false),
                opts.from
            )));
        }
    }
    let corpus = &ws.loading.corpus;
    let articles: Vec<_> = if opts.all_articles {
        (corpus.articles.iter())
            .filter(|a| a.value.devices.iter().any(|d| has(d, &opts.section)))
            .collect()
    } else {
        vec![home]
    };
    let mut plan = Plan::default();
    let mut synced = Vec::new();
    for art in articles {
        let file = session.file(art.file)?;
        for (dj, entry) in art.value.devices.iter().enumerate() {
            if entry.device == opts.from && art.file == home.file {
                continue;
            }
            let Ok(to) = session.device(&entry.device) else {
                continue;
            };
            let named = targets.iter().any(|t| t.id == to.id);
            let found = (entry.sections.iter()).position(|s| s.id == opts.section);
            let edits = match found {
                _ if !targets.is_empty() && !named => continue,
                Some(sj) if entry.sections[sj].snippet.is_some() => {
                    notices.push(Notice::Warning(format!(
                        "`{}` of `{}` in {} uses a snippet: left as it is",
                        opts.section, entry.device, art.value.code
                    )));
                    continue;
                }
                Some(sj) if same(&normalizer, &source, to, &entry.sections[sj]) => {
                    continue;
                }
                Some(sj) => replace(&source, &file, &format!("/devices/{dj}/sections/{sj}"), to),
                None if named => vec![insert(&source, &file, dj, &entry.sections, to)?],
                None => continue,
            };
            if !edits.is_empty() {
                synced.push(format!("{} in {}", entry.device, art.value.code));
            }
            for e in edits {
                plan.edit(file.path, file.display, &file.text, e);
            }
        }
    }
    let done = (!synced.is_empty()).then(|| {
        let targets = synced.join(", ");
        format!("synced `{}` from {}: {targets}", opts.section, opts.from)
    });
    super::finish(&session, &plan, &opts.workspace, (opts.mode, done), out)
}

/// The device entry and section indexes of `device`'s copy of `section`.
fn copy_of(article: &Article, device: &str, section: &str) -> Result<(usize, usize), Fatal> {
    let Some(di) = article.devices.iter().position(|d| d.device == device) else {
        return Err(Fatal::new(format!(
            "{} has no entry for `{}`",
            escape_terminal(&article.code, false),
            escape_terminal(device, false)
        )));
    };
    let sections = &article.devices[di].sections;
    match sections.iter().position(|s| s.id == section) {
        Some(si) => Ok((di, si)),
        None => {
            let ids = sections.iter().map(|s| s.id.as_str());
            let mut message = format!(
                "`{}` has no section `{}` in {}",
                device,
                escape_terminal(section, false),
                escape_terminal(&article.code, false)
            );
            if let Some(c) = crate::text::closest(section, ids) {
                message.push_str(&format!("; did you mean `{c}`?"));
            }
            Err(Fatal::new(message))
        }
    }
}

fn has(entry: &crate::model::DeviceEntry, section: &str) -> bool {
    entry.sections.iter().any(|s| s.id == section)
}

/// A copy's title and units with its device's words set aside.
fn normalized(normalizer: &Normalizer, device: &str, section: &Section) -> Vec<String> {
    let title = section.title.as_deref().unwrap_or("");
    std::iter::once(normalizer.text(Some(device), title))
        .chain(
            (normalizer.units(Some(device), &section.blocks).into_iter())
                .map(|u| format!("{:?} {}", u.kind, u.text)),
        )
        .collect()
}

/// Whether `to`'s copy says what the source says, device words aside.
fn same(normalizer: &Normalizer, source: &Source, to: &Device, copy: &Section) -> bool {
    normalized(normalizer, &to.id, copy) == source.normalized
}

/// The source's value at `member` (`title`, `blocks`) as written for
/// `to`, laid out for a line indented by `indent` in `file`.
fn value_for(
    source: &Source,
    member: &str,
    to: &Device,
    indent: &str,
    style: &Style,
) -> Option<String> {
    let pointer = format!("{}/{member}", source.pointer);
    let from = source.device;
    let text = &source.file.text;
    let raw = json::map_strings(text, source.file.spans, &pointer, &mut |key, s| {
        is_text(key).then(|| substitute(s, from, to))
    })?;
    let at = source.file.spans.value(&pointer)?.start;
    Some(reindent(&raw, line_indent(text, at), indent, style.newline))
}

/// The edits that make `to`'s copy at `pointer` say what the source says.
fn replace(source: &Source, file: &FileText, pointer: &str, to: &Device) -> Vec<Edit> {
    let style = Style::of(&file.text);
    let mut edits = Vec::new();
    let blocks_at = format!("{pointer}/blocks");
    if let Some(old) = file.spans.value(&blocks_at) {
        let indent = line_indent(&file.text, old.start);
        if let Some(new) = value_for(source, "blocks", to, indent, &style)
            && !same_json(&new, &file.text[old.start..old.end])
        {
            edits.push(Edit::replace(old, new));
        }
    }
    let title = (source.section.title.as_deref()).map(|t| substitute(t, source.device, to));
    match (title, file.spans.value(&format!("{pointer}/title"))) {
        (Some(new), Some(old)) => {
            if json::decode(&file.text[old.start..old.end]).as_deref() != Some(new.as_str()) {
                edits.push(Edit::replace(old, json::string(&new)));
            }
        }
        (Some(new), None) => {
            if let Some(key) = file.spans.key(&blocks_at) {
                let indent = line_indent(&file.text, key.start);
                let nl = style.newline;
                let member = format!("\"title\": {},{nl}{indent}", json::string(&new));
                edits.push(Edit::insert(key.start, member));
            }
        }
        (None, _) => {}
    }
    edits
}

fn same_json(a: &str, b: &str) -> bool {
    let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
    parse(a).is_some() && parse(a) == parse(b)
}

/// The edit that gives entry `dj` (which lacks it) the source's section,
/// after the section that precedes it in the source's copy.
fn insert(
    source: &Source,
    file: &FileText,
    dj: usize,
    sections: &[Section],
    to: &Device,
) -> Result<Edit, Fatal> {
    let style = Style::of(&file.text);
    let array = format!("/devices/{dj}/sections");
    let failed = || Fatal::new(format!("cannot place the section in `{}`", file.display));
    let indent = json::item_indent(&file.text, file.spans, &array, &style).ok_or_else(failed)?;
    let inner = format!("{indent}{}", style.unit);
    let nl = style.newline;
    let mut text = format!("{{{nl}{inner}\"id\": {}", json::string(&source.section.id));
    if let Some(title) = &source.section.title {
        let title = substitute(title, source.device, to);
        text.push_str(&format!(",{nl}{inner}\"title\": {}", json::string(&title)));
    }
    let blocks = value_for(source, "blocks", to, &inner, &style).ok_or_else(failed)?;
    text.push_str(&format!(",{nl}{inner}\"blocks\": {blocks}{nl}{indent}}}"));
    let index = source_position(source, sections);
    json::insert_item(&file.text, file.spans, &array, index, &text, &style).ok_or_else(failed)
}

/// Where the section goes among `sections`: after the one that precedes
/// it in the source's copy, else first.
fn source_position(source: &Source, sections: &[Section]) -> usize {
    let ours = &source.siblings;
    let at = ours
        .iter()
        .position(|id| *id == source.section.id)
        .unwrap_or(0);
    ours[..at]
        .iter()
        .rev()
        .find_map(|prev| sections.iter().position(|s| s.id == *prev).map(|i| i + 1))
        .unwrap_or(0)
}
