//! `--format human` (default): rustc-style diagnostics rendered by miette,
//! with the source line and a label under the exact span.
//!
//! All content-derived text (messages, labels, help, the source snippet
//! itself) is made terminal-safe first: control characters are replaced so a
//! content file cannot move the cursor or fake output. Long lines are shown
//! cut around the span, with a note saying what the excerpt shows
//! (`report/excerpt.rs`).

use super::excerpt::{Shown, Source, View, safe_source};
use super::{Findings, Report, summary_line, write_in_parallel};
use crate::diag::{Diagnostic, FileId, Label, Severity};
use crate::source::SourceMap;
use crate::text::escape_terminal;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use std::cell::RefCell;
use std::fmt;
use std::io::{self, Write};

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

/// Appends one finding, its notes and a blank line to `out`.
fn render(
    handler: &GraphicalReportHandler,
    d: &Diagnostic,
    sources: &SourceMap,
    texts: &Texts,
    out: &mut String,
) -> fmt::Result {
    use fmt::Write as _;
    let mut cuts = Vec::new();
    let m = to_miette(d, sources, texts, &mut cuts);
    handler.render_report(out, &m)?;
    for cut in cuts {
        writeln!(out, "  note: {cut}")?;
    }
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
    source: Option<NamedSource<Shown>>,
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

/// `label` marked at `span`.
fn labeled(label: &Label, span: miette::SourceSpan, primary: bool) -> LabeledSpan {
    let text = Some(escape_terminal(&label.text, false));
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

/// How to show `label`'s span, if it has one.
fn view(label: &Label, sources: &SourceMap, texts: &Texts) -> Option<View> {
    let span = sources.get(label.file).span_of(&label.loc)?;
    Some(texts.get(sources, label.file).view(span.start..span.end))
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

/// `d` in miette's shape; notes on cut excerpts go to `cuts`.
fn to_miette(
    d: &Diagnostic,
    sources: &SourceMap,
    texts: &Texts,
    cuts: &mut Vec<String>,
) -> MietteDiag {
    let file = sources.get(d.primary.file);
    let main = view(&d.primary, sources, texts);
    let mut labels = Vec::new();
    let mut shown = None;
    let mut related = Vec::new();
    for r in &d.related {
        let own = view(r, sources, texts);
        if r.file == d.primary.file {
            // Marked with the primary if the primary's view shows it.
            let fits = match (&main, &own) {
                (Some(m), Some(o)) => m.fits(o),
                (None, Some(o @ View::Whole(..))) => View::fits(o, o),
                (_, None) => continue,
                (None, Some(View::Cut { .. })) => None,
            };
            if let Some(span) = fits {
                labels.push(labeled(r, (span.start..span.end).into(), false));
                continue;
            }
        }
        let rf = sources.get(r.file);
        let name = escape_terminal(&rf.display, false);
        let (source, labels) = match own {
            Some(v) => {
                let (text, span, cut) = v.parts();
                cuts.extend(cut.map(|c| format!("in the related excerpt of {name}, {c}")));
                (text, vec![labeled(r, span, true)])
            }
            None => (Shown::Whole(texts.get(sources, r.file)), Vec::new()),
        };
        related.push(MietteDiag {
            code: String::new(),
            severity: miette::Severity::Advice,
            message: format!("related: {}", escape_terminal(&r.text, false)),
            help: None,
            source: Some(NamedSource::new(name, source)),
            labels,
            related: Vec::new(),
        });
    }
    if let Some(v) = main {
        let (text, span, cut) = v.parts();
        labels.insert(0, labeled(&d.primary, span, true));
        cuts.splice(0..0, cut);
        shown = Some(text);
    } else if !labels.is_empty() {
        shown = Some(Shown::Whole(texts.get(sources, d.primary.file)));
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
        source: shown.map(|s| NamedSource::new(escape_terminal(&file.display, false), s)),
        labels,
        related,
    }
}
