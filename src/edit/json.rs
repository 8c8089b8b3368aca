//! Format-preserving edits of JSON text, located with the span index:
//! new values are laid out in the file's own indentation and line ending,
//! and every byte outside the edited value stays as it was.

use super::Edit;
use crate::span::{Span, SpanIndex};

/// How a JSON file is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// One level of indentation (two spaces when the file shows none).
    pub unit: String,
    /// `"\r\n"` when the file uses it, else `"\n"`.
    pub newline: &'static str,
}

impl Style {
    /// The layout of `text`: the indentation of its first indented line.
    pub fn of(text: &str) -> Style {
        let unit = text
            .lines()
            .skip(1)
            .map(|l| {
                let ws = l.len() - l.trim_start_matches([' ', '\t']).len();
                &l[..ws]
            })
            .find(|ws| !ws.is_empty())
            .unwrap_or("  ")
            .to_string();
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Style { unit, newline }
    }
}

/// The leading whitespace of the line that holds byte `offset`.
pub fn line_indent(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// `raw`, a value written on lines indented from `from`, moved to lines
/// indented from `to` with `newline` line endings.
pub fn reindent(raw: &str, from: &str, to: &str, newline: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, line) in raw.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if i > 0 {
            out.push_str(newline);
            out.push_str(to);
            out.push_str(line.strip_prefix(from).unwrap_or(line.trim_start()));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `s` as a JSON string literal.
pub fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The decoded string of a JSON string literal.
pub fn decode(literal: &str) -> Option<String> {
    serde_json::from_str(literal).ok()
}

/// The last token of a JSON pointer, unescaped.
pub fn last_token(pointer: &str) -> String {
    let token = pointer.rsplit('/').next().unwrap_or("");
    token.replace("~1", "/").replace("~0", "~")
}

/// The text of the value at `pointer` with each string inside it passed
/// through `f(member key or item index, decoded text)`: where `f` gives
/// another text, that string is written anew; every other byte is kept.
pub fn map_strings(
    text: &str,
    spans: &SpanIndex,
    pointer: &str,
    f: &mut dyn FnMut(&str, &str) -> Option<String>,
) -> Option<String> {
    let whole = spans.value(pointer)?;
    let prefix = format!("{pointer}/");
    let mut edits = Vec::new();
    for e in spans.entries() {
        let inside = e.value.start >= whole.start && e.value.end <= whole.end;
        if !inside || !e.pointer.starts_with(&prefix) && e.pointer != pointer {
            continue;
        }
        let literal = &text[e.value.start..e.value.end];
        if !literal.starts_with('"') {
            continue;
        }
        let Some(decoded) = decode(literal) else {
            continue;
        };
        if let Some(new) = f(&last_token(&e.pointer), &decoded).filter(|n| *n != decoded) {
            edits.push(Edit {
                start: e.value.start - whole.start,
                end: e.value.end - whole.start,
                text: string(&new),
            });
        }
    }
    super::apply(&text[whole.start..whole.end], &edits)
}

/// The edit that removes the object member at `pointer` with the comma
/// that separates it from a neighbour, leaving the rest as it was.
pub fn remove_member(text: &str, spans: &SpanIndex, pointer: &str) -> Option<Edit> {
    let key = spans.key(pointer)?;
    let value = spans.value(pointer)?;
    let before = text[..key.start].trim_end();
    if before.ends_with(',') {
        // From the comma after the previous member to this member's end.
        return Some(Edit::replace(
            Span {
                start: before.len() - 1,
                end: value.end,
            },
            "",
        ));
    }
    let after = &text[value.end..];
    let rest = after.trim_start();
    match rest.strip_prefix(',') {
        // The first member: up to the next member's key.
        Some(next) => {
            let next_start = text.len() - next.trim_start().len();
            Some(Edit::replace(
                Span {
                    start: key.start,
                    end: next_start,
                },
                "",
            ))
        }
        None => Some(Edit::replace(
            Span {
                start: key.start,
                end: value.end,
            },
            "",
        )),
    }
}

/// The edit that inserts `item` (a value's text laid out for the array's
/// item indentation, first line unindented) into the array at `pointer`
/// so that it becomes item `index` (at the end if `index` is past it).
pub fn insert_item(
    text: &str,
    spans: &SpanIndex,
    pointer: &str,
    index: usize,
    item: &str,
    style: &Style,
) -> Option<Edit> {
    let array = spans.value(pointer)?;
    let items: Vec<Span> = (0..)
        .map_while(|i| spans.value(&format!("{pointer}/{i}")))
        .collect();
    let nl = style.newline;
    match (items.get(index), items.last()) {
        (Some(next), _) => {
            let indent = line_indent(text, next.start);
            Some(Edit::insert(next.start, format!("{item},{nl}{indent}")))
        }
        (None, Some(last)) => {
            let indent = line_indent(text, last.start);
            Some(Edit::insert(last.end, format!(",{nl}{indent}{item}")))
        }
        (None, None) => {
            let outer = line_indent(text, array.start);
            let unit = &style.unit;
            Some(Edit::replace(
                array,
                format!("[{nl}{outer}{unit}{item}{nl}{outer}]"),
            ))
        }
    }
}

/// The indentation the items of the array at `pointer` have (one level
/// deeper than the array's line when it has none).
pub fn item_indent(text: &str, spans: &SpanIndex, pointer: &str, style: &Style) -> Option<String> {
    match spans.value(&format!("{pointer}/0")) {
        Some(first) => Some(line_indent(text, first.start).to_string()),
        None => {
            let array = spans.value(pointer)?;
            Some(format!("{}{}", line_indent(text, array.start), style.unit))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str =
        "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    \"y\"\n  ],\n  \"c\": \"Roku\"\n}\n";

    fn edit(text: &str, e: Edit) -> String {
        super::super::apply(text, &[e]).unwrap()
    }

    #[test]
    fn members_are_removed_with_their_comma() {
        let idx = SpanIndex::build(DOC).unwrap();
        let without_b = edit(DOC, remove_member(DOC, &idx, "/b").unwrap());
        assert_eq!(without_b, "{\n  \"a\": 1,\n  \"c\": \"Roku\"\n}\n");
        let without_a = edit(DOC, remove_member(DOC, &idx, "/a").unwrap());
        assert!(without_a.starts_with("{\n  \"b\": ["), "{without_a}");
        serde_json::from_str::<serde_json::Value>(&without_a).unwrap();
        let one = "{\"only\": 1}";
        let idx = SpanIndex::build(one).unwrap();
        assert_eq!(edit(one, remove_member(one, &idx, "/only").unwrap()), "{}");
    }

    #[test]
    fn items_are_inserted_at_the_arrays_indentation() {
        let idx = SpanIndex::build(DOC).unwrap();
        let style = Style::of(DOC);
        let first = edit(
            DOC,
            insert_item(DOC, &idx, "/b", 0, "\"w\"", &style).unwrap(),
        );
        assert!(first.contains("[\n    \"w\",\n    \"x\","), "{first}");
        let last = edit(
            DOC,
            insert_item(DOC, &idx, "/b", 9, "\"z\"", &style).unwrap(),
        );
        assert!(last.contains("\"y\",\n    \"z\"\n  ]"), "{last}");
        let empty = "{\n  \"e\": []\n}";
        let idx = SpanIndex::build(empty).unwrap();
        let filled = edit(
            empty,
            insert_item(empty, &idx, "/e", 0, "1", &style).unwrap(),
        );
        assert_eq!(filled, "{\n  \"e\": [\n    1\n  ]\n}");
    }

    #[test]
    fn strings_are_mapped_in_place_and_layout_is_kept() {
        let idx = SpanIndex::build(DOC).unwrap();
        let mapped = map_strings(DOC, &idx, "", &mut |key, s| {
            (key == "c" || key == "1").then(|| s.to_uppercase())
        })
        .unwrap();
        let expected = DOC.trim_end().replace("\"y\"", "\"Y\"");
        assert_eq!(mapped, expected.replace("Roku", "ROKU"));
        assert_eq!(
            reindent("[\n    1\n  ]", "  ", "\t", "\r\n"),
            "[\r\n\t  1\r\n\t]"
        );
        assert_eq!(Style::of("{\r\n\t\"a\": 1\r\n}").unit, "\t");
    }
}
