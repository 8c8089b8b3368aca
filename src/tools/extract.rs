//! `nwlint extract SECTION`: the largest class of identical copies of a
//! section (what `identical-copies` reports) moved into
//! `snippets/<ID>.json`, each copy becoming a reference to it.
//!
//! Where the copies name their device, the snippet gets a variable:
//! `{"var": "name"}`, `{"var": "noun"}`, or `{"var": "noun", "index": k}`
//! where copies use another noun than the first. Every affected article
//! is rendered before and after; if any text would change, nothing is
//! written and the difference is shown (exit 1).

use super::{FileText, Session, is_text};
use crate::corpus::Loaded;
use crate::diag::{Fatal, Notice};
use crate::edit::json::{self, Style, line_indent, reindent};
use crate::edit::words::{Word, find, text_of};
use crate::edit::{Edit, Mode, Plan};
use crate::model::{Article, Device};
use crate::normalize::Normalizer;
use crate::text::escape_terminal;
use crate::workspace;

/// What `extract` moves, from where, under which id.
#[derive(Debug, Clone)]
pub struct Options {
    /// The section id.
    pub section: String,
    /// Only these articles (codes); none: every article.
    pub articles: Vec<String>,
    /// The snippet's id (default: the section id).
    pub id: Option<String>,
    pub mode: Mode,
    pub workspace: workspace::Options,
}

/// One copy of the section.
struct Copy<'s> {
    article: &'s Loaded<Article>,
    /// `/devices/i/sections/j`.
    pointer: String,
    device: &'s Device,
    title: Option<&'s str>,
}

/// Runs `extract`; 1 when the copies cannot be single-sourced without
/// changing what a reader sees (or, with `--diff`, when something would
/// change).
pub fn run(
    opts: &Options,
    out: &mut dyn std::io::Write,
    notices: &mut Vec<Notice>,
) -> Result<u8, Fatal> {
    let session = Session::open(&opts.workspace, notices)?;
    for code in &opts.articles {
        session.article(code)?;
    }
    let class = largest_class(&session, opts)?;
    let id = opts.id.clone().unwrap_or_else(|| opts.section.clone());
    if class.len() < 2 {
        notices.push(Notice::Warning(format!(
            "no two copies of `{}` are identical (apart from device words): nothing to extract",
            escape_terminal(&opts.section, false)
        )));
        return super::finish(
            &session,
            &Plan::default(),
            &opts.workspace,
            (opts.mode, None),
            out,
        );
    }
    let first = session.file(class[0].article.file)?;
    let snippet = match snippet_text(&session, &class, &first, &id)? {
        Ok(text) => text,
        Err(conflict) => return refuse(out, &conflict),
    };
    let path = session.root().join("snippets").join(format!("{id}.json"));
    let mut plan = Plan::default();
    let corpus = &session.workspace().loading.corpus;
    // A snippet that already holds the text is used as it is (rendering
    // before and after tells whether it does).
    if !corpus.snippets.iter().any(|s| s.value.id == id) {
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(Fatal::new(format!(
                "`{}` exists but did not load: nothing was written",
                escape_terminal(&session.display(&path), false)
            ))
            .with_help("`nwlint check` says why; or choose another snippet id with --id"));
        }
        plan.create(&path, &session.display(&path), snippet);
    }
    let title = class[0].title;
    for copy in &class {
        let file = session.file(copy.article.file)?;
        for edit in reference(&file, copy, &id, title == copy.title)? {
            plan.edit(file.path, file.display, &file.text, edit);
        }
    }
    if let Some(difference) = rendered_difference(&session, &class, &plan, opts)? {
        return refuse(out, &difference);
    }
    super::finish(&session, &plan, &opts.workspace, (opts.mode, None), out)
}

/// Says why nothing was written; exit 1.
fn refuse(out: &mut dyn std::io::Write, why: &str) -> Result<u8, Fatal> {
    let text = format!(
        "not extracted: the snippet would change what readers see\n{}",
        escape_terminal(why, true)
    );
    crate::diag::output_written(out.write_all(text.as_bytes()))?;
    Ok(1)
}

