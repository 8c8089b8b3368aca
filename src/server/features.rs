//! Hover and completion: what the registry and the corpus know about the
//! string under the cursor, and a finding's rule documentation.

use super::{Server, convert::offset};
use crate::check::Checked;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, Hover, HoverContents,
    HoverParams, MarkupContent, MarkupKind, NumberOrString, Position,
};
use std::collections::BTreeSet;

/// What completion and hover offer, from the last check's corpus.
#[derive(Default)]
pub struct Words {
    /// Device id, display name, nouns.
    pub(super) devices: Vec<(String, String, Vec<String>)>,
    sections: BTreeSet<String>,
    snippets: BTreeSet<String>,
}

impl Words {
    pub fn of(checked: &Checked) -> Words {
        let Some(ws) = &checked.workspace else {
            return Words::default();
        };
        let corpus = &ws.loading.corpus;
        let devices = (corpus.registry.iter())
            .flat_map(|r| &r.value.devices)
            .map(|d| (d.id.clone(), d.name.clone(), d.nouns.clone()))
            .collect();
        let sections = (corpus.articles.iter())
            .flat_map(|a| &a.value.devices)
            .flat_map(|d| &d.sections)
            .map(|s| s.id.clone())
            .collect();
        let snippets = (corpus.snippets.iter())
            .map(|s| s.value.id.clone())
            .collect();
        Words {
            devices,
            sections,
            snippets,
        }
    }
}

/// The JSON string the byte offset `at` is in on its line: the key it is
/// the value of (if any) and its text so far and whole.
struct InString<'t> {
    key: Option<&'t str>,
    whole: &'t str,
}

fn string_at(text: &str, at: usize) -> Option<InString<'_>> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let col = at - line_start;
    // Quotes on the line (escaped ones skipped): the string is between the
    // last opening quote before the cursor and the next quote.
    let mut quotes = Vec::new();
    let mut escaped = false;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b'\\' if !escaped => escaped = true,
            b'"' if !escaped => quotes.push(i),
            _ => escaped = false,
        }
        if b != b'\\' {
            escaped = false;
        }
    }
    let open = quotes.iter().rposition(|&q| q < col)?;
    if open % 2 == 1 {
        return None;
    }
    let start = quotes[open] + 1;
    let end = quotes.get(open + 1).copied().unwrap_or(line.len());
    let before = line[..quotes[open]].trim_end();
    let key = before.strip_suffix(':').and_then(|b| {
        let b = b.trim_end().strip_suffix('"')?;
        Some(&b[b.rfind('"')? + 1..])
    });
    Some(InString {
        key,
        whole: &line[start..end],
    })
}

impl Server {
    pub(super) fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let doc = &p.text_document_position_params;
        let path = crate::workspace::clean(&doc.text_document.uri.to_file_path().ok()?);
        let at = doc.position;
        let markdown = self
            .finding_docs(&path, at)
            .or_else(|| self.device_entry(&self.docs.get(&path)?.text, at))?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: None,
        })
    }

    /// The documentation of the rule of a finding at `at`.
    fn finding_docs(&self, path: &std::path::Path, at: Position) -> Option<String> {
        let found = self.found.get(path)?;
        let d = found
            .diagnostics
            .iter()
            .find(|d| d.range.start <= at && at <= d.range.end)?;
        let Some(NumberOrString::String(id)) = &d.code else {
            return None;
        };
        let rule = crate::catalog::all().iter().find(|r| r.id == id)?;
        Some(format!(
            "**{}**: {}\n\n{}",
            rule.id,
            rule.summary,
            rule.docs()
        ))
    }

    /// The registry entry of the device id under the cursor.
    fn device_entry(&self, text: &str, at: Position) -> Option<String> {
        let s = string_at(text, offset(text, at))?;
        let (id, name, nouns) = self.words.devices.iter().find(|d| d.0 == s.whole)?;
        let nouns = match nouns.is_empty() {
            true => "none".to_string(),
            false => nouns.join(", "),
        };
        Some(format!(
            "**{}** (`{id}`, devices.json)\n\nnouns: {nouns}",
            crate::text::escape_terminal(name, false)
        ))
    }

    pub(super) fn complete(&self, p: &CompletionParams) -> Option<CompletionResponse> {
        let doc = &p.text_document_position;
        let path = crate::workspace::clean(&doc.text_document.uri.to_file_path().ok()?);
        let text = &self.docs.get(&path)?.text;
        let s = string_at(text, offset(text, doc.position))?;
        let w = &self.words;
        let item = |label: &str, kind, detail: Option<String>| CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail,
            ..CompletionItem::default()
        };
        let items: Vec<CompletionItem> = match s.key {
            Some("device") => (w.devices.iter())
                .map(|(id, name, _)| item(id, CompletionItemKind::ENUM_MEMBER, Some(name.clone())))
                .collect(),
            Some("id") => (w.sections.iter())
                .map(|id| item(id, CompletionItemKind::FIELD, None))
                .collect(),
            Some("snippet") => (w.snippets.iter())
                .map(|id| item(id, CompletionItemKind::REFERENCE, None))
                .collect(),
            _ => return None,
        };
        Some(CompletionResponse::Array(items))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_under_the_cursor_know_their_key() {
        let text = "{\n  \"device\": \"xbo\",\n  \"id\": \"a\\\"b\"\n}";
        let at = text.find("xbo").unwrap() + 2;
        let s = string_at(text, at).unwrap();
        assert_eq!((s.key, s.whole), (Some("device"), "xbo"));
        let at = text.find("a\\\"b").unwrap() + 1;
        let s = string_at(text, at).unwrap();
        assert_eq!((s.key, s.whole), (Some("id"), "a\\\"b"));
        // Between strings: none.
        assert!(string_at(text, text.find(": \"xbo").unwrap() + 1).is_none());
    }
}
