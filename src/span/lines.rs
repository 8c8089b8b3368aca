//! Byte offsets to rustc-style `line:col`.

/// Converts byte offsets to 1-based line and column, like rustc.
///
/// Only `\n` breaks lines (so CR LF is one break); a `\r` right before the
/// `\n` takes no column of its own. Columns count Unicode scalar values; a
/// leading byte order mark takes no column. Building is O(n), lookups are
/// O(log n).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
    /// For each non-ASCII character (and a leading BOM): its start offset and
    /// the running total, through it, of bytes that do not count as columns.
    wide: Vec<(usize, usize)>,
}

impl LineIndex {
    /// Indexes the line starts and multibyte characters of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        let mut wide = Vec::new();
        let mut extra = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        // Bytes, not chars: ASCII is the bulk of any content file.
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\n' {
                line_starts.push(i + 1);
                i += 1;
            } else if b < 0x80 {
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                // A leading BOM is invisible: all its bytes are "extra".
                extra += if i == 0 && c == '\u{feff}' {
                    c.len_utf8()
                } else {
                    c.len_utf8() - 1
                };
                wide.push((i, extra));
                i += c.len_utf8();
            }
        }
        LineIndex { line_starts, wide }
    }

    /// Bytes before `offset` that do not count as columns.
    fn extra_before(&self, offset: usize) -> usize {
        match self.wide.partition_point(|&(start, _)| start < offset) {
            0 => 0,
            n => self.wide[n - 1].1,
        }
    }

    /// 1-based `(line, column)` of `offset` in `text` (the text this index
    /// was built from). The offset is clamped to `text.len()` and moved back
    /// to a character boundary.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let mut bytes = offset - start;
        // The `\r` of a CR LF is part of the line break, not a column.
        if offset > start
            && text.as_bytes().get(offset - 1) == Some(&b'\r')
            && text.as_bytes().get(offset) == Some(&b'\n')
        {
            bytes -= 1;
        }
        let extra = self.extra_before(offset) - self.extra_before(start);
        (line, bytes.saturating_sub(extra) + 1)
    }
}
