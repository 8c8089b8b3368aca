//! Section diffs: units (paragraphs, steps, bullets) aligned first, then
//! words inside changed units, both with `similar`.
//!
//! Aligning units before words means an inserted step shows as exactly one
//! added step, a reordered step as a move, and a changed number as one
//! changed word, instead of one long run of word changes. The same aligned
//! diff yields the similarity that separates a drifted copy from a divergent
//! variant, the `[-removed-]{+added+}` rendering of a finding's note, and the
//! first difference, where the finding's label goes.

use crate::normalize::{Unit, UnitKind};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// Unit pairs with at least this word similarity count as one changed unit
/// rather than one removed and one added.
const PAIR_MIN: f64 = 0.5;
/// Largest replaced block (old units × new units) aligned by best pairing;
/// bigger blocks pair units by position.
const PAIR_CELLS: usize = 400;
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

/// Word tokens of a normalized text: byte ranges of runs of letters and
/// digits, of the `{device}` placeholder, or of one other non-space char.
pub fn tokens(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() || d == '_' {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            out.push((i, end));
        } else if s[i..].starts_with(crate::normalize::DEVICE) {
            let end = i + crate::normalize::DEVICE.len();
            while it.peek().is_some_and(|&(j, _)| j < end) {
                it.next();
            }
            out.push((i, end));
        } else {
            out.push((i, i + c.len_utf8()));
        }
    }
    out
}

fn words<'s>(s: &'s str, toks: &[(usize, usize)]) -> Vec<&'s str> {
    toks.iter().map(|&(a, b)| &s[a..b]).collect()
}

/// A unit's kind without its step number: what alignment compares.
fn category(k: UnitKind) -> u8 {
    match k {
        UnitKind::Paragraph => 0,
        UnitKind::Note => 1,
        UnitKind::Step(_) => 2,
        UnitKind::StepBullet => 3,
        UnitKind::Bullet => 4,
    }
}

/// A word-level diff of two texts.
#[derive(Debug, Clone)]
pub struct Words {
    pub old_tokens: Vec<(usize, usize)>,
    pub new_tokens: Vec<(usize, usize)>,
    pub ops: Vec<DiffOp>,
    /// Tokens the two texts share.
    pub equal: usize,
}

impl Words {
    pub fn new(old: &str, new: &str) -> Words {
        let old_tokens = tokens(old);
        let new_tokens = tokens(new);
        let ops = capture_diff_slices(
            Algorithm::Myers,
            &words(old, &old_tokens),
            &words(new, &new_tokens),
        );
        let equal = ops
            .iter()
            .map(|op| match *op {
                DiffOp::Equal { len, .. } => len,
                _ => 0,
            })
            .sum();
        Words {
            old_tokens,
            new_tokens,
            ops,
            equal,
        }
    }

    /// 2·shared / (old + new) tokens; 1 for two empty texts.
    pub fn ratio(&self) -> f64 {
        ratio(self.equal, self.old_tokens.len() + self.new_tokens.len())
    }

    /// `true` if the texts have the same tokens.
    pub fn same(&self) -> bool {
        self.ops.iter().all(|op| matches!(op, DiffOp::Equal { .. }))
    }

    /// The old words of the first change that has any, as a byte range of
    /// the old text.
    pub fn first_old(&self) -> Option<(usize, usize)> {
        self.ops.iter().find_map(|op| {
            let (tag, o, _) = op.as_tag_tuple();
            (tag != similar::DiffTag::Equal && !o.is_empty())
                .then(|| (self.old_tokens[o.start].0, self.old_tokens[o.end - 1].1))
        })
    }

