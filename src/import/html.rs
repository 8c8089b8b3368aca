//! HTML (read with `scraper`, i.e. html5ever, the browsers' parsing
//! algorithm): the `<article>` element when the page has one, else `<main>`
//! or the body, with page furniture (navigation, header and footer
//! without the title, scripts, forms, cookie banners, hidden elements)
//! left out. Headings `<h1>`–`<h6>`, `<p class="message">`, notes
//! (`<aside class="note">`, a `note` class, `<blockquote>`), `<ol>` steps
//! with nested `<ul>` bullets, `<ul>` bullets and `<a href>` links.
//!
//! html5ever keeps no source positions: each piece is located by finding
//! the start of its text in the input, after the previous piece.

use super::doc::{Node, Parsed, Piece, Span, Spans, StepItem, collapse, plain, push_text};
use scraper::{ElementRef, Html, Selector};

/// Reads an HTML page or fragment; an error when it holds two articles.
pub fn parse(input: &str) -> Result<Parsed, String> {
    let doc = Html::parse_document(input);
    let sel = |s: &str| Selector::parse(s).expect("valid selector");
    let articles: Vec<ElementRef> = doc.select(&sel("article")).collect();
    if articles.len() > 1 {
        return Err(format!(
            "the page holds {} articles (`<article>` elements); import one per file",
            articles.len()
        ));
    }
    let root = articles
        .first()
        .copied()
        .or_else(|| doc.select(&sel("main, [role=main]")).next())
        .or_else(|| doc.select(&sel("body")).next())
        .unwrap_or_else(|| doc.root_element());
    let mut w = Walker {
        input,
        cursor: 0,
        out: Parsed::default(),
        pending: Vec::new(),
    };
    // The page around the article (navigation, footer…) is not read.
    let text = |e: ElementRef| e.text().collect::<String>().trim().to_string();
    let outside = match (articles.first(), doc.select(&sel("body")).next()) {
        (Some(article), Some(body)) => text(*article) != text(body),
        _ => false,
    };
    if outside {
        let at = input.to_ascii_lowercase().find("<article").unwrap_or(0);
        w.out
            .furniture
            .push((at, "the page around the `<article>` element".into()));
    }
    w.block(root);
    w.flush();
    Ok(w.out)
}

struct Walker<'i> {
    input: &'i str,
    cursor: usize,
    out: Parsed,
    /// Loose inline content of a container, not yet a paragraph.
    pending: Spans,
}

impl Walker<'_> {
    /// Finds where `text` starts in the input, after the last piece.
    fn locate(&mut self, text: &str) -> usize {
        let probe: String = text
            .chars()
            .take_while(|c| !matches!(c, '&' | '<' | '>' | '"' | '\''))
            .take(40)
            .collect();
        let probe = probe.trim();
        if !probe.is_empty()
            && let Some(k) = self.input[self.cursor..].find(probe)
        {
            self.cursor += k;
        }
        self.cursor
    }

    fn push(&mut self, node: Node, text: &str) {
        let at = self.locate(text);
        self.out.pieces.push(Piece { node, at });
    }

    fn flush(&mut self) {
        let spans = collapse(std::mem::take(&mut self.pending));
        if !spans.is_empty() {
            let text = plain(&spans);
            self.push(Node::Paragraph(spans), &text);
        }
    }

    fn block(&mut self, el: ElementRef) {
        for child in el.children() {
            match child.value() {
                scraper::Node::Text(t) => push_text(&mut self.pending, t),
                scraper::Node::Element(_) => {
                    let Some(e) = ElementRef::wrap(child) else {
                        continue;
                    };
                    self.element(e);
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, e: ElementRef) {
        let name = e.value().name();
        if let Some(what) = furniture(e) {
            let at = self.cursor;
            self.out.furniture.push((at, what));
            return;
        }
        let class = e.value().attr("class").unwrap_or("");
        let has_class = |c: &str| class.split_whitespace().any(|k| k.eq_ignore_ascii_case(c));
        match name {
            "a" | "span" | "strong" | "b" | "em" | "i" | "code" | "small" | "sup" | "sub"
            | "mark" | "u" | "abbr" | "time" | "kbd" | "var" | "q" | "cite" | "s" | "label"
                if !has_class("note") =>
            {
                let mut spans = std::mem::take(&mut self.pending);
                inline(e, &mut spans);
                self.pending = spans;
            }
            "br" => push_text(&mut self.pending, " "),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let text = plain(&collapse(vec![Span::Text(e.text().collect())]));
                let level = name.as_bytes()[1] - b'0';
                self.push(
                    Node::Heading {
                        level,
                        text: text.clone(),
                    },
                    &text,
                );
            }
            "p" if has_class("message") => {
                self.flush();
                let text = plain(&collapse(vec![Span::Text(e.text().collect())]));
                self.push(Node::Message(text.clone()), &text);
            }
            "p" => {
                self.flush();
                let spans = inlines(e);
                if !spans.is_empty() {
                    let text = plain(&spans);
                    self.push(Node::Paragraph(spans), &text);
                }
            }
            "blockquote" | "aside" => {
                self.flush();
                let spans = inlines(e);
                let text = plain(&spans);
                self.push(Node::Note(spans), &text);
            }
            _ if has_class("note") => {
                self.flush();
                let spans = inlines(e);
                let text = plain(&spans);
                self.push(Node::Note(spans), &text);
            }
            "ol" => {
                self.flush();
                let items: Vec<StepItem> = items(e)
                    .map(|li| StepItem {
                        text: collapse(li_text(li)),
                        bullets: li
                            .children()
                            .filter_map(ElementRef::wrap)
                            .filter(|c| matches!(c.value().name(), "ul" | "ol"))
                            .flat_map(items)
                            .map(inlines)
                            .collect(),
                    })
                    .collect();
                let text = items.first().map(|i| plain(&i.text)).unwrap_or_default();
                self.push(Node::Steps(items), &text);
            }
            "ul" => {
                self.flush();
                let items: Vec<Spans> = items(e).map(inlines).collect();
                let text = items.first().map(|i| plain(i)).unwrap_or_default();
                self.push(Node::Bullets(items), &text);
            }
            _ => {
                self.flush();
                self.block(e);
                self.flush();
            }
        }
    }
}

/// Why an element is page furniture, if it is.
fn furniture(e: ElementRef) -> Option<String> {
    let v = e.value();
    let name = v.name();
    let h1 = || {
        e.select(&Selector::parse("h1").expect("valid selector"))
            .next()
            .is_some()
    };
    let furniture_tag = matches!(
        name,
        "nav"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "form"
            | "button"
            | "iframe"
            | "svg"
            | "select"
            | "input"
            | "textarea"
            | "dialog"
            | "head"
            | "link"
            | "meta"
            | "img"
            | "video"
            | "audio"
            | "canvas"
            | "object"
            | "embed"
    ) || (matches!(name, "header" | "footer") && !h1());
    let role = v.attr("role").unwrap_or("");
    let hidden = v.attr("hidden").is_some()
        || v.attr("aria-hidden") == Some("true")
        || matches!(
            role,
            "navigation" | "banner" | "contentinfo" | "search" | "dialog"
        );
    let marks = format!(
        "{} {}",
        v.attr("id").unwrap_or(""),
        v.attr("class").unwrap_or("")
    )
    .to_ascii_lowercase();
    let banner = [
        "cookie",
        "consent",
        "breadcrumb",
        "feedback",
        "helpful",
        "skip-link",
        "menu",
    ]
    .iter()
    .any(|m| marks.contains(m));
    (furniture_tag || hidden || banner).then(|| format!("`<{name}>`"))
}

fn items<'a>(list: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    list.children()
        .filter_map(ElementRef::wrap)
        .filter(|c| c.value().name() == "li")
}

