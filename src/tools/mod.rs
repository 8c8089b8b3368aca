//! The writer tools: commands that change content (`sync`, `extract`,
//! `add-device`, `new`, and `check --fix` through [`fix`]).
//!
//! Each opens the tree once through `check` (one in-memory corpus, with
//! the findings), plans its edits as data ([`crate::edit::Plan`]), loads
//! the tree as it would be after them to make sure no file gets a new
//! error, and then prints the plan as a diff or writes it.

pub mod add_device;
pub mod extract;
pub mod fix;
pub mod new;
pub mod sync;

use crate::check::{self, Checked};
use crate::corpus::Loaded;
use crate::diag::{Detail, Diagnostic, Fatal, FileId, Notice, Severity};
use crate::edit::{Mode, Plan};
use crate::model::{Article, Device, DeviceRegistry};
use crate::span::SpanIndex;
use crate::text::{clip, closest, escape_terminal};
use crate::workspace::{self, Workspace};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A loaded tree and its findings, as every writer tool starts from.
pub struct Session {
    workspace: Workspace,
    diagnostics: Vec<Diagnostic>,
}

/// One file's text as read, with its span index.
pub struct FileText<'s> {
    pub path: &'s Path,
    pub display: &'s str,
    pub text: Arc<str>,
    pub spans: &'s SpanIndex,
}

impl Session {
    /// Checks the whole tree (as `nwlint check` does) and keeps it.
    pub fn open(options: &workspace::Options, notices: &mut Vec<Notice>) -> Result<Session, Fatal> {
        Self::open_with(options, crate::load::Overlay::new(), notices)
    }

    fn open_with(
        options: &workspace::Options,
        overlay: crate::load::Overlay,
        notices: &mut Vec<Notice>,
    ) -> Result<Session, Fatal> {
        let args = check::Options {
            workspace: options.clone(),
            overlay,
            ..check::Options::default()
        };
        Self::checking(&args, notices)
    }

    /// Checks as `args` say (`check --fix` keeps its paths and severities).
    pub fn checking(args: &check::Options, notices: &mut Vec<Notice>) -> Result<Session, Fatal> {
        let mut checked: Checked = check::findings(args, Detail::Full, notices)?;
        let workspace =
            (checked.workspace.take()).ok_or_else(|| Fatal::new("no content was loaded"))?;
        Ok(Session {
            workspace,
            diagnostics: std::mem::take(&mut checked.diagnostics),
        })
    }

    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The device registry, which every writer tool needs.
    pub fn registry(&self) -> Result<&DeviceRegistry, Fatal> {
        (self.workspace().loading.corpus.registry.as_ref())
            .map(|r| &r.value)
            .ok_or_else(|| {
                Fatal::new("the device registry (devices.json) did not load")
                    .with_help("`nwlint check` says why")
            })
    }

    /// The registered device `id`.
    pub fn device(&self, id: &str) -> Result<&Device, Fatal> {
        let registry = self.registry()?;
        registry.devices.iter().find(|d| d.id == id).ok_or_else(|| {
            let ids = registry.devices.iter().map(|d| d.id.as_str());
            unknown("device", id, closest(id, ids))
        })
    }

    /// The article whose file is `articles/<code>.json` (the default
    /// locale's), else the first with that code.
    pub fn article(&self, code: &str) -> Result<&Loaded<Article>, Fatal> {
        let corpus = &self.workspace().loading.corpus;
        let sources = &self.workspace().loading.sources;
        let named = |a: &&Loaded<Article>| {
            sources
                .get(a.file)
                .path
                .file_stem()
                .and_then(|s| s.to_str())
                == Some(code)
        };
        let with_code = || corpus.articles.iter().filter(|a| a.value.code == code);
        with_code()
            .find(named)
            .or_else(|| with_code().next())
            .ok_or_else(|| {
                let codes = corpus.articles.iter().map(|a| a.value.code.as_str());
                unknown("article", code, closest(code, codes))
            })
    }