    /// The first difference, as a byte range of the new text and what it
    /// is: words of the new text that replace or add to the old, or (for a
    /// removal) the new word next to where old words went missing.
    pub fn first_change(&self, old: &str) -> Option<(usize, usize, String)> {
        for op in &self.ops {
            let (tag, o, n) = op.as_tag_tuple();
            let old_span = |r: std::ops::Range<usize>| {
                r.clone()
                    .next()
                    .map(|_| &old[self.old_tokens[r.start].0..self.old_tokens[r.end - 1].1])
                    .unwrap_or("")
            };
            let new_range = |r: std::ops::Range<usize>| {
                (self.new_tokens[r.start].0, self.new_tokens[r.end - 1].1)
            };
            match tag {
                similar::DiffTag::Equal => continue,
                similar::DiffTag::Replace => {
                    let (a, b) = new_range(n);
                    return Some((a, b, format!("was “{}”", clip(old_span(o), 40))));
                }
                similar::DiffTag::Insert => {
                    let (a, b) = new_range(n);
                    return Some((a, b, "added".into()));
                }
                similar::DiffTag::Delete => {
                    let removed = format!("“{}” removed", clip(old_span(o), 40));
                    if n.start > 0 {
                        let t = self.new_tokens[n.start - 1];
                        return Some((t.0, t.1, format!("{removed} after this")));
                    }
                    if let Some(t) = self.new_tokens.get(n.start) {
                        return Some((t.0, t.1, format!("{removed} before this")));
                    }
                    return Some((0, 0, removed));
                }
            }
        }
        None
    }

    /// `[-removed-]{+added+}` markup of the new text.
    pub fn render(&self, old: &str, new: &str) -> String {
        let mut out = String::new();
        let (mut po, mut pn) = (0usize, 0usize);
        let ot = &self.old_tokens;
        let nt = &self.new_tokens;
        for op in &self.ops {
            let (_, o, n) = op.as_tag_tuple();
            let old_text = (!o.is_empty()).then(|| (ot[o.start].0, ot[o.end - 1].1));
            let new_text = (!n.is_empty()).then(|| (nt[n.start].0, nt[n.end - 1].1));
            // The spacing before this op, from the side that has words here.
            match (old_text, new_text) {
                (_, Some((a, _))) => out.push_str(&new[pn.min(a)..a]),
                (Some((a, _)), None) => out.push_str(&old[po.min(a)..a]),
                (None, None) => {}
            }
            match op {
                DiffOp::Equal { .. } => {
                    if let Some((a, b)) = new_text {
                        out.push_str(&new[a..b]);
                    }
                }
                _ => {
                    if let Some((a, b)) = old_text {
                        out.push_str("[-");
                        out.push_str(&old[a..b]);
                        out.push_str("-]");
                    }
                    if let Some((a, b)) = new_text {
                        out.push_str("{+");
                        out.push_str(&new[a..b]);
                        out.push_str("+}");
                    }
                }
            }
            if let Some((_, b)) = old_text {
                po = b;
            }
            if let Some((_, b)) = new_text {
                pn = b;
            }
        }
        out
    }
}

fn ratio(equal: usize, total: usize) -> f64 {
    if total == 0 {
        1.0
    } else {
        2.0 * equal as f64 / total as f64
    }
}

