//! Normalization of section text before comparing devices.
//!
//! Two copies of a section that differ only by their own device's words are
//! the same section: "Turn off or unplug your Blu-ray player." and "Turn off
//! or unplug your smart TV." both normalize to "Turn off or unplug your
//! {device}.". Normalization also folds whitespace (including no-break
//! spaces), typographic quotes, and leading bullet or number glyphs a writer
//! may have typed into the text.
//!
//! The device words come from the registry (display name and nouns) and
//! `[nouns]` in nwlint.toml: nothing here knows any particular device.

use crate::model::{Block, DeviceRegistry, Inline, Run};
use std::collections::{BTreeMap, HashMap};

/// The placeholder that replaces a device's own words.
pub const DEVICE: &str = "{device}";

/// Device words per device id, longest first.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    words: HashMap<String, Words>,
}

/// A device's words (name and nouns), longest first, and how they match:
/// whole, and as written (the first letter in either case, as at the start
/// of a sentence), or in any case for a device whose registry entry says
/// `nouns_any_case` (then they are stored lower-case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    pub list: Vec<String>,
    pub any_case: bool,
}

impl std::ops::Deref for Words {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.list
    }
}

impl Words {
    /// `words` as one device's list: trimmed, longest first, each once.
    pub fn new<'w>(words: impl IntoIterator<Item = &'w String>, any_case: bool) -> Words {
        let mut list: Vec<String> = Vec::new();
        for w in words {
            let w = w.trim();
            let w = if any_case {
                w.to_lowercase()
            } else {
                w.to_string()
            };
            if !w.is_empty() && !list.contains(&w) {
                list.push(w);
            }
        }
        list.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        Words { list, any_case }
    }

    /// Whether `found` (bytes of the text) is the word `w` as it matches.
    fn matches(&self, found: &[u8], w: &str) -> bool {
        let w = w.as_bytes();
        if self.any_case {
            return found.eq_ignore_ascii_case(w);
        }
        found.len() == w.len()
            && (found == w || (found[0].eq_ignore_ascii_case(&w[0]) && found[1..] == w[1..]))
    }
}

static NO_WORDS: Words = Words {
    list: Vec::new(),
    any_case: false,
};

/// What kind of unit a piece of section text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    Paragraph,
    Note,
    /// A numbered step (its 1-based number within its list).
    Step(usize),
    /// A bullet nested under a step.
    StepBullet,
    Bullet,
}

impl UnitKind {
    /// Short label used in diffs: `¶`, `note`, `1.`, `•`.
    pub fn marker(self) -> String {
        match self {
            UnitKind::Paragraph => "¶".into(),
            UnitKind::Note => "note:".into(),
            UnitKind::Step(n) => format!("{n}."),
            UnitKind::StepBullet => "  •".into(),
            UnitKind::Bullet => "•".into(),
        }
    }
}

/// One comparable piece of a section: a paragraph, a step, a bullet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub kind: UnitKind,
    /// Index of the block this unit belongs to.
    pub block: usize,
    /// Normalized text (device words replaced, glyphs and spacing folded).
    pub text: String,
    /// The literal text as the reader sees it (links as their text).
    pub raw: String,
    /// JSON pointer of the text value, relative to the section's `blocks`
    /// (e.g. `/0/items/1/text`).
    pub pointer: String,
}

impl Normalizer {
    /// Builds the word lists from the registry plus extra nouns per device.
    pub fn new(registry: &DeviceRegistry, extra: &BTreeMap<String, Vec<String>>) -> Normalizer {
        let mut words = HashMap::new();
        for d in &registry.devices {
            let all = std::iter::once(&d.name)
                .chain(d.nouns.iter())
                .chain(extra.get(&d.id).into_iter().flatten());
            words.insert(d.id.clone(), Words::new(all, d.nouns_any_case));
        }
        Normalizer { words }
    }

    /// Every device's words.
    pub fn all_words(&self) -> impl Iterator<Item = &Words> {
        self.words.values()
    }

