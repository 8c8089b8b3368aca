//! `--format human`: the diff for reading.
//!
//! ```text
//! --- blu-ray (Blu-ray player)
//! +++ roku (Roku)
//! {device} stands for each device's own name and nouns; --raw shows the literal text
//!
//! NW-6-403 (content/articles/NW-6-403.json)
//!   restart-network "Restart your home network" (blu-ray line 61, roku line 480)
//!     ~ 1.    [-Turn off or unplug your {device}-]{+Unplug your device from power+}.
//!     - 3.    Plug in your modem and wait until no new indicator lights are blinking on. …
//!     + 3.    Wait 30 seconds.
//!     ~ 4.→9. [-Turn your {device} back on and try-]{+Try+} Netflix again.
//!     + note: Some modems and routers might take longer to reconnect.
//!   only in roku: what-next "What to do next" (line 610)
//!
//! 1 section differs, 1 only in roku, 2 identical (NW-6-403)
//! ```
//!
//! Each differing unit is one line: a prefix (`-` only the first device has
//! it, `+` only the second, `~` changed, ` ` unchanged context), its marker
//! (`1.`, or `3.→4.` when its number differs, `•`, `¶`, `note:`, `title:`)
//! and the text. A changed unit shows its removed and added words inline:
//! in colour, struck-through red and green; without colour, as
//! `[-removed-]{+added+}`. Moves show as a removed and an added line marked
//! `(moved up)` / `(moved down)` and `(moved here)`. Unchanged units more than [`CONTEXT`] units away from
//! a change collapse into `… N unchanged`. With nothing different, the
//! output is just the summary line.
//!
//! Content is untrusted: every piece of it goes through
//! [`crate::text::escape_terminal`], and without colour unit text is also
//! escaped ([`escape_markers`]) so that it can never forge a marker: a
//! literal `\` prints as `\\`, and the two-character sequences `[-`, `-]`,
//! `{+` and `+}` print with a `\` between their characters (`[\-`, `-\]`,
//! `{\+`, `+\}`); control characters print as `\u{1b}` (one backslash).
//! So plain output decodes unambiguously: `\\` is `\`, `\u{..}` a control
//! character, `\` before any other character that character, and every
//! unescaped `[-`…`-]` and `{+`…`+}` is nwlint's, the closing marker being
//! the first one after its opening marker (`tests/diff.rs` has a decoder).

use super::{ArticleDiff, Comparison, Item, SectionDiff, SectionSide, Status, summary};
use crate::compare::align::Op;
use crate::compare::words::{Segment, Spacing, escape_markers, marked, words};
use crate::text::escape_terminal;
use std::fmt::Write as _;

/// Unchanged units shown on each side of a change.
pub const CONTEXT: usize = 2;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
/// Removed words inside a changed unit: red and struck through, so they
/// stand apart from the added words without relying on colour alone.
const STRUCK: &str = "\x1b[31;9m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";

/// Renders the comparison for reading; `color` adds ANSI colours.
pub fn render(cmp: &Comparison, color: bool) -> String {
    let st = Style { color };
    if !cmp.has_differences() {
        return format!("{}\n", esc(&summary(cmp)));
    }
    let mut body = String::new();
    for art in &cmp.articles {
        article(&mut body, cmp, art, st);
    }
    let mut out = String::new();
    let side = |sign: &str, d: &super::DeviceSide| {
        st.paint(BOLD, &format!("{sign} {} ({})", esc(&d.id), esc(&d.name)))
    };
    let _ = writeln!(out, "{}", side("---", &cmp.a));
    let _ = writeln!(out, "{}", side("+++", &cmp.b));
    if cmp.normalized && body.contains(crate::normalize::DEVICE) {
        let _ = writeln!(
            out,
            "{}",
            st.paint(
                DIM,
                "{device} stands for each device's own name and nouns; --raw shows the literal text"
            )
        );
    }
    out.push_str(&body);
    let _ = writeln!(out, "\n{}", esc(&summary(cmp)));
    out
}

#[derive(Clone, Copy)]
struct Style {
    color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// Unit text: terminal-escaped, and marker-escaped without colour.
    fn text(self, s: &str) -> String {
        if self.color {
            esc(s)
        } else {
            esc(&escape_markers(s))
        }
    }
}

fn esc(s: &str) -> String {
    escape_terminal(s, false)
}

fn article(out: &mut String, cmp: &Comparison, art: &ArticleDiff, st: Style) {
    let shown = art.order.is_some() || art.sections.iter().any(|s| s.status != Status::Identical);
    if !shown {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        st.paint(BOLD, &format!("{} ({})", esc(&art.label), esc(&art.path)))
    );
    for sec in &art.sections {
        match sec.status {
            Status::Identical => {}
            Status::OnlyA | Status::OnlyB => {
                let (dev, side, code) = match (&sec.a, &sec.b) {
                    (Some(s), _) => (&cmp.a.id, s, RED),
                    (None, Some(s)) => (&cmp.b.id, s, GREEN),
                    (None, None) => continue,
                };
                let mut l = format!(
                    "  {} {}",
                    st.paint(code, &format!("only in {}:", esc(dev))),
                    heading(&sec.id, side),
                );
                let where_ = loc(side, &art.path);
                if !where_.is_empty() {
                    let _ = write!(l, " ({where_})");
                }
                let _ = writeln!(out, "{l}");
            }
            Status::Different => section(out, cmp, art, sec, st),
        }
    }
    if let Some((a, b)) = &art.order {
        let list = |ids: &[String]| esc(&ids.join(", "));
        let _ = writeln!(out, "  shared sections come in a different order:");
        let _ = writeln!(out, "    {}: {}", esc(&cmp.a.id), list(a));
        let _ = writeln!(out, "    {}: {}", esc(&cmp.b.id), list(b));
    }
}

