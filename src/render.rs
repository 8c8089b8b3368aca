//! Rendering articles as the help center shows them (text, Markdown, HTML).
//!
//! Rendering happens in two steps:
//!
//! 1. [`render_with_snippets`] resolves the article into a small, format-free
//!    document: device entries get their registry display name as heading
//!    (the device id if the registry does not know it), snippet sections get
//!    the snippet's title and blocks, `{var}` runs become the device's name or
//!    first noun, error-code runs become the code, links keep text and target.
//! 2. A writer turns that document into one [`Format`]:
//!    * [`Format::Text`] reproduces the help center's plain-text layout (the
//!      layout of the scraped seed articles): every element on its own line,
//!      blank lines between, steps as `  1. text`, nested bullets as
//!      `    • text`, bullet lists as `  • text`, links as their visible text.
//!    * [`Format::Markdown`] uses `#`/`##`/`###` headings, `1.` lists with
//!      nested `-` bullets, `>` notes and `[text](href)` links. Content text is
//!      escaped so it cannot inject markup, and newlines inside text become
//!      spaces (every inline text is one Markdown line).
//!    * [`Format::Html`] renders an `<article>` fragment. All content text and
//!      attribute values are escaped.
//!
//! In Markdown and HTML, only `https://` and `http://` links become links;
//! any other target (e.g. `javascript:`) renders as the link's text alone.
//!
//! No format passes content's terminal controls through (ESC, BEL, CR, C1,
//! DEL, bidi overrides): text shows them as `\u{..}` escapes, as `check`
//! does ([`crate::text::escape_terminal`]); Markdown and HTML, which have no
//! visible escape for them, drop them ([`crate::text::strip_terminal`]),
//! keeping newlines and tabs.
//!
//! All functions here are pure: no I/O, no global state.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::model::{Article, Block, Device, DeviceRegistry, Inline, Run, Snippet, Step};
use crate::text::{escape_terminal, strip_terminal};

/// An output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, laid out like the help center's article text.
    Text,
    /// Markdown (CommonMark).
    Markdown,
    /// An HTML fragment (`<article>…</article>`).
    Html,
}

impl Format {
    /// Every format: its value, its name on the command line, what it is.
    pub const ALL: &'static [(Format, &'static str, &'static str)] = &[
        (
            Format::Text,
            "text",
            "plain text, laid out like the help center's article text",
        ),
        (Format::Markdown, "markdown", "Markdown (CommonMark)"),
        (
            Format::Html,
            "html",
            "an HTML fragment (<article>…</article>)",
        ),
    ];
}

/// Renders `article` in `format`. Device headings come from `registry`.
///
/// Sections that use a snippet render a "missing snippet" marker; use
/// [`render_with_snippets`] to resolve them.
#[must_use]
pub fn render(article: &Article, registry: &DeviceRegistry, format: Format) -> String {
    render_with_snippets(article, registry, &[], format)
}

/// Like [`render`], resolving `snippet` sections from `snippets` (by id).
#[must_use]
pub fn render_with_snippets(
    article: &Article,
    registry: &DeviceRegistry,
    snippets: &[Snippet],
    format: Format,
) -> String {
    let doc = resolve(article, registry, snippets);
    let out = match format {
        Format::Text => return escape_terminal(&write_text(&doc), true),
        Format::Markdown => write_markdown(&doc),
        Format::Html => write_html(&doc),
    };
    match strip_terminal(&out) {
        Cow::Borrowed(_) => out,
        Cow::Owned(stripped) => stripped,
    }
}

// ---------------------------------------------------------------------------
// The resolved document.

/// A piece of inline text as the reader sees it.
#[derive(Debug, Clone, PartialEq)]
enum Span<'a> {
    Text(Cow<'a, str>),
    Link { text: &'a str, href: &'a str },
}

type Line<'a> = Vec<Span<'a>>;