/// The most copies whose text is the same apart from their device's
/// words, in corpus order.
fn largest_class<'s>(session: &'s Session, opts: &Options) -> Result<Vec<Copy<'s>>, Fatal> {
    let ws = session.workspace();
    let normalizer = Normalizer::new(session.registry()?, &ws.config.nouns);
    let mut groups: Vec<(Vec<String>, Vec<Copy>)> = Vec::new();
    for art in &ws.loading.corpus.articles {
        if !opts.articles.is_empty() && !opts.articles.contains(&art.value.code) {
            continue;
        }
        for (di, entry) in art.value.devices.iter().enumerate() {
            let Ok(device) = session.device(&entry.device) else {
                continue;
            };
            let mut found = entry.sections.iter().enumerate();
            let Some((si, section)) =
                found.find(|(_, s)| s.id == opts.section && s.snippet.is_none())
            else {
                continue;
            };
            let title = section.title.as_deref();
            let key: Vec<String> =
                std::iter::once(normalizer.text(Some(&device.id), title.unwrap_or("")))
                    .chain(
                        (normalizer
                            .units(Some(&device.id), &section.blocks)
                            .into_iter())
                        .map(|u| format!("{:?} {}", u.kind, u.text)),
                    )
                    .collect();
            let copy = Copy {
                article: art,
                pointer: format!("/devices/{di}/sections/{si}"),
                device,
                title,
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push(copy),
                None => groups.push((key, vec![copy])),
            }
        }
    }
    let most = groups.iter().map(|(_, m)| m.len()).max().unwrap_or(0);
    Ok(groups
        .into_iter()
        .find(|(_, m)| m.len() == most)
        .map(|(_, m)| m)
        .unwrap_or_default())
}

/// The snippet file's text, or why the copies do not fit one snippet.
fn snippet_text(
    session: &Session,
    class: &[Copy],
    first: &FileText,
    id: &str,
) -> Result<Result<String, String>, Fatal> {
    let blocks_at = format!("{}/blocks", class[0].pointer);
    let failed = || {
        Fatal::new(format!(
            "cannot read `{}` in `{}`",
            blocks_at, first.display
        ))
    };
    let whole = first.spans.value(&blocks_at).ok_or_else(failed)?;
    let style = Style::of(&first.text);
    let files: Vec<FileText> = (class.iter())
        .map(|c| session.file(c.article.file))
        .collect::<Result<_, _>>()?;
    let mut edits = Vec::new();
    let prefix = format!("{blocks_at}/");
    for e in first.spans.entries() {
        let inside = e.value.start >= whole.start && e.value.end <= whole.end;
        let key = json::last_token(&e.pointer);
        if !inside || !e.pointer.starts_with(&prefix) || !is_text(&key) {
            continue;
        }
        let Some(s) = json::decode(&first.text[e.value.start..e.value.end]) else {
            continue;
        };
        let hits = find(class[0].device, &s);
        if hits.is_empty() {
            continue;
        }
        let relative = &e.pointer[class[0].pointer.len()..];
        let vars = match variables(class, &files, relative, hits.len()) {
            Ok(vars) => vars,
            Err(why) => return Ok(Err(why)),
        };
        let parent = e.pointer.rsplit_once('/').map_or("", |(p, _)| p);
        let parent_key = json::last_token(parent);
        let in_runs = first.text[first.spans.value(parent).ok_or_else(failed)?.start..]
            .starts_with('[')
            && parent_key != "bullets"
            && parent_key != "items";
        let indent = line_indent(&first.text, e.value.start);
        let text = runs(&s, &hits, &vars, indent, in_runs, &style);
        edits.push(Edit {
            start: e.value.start - whole.start,
            end: e.value.end - whole.start,
            text,
        });
    }
    let raw = crate::edit::apply(&first.text[whole.start..whole.end], &edits).ok_or_else(failed)?;
    let blocks = reindent(
        &raw,
        line_indent(&first.text, whole.start),
        &style.unit,
        style.newline,
    );
    let schema = (class[0]
        .article
        .value
        .schema
        .strip_suffix("article.schema.json"))
    .map_or("../../schema/snippet.schema.json".to_string(), |p| {
        format!("{p}snippet.schema.json")
    });
    let (u, nl) = (&style.unit, style.newline);
    let title = class[0].title.unwrap_or(&class[0].article.value.title);
    Ok(Ok(format!(
        "{{{nl}{u}\"$schema\": {},{nl}{u}\"id\": {},{nl}{u}\"title\": {},{nl}{u}\"blocks\": {blocks}{nl}}}{nl}",
        json::string(&schema),
        json::string(id),
        json::string(title),
    )))
}

