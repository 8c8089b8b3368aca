//! The scanner behind [`super::SpanIndex::build`]: one pass over the text,
//! an explicit stack, every value and key recorded as a node.

use super::*;

/// How a container was reached from its parent (for duplicate pointers).
#[derive(Clone, Copy)]
enum Via {
    Root,
    Key(u32),
    Index(usize),
}

/// Keys seen so far in one object: (key id, span of its first occurrence).
enum Seen {
    Small(Vec<(u32, Span)>),
    Large(HashMap<u32, Span>),
}

impl Seen {
    /// Records `id`; returns the span of an earlier occurrence, if any.
    fn insert(&mut self, id: u32, span: Span) -> Option<Span> {
        match self {
            Seen::Small(v) => {
                if let Some(&(_, first)) = v.iter().find(|(k, _)| *k == id) {
                    return Some(first);
                }
                v.push((id, span));
                if v.len() > SMALL_OBJECT {
                    *self = Seen::Large(v.drain(..).collect());
                }
                None
            }
            Seen::Large(m) => match m.entry(id) {
                std::collections::hash_map::Entry::Occupied(o) => Some(*o.get()),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(span);
                    None
                }
            },
        }
    }
}

/// An open container on the scanner's explicit stack.
struct Frame {
    /// Index of the container's own node.
    node: usize,
    /// Number of items or members seen so far.
    len: usize,
    /// How the container was reached.
    via: Via,
    /// For objects, the keys seen so far; None for arrays.
    keys: Option<Seen>,
}

pub(super) struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    pub(super) nodes: Vec<Node>,
    /// Interned decoded keys.
    pub(super) keys: Vec<Box<str>>,
    /// Decoded key (borrowed from the text when it has no escapes) → id.
    interned: HashMap<std::borrow::Cow<'a, str>, u32>,
    pub(super) duplicates: Vec<Duplicate>,
    stack: Vec<Frame>,
}