/// One step of a section diff, by unit index (old: reference, new: the
/// copy being compared).
#[derive(Debug, Clone)]
pub enum Item {
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
pub struct SectionDiff {
    /// Word diff of the titles, if they differ.
    pub title: Option<Words>,
    pub items: Vec<Item>,
    /// Word-level similarity of the whole section, 0..=1.
    pub similarity: f64,
}

impl SectionDiff {
    pub fn new(old: Side, new: Side) -> SectionDiff {
        let title_words = Words::new(old.title, new.title);
        let mut equal = title_words.equal;
        let mut total = title_words.old_tokens.len() + title_words.new_tokens.len();
        let title = (!title_words.same()).then_some(title_words);

        let ok: Vec<(u8, &str)> = old
            .units
            .iter()
            .map(|u| (category(u.kind), u.text.as_str()))
            .collect();
        let nk: Vec<(u8, &str)> = new
            .units
            .iter()
            .map(|u| (category(u.kind), u.text.as_str()))
            .collect();
        let mut items = Vec::new();
        for op in capture_diff_slices(Algorithm::Myers, &ok, &nk) {
            let (tag, o, n) = op.as_tag_tuple();
            match tag {
                similar::DiffTag::Equal => {
                    items.extend(o.zip(n).map(|(old, new)| Item::Equal { old, new }));
                }
                similar::DiffTag::Delete => {
                    items.extend(o.map(|old| Item::Removed { old, at: n.start }));
                }
                similar::DiffTag::Insert => items.extend(n.map(|new| Item::Added { new })),
                similar::DiffTag::Replace => pair(old.units, new.units, o, n, &mut items),
            }
        }
        detect_moves(&ok, &nk, &mut items);

        for it in &items {
            match it {
                Item::Equal { old: o, .. } | Item::Moved { old: o, .. } => {
                    let n = tokens(&old.units[*o].text).len() + 1;
                    equal += n;
                    total += 2 * n;
                }
                Item::Changed {
                    old: o,
                    new: n,
                    words,
                } => {
                    let same_kind = category(old.units[*o].kind) == category(new.units[*n].kind);
                    equal += words.equal + usize::from(same_kind);
                    total += words.old_tokens.len() + words.new_tokens.len() + 2;
                }
                Item::Added { new: n } => total += tokens(&new.units[*n].text).len() + 1,
                Item::Removed { old: o, .. } => total += tokens(&old.units[*o].text).len() + 1,
            }
        }
        SectionDiff {
            title,
            items,
            similarity: ratio(equal, total),
        }
    }

    /// `true` if nothing differs.
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.items.iter().all(|i| matches!(i, Item::Equal { .. }))
    }

