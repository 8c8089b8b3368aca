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

mod lines;
mod locate;
mod scanner;

pub use lines::LineIndex;
pub use locate::{Found, locate_pointers};

use crate::hash::SmallMap;
use scanner::{Scanner, err};
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

#[cfg(test)]
mod tests;