pub(super) fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, SyntaxError> {
    Err(SyntaxError {
        offset,
        message: message.into(),
    })
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str) -> Scanner<'a> {
        let pos = if text.starts_with(BOM) { BOM.len() } else { 0 };
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos,
            // Pretty-printed content has about one value per 40 bytes.
            nodes: Vec::with_capacity(text.len() / 40 + 1),
            keys: Vec::new(),
            interned: HashMap::new(),
            duplicates: Vec::new(),
            stack: Vec::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn push_node(&mut self, value: Span, key: Option<(Span, u32)>) -> usize {
        let (key_start, key_end, key_id) = match key {
            Some((s, id)) => (s.start as u32, s.end as u32, id),
            None => (0, 0, NO_KEY),
        };
        let i = self.nodes.len();
        self.nodes.push(Node {
            start: value.start as u32,
            end: value.end as u32,
            key_start,
            key_end,
            key_id,
            next: i as u32 + 1,
        });
        i
    }

    pub(super) fn run(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        self.value(None, Via::Root)?;
        while let Some(frame) = self.stack.last() {
            let (is_array, len) = (frame.keys.is_none(), frame.len);
            self.skip_ws();
            let at = self.pos;
            if is_array {
                match self.peek() {
                    Some(b']') => self.close(),
                    Some(b',') if len > 0 => {
                        self.pos += 1;
                        self.skip_ws();
                        if self.peek() == Some(b']') {
                            return err(at, "trailing comma in array");
                        }
                        self.array_item(len)?;
                    }
                    _ if len == 0 => self.array_item(0)?,
                    _ => return err(at, "expected `,` or `]` after array item"),
                }
            } else {
                match self.peek() {
                    Some(b'}') => self.close(),
                    Some(b',') if len > 0 => {
                        self.pos += 1;
                        self.skip_ws();
                        match self.peek() {
                            Some(b'}') => return err(at, "trailing comma in object"),
                            Some(b'"') => self.member()?,
                            _ => return err(self.pos, "expected string key"),
                        }
                    }
                    Some(b'"') if len == 0 => self.member()?,
                    _ if len == 0 => return err(at, "expected string key or `}`"),
                    _ => return err(at, "expected `,` or `}` after object member"),
                }
            }
        }
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return err(self.pos, "trailing characters after JSON value");
        }
        Ok(())
    }

    /// Closes the container on top of the stack at the current `]` or `}`.
    fn close(&mut self) {
        self.pos += 1;
        if let Some(frame) = self.stack.pop() {
            let next = self.nodes.len() as u32;
            let n = &mut self.nodes[frame.node];
            n.end = self.pos as u32;
            n.next = next;
        }
    }

    fn array_item(&mut self, index: usize) -> Result<(), SyntaxError> {
        if let Some(frame) = self.stack.last_mut() {
            frame.len += 1;
        }
        self.value(None, Via::Index(index))
    }

    /// The id of a decoded key, interning it on first sight.
    fn intern(&mut self, raw: &'a str, escaped: Option<String>) -> u32 {
        let key: std::borrow::Cow<'a, str> = match escaped {
            Some(s) => std::borrow::Cow::Owned(s),
            None => std::borrow::Cow::Borrowed(raw),
        };
        if let Some(&id) = self.interned.get(&key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.as_ref().into());
        self.interned.insert(key, id);
        id
    }

    /// The pointer of the member `key_id` of the innermost open object.
    fn member_pointer(&self, key_id: u32) -> String {
        let mut p = String::new();
        for frame in &self.stack {
            match frame.via {
                Via::Root => {}
                Via::Key(id) => {
                    p.push('/');
                    push_token(&mut p, &self.keys[id as usize]);
                }
                Via::Index(i) => {
                    let _ = write!(p, "/{i}");
                }
            }
        }
        p.push('/');
        push_token(&mut p, &self.keys[key_id as usize]);
        p
    }

    /// Scans one object member (key, colon, value) starting at its key.
    fn member(&mut self) -> Result<(), SyntaxError> {
        let key_start = self.pos;
        let mut decoded = String::new();
        let escaped = self.string(Some(&mut decoded))?;
        let key_span = Span {
            start: key_start,
            end: self.pos,
        };
        self.skip_ws();
        if self.peek() != Some(b':') {
            return err(self.pos, "expected `:` after object key");
        }
        self.pos += 1;
        self.skip_ws();

        let text = self.text;
        let raw = &text[key_start + 1..key_span.end - 1];
        let key_id = self.intern(raw, escaped.then_some(decoded));
        let mut first = None;
        if let Some(frame) = self.stack.last_mut() {
            frame.len += 1;
            if let Some(seen) = &mut frame.keys {
                first = seen.insert(key_id, key_span);
            }
        }
        if let Some(first) = first {
            let pointer = self.member_pointer(key_id);
            self.duplicates.push(Duplicate {
                pointer,
                first,
                second: key_span,
            });
        }
        self.value(Some((key_span, key_id)), Via::Key(key_id))
    }

    /// Scans one value at the current position. Scalars are consumed whole;
    /// an array or object is opened (its node pushed with a provisional end)
    /// and left on the stack for [`Scanner::run`] to continue.
    fn value(&mut self, key: Option<(Span, u32)>, via: Via) -> Result<(), SyntaxError> {
        let start = self.pos;
        let opener = match self.peek() {
            Some(b'[') => Some(true),
            Some(b'{') => Some(false),
            Some(b'"') => {
                self.string(None)?;
                None
            }
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                None
            }
            Some(b't') => {
                self.literal("true")?;
                None
            }
            Some(b'f') => {
                self.literal("false")?;
                None
            }
            Some(b'n') => {
                self.literal("null")?;
                None
            }
            _ => return err(start, "expected value"),
        };
        let span = Span {
            start,
            end: self.pos,
        };
        let Some(is_array) = opener else {
            self.push_node(span, key);
            return Ok(());
        };
        if self.stack.len() >= MAX_DEPTH {
            return err(start, format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        self.pos += 1;
        let node = self.push_node(span, key);
        self.stack.push(Frame {
            node,
            len: 0,
            via,
            keys: (!is_array).then(|| Seen::Small(Vec::new())),
        });
        Ok(())
    }

    fn literal(&mut self, word: &str) -> Result<(), SyntaxError> {
        for &b in word.as_bytes() {
            if self.peek() != Some(b) {
                return err(self.pos, format!("invalid literal, expected `{word}`"));
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// Scans a number per the JSON grammar; like `serde_json`, rejects
    /// numbers whose magnitude overflows an `f64`.
    fn number(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return err(self.pos, "invalid number: leading zero");
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return err(self.pos, "invalid number: expected digit after `-`"),
        }
        let mut plain_integer = true;
        if self.peek() == Some(b'.') {
            plain_integer = false;
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return err(self.pos, "invalid number: expected digit after `.`");
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            plain_integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return err(self.pos, "invalid number: expected digit in exponent");
            }
            self.digits();
        }
        // Integers of up to 19 digits fit an i64/u64 and need no check.
        if !plain_integer || self.pos - start > 19 {
            let finite = self.text[start..self.pos]
                .parse::<f64>()
                .is_ok_and(f64::is_finite);
            if !finite {
                return err(start, "number out of range");
            }
        }
        Ok(())
    }

    /// Scans a string literal starting at its opening quote. With `out`,
    /// also appends the decoded contents to it. Returns whether the literal
    /// has escapes (its decoded text differs from its source).
    fn string(&mut self, mut out: Option<&mut String>) -> Result<bool, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut run_start = self.pos;
        let mut escaped = false;
        let bytes = self.bytes;
        loop {
            // Plain characters, the bulk of any string, in a tight loop.
            while let Some(&b) = bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            let Some(b) = self.peek() else {
                return err(open, "unterminated string");
            };
            match b {
                b'"' => {
                    if let Some(out) = out.as_deref_mut() {
                        out.push_str(&self.text[run_start..self.pos]);
                    }
                    self.pos += 1;
                    return Ok(escaped);
                }
                b'\\' => {
                    escaped = true;
                    if let Some(out) = out.as_deref_mut() {
                        out.push_str(&self.text[run_start..self.pos]);
                    }
                    let c = self.escape(open)?;
                    if let Some(out) = out.as_deref_mut() {
                        out.push(c);
                    }
                    run_start = self.pos;
                }
                _ => return err(self.pos, "control character in string"),
            }
        }
    }

    /// Decodes one escape sequence at the current backslash.
    fn escape(&mut self, open: usize) -> Result<char, SyntaxError> {
        let backslash = self.pos;
        let c = match self.bytes.get(backslash + 1) {
            None => return err(open, "unterminated string"),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(),
            Some(_) => {
                let bad = self.text[backslash + 1..].chars().next().unwrap_or('?');
                let shown = if bad.is_control() {
                    bad.escape_default().to_string()
                } else {
                    bad.to_string()
                };
                return err(backslash, format!("invalid escape `\\{shown}`"));
            }
        };
        self.pos += 2;
        Ok(c)
    }

    /// Reads the four hex digits of a `\uXXXX` escape at `at` (the backslash).
    fn hex4(&self, at: usize) -> Option<u32> {
        if self.bytes.get(at..at + 2) != Some(b"\\u") {
            return None;
        }
        let digits = self.bytes.get(at + 2..at + 6)?;
        digits.iter().try_fold(0u32, |acc, &b| {
            let d = (b as char).to_digit(16)?;
            Some(acc * 16 + d)
        })
    }

    /// Decodes a `\uXXXX` escape (or a surrogate pair of two) at the current
    /// backslash. Lone surrogates are rejected, as by `serde_json`.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let at = self.pos;
        let Some(high) = self.hex4(at) else {
            return err(at, "invalid `\\u` escape: expected four hex digits");
        };
        let code = match high {
            0xD800..=0xDBFF => {
                let low = self.hex4(at + 6);
                match low {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        self.pos += 6;
                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    }
                    _ => return err(at, "lone surrogate in `\\u` escape"),
                }
            }
            0xDC00..=0xDFFF => return err(at, "lone surrogate in `\\u` escape"),
            c => c,
        };
        self.pos += 6;
        match char::from_u32(code) {
            Some(c) => Ok(c),
            None => err(at, "lone surrogate in `\\u` escape"),
        }
    }
}
