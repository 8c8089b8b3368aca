//! `nwlint diff --locales FROM TO [--article CODE]`: each article's
//! structure in one locale beside its translation in another — per
//! device, its sections and their blocks, steps and bullets — with the
//! rows that differ marked.

use crate::corpus::{Corpus, Loaded};
use crate::diag::Fatal;
use crate::model::{Article, Block, Section};
use crate::source::SourceMap;
use crate::text::escape_terminal;
use std::fmt::Write as _;

/// What `--locales` prints, and whether any structure differs.
pub struct Rendered {
    pub text: String,
    pub differs: bool,
}

/// The side-by-side structure of every article (or `article`) that exists
/// in both locales.
pub fn render(
    corpus: &Corpus,
    sources: &SourceMap,
    (from, to): (&str, &str),
    article: Option<&str>,
) -> Result<Rendered, Fatal> {
    let default = (corpus.helpcenter.as_ref()).map_or("en-US", |h| h.value.default_locale.as_str());
    let in_locale = |l: &str| {
        let mut v: Vec<&Loaded<Article>> = (corpus.articles.iter())
            .filter(|a| a.value.locale.as_deref().unwrap_or(default) == l)
            .filter(|a| article.is_none_or(|c| a.value.code == c))
            .collect();
        v.sort_by(|x, y| x.value.code.cmp(&y.value.code));
        v
    };
    let (left, right) = (in_locale(from), in_locale(to));
    let mut out = Rendered {
        text: String::new(),
        differs: false,
    };
    let mut compared = 0;
    for a in &left {
        let Some(b) = right.iter().find(|b| b.value.code == a.value.code) else {
            continue;
        };
        compared += 1;
        let (pa, pb) = (&sources.get(a.file).display, &sources.get(b.file).display);
        let _ = writeln!(out.text, "{}: {from} ({pa}) | {to} ({pb})", a.value.code);
        article_rows(&a.value, &b.value, &mut out);
    }
    if compared == 0 {
        return Err(Fatal::new(format!(
            "no article exists in both `{}` and `{}`{}",
            escape_terminal(from, false),
            escape_terminal(to, false),
            article.map_or(String::new(), |c| format!(
                " as `{}`",
                escape_terminal(c, false)
            ))
        ))
        .with_help("translations are articles/<CODE>.<locale>.json beside articles/<CODE>.json"));
    }
    out.text = escape_terminal(&out.text, true);
    Ok(out)
}

/// One row per device and per section, `≠` where the two sides differ.
fn article_rows(a: &Article, b: &Article, out: &mut Rendered) {
    type Entry<'e> = Option<&'e crate::model::DeviceEntry>;
    let mut devices: Vec<&str> = a.devices.iter().map(|d| d.device.as_str()).collect();
    for d in &b.devices {
        if !devices.contains(&d.device.as_str()) {
            devices.push(&d.device);
        }
    }
    let mut rows: Vec<(String, String)> = Vec::new();
    for device in devices {
        let ea: Entry = a.devices.iter().find(|d| d.device == device);
        let eb: Entry = b.devices.iter().find(|d| d.device == device);
        let head = |e: Entry| match e {
            Some(_) => format!("  {device}"),
            None => format!("  {device} (missing)"),
        };
        rows.push((head(ea), head(eb)));
        let count = |e: Entry| e.map_or(0, |e| e.sections.len());
        for k in 0..count(ea).max(count(eb)) {
            let cell = |e: Entry| {
                (e.and_then(|e| e.sections.get(k)))
                    .map_or(String::new(), |s| format!("    {} {}", s.id, shape(s)))
            };
            rows.push((cell(ea), cell(eb)));
        }
    }
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    for (left, right) in rows {
        let mark = if left == right { " " } else { "≠" };
        out.differs |= left != right;
        let _ = writeln!(out.text, "{mark} {left:width$} | {}", right.trim_start());
    }
}

/// A section's shape: its blocks, with steps and bullets counted.
fn shape(section: &Section) -> String {
    if let Some(s) = &section.snippet {
        return format!("(snippet {s})");
    }
    let parts: Vec<String> = (section.blocks.iter())
        .map(|b| match b {
            Block::Paragraph { .. } => "¶".to_string(),
            Block::Note { .. } => "note".to_string(),
            Block::Bullets { items } => format!("•{}", items.len()),
            Block::Steps { items } => {
                let nested: Vec<String> = (items.iter().enumerate())
                    .filter(|(_, s)| !s.bullets.is_empty())
                    .map(|(i, s)| format!("{}:•{}", i + 1, s.bullets.len()))
                    .collect();
                match nested.is_empty() {
                    true => format!("{} steps", items.len()),
                    false => format!("{} steps ({})", items.len(), nested.join(" ")),
                }
            }
        })
        .collect();
    format!("[{}]", parts.join(" + "))
}
