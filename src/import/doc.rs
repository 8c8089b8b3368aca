//! The form-free document every input form is read into: headings,
//! paragraphs, messages, notes, step and bullet lists, with links where
//! the form makes them explicit. Each piece keeps its byte offset in the
//! input, so problems found later point at the right line.

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Text(String),
    Link { text: String, href: String },
}

pub type Spans = Vec<Span>;

/// One numbered step and its nested bullets.
#[derive(Debug, Clone, PartialEq)]
pub struct StepItem {
    pub text: Spans,
    pub bullets: Vec<Spans>,
}

/// One piece of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An explicit heading (Markdown, HTML), with its level.
    Heading {
        level: u8,
        text: String,
    },
    /// A line of plain text that may be a heading or a paragraph: the
    /// structure recovery decides ([`super::recover`]).
    Line(String),
    Paragraph(Spans),
    /// An explicit on-screen message (`<p class="message">`).
    Message(String),
    Note(Spans),
    Steps(Vec<StepItem>),
    Bullets(Vec<Spans>),
}

/// A node and where it starts in the input (byte offset).
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub node: Node,
    pub at: usize,
}

/// What an input form gives the structure recovery.
#[derive(Debug, Default)]
pub struct Parsed {
    pub pieces: Vec<Piece>,
    /// Page furniture left out while reading (navigation, scripts…):
    /// (offset, what).
    pub furniture: Vec<(usize, String)>,
    /// `true` for plain text: links and notes are not explicit and are
    /// recovered from the text.
    pub plain: bool,
}

/// The visible text of spans.
pub fn plain(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        match s {
            Span::Text(t) => out.push_str(t),
            Span::Link { text, .. } => out.push_str(text),
        }
    }
    out
}

/// Collapses runs of whitespace to one space and trims both ends, across
/// span boundaries (as a browser shows HTML text).
pub fn collapse(spans: Spans) -> Spans {
    let mut out: Spans = Vec::new();
    let mut space = true; // at the start: drop leading space
    for s in spans {
        let (text, href) = match s {
            Span::Text(t) => (t, None),
            Span::Link { text, href } => (text, Some(href)),
        };
        let mut t = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_whitespace() {
                if !space {
                    t.push(' ');
                    space = true;
                }
            } else {
                t.push(c);
                space = false;
            }
        }
        match href {
            Some(href) => {
                // A link keeps its text trimmed; spaces go outside it.
                let lead = t.len() - t.trim_start().len();
                if lead > 0 {
                    push_text(&mut out, " ");
                }
                let trimmed = t.trim();
                if !trimmed.is_empty() {
                    out.push(Span::Link {
                        text: trimmed.to_string(),
                        href: href.trim().to_string(),
                    });
                }
                if t.ends_with(' ') && !trimmed.is_empty() {
                    push_text(&mut out, " ");
                }
            }
            None => push_text(&mut out, &t),
        }
    }
    // Trailing space.
    if let Some(Span::Text(t)) = out.last_mut() {
        let len = t.trim_end().len();
        t.truncate(len);
        if t.is_empty() {
            out.pop();
        }
    }
    out
}

/// Appends text, merging with a text span before it.
pub fn push_text(out: &mut Spans, t: &str) {
    if t.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Span::Text(prev)) => {
            if !(t == " " && prev.ends_with(' ')) {
                prev.push_str(t);
            }
        }
        _ => out.push(Span::Text(t.to_string())),
    }
}

/// 1-based line and column (in characters) of byte offset `at`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let at = (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_joins_spans_like_a_browser() {
        let spans = vec![
            Span::Text("\n  Open a  web browser and go to ".into()),
            Span::Link {
                text: " netflix.com ".into(),
                href: "https://netflix.com".into(),
            },
            Span::Text(" .\n".into()),
        ];
        assert_eq!(
            collapse(spans),
            vec![
                Span::Text("Open a web browser and go to ".into()),
                Span::Link {
                    text: "netflix.com".into(),
                    href: "https://netflix.com".into()
                },
                Span::Text(" .".into()),
            ]
        );
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\n€x", 6), (2, 2));
        assert_eq!(line_col("ab", 0), (1, 1));
    }
}
