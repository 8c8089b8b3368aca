//! `--format github`: GitHub Actions workflow commands, so findings appear
//! as annotations on the pull request's changed lines.
//!
//! ```text
//! ::error file=content/a.json,line=3,endLine=3,col=5,endColumn=9,title=nwlint%3A rule::message
//! ```
//!
//! Errors are `::error`, warnings `::warning`, advice `::notice`. Content
//! text can never inject a workflow command: the message is escaped like
//! `@actions/core` does (`%`, CR and LF become `%25`, `%0D`, `%0A`, so the
//! command stays on one line), and property values (file, title) also have
//! `:` and `,` escaped (`%3A`, `%2C`) so they cannot end a property or the
//! property list. Control characters are made visible first.
//!
//! GitHub shows at most 10 annotations of each level per step. When
//! `GITHUB_STEP_SUMMARY` names a file, a Markdown summary listing every
//! finding is appended to it (see [`super::summary::markdown`]).
//!
//! GitHub places an annotation by its path relative to the repository root.
//! When `GITHUB_WORKSPACE` (the checkout) is set and contains the file, the
//! `file` property is relative to it, so annotations land on the right file
//! even when nwlint runs in a subdirectory or `nwlint.toml` is not at the
//! root; elsewhere it is the usual displayed path.

use super::{Findings, Report, locate, summary, summary_line};
use crate::diag::{Diagnostic, Severity};
use crate::text::escape_terminal;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// GitHub's per-step limit of annotations of one level.
pub const ANNOTATION_LIMIT: usize = 10;

pub struct Github {
    /// Append the Markdown summary here (`$GITHUB_STEP_SUMMARY`).
    pub step_summary: Option<PathBuf>,
    /// The repository checkout (`$GITHUB_WORKSPACE`), absolute and clean.
    pub workspace: Option<PathBuf>,
    /// Print the closing summary line (and the annotation-limit notice).
    pub summary: bool,
}

/// Escapes a workflow command's message (the part after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "notice",
    }
}

/// The annotation text: message, help, related locations, note.
fn message(d: &Diagnostic, findings: &Findings) -> String {
    let mut m = escape_terminal(&d.message, false);
    if let Some(help) = &d.help {
        m.push_str("\nhelp: ");
        m.push_str(&escape_terminal(help, false));
    }
    for r in &d.related {
        let at = locate(r, findings.sources);
        let place = at.place();
        m.push_str(&format!(
            "\nrelated: {}: {}",
            escape_terminal(&place, false),
            escape_terminal(&r.text, false)
        ));
    }
    if let Some(note) = &d.note {
        m.push('\n');
        m.push_str(&escape_terminal(note, true));
    }
    m
}

/// The annotation's `file`: relative to the workspace when inside it.
fn annotation_path(d: &Diagnostic, findings: &Findings, workspace: Option<&Path>) -> String {
    let file = findings.sources.get(d.primary.file);
    workspace
        .and_then(|w| file.path.strip_prefix(w).ok())
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|| file.display.clone())
}

/// One workflow command line (without the newline).
pub fn command(d: &Diagnostic, findings: &Findings, workspace: Option<&Path>) -> String {
    let at = locate(&d.primary, findings.sources);
    let path = annotation_path(d, findings, workspace);
    let mut props = vec![format!(
        "file={}",
        escape_property(&escape_terminal(&path, false))
    )];
    if let Some(p) = at.position {
        props.push(format!("line={}", p.line));
        // GitHub takes columns only for a span on one line.
        if p.end_line == p.line {
            props.push(format!("col={}", p.column));
        }
        props.push(format!("endLine={}", p.end_line));
        if p.end_line == p.line {
            props.push(format!("endColumn={}", p.end_column));
        }
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("nwlint: {}", d.rule.id))
    ));
    format!(
        "::{} {}::{}",
        level(d.severity),
        props.join(","),
        escape_data(&message(d, findings))
    )
}

impl Report for Github {
    fn report(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        for d in findings.diagnostics {
            writeln!(out, "{}", command(d, findings, self.workspace.as_deref()))?;
        }
        if let Some(path) = &self.step_summary {
            let appended = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|mut f| f.write_all(summary::markdown(findings).as_bytes()));
            if let Err(e) = appended {
                eprintln!(
                    "warning: cannot append the job summary to `{}`: {e}",
                    escape_terminal(&path.display().to_string(), false)
                );
            }
        }
        if self.summary && !findings.diagnostics.is_empty() {
            writeln!(out, "nwlint: {}", summary_line(findings))?;
            let (e, w, a) = findings.counts();
            if e.max(w).max(a) > ANNOTATION_LIMIT {
                let see = if self.step_summary.is_some() {
                    "the job summary lists every finding"
                } else {
                    "run with --format concise to list every finding"
                };
                writeln!(
                    out,
                    "nwlint: GitHub shows at most {ANNOTATION_LIMIT} annotations of each level per step; {see}"
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_actions_core() {
        assert_eq!(escape_data("50% a\r\nb::c,d"), "50%25 a%0D%0Ab::c,d");
        assert_eq!(
            escape_property("%0A::error::x,a:b"),
            "%250A%3A%3Aerror%3A%3Ax%2Ca%3Ab"
        );
    }
}
