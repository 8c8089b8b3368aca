//! The drift view of one article: every device's copy of every section,
//! normalized and hashed, grouped by section id into variants.
//!
//! Only hashes are kept per copy; the normalized text is rebuilt for the few
//! copies a finding needs to diff or point into, so memory stays about the
//! size of the section count, not of the text.

use super::worddiff::{Side, Spot};
use crate::diag::{FileId, Loc};
use crate::hash::Hasher128;
use crate::hash::SmallMap;
use crate::model::{Article, Block, Inline, Section};
use crate::normalize::{Normalizer, Scratch, Unit, UnitKind, unit_texts, visit_units};
use std::hash::Hash;
use std::sync::Arc;

/// A 128-bit digest of normalized text ([`Hasher128`] with a fixed seed,
/// so the same text has the same digest in every run and in the persisted
/// index): collisions are not a practical concern at any corpus size.
pub type Digest = u128;

/// Digests a normalized section: its title (if any) and its units, each by
/// its kind (without the step number) and text.
pub fn digest(title: Option<&str>, units: &[Unit]) -> Digest {
    let mut d = Digester::new(title);
    for u in units {
        d.unit(u.kind, &u.text);
    }
    d.finish()
}

/// [`digest`], fed one unit at a time.
pub struct Digester(Hasher128);

impl Digester {
    pub fn new(title: Option<&str>) -> Digester {
        let mut h = Hasher128::new(DIGEST_SEED);
        title.hash(&mut h);
        Digester(h)
    }

    pub fn unit(&mut self, kind: UnitKind, text: &str) {
        std::mem::discriminant(&kind).hash(&mut self.0);
        text.hash(&mut self.0);
    }

    pub fn finish(&self) -> Digest {
        self.0.finish128()
    }
}

/// The seed of [`Digester`]'s hash.
const DIGEST_SEED: u64 = 0x6e77_6c69_6e74_6431;

/// Digests of a copy's title and body ([`digest`] with and without the
/// title) straight from the model, reusing buffers: the hot path.
fn digests(
    norm: &Normalizer,
    device: &str,
    section: &Section,
    scratch: &mut Scratch,
    buf: &mut String,
) -> (Digest, Digest) {
    norm.text_into(
        Some(device),
        section.title.as_deref().unwrap_or(""),
        scratch,
        buf,
    );
    let mut full = Digester::new(Some(buf));
    let mut body = Digester::new(None);
    visit_units(&section.blocks, |kind, _, text| {
        norm.inline_into(Some(device), text, scratch, buf);
        full.unit(kind, buf);
        body.unit(kind, buf);
    });
    (full.finish(), body.finish())
}

/// One device's copy of a section.
#[derive(Debug, Clone)]
pub struct DeviceCopy<'a> {
    /// Index of the device entry in the article.
    pub di: usize,
    /// Index of the section in the device entry.
    pub si: usize,
    pub device: &'a str,
    pub section: &'a Section,
    /// Digest of title and body.
    pub hash: Digest,
    /// Digest of the body alone.
    pub body: Digest,
    /// The device's words that are plain text in this copy (see
    /// [`super::ordinary`]); `None` for nearly every copy.
    pub text_words: Option<Arc<[String]>>,
}

impl DeviceCopy<'_> {
    /// The key memos of normalized copies file this copy under: its device,
    /// and the words read as text if there are any.
    pub fn memo_key(&self) -> std::borrow::Cow<'_, str> {
        match &self.text_words {
            None => self.device.into(),
            Some(t) => format!("{}\u{0}{}", self.device, t.join("\u{0}")).into(),
        }
    }

    /// The normalizer this copy's text is read with.
    pub fn normalizer<'n>(&self, norm: &'n Normalizer) -> std::borrow::Cow<'n, Normalizer> {
        match &self.text_words {
            None => std::borrow::Cow::Borrowed(norm),
            Some(t) => std::borrow::Cow::Owned(norm.except(self.device, t)),
        }
    }

    /// `false` if the copy is single-sourced from a snippet.
    pub fn literal(&self) -> bool {
        self.section.snippet.is_none()
    }

    /// JSON pointer of the section.
    pub fn pointer(&self) -> String {
        format!("/devices/{}/sections/{}", self.di, self.si)
    }

    /// JSON pointer of the section's `id`.
    pub fn id_pointer(&self) -> String {
        format!("/devices/{}/sections/{}/id", self.di, self.si)
    }
}

