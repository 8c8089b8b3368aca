//! Code actions: the fixes that need no judgement, as the rules declare
//! them (the same as `check --fix`), carried in each diagnostic's `data`.

use super::Server;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Range, TextEdit, Url,
    WorkspaceEdit,
};
use std::collections::HashMap;

impl Server {
    pub(super) fn code_actions(&self, p: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let uri = &p.text_document.uri;
        let path = crate::workspace::clean(&uri.to_file_path().ok()?);
        let found = self.found.get(&path)?;
        let overlaps = |r: &Range| r.start <= p.range.end && p.range.start <= r.end;
        let mut out = Vec::new();
        for d in found.diagnostics.iter().filter(|d| overlaps(&d.range)) {
            let Some(fix) = d.data.as_ref() else {
                continue;
            };
            let Some((title, changes)) = workspace_edit(fix) else {
                continue;
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
        Some(out)
    }
}

/// The title (capitalized) and edits of a fix carried as `data`.
fn workspace_edit(fix: &serde_json::Value) -> Option<(String, HashMap<Url, Vec<TextEdit>>)> {
    let title = fix.get("title")?.as_str()?;
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for e in fix.get("edits")?.as_array()? {
        let uri: Url = serde_json::from_value(e.get("uri")?.clone()).ok()?;
        let range: Range = serde_json::from_value(e.get("range")?.clone()).ok()?;
        let text = e.get("newText")?.as_str()?.to_string();
        changes
            .entry(uri)
            .or_default()
            .push(TextEdit::new(range, text));
    }
    let mut chars = title.chars();
    let title = chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect());
    Some((title, changes))
}
