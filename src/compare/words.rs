//! Comparing two texts word by word: tokens, similarity, word diffs and
//! their `[-removed-]{+added+}` rendering.
//!
//! Tokens ([`tokens`]) are words (letters and digits, with inner
//! apostrophes), the [`crate::normalize::DEVICE`] placeholder, single
//! punctuation marks and runs of spaces; concatenated, they give back the
//! text.
//!
//! [`similarity`] is the Dice coefficient of what two texts share in order:
//! their lower-cased words, or every word and mark as written ([`Count`]);
//! [`overlap`] gives the counts behind it.
//!
//! [`words`] splits two texts into equal, removed and added segments;
//! spaces between two changes join the change, so a rewritten phrase reads
//! as one `[-old words-]{+new words+}`. [`marked`] writes the segments with
//! those markers, escaping content so that it can never forge a marker.
//!
//! Everything here is pure and bounded: texts longer than [`MAX_TOKENS`]
//! tokens are compared as one piece, so hostile content cannot make a diff
//! quadratic in its size.

use crate::normalize::DEVICE;
use similar::{Algorithm, DiffTag, capture_diff_slices};
use std::borrow::Cow;

/// Longest text (in tokens) that is diffed word by word.
pub const MAX_TOKENS: usize = 4_000;

/// What a comparison of two texts counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Words and numbers, lower-cased; punctuation and the `{device}`
    /// braces do not count. How alike two texts read: what `nwlint diff`
    /// pairs units by.
    Words,
    /// Every word (letters, digits and `_`), punctuation mark and
    /// `{device}`, as written, an apostrophe counting as a mark of its own
    /// (`it's` is `it`, `'`, `s`): what drift pairs units by, and what its
    /// similarity percentages and MinHash signatures count.
    Marks,
}

/// The pieces of a text that `count` compares, in order.
pub fn counted(s: &str, count: Count) -> Vec<Cow<'_, str>> {
    let mut out = Vec::new();
    if count == Count::Words {
        for t in tokens(s) {
            let t = t.trim_matches(['{', '}']);
            if t.chars().next().is_some_and(char::is_alphanumeric) {
                out.push(Cow::Owned(t.to_lowercase()));
            }
        }
        return out;
    }
    // Marks: words joined by `_` are one piece, cut at each apostrophe.
    let (mut at, mut run) = (0, None);
    for t in tokens(s) {
        if t == "_" || t.starts_with(char::is_alphanumeric) {
            run.get_or_insert(at);
        } else {
            if let Some(start) = run.take() {
                split_apostrophes(&s[start..at], &mut out);
            }
            if !t.starts_with(char::is_whitespace) {
                out.push(Cow::Borrowed(t));
            }
        }
        at += t.len();
    }
    if let Some(start) = run {
        split_apostrophes(&s[start..], &mut out);
    }
    out
}

/// Pushes `word` in pieces: the text between apostrophes, and each
/// apostrophe.
fn split_apostrophes<'s>(word: &'s str, out: &mut Vec<Cow<'s, str>>) {
    if !word.contains(['\'', '\u{2019}']) {
        out.push(Cow::Borrowed(word));
        return;
    }
    let mut start = 0;
    for (i, c) in word
        .char_indices()
        .filter(|(_, c)| matches!(c, '\'' | '\u{2019}'))
    {
        out.extend((i > start).then(|| Cow::Borrowed(&word[start..i])));
        start = i + c.len_utf8();
        out.push(Cow::Borrowed(&word[i..start]));
    }
    out.extend((start < word.len()).then(|| Cow::Borrowed(&word[start..])));
}

/// How many [`counted`] pieces two texts have, and how many of them they
/// share in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    pub old: usize,
    pub new: usize,
    pub shared: usize,
}

impl Overlap {
    /// The Dice coefficient, 2 × shared / all pieces; 1 without pieces.
    pub fn dice(self) -> f64 {
        match self.old + self.new {
            0 => 1.0,
            total => 2.0 * self.shared as f64 / total as f64,
        }
    }

    /// Whether the two texts have the same pieces in the same order.
    pub fn same(self) -> bool {
        self.shared == self.old && self.shared == self.new
    }
}

