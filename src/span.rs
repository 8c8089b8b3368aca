//! A span-recording JSON scanner: maps JSON pointers to byte spans.
//!
//! `serde_json` keeps no source positions, so files with findings are scanned
//! a second time by [`SpanIndex::build`], which records where every value (and
//! every object key) sits. It also finds duplicate object keys, which
//! `serde_json` silently collapses, and gives precise syntax-error offsets.
//! [`LineIndex`] then turns byte offsets into rustc-style `line:col`.
//!
//! The scanner accepts exactly what `serde_json::from_str::<Value>` accepts
//! (RFC 8259, lone surrogates rejected, numbers must fit an `f64`, nesting
//! limited as by `serde_json`'s default recursion limit), except that a
//! leading UTF-8 byte order mark is skipped. It is built for untrusted input:
//! it never panics, uses an explicit stack instead of recursion, and runs in
//! time linear in the input.
//!
//! The index is compact because nwlint keeps one for every file that has
//! findings: a flat pre-order array of 24-byte nodes (value span, key span,
//! interned key, end of subtree), no pointer strings. A lookup walks the
//! pointer's tokens from the root through each container's children (at
//! most 16 per step: containers with more get direct lookups, built once
//! for the whole file on the first lookup into one, so resolving every item
//! of a large array stays linear); pointer strings are only built for
//! [`SpanIndex::entries`] (on first use) and for duplicates.
//!
//! For a file the strict parser already accepted (an article that loaded
//! cleanly), [`locate_pointers`] finds a handful of pointers without the
//! index: it walks only the paths to them and skips every other value with
//! `memchr`. It recurses only along those paths (as deep as the deepest
//! pointer) and otherwise skips iteratively.

use crate::hash::SmallMap;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::sync::OnceLock;

/// The most arrays/objects that may be nested inside each other.
///
/// `serde_json`'s default recursion limit is 128, but it fails once the
/// limit is *reached*, so at most 127 containers can be nested; this constant
/// states the accepted depth so the two parsers agree.
pub const MAX_DEPTH: usize = 127;

/// The UTF-8 byte order mark.
const BOM: &str = "\u{feff}";

/// Largest text the index can address (offsets are stored as `u32`).
const MAX_TEXT: usize = u32::MAX as usize - 1;

/// `Node::key_id` of values that are not object members.
const NO_KEY: u32 = u32::MAX;

/// Objects with more members than this check duplicate keys with a hash map
/// instead of a linear scan.
const SMALL_OBJECT: usize = 16;

/// Byte range `[start, end)` into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

/// Where one JSON value sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// RFC 6901 JSON pointer of the value (`""` for the root), built from the
    /// decoded keys, with `~` escaped as `~0` and `/` as `~1`.
    pub pointer: String,
    /// Span of the whole value: strings include their quotes, objects and
    /// arrays run from the opening to the closing bracket inclusive.
    pub value: Span,
    /// For object members, the span of the key string including its quotes.
    pub key: Option<Span>,
}

/// A key that occurs more than once in the same object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Pointer of the member (the same for every occurrence).
    pub pointer: String,
    /// Span of the first occurrence of the key, including quotes.
    pub first: Span,
    /// Span of this later occurrence of the key, including quotes.
    pub second: Span,
}

/// A JSON syntax error at an exact byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Offset of the offending byte (`text.len()` for unexpected end of input).
    pub offset: usize,
    /// Short description, e.g. "expected `,` or `}` after object member".
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for SyntaxError {}

/// One value, in pre-order.
#[derive(Debug, Clone, Copy)]
struct Node {
    start: u32,
    end: u32,
    /// Span of the key (with quotes) for object members; `key_start ==
    /// key_end == 0` otherwise.
    key_start: u32,
    key_end: u32,
    /// Interned decoded key ([`SpanIndex::keys`]), or [`NO_KEY`].
    key_id: u32,
    /// Index of the first node after this value's subtree.
    next: u32,
}

impl Node {
    fn value(&self) -> Span {
        Span {
            start: self.start as usize,
            end: self.end as usize,
        }
    }

    fn key(&self) -> Option<Span> {
        (self.key_id != NO_KEY).then_some(Span {
            start: self.key_start as usize,
            end: self.key_end as usize,
        })
    }
}

/// Positions of all values of one JSON document, addressable by JSON pointer.
///
/// When an object repeats a key, the *last* occurrence wins for lookups (as
/// in the `serde_json::Value` that was validated); earlier occurrences and
/// everything below them stay in [`SpanIndex::entries`] and are reported by
/// [`SpanIndex::duplicates`].
#[derive(Debug, Clone)]
pub struct SpanIndex {
    /// Every value, in pre-order (the order in which values start).
    nodes: Vec<Node>,
    /// Distinct decoded keys; `Node::key_id` indexes this.
    keys: Vec<Box<str>>,
    /// Decoded key → its id.
    key_ids: HashMap<Box<str>, u32>,
    duplicates: Vec<Duplicate>,
    /// Materialized on first call of [`SpanIndex::entries`].
    entries: OnceLock<Vec<Entry>>,
    /// Direct lookups into containers with many children, built on the
    /// first lookup (see [`Wide`]).
    wide: OnceLock<Wide>,
}

/// The children of every container with more than [`Wide::SCAN`] of them:
/// lookups into such a container are direct instead of a walk along its
/// children (which made resolving every item of a large array quadratic).
#[derive(Debug, Clone, Default)]
struct Wide {
    /// Array → its items' nodes, in order.
    items: crate::hash::FastMap<u32, Vec<u32>>,
    /// (object, key id) → the node of the last member with that key.
    members: crate::hash::FastMap<(u32, u32), u32>,
}

impl Wide {
    const SCAN: usize = 16;