    /// The first difference on the new side, with a short label text.
    pub fn first_spot(&self, old: Side, new: Side) -> (Spot, String) {
        if let Some(w) = &self.title
            && let Some((start, end, text)) = w.first_change(old.title)
        {
            return (Spot::Title { start, end }, format!("title {text}"));
        }
        for it in &self.items {
            match it {
                Item::Equal { .. } => {}
                Item::Changed {
                    old: o,
                    new: n,
                    words,
                } => {
                    if let Some((start, end, text)) = words.first_change(&old.units[*o].text) {
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
                Item::Added { new: n } => {
                    return (
                        Spot::Unit { unit: *n },
                        format!("added {}", kind_name(new.units[*n].kind)),
                    );
                }
                Item::Moved { old: o, new: n } => {
                    return (
                        Spot::Unit { unit: *n },
                        format!("moved (was {})", old.units[*o].kind.marker().trim()),
                    );
                }
                Item::Removed { old: o, at } => {
                    let gone = format!(
                        "{} {} “{}”",
                        kind_name(old.units[*o].kind),
                        old.units[*o].kind.marker().trim(),
                        clip(&old.units[*o].text, 30)
                    );
                    // Removed and added at the same place: a replaced unit.
                    let replaced = self.items.iter().find_map(|it| match it {
                        Item::Added { new } if new == at => Some(*new),
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
                    Item::Changed { old, new, words } if new == unit => {
                        Some(match words.first_old() {
                            Some((start, end)) => Spot::Text {
                                unit: *old,
                                start,
                                end,
                            },
                            None => Spot::Unit { unit: *old },
                        })
                    }
                    Item::Moved { old, new } if new == unit => Some(Spot::Unit { unit: *old }),
                    _ => None,
                })
                .or_else(|| {
                    // Added or next to a removal: the first old unit that differs.
                    self.items.iter().find_map(|it| match it {
                        Item::Removed { old, .. }
                        | Item::Changed { old, .. }
                        | Item::Moved { old, .. } => Some(Spot::Unit { unit: *old }),
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
            lines.push(format!("title: {}", w.render(old.title, new.title)));
        }
        for it in &self.items {
            match it {
                Item::Equal { .. } => {}
                Item::Changed {
                    old: o,
                    new: n,
                    words,
                } => {
                    let (ou, nu) = (&old.units[*o], &new.units[*n]);
                    let marker = if category(ou.kind) == category(nu.kind) {
                        nu.kind.marker()
                    } else {
                        format!(
                            "[-{}-]{{+{}+}}",
                            ou.kind.marker().trim(),
                            nu.kind.marker().trim()
                        )
                    };
                    lines.push(format!("{marker} {}", words.render(&ou.text, &nu.text)));
                }
                Item::Added { new: n } => {
                    let u = &new.units[*n];
                    lines.push(format!(
                        "{{+{} {}+}}",
                        u.kind.marker(),
                        clip(&u.text, MAX_UNIT_CHARS)
                    ));
                }
                Item::Removed { old: o, .. } => {
                    let u = &old.units[*o];
                    lines.push(format!(
                        "[-{} {}-]",
                        u.kind.marker(),
                        clip(&u.text, MAX_UNIT_CHARS)
                    ));
                }
                Item::Moved { old: o, new: n } => {
                    let u = &new.units[*n];
                    lines.push(format!(
                        "{} {} (moved; was {})",
                        u.kind.marker(),
                        clip(&u.text, MAX_UNIT_CHARS),
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

/// Pairs the units of a replaced block: the monotone pairing with the
/// highest total similarity, among pairs at least [`PAIR_MIN`] similar.
/// Unpaired units are removed or added.
fn pair(
    old: &[Unit],
    new: &[Unit],
    o: std::ops::Range<usize>,
    n: std::ops::Range<usize>,
    items: &mut Vec<Item>,
) {
    let (k, m) = (o.len(), n.len());
    let mut pairs: Vec<(usize, usize, Words)> = Vec::new();
    if k * m <= PAIR_CELLS {
        let mut sim = vec![vec![None; m]; k];
        for (i, row) in sim.iter_mut().enumerate() {
            for (j, cell) in row.iter_mut().enumerate() {
                let w = Words::new(&old[o.start + i].text, &new[n.start + j].text);
                if w.ratio() >= PAIR_MIN {
                    *cell = Some(w);
                }
            }
        }
        // best[i][j]: best total for old[i..] × new[j..].
        let mut best = vec![vec![0.0f64; m + 1]; k + 1];
        for i in (0..k).rev() {
            for j in (0..m).rev() {
                let mut b = best[i + 1][j].max(best[i][j + 1]);
                if let Some(w) = &sim[i][j] {
                    b = b.max(w.ratio() + best[i + 1][j + 1]);
                }
                best[i][j] = b;
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < k && j < m {
            let here = best[i][j];
            if let Some(w) = &sim[i][j]
                && (w.ratio() + best[i + 1][j + 1] - here).abs() < 1e-12
            {
                pairs.push((i, j, w.clone()));
                i += 1;
                j += 1;
            } else if (best[i + 1][j] - here).abs() < 1e-12 {
                i += 1;
            } else {
                j += 1;
            }
        }
    } else {
        for i in 0..k.min(m) {
            let w = Words::new(&old[o.start + i].text, &new[n.start + i].text);
            if w.ratio() >= PAIR_MIN {
                pairs.push((i, i, w));
            }
        }
    }
    // Emit in order: removed old units and added new units between pairs.
    let (mut i, mut j) = (0, 0);
    let flush = |items: &mut Vec<Item>, i: &mut usize, j: &mut usize, ui: usize, uj: usize| {
        while *i < ui {
            items.push(Item::Removed {
                old: o.start + *i,
                at: n.start + *j,
            });
            *i += 1;
        }
        while *j < uj {
            items.push(Item::Added { new: n.start + *j });
            *j += 1;
        }
    };
    for (pi, pj, w) in pairs {
        flush(items, &mut i, &mut j, pi, pj);
        items.push(Item::Changed {
            old: o.start + pi,
            new: n.start + pj,
            words: w,
        });
        i = pi + 1;
        j = pj + 1;
    }
    flush(items, &mut i, &mut j, k, m);
}

/// A removed unit whose exact text was added elsewhere was moved: the pair
/// becomes one [`Item::Moved`] at the new place.
fn detect_moves(ok: &[(u8, &str)], nk: &[(u8, &str)], items: &mut Vec<Item>) {
    let mut moved_old = Vec::new();
    for idx in 0..items.len() {
        let Item::Added { new } = items[idx] else {
            continue;
        };
        let found = items.iter().position(|it| {
            matches!(it, Item::Removed { old, .. } if ok[*old] == nk[new] && !moved_old.contains(old))
        });
        if let Some(r) = found {
            let Item::Removed { old, .. } = items[r] else {
                unreachable!()
            };
            moved_old.push(old);
            items[idx] = Item::Moved { old, new };
        }
    }
    items.retain(|it| !matches!(it, Item::Removed { old, .. } if moved_old.contains(old)));
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

    fn steps(texts: &[&str]) -> Vec<Unit> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| unit(UnitKind::Step(i + 1), t))
            .collect()
    }

    #[test]
    fn tokens_split_words_punctuation_and_placeholder() {
        let s = "Turn off your {device}, for 30 seconds.";
        let w: Vec<&str> = tokens(s).iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(
            w,
            [
                "Turn", "off", "your", "{device}", ",", "for", "30", "seconds", "."
            ]
        );
    }

    #[test]
    fn changed_word_renders_inline() {
        let w = Words::new("Unplug it for 30 seconds.", "Unplug it for 60 seconds.");
        assert_eq!(
            w.render("Unplug it for 30 seconds.", "Unplug it for 60 seconds."),
            "Unplug it for [-30-]{+60+} seconds."
        );
        assert_eq!(
            w.first_change("Unplug it for 30 seconds."),
            Some((14, 16, "was “30”".into()))
        );
        let w = Words::new("a b c", "a c");
        assert_eq!(w.render("a b c", "a c"), "a [-b-] c");
        assert_eq!(
            w.first_change("a b c"),
            Some((0, 1, "“b” removed after this".into()))
        );
        let w = Words::new("a c", "a b c");
        assert_eq!(w.render("a c", "a b c"), "a {+b+} c");
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
        let d = SectionDiff::new(
            Side {
                title: "T",
                units: &old,
            },
            Side {
                title: "T",
                units: &new,
            },
        );
        assert_eq!(
            d.render(
                Side {
                    title: "T",
                    units: &old
                },
                Side {
                    title: "T",
                    units: &new
                }
            ),
            "{+3. Wait 30 seconds.+}"
        );
        let (spot, _) = d.first_spot(
            Side {
                title: "T",
                units: &old,
            },
            Side {
                title: "T",
                units: &new,
            },
        );
        assert_eq!(spot, Spot::Unit { unit: 2 });
        assert!(d.similarity > 0.8 && d.similarity < 1.0, "{}", d.similarity);
    }

    #[test]
    fn reordered_steps_are_moves() {
        let old = steps(&["One thing.", "Another thing.", "A third thing."]);
        let new = steps(&["One thing.", "A third thing.", "Another thing."]);
        let (o, n) = (
            Side {
                title: "T",
                units: &old,
            },
            Side {
                title: "T",
                units: &new,
            },
        );
        let d = SectionDiff::new(o, n);
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
        let (o, n) = (
            Side {
                title: "T",
                units: &old,
            },
            Side {
                title: "T",
                units: &new,
            },
        );
        let d = SectionDiff::new(o, n);
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
        let d = SectionDiff::new(
            Side {
                title: "Restart",
                units: &old,
            },
            Side {
                title: "Restart",
                units: &new,
            },
        );
        assert!(d.similarity < 0.5, "{}", d.similarity);
    }

    #[test]
    fn changed_title() {
        let u = steps(&["x"]);
        let (o, n) = (
            Side {
                title: "Restart your network",
                units: &u,
            },
            Side {
                title: "Reboot your network",
                units: &u,
            },
        );
        let d = SectionDiff::new(o, n);
        assert_eq!(d.render(o, n), "title: [-Restart-]{+Reboot+} your network");
        assert_eq!(d.first_spot(o, n).0, Spot::Title { start: 0, end: 6 });
    }
}
