//! `nwlint new CODE --like CODE`: a new article with the same devices and
//! sections as another, its code put in, and `TODO:` placeholders where
//! the text belongs to the other error (the on-screen messages and the
//! summary).

use super::Session;
use crate::diag::{Fatal, Notice};
use crate::edit::json::{self, Style, line_indent};
use crate::edit::{Edit, Mode, Plan};
use crate::text::escape_terminal;
use crate::workspace;

/// What `new` makes, like what.
#[derive(Debug, Clone)]
pub struct Options {
    /// The new article's code.
    pub code: String,
    /// The article to copy the structure of.
    pub like: String,
    pub mode: Mode,
    pub workspace: workspace::Options,
}

/// Runs `new`; the exit code as [`crate::edit::commit`] gives it.
pub fn run(
    opts: &Options,
    out: &mut dyn std::io::Write,
    notices: &mut Vec<Notice>,
) -> Result<u8, Fatal> {
    let code = &opts.code;
    if code.is_empty()
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Fatal::new(format!(
            "`{}` is not an article code: letters, digits, `-` and `_` only",
            escape_terminal(code, false)
        )));
    }
    let session = Session::open(&opts.workspace, notices)?;
    let like = session.article(&opts.like)?;
    let file = session.file(like.file)?;
    let old = like.value.code.as_str();
    let style = Style::of(&file.text);
    let failed = || Fatal::new(format!("cannot read the parts of `{}`", file.display));
    let mut edits = Vec::new();
    let value = |p: &str| file.spans.value(p).ok_or_else(failed);
    edits.push(Edit::replace(value("/code")?, json::string(code)));
    for member in ["/title", "/intro"] {
        let new = json::map_strings(&file.text, file.spans, member, &mut |_, s| {
            Some(s.replace(old, code))
        })
        .ok_or_else(failed)?;
        edits.push(Edit::replace(value(member)?, new));
    }
    let messages = value("/messages")?;
    let indent = line_indent(&file.text, messages.start);
    let (nl, unit) = (style.newline, &style.unit);
    let placeholder = json::string("TODO: the message this error shows");
    edits.push(Edit::replace(
        messages,
        format!("[{nl}{indent}{unit}{placeholder}{nl}{indent}]"),
    ));
    let summary = "TODO: what this error means and what to try first.";
    edits.push(Edit::replace(value("/summary")?, json::string(summary)));
    let text = crate::edit::apply(&file.text, &edits).ok_or_else(failed)?;
    let path = file.path.with_file_name(format!("{code}.json"));
    let mut plan = Plan::default();
    match crate::regular_file::read(&path, 1 << 30) {
        Ok(Ok((bytes, _))) if bytes == text.as_bytes() => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            plan.create(&path, &session.display(&path), text);
        }
        _ => {
            return Err(Fatal::new(format!(
                "`{}` exists: nothing was written",
                escape_terminal(&session.display(&path), false)
            )));
        }
    }
    super::finish(&session, &plan, &opts.workspace, (opts.mode, None), out)
}
