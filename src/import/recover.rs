//! Structure recovery: from the pieces of any input form to an article —
//! title and error code, intro, on-screen messages and summary, one entry
//! per device heading with its sections, the "All other devices"
//! fallback and related articles. Device headings are matched against
//! the registry's display names and nouns; section ids come from titles
//! the corpus already uses, else a slug of the title. Every problem is a
//! [`Problem`] at a byte offset of the input.

use super::doc::{Node, Parsed, Piece, Span, Spans, plain};
use super::known::{Known, slug};
use crate::model::{Block, Inline, Step};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Page furniture left out: said, not a failure.
    Note,
    /// Text left out or guessed: the article is written, the run exits 1.
    Warning,
    /// The article cannot be right (unknown device…): nothing is written.
    Error,
}

/// A located problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub at: usize,
    pub level: Level,
    pub message: String,
    pub help: Option<String>,
}

/// A recovered device entry.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceOut {
    /// Where its heading is.
    pub at: usize,
    pub device: String,
    pub sections: Vec<SectionOut>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionOut {
    pub at: usize,
    pub id: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A recovered article and what was found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub code: String,
    pub locale: Option<String>,
    pub title: String,
    pub intro: Inline,
    pub messages: Vec<String>,
    pub summary: Inline,
    pub devices: Vec<DeviceOut>,
    pub fallback: Option<(String, Vec<Block>)>,
    pub related: Option<(String, Vec<String>)>,
    /// Section ids taken from the corpus / made from titles.
    pub reused: Vec<String>,
    pub new_ids: Vec<String>,
    /// Devices added to the registry (`--add-devices`): (id, name).
    pub added: Vec<(String, String)>,
    pub problems: Vec<Problem>,
}

/// What a heading is.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Device(String),
    Ambiguous(Vec<String>),
    Fallback,
    Related,
    Other,
}

/// Where the reading is.
enum State {
    Preamble,
    Device,
    /// Inside an unknown or repeated device: its text is left out.
    Skip,
    Fallback,
    Related,
}

struct Cx<'k> {
    known: &'k Known,
    infer: bool,
    add_devices: bool,
    r: Recovered,
    state: State,
    /// Level of device headings in forms with explicit levels.
    device_level: u8,
    preamble: Vec<(usize, Spans, bool)>,
}

/// Recovers the article; `Err` when there is no article to recover.
pub fn recover(
    parsed: &Parsed,
    known: &Known,
    code: Option<&str>,
    add_devices: bool,
) -> Result<Recovered, String> {
    let pieces = &parsed.pieces;
    let t = title_index(pieces, code, parsed.plain).ok_or_else(|| {
        "no article found: no title (a heading, or a line with an error code)".to_string()
    })?;
    let title = match &pieces[t].node {
        Node::Heading { text, .. } | Node::Line(text) => text.clone(),
        _ => unreachable!("title_index finds headings and lines"),
    };
    let code = match code {
        Some(c) => c.to_string(),
        None => first_code(&title)
            .or_else(|| {
                pieces[t + 1..]
                    .iter()
                    .find_map(|p| first_code(&node_text(&p.node)))
            })
            .ok_or_else(|| format!("no error code in the title `{title}`; name it with --code"))?,
    };
    if !parsed.plain
        && let Some(p) = pieces[t + 1..].iter().find(
            |p| matches!(&p.node, Node::Heading { level: 1, text } if first_code(text).is_some()),
        )
    {
        let _ = p;
        return Err(
            "the input holds two articles (two titles with error codes); import one per file"
                .into(),
        );
    }
    let mut cx = Cx {
        known,
        infer: parsed.plain,
        add_devices,
        r: Recovered {
            code,
            locale: known.locale.clone(),
            title,
            intro: Inline::Plain(String::new()),
            messages: Vec::new(),
            summary: Inline::Plain(String::new()),
            devices: Vec::new(),
            fallback: None,
            related: None,
            reused: Vec::new(),
            new_ids: Vec::new(),
            added: Vec::new(),
            problems: Vec::new(),
        },
        state: State::Preamble,
        device_level: 2,
        preamble: Vec::new(),
    };
    for (at, what) in &parsed.furniture {
        cx.problem(*at, Level::Note, format!("left out page furniture: {what}"));
    }
    for p in &pieces[..t] {
        let text = node_text(&p.node);
        cx.problem(
            p.at,
            Level::Note,
            format!("left out text before the title: {}", clip(&text)),
        );
    }
    cx.device_level = pieces
        .iter()
        .find_map(|p| match &p.node {
            Node::Heading { level, text } if matches!(cx.kind(text), Kind::Device(_)) => {
                Some(*level)
            }
            _ => None,
        })
        .unwrap_or(2);
    for i in t + 1..pieces.len() {
        cx.piece(&pieces[i], pieces.get(i + 1));
    }
    cx.finish_preamble(pieces.get(t).map_or(0, |p| p.at))?;
    cx.empty_entries();
    if cx.r.devices.is_empty() && !cx.r.problems.iter().any(|p| p.level == Level::Error) {
        return Err("no article found: no device heading (a registry display name or noun)".into());
    }
    Ok(cx.r)
}

