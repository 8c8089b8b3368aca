//! Aligning two sections unit by unit, and two units word by word.
//!
//! [`align`] lines up the units (title, paragraphs, steps, bullets, notes) of
//! one device's section with another's, so that an inserted step shows as one
//! added step, not as every later step "changed":
//!
//! 1. A patience diff on `(class, text)` keys finds the units both sides
//!    share unchanged ([`Op::Equal`]). Step numbers are not part of the key,
//!    so steps renumbered by an insertion still match.
//! 2. Inside each run the diff replaces (old units → new units), units are
//!    paired by word similarity with an order-preserving dynamic programme
//!    that maximises total similarity; a pair at or above [`PAIR_THRESHOLD`]
//!    is one [`Op::Changed`] unit, anything left over is removed or added.
//!    Titles always pair with each other.
//! 3. A removed unit whose key equals an added unit elsewhere is a move: both
//!    ops stay where they are and point at each other.
//!
//! [`words`] splits a changed unit into equal, removed and added segments.
//! Tokens are words (letters and digits, with inner apostrophes), the
//! [`crate::normalize::DEVICE`] placeholder, single punctuation marks and
//! runs of spaces; spaces between two changes join the change, so a
//! rewritten phrase reads as one `[-old words-]{+new words+}`.
//!
//! Everything here is pure and bounded: pairing is skipped for runs larger
//! than [`MAX_PAIRING`] unit pairs or [`MAX_PAIRING_TOKENS`] (estimated)
//! token pairs, and texts longer than [`MAX_TOKENS`] tokens are diffed as
//! one piece, so hostile content cannot make a diff quadratic in its size.

use crate::normalize::DEVICE;
use similar::{Algorithm, DiffTag, capture_diff_slices};
use std::collections::HashMap;

/// Word similarity (0..=1) at or above which two units pair as one changed
/// unit rather than one removed and one added.
pub const PAIR_THRESHOLD: f64 = 0.5;

/// Largest `old × new` run of units that is paired by similarity.
pub const MAX_PAIRING: usize = 10_000;

/// Largest `old tokens × new tokens` product of a run that is paired by
/// similarity (every unit of one side is compared with every unit of the
/// other, so this bounds the work of one run).
pub const MAX_PAIRING_TOKENS: usize = 25_000_000;

/// Longest text (in tokens) that is diffed word by word.
pub const MAX_TOKENS: usize = 4_000;

/// What a unit is, for alignment. Units of different classes never count as
/// equal; they may still pair as changed (a paragraph that became a note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Title,
    Paragraph,
    Note,
    Step,
    StepBullet,
    Bullet,
}

/// One unit as the aligner sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key<'a> {
    pub class: Class,
    pub text: &'a str,
}

impl<'a> Key<'a> {
    pub fn new(class: Class, text: &'a str) -> Key<'a> {
        Key { class, text }
    }
}

/// One step of an alignment. Indices point into the two key slices; ops
/// come in reading order (removed units of a run before added ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// The same unit on both sides.
    Equal { a: usize, b: usize },
    /// A unit rewritten: `a` became `b`.
    Changed { a: usize, b: usize },
    /// Only the first side has this unit (`moved_to`: the same unit sits at
    /// that index of the second side).
    Removed { a: usize, moved_to: Option<usize> },
    /// Only the second side has this unit (`moved_from`: the same unit sits
    /// at that index of the first side).
    Added { b: usize, moved_from: Option<usize> },
}

impl Op {
    /// Whether this op is a difference.
    pub fn is_change(self) -> bool {
        !matches!(self, Op::Equal { .. })
    }
}

/// Aligns two sequences of units. See the module docs.
pub fn align(a: &[Key<'_>], b: &[Key<'_>]) -> Vec<Op> {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    for op in capture_diff_slices(Algorithm::Patience, a, b) {
        let (tag, ra, rb) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => out.extend(ra.zip(rb).map(|(a, b)| Op::Equal { a, b })),
            DiffTag::Delete => out.extend(ra.map(|a| Op::Removed { a, moved_to: None })),
            DiffTag::Insert => out.extend(rb.map(|b| Op::Added {
                b,
                moved_from: None,
            })),
            DiffTag::Replace => pair(a, b, ra, rb, &mut out),
        }
    }
    link_moves(a, b, &mut out);
    out
}

