//! `--format json`: the comparison as one JSON document, for tools.
//!
//! The shape is versioned: `"version": 1` changes only by adding members;
//! anything else bumps the version. Characters that could drive a terminal
//! (DEL, C1 and bidi controls, which JSON need not escape) are written as
//! `\uXXXX` escapes, like C0 controls.
//!
//! ```json
//! {
//!   "version": 1,
//!   "a": { "id": "blu-ray", "name": "Blu-ray player" },
//!   "b": { "id": "roku", "name": "Roku" },
//!   "normalized": true,
//!   "differences": true,
//!   "summary": { "different": 1, "only_a": 0, "only_b": 0, "identical": 2,
//!                "reordered": 0, "articles": 1, "one_sided_articles": 0,
//!                "text": "1 section differs, 2 identical (NW-6-403)" },
//!   "articles": [ {
//!     "code": "NW-6-403", "locale": "en-US",
//!     "path": "content/articles/NW-6-403.json",
//!     "section_order": null,
//!     "sections": [ {
//!       "id": "restart-network",
//!       "status": "different",
//!       "a": { "title": "Restart your home network", "path": "…", "line": 61 },
//!       "b": { "title": "Restart your home network", "path": "…", "line": 480 },
//!       "units": [
//!         { "op": "changed",
//!           "a": { "kind": "step", "number": 1, "text": "…", "raw": "…",
//!                  "path": "…", "pointer": "/devices/0/sections/1/blocks/0/items/0/text",
//!                  "line": 69 },
//!           "b": { … },
//!           "words": [ { "op": "removed", "text": "…" }, { "op": "added", "text": "…" },
//!                      { "op": "equal", "text": "." } ] },
//!         { "op": "added", "b": { … }, "moved_from": null }
//!       ]
//!     } ]
//!   } ]
//! }
//! ```
//!
//! * `normalized`: `true` unless `--raw`; `text` is the compared text
//!   (device words as `{device}`), `raw` the literal text.
//! * `status`: `identical`, `different`, `only-a`, `only-b`. `a`/`b` are
//!   `null` for the device that lacks the section.
//! * `units`: for `different` sections, the full alignment in reading
//!   order — ops `equal`, `changed` (with `words`), `removed` (`a`, and
//!   `moved_to`: the index into `b`'s units when the unit moved, else
//!   `null`), `added` (`b`, `moved_from`). For `only-a`/`only-b` sections,
//!   every unit as `removed`/`added`. Absent for `identical` sections.
//! * Unit `kind`: `title`, `paragraph`, `note`, `step` (with `number`, its
//!   1-based number in its list), `step-bullet`, `bullet`. `pointer` is the
//!   JSON pointer of the text in the file at `path` (a snippet file for
//!   single-sourced sections); `line` is 1-based, `null` if unknown.
//! * `section_order`: `null`, or `{ "a": [ids], "b": [ids] }` when the
//!   shared sections come in a different order.

use super::{ArticleDiff, Comparison, Item, SectionDiff, SectionSide, Status, summary};
use crate::compare::align::Op;
use crate::compare::words::{Segment, words};
use crate::normalize::UnitKind;
use serde::Serialize;

/// The version of the JSON shape.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    a: Device<'a>,
    b: Device<'a>,
    normalized: bool,
    differences: bool,
    summary: Summary,
    articles: Vec<Article<'a>>,
}

#[derive(Serialize)]
struct Device<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Summary {
    different: usize,
    only_a: usize,
    only_b: usize,
    identical: usize,
    reordered: usize,
    articles: usize,
    one_sided_articles: usize,
    text: String,
}

#[derive(Serialize)]
struct Article<'a> {
    code: &'a str,
    locale: Option<&'a str>,
    path: &'a str,
    section_order: Option<Order<'a>>,
    sections: Vec<Section<'a>>,
}

#[derive(Serialize)]
struct Order<'a> {
    a: &'a [String],
    b: &'a [String],
}

#[derive(Serialize)]
struct Section<'a> {
    id: &'a str,
    status: &'static str,
    a: Option<Side<'a>>,
    b: Option<Side<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    units: Option<Vec<Unit<'a>>>,
}

#[derive(Serialize)]
struct Side<'a> {
    title: &'a str,
    path: &'a str,
    line: Option<usize>,
}