    /// This normalizer with `text` (some of `device`'s words) read as
    /// plain text in `device`'s copies.
    pub fn except(&self, device: &str, text: &[String]) -> Normalizer {
        let mut out = self.clone();
        if let Some(words) = out.words.get_mut(device) {
            words.list.retain(|w| !text.contains(w));
        }
        out
    }

    /// The device's words (name and nouns), longest first.
    pub fn words(&self, device: &str) -> &Words {
        self.words.get(device).unwrap_or(&NO_WORDS)
    }

    /// Normalizes one piece of text as written for `device` (None: no
    /// device words are replaced).
    pub fn text(&self, device: Option<&str>, s: &str) -> String {
        let folded = fold(s);
        match device {
            Some(d) => replace_words(&folded, self.words(d)),
            None => folded,
        }
    }

    /// [`Normalizer::text`] into `out` (cleared first), reusing `scratch`:
    /// no allocation once the buffers have grown.
    pub fn text_into(
        &self,
        device: Option<&str>,
        s: &str,
        scratch: &mut Scratch,
        out: &mut String,
    ) {
        fold_into(s, &mut scratch.folded);
        out.clear();
        match device.map(|d| self.words(d)) {
            Some(words) if !words.is_empty() => replace_words_into(&scratch.folded, words, out),
            _ => out.push_str(&scratch.folded),
        }
    }

    /// [`Normalizer::inline`] into `out` (cleared first), reusing `scratch`.
    pub fn inline_into(
        &self,
        device: Option<&str>,
        text: &Inline,
        scratch: &mut Scratch,
        out: &mut String,
    ) {
        match text {
            Inline::Plain(s) => self.text_into(device, s, scratch, out),
            Inline::Runs(_) => {
                let mut flat = std::mem::take(&mut scratch.flat);
                flat.clear();
                flatten_into(text, true, &mut flat);
                self.text_into(device, &flat, scratch, out);
                scratch.flat = flat;
            }
        }
    }

    /// Normalizes rich text: links keep their text and target (so a changed
    /// URL is a difference), codes their code.
    pub fn inline(&self, device: Option<&str>, text: &Inline) -> String {
        self.text(device, &flatten(text, true))
    }

    /// The comparable units of a section's blocks, in reading order.
    pub fn units(&self, device: Option<&str>, blocks: &[Block]) -> Vec<Unit> {
        unit_texts(blocks)
            .into_iter()
            .map(|u| Unit {
                kind: u.kind,
                block: u.block,
                text: self.inline(device, u.text),
                raw: flatten(u.text, false),
                pointer: u.pointer,
            })
            .collect()
    }

    /// Like [`Normalizer::inline`], but also records where each byte of the
    /// normalized text came from, so a word found in the normalized text can
    /// be pointed at in the source. The text always equals `inline`'s.
    pub fn inline_mapped(&self, device: Option<&str>, text: &Inline) -> Mapped {
        let (chars, segments) = flatten_mapped(text);
        let (folded, origins) = fold_mapped(&chars);
        let words = device.map_or(&NO_WORDS, |d| self.words(d));
        let (text, origins) = replace_words_mapped(&folded, &origins, words);
        Mapped {
            text,
            origins,
            segments,
        }
    }
}

/// Reusable buffers for [`Normalizer::inline_into`] and
/// [`Normalizer::text_into`].
#[derive(Debug, Default)]
pub struct Scratch {
    flat: String,
    folded: String,
}

/// Calls `f(kind, block, text)` for each unit of a section's blocks, in the
/// order of [`Normalizer::units`], without building pointers.
pub fn visit_units<'a>(blocks: &'a [Block], mut f: impl FnMut(UnitKind, usize, &'a Inline)) {
    for (bi, b) in blocks.iter().enumerate() {
        match b {
            Block::Paragraph { text } => f(UnitKind::Paragraph, bi, text),
            Block::Note { text } => f(UnitKind::Note, bi, text),
            Block::Bullets { items } => items.iter().for_each(|t| f(UnitKind::Bullet, bi, t)),
            Block::Steps { items } => {
                for (ii, s) in items.iter().enumerate() {
                    f(UnitKind::Step(ii + 1), bi, &s.text);
                    s.bullets
                        .iter()
                        .for_each(|t| f(UnitKind::StepBullet, bi, t));
                }
            }
        }
    }
}