/// A list item's own text, without its nested lists.
fn li_text(li: ElementRef) -> Spans {
    let mut spans = Vec::new();
    for child in li.children() {
        match child.value() {
            scraper::Node::Text(t) => push_text(&mut spans, t),
            scraper::Node::Element(el) if matches!(el.name(), "ul" | "ol") => {}
            scraper::Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(child) {
                    inline(e, &mut spans);
                }
            }
            _ => {}
        }
    }
    spans
}

/// An element's inline content, collapsed.
fn inlines(e: ElementRef) -> Spans {
    let mut spans = Vec::new();
    for child in e.children() {
        match child.value() {
            scraper::Node::Text(t) => push_text(&mut spans, t),
            scraper::Node::Element(_) => {
                if let Some(c) = ElementRef::wrap(child) {
                    inline(c, &mut spans);
                }
            }
            _ => {}
        }
    }
    collapse(spans)
}

/// Appends an inline element: a link with an `href` becomes a link,
/// anything else its text.
fn inline(e: ElementRef, out: &mut Spans) {
    if furniture(e).is_some() {
        return;
    }
    let v = e.value();
    match (v.name(), v.attr("href")) {
        ("a", Some(href)) => out.push(Span::Link {
            text: e.text().collect(),
            href: href.to_string(),
        }),
        ("br", _) => push_text(out, " "),
        _ => {
            for child in e.children() {
                match child.value() {
                    scraper::Node::Text(t) => push_text(out, t),
                    scraper::Node::Element(_) => {
                        if let Some(c) = ElementRef::wrap(child) {
                            inline(c, out);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_inside_a_page_with_furniture() {
        let page = "<html><head><title>x</title><script>var a=1</script></head><body>\
            <nav><a href=\"/\">Home</a></nav><div id=\"cookie-banner\">We use cookies</div>\
            <article><h1>T &amp; U</h1><p class=\"message\">M</p><p>see <a href=\"https://a.invalid\">a</a>.</p>\
            <ol><li>one<ul><li>x</li></ul></li><li>two</li></ol><aside class=\"note\">n</aside></article>\
            <footer>Was this article helpful?</footer></body></html>";
        let p = parse(page).unwrap();
        let nodes: Vec<Node> = p.pieces.iter().map(|p| p.node.clone()).collect();
        assert_eq!(
            nodes,
            vec![
                Node::Heading {
                    level: 1,
                    text: "T & U".into()
                },
                Node::Message("M".into()),
                Node::Paragraph(vec![
                    Span::Text("see ".into()),
                    Span::Link {
                        text: "a".into(),
                        href: "https://a.invalid".into()
                    },
                    Span::Text(".".into()),
                ]),
                Node::Steps(vec![
                    StepItem {
                        text: vec![Span::Text("one".into())],
                        bullets: vec![vec![Span::Text("x".into())]]
                    },
                    StepItem {
                        text: vec![Span::Text("two".into())],
                        bullets: vec![]
                    },
                ]),
                Node::Note(vec![Span::Text("n".into())]),
            ]
        );
        assert_eq!(&page[p.pieces[1].at..p.pieces[1].at + 1], "M");
    }

    #[test]
    fn two_articles_are_an_error() {
        let err = parse("<article><h1>A</h1></article><article><h1>B</h1></article>").unwrap_err();
        assert_eq!(
            err,
            "the page holds 2 articles (`<article>` elements); import one per file"
        );
    }
}
