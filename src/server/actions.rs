//! Code actions: the fixes that need no judgement, as workspace edits on
//! the open document (`unknown-device` to the one close registered id,
//! `code-filename` to the file's name).

use super::Server;
use super::features::string_value;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, NumberOrString, Range,
    TextEdit, WorkspaceEdit,
};
use std::collections::HashMap;

impl Server {
    pub(super) fn code_actions(&self, p: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let uri = &p.text_document.uri;
        let path = crate::workspace::clean(&uri.to_file_path().ok()?);
        let text = &self.docs.get(&path)?.text;
        let found = self.found.get(&path)?;
        let overlaps = |r: &Range| r.start <= p.range.end && p.range.start <= r.end;
        let mut out = Vec::new();
        for d in found.diagnostics.iter().filter(|d| overlaps(&d.range)) {
            let Some(NumberOrString::String(rule)) = &d.code else {
                continue;
            };
            let Some((start, end, value)) = string_value(text, d.range.start) else {
                continue;
            };
            let (title, new) = match rule.as_str() {
                "unknown-device" => {
                    let ids = self.words.devices.iter().map(|(id, _, _)| id.as_str());
                    let id = crate::text::closest(value, ids)?;
                    (format!("Use the registered device `{id}`"), id.to_string())
                }
                "code-filename" => {
                    let stem = path.file_stem()?.to_str()?;
                    let code = stem.split('.').next()?;
                    (
                        format!("Set the code to `{code}`, as the file is named"),
                        code.to_string(),
                    )
                }
                _ => continue,
            };
            let range = Range::new(
                super::convert::position_of(text, start),
                super::convert::position_of(text, end),
            );
            let quoted = serde_json::to_string(&new).ok()?;
            let edit = TextEdit::new(range, quoted);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
        Some(out)
    }
}