#[derive(Serialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
enum Unit<'a> {
    Equal {
        a: UnitRef<'a>,
        b: UnitRef<'a>,
    },
    Changed {
        a: UnitRef<'a>,
        b: UnitRef<'a>,
        words: Vec<Word>,
    },
    Removed {
        a: UnitRef<'a>,
        moved_to: Option<usize>,
    },
    Added {
        b: UnitRef<'a>,
        moved_from: Option<usize>,
    },
}

#[derive(Serialize)]
struct UnitRef<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<usize>,
    text: &'a str,
    raw: &'a str,
    path: &'a str,
    pointer: &'a str,
    line: Option<usize>,
}

#[derive(Serialize)]
struct Word {
    op: &'static str,
    text: String,
}

/// Renders the comparison as pretty-printed JSON (with a final newline).
pub fn render(cmp: &Comparison) -> String {
    let c = cmp.counts();
    let doc = Doc {
        version: VERSION,
        a: Device {
            id: &cmp.a.id,
            name: &cmp.a.name,
        },
        b: Device {
            id: &cmp.b.id,
            name: &cmp.b.name,
        },
        normalized: cmp.normalized,
        differences: cmp.has_differences(),
        summary: Summary {
            different: c.different,
            only_a: c.only_a,
            only_b: c.only_b,
            identical: c.identical,
            reordered: c.reordered,
            articles: cmp.articles.len(),
            one_sided_articles: cmp.one_sided,
            text: summary(cmp),
        },
        articles: cmp.articles.iter().map(article).collect(),
    };
    // Plain structs of strings and numbers always serialize.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| {
        serde_json::json!({ "version": VERSION, "error": e.to_string() }).to_string()
    });
    text.push('\n');
    crate::text::escape_json_terminal(text)
}

fn article(art: &ArticleDiff) -> Article<'_> {
    Article {
        code: &art.code,
        locale: art.locale.as_deref(),
        path: &art.path,
        section_order: art.order.as_ref().map(|(a, b)| Order { a, b }),
        sections: art.sections.iter().map(section).collect(),
    }
}

fn side(s: &SectionSide) -> Side<'_> {
    Side {
        title: &s.title,
        path: &s.path,
        line: s.line,
    }
}

fn section(sec: &SectionDiff) -> Section<'_> {
    let (ia, ib) = (sec.items_a(), sec.items_b());
    let units = match sec.status {
        Status::Identical => None,
        Status::OnlyA => Some(
            ia.iter()
                .map(|i| Unit::Removed {
                    a: unit(i),
                    moved_to: None,
                })
                .collect(),
        ),
        Status::OnlyB => Some(
            ib.iter()
                .map(|i| Unit::Added {
                    b: unit(i),
                    moved_from: None,
                })
                .collect(),
        ),
        Status::Different => Some(
            sec.ops
                .iter()
                .map(|op| match *op {
                    Op::Equal { a, b } => Unit::Equal {
                        a: unit(&ia[a]),
                        b: unit(&ib[b]),
                    },
                    Op::Changed { a, b } => Unit::Changed {
                        a: unit(&ia[a]),
                        b: unit(&ib[b]),
                        words: words(&ia[a].text, &ib[b].text)
                            .into_iter()
                            .map(|s| match s {
                                Segment::Equal(text) => Word { op: "equal", text },
                                Segment::Removed(text) => Word {
                                    op: "removed",
                                    text,
                                },
                                Segment::Added(text) => Word { op: "added", text },
                            })
                            .collect(),
                    },
                    Op::Removed { a, moved_to } => Unit::Removed {
                        a: unit(&ia[a]),
                        moved_to,
                    },
                    Op::Added { b, moved_from } => Unit::Added {
                        b: unit(&ib[b]),
                        moved_from,
                    },
                })
                .collect(),
        ),
    };
    Section {
        id: &sec.id,
        status: sec.status.as_str(),
        a: sec.a.as_ref().map(side),
        b: sec.b.as_ref().map(side),
        units,
    }
}

fn unit(item: &Item) -> UnitRef<'_> {
    UnitRef {
        kind: item.kind.name(),
        number: match item.kind {
            super::ItemKind::Unit(UnitKind::Step(n)) => Some(n),
            _ => None,
        },
        text: &item.text,
        raw: &item.raw,
        path: &item.path,
        pointer: &item.pointer,
        line: item.line,
    }
}
