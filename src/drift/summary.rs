//! What cross-article drift needs from an article that is not loaded: its
//! summary in the persisted index ([`crate::cache`]), for `nwlint check
//! FILE…` in a large tree.
//!
//! Per section group (as [`super::view::article`] builds it): the section
//! id and every device's copy — entry and section indices, device, whether
//! it is literal, and the digest of its normalized text. From these the
//! group's variants, its reference (ties are broken again across the whole
//! corpus, as a full run does), the exact classes across articles and the
//! outlier set are rebuilt exactly. The LSH band keys of each variant that
//! can become the reference (those shared by the most devices) are stored
//! once per text in the index's shared table ([`Computed::shared`]), so
//! near-copy candidates are found without the text. The article's intended
//! marks are kept too: they remove its members from
//! cross-article findings. When a finding needs another article's text
//! (a word diff, a label), that one file is loaded.

use super::lsh;
use super::view::{ArticleView, Digest, Group, Text};
use crate::cache::Computed;
use crate::diag::FileId;
use crate::hash::SmallMap;
use crate::model::{Article, DeviceEntry, Inline, Intended, Section};
use crate::normalize::Normalizer;
use crate::wire::{Reader, put};
use std::sync::LazyLock;

/// Version of the encoding; part of the index context.
pub const VERSION: &str = "nwlint-drift-summary-v4";

/// One copy of a section, as summarized.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CopyRec {
    di: u32,
    si: u32,
    device: u16,
    literal: bool,
    hash: Digest,
}

/// A decoded summary: a stand-in article (code, locale, and the sections
/// that carry intended marks, with those marks) plus what its view needs.
#[derive(Debug)]
pub struct Summary {
    pub article: Article,
    devices: Vec<String>,
    groups: Vec<(String, Vec<CopyRec>)>,
}

/// The shared-table form of a text's LSH band keys.
pub fn encode_bands(bands: &[u64; lsh::BANDS]) -> Vec<u8> {
    bands.iter().flat_map(|b| b.to_le_bytes()).collect()
}

/// Band keys back from [`encode_bands`]; `None` if malformed.
pub fn decode_bands(bytes: &[u8]) -> Option<[u64; lsh::BANDS]> {
    if bytes.len() != 8 * lsh::BANDS {
        return None;
    }
    let mut out = [0u64; lsh::BANDS];
    for (x, c) in out.iter_mut().zip(bytes.chunks_exact(8)) {
        *x = u64::from_le_bytes(c.try_into().ok()?);
    }
    Some(out)
}

/// Digests of the texts shared by the most devices of each group (each
/// may become the group's reference once ties are broken), in order.
fn candidates<'h>(groups: impl Iterator<Item = &'h [Digest]>) -> Vec<Digest> {
    let mut out = Vec::new();
    let mut counts: SmallMap<Digest, usize> = SmallMap::default();
    for hashes in groups {
        counts.clear();
        for &h in hashes {
            match counts.get_mut(&h) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(h, 1);
                }
            }
        }
        let top = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        out.extend(counts.iter().filter(|(_, n)| **n == top).map(|(h, _)| *h));
    }
    out
}

/// The normalizer summaries are made with (the registry's device words
/// and the config's extra nouns).
pub fn normalizer(
    corpus: &crate::corpus::Corpus,
    nouns: &std::collections::BTreeMap<String, Vec<String>>,
) -> Normalizer {
    let empty = crate::model::DeviceRegistry {
        schema: String::new(),
        devices: Vec::new(),
    };
    let registry = corpus.registry.as_ref().map_or(&empty, |r| &r.value);
    Normalizer::new(registry, nouns)
}

/// The summary of an article (snippets resolved), with the LSH band keys
/// ([`encode_bands`]) of the texts that may be its references, for those
/// `known` does not have yet (they go to the index's shared table).
pub fn summarize(norm: &Normalizer, article: &Article, known: &dyn Fn(Digest) -> bool) -> Computed {
    summarize_with(norm, &super::view::Digests::default(), article, known)
}

/// [`summarize`], with section digests remembered across articles.
pub fn summarize_with(
    norm: &Normalizer,
    memo: &super::view::Digests,
    article: &Article,
    known: &dyn Fn(Digest) -> bool,
) -> Computed {
    let view = super::view::article_with(norm, memo, 0, 0, article, "");
    encode(norm, &view, known)
}

