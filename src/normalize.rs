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

use crate::model::{Block, DeviceRegistry, Inline, RunRef};
use std::collections::{BTreeMap, HashMap};

/// The placeholder that replaces a device's own words.
pub const DEVICE: &str = "{device}";

/// Device words per device id, longest first, ASCII-lower-cased.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    words: HashMap<String, Vec<String>>,
}

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
            let mut list: Vec<String> = std::iter::once(&d.name)
                .chain(d.nouns.iter())
                .chain(extra.get(&d.id).into_iter().flatten())
                .map(|w| w.trim().to_ascii_lowercase())
                .filter(|w| !w.is_empty())
                .collect();
            list.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            list.dedup();
            words.insert(d.id.clone(), list);
        }
        Normalizer { words }
    }

    /// The device's words (name and nouns), longest first, lower-cased.
    pub fn words(&self, device: &str) -> &[String] {
        self.words.get(device).map_or(&[], Vec::as_slice)
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

    /// Normalizes rich text: links keep their text and target (so a changed
    /// URL is a difference), codes their code.
    pub fn inline(&self, device: Option<&str>, text: &Inline) -> String {
        self.text(device, &flatten(text, true))
    }

    /// The comparable units of a section's blocks, in reading order.
    pub fn units(&self, device: Option<&str>, blocks: &[Block]) -> Vec<Unit> {
        let mut out = Vec::new();
        let mut push = |kind, block, text: &Inline, pointer: String| {
            out.push(Unit {
                kind,
                block,
                text: self.inline(device, text),
                raw: flatten(text, false),
                pointer,
            })
        };
        for (bi, b) in blocks.iter().enumerate() {
            match b {
                Block::Paragraph { text } => {
                    push(UnitKind::Paragraph, bi, text, format!("/{bi}/text"))
                }
                Block::Note { text } => push(UnitKind::Note, bi, text, format!("/{bi}/text")),
                Block::Bullets { items } => {
                    for (ii, t) in items.iter().enumerate() {
                        push(UnitKind::Bullet, bi, t, format!("/{bi}/items/{ii}"));
                    }
                }
                Block::Steps { items } => {
                    for (ii, s) in items.iter().enumerate() {
                        push(
                            UnitKind::Step(ii + 1),
                            bi,
                            &s.text,
                            format!("/{bi}/items/{ii}/text"),
                        );
                        for (bj, t) in s.bullets.iter().enumerate() {
                            push(
                                UnitKind::StepBullet,
                                bi,
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
}

/// Text of rich text; with `targets`, links show as `text <href>`.
pub fn flatten(text: &Inline, targets: bool) -> String {
    match text {
        Inline::Plain(s) => s.clone(),
        Inline::Runs(_) => {
            let mut out = String::new();
            for r in text.runs() {
                match r {
                    RunRef::Text(s) | RunRef::Code(s) => out.push_str(s),
                    RunRef::Link(l) => {
                        out.push_str(&l.link);
                        if targets {
                            out.push_str(" <");
                            out.push_str(&l.href);
                            out.push('>');
                        }
                    }
                    RunRef::Var(v) => {
                        out.push('{');
                        out.push_str(v);
                        out.push('}');
                    }
                }
            }
            out
        }
    }
}

/// Folds spacing, typographic quotes and leading list glyphs.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        };
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
    strip_glyph(&out).to_string()
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

/// Replaces whole-word, case-insensitive occurrences of `words` (lower-case,
/// longest first) by [`DEVICE`].
pub fn replace_words(s: &str, words: &[String]) -> String {
    if words.is_empty() {
        return s.to_string();
    }
    let lower = s.to_ascii_lowercase();
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while i < s.len() {
        let at_boundary = i == 0 || !is_word_byte(bytes[i - 1]);
        let mut hit = None;
        if at_boundary {
            for w in words {
                if lower[i..].starts_with(w.as_str()) {
                    let end = i + w.len();
                    if end == s.len() || !is_word_byte(bytes[end]) {
                        hit = Some(end);
                        break;
                    }
                }
            }
        }
        match hit {
            Some(end) => {
                out.push_str(&s[copied..i]);
                out.push_str(DEVICE);
                i = end;
                copied = end;
            }
            None => {
                i += s[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    out.push_str(&s[copied..]);
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Registered words of `device` that occur in `s`, as found (each distinct
/// word once, in order of first appearance). Longer words win over the
/// shorter words they contain ("video game console" hides "game console").
pub fn words_used(s: &str, words: &[String]) -> Vec<(usize, usize, String)> {
    let lower = s.to_ascii_lowercase();
    let bytes = s.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let at_boundary = i == 0 || !is_word_byte(bytes[i - 1]);
        let mut step = s[i..].chars().next().map_or(1, char::len_utf8);
        if at_boundary {
            for w in words {
                if lower[i..].starts_with(w.as_str()) {
                    let end = i + w.len();
                    if end == s.len() || !is_word_byte(bytes[end]) {
                        found.push((i, end, w.clone()));
                        step = w.len();
                        break;
                    }
                }
            }
        }
        i += step;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Device;

    fn norm() -> Normalizer {
        let reg = DeviceRegistry {
            schema: String::new(),
            devices: vec![
                Device {
                    id: "blu-ray".into(),
                    name: "Blu-ray player".into(),
                    nouns: vec!["Blu-ray player".into()],
                },
                Device {
                    id: "smart-tv".into(),
                    name: "Smart TV".into(),
                    nouns: vec!["smart TV".into()],
                },
                Device {
                    id: "ps4".into(),
                    name: "PlayStation 4".into(),
                    nouns: vec!["video game console".into(), "game console".into()],
                },
            ],
        };
        Normalizer::new(&reg, &BTreeMap::new())
    }

    #[test]
    fn device_words_normalize_away() {
        let n = norm();
        let a = n.text(Some("blu-ray"), "Turn off or unplug your Blu-ray player.");
        let b = n.text(Some("smart-tv"), "Turn off or unplug your smart TV.");
        assert_eq!(a, "Turn off or unplug your {device}.");
        assert_eq!(a, b);
        // Longest first: "video game console" is one word, not "video {device}".
        assert_eq!(
            n.text(Some("ps4"), "your video game console"),
            "your {device}"
        );
        // Another device's words are left alone.
        assert_eq!(n.text(Some("ps4"), "your smart TV"), "your smart TV");
        // Whole words only.
        assert_eq!(n.text(Some("smart-tv"), "smart TVs"), "smart TVs");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  It\u{2019}s\u{a0}\u{a0}fine \n"), "It's fine");
        assert_eq!(fold("1. Plug in"), "Plug in");
        assert_eq!(fold("• Check"), "Check");
        assert_eq!(fold("\u{201C}x\u{201D}"), "\"x\"");
        assert_eq!(fold("30 seconds"), "30 seconds");
    }

    #[test]
    fn words_used_prefers_longest() {
        let n = norm();
        let used = words_used(
            "Turn off your video game console. Turn your game console on.",
            n.words("ps4"),
        );
        let words: Vec<_> = used.iter().map(|u| u.2.as_str()).collect();
        assert_eq!(words, ["video game console", "game console"]);
        assert_eq!(used[1].0, 44);
    }
}
