//! Plain text, as `nwlint render --format text` writes it or a browser
//! copies it: one element per line, numbered steps (`1.`), bullets (`•`,
//! `-`, `*`), bullets under a step indented deeper than the step.
//! Whether a line is a heading or a paragraph is left to the structure
//! recovery, which knows the device names and section titles.

use super::doc::{Node, Parsed, Piece, Span, StepItem};

/// Reads plain text.
pub fn parse(input: &str) -> Parsed {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut offset = 0;
    for raw in input.split_inclusive('\n') {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']).trim_end();
        let body = line.trim_start();
        if body.is_empty() {
            continue;
        }
        let indent = line.chars().take_while(|c| c.is_whitespace()).count();
        let text = |s: &str| vec![Span::Text(s.trim().to_string())];
        if let Some((n, rest)) = step(body) {
            // A step numbered 1 after a list starts a new list.
            match pieces.last_mut() {
                Some(Piece {
                    node: Node::Steps(items),
                    ..
                }) if n != 1 => items.push(StepItem {
                    text: text(rest),
                    bullets: Vec::new(),
                }),
                _ => pieces.push(Piece {
                    node: Node::Steps(vec![StepItem {
                        text: text(rest),
                        bullets: Vec::new(),
                    }]),
                    at,
                }),
            }
        } else if let Some(rest) = bullet(body) {
            match pieces.last_mut() {
                // Deeper than the step it follows: one of its bullets.
                Some(Piece {
                    node: Node::Steps(items),
                    ..
                }) if indent >= 4 => {
                    if let Some(last) = items.last_mut() {
                        last.bullets.push(text(rest));
                    }
                }
                Some(Piece {
                    node: Node::Bullets(items),
                    ..
                }) => items.push(text(rest)),
                _ => pieces.push(Piece {
                    node: Node::Bullets(vec![text(rest)]),
                    at,
                }),
            }
        } else {
            pieces.push(Piece {
                node: Node::Line(body.to_string()),
                at: at + (line.len() - body.len()),
            });
        }
    }
    Parsed {
        pieces,
        furniture: Vec::new(),
        plain: true,
    }
}

/// `12. text` → (12, text).
fn step(line: &str) -> Option<(usize, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &line[digits..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((line[..digits].parse().ok()?, rest.trim_start()))
}

/// `• text` (or `-`, `*`, `·`, `◦`, `▪`) → text.
fn bullet(line: &str) -> Option<&str> {
    let mut chars = line.chars();
    let c = chars.next()?;
    if !matches!(c, '•' | '-' | '*' | '·' | '◦' | '▪' | '‣') {
        return None;
    }
    let rest = chars.as_str();
    rest.starts_with([' ', '\t']).then(|| rest.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<Span> {
        vec![Span::Text(s.into())]
    }

    #[test]
    fn steps_bullets_and_lines() {
        let p = parse(
            "Title\n\n  1. one\n\n    • x\n\n  2. two\n\n  1. again\n\n  • a\n\n  • b\n\nEnd.\n",
        );
        let nodes: Vec<&Node> = p.pieces.iter().map(|p| &p.node).collect();
        assert_eq!(
            nodes,
            vec![
                &Node::Line("Title".into()),
                &Node::Steps(vec![
                    StepItem {
                        text: t("one"),
                        bullets: vec![t("x")]
                    },
                    StepItem {
                        text: t("two"),
                        bullets: vec![]
                    }
                ]),
                &Node::Steps(vec![StepItem {
                    text: t("again"),
                    bullets: vec![]
                }]),
                &Node::Bullets(vec![t("a"), t("b")]),
                &Node::Line("End.".into()),
            ]
        );
        assert_eq!(
            p.pieces[4].at,
            "Title\n\n  1. one\n\n    • x\n\n  2. two\n\n  1. again\n\n  • a\n\n  • b\n\n".len()
        );
    }

    #[test]
    fn numbers_need_a_space_after_the_dot() {
        assert_eq!(step("2024.x"), None);
        assert_eq!(step("1.5 GB"), None);
        assert_eq!(step("3) go"), Some((3, "go")));
    }
}
