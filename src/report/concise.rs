//! `--format concise`: one line per finding,
//! `path:line:col: severity[rule] message`.

use super::{Findings, Report};
use crate::diag::Diagnostic;
use crate::source::SourceMap;
use crate::text::escape_terminal;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::io::{self, Write};

pub struct Concise;

/// Lines formatted before they are written (bounds the memory held).
const BATCH: usize = 8192;

/// Neighbouring lines one core formats together.
const RUN: usize = 256;

impl Report for Concise {
    fn report(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        // Formatting is the time of a large report: batches are formatted
        // on every core and written in order.
        for batch in findings.diagnostics.chunks(BATCH) {
            let parts: Vec<String> = batch
                .par_chunks(RUN)
                .map(|run| {
                    let mut s = String::new();
                    for d in run {
                        line(d, findings.sources, &mut s);
                    }
                    s
                })
                .collect();
            for part in parts {
                out.write_all(part.as_bytes())?;
            }
        }
        Ok(())
    }
}

/// Appends one finding's line to `out`.
fn line(d: &Diagnostic, sources: &SourceMap, out: &mut String) {
    let file = sources.get(d.primary.file);
    let (line, col) = file
        .position(&d.primary.loc)
        .map_or((1, 1), |p| (p.line, p.column));
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{}:{line}:{col}: {}[{}] {}",
        escape_terminal(&file.display, false),
        d.severity,
        d.rule.id,
        escape_terminal(&d.message, false)
    );
}