/// All copies of one section id in one article, grouped into variants.
#[derive(Debug)]
pub struct Group<'a> {
    pub id: &'a str,
    /// In the article's device order.
    pub copies: Vec<DeviceCopy<'a>>,
    /// Indices into `copies`, one list per distinct text. `variants[0]` is
    /// the reference: the text most devices share; on a tie, the tied text
    /// most common across the help center ([`break_ties`]), then the one
    /// whose first device comes first in the article.
    pub variants: Vec<Vec<usize>>,
    /// `true` if the reference is shared by more devices than any other
    /// text (or is the only text).
    pub majority: bool,
}

impl<'a> Group<'a> {
    pub(crate) fn new(id: &'a str, copies: Vec<DeviceCopy<'a>>) -> Group<'a> {
        // Usually a copy per device (a handful, scanned); a crafted article
        // may have thousands (indexed: see `SmallMap`).
        let mut variants: Vec<Vec<usize>> = Vec::new();
        let mut by_hash: SmallMap<Digest, usize> = SmallMap::default();
        for (i, c) in copies.iter().enumerate() {
            match by_hash.get(&c.hash) {
                Some(&k) => variants[k].push(i),
                None => {
                    by_hash.insert(c.hash, variants.len());
                    variants.push(vec![i]);
                }
            }
        }
        // Stable: equal counts keep first-appearance order.
        variants.sort_by_key(|v| std::cmp::Reverse(v.len()));
        let majority = variants.len() < 2 || variants[0].len() > variants[1].len();
        Group {
            id,
            copies,
            variants,
            majority,
        }
    }

    /// The reference variant's copies.
    pub fn reference(&self) -> impl Iterator<Item = &DeviceCopy<'a>> {
        self.variants[0].iter().map(|&i| &self.copies[i])
    }
}

/// One article, indexed.
#[derive(Debug)]
pub struct ArticleView<'a> {
    /// Index in the corpus.
    pub index: usize,
    pub file: FileId,
    pub article: &'a Article,
    pub locale: &'a str,
    /// Device entries, first entry per device id, in article order.
    pub devices: Vec<(usize, &'a str)>,
    /// One group per section id, in order of first appearance.
    pub groups: Vec<Group<'a>>,
    /// Digest of the "All other devices" body, if there is one.
    pub fallback_body: Option<Digest>,
}

/// How many articles of a locale have a text as a section's reference
/// (their consensus), by locale and the text's digest.
pub type Consensus<'a> = crate::hash::FastMap<(&'a str, Digest), usize>;

/// Breaks ties between a group's most shared texts (no majority, e.g. two
/// devices with a text each): the text with the most copies across all
/// articles of the same locale becomes the reference, then device order.
/// A help center's usual wording thus wins over a one-off. Returns each
/// reference text's [`Consensus`] once ties are broken.
pub fn break_ties<'a>(views: &mut [ArticleView<'a>]) -> Consensus<'a> {
    use rayon::prelude::*;
    type Counts<'v> = crate::hash::FastMap<(&'v str, Digest), usize>;
    let copies: Counts = views
        .par_iter()
        .fold(Counts::default, |mut copies, v| {
            for g in &v.groups {
                for var in &g.variants {
                    *copies.entry((v.locale, g.copies[var[0]].hash)).or_default() += var.len();
                }
            }
            copies
        })
        .reduce(Counts::default, |a, b| {
            let (small, mut big) = if a.len() < b.len() { (a, b) } else { (b, a) };
            for (k, n) in small {
                *big.entry(k).or_default() += n;
            }
            big
        });
    views.par_iter_mut().for_each(|v| {
        let locale = v.locale;
        for g in v.groups.iter_mut().filter(|g| !g.majority) {
            let top = g.variants[0].len();
            let weight = |i: usize| {
                copies
                    .get(&(locale, g.copies[g.variants[i][0]].hash))
                    .copied()
                    .unwrap_or(0)
            };
            let best = (0..g.variants.len())
                .take_while(|&i| g.variants[i].len() == top)
                .max_by_key(|&i| (weight(i), std::cmp::Reverse(i)))
                .unwrap_or(0);
            if best != 0 {
                let chosen = g.variants.remove(best);
                g.variants.insert(0, chosen);
            }
        }
    });
    let mut consensus = Consensus::default();
    for v in views.iter() {
        for g in &v.groups {
            *consensus
                .entry((v.locale, g.copies[g.variants[0][0]].hash))
                .or_default() += 1;
        }
    }
    consensus
}

/// Digests of copies already normalized (see [`super::memo`]): the same
/// section text for the same device (a template copied into many articles)
/// is normalized once; and which registered words each text contains
/// ([`super::ordinary`]).
#[derive(Default)]
pub struct Digests {
    digests: super::memo::CopyMemo<(Digest, Digest)>,
    found: super::ordinary::Found,
}

