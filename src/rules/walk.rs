//! Walks every piece of rich text in an article with its JSON pointer, so
//! rules can point at the exact value they complain about.

use crate::model::{Article, Block, Inline};
use std::fmt::Write;

/// Where a piece of text sits.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// Index of the device entry, if the text belongs to one.
    pub device: Option<(usize, &'a str)>,
    /// Index and id of the section, if the text belongs to one.
    pub section: Option<(usize, &'a str)>,
}

/// Calls `f(pointer, text, place)` for every [`Inline`] of the article, in
/// document order. Snippet-sourced sections are skipped: their text lives in
/// the snippet file.
pub fn inlines<'a>(article: &'a Article, mut f: impl FnMut(&str, &'a Inline, Place<'a>)) {
    let top = Place {
        device: None,
        section: None,
    };
    f("/intro", &article.intro, top);
    f("/summary", &article.summary, top);
    // One buffer for every pointer of the article (no allocation per text).
    let mut base = String::with_capacity(64);
    for (di, entry) in article.devices.iter().enumerate() {
        for (si, section) in entry.sections.iter().enumerate() {
            if section.snippet.is_some() {
                continue;
            }
            let place = Place {
                device: Some((di, &entry.device)),
                section: Some((si, &section.id)),
            };
            base.clear();
            let _ = write!(base, "/devices/{di}/sections/{si}/blocks");
            blocks(&base, &section.blocks, place, &mut f);
        }
    }
    if let Some(fb) = &article.fallback {
        blocks("/fallback/blocks", &fb.blocks, top, &mut f);
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
