//! Reporting findings: one [`Report`] trait, one file per output format.
//!
//! Reporters receive findings already filtered, with severities applied and
//! sorted; positions are resolved here, at the end of the pipeline, through
//! [`crate::source::SourceMap`] (which indexes spans lazily).

pub mod concise;
pub mod human;

use crate::diag::{Diagnostic, Severity};
use crate::source::SourceMap;
use std::io::{self, Write};

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
