//! Walks every piece of rich text in an article with its JSON pointer, so
//! rules can point at the exact value they complain about.

use crate::hash::Sharded;
use crate::model::{Article, Block, Inline};
use std::fmt::Write;
use std::marker::PhantomData;

/// Where a piece of text sits.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// Index of the device entry, if the text belongs to one.
    pub device: Option<(usize, &'a str)>,
    /// Index and id of the section, if the text belongs to one.
    pub section: Option<(usize, &'a str)>,
}

/// Section bodies a rule found nothing in, by the address of their shared
/// allocation ([`crate::model::intern`]): a body copied into many devices
/// and articles is walked once per run, not once per copy.
///
/// Sound only for rules whose findings in a body depend on the body alone
/// (and on what is fixed for the run). Addresses are not kept alive here:
/// the lifetime ties the memo to the articles it was filled from, so it
/// cannot outlive them (no address is reused for another body meanwhile).
#[derive(Default)]
pub struct Clean<'a> {
    bodies: Sharded<usize, ()>,
    /// Invariant in `'a`: a memo filled from long-lived articles cannot be
    /// lent to a walk over shorter-lived ones.
    corpus: Invariant<'a>,
}

/// A marker invariant in `'a` (and `Send + Sync`, unlike a `Cell`).
type Invariant<'a> = PhantomData<fn(&'a [Block]) -> &'a [Block]>;

impl<'a> Clean<'a> {
    fn contains(&self, body: &'a [Block]) -> bool {
        self.bodies.get(&(body.as_ptr() as usize)).is_some()
    }

    fn insert(&self, body: &'a [Block]) {
        self.bodies.insert(body.as_ptr() as usize, ());
    }
}

/// Calls `f(out, pointer, text, place)` for every [`Inline`] of the
/// article, in document order. Snippet-sourced sections are skipped: their
/// text lives in the snippet file. Section bodies `clean` knows are skipped
/// too, and a body in which `f` added nothing to `out` is added to `clean`.
pub fn inlines<'a, T>(
    article: &'a Article,
    clean: &Clean<'a>,
    out: &mut Vec<T>,
    mut f: impl FnMut(&mut Vec<T>, &str, &'a Inline, Place<'a>),
) {
    let top = Place {
        device: None,
        section: None,
    };
    f(out, "/intro", &article.intro, top);
    f(out, "/summary", &article.summary, top);
    // One buffer for every pointer of the article (no allocation per text).
    let mut base = String::with_capacity(64);
    for (di, entry) in article.devices.iter().enumerate() {
        for (si, section) in entry.sections.iter().enumerate() {
            if section.snippet.is_some() || clean.contains(&section.blocks) {
                continue;
            }
            let place = Place {
                device: Some((di, &entry.device)),
                section: Some((si, &section.id)),
            };
            base.clear();
            let _ = write!(base, "/devices/{di}/sections/{si}/blocks");
            let before = out.len();
            blocks(&base, &section.blocks, place, &mut |p, t, place| {
                f(out, p, t, place)
            });
            if out.len() == before {
                clean.insert(&section.blocks);
            }
        }
    }
    if let Some(fb) = &article.fallback {
        blocks("/fallback/blocks", &fb.blocks, top, &mut |p, t, place| {
            f(out, p, t, place)
        });
    }
}

/// Calls `f` for every [`Inline`] of a list of blocks at `base`.
pub fn blocks<'a>(
    base: &str,
    list: &'a [Block],
    place: Place<'a>,
    f: &mut impl FnMut(&str, &'a Inline, Place<'a>),
) {
    // Pointers are written into one buffer, truncated back to each prefix.
    let mut p = String::with_capacity(base.len() + 32);
    p.push_str(base);
    for (bi, block) in list.iter().enumerate() {
        p.truncate(base.len());
        let _ = write!(p, "/{bi}");
        let block_len = p.len();
        match block {
            Block::Paragraph { text } | Block::Note { text } => {
                p.push_str("/text");
                f(&p, text, place)
            }
            Block::Bullets { items } => {
                for (ii, item) in items.iter().enumerate() {
                    p.truncate(block_len);
                    let _ = write!(p, "/items/{ii}");
                    f(&p, item, place);
                }
            }
            Block::Steps { items } => {
                for (ii, step) in items.iter().enumerate() {
                    p.truncate(block_len);
                    let _ = write!(p, "/items/{ii}");
                    let item_len = p.len();
                    p.push_str("/text");
                    f(&p, &step.text, place);
                    for (bj, b) in step.bullets.iter().enumerate() {
                        p.truncate(item_len);
                        let _ = write!(p, "/bullets/{bj}");
                        f(&p, b, place);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three devices: ps4 and roku share a body with a code-like word,
    /// xbox has a clean body of its own.
    fn article() -> Article {
        let dirty = r#"[{"type": "paragraph", "text": "See NW-1-2."}]"#;
        let clean = r#"[{"type": "paragraph", "text": "Restart."}]"#;
        let entry = |device: &str, body: &str| {
            format!(
                r#"{{"device": "{device}", "sections": [{{"id": "s", "title": "T", "blocks": {body}}}]}}"#
            )
        };
        let json = format!(
            r#"{{"$schema": "x", "code": "A-1", "title": "t", "intro": "i", "messages": [], "summary": "s",
                "devices": [{}, {}, {}]}}"#,
            entry("ps4", dirty),
            entry("xbox", clean),
            entry("roku", dirty)
        );
        serde_json::from_str(&json).unwrap()
    }

    /// Walks like a rule that reports every text containing `NW-`.
    fn walk<'a>(a: &'a Article, clean: &Clean<'a>) -> (Vec<String>, Vec<String>) {
        let mut visited = Vec::new();
        let mut found = Vec::new();
        inlines(a, clean, &mut found, |out, pointer, text, _| {
            visited.push(pointer.to_string());
            if matches!(text, Inline::Plain(t) if t.contains("NW-")) {
                out.push(pointer.to_string());
            }
        });
        (visited, found)
    }

    #[test]
    fn clean_bodies_are_skipped_and_bodies_with_findings_never_are() {
        let a = article();
        let clean = Clean::default();
        let (visited, found) = walk(&a, &clean);
        let every = [
            "/intro",
            "/summary",
            "/devices/0/sections/0/blocks/0/text",
            "/devices/1/sections/0/blocks/0/text",
            "/devices/2/sections/0/blocks/0/text",
        ];
        assert_eq!(visited, every);
        let dirty = [
            "/devices/0/sections/0/blocks/0/text",
            "/devices/2/sections/0/blocks/0/text",
        ];
        assert_eq!(found, dirty);
        // Again with what the first walk learnt: the clean body is skipped,
        // the shared body with a finding is still reported for each device.
        let (visited, found) = walk(&a, &clean);
        assert_eq!(visited, [every[0], every[1], every[2], every[4]]);
        assert_eq!(found, dirty);
    }
}