/// Pairs the units of one replaced run by similarity (order-preserving,
/// maximal total similarity), appending ops in reading order.
fn pair(
    a: &[Key<'_>],
    b: &[Key<'_>],
    ra: std::ops::Range<usize>,
    rb: std::ops::Range<usize>,
    out: &mut Vec<Op>,
) {
    let (m, n) = (ra.len(), rb.len());
    let size = |keys: &[Key<'_>]| keys.iter().map(|k| k.text.len() / 4 + 1).sum::<usize>();
    let tokens = size(&a[ra.clone()]).saturating_mul(size(&b[rb.clone()]));
    if m.saturating_mul(n) > MAX_PAIRING || tokens > MAX_PAIRING_TOKENS {
        out.extend(ra.map(|a| Op::Removed { a, moved_to: None }));
        out.extend(rb.map(|b| Op::Added {
            b,
            moved_from: None,
        }));
        return;
    }
    // Similarities as integers (per mille) so ties compare exactly; 0 = no pair.
    let sim: Vec<Vec<u32>> = ra
        .clone()
        .map(|i| {
            rb.clone()
                .map(|j| {
                    let (x, y) = (a[i], b[j]);
                    let s = match (x.class == Class::Title, y.class == Class::Title) {
                        (true, true) => similarity(x.text, y.text).max(PAIR_THRESHOLD),
                        (false, false) => similarity(x.text, y.text),
                        _ => 0.0,
                    };
                    if s >= PAIR_THRESHOLD {
                        // Same class wins ties over a class change.
                        (s * 1000.0).round() as u32 * 2 + u32::from(x.class == y.class)
                    } else {
                        0
                    }
                })
                .collect()
        })
        .collect();
    // best[i][j]: best total over the first i old and first j new units.
    let mut best = vec![vec![0u32; n + 1]; m + 1];
    for i in 1..=m {
        for j in 1..=n {
            let diag = match sim[i - 1][j - 1] {
                0 => 0,
                s => best[i - 1][j - 1] + s,
            };
            best[i][j] = best[i - 1][j].max(best[i][j - 1]).max(diag);
        }
    }
    // Trace back; in reverse, added before removed, so that forward each
    // gap reads "removed, then added".
    let mut rev = Vec::with_capacity(m + n);
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        if j > 0 && best[i][j] == best[i][j - 1] {
            rev.push(Op::Added {
                b: rb.start + j - 1,
                moved_from: None,
            });
            j -= 1;
        } else if i > 0 && (j == 0 || best[i][j] == best[i - 1][j]) {
            rev.push(Op::Removed {
                a: ra.start + i - 1,
                moved_to: None,
            });
            i -= 1;
        } else {
            rev.push(Op::Changed {
                a: ra.start + i - 1,
                b: rb.start + j - 1,
            });
            i -= 1;
            j -= 1;
        }
    }
    out.extend(rev.into_iter().rev());
}

/// Links removed and added units with equal keys as moves.
fn link_moves(a: &[Key<'_>], b: &[Key<'_>], ops: &mut [Op]) {
    let mut added: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
    for (pos, op) in ops.iter().enumerate().rev() {
        if let Op::Added { b: j, .. } = *op {
            added.entry(b[j]).or_default().push(pos);
        }
    }
    for pos in 0..ops.len() {
        let Op::Removed { a: i, .. } = ops[pos] else {
            continue;
        };
        let Some(other) = added.get_mut(&a[i]).and_then(Vec::pop) else {
            continue;
        };
        let Op::Added { b: j, .. } = ops[other] else {
            continue;
        };
        ops[pos] = Op::Removed {
            a: i,
            moved_to: Some(j),
        };
        ops[other] = Op::Added {
            b: j,
            moved_from: Some(i),
        };
    }
}

/// Word similarity of two texts (0..=1): the Dice coefficient of their
/// lower-cased word sequences (2 × common words in order / all words).
/// Punctuation and the `{device}` braces do not count.
pub fn similarity(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> Vec<String> {
        tokens(s)
            .into_iter()
            .map(|t| t.trim_matches(['{', '}']))
            .filter(|t| t.chars().next().is_some_and(char::is_alphanumeric))
            .map(str::to_lowercase)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() && wb.is_empty() {
        return if a.trim() == b.trim() { 1.0 } else { 0.0 };
    }
    if wa.len() > MAX_TOKENS || wb.len() > MAX_TOKENS {
        return if wa == wb { 1.0 } else { 0.0 };
    }
    let common: usize = capture_diff_slices(Algorithm::Myers, &wa, &wb)
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.old_range().len())
        .sum();
    2.0 * common as f64 / (wa.len() + wb.len()) as f64
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
pub fn words(a: &str, b: &str) -> Vec<Segment> {
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

fn whole(a: &str, b: &str) -> Vec<Segment> {
    if a == b {
        return vec![Segment::Equal(a.to_string())];
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

    fn steps(texts: &[&'static str]) -> Vec<Key<'static>> {
        texts.iter().map(|t| Key::new(Class::Step, t)).collect()
    }

    const ONE: &str = "Turn off your device.";
    const TWO: &str = "Unplug your modem from power.";
    const THREE: &str = "Wait 30 seconds.";
    const FOUR: &str = "Plug in your modem.";

    #[test]
    fn identical_steps_are_equal() {
        let a = steps(&[ONE, TWO]);
        assert_eq!(
            align(&a, &a),
            [Op::Equal { a: 0, b: 0 }, Op::Equal { a: 1, b: 1 }]
        );
    }

    #[test]
    fn an_inserted_step_is_one_addition() {
        let a = steps(&[ONE, TWO, FOUR]);
        let b = steps(&[ONE, TWO, THREE, FOUR]);
        assert_eq!(
            align(&a, &b),
            [
                Op::Equal { a: 0, b: 0 },
                Op::Equal { a: 1, b: 1 },
                Op::Added {
                    b: 2,
                    moved_from: None
                },
                Op::Equal { a: 2, b: 3 },
            ]
        );
    }

    #[test]
    fn a_removed_step_is_one_removal() {
        let a = steps(&[ONE, TWO, THREE, FOUR]);
        let b = steps(&[ONE, THREE, FOUR]);
        assert_eq!(
            align(&a, &b),
            [
                Op::Equal { a: 0, b: 0 },
                Op::Removed {
                    a: 1,
                    moved_to: None
                },
                Op::Equal { a: 2, b: 1 },
                Op::Equal { a: 3, b: 2 },
            ]
        );
    }

    #[test]
    fn a_reordered_step_is_a_linked_move() {
        let a = steps(&[ONE, TWO, THREE, FOUR]);
        let b = steps(&[ONE, THREE, FOUR, TWO]);
        assert_eq!(
            align(&a, &b),
            [
                Op::Equal { a: 0, b: 0 },
                Op::Removed {
                    a: 1,
                    moved_to: Some(3)
                },
                Op::Equal { a: 2, b: 1 },
                Op::Equal { a: 3, b: 2 },
                Op::Added {
                    b: 3,
                    moved_from: Some(1)
                },
            ]
        );
    }

    #[test]
    fn a_reworded_step_is_one_change_and_neighbours_stay_equal() {
        let a = steps(&[ONE, TWO, THREE]);
        let b = steps(&[ONE, "Unplug your modem and router from power.", THREE]);
        assert_eq!(
            align(&a, &b),
            [
                Op::Equal { a: 0, b: 0 },
                Op::Changed { a: 1, b: 1 },
                Op::Equal { a: 2, b: 2 },
            ]
        );
    }

    #[test]
    fn a_change_next_to_an_insertion_pairs_the_similar_step() {
        // Step 2 reworded and a new step inserted before it.
        let a = steps(&[ONE, TWO, FOUR]);
        let b = steps(&[ONE, THREE, "Unplug the modem from power.", FOUR]);
        assert_eq!(
            align(&a, &b),
            [
                Op::Equal { a: 0, b: 0 },
                Op::Added {
                    b: 1,
                    moved_from: None
                },
                Op::Changed { a: 1, b: 2 },
                Op::Equal { a: 2, b: 3 },
            ]
        );
    }

    #[test]
    fn unrelated_steps_are_removed_then_added() {
        let a = steps(&[ONE, "Open Settings."]);
        let b = steps(&[ONE, "Contact your provider today."]);
        assert_eq!(
            align(&a, &b),
            [
                Op::Equal { a: 0, b: 0 },
                Op::Removed {
                    a: 1,
                    moved_to: None
                },
                Op::Added {
                    b: 1,
                    moved_from: None
                },
            ]
        );
    }

    #[test]
    fn classes_matter_for_equality_and_titles_always_pair() {
        let a = [
            Key::new(Class::Title, "Restart"),
            Key::new(Class::Paragraph, TWO),
        ];
        let b = [
            Key::new(Class::Title, "Something else entirely"),
            Key::new(Class::Note, TWO),
        ];
        assert_eq!(
            align(&a, &b),
            [Op::Changed { a: 0, b: 0 }, Op::Changed { a: 1, b: 1 }]
        );
    }

    #[test]
    fn oversized_runs_are_not_paired() {
        let a: Vec<Key> = (0..200).map(|_| Key::new(Class::Step, "a b c")).collect();
        let b: Vec<Key> = (0..200).map(|_| Key::new(Class::Step, "a b d")).collect();
        let ops = align(&a, &b);
        assert_eq!(ops.len(), 400);
        assert!(ops.iter().all(|op| !matches!(op, Op::Changed { .. })));
    }

    #[test]
    fn similarity_counts_words_in_order() {
        assert_eq!(similarity("a b c", "a b c"), 1.0);
        assert_eq!(similarity("Try Netflix again.", "try netflix again"), 1.0);
        assert_eq!(similarity("a b", "c d"), 0.0);
        assert_eq!(similarity("your {device}", "your device"), 1.0);
        assert!((similarity("a b c d", "a b") - 2.0 * 2.0 / 6.0).abs() < 1e-9);
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
}
