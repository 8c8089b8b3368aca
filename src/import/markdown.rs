//! Markdown (CommonMark, read with `pulldown-cmark`): `#`/`##`/`###` or
//! setext headings, ordered lists as steps with nested bullet lists,
//! bullet lists, block quotes as notes, `[text](href)` links. Raw HTML is
//! page furniture and left out.

use super::doc::{Node, Parsed, Piece, Span, Spans, StepItem, collapse, plain, push_text};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

enum Frame {
    Heading(u8, Spans, usize),
    Para(Spans, usize),
    List {
        ordered: bool,
        items: Vec<StepItem>,
        at: usize,
    },
    Item(StepItem),
    Quote(Vec<Piece>, usize),
    Link(String, Spans),
}

/// Reads Markdown.
pub fn parse(input: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut stack: Vec<Frame> = Vec::new();
    for (event, range) in Parser::new_ext(input, Options::empty()).into_offset_iter() {
        let at = range.start;
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    stack.push(Frame::Heading(level as u8, Vec::new(), at));
                }
                Tag::Paragraph if !matches!(stack.last(), Some(Frame::Item(_))) => {
                    stack.push(Frame::Para(Vec::new(), at));
                }
                Tag::List(start) => stack.push(Frame::List {
                    ordered: start.is_some(),
                    items: Vec::new(),
                    at,
                }),
                Tag::Item => stack.push(Frame::Item(StepItem {
                    text: Vec::new(),
                    bullets: Vec::new(),
                })),
                Tag::BlockQuote(_) => stack.push(Frame::Quote(Vec::new(), at)),
                Tag::Link { dest_url, .. } => {
                    stack.push(Frame::Link(dest_url.to_string(), Vec::new()))
                }
                Tag::HtmlBlock => out.furniture.push((at, "an HTML block".into())),
                _ => {}
            },
            Event::End(tag) => end(tag, &mut stack, &mut out),
            Event::Text(t) | Event::Code(t) => inline(&mut stack, &t),
            Event::SoftBreak | Event::HardBreak => inline(&mut stack, " "),
            Event::Html(_) | Event::InlineHtml(_) => {
                out.furniture.push((at, "inline HTML".into()));
            }
            _ => {}
        }
    }
    out
}

/// Where inline text goes: the innermost heading, paragraph, link or
/// list item (before its nested lists).
fn inline(stack: &mut [Frame], t: &str) {
    for f in stack.iter_mut().rev() {
        match f {
            Frame::Heading(_, s, _) | Frame::Para(s, _) | Frame::Link(_, s) => {
                push_text(s, t);
                return;
            }
            Frame::Item(item) => {
                push_text(&mut item.text, t);
                return;
            }
            _ => {}
        }
    }
}

fn emit(stack: &mut [Frame], out: &mut Parsed, piece: Piece) {
    match stack.last_mut() {
        Some(Frame::Quote(pieces, _)) => pieces.push(piece),
        _ => out.pieces.push(piece),
    }
}

fn end(tag: TagEnd, stack: &mut Vec<Frame>, out: &mut Parsed) {
    match tag {
        TagEnd::Heading(_) => {
            if let Some(Frame::Heading(level, spans, at)) = stack.pop() {
                let text = plain(&collapse(spans));
                emit(
                    stack,
                    out,
                    Piece {
                        node: Node::Heading { level, text },
                        at,
                    },
                );
            }
        }
        TagEnd::Paragraph => {
            if let Some(Frame::Para(..)) = stack.last()
                && let Some(Frame::Para(spans, at)) = stack.pop()
            {
                emit(
                    stack,
                    out,
                    Piece {
                        node: Node::Paragraph(collapse(spans)),
                        at,
                    },
                );
            }
        }
        TagEnd::Link => {
            if let Some(Frame::Link(href, spans)) = stack.pop() {
                let text = plain(&collapse(spans));
                let link = Span::Link { text, href };
                for f in stack.iter_mut().rev() {
                    match f {
                        Frame::Heading(_, s, _) | Frame::Para(s, _) | Frame::Link(_, s) => {
                            s.push(link);
                            return;
                        }
                        Frame::Item(item) => {
                            item.text.push(link);
                            return;
                        }
                        _ => {}
                    }
                }
            }
        }
        TagEnd::Item => {
            if let Some(Frame::Item(mut item)) = stack.pop() {
                item.text = collapse(item.text);
                if let Some(Frame::List { items, .. }) = stack.last_mut() {
                    items.push(item);
                }
            }
        }
        TagEnd::List(_) => {
            if let Some(Frame::List { ordered, items, at }) = stack.pop() {
                if let Some(Frame::Item(parent)) = stack.last_mut() {
                    // A list inside a step: its bullets.
                    parent.bullets.extend(items.into_iter().map(|i| i.text));
                    return;
                }
                let node = if ordered {
                    Node::Steps(items)
                } else {
                    Node::Bullets(items.into_iter().map(|i| i.text).collect())
                };
                emit(stack, out, Piece { node, at });
            }
        }
        TagEnd::BlockQuote(_) => {
            if let Some(Frame::Quote(pieces, at)) = stack.pop() {
                let mut spans: Spans = Vec::new();
                for p in pieces {
                    if let Node::Paragraph(s) = p.node {
                        if !spans.is_empty() {
                            push_text(&mut spans, " ");
                        }
                        spans.extend(s);
                    }
                }
                emit(
                    stack,
                    out,
                    Piece {
                        node: Node::Note(collapse(spans)),
                        at,
                    },
                );
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Span {
        Span::Text(s.into())
    }

    #[test]
    fn reads_the_rendered_layout() {
        let md = "# T\n\nsee NW\\-1\n\nSetext\n------\n\n### Sec\n\n1. one [l](https://l.invalid)\n   - x\n2. two\n\n- a\n\n* b\n\n> **Note:** n\n";
        let nodes: Vec<Node> = parse(md).pieces.into_iter().map(|p| p.node).collect();
        assert_eq!(
            nodes,
            vec![
                Node::Heading {
                    level: 1,
                    text: "T".into()
                },
                Node::Paragraph(vec![t("see NW-1")]),
                Node::Heading {
                    level: 2,
                    text: "Setext".into()
                },
                Node::Heading {
                    level: 3,
                    text: "Sec".into()
                },
                Node::Steps(vec![
                    StepItem {
                        text: vec![
                            t("one "),
                            Span::Link {
                                text: "l".into(),
                                href: "https://l.invalid".into()
                            }
                        ],
                        bullets: vec![vec![t("x")]]
                    },
                    StepItem {
                        text: vec![t("two")],
                        bullets: vec![]
                    },
                ]),
                Node::Bullets(vec![vec![t("a")]]),
                Node::Bullets(vec![vec![t("b")]]),
                Node::Note(vec![t("Note: n")]),
            ]
        );
    }
}