/// One piece of rich text of a section body, not yet normalized.
#[derive(Debug, Clone)]
pub struct UnitText<'a> {
    pub kind: UnitKind,
    /// Index of the block this unit belongs to.
    pub block: usize,
    pub text: &'a Inline,
    /// JSON pointer of the text value, relative to the section's `blocks`
    /// (e.g. `/0/items/1/text`).
    pub pointer: String,
}

/// The rich-text pieces of a section's blocks, in reading order: the same
/// units, in the same order, as [`Normalizer::units`].
pub fn unit_texts(blocks: &[Block]) -> Vec<UnitText<'_>> {
    let mut out = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        let mut push = |kind, text, pointer| {
            out.push(UnitText {
                kind,
                block: bi,
                text,
                pointer,
            })
        };
        match b {
            Block::Paragraph { text } => push(UnitKind::Paragraph, text, format!("/{bi}/text")),
            Block::Note { text } => push(UnitKind::Note, text, format!("/{bi}/text")),
            Block::Bullets { items } => {
                for (ii, t) in items.iter().enumerate() {
                    push(UnitKind::Bullet, t, format!("/{bi}/items/{ii}"));
                }
            }
            Block::Steps { items } => {
                for (ii, s) in items.iter().enumerate() {
                    push(
                        UnitKind::Step(ii + 1),
                        &s.text,
                        format!("/{bi}/items/{ii}/text"),
                    );
                    for (bj, t) in s.bullets.iter().enumerate() {
                        push(
                            UnitKind::StepBullet,
                            t,
                            format!("/{bi}/items/{ii}/bullets/{bj}"),
                        );
                    }
                }
            }
        }
    }
    out
}

/// Where a byte of normalized text came from: a byte range of one JSON
/// string value (a [`Mapped`] segment) of the rich text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`Mapped::segments`].
    pub segment: usize,
    /// Byte range in that string value (decoded).
    pub start: usize,
    pub end: usize,
}

/// Normalized text with the origin of each of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    /// One entry per byte of `text`; `None` for bytes nwlint added (the
    /// ` <` and `>` around a link target, `{var}` placeholders).
    pub origins: Vec<Option<Origin>>,
    /// The string values the text is made of, as JSON pointer suffixes
    /// relative to the rich text's own pointer: `""` for a plain string,
    /// `/0` for a text run, `/1/link`, `/1/href`, `/2/code`.
    pub segments: Vec<String>,
}

impl Mapped {
    /// The source range of the normalized bytes `start..end`: the segment of
    /// the first mapped byte, from that byte's start to the end of the last
    /// mapped byte in the same segment. `None` if no byte is mapped.
    pub fn locate(&self, start: usize, end: usize) -> Option<(&str, usize, usize)> {
        let end = end.min(self.origins.len());
        let range = self.origins.get(start..end)?;
        let first = range.iter().flatten().next()?;
        let last = range
            .iter()
            .rev()
            .flatten()
            .find(|o| o.segment == first.segment)
            .unwrap_or(first);
        Some((
            self.segments[first.segment].as_str(),
            first.start,
            last.end.max(first.start),
        ))
    }
}

type Traced = Vec<(char, Option<Origin>)>;

