//! `--format human` (default): rustc-style diagnostics rendered by miette,
//! with the source line and a label under the exact span.
//!
//! All content-derived text (messages, labels, help, the source snippet
//! itself) is made terminal-safe first: control characters are replaced so a
//! content file cannot move the cursor or fake output.

use super::{Findings, Report, summary_line};
use crate::diag::{Diagnostic, FileId, Label, Severity};
use crate::source::SourceMap;
use crate::text::escape_terminal;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::cell::RefCell;
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

/// Human output settings.
pub struct Human {
    pub color: bool,
    /// Terminal width for wrapping.
    pub width: usize,
    /// Print the closing summary line.
    pub summary: bool,
}

impl Report for Human {
    fn report(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
            .with_context_lines(1);
        let texts = Texts::default();
        for d in findings.diagnostics {
            let m = to_miette(d, findings.sources, &texts);
            let mut s = String::new();
            handler
                .render_report(&mut s, &m)
                .map_err(|_| io::Error::other("formatting failed"))?;
            out.write_all(s.as_bytes())?;
            if let Some(note) = &d.note {
                for line in escape_terminal(note, true).lines() {
                    writeln!(out, "  {line}")?;
                }
            }
            writeln!(out)?;
        }
        if self.summary && !findings.diagnostics.is_empty() {
            writeln!(out, "{}", summary_line(findings))?;
        }
        Ok(())
    }
}

/// A diagnostic in miette's shape.
#[derive(Debug)]
struct MietteDiag {
    code: String,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Option<NamedSource<Arc<str>>>,
    labels: Vec<LabeledSpan>,
    related: Vec<MietteDiag>,
}

impl fmt::Display for MietteDiag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteDiag {}

impl miette::Diagnostic for MietteDiag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty()).then(|| Box::new(self.labels.iter().cloned()) as Box<_>)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        (!self.related.is_empty())
            .then(|| Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)) as Box<_>)
    }
}

fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Advice => miette::Severity::Advice,
    }
}

fn labeled(label: &Label, sources: &SourceMap, primary: bool) -> Option<LabeledSpan> {
    let span = sources.get(label.file).span_of(&label.loc)?;
    let text = Some(escape_terminal(&label.text, false));
    let ss = SourceSpan::from((span.start, span.end.saturating_sub(span.start)));
    Some(if primary {
        LabeledSpan::new_primary_with_span(text, ss)
    } else {
        LabeledSpan::new_with_span(text, ss)
    })
}

/// The terminal-safe texts of the last few files shown: findings come
/// sorted by file, and a released file's text is read again on demand.
#[derive(Default)]
struct Texts(RefCell<Vec<(FileId, Arc<str>)>>);

impl Texts {
    const KEEP: usize = 4;

    fn get(&self, sources: &SourceMap, file: FileId) -> Arc<str> {
        let mut cache = self.0.borrow_mut();
        if let Some(i) = cache.iter().position(|(f, _)| *f == file) {
            let hit = cache.remove(i);
            let text = Arc::clone(&hit.1);
            cache.insert(0, hit);
            return text;
        }
        let text: Arc<str> = safe_source(&sources.get(file).text()).into();
        cache.insert(0, (file, Arc::clone(&text)));
        cache.truncate(Self::KEEP);
        text
    }
}

fn to_miette(d: &Diagnostic, sources: &SourceMap, texts: &Texts) -> MietteDiag {
    let file = sources.get(d.primary.file);
    let mut labels: Vec<LabeledSpan> = labeled(&d.primary, sources, true).into_iter().collect();
    let mut related = Vec::new();
    for r in &d.related {
        if r.file == d.primary.file {
            labels.extend(labeled(r, sources, false));
        } else {
            let rf = sources.get(r.file);
            related.push(MietteDiag {
                code: String::new(),
                severity: miette::Severity::Advice,
                message: format!("related: {}", escape_terminal(&r.text, false)),
                help: None,
                source: Some(NamedSource::new(
                    escape_terminal(&rf.display, false),
                    texts.get(sources, r.file),
                )),
                labels: labeled(r, sources, true).into_iter().collect(),
                related: Vec::new(),
            });
        }
    }
    let mut message = escape_terminal(&d.message, false);
    if labels.is_empty() {
        // Whole-file findings: name the file in the message itself.
        message = format!("{}: {message}", escape_terminal(&file.display, false));
    }
    MietteDiag {
        code: d.rule.id.to_string(),
        severity: severity(d.severity),
        message,
        help: d.help.as_ref().map(|h| escape_terminal(h, false)),
        source: (!labels.is_empty()).then(|| {
            NamedSource::new(
                escape_terminal(&file.display, false),
                texts.get(sources, d.primary.file),
            )
        }),
        labels,
        related,
    }
}

/// The source text with terminal-unsafe characters replaced by printable
/// ones of the same UTF-8 length, so byte spans stay valid.
fn safe_source(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let unsafe_char = match c {
            '\n' | '\t' => false,
            '\r' => bytes.get(i + 1) != Some(&b'\n'),
            c => {
                c.is_control()
                    || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
            }
        };
        if unsafe_char {
            match c.len_utf8() {
                3 => out.push('\u{FFFD}'),
                n => out.extend(std::iter::repeat_n('?', n)),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_source_keeps_byte_length() {
        let s = "a\u{1b}[2J\u{202e}b\u{85}\r\nc\rd";
        let t = safe_source(s);
        assert_eq!(s.len(), t.len());
        assert!(!t.contains('\u{1b}') && !t.contains('\u{202e}'));
        assert!(t.contains("\r\n") && !t.contains("c\rd"));
    }
}