/// Encodes the summary of an indexed article (its view as built by
/// [`super::view::article`], before ties are broken).
pub fn encode(norm: &Normalizer, view: &ArticleView, known: &dyn Fn(Digest) -> bool) -> Computed {
    let mut out = Vec::with_capacity(1024);
    let mut devices: Vec<String> = Vec::new();
    let mut device_ids: SmallMap<String, u16> = SmallMap::default();
    // An index past u16 comes with a device entry index past 1 << 16,
    // which `decode` refuses (the article is then loaded in full).
    let mut dev = |d: &str| -> u16 {
        if let Some(&i) = device_ids.get(d) {
            return i;
        }
        let i = devices.len() as u16;
        devices.push(d.to_string());
        device_ids.insert(d.to_string(), i);
        i
    };
    let mut body = Vec::new();
    body.extend_from_slice(&(view.groups.len() as u32).to_le_bytes());
    let mut bands: Vec<(Digest, Vec<u8>)> = Vec::new();
    let mut banded: SmallMap<Digest, ()> = SmallMap::default();
    for g in &view.groups {
        put(&mut body, g.id.as_bytes());
        body.extend_from_slice(&(g.copies.len() as u32).to_le_bytes());
        for c in &g.copies {
            body.extend_from_slice(&(c.di as u32).to_le_bytes());
            body.extend_from_slice(&(c.si as u32).to_le_bytes());
            body.extend_from_slice(&dev(c.device).to_le_bytes());
            body.push(u8::from(c.literal()));
            body.extend_from_slice(&c.hash.to_le_bytes());
        }
        let top = g.variants[0].len();
        for var in g.variants.iter().take_while(|v| v.len() == top) {
            let c = &g.copies[var[0]];
            if !known(c.hash) && banded.insert(c.hash, ()) {
                let sig = super::across::signature(&Text::of(norm, c));
                bands.push((c.hash, encode_bands(&lsh::bands(&sig))));
            }
        }
    }
    // Intended marks, wherever they are.
    let mut marks = Vec::new();
    for (di, entry) in view.article.devices.iter().enumerate() {
        for (si, s) in entry.sections.iter().enumerate() {
            for m in &s.intended {
                marks.push((di, si, &entry.device, &s.id, &m.rule));
            }
        }
    }
    body.extend_from_slice(&(marks.len() as u32).to_le_bytes());
    for (di, si, device, id, rule) in marks {
        body.extend_from_slice(&(di as u32).to_le_bytes());
        body.extend_from_slice(&(si as u32).to_le_bytes());
        put(&mut body, device.as_bytes());
        put(&mut body, id.as_bytes());
        put(&mut body, rule.as_bytes());
    }
    out.extend_from_slice(&(devices.len() as u32).to_le_bytes());
    for d in &devices {
        put(&mut out, d.as_bytes());
    }
    out.extend_from_slice(&body);
    Computed {
        payload: out,
        shared: bands,
    }
}

/// The digests whose band keys a summary's readers may look up (see
/// [`Computed::shared`]); `None` if the payload is malformed.
pub fn band_digests(payload: &[u8]) -> Option<Vec<Digest>> {
    let s = decode("", None, payload)?;
    let hashes: Vec<Vec<Digest>> = s
        .groups
        .iter()
        .map(|(_, copies)| copies.iter().map(|c| c.hash).collect())
        .collect();
    Some(candidates(hashes.iter().map(Vec::as_slice)))
}

/// Stand-ins for a summarized copy's section: only `snippet.is_none()`
/// (literal or single-sourced) is read from them.
static LITERAL: LazyLock<Section> = LazyLock::new(|| stub(""));
static SNIPPET: LazyLock<Section> = LazyLock::new(|| Section {
    snippet: Some(String::new()),
    ..stub("")
});

fn stub(id: &str) -> Section {
    Section {
        id: id.to_string(),
        title: None,
        blocks: crate::model::intern::none(),
        snippet: None,
        intended: Vec::new(),
    }
}

