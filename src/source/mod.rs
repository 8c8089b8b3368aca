//! Source files and the lazy mapping from JSON pointers to line:col.
//!
//! Files are read once. In `check`, an article that loaded cleanly does
//! not keep its text ([`crate::load::Texts::Release`],
//! [`SourceFile::released`]): most articles of a large help center have no
//! finding, and the typed model is what later steps read. When a
//! finding needs a position or a snippet, the text is read again and
//! checked against what the load saw ([`SourceFile::text`]): the same
//! settled stat (size and mtime, older than the load's read by the
//! index's racy window), else the hash taken at load. A file that changed
//! in between is flagged ([`SourceMap::changed`]) and the check ends with
//! exit code 2, since its positions may be off.
//!
//! A [`crate::span::SpanIndex`] is built for a file only when a report asks
//! where a finding sits, so clean files are never scanned twice.
//!
//! Positions resolved in a released file can be persisted
//! ([`SourceFile::encoded_positions`]) and handed back to
//! [`SourceMap::prepare_locs`] by a later run that loaded the same bytes:
//! then the file is not read again for positions (a report that shows
//! source lines still reads it). Such positions are those of the bytes
//! that were checked, so a file edited while nwlint runs is only flagged
//! when it is read again.

mod positions;

pub use positions::decode_positions;

use crate::diag::{FileId, Loc};
use crate::span::{LineIndex, Span, SpanIndex};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// Largest content file nwlint reads.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// What a content file is, by where it sits under the content root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    HelpCenter,
    Devices,
    Article,
    Snippet,
}

impl Kind {
    /// The schema file (under the schema root) that validates this kind.
    pub fn schema_file(self) -> &'static str {
        match self {
            Kind::HelpCenter => "helpcenter.schema.json",
            Kind::Devices => "devices.schema.json",
            Kind::Article => "article.schema.json",
            Kind::Snippet => "snippet.schema.json",
        }
    }
}

/// One file read from disk.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to users: relative to the project root, `/`-separated.
    pub display: String,
    /// Path on disk.
    pub path: PathBuf,
    /// The text (lossily decoded if the file was not valid UTF-8), unless
    /// released.
    held: Option<Arc<str>>,
    /// Length in bytes of the text as loaded.
    len: usize,
    /// [`crate::fingerprint::hash_bytes`] of the bytes as loaded, or the hash
    /// of the index record their size and mtime matched (released files
    /// only; 0 otherwise).
    pub hash: u128,
    /// The stat taken after the load read a released file, if it was
    /// settled when the read began ([`crate::fingerprint::Stat::settled_before`]):
    /// read again with the same stat, the bytes are the loaded ones
    /// without hashing them.
    settled: Option<crate::fingerprint::Stat>,
    /// Set when a released text read again no longer matches its hash.
    changed: AtomicBool,
    /// Boxed: most files never build one, and a hook run holds a
    /// `SourceFile` for every article of the tree.
    spans: OnceLock<Option<Box<SpanIndex>>>,
    lines: OnceLock<LineIndex>,
    /// Positions resolved ahead of time by [`SourceMap::prepare_locs`],
    /// whose indexes are dropped once these are known.
    resolved: OnceLock<HashMap<Loc, Option<Position>>>,
    /// Set when every resolved position came from an earlier run's (see
    /// [`SourceMap::prepare_locs`]): there is nothing new to persist.
    all_known: AtomicBool,
}