/// [`flatten`] with targets, char by char, with origins.
fn flatten_mapped(text: &Inline) -> (Traced, Vec<String>) {
    fn push_str(out: &mut Traced, s: &str, segment: usize) {
        for (i, c) in s.char_indices() {
            out.push((
                c,
                Some(Origin {
                    segment,
                    start: i,
                    end: i + c.len_utf8(),
                }),
            ));
        }
    }
    fn push_synthetic(out: &mut Traced, s: &str) {
        out.extend(s.chars().map(|c| (c, None)));
    }
    let mut out = Vec::new();
    let mut segments = Vec::new();
    let mut segment = |suffix: String| {
        segments.push(suffix);
        segments.len() - 1
    };
    match text {
        Inline::Plain(s) => {
            let id = segment(String::new());
            push_str(&mut out, s, id);
        }
        Inline::Runs(runs) => {
            for (k, r) in runs.iter().enumerate() {
                match r {
                    Run::Text(s) => {
                        let id = segment(format!("/{k}"));
                        push_str(&mut out, s, id);
                    }
                    Run::Code(c) => {
                        let id = segment(format!("/{k}/code"));
                        push_str(&mut out, &c.code, id);
                    }
                    Run::Link(l) => {
                        let id = segment(format!("/{k}/link"));
                        push_str(&mut out, &l.link, id);
                        push_synthetic(&mut out, " <");
                        let id = segment(format!("/{k}/href"));
                        push_str(&mut out, &l.href, id);
                        push_synthetic(&mut out, ">");
                    }
                    Run::Var(v) => {
                        push_synthetic(&mut out, "{");
                        push_synthetic(&mut out, &v.var);
                        push_synthetic(&mut out, "}");
                    }
                }
            }
        }
    }
    (out, segments)
}

/// [`fold`] over traced chars; returns the text and per-byte origins.
fn fold_mapped(chars: &[(char, Option<Origin>)]) -> (String, Vec<Option<Origin>>) {
    let mut out = String::with_capacity(chars.len());
    let mut origins = Vec::with_capacity(chars.len());
    let mut space: Option<Option<Origin>> = None;
    for &(c, o) in chars {
        let c = fold_char(c);
        if c == ' ' {
            if !out.is_empty() && space.is_none() {
                space = Some(o);
            }
            continue;
        }
        if let Some(so) = space.take() {
            out.push(' ');
            origins.push(so);
        }
        out.push(c);
        origins.extend(std::iter::repeat_n(o, c.len_utf8()));
    }
    let drop = out.len() - strip_glyph(&out).len();
    out.drain(..drop);
    origins.drain(..drop);
    (out, origins)
}

/// [`replace_words`] carrying per-byte origins along.
fn replace_words_mapped(
    s: &str,
    origins: &[Option<Origin>],
    words: &Words,
) -> (String, Vec<Option<Origin>>) {
    let mut out = String::with_capacity(s.len());
    let mut out_origins = Vec::with_capacity(origins.len());
    let mut copied = 0;
    for (start, end) in word_hits(s, words) {
        out.push_str(&s[copied..start]);
        out_origins.extend_from_slice(&origins[copied..start]);
        out.push_str(DEVICE);
        let merged = match (origins[start], origins[end - 1]) {
            (Some(a), Some(b)) if a.segment == b.segment => Some(Origin { end: b.end, ..a }),
            (a, b) => a.or(b),
        };
        out_origins.extend(std::iter::repeat_n(merged, DEVICE.len()));
        copied = end;
    }
    out.push_str(&s[copied..]);
    out_origins.extend_from_slice(&origins[copied..]);
    (out, out_origins)
}

/// Text of rich text; with `targets`, links show as `text <href>`.
pub fn flatten(text: &Inline, targets: bool) -> String {
    match text {
        Inline::Plain(s) => s.clone(),
        Inline::Runs(_) => {
            let mut out = String::new();
            flatten_into(text, targets, &mut out);
            out
        }
    }
}

/// [`flatten`], appending to `out`.
pub fn flatten_into(text: &Inline, targets: bool, out: &mut String) {
    match text {
        Inline::Plain(s) => out.push_str(s),
        Inline::Runs(runs) => {
            for r in runs {
                match r {
                    Run::Text(s) => out.push_str(s),
                    Run::Code(c) => out.push_str(&c.code),
                    Run::Link(l) => {
                        out.push_str(&l.link);
                        if targets {
                            out.push_str(" <");
                            out.push_str(&l.href);
                            out.push('>');
                        }
                    }
                    Run::Var(v) => {
                        out.push('{');
                        out.push_str(&v.var);
                        out.push('}');
                    }
                }
            }
        }
    }
}