/// A text split into the pieces that a [`Count`] compares, ready to be
/// compared with others (so that a text compared with many is split once).
#[derive(Debug, Clone)]
pub struct Counted<'s> {
    text: &'s str,
    pieces: Vec<Cow<'s, str>>,
}

impl<'s> Counted<'s> {
    pub fn new(text: &'s str, count: Count) -> Counted<'s> {
        Counted {
            text,
            pieces: counted(text, count),
        }
    }

    /// What the two texts have and share (texts of more than
    /// [`MAX_TOKENS`] pieces share all or nothing).
    pub fn overlap(&self, other: &Counted<'_>) -> Overlap {
        let (a, b) = (&self.pieces, &other.pieces);
        let shared = if a == b {
            a.len()
        } else if a.len() > MAX_TOKENS || b.len() > MAX_TOKENS {
            0
        } else {
            capture_diff_slices(Algorithm::Myers, a, b)
                .iter()
                .filter(|op| op.tag() == DiffTag::Equal)
                .map(|op| op.old_range().len())
                .sum()
        };
        Overlap {
            old: a.len(),
            new: b.len(),
            shared,
        }
    }

    /// Similarity (0..=1): the Dice coefficient of the pieces (2 × common
    /// pieces in order / all pieces). Two texts without any are similar
    /// only if they are the same but for spacing.
    pub fn similarity(&self, other: &Counted<'_>) -> f64 {
        let o = self.overlap(other);
        if o.old + o.new == 0 {
            return if self.text.trim() == other.text.trim() {
                1.0
            } else {
                0.0
            };
        }
        o.dice()
    }
}

/// The overlap of two texts: see [`Counted::overlap`].
pub fn overlap(a: &str, b: &str, count: Count) -> Overlap {
    Counted::new(a, count).overlap(&Counted::new(b, count))
}

/// Similarity of two texts (0..=1): see [`Counted::similarity`].
pub fn similarity(a: &str, b: &str, count: Count) -> f64 {
    Counted::new(a, count).similarity(&Counted::new(b, count))
}

/// A piece of a word diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Equal(String),
    Removed(String),
    Added(String),
}

/// Word-level diff of two texts: equal runs, and changes as one removed
/// segment followed by one added segment (either may be absent).
/// Concatenating the equal and removed segments gives back the first text,
/// the equal and added ones the second.
pub fn words(a: &str, b: &str) -> Vec<Segment> {
    if a == b {
        return whole(a, b);
    }
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.len() > MAX_TOKENS || tb.len() > MAX_TOKENS {
        return whole(a, b);
    }
    // (tag, text) runs, merging neighbours with the same tag.
    let mut runs: Vec<(DiffTag, String)> = Vec::new();
    let mut push = |tag: DiffTag, text: &str| match runs.last_mut() {
        Some((t, s)) if *t == tag => s.push_str(text),
        _ => runs.push((tag, text.to_string())),
    };
    for op in capture_diff_slices(Algorithm::Myers, &ta, &tb) {
        let (tag, ra, rb) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => ra.for_each(|i| push(DiffTag::Equal, ta[i])),
            DiffTag::Delete => ra.for_each(|i| push(DiffTag::Delete, ta[i])),
            DiffTag::Insert => rb.for_each(|j| push(DiffTag::Insert, tb[j])),
            DiffTag::Replace => {
                ra.for_each(|i| push(DiffTag::Delete, ta[i]));
                rb.for_each(|j| push(DiffTag::Insert, tb[j]));
            }
        }
    }
    // Group into equal runs and changes; spaces between changes join them.
    let mut out: Vec<Segment> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let mut k = 0;
    while k < runs.len() {
        let (tag, text) = &runs[k];
        let bridge = *tag == DiffTag::Equal
            && text.chars().all(char::is_whitespace)
            && (!del.is_empty() || !ins.is_empty())
            && runs.get(k + 1).is_some_and(|(t, _)| *t != DiffTag::Equal);
        match tag {
            DiffTag::Delete => del.push_str(text),
            DiffTag::Insert => ins.push_str(text),
            _ if bridge => {
                del.push_str(text);
                ins.push_str(text);
            }
            _ => {
                flush(&mut out, &mut del, &mut ins);
                match out.last_mut() {
                    Some(Segment::Equal(e)) => e.push_str(text),
                    _ => out.push(Segment::Equal(text.clone())),
                }
            }
        }
        k += 1;
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// Two texts as one piece each.
fn whole(a: &str, b: &str) -> Vec<Segment> {
    if a == b {
        return match a {
            "" => Vec::new(),
            _ => vec![Segment::Equal(a.to_string())],
        };
    }
    let mut out = Vec::new();
    flush(&mut out, &mut a.to_string(), &mut b.to_string());
    out
}

/// Emits one change. Spaces both sides start or end with (picked up by
/// bridging) are unchanged text, not part of the change.
fn flush(out: &mut Vec<Segment>, del: &mut String, ins: &mut String) {
    let (d, i) = (std::mem::take(del), std::mem::take(ins));
    if d.is_empty() && i.is_empty() {
        return;
    }
    let lead = common_space(d.chars(), i.chars());
    let trail = common_space(d[lead..].chars().rev(), i[lead..].chars().rev());
    let equal = |text: &str, out: &mut Vec<Segment>| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Segment::Equal(e)) => e.push_str(text),
            _ => out.push(Segment::Equal(text.to_string())),
        }
    };
    equal(&d[..lead], out);
    if d.len() > lead + trail {
        out.push(Segment::Removed(d[lead..d.len() - trail].to_string()));
    }
    if i.len() > lead + trail {
        out.push(Segment::Added(i[lead..i.len() - trail].to_string()));
    }
    equal(&d[d.len() - trail..], out);
}