/// A resolved position: 1-based line and column (in characters) of the start
/// and end of a span, plus the byte span itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Position {
    /// A position from the (line, column) of the span's start and end.
    fn new(
        span: Span,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
    ) -> Position {
        Position {
            span,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

impl SourceFile {
    pub fn new(display: String, path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            display,
            path,
            len: text.len(),
            held: Some(text.into()),
            hash: 0,
            settled: None,
            changed: AtomicBool::new(false),
            spans: OnceLock::new(),
            lines: OnceLock::new(),
            resolved: OnceLock::new(),
            all_known: AtomicBool::new(false),
        }
    }

    /// A file whose text (`len` bytes, with [`crate::fingerprint::hash_bytes`]
    /// `hash`, and the `settled` stat the load took, if any) is not kept:
    /// [`SourceFile::text`] reads it again.
    pub fn released(
        display: String,
        path: PathBuf,
        len: usize,
        hash: u128,
        settled: Option<crate::fingerprint::Stat>,
    ) -> SourceFile {
        SourceFile {
            held: None,
            len,
            hash,
            settled,
            ..SourceFile::new(display, path, String::new())
        }
    }

    /// The text: kept, or read again (not kept: callers that need it for
    /// long hold on to the `Arc`). A released file that cannot be read or
    /// whose bytes changed since the load (another stat than its settled
    /// one and another hash) is flagged as changed; what can be read is
    /// returned (possibly empty).
    pub fn text(&self) -> Arc<str> {
        match &self.held {
            Some(t) => Arc::clone(t),
            None => self.read_again().into(),
        }
    }

    /// A released file's text, read again (see [`SourceFile::text`]).
    fn read_again(&self) -> String {
        // The stat is taken after reading, so a write during the read
        // shows as another mtime.
        let max = MAX_FILE_BYTES;
        let (bytes, stat) = match crate::regular_file::read(&self.path, max) {
            Ok(Ok((bytes, f))) => (
                bytes,
                f.metadata().ok().map(|m| crate::fingerprint::Stat::of(&m)),
            ),
            _ => Default::default(),
        };
        let same = bytes.len() == self.len
            && ((self.settled.is_some() && stat == self.settled)
                || crate::fingerprint::hash_bytes(&bytes) == self.hash);
        if !same {
            self.changed.store(true, Ordering::Relaxed);
        }
        match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }

    /// `true` if the text was released and, read again, had changed.
    pub fn changed(&self) -> bool {
        self.changed.load(Ordering::Relaxed)
    }

    /// The position of `loc` if [`SourceMap::prepare_locs`] resolved it.
    fn resolved(&self, loc: &Loc) -> Option<Option<Position>> {
        self.resolved.get()?.get(loc).copied()
    }

    /// The span index, built on first use (None if the text is not JSON).
    pub fn spans(&self) -> Option<&SpanIndex> {
        self.spans
            .get_or_init(|| SpanIndex::build(&self.text()).ok().map(Box::new))
            .as_deref()
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text()))
    }

    /// Byte span of a location, if it can be found.
    pub fn span_of(&self, loc: &Loc) -> Option<Span> {
        if let Some(p) = self.resolved(loc) {
            return p.map(|p| p.span);
        }
        if matches!(loc, Loc::InString { .. }) {
            let text = self.text();
            return self.span_with(loc, &text, || self.spans());
        }
        self.span_with(loc, "", || self.spans())
    }

    /// [`SourceFile::span_of`] with the span index from `spans` (asked
    /// for only when the location is a pointer); `text` is needed only for
    /// [`Loc::InString`].
    fn span_with<'i>(
        &self,
        loc: &Loc,
        text: &str,
        spans: impl FnOnce() -> Option<&'i SpanIndex>,
    ) -> Option<Span> {
        match loc {
            Loc::File => None,
            Loc::Bytes { start, end } => Some(Span {
                start: (*start).min(self.len),
                end: (*end).min(self.len),
            }),
            Loc::Value(p) => {
                let idx = spans()?;
                Some(idx.value(p).unwrap_or_else(|| idx.nearest(p).1))
            }
            Loc::Key(p) => {
                let idx = spans()?;
                idx.key(p)
                    .or_else(|| idx.value(p))
                    .or_else(|| Some(idx.nearest(p).1))
            }
            Loc::InString {
                pointer,
                start,
                end,
            } => {
                let idx = spans()?;
                let lit = idx.value(pointer)?;
                Some(map_string_range(text, lit, *start, *end))
            }
        }
    }

    /// Line and column of a location (None for whole-file locations).
    pub fn position(&self, loc: &Loc) -> Option<Position> {
        if let Some(p) = self.resolved(loc) {
            return p;
        }
        let text = self.text();
        let span = self.span_with(loc, &text, || self.spans())?;
        let lines = self.lines();
        // The end is the position just after the span (exclusive), as
        // SARIF regions and editors expect.
        Some(Position::new(
            span,
            lines.line_col(&text, span.start),
            lines.line_col(&text, span.end),
        ))
    }

    /// Resolves the positions of `locs` once, with span and line indexes
    /// that are dropped afterwards (unless they were built already).
    fn resolve(&self, locs: &[&Loc]) -> HashMap<Loc, Option<Position>> {
        // Borrowed when kept; read again (not copied into an `Arc`) when not.
        let read;
        let text: &str = match &self.held {
            Some(t) => t,
            None => {
                read = self.read_again();
                &read
            }
        };
        let mut spans: HashMap<&Loc, Option<Span>> = HashMap::with_capacity(locs.len());
        // A released file is one the strict parser accepted: walk only the
        // paths to the wanted pointers instead of indexing every value.
        if self.held.is_none() && !self.changed() {
            let pointers: Vec<&str> = locs.iter().filter_map(|l| pointer_of(l)).collect();
            if let Some(found) = crate::span::locate_pointers(text, &pointers) {
                let by_pointer: HashMap<&str, crate::span::Found> =
                    pointers.iter().copied().zip(found).collect();
                for &loc in locs {
                    let span = match (loc, pointer_of(loc).and_then(|p| by_pointer.get(p))) {
                        (Loc::Value(_), Some(f)) => Some(f.value.unwrap_or(f.nearest)),
                        (Loc::Key(_), Some(f)) => Some(f.key.or(f.value).unwrap_or(f.nearest)),
                        (Loc::InString { start, end, .. }, Some(f)) => {
                            f.value.map(|lit| map_string_range(text, lit, *start, *end))
                        }
                        _ => self.span_with(loc, text, || None),
                    };
                    spans.insert(loc, span);
                }
            }
        }
        let mut built_spans: Option<Option<SpanIndex>> = None;
        for &loc in locs {
            if spans.contains_key(loc) {
                continue;
            }
            let span = self.span_with(loc, text, || match self.spans.get() {
                Some(s) => s.as_deref(),
                None => built_spans
                    .get_or_insert_with(|| SpanIndex::build(text).ok())
                    .as_ref(),
            });
            spans.insert(loc, span);
        }
        // Lines and columns of every end of every span, in one pass over
        // the text instead of a line index of the whole file.
        let mut offsets: Vec<usize> = spans
            .values()
            .flatten()
            .flat_map(|s| [s.start, s.end])
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let found = line_cols(text, &offsets);
        let at = |o: usize| found[offsets.binary_search(&o).unwrap_or(0)];
        spans
            .into_iter()
            .map(|(loc, span)| {
                let pos = span.map(|span| Position::new(span, at(span.start), at(span.end)));
                (loc.clone(), pos)
            })
            .collect()
    }

    /// The positions [`SourceMap::prepare_locs`] resolved in a released
    /// file, encoded for the persisted index (see [`decode_positions`]):
    /// they hold for exactly the bytes hashed at load. None for a file
    /// whose text is kept, that changed while it was read again, that has
    /// nothing resolved, or whose every position was known already (the
    /// caller keeps what it had).
    pub fn encoded_positions(&self) -> Option<Vec<u8>> {
        if self.held.is_some() || self.changed() || self.all_known.load(Ordering::Relaxed) {
            return None;
        }
        positions::encode(self.resolved.get()?)
    }
}

