//! `nwlint server`: a language server over stdio, for editors.
//!
//! Open content files are checked as `nwlint check FILE…` checks them, with
//! the editor's unsaved text in place of the disk's (the load's overlay):
//! the same findings, drift against every sibling included, published as
//! LSP diagnostics (the rule id as `code`, severity, exact UTF-16 range,
//! the other copies as related information). Hover shows a finding's rule
//! documentation and a device id's registry entry; completion offers the
//! registry's device ids, the corpus's section ids and snippet ids; code
//! actions offer the fixes that need no judgement ([`actions`]).
//!
//! The protocol is `lsp-server` (rust-analyzer's small synchronous
//! transport) with `lsp-types`; this module turns requests into calls of
//! the library and the library's answers into protocol types.

mod actions;
mod convert;
mod features;

use crate::check::{self, Checked};
use crate::diag::{Detail, Fatal};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    Url,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// Serves the language server protocol on stdin and stdout until the
/// client says `exit`.
pub fn run() -> Result<(), Fatal> {
    let (connection, threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    threads
        .join()
        .map_err(|e| Fatal::new(format!("the language server's input failed: {e}")))
}

/// Serves the protocol on `connection` (stdio, or in memory for tests).
pub fn serve(connection: &Connection) -> Result<(), Fatal> {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let protocol = |e: lsp_server::ProtocolError| Fatal::new(format!("language server: {e}"));
    let capabilities = serde_json::to_value(capabilities).map_err(|e| Fatal::new(e.to_string()))?;
    connection.initialize(capabilities).map_err(protocol)?;
    let mut server = Server::default();
    for msg in &connection.receiver {
        match msg {
            Message::Request(r) => {
                if connection.handle_shutdown(&r).map_err(protocol)? {
                    return Ok(());
                }
                let response = server.request(r);
                send(connection, Message::Response(response));
            }
            Message::Notification(n) => {
                if let Some(published) = server.notification(n) {
                    for p in published {
                        let n = Notification::new(notif::PublishDiagnostics::METHOD.into(), p);
                        send(connection, Message::Notification(n));
                    }
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// Sends a message; a client that is gone ends the loop on its own.
fn send(connection: &Connection, msg: Message) {
    let _ = connection.sender.send(msg);
}

/// An open document: the editor's text.
struct Doc {
    uri: Url,
    text: String,
}

/// What the last check found in one open document, for hover and code
/// actions.
#[derive(Default)]
struct Found {
    diagnostics: Vec<lsp_types::Diagnostic>,
}

/// The server's state: open documents and what the corpus offers to
/// complete.
#[derive(Default)]
struct Server {
    docs: BTreeMap<PathBuf, Doc>,
    found: BTreeMap<PathBuf, Found>,
    /// Documents that have diagnostics published (cleared when closed).
    published: BTreeSet<PathBuf>,
    words: features::Words,
    /// Per content root, what its last check keeps for the next (the
    /// other articles' records), so an edit reloads only the open files.
    kept: BTreeMap<PathBuf, check::Keep>,
}

impl Server {
    fn request(&mut self, r: Request) -> Response {
        let id = r.id.clone();
        let answer = match r.method.as_str() {
            req::HoverRequest::METHOD => params(r).map(|p| json(self.hover(&p))),
            req::Completion::METHOD => params(r).map(|p| json(self.complete(&p))),
            req::CodeActionRequest::METHOD => params(r).map(|p| json(self.code_actions(&p))),
            other => Err(error(
                &id,
                lsp_server::ErrorCode::MethodNotFound,
                format!("nwlint does not handle `{other}`"),
            )),
        };
        answer.unwrap_or_else(|e| e).with_id(id)
    }

    fn notification(&mut self, n: Notification) -> Option<Vec<PublishDiagnosticsParams>> {
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(n.params.clone()).ok()?;
                let path = p.text_document.uri.to_file_path().ok()?;
                let doc = Doc {
                    uri: p.text_document.uri,
                    text: p.text_document.text,
                };
                self.docs.insert(crate::workspace::clean(&path), doc);
            }
            notif::DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(n.params.clone()).ok()?;
                let path = crate::workspace::clean(&p.text_document.uri.to_file_path().ok()?);
                let text = p.content_changes.into_iter().last()?.text;
                self.docs.get_mut(&path)?.text = text;
            }
            notif::DidSaveTextDocument::METHOD => {}
            notif::DidChangeWatchedFiles::METHOD => {
                // Files changed on disk: the kept records may be stale.
                self.kept.clear();
            }
            notif::DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(n.params.clone()).ok()?;
                let path = crate::workspace::clean(&p.text_document.uri.to_file_path().ok()?);
                self.docs.remove(&path);
                self.found.remove(&path);
            }
            _ => return None,
        }
        Some(self.check())
    }

    /// Checks every open document (the unsaved texts of all of them in
    /// place of the disk's) and what each should now show.
    fn check(&mut self) -> Vec<PublishDiagnosticsParams> {
        let mut out = Vec::new();
        let overlay: crate::load::Overlay = (self.docs.iter())
            .map(|(p, d)| (p.clone(), Arc::from(d.text.as_bytes())))
            .collect();
        // One check per content root among the open documents.
        let mut by_root: BTreeMap<Option<PathBuf>, Vec<PathBuf>> = BTreeMap::new();
        for path in self.docs.keys() {
            let root = crate::workspace::content_root_of(path);
            by_root.entry(root).or_default().push(path.clone());
        }
        self.found.clear();
        for (root, paths) in by_root {
            let Some(root) = root else {
                continue;
            };
            let options = check::Options {
                paths: paths.clone(),
                overlay: overlay.clone(),
                ..check::Options::default()
            };
            let mut notices = Vec::new();
            let keep = self.kept.entry(root).or_default();
            let checked = check::findings_keeping(&options, Detail::Full, &mut notices, keep);
            if let Ok(checked) = checked {
                self.words = features::Words::of(&checked);
                self.record(&checked, &paths);
            }
        }
        // Publish for every open document, and clear the closed ones.
        let open: BTreeSet<PathBuf> = self.docs.keys().cloned().collect();
        for path in self.published.difference(&open) {
            if let Ok(uri) = Url::from_file_path(path) {
                out.push(PublishDiagnosticsParams::new(uri, Vec::new(), None));
            }
        }
        for (path, doc) in &self.docs {
            let diagnostics = (self.found.get(path))
                .map(|f| f.diagnostics.clone())
                .unwrap_or_default();
            out.push(PublishDiagnosticsParams::new(
                doc.uri.clone(),
                diagnostics,
                None,
            ));
        }
        self.published = open;
        out
    }

    /// Keeps the findings of `checked` in each of `paths`, as LSP
    /// diagnostics.
    fn record(&mut self, checked: &Checked, paths: &[PathBuf]) {
        let sources = checked.sources();
        for d in &checked.diagnostics {
            let file = sources.get(d.primary.file);
            let path = crate::workspace::clean(&file.path);
            if !paths.contains(&path) {
                continue;
            }
            let Some(doc) = self.docs.get(&path) else {
                continue;
            };
            let diagnostic = convert::diagnostic(d, sources, &doc.text);
            self.found
                .entry(path)
                .or_default()
                .diagnostics
                .push(diagnostic);
        }
    }
}

/// A request's parameters, or the error response to send.
fn params<P: serde::de::DeserializeOwned>(r: Request) -> Result<P, Response> {
    let id = r.id.clone();
    serde_json::from_value(r.params).map_err(|e| {
        error(
            &id,
            lsp_server::ErrorCode::InvalidParams,
            format!("invalid parameters: {e}"),
        )
    })
}

/// A successful response's result.
fn json<R: serde::Serialize>(result: R) -> Response {
    Response {
        id: RequestId::from(0),
        result: Some(serde_json::to_value(result).unwrap_or(serde_json::Value::Null)),
        error: None,
    }
}

fn error(id: &RequestId, code: lsp_server::ErrorCode, message: String) -> Response {
    Response::new_err(id.clone(), code as i32, message)
}

/// A response given its request's id.
trait WithId {
    fn with_id(self, id: RequestId) -> Response;
}

impl WithId for Response {
    fn with_id(mut self, id: RequestId) -> Response {
        self.id = id;
        self
    }
}