/// Decodes a summary of article `code`; `None` if it is malformed.
pub fn decode(code: &str, locale: Option<&str>, payload: &[u8]) -> Option<Summary> {
    let mut r = Reader::new(payload);
    let n = r.count(4)?;
    let mut devices = Vec::with_capacity(n);
    for _ in 0..n {
        devices.push(r.str()?);
    }
    let mut entries: Vec<DeviceEntry> = Vec::new();
    let slot = |entries: &mut Vec<DeviceEntry>, di: usize, si: usize, device: &str| {
        if entries.len() <= di {
            entries.resize_with(di + 1, || DeviceEntry {
                device: String::new(),
                sections: Vec::new(),
            });
        }
        let e = &mut entries[di];
        if e.device.is_empty() {
            e.device = device.to_string();
        }
        if e.sections.len() <= si {
            e.sections.resize_with(si + 1, || stub(""));
        }
    };
    let ng = r.count(8)?;
    let mut groups = Vec::with_capacity(ng);
    for _ in 0..ng {
        let id = r.str()?;
        let nc = r.count(27)?;
        let mut copies = Vec::with_capacity(nc);
        for _ in 0..nc {
            let di = r.u32()?;
            let si = r.u32()?;
            let device = r.u16()?;
            let literal = r.take(1)?[0] != 0;
            let hash = r.u128()?;
            // Indices come from an article; a huge one means corruption.
            if di >= 1 << 16 || si >= 1 << 16 || usize::from(device) >= devices.len() {
                return None;
            }
            copies.push(CopyRec {
                di,
                si,
                device,
                literal,
                hash,
            });
        }
        groups.push((id.to_string(), copies));
    }
    let nm = r.count(20)?;
    for _ in 0..nm {
        let di = r.u32()? as usize;
        let si = r.u32()? as usize;
        let device = r.str()?;
        let id = r.str()?;
        let rule = r.str()?;
        if di > 1 << 16 || si > 1 << 16 {
            return None;
        }
        slot(&mut entries, di, si, device);
        let sec = &mut entries[di].sections[si];
        sec.id = id.to_string();
        sec.intended.push(Intended {
            rule: rule.to_string(),
            reason: String::new(),
        });
    }
    if !r.at_end() {
        return None;
    }
    Some(Summary {
        devices: devices.iter().map(|d| d.to_string()).collect(),
        article: Article {
            schema: String::new(),
            code: code.to_string(),
            locale: locale.map(str::to_string),
            title: String::new(),
            intro: Inline::Plain(String::new()),
            messages: Vec::new(),
            summary: Inline::Plain(String::new()),
            devices: entries,
            fallback: None,
            related: None,
        },
        groups,
    })
}

impl Summary {
    /// The article's view, as [`super::view::article`] built it from the
    /// full text (before ties are broken), at `file`.
    pub fn view<'a>(
        &'a self,
        index: usize,
        file: FileId,
        default_locale: &'a str,
    ) -> ArticleView<'a> {
        let art = &self.article;
        let mut devices: Vec<(usize, &str)> = Vec::new();
        let mut listed: SmallMap<usize, ()> = SmallMap::default();
        let groups = self
            .groups
            .iter()
            .map(|(id, copies)| {
                let copies = copies
                    .iter()
                    .map(|c| {
                        let di = c.di as usize;
                        let device = self.devices[usize::from(c.device)].as_str();
                        if listed.insert(di, ()) {
                            devices.push((di, device));
                        }
                        super::view::DeviceCopy {
                            di,
                            si: c.si as usize,
                            device,
                            // Only whether it is literal is read.
                            section: if c.literal { &LITERAL } else { &SNIPPET },
                            hash: c.hash,
                            body: 0,
                            text_words: None,
                        }
                    })
                    .collect();
                Group::new(id, copies)
            })
            .collect();
        devices.sort_unstable();
        ArticleView {
            index,
            file,
            article: art,
            locale: art.locale.as_deref().unwrap_or(default_locale),
            devices,
            groups,
            fallback_body: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_the_most_shared_texts_of_each_group() {
        // Group 1: a majority text; group 2: a tie between two texts.
        let groups: [&[Digest]; 2] = [&[5, 5, 6], &[7, 8, 8, 7, 9]];
        assert_eq!(candidates(groups.into_iter()), [5, 7, 8]);
    }

    #[test]
    fn band_keys_round_trip() {
        let mut bands = [0u64; lsh::BANDS];
        for (i, b) in bands.iter_mut().enumerate() {
            *b = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        assert_eq!(decode_bands(&encode_bands(&bands)), Some(bands));
        assert_eq!(decode_bands(&[0; 7]), None);
    }

    #[test]
    fn summaries_name_the_digests_their_band_keys_are_stored_under() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let registry: crate::model::DeviceRegistry =
            serde_json::from_slice(&std::fs::read(root.join("devices.json")).unwrap()).unwrap();
        let article: Article =
            serde_json::from_slice(&std::fs::read(root.join("articles/NW-6-403.json")).unwrap())
                .unwrap();
        let norm = Normalizer::new(&registry, &Default::default());
        let c = summarize(&norm, &article, &|_| false);
        let named = band_digests(&c.payload).unwrap();
        let stored: Vec<Digest> = c.shared.iter().map(|(d, _)| *d).collect();
        let mut dedup = named.clone();
        dedup.sort_unstable();
        dedup.dedup();
        let mut sorted = stored.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, dedup);
        // Known digests are not computed again.
        let again = summarize(&norm, &article, &|d| stored.contains(&d));
        assert!(again.shared.is_empty());
        assert_eq!(again.payload, c.payload);
    }
}
