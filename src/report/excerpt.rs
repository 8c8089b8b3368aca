//! The source text the human report shows: terminal-safe, indexed by
//! line, and cut around the span where lines are too long to show whole
//! (a minified file, CR-only line breaks): miette cannot mark a column past
//! 65,535, and a screen of one line helps no one.

use miette::{MietteError, SourceCode, SourceSpan, SpanContents};
use std::ops::Range;
use std::sync::Arc;

/// Lines longer than this (in bytes) are shown cut around the span.
const LONG_LINE: usize = 1024;
/// Spans longer than this (in bytes) are cut, even on short lines.
const LONG_SPAN: usize = 1 << 16;
/// Bytes kept on each side of the span on a cut line.
const CONTEXT: usize = 80;
/// How much of a span a cut excerpt marks, at most (bytes).
const MAX_SPAN: usize = 400;

/// A file's terminal-safe text and where its line breaks are, so that
/// miette reads the lines around a span without scanning the file from
/// its start for every finding (what `str`'s `SourceCode` does).
#[derive(Debug, Clone)]
pub(super) struct Source {
    text: Arc<str>,
    /// Offset of the last byte of each line break, as miette counts them:
    /// `\n`, `\r\n` (its `\n`) or a lone `\r`.
    breaks: Arc<[usize]>,
}

impl Source {
    pub(super) fn new(text: String) -> Source {
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

    /// Index of the line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.breaks.partition_point(|&b| b < offset)
    }

    fn line_start(&self, line: usize) -> usize {
        if line == 0 {
            0
        } else {
            self.breaks[line - 1] + 1
        }
    }

    /// End of a line's text, before its break.
    fn line_end(&self, line: usize) -> usize {
        match self.breaks.get(line) {
            Some(&b) if b > 0 && self.text.as_bytes()[b - 1..=b] == *b"\r\n" => b - 1,
            Some(&b) => b,
            None => self.text.len(),
        }
    }

    fn line_len(&self, line: usize) -> usize {
        self.line_end(line) - self.line_start(line)
    }

    /// How to show `span`: the whole text, or an excerpt of it when the
    /// span's lines (or the context lines around them) are long or the
    /// span itself is.
    pub(super) fn view(&self, span: Range<usize>) -> View {
        let start = span.start.min(self.text.len());
        let end = span.end.clamp(start, self.text.len());
        let (first, last) = (self.line_of(start), self.line_of(end.max(start + 1) - 1));
        let around = first.saturating_sub(1)..=(last + 1).min(self.breaks.len());
        let longest = around.max_by_key(|&l| self.line_len(l)).unwrap_or(first);
        if self.line_len(longest) <= LONG_LINE && end - start <= LONG_SPAN {
            return View::Whole(self.clone(), start..end);
        }
        let cut_end = ceil_char(&self.text, end.min(start + MAX_SPAN));
        let last = self.line_of(cut_end.max(start + 1) - 1).max(first);
        let from = if self.line_len(first) > LONG_LINE {
            let at = start.saturating_sub(CONTEXT).max(self.line_start(first));
            floor_char(&self.text, at)
        } else {
            self.line_start(first)
        };
        let to = if self.line_len(last) > LONG_LINE {
            ceil_char(&self.text, (cut_end + CONTEXT).min(self.line_end(last)))
        } else {
            self.line_end(last)
        }
        .max(cut_end.min(self.line_end(last)));
        let column = from - self.line_start(first);
        let shown = if first == last {
            format!("columns {}–{}", column + 1, to - self.line_start(last))
        } else {
            let (l1, l2) = (first + 1, last + 1);
            format!(
                "line {l1} column {} to line {l2} column {}",
                column + 1,
                to - self.line_start(last)
            )
        };
        let mut note = format!(
            "line {} is {} bytes long; the excerpt shows {shown}",
            longest + 1,
            self.line_len(longest)
        );
        let marked = cut_end.min(to);
        if marked < end {
            note.push_str(&format!(
                "; the span is {} bytes long, its first {} are marked",
                end - start,
                marked - start
            ));
        }
        let excerpt = Excerpt {
            text: self.text[from..to].into(),
            base: from,
            line: first,
            column,
        };
        View::Cut {
            excerpt,
            span: start..marked,
            note,
        }
    }
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// What miette is given to show one span.
pub(super) enum View {
    /// The whole file, and the span as it is.
    Whole(Source, Range<usize>),
    /// An excerpt, the part of the span it marks, and a note saying what
    /// was cut.
    Cut {
        excerpt: Excerpt,
        span: Range<usize>,
        note: String,
    },
}

impl View {
    /// The text to read, the span to mark and the note on cutting.
    pub(super) fn parts(self) -> (Shown, SourceSpan, Option<String>) {
        let (shown, span, note) = match self {
            View::Whole(s, span) => (Shown::Whole(s), span, None),
            View::Cut {
                excerpt,
                span,
                note,
            } => (Shown::Cut(excerpt), span, Some(note)),
        };
        (shown, SourceSpan::from(span.start..span.end), note)
    }