/// Indexes one article.
pub fn article<'a>(
    norm: &Normalizer,
    index: usize,
    file: FileId,
    article: &'a Article,
    default_locale: &'a str,
) -> ArticleView<'a> {
    article_with(
        norm,
        &Digests::default(),
        index,
        file,
        article,
        default_locale,
    )
}

/// [`article`], with digests remembered across articles in `memo`.
pub fn article_with<'a>(
    norm: &Normalizer,
    memo: &Digests,
    index: usize,
    file: FileId,
    article: &'a Article,
    default_locale: &'a str,
) -> ArticleView<'a> {
    let mut devices: Vec<(usize, &str)> = Vec::new();
    let mut groups: Vec<(&str, Vec<DeviceCopy>)> = Vec::new();
    let mut group_of: SmallMap<&str, usize> = SmallMap::default();
    let mut scratch = Scratch::default();
    let mut buf = String::new();
    // An article may list any number of devices and sections: no step may
    // be quadratic in them (small maps scan a handful, index more).
    let mut known_devices: SmallMap<&str, ()> = SmallMap::default();
    let mut seen: SmallMap<&str, ()> = SmallMap::default();
    for (di, entry) in article.devices.iter().enumerate() {
        if !known_devices.insert(&entry.device, ()) {
            continue; // repeated device: reported by `repeated-device`
        }
        devices.push((di, &entry.device));
        seen.clear();
        for (si, section) in entry.sections.iter().enumerate() {
            if !seen.insert(&section.id, ()) {
                continue; // repeated section: reported by `repeated-section`
            }
            if section.snippet.is_some() && section.blocks.is_empty() {
                continue; // unknown snippet: reported by `unknown-snippet`
            }
            let copy = DeviceCopy {
                di,
                si,
                device: &entry.device,
                section,
                hash: 0,
                body: 0,
                text_words: None,
            };
            let g = match group_of.get(section.id.as_str()) {
                Some(&g) => g,
                None => {
                    groups.push((&section.id, Vec::new()));
                    group_of.insert(&section.id, groups.len() - 1);
                    groups.len() - 1
                }
            };
            groups[g].1.push(copy);
        }
    }
    for (_, copies) in &mut groups {
        let pairs: Vec<(&str, &Section)> = copies.iter().map(|c| (c.device, c.section)).collect();
        let text = super::ordinary::text_words(norm, &memo.found, &pairs);
        for (c, text) in copies.iter_mut().zip(text) {
            c.text_words = text;
            let norm = c.normalizer(norm);
            (c.hash, c.body) = memo.digests.get(&c.memo_key(), c.section, || {
                digests(&norm, c.device, c.section, &mut scratch, &mut buf)
            });
        }
    }
    let fallback_body = article
        .fallback
        .as_ref()
        .map(|fb| digest(None, &norm.units(None, &fb.blocks)));
    ArticleView {
        index,
        file,
        article,
        locale: article.locale.as_deref().unwrap_or(default_locale),
        devices,
        groups: groups
            .into_iter()
            .map(|(id, copies)| Group::new(id, copies))
            .collect(),
        fallback_body,
    }
}

/// A copy's normalized title and units.
pub fn normalized(norm: &Normalizer, device: &str, section: &Section) -> (String, Vec<Unit>) {
    let title = norm.text(Some(device), section.title.as_deref().unwrap_or(""));
    (title, norm.units(Some(device), &section.blocks))
}

/// A copy's normalized text, owned, for diffing.
#[derive(Clone)]
pub struct Text {
    pub title: String,
    pub units: Vec<Unit>,
}

impl Text {
    pub fn of(norm: &Normalizer, copy: &DeviceCopy) -> Text {
        let (title, units) = normalized(&copy.normalizer(norm), copy.device, copy.section);
        Text { title, units }
    }

    /// A 128-bit key of everything a comparison reads: the title, and
    /// each unit's kind (step numbers included) and normalized text.
    pub fn key(&self) -> u128 {
        let mut h = crate::hash::Hasher128::keyed(0x5A);
        self.title.hash(&mut h);
        self.units.len().hash(&mut h);
        for u in &self.units {
            u.kind.hash(&mut h);
            u.text.hash(&mut h);
        }
        h.finish128()
    }

    pub fn side(&self) -> Side<'_> {
        Side {
            title: &self.title,
            units: &self.units,
        }
    }
}

