//! Aligning two sections unit by unit.
//!
//! [`align`] lines up the units (title, paragraphs, steps, bullets, notes) of
//! one copy of a section with another's, so that an inserted step shows as
//! one added step, not as every later step "changed":
//!
//! 1. A patience diff on `(class, text)` keys finds the units both sides
//!    share unchanged ([`Op::Equal`]). Step numbers are not part of the key,
//!    so steps renumbered by an insertion still match.
//! 2. Inside each run the diff replaces (old units → new units), units are
//!    paired by similarity ([`Counted::similarity`], of what the caller's
//!    [`Count`] counts) with an order-preserving dynamic programme that
//!    maximises total similarity; a pair at or above [`PAIR_THRESHOLD`] is
//!    one [`Op::Changed`] unit, anything left over is removed or added.
//!    Titles always pair with each other.
//! 3. A removed unit whose key equals an added unit elsewhere is a move: both
//!    ops stay where they are and point at each other.
//!
//! Everything here is pure and bounded: pairing is skipped for runs larger
//! than [`MAX_PAIRING`] unit pairs or [`MAX_PAIRING_TOKENS`] (estimated)
//! token pairs, so hostile content cannot make an alignment quadratic in
//! its size.

use super::words::{Count, Counted};
use crate::normalize::UnitKind;
use similar::{Algorithm, DiffTag, capture_diff_slices};
use std::collections::HashMap;

/// Similarity (0..=1) at or above which two units pair as one changed unit
/// rather than one removed and one added.
pub const PAIR_THRESHOLD: f64 = 0.5;

/// Largest `old × new` run of units that is paired by similarity.
pub const MAX_PAIRING: usize = 10_000;

/// Largest `old tokens × new tokens` product of a run that is paired by
/// similarity (every unit of one side is compared with every unit of the
/// other, so this bounds the work of one run).
pub const MAX_PAIRING_TOKENS: usize = 25_000_000;

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

impl Class {
    /// The class of a unit: its kind without a step number.
    pub fn of(kind: UnitKind) -> Class {
        match kind {
            UnitKind::Paragraph => Class::Paragraph,
            UnitKind::Note => Class::Note,
            UnitKind::Step(_) => Class::Step,
            UnitKind::StepBullet => Class::StepBullet,
            UnitKind::Bullet => Class::Bullet,
        }
    }
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
pub fn align(a: &[Key<'_>], b: &[Key<'_>], count: Count) -> Vec<Op> {
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
            DiffTag::Replace => pair(a, b, ra, rb, count, &mut out),
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
    count: Count,
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
    // Each unit split once, then compared with every unit of the other side.
    let ca: Vec<Counted> = a[ra.clone()]
        .iter()
        .map(|k| Counted::new(k.text, count))
        .collect();
    let cb: Vec<Counted> = b[rb.clone()]
        .iter()
        .map(|k| Counted::new(k.text, count))
        .collect();
    // Similarities as integers (per mille) so ties compare exactly; 0 = no pair.
    let sim: Vec<Vec<u32>> = ra
        .clone()
        .map(|i| {
            rb.clone()
                .map(|j| {
                    let (x, y) = (a[i], b[j]);
                    let similarity = || ca[i - ra.start].similarity(&cb[j - rb.start]);
                    let s = match (x.class == Class::Title, y.class == Class::Title) {
                        (true, true) => similarity().max(PAIR_THRESHOLD),
                        (false, false) => similarity(),
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
            align(&a, &a, Count::Words),
            [Op::Equal { a: 0, b: 0 }, Op::Equal { a: 1, b: 1 }]
        );
    }

    #[test]
    fn an_inserted_step_is_one_addition() {
        let a = steps(&[ONE, TWO, FOUR]);
        let b = steps(&[ONE, TWO, THREE, FOUR]);
        assert_eq!(
            align(&a, &b, Count::Words),
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
            align(&a, &b, Count::Words),
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
            align(&a, &b, Count::Words),
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
            align(&a, &b, Count::Words),
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
            align(&a, &b, Count::Words),
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
            align(&a, &b, Count::Words),
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
            align(&a, &b, Count::Words),
            [Op::Changed { a: 0, b: 0 }, Op::Changed { a: 1, b: 1 }]
        );
    }

    #[test]
    fn oversized_runs_are_not_paired() {
        let a: Vec<Key> = (0..200).map(|_| Key::new(Class::Step, "a b c")).collect();
        let b: Vec<Key> = (0..200).map(|_| Key::new(Class::Step, "a b d")).collect();
        let ops = align(&a, &b, Count::Words);
        assert_eq!(ops.len(), 400);
        assert!(ops.iter().all(|op| !matches!(op, Op::Changed { .. })));
    }
}