/// The JSON pointer a location names, if any.
fn pointer_of(loc: &Loc) -> Option<&str> {
    match loc {
        Loc::Value(p) | Loc::Key(p) | Loc::InString { pointer: p, .. } => Some(p),
        Loc::Bytes { .. } | Loc::File => None,
    }
}

/// 1-based `(line, column)` of each of `offsets` (sorted), as
/// [`LineIndex::line_col`] computes them, in one pass over `text`: lines
/// are counted between consecutive offsets and columns from the start of
/// the offset's line.
fn line_cols(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let (mut line, mut line_start, mut counted) = (1, 0, 0);
    let mut out = Vec::with_capacity(offsets.len());
    for &raw in offsets {
        let mut offset = raw.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let seg = &bytes[counted..offset];
        let breaks = seg.iter().filter(|&&b| b == b'\n').count();
        if breaks > 0 {
            line += breaks;
            line_start = counted + seg.iter().rposition(|&b| b == b'\n').unwrap_or(0) + 1;
        }
        counted = offset;
        let mut chars = text[line_start..offset].chars().count();
        // The `\r` of a CR LF is part of the line break, not a column.
        if offset > line_start && bytes[offset - 1] == b'\r' && bytes.get(offset) == Some(&b'\n') {
            chars -= 1;
        }
        // A leading BOM is invisible.
        if line_start == 0 && offset > 0 && text.starts_with('\u{feff}') {
            chars = chars.saturating_sub(1);
        }
        out.push((line, chars + 1));
    }
    out
}