/// Where `spot` (found in the normalized text of `copy`) is in the source.
/// Snippet-sourced copies point at their `snippet` reference: their text
/// lives in the snippet file.
pub fn locate(norm: &Normalizer, copy: &DeviceCopy, spot: &Spot) -> Loc {
    let norm = &*copy.normalizer(norm);
    let base = copy.pointer();
    if !copy.literal() {
        return Loc::Value(format!("{base}/snippet"));
    }
    let in_text = |pointer: String, text: &Inline, start: usize, end: usize| {
        if start >= end {
            return Loc::Value(pointer);
        }
        let mapped = norm.inline_mapped(Some(copy.device), text);
        match mapped.locate(start, end) {
            Some((suffix, s, e)) => Loc::InString {
                pointer: format!("{pointer}{suffix}"),
                start: s,
                end: e,
            },
            None => Loc::Value(pointer),
        }
    };
    match spot {
        Spot::Title { start, end } => match &copy.section.title {
            Some(t) => in_text(
                format!("{base}/title"),
                &Inline::Plain(t.clone()),
                *start,
                *end,
            ),
            None => Loc::Value(format!("{base}/id")),
        },
        Spot::Text { unit, start, end } => {
            match unit_texts(&copy.section.blocks).into_iter().nth(*unit) {
                Some(u) => in_text(format!("{base}/blocks{}", u.pointer), u.text, *start, *end),
                None => Loc::Value(format!("{base}/id")),
            }
        }
        Spot::Unit { unit } => match unit_texts(&copy.section.blocks).into_iter().nth(*unit) {
            Some(u) => Loc::Value(format!("{base}/blocks{}", u.pointer)),
            None => Loc::Value(format!("{base}/id")),
        },
        Spot::Section => Loc::Value(format!("{base}/id")),
    }
}

/// Digest of a snippet body as a section using it would normalize: its
/// `{"var": …}` runs stand for the device's own words.
pub fn snippet_body(norm: &Normalizer, blocks: &[Block]) -> Digest {
    let mut units = norm.units(None, blocks);
    for u in &mut units {
        u.text = u
            .text
            .replace("{noun}", crate::normalize::DEVICE)
            .replace("{name}", crate::normalize::DEVICE);
    }
    digest(None, &units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Device, DeviceRegistry};

    #[test]
    fn streaming_digests_equal_digests_of_units() {
        let reg = DeviceRegistry {
            schema: String::new(),
            devices: vec![Device {
                id: "ps4".into(),
                name: "PlayStation 4".into(),
                nouns: vec!["video game console".into()],
                ..Default::default()
            }],
        };
        let norm = Normalizer::new(&reg, &Default::default());
        let section: Section = serde_json::from_str(
            r#"{"id": "s", "title": "Restart your  PlayStation 4",
                "blocks": [{"type": "steps", "items": [{"text": "1. Turn off your video game console.", "bullets": ["a “b”"]}]},
                           {"type": "paragraph", "text": ["Go to ", {"link": "x.com", "href": "https://x.com"}, "."]}]}"#,
        )
        .unwrap();
        let (title, units) = normalized(&norm, "ps4", &section);
        assert_eq!(title, "Restart your {device}");
        let (full, body) = digests(
            &norm,
            "ps4",
            &section,
            &mut Scratch::default(),
            &mut String::new(),
        );
        assert_eq!(full, digest(Some(&title), &units));
        assert_eq!(body, digest(None, &units));
        assert_ne!(full, body);
    }

    #[test]
    fn remembered_digests_are_the_computed_ones_per_device() {
        let reg: crate::model::DeviceRegistry = serde_json::from_str(
            r#"{"$schema": "x", "devices": [
                {"id": "ps4", "name": "PS4", "nouns": ["console"]},
                {"id": "roku", "name": "Roku", "nouns": ["player"]}]}"#,
        )
        .unwrap();
        let norm = Normalizer::new(&reg, &Default::default());
        let section: Section = serde_json::from_str(
            r#"{"id": "s", "title": "Restart", "blocks": [{"type": "paragraph", "text": "Turn off your PS4."}]}"#,
        )
        .unwrap();
        let memo = Digests::default();
        let (mut scratch, mut buf) = (Scratch::default(), String::new());
        let mut computed = 0;
        for device in ["ps4", "roku", "ps4"] {
            let direct = digests(&norm, device, &section, &mut scratch, &mut buf);
            let got = memo.digests.get(device, &section, || {
                computed += 1;
                direct
            });
            assert_eq!(got, direct);
        }
        // Computed once per device: "PS4" is the ps4's own name but only a
        // word for the roku, so their digests differ.
        assert_eq!(computed, 2);
        assert_ne!(
            memo.digests.get("ps4", &section, || unreachable!()),
            memo.digests.get("roku", &section, || unreachable!())
        );
        assert_eq!(memo.digests.entries(), 2);
    }
}
