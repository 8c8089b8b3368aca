//! Section diffs for drift findings, built on [`crate::compare`]: units
//! (paragraphs, steps, bullets) aligned first ([`crate::compare::align`]),
//! then words inside changed units ([`crate::compare::words`]).
//!
//! Aligning units before words means an inserted step shows as exactly one
//! added step, a reordered step as a move, and a changed number as one
//! changed word, instead of one long run of word changes. The same aligned
//! diff yields the similarity that separates a drifted copy from a divergent
//! variant, the `[-removed-]{+added+}` rendering of a finding's note, and the
//! first difference, where the finding's label goes.

use crate::compare::align::{self, Class, Key, Op};
use crate::compare::words::{
    self, Count, Overlap, Segment, Spacing, counted, escape_markers, marked, tokens,
};
use crate::normalize::{Unit, UnitKind};

/// Most lines a rendered diff shows.
const MAX_LINES: usize = 40;
/// Longest unit text shown whole in a rendered diff (characters).
const MAX_UNIT_CHARS: usize = 300;

/// A normalized section: title and units, as compared.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub title: &'a str,
    pub units: &'a [Unit],
}

/// A word-level diff of two texts, and what similarity counts of it: the
/// words and marks ([`Count::Marks`]) the two texts have and share.
#[derive(Debug, Clone)]
pub struct Words {
    pub segments: Vec<Segment>,
    pub overlap: Overlap,
}

/// One change of a word diff: removed and added text (either may be
/// empty), and where each starts in its text.
struct Change<'w> {
    old: (usize, &'w str),
    new: (usize, &'w str),
}

impl Words {
    pub fn new(old: &str, new: &str) -> Words {
        Words {
            segments: words::words(old, new),
            overlap: words::overlap(old, new, Count::Marks),
        }
    }

    /// The changes in order, leaving out those that only touch spacing.
    fn changes(&self) -> impl Iterator<Item = Change<'_>> {
        let (mut o, mut n) = (0, 0);
        let mut segs = self.segments.iter().peekable();
        std::iter::from_fn(move || {
            loop {
                let (old, new) = match segs.next()? {
                    Segment::Equal(t) => {
                        o += t.len();
                        n += t.len();
                        continue;
                    }
                    Segment::Removed(t) => match segs.next_if(|s| matches!(s, Segment::Added(_))) {
                        Some(Segment::Added(u)) => (t.as_str(), u.as_str()),
                        _ => (t.as_str(), ""),
                    },
                    Segment::Added(u) => ("", u.as_str()),
                };
                let change = Change {
                    old: trimmed(o, old),
                    new: trimmed(n, new),
                };
                o += old.len();
                n += new.len();
                if !change.old.1.is_empty() || !change.new.1.is_empty() {
                    return Some(change);
                }
            }
        })
    }

    /// The old words of the first change that has any, as a byte range of
    /// the old text.
    pub fn first_old(&self) -> Option<(usize, usize)> {
        self.changes()
            .find(|c| !c.old.1.is_empty())
            .map(|c| (c.old.0, c.old.0 + c.old.1.len()))
    }

    /// The first difference, as a byte range of the new text and what it
    /// is: words of the new text that replace or add to the old, or (for a
    /// removal) the new word next to where old words went missing.
    pub fn first_change(&self) -> Option<(usize, usize, String)> {
        let c = self.changes().next()?;
        let ((start, added), removed) = (c.new, c.old.1);
        if !added.is_empty() {
            let end = start + added.len();
            return Some(match removed {
                "" => (start, end, "added".into()),
                _ => (start, end, format!("was “{}”", clip(removed, 40))),
            });
        }
        // A removal: point at the word before the gap, or else after it.
        let removed = format!("“{}” removed", clip(removed, 40));
        let new: String = self
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Equal(t) | Segment::Added(t) => Some(t.as_str()),
                Segment::Removed(_) => None,
            })
            .collect();
        if let Some((a, b)) = word_spans(&new[..start]).last() {
            return Some((a, b, format!("{removed} after this")));
        }
        if let Some((a, b)) = word_spans(&new[start..]).next() {
            return Some((start + a, start + b, format!("{removed} before this")));
        }
        Some((0, 0, removed))
    }

    /// `[-removed-]{+added+}` markup of the new text.
    pub fn render(&self) -> String {
        marked(&self.segments, Spacing::Outside)
    }
}

/// `text`, found at `at`, without the spaces it starts or ends with.
fn trimmed(at: usize, text: &str) -> (usize, &str) {
    let lead = text.len() - text.trim_start().len();
    (at + lead, text.trim())
}

/// Byte ranges of the tokens of `s` that are not spaces.
fn word_spans(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    tokens(s).into_iter().filter_map(move |t| {
        at += t.len();
        (!t.trim().is_empty()).then_some((at - t.len(), at))
    })
}