    /// One pass: every node is the child of one container.
    fn build(index: &SpanIndex) -> Wide {
        let mut wide = Wide::default();
        for i in 0..index.nodes.len() {
            if index.children(i).nth(Self::SCAN).is_none() {
                continue;
            }
            let first = i + 1;
            if index.nodes[first].key_id == NO_KEY {
                wide.items
                    .insert(i as u32, index.children(i).map(|c| c as u32).collect());
            } else {
                for c in index.children(i) {
                    wide.members
                        .insert((i as u32, index.nodes[c].key_id), c as u32);
                }
            }
        }
        wide
    }
}

impl SpanIndex {
    /// Scans `text`, recording the span of every value.
    ///
    /// A leading UTF-8 byte order mark is skipped; offsets stay relative to
    /// `text`. Errors are syntax errors with the exact offending byte offset.
    pub fn build(text: &str) -> Result<SpanIndex, SyntaxError> {
        if text.len() > MAX_TEXT {
            return err(0, "document larger than 4 GiB");
        }
        let mut scanner = Scanner::new(text);
        scanner.run()?;
        let Scanner {
            nodes,
            keys,
            mut duplicates,
            ..
        } = scanner;
        // Found as members are scanned, which is source order of the later
        // occurrence already; keep it explicit.
        duplicates.sort_by_key(|d| d.second.start);
        let key_ids = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i as u32))
            .collect();
        Ok(SpanIndex {
            nodes,
            keys,
            key_ids,
            duplicates,
            entries: OnceLock::new(),
            wide: OnceLock::new(),
        })
    }

    /// Children of node `i`, in source order.
    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.nodes[i].next as usize;
        let mut c = i + 1;
        std::iter::from_fn(move || {
            (c < end).then(|| {
                let here = c;
                c = self.nodes[c].next as usize;
                here
            })
        })
    }

    /// Whether container `i` has more children than a lookup should walk.
    fn is_wide(&self, i: usize) -> bool {
        self.children(i).nth(Wide::SCAN).is_some()
    }

    /// The child of container `i` that `token` (an escaped reference token)
    /// names: the last member with that key, or the item at that index.
    fn child(&self, i: usize, token: &str) -> Option<usize> {
        let first = i + 1;
        if first >= self.nodes[i].next as usize {
            return None; // a scalar or an empty container
        }
        if self.nodes[first].key_id == NO_KEY {
            // An array: the token must be a canonical index.
            let canonical = !token.is_empty()
                && token.bytes().all(|b| b.is_ascii_digit())
                && (token == "0" || !token.starts_with('0'));
            let n: usize = if canonical {
                token.parse().ok()?
            } else {
                return None;
            };
            if self.is_wide(i) {
                let items = self
                    .wide
                    .get_or_init(|| Wide::build(self))
                    .items
                    .get(&(i as u32));
                return items?.get(n).map(|&c| c as usize);
            }
            return self.children(i).nth(n);
        }
        let decoded = unescape_token(token)?;
        let id = *self.key_ids.get(decoded.as_ref())?;
        if self.is_wide(i) {
            let members = &self.wide.get_or_init(|| Wide::build(self)).members;
            return members.get(&(i as u32, id)).map(|&c| c as usize);
        }
        self.children(i)
            .filter(|&c| self.nodes[c].key_id == id)
            .last()
    }

    fn find(&self, pointer: &str) -> Option<&Node> {
        if self.nodes.is_empty() {
            return None;
        }
        if pointer.is_empty() {
            return self.nodes.first();
        }
        let rest = pointer.strip_prefix('/')?;
        let mut at = 0;
        for token in rest.split('/') {
            at = self.child(at, token)?;
        }
        self.nodes.get(at)
    }

    /// Span of the value at `pointer`, if it exists.
    pub fn value(&self, pointer: &str) -> Option<Span> {
        self.find(pointer).map(Node::value)
    }

    /// Span of the key of the member at `pointer` (None for the root, for
    /// array items and for pointers that do not exist).
    pub fn key(&self, pointer: &str) -> Option<Span> {
        self.find(pointer).and_then(Node::key)
    }

    /// The nearest existing ancestor-or-self of `pointer`, with its value
    /// span. Useful when a schema error names a missing property: point at
    /// the parent object. Falls back to the root (`""`).
    pub fn nearest(&self, pointer: &str) -> (String, Span) {
        let mut p = pointer;
        loop {
            if let Some(n) = self.find(p) {
                return (p.to_string(), n.value());
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None if !p.is_empty() => p = "",
                // Unreachable after a successful build (the root always
                // exists), but never panic.
                None => return (String::new(), Span { start: 0, end: 0 }),
            }
        }
    }

    /// Duplicate keys in the same object, in source order of the later
    /// occurrence. A key seen three times yields two records, both naming
    /// the first occurrence.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// All entries in source order (the order in which values start),
    /// including values under an earlier occurrence of a duplicated key.
    /// Pointer strings are built on the first call.
    pub fn entries(&self) -> &[Entry] {
        self.entries.get_or_init(|| {
            let mut out: Vec<Entry> = Vec::with_capacity(self.nodes.len());
            // (node index, entry index, items seen so far) of open containers.
            let mut open: Vec<(usize, usize, usize)> = Vec::new();
            for (i, n) in self.nodes.iter().enumerate() {
                while open
                    .last()
                    .is_some_and(|&(o, _, _)| self.nodes[o].next as usize <= i)
                {
                    open.pop();
                }
                let pointer = match open.last_mut() {
                    None => String::new(),
                    Some((_, parent, seen)) => {
                        let mut p = out[*parent].pointer.clone();
                        p.push('/');
                        match n.key_id {
                            NO_KEY => {
                                let _ = write!(p, "{seen}");
                            }
                            id => push_token(&mut p, &self.keys[id as usize]),
                        }
                        *seen += 1;
                        p
                    }
                };
                out.push(Entry {
                    pointer,
                    value: n.value(),
                    key: n.key(),
                });
                open.push((i, out.len() - 1, 0));
            }
            out
        })
    }
}