/// Maps a byte range of a decoded JSON string to the source bytes of the
/// string literal at `lit` (which includes the quotes), walking escapes.
fn map_string_range(text: &str, lit: Span, start: usize, end: usize) -> Span {
    let bytes = text.as_bytes();
    let mut src = lit.start + 1;
    let stop = lit.end.saturating_sub(1).max(src);
    let mut decoded = 0usize;
    let (mut s, mut e) = (None, None);
    while src < stop {
        if s.is_none() && decoded >= start {
            s = Some(src);
        }
        if decoded >= end {
            e = Some(src);
            break;
        }
        let (src_len, dec_len) = if bytes[src] == b'\\' {
            match bytes.get(src + 1) {
                Some(b'u') => {
                    let cp = text
                        .get(src + 2..src + 6)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .unwrap_or(0);
                    if (0xD800..0xDC00).contains(&cp) {
                        (12, 4)
                    } else {
                        (6, char::from_u32(cp).map_or(3, char::len_utf8))
                    }
                }
                _ => (2, 1),
            }
        } else {
            let l = utf8_len(bytes[src]);
            (l, l)
        };
        src += src_len;
        decoded += dec_len;
    }
    let s = s.unwrap_or(stop).min(stop);
    let e = e.unwrap_or(stop).clamp(s, stop);
    Span { start: s, end: e }
}

fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// All files of one run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Makes room for `n` more files.
    pub fn reserve(&mut self, n: usize) {
        self.files.reserve(n);
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate()
    }

    /// Released files that changed on disk while the check ran (read
    /// again for a position or a snippet, their bytes differed).
    pub fn changed(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter().filter(|f| f.changed())
    }
}

impl SourceMap {
    /// Resolves the position of every location in `locs` on every core,
    /// file by file, so that sorting and reporting findings find them
    /// ready. The span and line indexes are
    /// dropped as soon as a file's positions are known: they would
    /// otherwise hold about half the size of every file with findings.
    /// Call it once, with every label that will be sorted or reported.
    ///
    /// `known` gives, for a released file, the positions an earlier run
    /// resolved in the same bytes (as [`SourceFile::encoded_positions`]
    /// wrote them): a file whose every location is there is not read again.
    pub fn prepare_locs<'a>(
        &self,
        locs: impl IntoIterator<Item = (FileId, &'a Loc)>,
        known: &(dyn Fn(FileId, &SourceFile) -> Option<&'a [u8]> + Sync),
    ) {
        use rayon::prelude::*;
        let mut locs: Vec<(FileId, &Loc)> = locs
            .into_iter()
            .filter(|&(f, _)| f < self.files.len())
            .collect();
        locs.sort_by_key(|&(f, _)| f);
        let groups: Vec<&[(FileId, &Loc)]> = locs.chunk_by(|a, b| a.0 == b.0).collect();
        groups.par_iter().for_each(|group| {
            let id = group[0].0;
            let file = &self.files[id];
            let mut list: Vec<&Loc> = group.iter().map(|&(_, l)| l).collect();
            let mut map = HashMap::new();
            if file.held.is_none()
                && let Some(mut old) = known(id, file).and_then(decode_positions)
            {
                list.retain(|l| match old.remove_entry(*l) {
                    Some((loc, pos)) => {
                        map.insert(loc, pos);
                        false
                    }
                    None => !map.contains_key(*l),
                });
            }
            if list.is_empty() {
                file.all_known.store(true, Ordering::Relaxed);
            } else {
                map.extend(file.resolve(&list));
            }
            // A second call keeps the first map; later lookups it lacks
            // fall back to the lazily built indexes.
            let _ = file.resolved.set(map);
        });
    }
}

/// Shows `path` relative to `base` when it lies below it, with `/` separators.
pub fn display_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests;