/// The units as the aligner sees them.
fn keys(units: &[Unit]) -> Vec<Key<'_>> {
    units
        .iter()
        .map(|u| Key::new(Class::of(u.kind), &u.text))
        .collect()
}

/// One step of a section diff, by unit index (old: reference, new: the
/// copy being compared).
#[derive(Debug, Clone)]
pub enum UnitChange {
    Equal {
        old: usize,
        new: usize,
    },
    Changed {
        old: usize,
        new: usize,
        words: Words,
    },
    Added {
        new: usize,
    },
    /// `at`: how many units of the new side come before the gap.
    Removed {
        old: usize,
        at: usize,
    },
    Moved {
        old: usize,
        new: usize,
    },
}

/// Where the first difference of a section diff is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    /// Byte range of the (normalized) title.
    Title { start: usize, end: usize },
    /// Byte range of a unit's normalized text.
    Text {
        unit: usize,
        start: usize,
        end: usize,
    },
    /// A unit as a whole.
    Unit { unit: usize },
    /// The section as a whole (no unit to point at).
    Section,
}

/// The aligned diff of two versions of a section.
#[derive(Debug, Clone)]
pub struct VersionDiff {
    /// Word diff of the titles, if they differ.
    pub title: Option<Words>,
    pub items: Vec<UnitChange>,
    /// Word-level similarity of the whole section, 0..=1.
    pub similarity: f64,
}

impl VersionDiff {
    pub fn new(old: Side, new: Side) -> VersionDiff {
        let title_words = Words::new(old.title, new.title);
        // What the whole section shares: the title's words and marks, then
        // each unit's, a unit counting one more for its kind.
        let mut sum = title_words.overlap;
        let title = (!title_words.overlap.same()).then_some(title_words);

        let mut items = Vec::new();
        // New units before the current op: where a removed unit was.
        let mut at = 0;
        for op in align::align(&keys(old.units), &keys(new.units), Count::Marks) {
            items.extend(match op {
                Op::Equal { a, b } => Some(UnitChange::Equal { old: a, new: b }),
                Op::Changed { a, b } => Some(UnitChange::Changed {
                    old: a,
                    new: b,
                    words: Words::new(&old.units[a].text, &new.units[b].text),
                }),
                Op::Removed { a, moved_to: None } => Some(UnitChange::Removed { old: a, at }),
                // A moved unit shows once, at its new place.
                Op::Removed { .. } => None,
                Op::Added {
                    b,
                    moved_from: None,
                } => Some(UnitChange::Added { new: b }),
                Op::Added {
                    b,
                    moved_from: Some(a),
                } => Some(UnitChange::Moved { old: a, new: b }),
            });
            at += usize::from(!matches!(op, Op::Removed { .. }));
        }

        let count = |u: &Unit| counted(&u.text, Count::Marks).len() + 1;
        for it in &items {
            match it {
                UnitChange::Equal { old: o, .. } | UnitChange::Moved { old: o, .. } => {
                    let n = count(&old.units[*o]);
                    sum.old += n;
                    sum.new += n;
                    sum.shared += n;
                }
                UnitChange::Changed {
                    old: o,
                    new: n,
                    words,
                } => {
                    let same_kind = Class::of(old.units[*o].kind) == Class::of(new.units[*n].kind);
                    sum.old += words.overlap.old + 1;
                    sum.new += words.overlap.new + 1;
                    sum.shared += words.overlap.shared + usize::from(same_kind);
                }
                UnitChange::Added { new: n } => sum.new += count(&new.units[*n]),
                UnitChange::Removed { old: o, .. } => sum.old += count(&old.units[*o]),
            }
        }
        VersionDiff {
            title,
            items,
            similarity: sum.dice(),
        }
    }

