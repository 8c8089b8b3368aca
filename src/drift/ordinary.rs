//! Nouns that are ordinary words: a device noun such as "computer" (for a
//! `windows` device) also occurs in other devices' copies of a section as
//! plain text ("Using a computer, phone, or tablet…"). Within one article
//! and section, a device's word that another device's copy uses (and that
//! device does not register) is read as text in that device's copy, not
//! as the device's name, so the copies still compare equal.

use crate::model::Section;
use crate::normalize::{Normalizer, flatten, unit_texts, words_used};
use std::sync::Arc;

/// The registered words (of any device) a copy's title and body contain,
/// remembered by title and body (see [`super::memo`]).
pub type Found = super::memo::CopyMemo<Arc<[String]>>;

/// Every registered word (of any device) that occurs in `section`.
fn found_in(norm: &Normalizer, section: &Section) -> Arc<[String]> {
    let mut texts = vec![section.title.clone().unwrap_or_default()];
    texts.extend(
        unit_texts(&section.blocks)
            .iter()
            .map(|u| flatten(u.text, false)),
    );
    let mut out: Vec<String> = Vec::new();
    for words in norm.all_words() {
        for t in &texts {
            for (_, _, w) in words_used(t, words) {
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
    }
    out.into()
}

/// For each copy of one section of one article (`copies`: device and
/// section), the words of its device that are text there: another
/// device's copy contains them and that device does not register them.
pub fn text_words(
    norm: &Normalizer,
    found: &Found,
    copies: &[(&str, &Section)],
) -> Vec<Option<Arc<[String]>>> {
    let devices: Vec<&str> = copies.iter().map(|c| c.0).collect();
    let any_shared = copies.len() > 1 && devices.iter().any(|d| !norm.words(d).is_empty());
    if !any_shared {
        return vec![None; copies.len()];
    }
    let present: Vec<Arc<[String]>> = (copies.iter())
        .map(|(_, s)| found.get("", s, || found_in(norm, s)))
        .collect();
    let owns = |device: &str, w: &str| norm.words(device).iter().any(|x| x.eq_ignore_ascii_case(w));
    (copies.iter().enumerate())
        .map(|(i, (device, _))| {
            let text: Vec<String> = (norm.words(device).iter())
                .filter(|w| {
                    (copies.iter().enumerate()).any(|(j, (other, _))| {
                        j != i
                            && other != device
                            && !owns(other, w)
                            && present[j].iter().any(|p| p.eq_ignore_ascii_case(w))
                    })
                })
                .cloned()
                .collect();
            (!text.is_empty()).then(|| text.into())
        })
        .collect()
}