    /// Whether another span of the same file can be marked in this view
    /// (whose own view is `own`), and where.
    pub(super) fn fits(&self, own: &View) -> Option<Range<usize>> {
        match (self, own) {
            (View::Whole(..), View::Whole(_, span)) => Some(span.clone()),
            (View::Cut { excerpt, .. }, View::Whole(_, span) | View::Cut { span, .. }) => {
                let window = excerpt.base..excerpt.base + excerpt.text.len();
                (window.contains(&span.start) && span.end <= window.end).then(|| span.clone())
            }
            (View::Whole(..), View::Cut { .. }) => None,
        }
    }
}

/// Text miette reads: a whole file or an excerpt of it.
#[derive(Debug, Clone)]
pub(super) enum Shown {
    Whole(Source),
    Cut(Excerpt),
}

impl SourceCode for Shown {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        match self {
            Shown::Whole(s) => s.read_span(span, context_lines_before, context_lines_after),
            Shown::Cut(e) => e.read_span(span, context_lines_before, context_lines_after),
        }
    }
}

/// A part of a file (within lines, or across a few), read with the line
/// and column numbers it has in the file.
#[derive(Debug, Clone)]
pub(super) struct Excerpt {
    text: Arc<str>,
    /// Byte offset of the excerpt in the file.
    base: usize,
    /// Line (from 0) and byte column where the excerpt starts.
    line: usize,
    column: usize,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset().saturating_sub(self.base).min(self.text.len());
        let len = span.len().min(self.text.len() - start);
        let inner = SourceSpan::from((start, len));
        let c =
            self.text
                .as_bytes()
                .read_span(&inner, context_lines_before, context_lines_after)?;
        // Contents starting on the excerpt's first line start at its column.
        let column = c.column() + if c.line() == 0 { self.column } else { 0 };
        let at = SourceSpan::from((c.span().offset() + self.base, c.span().len()));
        Ok(Box::new(miette::MietteSpanContents::new(
            c.data(),
            at,
            c.line() + self.line,
            column,
            c.line_count() + self.line,
        )))
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

/// The source text with terminal-unsafe characters replaced by printable
/// ones of the same UTF-8 length, so byte spans stay valid.
pub(super) fn safe_source(text: &str) -> String {
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

    /// Renders one label at `span` of `text` as the human report does.
    fn render(text: &str, span: Range<usize>) -> (String, Option<String>) {
        let (shown, span, note) = Source::new(safe_source(text)).view(span).parts();
        let diag = miette::MietteDiagnostic::new("m").with_label(
            miette::LabeledSpan::new_primary_with_span(Some("here".into()), span),
        );
        let report =
            miette::Report::new(diag).with_source_code(miette::NamedSource::new("f", shown));
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                .with_context_lines(1);
        let mut out = String::new();
        handler.render_report(&mut out, report.as_ref()).unwrap();
        (out, note)
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        // Multi-byte characters on both sides; CR-only breaks make one line.
        let text = format!(
            "{}\r{}NEEDLE{}\n",
            "é".repeat(20_000),
            "ü".repeat(20_001),
            "😀".repeat(9_999)
        );
        let at = text.find("NEEDLE").unwrap();
        let (out, note) = render(&text, at..at + 6);
        assert!(out.contains(&format!("[f:1:{}]", at + 1)), "{out}");
        assert!(out.contains("NEEDLE") && out.contains("──┬──"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 1000), "{out}");
        let note = note.unwrap();
        assert!(
            note.starts_with(&format!(
                "line 1 is {} bytes long; the excerpt shows columns ",
                text.len() - 1
            )),
            "{note}"
        );

        // Short lines are shown whole, with their context.
        let (out, note) = render("a\nbb NEEDLE\nc\n", 5..11);
        assert!(
            note.is_none() && out.contains("[f:2:4]") && out.contains(" 3 │ c"),
            "{out}"
        );
    }

    #[test]
    fn long_spans_are_cut_too() {
        // A span of 100,000 bytes on one line, and one across lines.
        let text = format!("[\"{}\"]\n", "x".repeat(100_000));
        let (out, note) = render(&text, 1..100_003);
        assert!(
            out.contains("[f:1:2]") && out.lines().all(|l| l.chars().count() < 1000),
            "{out}"
        );
        let note = note.unwrap();
        assert!(
            note.ends_with("; the span is 100002 bytes long, its first 400 are marked"),
            "{note}"
        );

        let text = format!("{{\n  \"a\": \"{}\",\n  \"b\": 1\n}}\n", "y".repeat(70_000));
        let (out, note) = render(&text, 0..text.len() - 1);
        assert!(
            out.contains("[f:1:1]") && out.lines().all(|l| l.chars().count() < 1000),
            "{out}"
        );
        let (long, note) = (text.lines().nth(1).unwrap().len(), note.unwrap());
        let shows = "the excerpt shows line 1 column 1 to line 2 column ";
        assert!(
            note.starts_with(&format!("line 2 is {long} bytes long; {shows}")),
            "{note}"
        );
        let span = format!(
            "; the span is {} bytes long, its first 400 are marked",
            text.len() - 1
        );
        assert!(note.ends_with(&span), "{note}");
    }
}
