//! nwlint's findings as LSP diagnostics: 1-based line and character
//! column become 0-based line and UTF-16 offset, the other labels become
//! related information, help and note follow the message.

use crate::diag::{Diagnostic, Label, Severity};
use crate::source::SourceMap;
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Url,
};

/// The LSP form of `d`, whose primary label is in the document `text`.
pub fn diagnostic(d: &Diagnostic, sources: &SourceMap, text: &str) -> lsp_types::Diagnostic {
    let range = range_in(&d.primary, sources, text);
    let related: Vec<DiagnosticRelatedInformation> = (d.related.iter())
        .filter_map(|l| {
            let file = sources.get(l.file);
            let uri = Url::from_file_path(&file.path).ok()?;
            let text = file.text();
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range_in(l, sources, &text)),
                message: if l.text.is_empty() {
                    "here".to_string()
                } else {
                    l.text.clone()
                },
            })
        })
        .collect();
    let message = crate::report::with_help_and_note(d.message.clone(), d, "\n");
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Advice => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.id.to_string())),
        source: Some("nwlint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data: d.fix.as_deref().and_then(|f| fix_data(f, sources)),
        ..lsp_types::Diagnostic::default()
    }
}

/// A finding's fix as the diagnostic's `data`, for the code action that
/// applies it: `{"title", "edits": [{"uri", "range", "newText"}]}`.
fn fix_data(fix: &crate::diag::Fix, sources: &SourceMap) -> Option<serde_json::Value> {
    let edits: Option<Vec<serde_json::Value>> = (fix.edits.iter())
        .map(|e| {
            let file = sources.get(e.file);
            let span = match &e.loc {
                crate::diag::Loc::Value(p) => file.spans()?.value(p)?,
                loc => file.span_of(loc)?,
            };
            let text = file.text();
            let range = Range::new(position_of(&text, span.start), position_of(&text, span.end));
            let uri = Url::from_file_path(&file.path).ok()?;
            Some(serde_json::json!({"uri": uri, "range": range, "newText": e.text}))
        })
        .collect();
    Some(serde_json::json!({"title": fix.title, "edits": edits?}))
}

/// Where `label` is in `text` (the start of the file if it has no
/// position).
fn range_in(label: &Label, sources: &SourceMap, text: &str) -> Range {
    match sources.get(label.file).position(&label.loc) {
        Some(p) => Range::new(
            position(text, p.line, p.column),
            position(text, p.end_line, p.end_column),
        ),
        None => Range::default(),
    }
}

/// The LSP position of 1-based `line` and character `column` in `text`.
pub fn position(text: &str, line: usize, column: usize) -> Position {
    let line0 = line.saturating_sub(1);
    let row = text.split('\n').nth(line0).unwrap_or("");
    let units: usize = (row.chars())
        .take(column.saturating_sub(1))
        .map(char::len_utf16)
        .sum();
    Position::new(line0 as u32, units as u32)
}

/// The LSP position of the byte offset `at` in `text`.
pub fn position_of(text: &str, at: usize) -> Position {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let row = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    Position::new(line as u32, row.encode_utf16().count() as u32)
}

/// The byte offset of an LSP position in `text` (clamped to the text).
pub fn offset(text: &str, at: Position) -> usize {
    let mut start = 0;
    for _ in 0..at.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let row_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0;
    for (i, c) in text[start..row_end].char_indices() {
        if units >= at.character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    row_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_become_utf16_offsets_and_back() {
        let text = "{\n  \"a\": \"é😀x\"\n}";
        // `x` is character 11 of line 2 (1-based), after 8 ASCII
        // characters, `é` (one UTF-16 unit) and `😀` (two).
        let p = position(text, 2, 11);
        assert_eq!(p, Position::new(1, 11));
        assert_eq!(&text[offset(text, p)..offset(text, p) + 1], "x");
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
    }
}