#[derive(Debug, Clone, PartialEq)]
struct StepItem<'a> {
    text: Line<'a>,
    bullets: Vec<Line<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node<'a> {
    /// Level 1 = article title, 2 = device / fallback / related, 3 = section.
    Heading(u8, &'a str),
    /// An on-screen error message.
    Message(&'a str),
    Paragraph(Line<'a>),
    Steps(Vec<StepItem<'a>>),
    Bullets(Vec<Line<'a>>),
    Note(Line<'a>),
    /// Codes of related articles.
    Codes(Vec<&'a str>),
}

/// What `{var}` runs resolve to: the device of the section.
type DeviceVars<'a> = &'a Device;

fn resolve<'a>(
    article: &'a Article,
    registry: &'a DeviceRegistry,
    snippets: &'a [Snippet],
) -> Vec<Node<'a>> {
    let mut doc = vec![Node::Heading(1, &article.title)];
    doc.push(Node::Paragraph(line(&article.intro, None)));
    doc.extend(article.messages.iter().map(|m| Node::Message(m)));
    doc.push(Node::Paragraph(line(&article.summary, None)));

    for entry in &article.devices {
        let device = registry.devices.iter().find(|d| d.id == entry.device);
        let vars = device;
        let heading = device.map_or(entry.device.as_str(), |d| d.name.as_str());
        doc.push(Node::Heading(2, heading));
        for section in &entry.sections {
            match &section.snippet {
                None => {
                    let title = section.title.as_deref().unwrap_or(&section.id);
                    doc.push(Node::Heading(3, title));
                    blocks(&mut doc, &section.blocks, vars);
                }
                Some(id) => match snippets.iter().find(|s| &s.id == id) {
                    Some(snippet) => {
                        let title = section.title.as_deref().unwrap_or(&snippet.title);
                        doc.push(Node::Heading(3, title));
                        blocks(&mut doc, &snippet.blocks, vars);
                    }
                    None => {
                        let title = section.title.as_deref().unwrap_or(id);
                        doc.push(Node::Heading(3, title));
                        let marker = format!("[missing snippet: {id}]");
                        doc.push(Node::Paragraph(vec![Span::Text(Cow::Owned(marker))]));
                    }
                },
            }
        }
    }

    if let Some(fallback) = &article.fallback {
        doc.push(Node::Heading(2, &fallback.title));
        blocks(&mut doc, &fallback.blocks, None);
    }
    if let Some(related) = &article.related {
        doc.push(Node::Heading(2, &related.title));
        if !related.articles.is_empty() {
            doc.push(Node::Codes(
                related.articles.iter().map(String::as_str).collect(),
            ));
        }
    }
    doc
}

fn blocks<'a>(doc: &mut Vec<Node<'a>>, blocks: &'a [Block], vars: Option<DeviceVars<'a>>) {
    for block in blocks {
        doc.push(match block {
            Block::Paragraph { text } => Node::Paragraph(line(text, vars)),
            Block::Note { text } => Node::Note(line(text, vars)),
            Block::Bullets { items } => {
                Node::Bullets(items.iter().map(|i| line(i, vars)).collect())
            }
            Block::Steps { items } => Node::Steps(
                items
                    .iter()
                    .map(|Step { text, bullets }| StepItem {
                        text: line(text, vars),
                        bullets: bullets.iter().map(|b| line(b, vars)).collect(),
                    })
                    .collect(),
            ),
        });
    }
}

fn line<'a>(inline: &'a Inline, vars: Option<DeviceVars<'a>>) -> Line<'a> {
    match inline {
        Inline::Plain(s) => vec![Span::Text(Cow::Borrowed(s))],
        Inline::Runs(runs) => runs
            .iter()
            .map(|run| match run {
                Run::Text(s) => Span::Text(Cow::Borrowed(s)),
                Run::Code(c) => Span::Text(Cow::Borrowed(&c.code)),
                Run::Link(l) => Span::Link {
                    text: &l.link,
                    href: &l.href,
                },
                Run::Var(v) => Span::Text(match vars.and_then(|d| v.fill(d)) {
                    Some(word) => Cow::Borrowed(word),
                    None => Cow::Owned(format!("{{{}}}", v.var)),
                }),
            })
            .collect(),
    }
}

/// Whether a link target may become a real link (`https://` or `http://`).
fn is_safe_href(href: &str) -> bool {
    let starts = |prefix: &str| {
        href.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    starts("https://") || starts("http://")
}

// ---------------------------------------------------------------------------
// Text.

fn plain(line: &Line<'_>) -> String {
    let mut out = String::new();
    for span in line {
        match span {
            Span::Text(s) => out.push_str(s),
            Span::Link { text, .. } => out.push_str(text),
        }
    }
    out
}

fn write_text(doc: &[Node<'_>]) -> String {
    let mut chunks: Vec<String> = Vec::new();
    for node in doc {
        match node {
            Node::Heading(_, text) | Node::Message(text) => chunks.push((*text).to_string()),
            Node::Paragraph(line) | Node::Note(line) => chunks.push(plain(line)),
            Node::Steps(items) => {
                for (n, item) in items.iter().enumerate() {
                    chunks.push(format!("  {}. {}", n + 1, plain(&item.text)));
                    for bullet in &item.bullets {
                        chunks.push(format!("    • {}", plain(bullet)));
                    }
                }
            }
            Node::Bullets(items) => {
                chunks.extend(items.iter().map(|i| format!("  • {}", plain(i))));
            }
            Node::Codes(codes) => chunks.extend(codes.iter().map(|c| (*c).to_string())),
        }
    }
    let mut out = chunks.join("\n\n");
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------
// Markdown.

/// Escapes content text for Markdown. Newlines become spaces. With
/// `line_start`, also neutralizes what would start a block (list markers,
/// setext underlines) and drops leading whitespace (which would otherwise
/// make an indented code block).
fn md_escape(text: &str, line_start: bool) -> String {
    let text = text.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let text = if line_start {
        text.trim_start()
    } else {
        &text[..]
    };
    let mut out = String::with_capacity(text.len() + 8);
    // Length of a leading run of digits, if the text starts with one.
    let digits = if line_start {
        text.bytes().take_while(u8::is_ascii_digit).count()
    } else {
        0
    };
    for (i, c) in text.char_indices() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '&' | '|' | '~' => true,
            '-' | '+' | '=' => line_start && i == 0,
            '.' | ')' => line_start && digits > 0 && i == digits,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a link destination: backslash before `\`, `(`, `)`, `<`, `>`;
/// whitespace and control characters percent-encoded.
fn md_destination(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        match c {
            '\\' | '(' | ')' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_whitespace() || c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn md_line(line: &Line<'_>) -> String {
    let mut out = String::new();
    for span in line {
        let at_start = out.is_empty();
        match span {
            Span::Text(s) => out.push_str(&md_escape(s, at_start)),
            Span::Link { text, href } if is_safe_href(href) => {
                let _ = write!(
                    out,
                    "[{}]({})",
                    md_escape(text, false),
                    md_destination(href)
                );
            }
            Span::Link { text, .. } => out.push_str(&md_escape(text, at_start)),
        }
    }
    out
}

fn write_markdown(doc: &[Node<'_>]) -> String {
    let mut chunks: Vec<String> = Vec::new();
    // Adjacent lists of the same kind would merge into one; alternating the
    // marker (`-`/`*`, `.`/`)`) keeps them apart.
    let mut last_bullet_marker = '*';
    let mut last_step_delim = ')';
    let mut previous: Option<&Node<'_>> = None;
    for node in doc {
        match node {
            Node::Heading(level, text) => chunks.push(format!(
                "{} {}",
                "#".repeat(usize::from(*level)),
                md_escape(text, false)
            )),
            Node::Message(text) => chunks.push(md_escape(text, true)),
            Node::Paragraph(line) => chunks.push(md_line(line)),
            Node::Note(line) => chunks.push(format!("> **Note:** {}", md_line(line))),
            Node::Steps(items) => {
                let delim = if matches!(previous, Some(Node::Steps(_))) && last_step_delim == '.' {
                    ')'
                } else {
                    '.'
                };
                last_step_delim = delim;
                let mut out = String::new();
                for (n, item) in items.iter().enumerate() {
                    let marker = format!("{}{delim} ", n + 1);
                    let _ = writeln!(out, "{marker}{}", md_line(&item.text));
                    let indent = " ".repeat(marker.len());
                    for bullet in &item.bullets {
                        let _ = writeln!(out, "{indent}- {}", md_line(bullet));
                    }
                }
                out.pop();
                chunks.push(out);
            }
            Node::Bullets(items) => {
                let marker =
                    if matches!(previous, Some(Node::Bullets(_))) && last_bullet_marker == '-' {
                        '*'
                    } else {
                        '-'
                    };
                last_bullet_marker = marker;
                let list: Vec<String> = items
                    .iter()
                    .map(|i| format!("{marker} {}", md_line(i)))
                    .collect();
                chunks.push(list.join("\n"));
            }
            Node::Codes(codes) => {
                let list: Vec<String> = codes
                    .iter()
                    .map(|c| format!("- {}", md_escape(c, false)))
                    .collect();
                chunks.push(list.join("\n"));
            }
        }
        previous = Some(node);
    }
    let mut out = chunks.join("\n\n");
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------
// HTML.

/// Escapes text for HTML content and (quoted) attribute values.
pub fn html_escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn html_line(line: &Line<'_>) -> String {
    let mut out = String::new();
    for span in line {
        match span {
            Span::Text(s) => out.push_str(&html_escape(s)),
            Span::Link { text, href } if is_safe_href(href) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    html_escape(href),
                    html_escape(text)
                );
            }
            Span::Link { text, .. } => out.push_str(&html_escape(text)),
        }
    }
    out
}

fn write_html(doc: &[Node<'_>]) -> String {
    let mut out = String::from("<article>\n");
    for node in doc {
        match node {
            Node::Heading(level, text) => {
                let _ = writeln!(out, "<h{level}>{}</h{level}>", html_escape(text));
            }
            Node::Message(text) => {
                let _ = writeln!(out, "<p class=\"message\">{}</p>", html_escape(text));
            }
            Node::Paragraph(line) => {
                let _ = writeln!(out, "<p>{}</p>", html_line(line));
            }
            Node::Note(line) => {
                let _ = writeln!(out, "<aside class=\"note\">{}</aside>", html_line(line));
            }
            Node::Steps(items) => {
                out.push_str("<ol>\n");
                for item in items {
                    let _ = write!(out, "<li>{}", html_line(&item.text));
                    if !item.bullets.is_empty() {
                        out.push_str("\n<ul>\n");
                        for bullet in &item.bullets {
                            let _ = writeln!(out, "<li>{}</li>", html_line(bullet));
                        }
                        out.push_str("</ul>\n");
                    }
                    out.push_str("</li>\n");
                }
                out.push_str("</ol>\n");
            }
            Node::Bullets(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", html_line(item));
                }
                out.push_str("</ul>\n");
            }
            Node::Codes(codes) => {
                out.push_str("<ul>\n");
                for code in codes {
                    let _ = writeln!(out, "<li>{}</li>", html_escape(code));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out.push_str("</article>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn registry() -> DeviceRegistry {
        serde_json::from_value(json!({
            "$schema": "devices.schema.json",
            "devices": [
                {"id": "ps4", "name": "PlayStation 4", "nouns": ["video game console", "game console"]},
                {"id": "tv", "name": "Smart TV"}
            ]
        }))
        .unwrap()
    }

    /// An article whose only paragraph (for device `device`) is `text`.
    fn article_with(device: &str, text: serde_json::Value) -> Article {
        serde_json::from_value(json!({
            "$schema": "article.schema.json",
            "code": "NW-1",
            "title": "T",
            "intro": "I",
            "messages": ["M"],
            "summary": "S",
            "devices": [{
                "device": device,
                "sections": [{"id": "s", "title": "Sec", "blocks": [{"type": "paragraph", "text": text}]}]
            }]
        }))
        .unwrap()
    }

    #[test]
    fn html_escapes_link_text_and_href() {
        let article = article_with(
            "ps4",
            json!(["a & b ", {"link": "<script>alert(1)</script>", "href": "https://x.invalid/\"onmouseover=\"alert(1)"}]),
        );
        let html = render(&article, &registry(), Format::Html);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains(
            "<p>a &amp; b <a href=\"https://x.invalid/&quot;onmouseover=&quot;alert(1)\">&lt;script&gt;alert(1)&lt;/script&gt;</a></p>"
        ), "{html}");
    }

    #[test]
    fn html_escapes_quotes_and_headings() {
        let mut article = article_with("ps4", json!("it's \"quoted\""));
        article.title = "<b>T</b>".to_string();
        let html = render(&article, &registry(), Format::Html);
        assert!(html.contains("<h1>&lt;b&gt;T&lt;/b&gt;</h1>"), "{html}");
        assert!(
            html.contains("<p>it&#39;s &quot;quoted&quot;</p>"),
            "{html}"
        );
    }

    #[test]
    fn unsafe_hrefs_render_as_text_only() {
        let article = article_with(
            "ps4",
            json!([{"link": "click", "href": "javascript:alert(1)"}, " ", {"link": "ok", "href": "HTTP://a.invalid"}]),
        );
        let html = render(&article, &registry(), Format::Html);
        assert!(
            html.contains("<p>click <a href=\"HTTP://a.invalid\">ok</a></p>"),
            "{html}"
        );
        assert!(!html.contains("javascript"), "{html}");
        let md = render(&article, &registry(), Format::Markdown);
        assert!(md.contains("\nclick [ok](HTTP://a.invalid)\n"), "{md}");
        assert!(!md.contains("javascript"), "{md}");
    }

    #[test]
    fn markdown_escapes_content() {
        let article = article_with("ps4", json!("# *a* _b_ [c](d) <e> `f` \\ & x|y ~z"));
        let md = render(&article, &registry(), Format::Markdown);
        assert!(
            md.contains("\n\\# \\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\`f\\` \\\\ \\& x\\|y \\~z\n"),
            "{md}"
        );
    }

    #[test]
    fn markdown_neutralizes_block_starts_and_newlines() {
        for (text, want) in [
            ("1. not a list", "\n1\\. not a list\n"),
            ("12) not a list", "\n12\\) not a list\n"),
            ("- not a bullet", "\n\\- not a bullet\n"),
            ("    not code", "\nnot code\n"),
            ("a\n# not a heading", "\na \\# not a heading\n"),
            ("2024 was 1. fine", "\n2024 was 1. fine\n"),
        ] {
            let md = render(
                &article_with("ps4", json!(text)),
                &registry(),
                Format::Markdown,
            );
            assert!(md.contains(want), "{text:?} rendered as:\n{md}");
        }
    }

    #[test]
    fn markdown_link_text_and_destination_are_escaped() {
        let article = article_with(
            "ps4",
            json!(["see ", {"link": "a]b", "href": "https://x.invalid/a b(c)"}]),
        );
        let md = render(&article, &registry(), Format::Markdown);
        assert!(
            md.contains("see [a\\]b](https://x.invalid/a%20b\\(c\\))"),
            "{md}"
        );
    }

    #[test]
    fn markdown_layout() {
        let article: Article = serde_json::from_value(json!({
            "$schema": "article.schema.json",
            "code": "NW-1",
            "title": "T",
            "intro": ["see ", {"code": "NW-1"}],
            "messages": ["M"],
            "summary": "S",
            "devices": [{"device": "ps4", "sections": [{"id": "s", "title": "Sec", "blocks": [
                {"type": "steps", "items": [{"text": "one", "bullets": ["x", "y"]}, {"text": "two"}]},
                {"type": "bullets", "items": ["a"]},
                {"type": "bullets", "items": ["b"]},
                {"type": "note", "text": "n"}
            ]}]}],
            "fallback": {"title": "All other devices", "blocks": [{"type": "paragraph", "text": "f"}]},
            "related": {"title": "Related", "articles": ["NW-2"]}
        }))
        .unwrap();
        let md = render(&article, &registry(), Format::Markdown);
        assert_eq!(
            md,
            "# T\n\nsee NW-1\n\nM\n\nS\n\n## PlayStation 4\n\n### Sec\n\n\
             1. one\n   - x\n   - y\n2. two\n\n- a\n\n* b\n\n> **Note:** n\n\n\
             ## All other devices\n\nf\n\n## Related\n\n- NW-2\n"
        );
    }

    #[test]
    fn vars_resolve_to_the_device() {
        let text = json!(["Turn off your ", {"var": "noun"}, " (", {"var": "name"}, ")."]);
        let out = render(
            &article_with("ps4", text.clone()),
            &registry(),
            Format::Text,
        );
        assert!(
            out.contains("\nTurn off your video game console (PlayStation 4).\n"),
            "{out}"
        );
        // No nouns: the noun falls back to the display name.
        let out = render(&article_with("tv", text.clone()), &registry(), Format::Text);
        assert!(
            out.contains("\nTurn off your Smart TV (Smart TV).\n"),
            "{out}"
        );
        // Unknown device: heading is the id, vars stay placeholders.
        let out = render(&article_with("fridge", text), &registry(), Format::Text);
        assert!(out.contains("\n\nfridge\n\n"), "{out}");
        assert!(out.contains("\nTurn off your {noun} ({name}).\n"), "{out}");
    }

    #[test]
    fn snippet_sections_resolve_with_vars() {
        let article: Article = serde_json::from_value(json!({
            "$schema": "article.schema.json",
            "code": "NW-1",
            "title": "T",
            "intro": "I",
            "messages": ["M"],
            "summary": "S",
            "devices": [{"device": "ps4", "sections": [
                {"id": "restart", "snippet": "restart"},
                {"id": "other", "snippet": "nope", "title": "Other"}
            ]}]
        }))
        .unwrap();
        let snippet: Snippet = serde_json::from_value(json!({
            "$schema": "snippet.schema.json",
            "id": "restart",
            "title": "Restart",
            "blocks": [{"type": "steps", "items": [{"text": ["Turn off your ", {"var": "noun"}, "."]}]}]
        }))
        .unwrap();
        let out = render_with_snippets(&article, &registry(), &[snippet], Format::Text);
        assert!(
            out.contains("\nRestart\n\n  1. Turn off your video game console.\n"),
            "{out}"
        );
        assert!(
            out.contains("\nOther\n\n[missing snippet: nope]\n"),
            "{out}"
        );
    }

    #[test]
    fn text_layout() {
        let article: Article = serde_json::from_value(json!({
            "$schema": "article.schema.json",
            "code": "NW-1",
            "title": "T",
            "intro": "I",
            "messages": ["M"],
            "summary": "S",
            "devices": [{"device": "ps4", "sections": [{"id": "s", "title": "Sec", "blocks": [
                {"type": "steps", "items": [{"text": "one", "bullets": ["x"]}]},
                {"type": "bullets", "items": [["go to ", {"link": "l", "href": "https://l.invalid"}]]}
            ]}]}],
            "related": {"title": "Related", "articles": ["NW-2", "NW-3"]}
        }))
        .unwrap();
        assert_eq!(
            render(&article, &registry(), Format::Text),
            "T\n\nI\n\nM\n\nS\n\nPlayStation 4\n\nSec\n\n  1. one\n\n    • x\n\n  • go to l\n\n\
             Related\n\nNW-2\n\nNW-3\n"
        );
    }
}