/// Folds spacing, typographic quotes and leading list glyphs.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into `out` (cleared first).
fn fold_into(s: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    for c in s.chars() {
        let c = fold_char(c);
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    let drop = out.len() - strip_glyph(out).len();
    out.drain(..drop);
}

/// Typographic quotes to ASCII, any whitespace to a plain space.
fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// Drops a leading bullet (`•`, `-`, `*`, `·`, `–`) or number (`1.`, `2)`).
fn strip_glyph(s: &str) -> &str {
    for g in ["• ", "- ", "* ", "· ", "– ", "▪ ", "◦ "] {
        if let Some(rest) = s.strip_prefix(g) {
            return rest;
        }
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &s[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return r;
        }
    }
    s
}

/// Replaces whole-word occurrences of `words` (as [`Words`] match) by
/// [`DEVICE`].
pub fn replace_words(s: &str, words: &Words) -> String {
    let mut out = String::with_capacity(s.len());
    replace_words_into(s, words, &mut out);
    out
}

/// [`replace_words`], appending to `out`.
fn replace_words_into(s: &str, words: &Words, out: &mut String) {
    let mut copied = 0;
    for (start, end) in word_hits(s, words) {
        out.push_str(&s[copied..start]);
        out.push_str(DEVICE);
        copied = end;
    }
    out.push_str(&s[copied..]);
}

/// Byte ranges of whole-word occurrences of `words`, left to right, not
/// overlapping.
fn word_hits<'a>(s: &'a str, words: &'a Words) -> impl Iterator<Item = (usize, usize)> + 'a {
    Hits { s, words, i: 0 }.map(|(a, b, _)| (a, b))
}

/// [`word_hits`] with the index of the word found.
fn scan<'a>(s: &'a str, words: &'a Words) -> Hits<'a> {
    Hits { s, words, i: 0 }
}

/// The scanner behind [`word_hits`]: (start, end, word index).
struct Hits<'a> {
    s: &'a str,
    words: &'a Words,
    i: usize,
}

impl Iterator for Hits<'_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.s.as_bytes();
        if self.words.is_empty() {
            return None;
        }
        while self.i < bytes.len() {
            let i = self.i;
            let at_boundary = i == 0 || !is_word_byte(bytes[i - 1]);
            if at_boundary && is_word_start(bytes[i], &self.words.list) {
                for (wi, w) in self.words.iter().enumerate() {
                    let end = i + w.len();
                    if bytes.get(i..end).is_some_and(|b| self.words.matches(b, w))
                        && (end == bytes.len() || !is_word_byte(bytes[end]))
                    {
                        self.i = end.max(i + 1);
                        return Some((i, end, wi));
                    }
                }
            }
            self.i += self.s[i..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }
}

/// A cheap filter: can any word start with this byte?
fn is_word_start(b: u8, words: &[String]) -> bool {
    (words.iter()).any(|w| {
        w.as_bytes()
            .first()
            .is_some_and(|f| f.eq_ignore_ascii_case(&b))
    })
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Adds to `counts[i]` the occurrences in `s` of `words[i]` (counted as
/// [`words_used`] finds them), without allocating.
pub fn count_words(s: &str, words: &Words, counts: &mut [usize]) {
    for (_, _, wi) in scan(s, words) {
        if let Some(c) = counts.get_mut(wi) {
            *c += 1;
        }
    }
}

/// Every occurrence in `s` of a registered word of a device, in order, as
/// (start, end, word). Longer words win over the shorter words they
/// contain ("video game console" hides "game console").
pub fn words_used(s: &str, words: &Words) -> Vec<(usize, usize, String)> {
    scan(s, words)
        .map(|(a, b, wi)| (a, b, words[wi].clone()))
        .collect()
}

#[cfg(test)]
mod tests;
