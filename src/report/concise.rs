//! `--format concise`: one line per finding,
//! `path:line:col: severity[rule] message`.

use super::{Findings, Report};
use crate::text::escape_terminal;
use std::io::{self, Write};

pub struct Concise;

impl Report for Concise {
    fn report(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        for d in findings.diagnostics {
            let file = findings.sources.get(d.primary.file);
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
            )?;
        }
        Ok(())
    }
}
