//! Reporting findings: one [`Report`] trait, one file per output format.
//!
//! Reporters receive findings already filtered, with severities applied and
//! sorted; positions are resolved here, at the end of the pipeline, through
//! [`crate::source::SourceMap`] (which indexes spans lazily).

pub mod concise;
mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod summary;

use crate::diag::{Diagnostic, Label, Loc, Severity};
use crate::source::{Position, SourceMap};
use std::io::{self, Write};

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-style diagnostics with source snippets.
    #[default]
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// A versioned JSON document (docs/json-output.md).
    Json,
    /// GitHub Actions annotations, plus a job summary in `$GITHUB_STEP_SUMMARY`.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
}

impl Format {
    /// Every format: its value, its name on the command line, what it is.
    pub const ALL: &'static [(Format, &'static str, &'static str)] = &[
        (
            Format::Human,
            "human",
            "rustc-style diagnostics with source snippets",
        ),
        (
            Format::Concise,
            "concise",
            "one line per finding: path:line:col: severity[rule] message",
        ),
        (
            Format::Json,
            "json",
            "a versioned JSON document (docs/json-output.md)",
        ),
        (
            Format::Github,
            "github",
            "GitHub Actions annotations, plus a job summary in $GITHUB_STEP_SUMMARY",
        ),
        (Format::Sarif, "sarif", "SARIF 2.1.0, for code scanning"),
        (Format::Junit, "junit", "JUnit XML, for CI test reports"),
    ];
}

/// Everything a reporter needs.
pub struct Findings<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub sources: &'a SourceMap,
}

impl Findings<'_> {
    /// Count of findings per severity: (errors, warnings, advice).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for d in self.diagnostics {
            match d.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
                Severity::Advice => c.2 += 1,
            }
        }
        c
    }
}

/// One output format.
pub trait Report {
    fn report(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()>;

    /// What this format prints of each finding: checks build no more.
    fn detail(&self) -> crate::diag::Detail {
        crate::diag::Detail::Full
    }
}

/// Formats `diagnostics` on every core and writes the text in order:
/// batches of `batch` findings are split into runs of `run` neighbours
/// (which share files), each run formatted into one string by `format`.
/// Batches bound the memory a large report holds. The first formatting
/// error or write error ends the report.
pub fn write_in_parallel(
    diagnostics: &[Diagnostic],
    out: &mut dyn Write,
    (batch, run): (usize, usize),
    format: impl Fn(&[Diagnostic], &mut String) -> std::fmt::Result + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    for chunk in diagnostics.chunks(batch) {
        let parts: Vec<Result<String, std::fmt::Error>> = chunk
            .par_chunks(run)
            .map(|run| {
                let mut s = String::new();
                format(run, &mut s).map(|()| s)
            })
            .collect();
        for part in parts {
            let part = part.map_err(|_| io::Error::other("formatting failed"))?;
            out.write_all(part.as_bytes())?;
        }
    }
    Ok(())
}

/// A one-line summary: "2 errors, 1 warning, 3 advice".
pub fn summary_line(findings: &Findings) -> String {
    let (e, w, a) = findings.counts();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        plural(e, "error", "errors"),
        plural(w, "warning", "warnings"),
        plural(a, "advice", "advice")
    )
}

/// A label resolved for machine-readable output.
pub struct Located<'a> {
    /// Path relative to the project root, `/`-separated (as displayed).
    pub path: &'a str,
    /// The JSON pointer the label is attached to, if it has one.
    pub pointer: Option<&'a str>,
    /// Line and column, if the location has a position in the file.
    pub position: Option<Position>,
}

impl Located<'_> {
    /// `path:line:col`, or the path alone for a location with no position.
    pub fn place(&self) -> String {
        match self.position {
            Some(p) => format!("{}:{}:{}", self.path, p.line, p.column),
            None => self.path.to_string(),
        }
    }
}

/// `head`, then the finding's help (`\nhelp: …`) and note (after
/// `note_gap`), as plain-text formats show a finding whole.
pub fn with_help_and_note(mut head: String, d: &Diagnostic, note_gap: &str) -> String {
    if let Some(help) = &d.help {
        head.push_str("\nhelp: ");
        head.push_str(help);
    }
    if let Some(note) = &d.note {
        head.push_str(note_gap);
        head.push_str(note);
    }
    head
}

/// Resolves a label's path, pointer and position.
pub fn locate<'a>(label: &'a Label, sources: &'a SourceMap) -> Located<'a> {
    let file = sources.get(label.file);
    Located {
        path: &file.display,
        pointer: pointer(&label.loc),
        position: file.position(&label.loc),
    }
}

/// The JSON pointer of a location (`None` for raw byte ranges and whole files).
pub fn pointer(loc: &Loc) -> Option<&str> {
    match loc {
        Loc::Value(p) | Loc::Key(p) | Loc::InString { pointer: p, .. } => Some(p),
        Loc::Bytes { .. } | Loc::File => None,
    }
}
