//! `--format json`: one JSON document for scripts, versioned.
//!
//! The shape is documented in `docs/json-output.md`; [`VERSION`] changes
//! only when a field is removed, renamed or changes meaning (adding fields
//! does not). Every field is always present; absent values are `null`.
//! Strings are content text as is (JSON escaping makes them safe).

use super::{Findings, Located, Report, locate, summary};
use crate::diag::Diagnostic;
use serde::Serialize;
use std::io::{self, Write};

/// Version of the JSON shape (the top-level `version` field).
pub const VERSION: u32 = 1;

pub struct Json;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    diagnostics: Diagnostics<'a>,
    summary: Summary,
}

/// The findings, each converted as it is serialized (never all at once).
struct Diagnostics<'a>(&'a Findings<'a>);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.diagnostics.len()))?;
        for d in self.0.diagnostics {
            seq.serialize_element(&diagnostic(d, self.0))?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Position {
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    pointer: Option<String>,
}

impl Position {
    fn from(l: Located) -> Position {
        Position {
            path: l.path.to_string(),
            line: l.position.map(|p| p.line),
            column: l.position.map(|p| p.column),
            end_line: l.position.map(|p| p.end_line),
            end_column: l.position.map(|p| p.end_column),
            pointer: l.pointer.map(str::to_string),
        }
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    #[serde(flatten)]
    at: Position,
    label: &'a str,
    article: Option<&'a str>,
    device: Option<&'a str>,
    devices: &'a [String],
    section: Option<&'a str>,
    related: Vec<Related<'a>>,
    help: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Related<'a> {
    #[serde(flatten)]
    at: Position,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    advice: usize,
    files: usize,
    rules: Vec<RuleCount>,
}

#[derive(Serialize)]
struct RuleCount {
    rule: &'static str,
    severity: &'static str,
    count: usize,
}

fn diagnostic<'a>(d: &'a Diagnostic, findings: &'a Findings) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: d.rule.id,
        severity: d.severity.as_str(),
        message: &d.message,
        at: Position::from(locate(&d.primary, findings.sources)),
        label: &d.primary.text,
        article: d.context.article.as_deref(),
        device: d.context.device.as_deref(),
        devices: &d.context.devices,
        section: d.context.section.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| Related {
                at: Position::from(locate(r, findings.sources)),
                message: &r.text,
            })
            .collect(),
        help: d.help.as_deref(),
        note: d.note.as_deref(),
    }
}

impl Report for Json {
    fn report(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        let (errors, warnings, advice) = findings.counts();
        let mut files: Vec<usize> = findings
            .diagnostics
            .iter()
            .map(|d| d.primary.file)
            .collect();
        files.sort_unstable();
        files.dedup();
        let doc = Document {
            version: VERSION,
            tool: Tool {
                name: "nwlint",
                version: env!("CARGO_PKG_VERSION"),
            },
            diagnostics: Diagnostics(findings),
            summary: Summary {
                errors,
                warnings,
                advice,
                files: files.len(),
                rules: summary::per_rule(findings)
                    .into_iter()
                    .map(|c| RuleCount {
                        rule: c.rule,
                        severity: c.severity.as_str(),
                        count: c.count,
                    })
                    .collect(),
            },
        };
        // Streamed, not built as one string (a large report is as big as
        // the corpus); a write error keeps its kind (e.g. a closed pipe).
        let mut w = io::BufWriter::new(out);
        serde_json::to_writer_pretty(&mut w, &doc).map_err(io::Error::from)?;
        writeln!(w)?;
        w.flush()
    }
}