/// For each of `count` device words in the string at `relative` (under
/// each copy's section), the one variable that gives every copy its text.
fn variables(
    class: &[Copy],
    files: &[FileText],
    relative: &str,
    count: usize,
) -> Result<Vec<Word>, String> {
    let mut seen: Vec<Vec<(&Device, String, bool)>> = vec![Vec::new(); count];
    for (copy, file) in class.iter().zip(files) {
        let pointer = format!("{}{relative}", copy.pointer);
        let s = (file.spans.value(&pointer))
            .and_then(|span| json::decode(&file.text[span.start..span.end]))
            .ok_or_else(|| {
                format!(
                    "`{}`'s copy in {} is laid out differently",
                    copy.device.id, copy.article.value.code
                )
            })?;
        let hits = find(copy.device, &s);
        if hits.len() != count {
            return Err(format!(
                "`{}`'s copy names its device {} times in “{s}”, `{}`'s {count}",
                copy.device.id,
                hits.len(),
                class[0].device.id
            ));
        }
        for (k, h) in hits.iter().enumerate() {
            seen[k].push((copy.device, s[h.start..h.end].to_string(), h.flipped));
        }
    }
    let most = class
        .iter()
        .map(|c| c.device.nouns.len())
        .max()
        .unwrap_or(0);
    let candidates: Vec<Word> = (0..most).map(Word::Noun).chain([Word::Name]).collect();
    seen.iter()
        .map(|uses| {
            candidates
                .iter()
                .copied()
                .find(|w| {
                    uses.iter()
                        .all(|(d, said, flipped)| !flipped && text_of(d, *w) == said)
                })
                .ok_or_else(|| {
                    let said: Vec<String> = uses
                        .iter()
                        .map(|(d, s, _)| format!("`{}` says “{s}”", d.id))
                        .collect();
                    format!(
                        "no one variable gives every copy its words: {}",
                        said.join(", ")
                    )
                })
        })
        .collect()
}

/// `s` with its device words as variables: as runs spliced into the runs
/// array it stands in, or as a runs array in its place.
fn runs(
    s: &str,
    hits: &[crate::edit::words::Hit],
    vars: &[Word],
    indent: &str,
    in_runs: bool,
    style: &Style,
) -> String {
    let (nl, unit) = (style.newline, &style.unit);
    let item_indent = if in_runs {
        indent.to_string()
    } else {
        format!("{indent}{unit}")
    };
    let mut items = Vec::new();
    let mut at = 0;
    for (h, w) in hits.iter().zip(vars) {
        if h.start > at {
            items.push(json::string(&s[at..h.start]));
        }
        let var = match w {
            Word::Name => "\"var\": \"name\"".to_string(),
            Word::Noun(0) => "\"var\": \"noun\"".to_string(),
            Word::Noun(k) => format!("\"var\": \"noun\",{nl}{item_indent}{unit}\"index\": {k}"),
        };
        items.push(format!("{{{nl}{item_indent}{unit}{var}{nl}{item_indent}}}"));
        at = h.end;
    }
    if at < s.len() {
        items.push(json::string(&s[at..]));
    }
    let joined = items.join(&format!(",{nl}{item_indent}"));
    if in_runs {
        joined
    } else {
        format!("[{nl}{item_indent}{joined}{nl}{indent}]")
    }
}

/// The edits that make `copy` a reference to the snippet `id`: its title
/// goes too when it is the snippet's.
fn reference(file: &FileText, copy: &Copy, id: &str, same_title: bool) -> Result<Vec<Edit>, Fatal> {
    let member = format!("\"snippet\": {}", json::string(id));
    let failed = || {
        Fatal::new(format!(
            "cannot edit `{}` in `{}`",
            copy.pointer, file.display
        ))
    };
    let blocks = format!("{}/blocks", copy.pointer);
    let title = format!("{}/title", copy.pointer);
    let span = |p: &str| -> Option<crate::span::Span> {
        Some(crate::span::Span {
            start: file.spans.key(p)?.start,
            end: file.spans.value(p)?.end,
        })
    };
    match (same_title, span(&title)) {
        (true, Some(title)) => Ok(vec![
            Edit::replace(title, member),
            json::remove_member(&file.text, file.spans, &blocks).ok_or_else(failed)?,
        ]),
        _ => Ok(vec![Edit::replace(
            span(&blocks).ok_or_else(failed)?,
            member,
        )]),
    }
}

/// How the affected articles would render differently after `plan`, if
/// they would.
fn rendered_difference(
    session: &Session,
    class: &[Copy],
    plan: &Plan,
    opts: &Options,
) -> Result<Option<String>, Fatal> {
    let after = Session::open_with(&opts.workspace, plan.overlay()?, &mut Vec::new())?;
    let mut files: Vec<usize> = class.iter().map(|c| c.article.file).collect();
    files.dedup();
    let render = |s: &Session, file: usize| -> Result<String, Fatal> {
        let corpus = &s.workspace().loading.corpus;
        let path = &session.workspace().loading.sources.get(file).path;
        let article = (corpus.articles.iter())
            .find(|a| &s.workspace().loading.sources.get(a.file).path == path)
            .ok_or_else(|| {
                Fatal::new("an article did not load after the edit; nothing was written")
            })?;
        let snippets: Vec<_> = corpus.snippets.iter().map(|l| l.value.clone()).collect();
        Ok(crate::render::render_with_snippets(
            &article.value,
            s.registry()?,
            &snippets,
            crate::render::Format::Text,
        ))
    };
    for file in files {
        let (before, then) = (render(session, file)?, render(&after, file)?);
        if before != then {
            let diff = similar::TextDiff::from_lines(&before, &then);
            return Ok(Some(
                diff.unified_diff().header("before", "after").to_string(),
            ));
        }
    }
    Ok(None)
}
