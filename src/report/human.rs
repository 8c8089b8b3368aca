//! `--format human` (default): rustc-style diagnostics rendered by miette,
//! with the source line and a label under the exact span.
//!
//! All content-derived text (messages, labels, help, the source snippet
//! itself) is made terminal-safe first: control characters are replaced so a
//! content file cannot move the cursor or fake output.

use super::{Findings, Report, summary_line, write_in_parallel};
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
        // Rendering is most of the time of a large report: it runs on
        // every core, in runs of neighbouring findings (which share files,
        // see `Texts`).
        write_in_parallel(findings.diagnostics, out, (BATCH, RUN), |run, s| {
            let texts = Texts::default();
            for d in run {
                render(&handler, d, findings.sources, &texts, s)?;
            }
            Ok(())
        })?;
        if self.summary && !findings.diagnostics.is_empty() {
            writeln!(out, "{}", summary_line(findings))?;
        }
        Ok(())
    }
}

/// Findings rendered before their text is written (bounds the memory a
/// large report holds).
const BATCH: usize = 4096;

/// Neighbouring findings one core renders together.
const RUN: usize = 64;

/// Appends one finding, its note and a blank line to `out`.
fn render(
    handler: &GraphicalReportHandler,
    d: &Diagnostic,
    sources: &SourceMap,
    texts: &Texts,
    out: &mut String,
) -> fmt::Result {
    use fmt::Write as _;
    let m = to_miette(d, sources, texts);
    handler.render_report(out, &m)?;
    if let Some(note) = &d.note {
        for line in escape_terminal(note, true).lines() {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)
}

/// A diagnostic in miette's shape.
#[derive(Debug)]
struct MietteDiag {
    code: String,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Option<NamedSource<Source>>,
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

/// The sources of the last few files shown: findings come sorted by file,
/// and a released file's text is read again on demand.
#[derive(Default)]
struct Texts(RefCell<Vec<(FileId, Source)>>);

impl Texts {
    const KEEP: usize = 4;

    fn get(&self, sources: &SourceMap, file: FileId) -> Source {
        let mut cache = self.0.borrow_mut();
        if let Some(i) = cache.iter().position(|(f, _)| *f == file) {
            let hit = cache.remove(i);
            let source = hit.1.clone();
            cache.insert(0, hit);
            return source;
        }
        let source = Source::new(safe_source(&sources.get(file).text()));
        cache.insert(0, (file, source.clone()));
        cache.truncate(Self::KEEP);
        source
    }
}

/// A file's terminal-safe text and where its line breaks are, so that
/// miette reads the lines around a span without scanning the file from
/// its start for every finding (what `str`'s `SourceCode` does).
#[derive(Debug, Clone)]
struct Source {
    text: Arc<str>,
    /// Offset of the last byte of each line break, as miette counts them:
    /// `\n`, `\r\n` (its `\n`) or a lone `\r`.
    breaks: Arc<[usize]>,
}

impl Source {
    fn new(text: String) -> Source {
        let bytes = text.as_bytes();
        let mut breaks = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    breaks.push(i + 1);
                    i += 1;
                }
                b'\r' | b'\n' => breaks.push(i),
                _ => {}
            }
            i += 1;
        }
        Source {
            text: text.into(),
            breaks: breaks.into(),
        }
    }
}

impl miette::SourceCode for Source {
    /// miette's own reading, started a few lines above the span instead
    /// of at the top of the file, and shifted back: the same contents.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let bytes = self.text.as_bytes();
        // The span's line, and the first line to read from: two lines more
        // than the context, so the context is complete in the part read.
        let line = self.breaks.partition_point(|&b| b < span.offset());
        let first = line.saturating_sub(context_lines_before + 2);
        if first == 0 {
            return bytes.read_span(span, context_lines_before, context_lines_after);
        }
        let base = self.breaks[first - 1] + 1;
        let shifted = SourceSpan::from((span.offset() - base, span.len()));
        let c = bytes[base..].read_span(&shifted, context_lines_before, context_lines_after)?;
        let at = SourceSpan::from((c.span().offset() + base, c.span().len()));
        Ok(Box::new(miette::MietteSpanContents::new(
            c.data(),
            at,
            c.line() + first,
            c.column(),
            c.line_count() + first,
        )))
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
    fn line_indexed_sources_read_spans_as_miette_does() {
        use miette::SourceCode;
        let mut text = String::new();
        for i in 0..40 {
            let brk = ["\n", "\r\n", "\r", "\n\n"][i % 4];
            text.push_str(&format!("line {i} {}{brk}", "é".repeat(i % 3)));
        }
        let source = Source::new(text.clone());
        let plain = text.as_str();
        for offset in (0..text.len()).filter(|&o| text.is_char_boundary(o)) {
            for len in [0, 1, 7, 40] {
                let len = len.min(text.len() - offset);
                let span = SourceSpan::from((offset, len));
                for (before, after) in [(0, 0), (1, 1), (2, 3)] {
                    let want = plain.read_span(&span, before, after);
                    let got = source.read_span(&span, before, after);
                    match (want, got) {
                        (Ok(w), Ok(g)) => {
                            assert_eq!(w.data(), g.data(), "{offset}+{len} ({before},{after})");
                            assert_eq!(w.span(), g.span());
                            assert_eq!(
                                (w.line(), w.column(), w.line_count()),
                                (g.line(), g.column(), g.line_count()),
                                "{offset}+{len} ({before},{after})"
                            );
                        }
                        (Err(_), Err(_)) => {}
                        (w, g) => panic!("{offset}+{len}: {:?} vs {:?}", w.is_ok(), g.is_ok()),
                    }
                }
            }
        }
    }

    #[test]
    fn safe_source_keeps_byte_length() {
        let s = "a\u{1b}[2J\u{202e}b\u{85}\r\nc\rd";
        let t = safe_source(s);
        assert_eq!(s.len(), t.len());
        assert!(!t.contains('\u{1b}') && !t.contains('\u{202e}'));
        assert!(t.contains("\r\n") && !t.contains("c\rd"));
    }
}