/// The title: the first level-1 heading, else the first heading or line
/// that holds the error code (or any error code).
fn title_index(pieces: &[Piece], code: Option<&str>, plain_form: bool) -> Option<usize> {
    let has_code = |t: &str| match code {
        Some(c) => t.contains(c),
        None => first_code(t).is_some(),
    };
    if !plain_form
        && let Some(i) = pieces
            .iter()
            .position(|p| matches!(p.node, Node::Heading { level: 1, .. }))
    {
        return Some(i);
    }
    pieces.iter().position(|p| match &p.node {
        Node::Heading { text, .. } | Node::Line(text) => has_code(text),
        _ => false,
    })
}

fn first_code(text: &str) -> Option<String> {
    crate::rules::error_code::code_like_words(text)
        .next()
        .map(|(_, _, w)| w.to_string())
}

/// A node's visible text (first item of a list).
fn node_text(n: &Node) -> String {
    match n {
        Node::Heading { text, .. } | Node::Line(text) | Node::Message(text) => text.clone(),
        Node::Paragraph(s) | Node::Note(s) => plain(s),
        Node::Steps(items) => items.first().map(|i| plain(&i.text)).unwrap_or_default(),
        Node::Bullets(items) => items.first().map(|i| plain(i)).unwrap_or_default(),
    }
}

fn clip(s: &str) -> String {
    format!("`{}`", crate::text::clip(s, 60))
}

