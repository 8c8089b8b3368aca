//! Finding a few pointers in text the strict parser accepted, without a
//! full [`super::SpanIndex`].

use super::*;

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