    /// The text and span index of a loaded file.
    pub fn file(&self, id: FileId) -> Result<FileText<'_>, Fatal> {
        let file = self.workspace().loading.sources.get(id);
        let spans = file.spans().ok_or_else(|| {
            Fatal::new(format!(
                "`{}` is not valid JSON; run `nwlint check`",
                escape_terminal(&file.display, false)
            ))
        })?;
        let text = file.text();
        if file.changed() {
            return Err(Fatal::new(format!(
                "`{}` changed while nwlint read it; nothing was written, run the command again",
                escape_terminal(&file.display, false)
            )));
        }
        Ok(FileText {
            path: &file.path,
            display: &file.display,
            text,
            spans,
        })
    }

    /// The content root, under which every write stays.
    pub fn root(&self) -> &Path {
        &self.workspace().roots.content
    }

    /// A content-relative path as shown to users (relative to the project).
    pub fn display(&self, path: &Path) -> String {
        crate::source::display_path(path, &self.workspace().roots.base)
    }
}

/// "unknown article `X`; did you mean `Y`?"
fn unknown(what: &str, name: &str, close: Option<&str>) -> Fatal {
    let mut message = format!(
        "unknown {what} `{}`",
        escape_terminal(&clip(name, 60), false)
    );
    if let Some(c) = close {
        message.push_str(&format!("; did you mean `{c}`?"));
    }
    Fatal::new(message)
}

/// Carries out `plan`: first loads the tree as the plan leaves it and
/// refuses (exit 2, nothing written) if a changed file would have an
/// error it does not have now; then prints the diff or writes, and after
/// a write says `done` (what the command did, one line) if there is one.
pub fn finish(
    session: &Session,
    plan: &Plan,
    options: &workspace::Options,
    (mode, done): (Mode, Option<String>),
    out: &mut dyn std::io::Write,
) -> Result<u8, Fatal> {
    let changes = plan.changes()?;
    if !changes.is_empty() {
        let changed: BTreeSet<PathBuf> = changes.iter().map(|c| c.path.clone()).collect();
        let before = errors_in(session, &changed);
        let after = Session::open_with(options, plan.overlay()?, &mut Vec::new())?;
        if let Some(new) = errors_in(&after, &changed)
            .into_iter()
            .find(|e| !before.contains(e))
        {
            return Err(Fatal::new(format!(
                "the change would leave an error in `{}`: {}; nothing was written",
                escape_terminal(&new.0, false),
                escape_terminal(&new.1, false)
            ))
            .with_help("this is a bug of nwlint's edit; please report it with the command"));
        }
    }
    let code = crate::edit::commit(&changes, session.root(), mode, out)?;
    if let (Mode::Write, Some(done)) = (mode, done) {
        let line = escape_terminal(&format!("{done}\n"), true);
        crate::diag::output_written(out.write_all(line.as_bytes()))?;
    }
    Ok(code)
}

/// The error-level findings (file, rule and message) in `files`.
fn errors_in(session: &Session, files: &BTreeSet<PathBuf>) -> BTreeSet<(String, String)> {
    let sources = &session.workspace().loading.sources;
    (session.diagnostics().iter())
        .filter(|d| d.severity >= Severity::Error)
        .filter(|d| files.contains(&sources.get(d.primary.file).path))
        .map(|d| {
            let file = sources.get(d.primary.file).display.clone();
            (file, format!("{}[{}] {}", d.severity, d.rule.id, d.message))
        })
        .collect()
}

/// String values whose member key names data rather than text a reader
/// sees: never given another device's words.
const NOT_TEXT: &[&str] = &[
    "href", "code", "type", "var", "id", "snippet", "rule", "reason", "device", "$schema",
];

/// Whether a string under this member key (or item index) is reader text.
pub fn is_text(key: &str) -> bool {
    !NOT_TEXT.contains(&key)
}
