//! Nouns that are ordinary words: a device noun such as "computer" (for a
//! `windows` device) also occurs in other devices' copies of a section as
//! plain text ("Using a computer, phone, or tablet…"). Within one article
//! and section, a device's word that another device's copy uses (and that
//! device does not register) is read as text in that device's copy, not
//! as the device's name, so the copies still compare equal.

use crate::model::Section;
use crate::normalize::{Normalizer, flatten, unit_texts, words_used};
use std::sync::Arc;

/// The words of other devices a device's copy contains that the device
/// itself does not register, remembered by device, title and body (see
/// [`super::memo`]): empty for nearly every copy.
pub type Found = super::memo::CopyMemo<Arc<[String]>>;

/// Whether `device` registers `w`.
fn owns(norm: &Normalizer, device: &str, w: &str) -> bool {
    norm.words(device).iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// Every registered word of another device that occurs in `device`'s copy
/// `section` and that `device` does not register.
fn foreign(norm: &Normalizer, device: &str, section: &Section) -> Arc<[String]> {
    let mut texts = vec![section.title.clone().unwrap_or_default()];
    texts.extend(
        unit_texts(&section.blocks)
            .iter()
            .map(|u| flatten(u.text, false)),
    );
    let mine = norm.words(device);
    let mut out: Vec<String> = Vec::new();
    for words in norm.all_words().filter(|w| !std::ptr::eq(*w, mine)) {
        for t in &texts {
            for (_, _, w) in words_used(t, words) {
                if !out.contains(&w) && !owns(norm, device, &w) {
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
    let none = || vec![None; copies.len()];
    if copies.len() < 2 {
        return none();
    }
    let present: Vec<Arc<[String]>> = (copies.iter())
        .map(|(d, s)| found.get(d, s, || foreign(norm, d, s)))
        .collect();
    if present.iter().all(|p| p.is_empty()) {
        return none();
    }
    (copies.iter().enumerate())
        .map(|(i, (device, _))| {
            let text: Vec<String> = (norm.words(device).iter())
                .filter(|w| {
                    (copies.iter().enumerate()).any(|(j, (other, _))| {
                        j != i
                            && other != device
                            && present[j].iter().any(|p| p.eq_ignore_ascii_case(w))
                    })
                })
                .cloned()
                .collect();
            (!text.is_empty()).then(|| text.into())
        })
        .collect()
}