/// Whether a line of plain text reads like a heading: short, without
/// closing punctuation.
fn heading_like(text: &str) -> bool {
    let t = text.trim_end();
    t.chars().count() <= 100
        && !t.ends_with(['.', ':', '!', '?', ',', ';', '…', ')', '"', '”'])
        && t.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// `Note: text` → `text`.
fn strip_note(spans: &Spans) -> Option<Spans> {
    let mut out = spans.clone();
    let Some(Span::Text(first)) = out.first_mut() else {
        return None;
    };
    let lower = first.to_ascii_lowercase();
    let rest = ["note:", "note "].iter().find_map(|p| {
        lower
            .starts_with(p)
            .then(|| first[p.len()..].trim_start().to_string())
    })?;
    if rest.is_empty() {
        out.remove(0);
    } else {
        *first = rest;
    }
    Some(out)
}

impl Cx<'_> {
    fn problem(&mut self, at: usize, level: Level, message: String) {
        self.r.problems.push(Problem {
            at,
            level,
            message,
            help: None,
        });
    }

    fn kind(&self, text: &str) -> Kind {
        let t = text.trim();
        let eq = |a: &str| a.eq_ignore_ascii_case(t);
        let k = self.known;
        if let Some(d) = k.devices.iter().find(|d| eq(&d.name) || eq(&d.id)) {
            return Kind::Device(d.id.clone());
        }
        if let Some((id, _)) = self.r.added.iter().find(|(_, n)| eq(n)) {
            return Kind::Device(id.clone());
        }
        let by_noun: Vec<String> = k
            .devices
            .iter()
            .filter(|d| d.nouns.iter().any(|n| eq(n)))
            .map(|d| d.id.clone())
            .collect();
        match by_noun.len() {
            0 => {}
            1 => return Kind::Device(by_noun[0].clone()),
            _ => return Kind::Ambiguous(by_noun),
        }
        if k.fallback_titles.iter().any(|f| eq(f)) {
            return Kind::Fallback;
        }
        if k.related_titles.iter().any(|f| eq(f)) || eq("Related articles") {
            return Kind::Related;
        }
        Kind::Other
    }

    /// One piece after the title.
    fn piece(&mut self, p: &Piece, next: Option<&Piece>) {
        match &p.node {
            Node::Heading { level, text } => {
                let kind = self.kind(text);
                if kind == Kind::Other && *level > self.device_level {
                    self.section(p.at, text);
                } else {
                    self.heading(p.at, text, kind);
                }
            }
            Node::Line(text) => {
                let kind = self.kind(text);
                if kind != Kind::Other {
                    return self.heading(p.at, text, kind);
                }
                let next_is_section = next.is_some_and(|n| match &n.node {
                    Node::Line(t) => self.known.section_ids.contains_key(t),
                    _ => false,
                });
                let known_section = self.known.section_ids.contains_key(text);
                if heading_like(text) && next_is_section && !known_section {
                    return self.heading(p.at, text, Kind::Other);
                }
                let in_device = matches!(self.state, State::Device);
                let fresh = self.r.devices.last().is_some_and(|d| d.sections.is_empty());
                let followed = next.is_some_and(|n| !matches!(n.node, Node::Heading { .. }));
                if in_device && (known_section || fresh || (heading_like(text) && followed)) {
                    return self.section(p.at, text);
                }
                self.block(p.at, &p.node);
            }
            _ => self.block(p.at, &p.node),
        }
    }

    /// A device, fallback or related heading (or an unknown device).
    fn heading(&mut self, at: usize, text: &str, kind: Kind) {
        match kind {
            Kind::Device(id) => {
                if self.r.devices.iter().any(|d| d.device == id) {
                    self.problem(
                        at,
                        Level::Error,
                        format!("device `{id}` appears twice; its second entry is left out"),
                    );
                    self.state = State::Skip;
                    return;
                }
                self.r.devices.push(DeviceOut {
                    at,
                    device: id,
                    sections: Vec::new(),
                });
                self.state = State::Device;
            }
            Kind::Ambiguous(ids) => {
                self.problem(
                    at,
                    Level::Error,
                    format!(
                        "heading `{text}` names several devices ({}); use the display name",
                        ids.join(", ")
                    ),
                );
                self.state = State::Skip;
            }
            Kind::Fallback => {
                self.r.fallback = Some((text.trim().to_string(), Vec::new()));
                self.state = State::Fallback;
            }
            Kind::Related => {
                self.r.related = Some((text.trim().to_string(), Vec::new()));
                self.state = State::Related;
            }
            Kind::Other if self.add_devices => {
                let mut id = slug(text);
                while self.known.devices.iter().any(|d| d.id == id)
                    || self.r.added.iter().any(|(a, _)| *a == id)
                {
                    id.push_str("-2");
                }
                self.r.added.push((id.clone(), text.trim().to_string()));
                self.heading(at, text, Kind::Device(id));
            }
            Kind::Other => {
                let names: Vec<&str> = self
                    .known
                    .devices
                    .iter()
                    .flat_map(|d| {
                        std::iter::once(d.name.as_str()).chain(d.nouns.iter().map(String::as_str))
                    })
                    .collect();
                let help = match crate::text::closest(text.trim(), names) {
                    Some(n) => format!("did you mean `{n}`? (or --add-devices to add it to the registry)"),
                    None => "name a device of devices.json, or use --add-devices to add it to the registry".into(),
                };
                self.r.problems.push(Problem {
                    at,
                    level: Level::Error,
                    message: format!("unknown device heading `{}`", text.trim()),
                    help: Some(help),
                });
                self.state = State::Skip;
            }
        }
    }

    /// A section heading inside a device.
    fn section(&mut self, at: usize, title: &str) {
        if !matches!(self.state, State::Device) {
            if !matches!(self.state, State::Skip) {
                self.problem(
                    at,
                    Level::Warning,
                    format!(
                        "could not place heading {}: not under a device; left out",
                        clip(title)
                    ),
                );
            }
            return;
        }
        let title = title.trim().to_string();
        let (id, reused) = match self.known.section_ids.get(&title) {
            Some(id) => (id.clone(), true),
            None => (slug(&title), false),
        };
        let list = if reused {
            &mut self.r.reused
        } else {
            &mut self.r.new_ids
        };
        if !list.contains(&id) {
            list.push(id.clone());
        }
        let device = self.r.devices.last().expect("in a device");
        if device.sections.iter().any(|s| s.id == id) {
            let name = device.device.clone();
            self.problem(
                at,
                Level::Warning,
                format!("section `{id}` appears twice under `{name}`"),
            );
        }
        let device = self.r.devices.last_mut().expect("in a device");
        device.sections.push(SectionOut {
            at,
            id,
            title,
            blocks: Vec::new(),
        });
    }

    /// A block in the current place.
    fn block(&mut self, at: usize, node: &Node) {
        match self.state {
            State::Preamble => match node {
                Node::Line(t) | Node::Message(t) => {
                    let explicit = matches!(node, Node::Message(_));
                    self.preamble
                        .push((at, vec![Span::Text(t.clone())], explicit));
                }
                Node::Paragraph(s) => self.preamble.push((at, s.clone(), false)),
                other => {
                    let text = node_text(other);
                    self.problem(
                        at,
                        Level::Warning,
                        format!(
                            "could not place {} before the first device; left out",
                            clip(&text)
                        ),
                    );
                }
            },
            State::Skip => {}
            State::Related => self.related(at, node),
            State::Fallback => {
                let b = self.to_block(node);
                if let Some((_, blocks)) = &mut self.r.fallback {
                    blocks.push(b);
                }
            }
            State::Device => {
                let b = self.to_block(node);
                match self
                    .r
                    .devices
                    .last_mut()
                    .and_then(|d| d.sections.last_mut())
                {
                    Some(s) => s.blocks.push(b),
                    None => {
                        let text = node_text(node);
                        self.problem(
                            at,
                            Level::Warning,
                            format!(
                                "could not place {}: no section heading before it; left out",
                                clip(&text)
                            ),
                        );
                    }
                }
            }
        }
    }

    fn to_block(&self, node: &Node) -> Block {
        let inline = |s: &Spans| self.known.inline(s, self.infer);
        let para = |s: &Spans| match strip_note(s) {
            Some(n) => Block::Note { text: inline(&n) },
            None if self.infer && self.known.notes.contains(&plain(s)) => {
                Block::Note { text: inline(s) }
            }
            None => Block::Paragraph { text: inline(s) },
        };
        match node {
            Node::Line(t) | Node::Message(t) | Node::Heading { text: t, .. } => {
                para(&vec![Span::Text(t.clone())])
            }
            Node::Paragraph(s) => para(s),
            Node::Note(s) => Block::Note {
                text: inline(&strip_note(s).unwrap_or_else(|| s.clone())),
            },
            Node::Steps(items) => Block::Steps {
                items: items
                    .iter()
                    .map(|i| Step {
                        text: inline(&i.text),
                        bullets: i.bullets.iter().map(inline).collect(),
                    })
                    .collect(),
            },
            Node::Bullets(items) => Block::Bullets {
                items: items.iter().map(inline).collect(),
            },
        }
    }

    /// After a related heading: error codes are related articles; other
    /// text is page furniture.
    fn related(&mut self, at: usize, node: &Node) {
        let texts: Vec<String> = match node {
            Node::Bullets(items) => items.iter().map(|i| plain(i)).collect(),
            other => vec![node_text(other)],
        };
        for t in texts {
            let t = t.trim();
            match first_code(t) {
                Some(c) if c == t || t.starts_with(&c) => {
                    if let Some((_, codes)) = &mut self.r.related {
                        codes.push(c);
                    }
                }
                _ => {
                    let furniture = [
                        "helpful",
                        "cookie",
                        "yes",
                        "no",
                        "©",
                        "copyright",
                        "privacy",
                        "terms",
                    ]
                    .iter()
                    .any(|f| t.to_lowercase().contains(f));
                    let level = if furniture {
                        Level::Note
                    } else {
                        Level::Warning
                    };
                    self.problem(
                        at,
                        level,
                        format!("left out text after the related articles: {}", clip(t)),
                    );
                }
            }
        }
    }

    /// A device without sections or a section without text is an error
    /// at its heading (the schema requires both).
    fn empty_entries(&mut self) {
        let mut found = Vec::new();
        for d in &self.r.devices {
            if d.sections.is_empty() {
                found.push((d.at, format!("device `{}` has no section", d.device)));
            }
            for s in d.sections.iter().filter(|s| s.blocks.is_empty()) {
                found.push((
                    s.at,
                    format!("section `{}` of `{}` has no text", s.id, d.device),
                ));
            }
        }
        for (at, message) in found {
            self.problem(at, Level::Error, message);
        }
    }

    /// Intro, messages and summary from the paragraphs before the first
    /// device: the first is the intro, the last the summary, those between
    /// (or those marked as messages) the messages.
    fn finish_preamble(&mut self, title_at: usize) -> Result<(), String> {
        let paras = std::mem::take(&mut self.preamble);
        let explicit: Vec<String> = paras.iter().filter(|p| p.2).map(|p| plain(&p.1)).collect();
        let rest: Vec<&(usize, Spans, bool)> = paras.iter().filter(|p| !p.2).collect();
        if rest.len() < 2 || (explicit.is_empty() && rest.len() < 3) {
            self.problem(
                paras.first().map_or(title_at, |p| p.0),
                Level::Error,
                format!(
                    "expected an intro, the on-screen message(s) and a summary before the first device; found {} paragraph(s)",
                    paras.len()
                ),
            );
            return Ok(());
        }
        self.r.intro = self.known.inline(&rest[0].1, self.infer);
        self.r.summary = self.known.inline(&rest[rest.len() - 1].1, self.infer);
        self.r.messages = if explicit.is_empty() {
            rest[1..rest.len() - 1]
                .iter()
                .map(|p| plain(&p.1))
                .collect()
        } else {
            for p in &rest[1..rest.len() - 1] {
                let text = plain(&p.1);
                self.problem(
                    p.0,
                    Level::Warning,
                    format!(
                        "left out a paragraph between intro and summary: {}",
                        clip(&text)
                    ),
                );
            }
            explicit
        };
        Ok(())
    }
}
