//! `json-syntax`: the file is not valid JSON, or is empty. The loader
//! parses every decoded file with [`parse`].

use crate::diag::{Diagnostic, FileId, Label, Loc};
use crate::span::SpanIndex;
use serde_json::Value;

super::declare_rule! {
    /// ## What it does
    /// Reports a content file that is not valid JSON, or is empty, pointing at
    /// the exact line and column where parsing failed.
    ///
    /// ## Why
    /// A file that does not parse cannot be validated or compared, and the
    /// help center cannot publish it.
    ///
    /// ## Example
    /// ```json
    /// { "code": "NW-6-403", }
    /// ```
    /// `invalid JSON: trailing comma in object` at the `}`.
    ///
    /// ## How to fix
    /// Fix the syntax at the reported spot. An editor that knows the file's
    /// `$schema` shows the mistake while you type.
    pub static RULE = { id: "json-syntax", severity: Error, summary: "content file is not valid JSON" };
}

/// Parses `text[body..]` strictly (see [`crate::strict_json::parse_strict`]):
/// the value, or the findings that say why not (`json-syntax`, or
/// `duplicate-key` with both locations), located in file `id`.
pub fn parse(id: FileId, text: &str, body: usize) -> Result<Value, Vec<Diagnostic>> {
    let json = &text[body..];
    if json.trim().is_empty() {
        return Err(vec![
            Diagnostic::new(
                &RULE,
                "file is empty",
                Label::new(id, Loc::File, "empty file"),
            )
            .with_help("a content file holds one JSON object"),
        ]);
    }
    let err = match crate::strict_json::parse_strict(json) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let spans = SpanIndex::build(json);
    if let Ok(index) = &spans
        && crate::strict_json::is_duplicate_key(&err)
    {
        let dups = super::duplicate_key::findings(id, index, body);
        if !dups.is_empty() {
            return Err(dups);
        }
    }
    // Prefer the span scanner's message and exact offset; fall back to
    // serde_json's line/column (e.g. number out of range).
    let (start, message) = match spans {
        Err(e) => (e.offset + body, e.message),
        Ok(_) => (
            line_col_to_offset(text, err.line(), err.column()),
            strip_position(&err.to_string()),
        ),
    };
    let end = (start
        + text[start.min(text.len())..]
            .chars()
            .next()
            .map_or(0, char::len_utf8))
    .min(text.len());
    Err(vec![
        Diagnostic::new(
            &RULE,
            format!("invalid JSON: {message}"),
            Label::new(id, Loc::Bytes { start, end }, "here"),
        )
        .with_help("fix the JSON syntax; an editor that validates with the file's `$schema` helps"),
    ])
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// serde_json reports 1-based line and 1-based byte column.
fn line_col_to_offset(text: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (off + column.saturating_sub(1)).min(text.len());
        }
        off += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn serde_positions_become_offsets() {
        assert_eq!(super::line_col_to_offset("ab\ncd", 2, 2), 4);
    }
}
