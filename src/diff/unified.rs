//! `--format unified`: a unified diff, one unit per line.
//!
//! Each differing section is one "file": `--- DEVICE_A/CODE/SECTION` and
//! `+++ DEVICE_B/CODE/SECTION`, then hunks (`@@ -l,n +l,n @@`, with
//! [`CONTEXT`] units of context) whose lines are units: `title: …`, `1. …`,
//! `• …`, `¶ …`, `note: …`. Line numbers count units, the title being 1. A
//! changed unit is a `-` line and a `+` line (no word highlights). A section
//! only one device has is diffed against `/dev/null`. Shared sections in a
//! different order show as a diff of the article's section ids, headed
//! `--- DEVICE_A/CODE` / `+++ DEVICE_B/CODE`. With nothing different the
//! output is empty, like diff(1).
//!
//! Content text goes through [`crate::text::escape_terminal`]; every line
//! starts with nwlint's own prefix, so content cannot forge a header.

use super::{Comparison, Item, SectionDiff, Status};
use crate::compare::align::Op;
use crate::text::escape_terminal;
use std::fmt::Write as _;

/// Unchanged units around each change.
pub const CONTEXT: usize = 3;

/// One line of a pseudo-file diff.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    tag: char,
    text: String,
}

/// Renders the comparison as a unified diff.
pub fn render(cmp: &Comparison) -> String {
    let mut out = String::new();
    for art in &cmp.articles {
        for sec in &art.sections {
            let name = |dev: &str| format!("{dev}/{}/{}", art.label, sec.id);
            let (old, new) = (name(&cmp.a.id), name(&cmp.b.id));
            let (old, new, lines) = match sec.status {
                Status::Identical => continue,
                Status::Different => (old, new, section_lines(sec)),
                Status::OnlyA => (old, "/dev/null".into(), side_lines(sec.items_a(), '-')),
                Status::OnlyB => ("/dev/null".into(), new, side_lines(sec.items_b(), '+')),
            };
            file(&mut out, &old, &new, &lines);
        }
        if let Some((a, b)) = &art.order {
            let lines = order_lines(a, b);
            let name = |dev: &str| format!("{dev}/{}", art.label);
            file(&mut out, &name(&cmp.a.id), &name(&cmp.b.id), &lines);
        }
    }
    out
}

fn unit(item: &Item) -> String {
    format!("{} {}", item.kind.marker(), item.text)
}

/// Lines of an aligned section: runs of changes as all `-`, then all `+`.
fn section_lines(sec: &SectionDiff) -> Vec<Line> {
    let (ia, ib) = (sec.items_a(), sec.items_b());
    let mut out = Vec::new();
    let (mut del, mut ins) = (Vec::new(), Vec::new());
    for op in &sec.ops {
        match *op {
            Op::Equal { a, .. } => {
                out.append(&mut del);
                out.append(&mut ins);
                out.push(Line {
                    tag: ' ',
                    text: unit(&ia[a]),
                });
            }
            Op::Changed { a, b } => {
                del.push(Line {
                    tag: '-',
                    text: unit(&ia[a]),
                });
                ins.push(Line {
                    tag: '+',
                    text: unit(&ib[b]),
                });
            }
            Op::Removed { a, .. } => del.push(Line {
                tag: '-',
                text: unit(&ia[a]),
            }),
            Op::Added { b, .. } => ins.push(Line {
                tag: '+',
                text: unit(&ib[b]),
            }),
        }
    }
    out.append(&mut del);
    out.append(&mut ins);
    out
}

fn side_lines(items: &[Item], tag: char) -> Vec<Line> {
    items.iter().map(|i| Line { tag, text: unit(i) }).collect()
}

fn order_lines(a: &[String], b: &[String]) -> Vec<Line> {
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, a, b);
    let mut out = Vec::new();
    for op in ops {
        for change in op.iter_changes(a, b) {
            let tag = match change.tag() {
                similar::ChangeTag::Equal => ' ',
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
            };
            out.push(Line {
                tag,
                text: change.value().clone(),
            });
        }
    }
    out
}

/// Writes one pseudo-file: headers and hunks.
fn file(out: &mut String, old: &str, new: &str, lines: &[Line]) {
    let changed: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].tag != ' ').collect();
    if changed.is_empty() {
        return;
    }
    let _ = writeln!(out, "--- {}", escape_terminal(old, false));
    let _ = writeln!(out, "+++ {}", escape_terminal(new, false));
    // Hunks: changes closer than 2 × CONTEXT share one.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &i in &changed {
        let lo = i.saturating_sub(CONTEXT);
        let hi = (i + CONTEXT + 1).min(lines.len());
        match groups.last_mut() {
            Some((_, end)) if lo <= *end => *end = hi,
            _ => groups.push((lo, hi)),
        }
    }
    for (lo, hi) in groups {
        let before = &lines[..lo];
        let count = |ls: &[Line], skip: char| ls.iter().filter(|l| l.tag != skip).count();
        let (a_before, b_before) = (count(before, '+'), count(before, '-'));
        let hunk = &lines[lo..hi];
        let (a_len, b_len) = (count(hunk, '+'), count(hunk, '-'));
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            range(a_before, a_len),
            range(b_before, b_len)
        );
        for l in hunk {
            let _ = writeln!(out, "{}{}", l.tag, escape_terminal(&l.text, false));
        }
    }
}

/// `start,len` as unified diffs write it (`start` alone when len is 1).
fn range(before: usize, len: usize) -> String {
    match len {
        0 => format!("{before},0"),
        1 => format!("{}", before + 1),
        n => format!("{},{n}", before + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(spec: &str) -> Vec<Line> {
        spec.chars()
            .enumerate()
            .map(|(i, tag)| Line {
                tag,
                text: format!("u{i}"),
            })
            .collect()
    }

    #[test]
    fn hunks_have_context_and_ranges() {
        let mut out = String::new();
        // 10 units; unit 5 removed and one added after it.
        file(&mut out, "a/X/s", "b/X/s", &lines("     -+   "));
        assert_eq!(
            out,
            "--- a/X/s\n+++ b/X/s\n@@ -3,7 +3,7 @@\n u2\n u3\n u4\n-u5\n+u6\n u7\n u8\n u9\n"
        );
        let mut out = String::new();
        file(&mut out, "/dev/null", "b/X/s", &lines("++"));
        assert_eq!(out, "--- /dev/null\n+++ b/X/s\n@@ -0,0 +1,2 @@\n+u0\n+u1\n");
        let mut out = String::new();
        file(&mut out, "a", "b", &lines("    "));
        assert_eq!(out, "");
    }
}