/// Appends `token` to `out` escaped as an RFC 6901 reference token.
fn push_token(out: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Decodes an RFC 6901 reference token; None if it has an invalid escape
/// (such a token names no value, as no key escapes to it).
fn unescape_token(token: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !token.contains('~') {
        return Some(std::borrow::Cow::Borrowed(token));
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(std::borrow::Cow::Owned(out))
}

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

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    nodes: Vec<Node>,
    /// Interned decoded keys.
    keys: Vec<Box<str>>,
    /// Decoded key (borrowed from the text when it has no escapes) → id.
    interned: HashMap<std::borrow::Cow<'a, str>, u32>,
    duplicates: Vec<Duplicate>,
    stack: Vec<Frame>,
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, SyntaxError> {
    Err(SyntaxError {
        offset,
        message: message.into(),
    })
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
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

    fn run(&mut self) -> Result<(), SyntaxError> {
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

/// What [`locate_pointers`] found for one pointer: the value's span and, for an
/// object member, its key's span (as [`SpanIndex::value`] and
/// [`SpanIndex::key`] give them), and the span of the nearest existing
/// ancestor-or-self ([`SpanIndex::nearest`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub value: Option<Span>,
    pub key: Option<Span>,
    pub nearest: Span,
}

/// Finds `pointers` in `text` by walking only the paths to them: every
/// other value is skipped without recording anything, so resolving the
/// few locations of a file's findings costs one light pass instead of a
/// [`SpanIndex`] of every value.
///
/// Only for text the strict parser accepted: valid JSON without duplicate
/// keys (with duplicates, spans could mix the occurrences of a key). `None`
/// if the walk meets invalid JSON: the caller then builds the index.
pub fn locate_pointers(text: &str, pointers: &[&str]) -> Option<Vec<Found>> {
    let mut trie = Trie::default();
    // Per pointer: its trie node, or the node of its longest valid prefix
    // when a token cannot name anything (an invalid `~` escape).
    let ends: Vec<(usize, bool)> = pointers.iter().map(|p| trie.insert(p)).collect();
    let mut walker = Walker {
        text,
        bytes: text.as_bytes(),
        pos: if text.starts_with(BOM) { BOM.len() } else { 0 },
        trie: &mut trie,
    };
    walker.ws();
    let root = walker.value(0)?;
    walker.trie.nodes[0].value = Some(root);
    Some(
        ends.iter()
            .map(|&(n, exact)| {
                let node = &trie.nodes[n];
                let mut near = n;
                while trie.nodes[near].value.is_none() {
                    near = trie.nodes[near].parent;
                }
                Found {
                    value: if exact { node.value } else { None },
                    key: if exact { node.key } else { None },
                    nearest: trie.nodes[near].value.unwrap_or(root),
                }
            })
            .collect(),
    )
}

#[derive(Default)]
struct TrieNode {
    parent: usize,
    /// Decoded reference token → child node (a map: a file may have
    /// findings under thousands of siblings).
    children: SmallMap<String, usize>,
    value: Option<Span>,
    key: Option<Span>,
}

struct Trie {
    nodes: Vec<TrieNode>,
}

impl Default for Trie {
    fn default() -> Trie {
        Trie {
            nodes: vec![TrieNode::default()],
        }
    }
}

impl Trie {
    /// The node of `pointer`, and whether the whole pointer was valid (else
    /// the node of its longest valid prefix).
    fn insert(&mut self, pointer: &str) -> (usize, bool) {
        if pointer.is_empty() {
            return (0, true);
        }
        let Some(rest) = pointer.strip_prefix('/') else {
            return (0, false);
        };
        let mut at = 0;
        for token in rest.split('/') {
            let Some(token) = unescape_token(token) else {
                return (at, false);
            };
            at = match self.nodes[at].children.get(token.as_ref()) {
                Some(&c) => c,
                None => {
                    self.nodes.push(TrieNode {
                        parent: at,
                        ..TrieNode::default()
                    });
                    let c = self.nodes.len() - 1;
                    self.nodes[at].children.insert(token.into_owned(), c);
                    c
                }
            };
        }
        (at, true)
    }
}

struct Walker<'a, 't> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    trie: &'t mut Trie,
}

impl Walker<'_, '_> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.ws();
        (self.bytes.get(self.pos) == Some(&b)).then(|| self.pos += 1)
    }

    /// The value at the cursor, descending where `node` has children.
    fn value(&mut self, node: usize) -> Option<Span> {
        let start = self.pos;
        if self.trie.nodes[node].children.is_empty() {
            self.skip()?;
        } else {
            match self.bytes.get(self.pos)? {
                b'{' => self.object(node)?,
                b'[' => self.array(node)?,
                _ => self.skip()?,
            }
        }
        Some(Span {
            start,
            end: self.pos,
        })
    }

    fn child(&self, node: usize, token: &str) -> Option<usize> {
        self.trie.nodes[node].children.get(token).copied()
    }

    /// Steps into the container at the cursor; `true` if it is empty (and
    /// already left).
    fn enter(&mut self, close: u8) -> bool {
        self.pos += 1;
        self.ws();
        let empty = self.bytes.get(self.pos) == Some(&close);
        if empty {
            self.pos += 1;
        }
        empty
    }

    /// After an element: `Some(true)` if another follows (comma eaten),
    /// `Some(false)` at the container's end (left), `None` if invalid.
    fn more(&mut self, close: u8) -> Option<bool> {
        self.ws();
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        match b {
            b',' => Some(true),
            _ if b == close => Some(false),
            _ => None,
        }
    }

    fn object(&mut self, node: usize) -> Option<()> {
        if self.enter(b'}') {
            return Some(());
        }
        loop {
            self.ws();
            let key_start = self.pos;
            let escaped = self.string()?;
            let key = Span {
                start: key_start,
                end: self.pos,
            };
            self.eat(b':')?;
            self.ws();
            let raw = &self.text[key.start + 1..key.end - 1];
            let found = if escaped {
                let decoded: String = serde_json::from_str(&self.text[key.start..key.end]).ok()?;
                self.child(node, &decoded)
            } else {
                self.child(node, raw)
            };
            match found {
                Some(c) => {
                    let v = self.value(c)?;
                    let n = &mut self.trie.nodes[c];
                    n.value = Some(v);
                    n.key = Some(key);
                }
                None => self.skip()?,
            }
            if !self.more(b'}')? {
                return Some(());
            }
        }
    }

    fn array(&mut self, node: usize) -> Option<()> {
        if self.enter(b']') {
            return Some(());
        }
        let mut index = 0usize;
        let mut buf = String::new();
        loop {
            self.ws();
            buf.clear();
            std::fmt::Write::write_fmt(&mut buf, format_args!("{index}")).ok()?;
            match self.child(node, &buf) {
                Some(c) => {
                    let v = self.value(c)?;
                    self.trie.nodes[c].value = Some(v);
                }
                None => self.skip()?,
            }
            index += 1;
            if !self.more(b']')? {
                return Some(());
            }
        }
    }

    /// Skips a string at the cursor; `true` if it has escapes.
    fn string(&mut self) -> Option<bool> {
        if self.bytes.get(self.pos) != Some(&b'"') {
            return None;
        }
        self.pos += 1;
        let mut escaped = false;
        loop {
            let rest = self.bytes.get(self.pos..)?;
            let i = memchr::memchr2(b'"', b'\\', rest)?;
            self.pos += i;
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                return Some(escaped);
            }
            escaped = true;
            self.pos += 2;
        }
    }

    /// Skips the value at the cursor.
    fn skip(&mut self) -> Option<()> {
        match self.bytes.get(self.pos)? {
            b'"' => self.string().map(|_| ()),
            &open @ (b'{' | b'[') => {
                // In valid JSON only this kind of bracket (outside strings)
                // changes this container's nesting depth.
                let close = if open == b'{' { b'}' } else { b']' };
                let mut depth = 0usize;
                loop {
                    let rest = self.bytes.get(self.pos..)?;
                    self.pos += memchr::memchr3(b'"', open, close, rest)?;
                    match self.bytes[self.pos] {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b if b == open => depth += 1,
                        _ => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                    }
                    self.pos += 1;
                }
            }
            _ => {
                let start = self.pos;
                while let Some(&b) = self.bytes.get(self.pos) {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
                (self.pos > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `locate_pointers` against the span index, for every value's pointer and for
    /// pointers that name nothing (deeper, out of range, non-canonical,
    /// badly escaped, without a leading slash).
    fn walk_agrees_with_the_index(text: &str) {
        let idx = SpanIndex::build(text).unwrap();
        let mut pointers: Vec<String> = Vec::new();
        for e in idx.entries() {
            let p = &e.pointer;
            pointers.push(p.clone());
            pointers.push(format!("{p}/nope"));
            pointers.push(format!("{p}/0"));
            pointers.push(format!("{p}/01"));
            pointers.push(format!("{p}/99"));
            pointers.push(format!("{p}/~2x"));
        }
        pointers.extend(["nope".into(), "/".into(), "//".into(), "/~1".into()]);
        let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
        let found = locate_pointers(text, &refs).expect("valid JSON");
        for (p, f) in refs.iter().zip(found) {
            let want = Found {
                value: idx.value(p),
                key: idx.key(p),
                nearest: idx.nearest(p).1,
            };
            assert_eq!(f, want, "{p:?} in {text:?}");
        }
        // One pointer at a time gives the same as all at once.
        for p in refs.iter().step_by(7) {
            let one = locate_pointers(text, &[p]).unwrap()[0];
            assert_eq!(one.value, idx.value(p), "{p:?}");
        }
    }

    /// Containers with more children than a lookup walks (see `Wide`):
    /// every pointer finds what the full walk of `entries` recorded (the
    /// last occurrence of a repeated key), and the pointer walk agrees.
    #[test]
    fn wide_containers_give_the_same_answers() {
        let items: Vec<String> = (0..40).map(|i| format!("[{i}, {{\"k\": {i}}}]")).collect();
        let members: Vec<String> = (0..40).map(|i| format!("\"m{i}\": {i}")).collect();
        let text = format!(
            "{{\"a\": [{}], \"o\": {{{}, \"m3\": \"last\"}}}}",
            items.join(", "),
            members.join(", ")
        );
        let idx = SpanIndex::build(&text).unwrap();
        let mut last: HashMap<&str, Span> = HashMap::new();
        for e in idx.entries() {
            last.insert(&e.pointer, e.value);
        }
        assert!(last.len() > 200);
        for (p, span) in &last {
            assert_eq!(idx.value(p), Some(*span), "{p}");
        }
        let m3 = idx.value("/o/m3").unwrap();
        assert_eq!(&text[m3.start..m3.end], "\"last\"");
        assert_eq!(
            idx.value("/a/39/1/k").map(|s| &text[s.start..s.end]),
            Some("39")
        );
        assert_eq!(idx.value("/a/40"), None);
        assert_eq!(idx.value("/o/m40"), None);
        walk_agrees_with_the_index(&text);
    }

    #[test]
    fn locate_pointers_finds_what_the_index_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for f in [
            "content/articles/NW-6-403.json",
            "content/devices.json",
            "content/helpcenter.json",
        ] {
            walk_agrees_with_the_index(&std::fs::read_to_string(root.join(f)).unwrap());
        }
        for text in [
            r#"{"a~b": {"c/d": [1, {"e": "x\"y"}]}, "\u00e9t\u00e9": [[], {}, ""], "": 0}"#,
            "\u{feff} [ true , null , -1.5e3 , \"\\\\\" , {\"k\" : [ ] } ] ",
            "\"just a string\"",
            "3",
            r#"{"x": [[[0, 1], [2]], {"y": {"z": "\u00e9\ud83d\ude00"}}]}"#,
        ] {
            walk_agrees_with_the_index(text);
        }
        assert_eq!(locate_pointers("{\"a\": [1, 2", &["/a/0"]), None);
    }

    fn sp(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    fn index(text: &str) -> SpanIndex {
        match SpanIndex::build(text) {
            Ok(idx) => idx,
            Err(e) => panic!("{text:?}: {e}"),
        }
    }

    /// The text a span covers.
    fn at(text: &str, span: Option<Span>) -> &str {
        let s = span.expect("span");
        &text[s.start..s.end]
    }

    fn syntax(text: &str) -> (usize, String) {
        match SpanIndex::build(text) {
            Ok(_) => panic!("{text:?} should not parse"),
            Err(e) => (e.offset, e.message),
        }
    }

    #[test]
    fn nested_objects_and_arrays() {
        let t = r#"{"devices": [{"id": "ps4", "nouns": ["console", "PS"]}, {"id": "tv"}], "n": {"m": {}}}"#;
        let idx = index(t);
        assert_eq!(idx.value(""), Some(sp(0, t.len())));
        assert_eq!(idx.value("/devices"), Some(sp(12, 69)));
        assert!(at(t, idx.value("/devices")).starts_with("[{\"id\""));
        assert!(at(t, idx.value("/devices")).ends_with("\"tv\"}]"));
        assert_eq!(idx.value("/devices/0/id"), Some(sp(20, 25)));
        assert_eq!(idx.key("/devices/0/id"), Some(sp(14, 18)));
        assert_eq!(at(t, idx.value("/devices/0/nouns/1")), "\"PS\"");
        assert_eq!(at(t, idx.value("/devices/1")), r#"{"id": "tv"}"#);
        assert_eq!(at(t, idx.value("/n/m")), "{}");
        assert_eq!(at(t, idx.key("/n/m")), "\"m\"");
        assert_eq!(idx.key(""), None);
        assert_eq!(idx.key("/devices/1"), None);
        assert_eq!(idx.value("/devices/2"), None);
        assert_eq!(idx.value("/nope"), None);

        let pointers: Vec<&str> = idx.entries().iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "",
                "/devices",
                "/devices/0",
                "/devices/0/id",
                "/devices/0/nouns",
                "/devices/0/nouns/0",
                "/devices/0/nouns/1",
                "/devices/1",
                "/devices/1/id",
                "/n",
                "/n/m",
            ]
        );
        assert!(idx.duplicates().is_empty());
    }

    #[test]
    fn lookups_find_every_entry() {
        // Without duplicate keys, every entry is found by its own pointer,
        // with its own key span; and nothing else is found.
        let t = r#"{"a": [1, {"b~/c": [true, {}], "": null}], "d": {"e": "f", "0": [[], [2]]}, "x": "\u00e9"}"#;
        let idx = index(t);
        assert_eq!(idx.entries().len(), 15);
        for e in idx.entries() {
            assert_eq!(idx.value(&e.pointer), Some(e.value), "{}", e.pointer);
            assert_eq!(idx.key(&e.pointer), e.key, "{}", e.pointer);
        }
        assert_eq!(at(t, idx.value("/a/1/b~0~1c/0")), "true");
        assert_eq!(at(t, idx.value("/d/0/1/0")), "2");
        for missing in [
            "/a/01",
            "/a/-1",
            "/a/+1",
            "/a/2",
            "/a/1/b~2c",
            "/a/1/b~",
            "a",
            "/d/e/0",
            "/x/0",
            "/a/1/b~0~1c/1/z",
        ] {
            assert_eq!(idx.value(missing), None, "{missing}");
        }
    }

    #[test]
    fn value_spans_of_every_kind() {
        let t = "[ \"s\\\"x\" , -1.5e+3,0,true , false,null,{ },[ ] ,\"\"]";
        let idx = index(t);
        let got: Vec<&str> = (0..8).map(|i| at(t, idx.value(&format!("/{i}")))).collect();
        assert_eq!(
            got,
            [
                "\"s\\\"x\"",
                "-1.5e+3",
                "0",
                "true",
                "false",
                "null",
                "{ }",
                "[ ]"
            ]
        );
        assert_eq!(idx.value("/0"), Some(sp(2, 8)));
        assert_eq!(idx.value("/1"), Some(sp(11, 18)));
        assert_eq!(idx.value("/8"), Some(sp(48, 50)));
        // A scalar root, surrounded by whitespace.
        let idx = index(" \n 42 \r\n");
        assert_eq!(idx.value(""), Some(sp(3, 5)));
        assert_eq!(idx.entries().len(), 1);
    }

    #[test]
    fn pointer_escaping() {
        let t = r#"{"a/b": 1, "m~n": {"~/": 2}, "": 3}"#;
        let idx = index(t);
        assert_eq!(at(t, idx.value("/a~1b")), "1");
        assert_eq!(at(t, idx.key("/a~1b")), "\"a/b\"");
        assert_eq!(at(t, idx.value("/m~0n/~0~1")), "2");
        assert_eq!(at(t, idx.value("/")), "3");
        assert_eq!(idx.value("/a/b"), None);
    }

    #[test]
    fn escaped_keys_are_decoded() {
        let t = r#"{"\u0061": 1, "\ud83d\ude00": 2, "tab\there": 3, "\/\"\\": 4, "caf\u00E9": 5}"#;
        let idx = index(t);
        assert_eq!(at(t, idx.value("/a")), "1");
        assert_eq!(at(t, idx.key("/a")), r#""\u0061""#);
        assert_eq!(at(t, idx.value("/😀")), "2");
        assert_eq!(at(t, idx.value("/tab\there")), "3");
        assert_eq!(at(t, idx.value("/~1\"\\")), "4");
        assert_eq!(at(t, idx.value("/café")), "5");
    }

    #[test]
    fn nearest_ancestor() {
        let t = r#"{"a": {"b": [10, {"c~d": 1}]}}"#;
        let idx = index(t);
        assert_eq!(
            idx.nearest("/a/b/1/c~0d"),
            ("/a/b/1/c~0d".into(), sp(25, 26))
        );
        assert_eq!(idx.nearest("/a/b/1/missing"), ("/a/b/1".into(), sp(17, 27)));
        assert_eq!(idx.nearest("/a/x/y/z"), ("/a".into(), sp(6, 29)));
        assert_eq!(idx.nearest("/a/b/5"), ("/a/b".into(), sp(12, 28)));
        assert_eq!(idx.nearest("/zzz"), (String::new(), sp(0, 30)));
        assert_eq!(idx.nearest(""), (String::new(), sp(0, 30)));
        assert_eq!(idx.nearest("not a pointer"), (String::new(), sp(0, 30)));
    }

    #[test]
    fn duplicate_keys() {
        // Two occurrences.
        let t = r#"{"a": 1, "b": 2, "a": 3}"#;
        let idx = index(t);
        assert_eq!(
            idx.duplicates(),
            [Duplicate {
                pointer: "/a".into(),
                first: sp(1, 4),
                second: sp(17, 20),
            }]
        );
        // Lookups see the last occurrence, like serde_json's Value.
        assert_eq!(at(t, idx.value("/a")), "3");
        assert_eq!(idx.key("/a"), Some(sp(17, 20)));
        assert_eq!(idx.entries().len(), 4);

        // Three occurrences: both later ones name the first.
        let t = r#"{"k":1,"k":2,"k":3}"#;
        let idx = index(t);
        let d = idx.duplicates();
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].first, d[0].second), (sp(1, 4), sp(7, 10)));
        assert_eq!((d[1].first, d[1].second), (sp(1, 4), sp(13, 16)));
        assert_eq!(at(t, idx.value("/k")), "3");

        // Escapes are decoded before comparing.
        let idx = index(r#"{"a": 1, "\u0061": 2}"#);
        assert_eq!(idx.duplicates().len(), 1);
    }

    #[test]
    fn duplicate_keys_nested() {
        let t =
            r#"{"x": {"a": {"old": 1}, "b": [{"c": 1, "c": 2}], "a": {"new": 2}}, "y": {"a": 1}}"#;
        let idx = index(t);
        let d = idx.duplicates();
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].pointer, "/x/b/0/c");
        assert_eq!(at(t, Some(d[0].first)), "\"c\"");
        assert_eq!((d[0].first.start, d[0].second.start), (31, 39));
        assert_eq!(d[1].pointer, "/x/a");
        assert_eq!((d[1].first, d[1].second), (sp(7, 10), sp(49, 52)));
        // The shadowed first occurrence is not found; the last one is.
        assert_eq!(at(t, idx.value("/x/a")), r#"{"new": 2}"#);
        assert_eq!(idx.value("/x/a/old"), None);
        assert_eq!(idx.nearest("/x/a/old").0, "/x/a");
        assert_eq!(at(t, idx.value("/x/a/new")), "2");
        // Still listed among all entries.
        assert!(idx.entries().iter().any(|e| e.pointer == "/x/a/old"));
        // "a" in /x and in /y, and "c" in different array items, are fine.
        assert!(index(r#"[{"c": 1}, {"c": 2}]"#).duplicates().is_empty());
        assert!(index(r#"{"a": {"a": {"a": 1}}}"#).duplicates().is_empty());
    }

    #[test]
    fn syntax_errors() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "expected value"),
            ("  ", 2, "expected value"),
            ("[1,,2]", 3, "expected value"),
            ("{\"a\" 1}", 5, "expected `:` after object key"),
            (
                "{\"a\":1 \"b\":2}",
                7,
                "expected `,` or `}` after object member",
            ),
            ("{\"a\":1", 6, "expected `,` or `}` after object member"),
            ("[1 2]", 3, "expected `,` or `]` after array item"),
            ("[1", 2, "expected `,` or `]` after array item"),
            ("[1,]", 2, "trailing comma in array"),
            ("{\"a\":1 , }", 7, "trailing comma in object"),
            ("{,}", 1, "expected string key or `}`"),
            ("{\"a\":1,2}", 7, "expected string key"),
            ("{1:2}", 1, "expected string key or `}`"),
            ("[\"abc", 1, "unterminated string"),
            ("\"ab\\", 0, "unterminated string"),
            ("\"a\\qb\"", 2, "invalid escape `\\q`"),
            ("\"\\é\"", 1, "invalid escape `\\é`"),
            ("\"a\nb\"", 2, "control character in string"),
            ("\"a\tb\"", 2, "control character in string"),
            (
                "\"\\u12G4\"",
                1,
                "invalid `\\u` escape: expected four hex digits",
            ),
            (
                "\"\\u12\"",
                1,
                "invalid `\\u` escape: expected four hex digits",
            ),
            ("\"x\\ud800\"", 2, "lone surrogate in `\\u` escape"),
            ("\"\\udc00\"", 1, "lone surrogate in `\\u` escape"),
            ("\"\\ud800\\u0041\"", 1, "lone surrogate in `\\u` escape"),
            ("\"\\ud83duude00\"", 1, "lone surrogate in `\\u` escape"),
            ("1 2", 2, "trailing characters after JSON value"),
            ("{} x", 3, "trailing characters after JSON value"),
            ("01", 1, "invalid number: leading zero"),
            ("-01", 2, "invalid number: leading zero"),
            ("1.", 2, "invalid number: expected digit after `.`"),
            ("1.e5", 2, "invalid number: expected digit after `.`"),
            ("1e", 2, "invalid number: expected digit in exponent"),
            ("1e+", 3, "invalid number: expected digit in exponent"),
            ("-", 1, "invalid number: expected digit after `-`"),
            ("-x", 1, "invalid number: expected digit after `-`"),
            (".5", 0, "expected value"),
            ("+1", 0, "expected value"),
            ("NaN", 0, "expected value"),
            ("[Infinity]", 1, "expected value"),
            ("1e400", 0, "number out of range"),
            ("[-1e400]", 1, "number out of range"),
            ("tru", 3, "invalid literal, expected `true`"),
            ("[nul]", 4, "invalid literal, expected `null`"),
            ("fals3", 4, "invalid literal, expected `false`"),
            ("truex", 4, "trailing characters after JSON value"),
            ("\u{c}1", 0, "expected value"),
            ("'a'", 0, "expected value"),
        ];
        for &(text, offset, message) in cases {
            assert_eq!(syntax(text), (offset, message.to_string()), "{text:?}");
        }
        // A 400-digit integer overflows f64 too.
        assert_eq!(syntax(&"9".repeat(400)).1, "number out of range");
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(index(&ok).entries().len(), MAX_DEPTH);
        let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(
            syntax(&too_deep),
            (MAX_DEPTH, format!("nesting deeper than {MAX_DEPTH} levels"))
        );
        // Mixed containers count alike.
        let mixed = format!("{}1{}", "{\"a\":[".repeat(64), "]}".repeat(64));
        assert_eq!(syntax(&mixed).0, 6 * 63 + 5);
        // Far deeper input fails fast, without recursion.
        assert_eq!(syntax(&"[".repeat(100_000)).0, MAX_DEPTH);
        assert_eq!(syntax(&"{\"a\":".repeat(100_000)).0, 5 * MAX_DEPTH);
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let t = "\u{feff}{\"a\": [1]}";
        let idx = index(t);
        assert_eq!(idx.value(""), Some(sp(3, t.len())));
        assert_eq!(idx.value("/a/0"), Some(sp(10, 11)));
        assert_eq!(idx.key("/a"), Some(sp(4, 7)));
        assert_eq!(syntax("\u{feff}"), (3, "expected value".into()));
        assert_eq!(syntax("\u{feff}[1,]").0, 5);
        // Only one leading BOM is skipped.
        assert_eq!(syntax("\u{feff}\u{feff}1").0, 3);
        // The BOM takes no column.
        let lines = LineIndex::new(t);
        assert_eq!(lines.line_col(t, 0), (1, 1));
        assert_eq!(lines.line_col(t, 3), (1, 1));
        assert_eq!(lines.line_col(t, 4), (1, 2));
    }

    #[test]
    fn line_col_crlf() {
        let t = "{\r\n  \"a\": 1,\r\n\r\n  \"b\": 2\r\n}";
        let idx = index(t);
        let lines = LineIndex::new(t);
        let pos = |p: &str| lines.line_col(t, idx.value(p).unwrap().start);
        assert_eq!(pos(""), (1, 1));
        assert_eq!(pos("/a"), (2, 8));
        assert_eq!(pos("/b"), (4, 8));
        assert_eq!(lines.line_col(t, idx.value("").unwrap().end), (5, 2));
        // The CR and the LF of a line break both sit just past the last column.
        assert_eq!(lines.line_col(t, 1), (1, 2));
        assert_eq!(lines.line_col(t, 2), (1, 2));
        assert_eq!(lines.line_col(t, 3), (2, 1));
        // A lone CR is an ordinary character.
        let t = "a\rb\nc";
        let lines = LineIndex::new(t);
        assert_eq!(lines.line_col(t, 2), (1, 3));
        assert_eq!(lines.line_col(t, 4), (2, 1));
    }

    #[test]
    fn line_col_counts_chars() {
        let t = "{\"é\": \"😀x\", \"b\": 1}\n\"née\"";
        let lines = LineIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(lines.line_col(t, x), (1, 9));
        let b = t.find("\"b\"").unwrap();
        assert_eq!(lines.line_col(t, b), (1, 13));
        let e = t.rfind('e').unwrap();
        assert_eq!(lines.line_col(t, e), (2, 4));
        // Inside a multibyte character: moved back to its start.
        assert_eq!(lines.line_col(t, x - 1), (1, 8));
        assert_eq!(lines.line_col(t, x - 4), (1, 8));
        // Clamped to the end of the text.
        assert_eq!(lines.line_col(t, usize::MAX), (2, 6));
        assert_eq!(lines.line_col(t, t.len()), (2, 6));
        // Empty text.
        assert_eq!(LineIndex::new("").line_col("", 7), (1, 1));
    }

    #[test]
    fn large_document_scans() {
        let mut t = String::from("{\"items\": [");
        let mut i = 0;
        while t.len() < 5_000_000 {
            if i > 0 {
                t.push(',');
            }
            writeln!(
                t,
                "{{\"id\": {i}, \"name\": \"item \\u00e9 {i}\", \"tags\": [\"a\", \"b/c\"], \"n\": {{\"x\": -1.5e3, \"y\": [true, false, null]}}}}"
            )
            .unwrap();
            i += 1;
        }
        t.push_str("]}");
        let idx = index(&t);
        let last = i - 1;
        assert_eq!(idx.entries().len(), 2 + 12 * i);
        assert_eq!(
            at(&t, idx.value(&format!("/items/{last}/name"))),
            format!("\"item \\u00e9 {last}\"")
        );
        let lines = LineIndex::new(&t);
        let y = idx.value(&format!("/items/{last}/n/y/2")).unwrap();
        assert_eq!(lines.line_col(&t, y.start).0, i);
        assert!(serde_json::from_str::<serde_json::Value>(&t).is_ok());
    }

    #[test]
    fn agrees_with_serde_json() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let cases: Vec<String> = [
            "{}",
            "[]",
            " [1, 2.5, -0, 1E+2, 0.0e-0] ",
            r#"{"a": {"b": [null, true, false]}, "c": "\u00e9\ud83d\ude00\n"}"#,
            r#"{"a": 1, "a": 2}"#,
            "\"\u{7f}é😀\"",
            "1e-400",
            "123456789012345678901234567890",
            "\t\r\n0\n",
            "",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            ".5",
            "+1",
            "NaN",
            "1e400",
            "\"\\ud800\"",
            "\"\\udc00x\"",
            "\"\\ud800\\u0041\"",
            "\"\\x\"",
            "\"a\u{1}\"",
            "[1] [2]",
            "{\"a\" 1}",
            "[\"abc",
            "\u{c}1",
            "nul",
            "[truex]",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([deep(MAX_DEPTH), deep(MAX_DEPTH + 1), "9".repeat(400)])
        .collect();
        for s in &cases {
            assert_eq!(
                SpanIndex::build(s).is_ok(),
                serde_json::from_str::<serde_json::Value>(s).is_ok(),
                "{s:?}"
            );
        }
    }

    /// Checks a successfully scanned document against serde_json: every
    /// span that lookups can find holds exactly the value serde_json has at
    /// that pointer, and every key span holds the (encoded) key.
    fn check_spans(t: &str, idx: &SpanIndex) {
        let doc: serde_json::Value = serde_json::from_str(t).expect("serde_json parses it too");
        for e in idx.entries() {
            if idx.value(&e.pointer) != Some(e.value) {
                continue; // shadowed by a later duplicate key
            }
            let here: serde_json::Value = serde_json::from_str(&t[e.value.start..e.value.end])
                .unwrap_or_else(|err| panic!("{t:?} {}: {err}", e.pointer));
            assert_eq!(doc.pointer(&e.pointer), Some(&here), "{t:?} {}", e.pointer);
            if let Some(k) = e.key {
                let key: String = serde_json::from_str(&t[k.start..k.end]).expect("key");
                let mut token = String::new();
                push_token(&mut token, &key);
                assert!(e.pointer.ends_with(&format!("/{token}")), "{t:?}");
            }
        }
    }

    #[test]
    fn random_mutations_agree_with_serde_json() {
        const SEEDS: &[&str] = &[
            r#"{"a": [1, -2.5e3, true, false, null], "b\u00e9": {"c/d": "x\"\\\/\b\f\n\r\t\ud83d\ude00"}}"#,
            r#"[{"k": 1, "k": {"z": [0]}}, [], {}, "", 0.5, 1E-2]"#,
        ];
        const ALPHABET: &[&str] = &[
            "{", "}", "[", "]", ",", ":", "\"", "\\", "u", "d8", "dc", "00", "a", "1", "0", "-",
            ".", "e", "+", "t", "n", "f", " ", "\n", "\r", "\u{1}", "é", "😀", "/", "~",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut valid, mut invalid) = (0, 0);
        for round in 0..4000 {
            let mut t = SEEDS[round % SEEDS.len()].to_string();
            for _ in 0..1 + next(3) {
                let bounds: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
                let i = bounds[next(bounds.len())];
                let j = bounds[bounds.partition_point(|&b| b <= i).min(bounds.len() - 1)];
                let tok = ALPHABET[next(ALPHABET.len())];
                match next(3) {
                    0 => t.insert_str(i, tok),
                    1 => t.replace_range(i..j, ""),
                    _ => t.replace_range(i..j, tok),
                }
            }
            let ours = SpanIndex::build(&t);
            let theirs = serde_json::from_str::<serde_json::Value>(&t);
            assert_eq!(ours.is_ok(), theirs.is_ok(), "{t:?}: {ours:?}");
            match ours {
                Ok(idx) => {
                    valid += 1;
                    check_spans(&t, &idx);
                }
                Err(e) => {
                    invalid += 1;
                    assert!(e.offset <= t.len());
                }
            }
        }
        assert!(
            valid > 100 && invalid > 100,
            "{valid} valid, {invalid} invalid"
        );
    }

    #[test]
    fn never_panics_on_truncations() {
        // Every prefix of a document that exercises all token kinds either
        // scans or fails with an offset inside the text.
        let t = "\u{feff}{\"a\\u00e9\\ud83d\\ude00\": [1.5e-3, -0, true, false, null, \"x\\\"y\"], \"b\": {}}";
        for end in (0..=t.len()).filter(|&e| t.is_char_boundary(e)) {
            let s = &t[..end];
            match SpanIndex::build(s) {
                Ok(_) => assert_eq!(end, t.len()),
                Err(e) => assert!(e.offset <= s.len(), "{s:?}: {e:?}"),
            }
        }
    }
}
