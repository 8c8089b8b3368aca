//! Writes an imported article as JSON laid out like the shipped files:
//! keys in the schema's order (`$schema` first), two-space indentation,
//! a final newline. serde_json's own map sorts keys, so the order is kept
//! here with a small ordered value.

use super::recover::Recovered;
use crate::model::{Block, Inline, Run};

/// A JSON value whose objects keep their key order.
#[derive(Debug, Clone, PartialEq)]
pub enum J {
    S(String),
    A(Vec<J>),
    O(Vec<(&'static str, J)>),
}

impl J {
    /// Pretty-printed like `serde_json::to_string_pretty`.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        let pad = |out: &mut String, d: usize| out.push_str(&"  ".repeat(d));
        match self {
            J::S(s) => out.push_str(&serde_json::to_string(s).expect("a string serializes")),
            J::A(items) if items.is_empty() => out.push_str("[]"),
            J::O(items) if items.is_empty() => out.push_str("{}"),
            J::A(items) => {
                out.push_str("[\n");
                for (k, v) in items.iter().enumerate() {
                    pad(out, depth + 1);
                    v.write(out, depth + 1);
                    out.push_str(if k + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, depth);
                out.push(']');
            }
            J::O(items) => {
                out.push_str("{\n");
                for (k, (key, v)) in items.iter().enumerate() {
                    pad(out, depth + 1);
                    out.push_str(&serde_json::to_string(key).expect("a key serializes"));
                    out.push_str(": ");
                    v.write(out, depth + 1);
                    out.push_str(if k + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, depth);
                out.push('}');
            }
        }
    }
}

fn s(t: &str) -> J {
    J::S(t.to_string())
}

/// Rich text: a string, or a list of runs.
pub fn inline(i: &Inline) -> J {
    match i {
        Inline::Plain(t) => s(t),
        Inline::Runs(runs) => J::A(
            runs.iter()
                .map(|r| match r {
                    Run::Text(t) => s(t),
                    Run::Link(l) => J::O(vec![("link", s(&l.link)), ("href", s(&l.href))]),
                    Run::Code(c) => J::O(vec![("code", s(&c.code))]),
                    Run::Var(v) => J::O(vec![("var", s(&v.var))]),
                })
                .collect(),
        ),
    }
}

pub fn blocks(blocks: &[Block]) -> J {
    J::A(
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text } => {
                    J::O(vec![("type", s("paragraph")), ("text", inline(text))])
                }
                Block::Note { text } => J::O(vec![("type", s("note")), ("text", inline(text))]),
                Block::Bullets { items } => J::O(vec![
                    ("type", s("bullets")),
                    ("items", J::A(items.iter().map(inline).collect())),
                ]),
                Block::Steps { items } => J::O(vec![
                    ("type", s("steps")),
                    (
                        "items",
                        J::A(
                            items
                                .iter()
                                .map(|step| {
                                    let mut o = vec![("text", inline(&step.text))];
                                    if !step.bullets.is_empty() {
                                        o.push((
                                            "bullets",
                                            J::A(step.bullets.iter().map(inline).collect()),
                                        ));
                                    }
                                    J::O(o)
                                })
                                .collect(),
                        ),
                    ),
                ]),
            })
            .collect(),
    )
}

/// The article file's text.
pub fn article(r: &Recovered, schema: &str) -> String {
    let mut o = vec![("$schema", s(schema)), ("code", s(&r.code))];
    if let Some(l) = &r.locale {
        o.push(("locale", s(l)));
    }
    o.push(("title", s(&r.title)));
    o.push(("intro", inline(&r.intro)));
    o.push(("messages", J::A(r.messages.iter().map(|m| s(m)).collect())));
    o.push(("summary", inline(&r.summary)));
    o.push((
        "devices",
        J::A(
            r.devices
                .iter()
                .map(|d| {
                    J::O(vec![
                        ("device", s(&d.device)),
                        (
                            "sections",
                            J::A(
                                d.sections
                                    .iter()
                                    .map(|sec| {
                                        J::O(vec![
                                            ("id", s(&sec.id)),
                                            ("title", s(&sec.title)),
                                            ("blocks", blocks(&sec.blocks)),
                                        ])
                                    })
                                    .collect(),
                            ),
                        ),
                    ])
                })
                .collect(),
        ),
    ));
    if let Some((title, b)) = &r.fallback {
        o.push((
            "fallback",
            J::O(vec![("title", s(title)), ("blocks", blocks(b))]),
        ));
    }
    if let Some((title, codes)) = &r.related {
        o.push((
            "related",
            J::O(vec![
                ("title", s(title)),
                ("articles", J::A(codes.iter().map(|c| s(c)).collect())),
            ]),
        ));
    }
    let mut text = J::O(o).pretty();
    text.push('\n');
    text
}