    /// `true` if nothing differs.
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self
                .items
                .iter()
                .all(|i| matches!(i, UnitChange::Equal { .. }))
    }

    /// The first difference on the new side, with a short label text.
    pub fn first_spot(&self, old: Side, new: Side) -> (Spot, String) {
        if let Some(w) = &self.title
            && let Some((start, end, text)) = w.first_change()
        {
            return (Spot::Title { start, end }, format!("title {text}"));
        }
        for it in &self.items {
            match it {
                UnitChange::Equal { .. } => {}
                UnitChange::Changed {
                    old: o,
                    new: n,
                    words,
                } => {
                    if let Some((start, end, text)) = words.first_change() {
                        return (
                            Spot::Text {
                                unit: *n,
                                start,
                                end,
                            },
                            text,
                        );
                    }
                    // Only the kind of unit changed.
                    return (
                        Spot::Unit { unit: *n },
                        format!("was a {}", kind_name(old.units[*o].kind)),
                    );
                }
                UnitChange::Added { new: n } => {
                    return (
                        Spot::Unit { unit: *n },
                        format!("added {}", kind_name(new.units[*n].kind)),
                    );
                }
                UnitChange::Moved { old: o, new: n } => {
                    return (
                        Spot::Unit { unit: *n },
                        format!("moved (was {})", old.units[*o].kind.marker().trim()),
                    );
                }
                UnitChange::Removed { old: o, at } => {
                    let gone = format!(
                        "{} {} “{}”",
                        kind_name(old.units[*o].kind),
                        old.units[*o].kind.marker().trim(),
                        clip(&old.units[*o].text, 30)
                    );
                    // Removed and added at the same place: a replaced unit.
                    let replaced = self.items.iter().find_map(|it| match it {
                        UnitChange::Added { new } if new == at => Some(*new),
                        _ => None,
                    });
                    if let Some(n) = replaced {
                        return (Spot::Unit { unit: n }, format!("replaces {gone}"));
                    }
                    let what = format!("{gone} missing");
                    if *at > 0 {
                        return (Spot::Unit { unit: at - 1 }, format!("{what} after this"));
                    }
                    if *at < new.units.len() {
                        return (Spot::Unit { unit: *at }, format!("{what} before this"));
                    }
                    return (Spot::Section, what);
                }
            }
        }
        (Spot::Section, "differs".into())
    }

    /// The same place on the old (reference) side, for a related label.
    pub fn old_spot(&self, spot: &Spot) -> Spot {
        match spot {
            Spot::Title { .. } => {
                let (start, end) = self
                    .title
                    .as_ref()
                    .and_then(Words::first_old)
                    .unwrap_or((0, 0));
                Spot::Title { start, end }
            }
            Spot::Text { unit, .. } | Spot::Unit { unit } => self
                .items
                .iter()
                .find_map(|it| match it {
                    UnitChange::Changed { old, new, words } if new == unit => {
                        Some(match words.first_old() {
                            Some((start, end)) => Spot::Text {
                                unit: *old,
                                start,
                                end,
                            },
                            None => Spot::Unit { unit: *old },
                        })
                    }
                    UnitChange::Moved { old, new } if new == unit => {
                        Some(Spot::Unit { unit: *old })
                    }
                    _ => None,
                })
                .or_else(|| {
                    // Added or next to a removal: the first old unit that differs.
                    self.items.iter().find_map(|it| match it {
                        UnitChange::Removed { old, .. }
                        | UnitChange::Changed { old, .. }
                        | UnitChange::Moved { old, .. } => Some(Spot::Unit { unit: *old }),
                        _ => None,
                    })
                })
                .unwrap_or(Spot::Section),
            Spot::Section => Spot::Section,
        }
    }

    /// The diff as text: one line per differing title or unit.
    pub fn render(&self, old: Side, new: Side) -> String {
        let mut lines = Vec::new();
        if let Some(w) = &self.title {
            lines.push(format!("title: {}", w.render()));
        }
        for it in &self.items {
            match it {
                UnitChange::Equal { .. } => {}
                UnitChange::Changed {
                    old: o,
                    new: n,
                    words,
                } => {
                    let (ou, nu) = (&old.units[*o], &new.units[*n]);
                    let marker = if Class::of(ou.kind) == Class::of(nu.kind) {
                        nu.kind.marker()
                    } else {
                        format!(
                            "[-{}-]{{+{}+}}",
                            ou.kind.marker().trim(),
                            nu.kind.marker().trim()
                        )
                    };
                    lines.push(format!("{marker} {}", words.render()));
                }
                UnitChange::Added { new: n } => {
                    let u = &new.units[*n];
                    lines.push(format!(
                        "{{+{} {}+}}",
                        u.kind.marker(),
                        escape_markers(&clip(&u.text, MAX_UNIT_CHARS))
                    ));
                }
                UnitChange::Removed { old: o, .. } => {
                    let u = &old.units[*o];
                    lines.push(format!(
                        "[-{} {}-]",
                        u.kind.marker(),
                        escape_markers(&clip(&u.text, MAX_UNIT_CHARS))
                    ));
                }
                UnitChange::Moved { old: o, new: n } => {
                    let u = &new.units[*n];
                    lines.push(format!(
                        "{} {} (moved; was {})",
                        u.kind.marker(),
                        escape_markers(&clip(&u.text, MAX_UNIT_CHARS)),
                        old.units[*o].kind.marker().trim()
                    ));
                }
            }
        }
        if lines.len() > MAX_LINES {
            let more = lines.len() - MAX_LINES;
            lines.truncate(MAX_LINES);
            lines.push(format!("… and {more} more changed units"));
        }
        lines.join("\n")
    }
}

