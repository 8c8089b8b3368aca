//! `--format concise`: one line per finding,
//! `path:line:col: severity[rule] message`.

use super::{Findings, Report, write_in_parallel};
use crate::diag::{Detail, Diagnostic};
use crate::source::SourceMap;
use crate::text::escape_terminal;
use std::fmt::Write as _;
use std::io::{self, Write};

pub struct Concise;

/// Lines formatted before they are written (bounds the memory held).
const BATCH: usize = 8192;

/// Neighbouring lines one core formats together.
const RUN: usize = 256;

impl Report for Concise {
    fn report(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        // Formatting is the time of a large report: on every core.
        write_in_parallel(findings.diagnostics, out, (BATCH, RUN), |run, s| {
            for d in run {
                line(d, findings.sources, s)?;
            }
            Ok(())
        })
    }

    fn detail(&self) -> Detail {
        Detail::Brief
    }
}

/// Appends one finding's line to `out`.
fn line(d: &Diagnostic, sources: &SourceMap, out: &mut String) -> std::fmt::Result {
    let file = sources.get(d.primary.file);
    let (line, col) = file
        .position(&d.primary.loc)
        .map_or((1, 1), |p| (p.line, p.column));
    writeln!(
        out,
        "{}:{line}:{col}: {}[{}] {}",
        escape_terminal(&file.display, false),
        d.severity,
        d.rule.id,
        escape_terminal(&d.message, false)
    )
}