/// Byte length of the whitespace both char sequences start with.
fn common_space(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> usize {
    a.zip(b)
        .take_while(|(x, y)| x == y && x.is_whitespace())
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// Where [`marked`] puts the spaces a change starts or ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spacing {
    /// Inside the markers, as the segments have them: the output decodes
    /// back to both texts exactly (`a [-b -]c`).
    Exact,
    /// Outside the markers for a lone removal or addition, so that its
    /// markers hug words (`a [-b-] c`); a replacement is written exactly.
    /// For reading only: a space removed or added alone shows as unchanged.
    Outside,
}

/// The segments as text, changes marked `[-removed-]{+added+}`.
///
/// Content can never forge a marker: a literal `\` is written `\\`, and the
/// two-character sequences `[-`, `-]`, `{+` and `+}` get a `\` between
/// their characters (see [`escape_markers`]).
pub fn marked(segments: &[Segment], spacing: Spacing) -> String {
    let mut out = String::new();
    for (k, seg) in segments.iter().enumerate() {
        let (text, open, close, replacement) = match seg {
            Segment::Equal(t) => {
                out.push_str(&escape_markers(t));
                continue;
            }
            Segment::Removed(t) => {
                let next = segments.get(k + 1);
                (t, "[-", "-]", matches!(next, Some(Segment::Added(_))))
            }
            Segment::Added(t) => {
                let prev = k.checked_sub(1).map(|p| &segments[p]);
                (t, "{+", "+}", matches!(prev, Some(Segment::Removed(_))))
            }
        };
        // The marked part: all of it, or without the spaces at its edges.
        let (start, end) = match spacing {
            Spacing::Outside if !replacement => {
                let start = text.len() - text.trim_start().len();
                (start, start.max(text.trim_end().len()))
            }
            _ => (0, text.len()),
        };
        out.push_str(&text[..start]);
        if start < end {
            out.push_str(open);
            out.push_str(&escape_markers(&text[start..end]));
            out.push_str(close);
        }
        out.push_str(&text[end..]);
    }
    out
}

/// Escapes `\` as `\\` and the marker sequences `[-`, `-]`, `{+`, `+}` as
/// `[\-`, `-\]`, `{\+`, `+\}`, so that text placed between nwlint's own
/// markers cannot be mistaken for one.
pub fn escape_markers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    for c in s.chars() {
        match (prev, c) {
            (_, '\\') => out.push_str("\\\\"),
            (Some('['), '-') | (Some('-'), ']') | (Some('{'), '+') | (Some('+'), '}') => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// Splits text into words, `{device}`, single punctuation marks and runs of
/// spaces. Concatenated, the tokens give back the text.
pub fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = if rest.starts_with(DEVICE) {
            DEVICE.len()
        } else if c.is_whitespace() {
            rest.find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len())
        } else if c.is_alphanumeric() {
            word_len(rest)
        } else {
            c.len_utf8()
        };
        out.push(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

/// Length of the word at the start of `s`: letters and digits, with
/// apostrophes inside (`don't`, `it’s`).
fn word_len(s: &str) -> usize {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inner_apostrophe = matches!(c, '\'' | '\u{2019}')
            && end == i
            && i > 0
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_apostrophe {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_counts_words_in_order() {
        assert_eq!(similarity("a b c", "a b c", Count::Words), 1.0);
        assert_eq!(
            similarity("Try Netflix again.", "try netflix again", Count::Words),
            1.0
        );
        assert_eq!(similarity("a b", "c d", Count::Words), 0.0);
        assert_eq!(
            similarity("your {device}", "your device", Count::Words),
            1.0
        );
        assert!((similarity("a b c d", "a b", Count::Words) - 2.0 * 2.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn tokens_round_trip() {
        let s = "Don't unplug your {device} (it's fine), wait 30\u{a0}s…";
        let t = tokens(s);
        assert_eq!(t.concat(), s);
        assert!(t.contains(&"Don't"));
        assert!(t.contains(&"{device}"));
        assert!(t.contains(&"it's"));
        assert!(t.contains(&"\u{a0}"));
        assert_eq!(tokens("x'"), ["x", "'"]);
    }

    #[test]
    fn tokens_split_words_punctuation_and_placeholder() {
        let s = "Turn off your {device}, for 30 seconds.";
        let w = counted(s, Count::Marks);
        assert_eq!(
            counted("it's 'a'", Count::Marks),
            ["it", "'", "s", "'", "a", "'"]
        );
        assert_eq!(counted("It's {device}!", Count::Words), ["it's", "device"]);
        assert_eq!(
            w,
            [
                "Turn", "off", "your", "{device}", ",", "for", "30", "seconds", "."
            ]
        );
    }

    #[test]
    fn word_diff_groups_changes_across_spaces() {
        use Segment::*;
        assert_eq!(
            words(
                "Turn off or unplug your {device}.",
                "Unplug your device from power."
            ),
            [
                Removed("Turn off or unplug your {device}".into()),
                Added("Unplug your device from power".into()),
                Equal(".".into()),
            ]
        );
        assert_eq!(
            words("Wait 30 seconds.", "Wait 1 minute."),
            [
                Equal("Wait ".into()),
                Removed("30 seconds".into()),
                Added("1 minute".into()),
                Equal(".".into()),
            ]
        );
        assert_eq!(words("same", "same"), [Equal("same".into())]);
        assert_eq!(words("", "new"), [Added("new".into())]);
    }

    #[test]
    fn marked_escapes_content_and_places_spaces() {
        let segments = words("Wait 30 s [-x-].", "Wait 60 s [-x-].");
        assert_eq!(
            marked(&segments, Spacing::Exact),
            "Wait [-30-]{+60+} s [\\-x-\\]."
        );
        let segments = words("a b c", "a c");
        assert_eq!(marked(&segments, Spacing::Exact), "a [-b -]c");
        assert_eq!(marked(&segments, Spacing::Outside), "a [-b-] c");
        // A change of spacing alone shows as unchanged text; a replacement
        // is written exactly.
        let segments = words("a  b", "a b");
        assert_eq!(marked(&segments, Spacing::Exact), "a [- -]b");
        assert_eq!(marked(&segments, Spacing::Outside), "a  b");
        let segments = words("lights are on", "lights_are on");
        assert_eq!(
            marked(&segments, Spacing::Outside),
            "lights[- -]{+_+}are on"
        );
    }

    #[test]
    fn markers_in_content_are_escaped() {
        assert_eq!(escape_markers("a [-b-] {+c+} d"), "a [\\-b-\\] {\\+c+\\} d");
        assert_eq!(escape_markers("back\\slash"), "back\\\\slash");
        assert_eq!(escape_markers("[-]"), "[\\-\\]");
        assert_eq!(escape_markers("- [ ] { } +"), "- [ ] { } +");
    }
}