/// `id "Title"`.
fn heading(id: &str, side: &SectionSide) -> String {
    format!("{} \"{}\"", esc(id), esc(&side.title))
}

/// Where a side's section is: `line 12`, or `path line 12` when it is not
/// in the article file (empty if unknown).
fn loc(side: &SectionSide, article_path: &str) -> String {
    let line = side.line.map(|l| format!("line {l}")).unwrap_or_default();
    if side.path == article_path {
        line
    } else {
        format!("{} {line}", esc(&side.path)).trim_end().to_string()
    }
}

/// One line of a section's unit diff, before layout.
struct Line {
    prefix: char,
    marker: String,
    note: Option<&'static str>,
    body: String,
}

fn section(out: &mut String, cmp: &Comparison, art: &ArticleDiff, sec: &SectionDiff, st: Style) {
    let (Some(sa), Some(sb)) = (&sec.a, &sec.b) else {
        return;
    };
    let mut head = format!("  {}", st.paint(BOLD, &heading(&sec.id, sa)));
    let places: Vec<String> = [(&cmp.a.id, sa), (&cmp.b.id, sb)]
        .into_iter()
        .map(|(dev, side)| (dev, loc(side, &art.path)))
        .filter(|(_, l)| !l.is_empty())
        .map(|(dev, l)| format!("{} {l}", esc(dev)))
        .collect();
    if !places.is_empty() {
        let _ = write!(head, " ({})", places.join(", "));
    }
    let _ = writeln!(out, "{head}");
    let (ia, ib) = (&sa.items, &sb.items);
    // The title is in the heading: show it only when it changed.
    let ops: Vec<(usize, Op)> = sec
        .ops
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Equal { a: 0, b: 0 }))
        .collect();
    let near_change = |k: usize| {
        let lo = k.saturating_sub(CONTEXT);
        let hi = (k + CONTEXT).min(ops.len() - 1);
        ops[lo..=hi].iter().any(|(_, op)| op.is_change())
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut hidden = 0usize;
    for (k, &(pos, op)) in ops.iter().enumerate() {
        if !op.is_change() && !near_change(k) {
            hidden += 1;
            continue;
        }
        if hidden > 0 {
            lines.push(collapsed(hidden));
            hidden = 0;
        }
        lines.push(line(op, pos, &sec.ops, ia, ib, st));
    }
    if hidden > 0 {
        lines.push(collapsed(hidden));
    }
    let width = lines
        .iter()
        .map(|l| l.marker.chars().count())
        .max()
        .unwrap_or(0);
    for l in &lines {
        let pad = width - l.marker.chars().count();
        let prefix = match l.prefix {
            '-' => st.paint(RED, "-"),
            '+' => st.paint(GREEN, "+"),
            '~' => st.paint(YELLOW, "~"),
            c => c.to_string(),
        };
        let note = l
            .note
            .map(|n| format!("{} ", st.paint(DIM, n)))
            .unwrap_or_default();
        let text = format!(
            "    {prefix} {}{:pad$} {note}{}",
            esc(&l.marker),
            "",
            l.body
        );
        let _ = writeln!(out, "{}", text.trim_end());
    }
}

fn collapsed(n: usize) -> Line {
    Line {
        prefix: ' ',
        marker: "…".into(),
        note: None,
        body: format!("{n} unchanged"),
    }
}

fn marker(a: &Item, b: &Item) -> String {
    let (ma, mb) = (a.kind.marker(), b.kind.marker());
    if ma == mb {
        ma
    } else {
        format!("{}→{}", ma.trim_start(), mb.trim_start())
    }
}

fn line(op: Op, pos: usize, all: &[Op], ia: &[Item], ib: &[Item], st: Style) -> Line {
    // Whether this op's move partner comes later in the section.
    let partner_later = |pred: &dyn Fn(&Op) -> bool| all[pos + 1..].iter().any(pred);
    match op {
        Op::Equal { a, b } => Line {
            prefix: ' ',
            marker: marker(&ia[a], &ib[b]),
            note: None,
            body: st.text(&ia[a].text),
        },
        Op::Changed { a, b } => {
            let segments = words(&ia[a].text, &ib[b].text);
            let body = if st.color {
                let mut body = String::new();
                for seg in segments {
                    body.push_str(&match seg {
                        Segment::Equal(t) => esc(&t),
                        Segment::Removed(t) => st.paint(STRUCK, &esc(&t)),
                        Segment::Added(t) => st.paint(GREEN, &esc(&t)),
                    });
                }
                body
            } else {
                esc(&marked(&segments, Spacing::Exact))
            };
            Line {
                prefix: '~',
                marker: marker(&ia[a], &ib[b]),
                note: None,
                body,
            }
        }
        Op::Removed { a, moved_to } => Line {
            prefix: '-',
            marker: ia[a].kind.marker(),
            note: moved_to.map(|to| {
                if partner_later(&|o| matches!(o, Op::Added { b, .. } if *b == to)) {
                    "(moved down)"
                } else {
                    "(moved up)"
                }
            }),
            body: st.paint(RED, &st.text(&ia[a].text)),
        },
        Op::Added { b, moved_from } => Line {
            prefix: '+',
            marker: ib[b].kind.marker(),
            note: moved_from.map(|_| "(moved here)"),
            body: st.paint(GREEN, &st.text(&ib[b].text)),
        },
    }
}