fn kind_name(k: UnitKind) -> &'static str {
    match k {
        UnitKind::Paragraph => "paragraph",
        UnitKind::Note => "note",
        UnitKind::Step(_) => "step",
        UnitKind::StepBullet | UnitKind::Bullet => "bullet",
    }
}

fn clip(s: &str, max: usize) -> String {
    crate::text::clip(s, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(kind: UnitKind, text: &str) -> Unit {
        Unit {
            kind,
            block: 0,
            text: text.into(),
            raw: text.into(),
            pointer: String::new(),
        }
    }

    /// A section titled `title` with `units`.
    fn side<'a>(title: &'a str, units: &'a [Unit]) -> Side<'a> {
        Side { title, units }
    }

    fn steps(texts: &[&str]) -> Vec<Unit> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| unit(UnitKind::Step(i + 1), t))
            .collect()
    }

    #[test]
    fn changed_word_renders_inline() {
        let w = Words::new("Unplug it for 30 seconds.", "Unplug it for 60 seconds.");
        assert_eq!(w.render(), "Unplug it for [-30-]{+60+} seconds.");
        assert_eq!(w.first_change(), Some((14, 16, "was “30”".into())));
        let w = Words::new("a b c", "a c");
        assert_eq!(w.render(), "a [-b-] c");
        assert_eq!(
            w.first_change(),
            Some((0, 1, "“b” removed after this".into()))
        );
        let w = Words::new("a c", "a b c");
        assert_eq!(w.render(), "a {+b+} c");
    }

    #[test]
    fn content_cannot_forge_markers() {
        let (old, new) = (
            steps(&["Press [-A-].", "Wait."]),
            steps(&["Press [-B-].", "Wait.", "Then {+go+}\\."]),
        );
        let d = VersionDiff::new(side("T", &old), side("T", &new));
        assert_eq!(
            d.render(side("T", &old), side("T", &new)),
            "1. Press [\\-[-A-]{+B+}-\\].\n{+3. Then {\\+go+\\}\\\\.+}"
        );
    }

    #[test]
    fn added_step_is_one_added_unit() {
        let old = steps(&["Turn off.", "Unplug the modem.", "Plug it in."]);
        let new = steps(&[
            "Turn off.",
            "Unplug the modem.",
            "Wait 30 seconds.",
            "Plug it in.",
        ]);
        let d = VersionDiff::new(side("T", &old), side("T", &new));
        assert_eq!(
            d.render(side("T", &old), side("T", &new)),
            "{+3. Wait 30 seconds.+}"
        );
        let (spot, _) = d.first_spot(side("T", &old), side("T", &new));
        assert_eq!(spot, Spot::Unit { unit: 2 });
        assert!(d.similarity > 0.8 && d.similarity < 1.0, "{}", d.similarity);
    }

    #[test]
    fn reordered_steps_are_moves() {
        let old = steps(&["One thing.", "Another thing.", "A third thing."]);
        let new = steps(&["One thing.", "A third thing.", "Another thing."]);
        let (o, n) = (side("T", &old), side("T", &new));
        let d = VersionDiff::new(o, n);
        // One of the two swapped steps is the one that moved.
        assert_eq!(d.render(o, n), "2. A third thing. (moved; was 3.)");
        // A reorder keeps every word: similarity stays 1 even though it differs.
        assert!(!d.is_empty());
        assert_eq!(d.similarity, 1.0);
    }

    #[test]
    fn removed_step_points_next_to_the_gap() {
        let old = steps(&["One.", "Two.", "Three."]);
        let new = steps(&["One.", "Three."]);
        let (o, n) = (side("T", &old), side("T", &new));
        let d = VersionDiff::new(o, n);
        assert_eq!(d.render(o, n), "[-2. Two.-]");
        let (spot, text) = d.first_spot(o, n);
        assert_eq!(spot, Spot::Unit { unit: 0 });
        assert_eq!(text, "step 2. “Two.” missing after this");
    }

    #[test]
    fn rewritten_section_is_dissimilar() {
        let old = steps(&[
            "Turn off or unplug your {device}.",
            "Unplug your modem for 30 seconds.",
        ]);
        let new = steps(&[
            "Press the power button.",
            "Open Settings.",
            "Choose Network.",
            "Select Test connection.",
        ]);
        let d = VersionDiff::new(side("Restart", &old), side("Restart", &new));
        assert!(d.similarity < 0.5, "{}", d.similarity);
    }

    #[test]
    fn changed_title() {
        let u = steps(&["x"]);
        let (o, n) = (
            side("Restart your network", &u),
            side("Reboot your network", &u),
        );
        let d = VersionDiff::new(o, n);
        assert_eq!(d.render(o, n), "title: [-Restart-]{+Reboot+} your network");
        assert_eq!(d.first_spot(o, n).0, Spot::Title { start: 0, end: 6 });
    }
}
