//! Comparing sections across articles.
//!
//! Each article contributes one version of each of its sections: the
//! reference variant its devices share (see [`super::view::Group`]).
//! Versions are keyed by locale and digest, so the work is proportional to
//! the number of distinct section texts:
//!
//! * the same text in two or more articles is one `identical-copies` class;
//! * near-copies are found without comparing all pairs: each distinct text
//!   is compared only with the most widespread text of its section id, and
//!   with the most widespread text of each MinHash LSH bucket it falls in
//!   ([`super::lsh`]). A text at least `[drift] article-threshold` similar
//!   to a more widespread one is reported as `drifted-copy` against it,
//!   except where it is only a device's own variant: every copy of it in
//!   the article belongs to a device that has the same text, tied with its
//!   siblings' (no majority), in another article. A minority (outlier)
//!   text never vouches for a copy elsewhere.
//!   Below that, a text under the same section id as the more widespread
//!   one is a `divergent-variant` of it (a copy whatever its similarity,
//!   as within an article); under another id, two sections of different
//!   articles are simply different sections and nothing is reported.

use super::variants::{Outlier, Reference};
use super::view::{ArticleView, DeviceCopy, Digest, Text};
use super::worddiff::VersionDiff;
use super::{Articles, Env, Finding, Member, list_of, lsh, plural};
use crate::compare::words::{Count, counted};
use crate::diag::{Diagnostic, FileId, Label, Loc};
use crate::hash::{FastMap, FastSet};
use crate::model::Article;
use crate::normalize::Normalizer;
use crate::rules::context;
use rayon::prelude::*;
use std::collections::HashMap;

/// One distinct section text of one locale, and where it is the reference.
struct Version<'a> {
    locale: &'a str,
    /// (view, group) pairs, in corpus order.
    occs: Vec<(usize, usize)>,
    /// Distinct articles (views) among `occs`.
    articles: Vec<usize>,
    /// Device copies with this text as their article's reference: what a
    /// version weighs (a 6-device article outweighs a 2-device one).
    copies: usize,
}

/// Full copies of recorded articles' views (see
/// [`super::Source::Recorded`]), read on demand. They are kept to the end
/// of the process (`check` exits right after): findings borrow their
/// names for as long as the corpus's.
struct Real<'v, 'a> {
    views: &'v [ArticleView<'a>],
    articles: &'v Articles<'v>,
    norm: &'v Normalizer,
    loaded: HashMap<usize, Option<&'a ArticleView<'a>>>,
}

impl<'v, 'a: 'v> Real<'v, 'a> {
    /// The reference copy of an occurrence, from the full article.
    fn copy(&mut self, o: (usize, usize)) -> Option<&'v DeviceCopy<'a>> {
        let want = copy(self.views, o);
        self.copy_at(o.0, o.1, want.di, want.si)
    }

    /// The copy at (`di`, `si`) of group `gi` of view `vi`, from the full
    /// article.
    fn copy_at(
        &mut self,
        vi: usize,
        gi: usize,
        di: usize,
        si: usize,
    ) -> Option<&'v DeviceCopy<'a>> {
        let view = &self.views[vi];
        if !self.articles.recorded(vi) {
            let g = &view.groups[gi];
            return g.copies.iter().find(|c| c.di == di && c.si == si);
        }
        let (norm, read) = (self.norm, self.articles.read);
        let real = *self.loaded.entry(vi).or_insert_with(|| {
            let art: &'a Article = Box::leak(Box::new(read(vi)?));
            let v = super::view::article(norm, view.index, view.file, art, view.locale);
            Some(&*Box::leak(Box::new(v)))
        });
        let id = view.groups[gi].id;
        let g = real?.groups.iter().find(|g| g.id == id)?;
        g.copies.iter().find(|c| c.di == di && c.si == si)
    }
}

/// Cross-article findings that involve an article in memory (those of
/// recorded articles are located in other files).
///
/// `unmarked_identical`: no intended mark anywhere (content or config)
/// names `identical-copies`, so none can remove a member of a class. A
/// class then lists only the members its wording shows and counts the
/// rest, and a class whose first member is a recorded article (its
/// diagnostic is worded there, in another file) is not built.
pub fn check<'a>(
    env: &Env<'a>,
    views: &[ArticleView<'a>],
    articles: &Articles<'_>,
    unmarked_identical: bool,
    out: &mut Vec<Finding<'a>>,
) {
    if views.len() < 2 {
        return;
    }
    // Each group's reference digest, gathered on every core (reaching it
    // is a chain of pointers per group); then one pass in corpus order.
    let digests: Vec<Vec<Digest>> = views
        .par_iter()
        .map(|view| {
            view.groups
                .iter()
                .map(|g| g.copies[g.variants[0][0]].hash)
                .collect()
        })
        .collect();
    let mut versions: Vec<Version> = Vec::new();
    let mut by_key: FastMap<(&str, Digest), usize> = FastMap::default();
    for (vi, (view, digests)) in views.iter().zip(&digests).enumerate() {
        for (gi, &hash) in digests.iter().enumerate() {
            let k = *by_key.entry((view.locale, hash)).or_insert_with(|| {
                versions.push(Version {
                    locale: view.locale,
                    occs: Vec::new(),
                    articles: Vec::new(),
                    copies: 0,
                });
                versions.len() - 1
            });
            let v = &mut versions[k];
            v.occs.push((vi, gi));
            v.copies += view.groups[gi].variants[0].len();
            if v.articles.last() != Some(&vi) {
                v.articles.push(vi);
            }
        }
    }
    let wanted: Vec<bool> = versions
        .iter()
        .map(|v| v.articles.iter().any(|&vi| !articles.recorded(vi)))
        .collect();
    exact(
        env,
        views,
        &versions,
        &wanted,
        articles,
        unmarked_identical,
        out,
    );
    near(env, views, &versions, &wanted, articles, out);
}

/// The reference copy of an occurrence.
fn copy<'v, 'a>(views: &'v [ArticleView<'a>], (vi, gi): (usize, usize)) -> &'v DeviceCopy<'a> {
    let g = &views[vi].groups[gi];
    &g.copies[g.variants[0][0]]
}

/// The first literal reference copy of an occurrence, if any.
fn literal_copy<'v, 'a>(
    views: &'v [ArticleView<'a>],
    (vi, gi): (usize, usize),
) -> Option<&'v DeviceCopy<'a>> {
    views[vi].groups[gi].reference().find(|c| c.literal())
}

/// Names an occurrence: the article code, plus the section id if it is
/// not `id`.
fn name(views: &[ArticleView], (vi, gi): (usize, usize), id: &str) -> String {
    let g = &views[vi].groups[gi];
    if g.id == id {
        views[vi].article.code.clone()
    } else {
        format!("{} (`{}`)", views[vi].article.code, g.id)
    }
}

/// Articles an `identical-copies` message names before `… (n more)`.
const SHOWN: usize = 10;

fn exact<'a>(
    env: &Env<'a>,
    views: &[ArticleView<'a>],
    versions: &[Version],
    wanted: &[bool],
    articles: &Articles<'_>,
    unmarked: bool,
    out: &mut Vec<Finding<'a>>,
) {
    // Each version on its own, on every core; findings in version order.
    let found: Vec<Finding<'a>> = versions
        .par_iter()
        .enumerate()
        .filter(|(i, v)| v.articles.len() >= 2 && wanted[*i])
        .filter_map(|(_, v)| exact_one(views, v, articles, unmarked, env.brief()))
        .collect();
    out.extend(found);
}

/// The `identical-copies` finding of one version that several articles
/// share, if it makes one.
fn exact_one<'a>(
    views: &[ArticleView<'a>],
    v: &Version,
    articles: &Articles<'_>,
    unmarked: bool,
    brief: bool,
) -> Option<Finding<'a>> {
    // The diagnostic is worded at the first member (the first article
    // with a literal copy); with no mark to remove members, a
    // recorded first member puts it in another file.
    if unmarked {
        let first = v
            .occs
            .chunk_by(|a, b| a.0 == b.0)
            .find(|run| run.iter().any(|&o| literal_copy(views, o).is_some()));
        if first.is_some_and(|run| articles.recorded(run[0].0)) {
            return None;
        }
    }
    let mut members = Vec::new();
    let mut names = Vec::new();
    let mut users = 0;
    // With no mark to remove members, list only those the wording
    // shows (names, two labels) and count the rest.
    let listed = if unmarked { SHOWN } else { usize::MAX };
    let mut more = 0;
    let id = views[v.occs[0].0].groups[v.occs[0].1].id.to_string();
    // `occs` are in corpus order: one run per article of `articles`.
    for run in v.occs.chunk_by(|a, b| a.0 == b.0) {
        let vi = run[0].0;
        let literal = run
            .iter()
            .find_map(|&o| literal_copy(views, o).map(|c| (o, c)));
        let Some((o, c)) = literal else {
            users += 1;
            continue;
        };
        if members.len() >= listed {
            more += 1;
            continue;
        }
        let g = &views[o.0].groups[o.1];
        names.push(name(views, o, &id));
        members.push(Member {
            article: &views[vi].article.code,
            device: None,
            section: g.id,
            label: Label::new(
                views[vi].file,
                Loc::Value(c.id_pointer()),
                format!("{} ({})", views[vi].article.code, c.device),
            ),
        });
    }
    let total = members.len() + more;
    if total < 2 && !(total == 1 && users > 0) {
        return None;
    }
    let names: HashMap<&str, String> = members
        .iter()
        .zip(names)
        .map(|(m, n)| (m.article, n))
        .collect();
    Some(Finding {
        rule: &super::identical::RULE,
        min: if users > 0 { 1 } else { 2 },
        members,
        more,
        build: Box::new(move |ms: &[Member]| {
            let shown: Vec<&str> = ms.iter().map(|m| names[m.article].as_str()).collect();
            let total = ms.len() + more;
            let mut message = format!(
                "`{id}` has the same text in {}: {}",
                plural(total, "article", "articles"),
                list_of(&shown, total, SHOWN)
            );
            if users > 0 {
                message.push_str(&format!(
                    "; {} already single-sourced",
                    plural(users, "other article has it", "other articles have it")
                ));
            }
            let m0 = &ms[0];
            let d = Diagnostic::new(&super::identical::RULE, message, m0.label.clone());
            if brief {
                return d;
            }
            let mut d = d
                .with_help(format!(
                    "single-source it across articles: one snippet under snippets/ (e.g. snippets/{id}.json), used with `\"snippet\": …` by every copy"
                ))
                .with_context(context(m0.article, None, Some(m0.section)));
            if let Some(m) = ms.get(1) {
                d = d.with_related(m.label.clone());
            }
            d
        }),
    })
}

/// Tokens a text's MinHash signature is built from.
pub(crate) fn signature(text: &Text) -> [u64; lsh::HASHES] {
    let mut toks = counted(&text.title, Count::Marks);
    for u in &text.units {
        toks.push("\u{1}".into());
        toks.extend(counted(&u.text, Count::Marks));
    }
    lsh::signature(toks.iter().map(|t| t.as_ref()))
}

fn near<'a>(
    env: &Env<'a>,
    views: &[ArticleView<'a>],
    versions: &[Version],
    wanted: &[bool],
    articles: &Articles<'_>,
    out: &mut Vec<Finding<'a>>,
) {
    if versions.len() < 2 {
        return;
    }
    let recorded = |vi: usize| articles.recorded(vi);
    let mut real = Real {
        views,
        articles,
        norm: &env.norm,
        loaded: HashMap::new(),
    };
    let mut texts: Vec<Option<Text>> = versions
        .par_iter()
        .map(|v| (!recorded(v.occs[0].0)).then(|| Text::of(&env.norm, copy(views, v.occs[0]))))
        .collect();
    let pairs = candidates(env, versions, wanted, &mut real, &mut texts);
    let threshold = env.drift.article_threshold;
    // Sections that several articles share under one id are copies
    // whatever their similarity (as within an article): below the
    // threshold they are divergent variants, not different sections.
    let first_id = |i: usize| {
        let (vi, gi) = versions[i].occs[0];
        views[vi].groups[gi].id
    };
    let same_id = |i: usize, l: usize| first_id(i) == first_id(l);
    let chosen = leaders(versions, &texts, &pairs, threshold, &same_id);
    let outliers = device_outliers(views);
    // A device's own variant is not an article's drift: when every copy
    // of an article's version belongs to a device that has the same text,
    // with no majority against it, in another article (set-top-box's extra paragraph, in an
    // article only set-top-box has), the within-article checks already
    // report it where it differs from its siblings.
    let device_variant = |(vi, gi): (usize, usize)| {
        let view = &views[vi];
        view.groups[gi]
            .reference()
            .all(|c| outliers.contains(&(view.locale, c.device, c.hash)))
    };
    for (i, l) in chosen {
        let v = &versions[i];
        let lead = &versions[l];
        let ref_occ = lead.occs[0];
        let ref_id = views[ref_occ.0].groups[ref_occ.1].id;
        let id = views[v.occs[0].0].groups[v.occs[0].1].id;
        // With summaries, only the first copy (whose text the diff uses)
        // and the loaded articles' copies are needed: every other article
        // gets its own finding, located in its own file, with every device
        // whose copy has the version.
        let mut copies: Vec<(&DeviceCopy, FileId, &str)> = Vec::new();
        for &o in v
            .occs
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| &run[0])
            .filter(|&&o| !device_variant(o))
        {
            if !copies.is_empty() && recorded(o.0) {
                continue;
            }
            let (file, code) = (views[o.0].file, views[o.0].article.code.as_str());
            let g = &views[o.0].groups[o.1];
            for &k in &g.variants[0] {
                let (di, si) = (g.copies[k].di, g.copies[k].si);
                if let Some(c) = real.copy_at(o.0, o.1, di, si) {
                    copies.push((c, file, code));
                }
            }
        }
        if copies.is_empty() {
            continue;
        }
        let (Some(ref_copy), Some(ref_text)) = (real.copy(ref_occ), texts[l].as_ref()) else {
            continue;
        };
        let codes: Vec<String> = lead
            .articles
            .iter()
            .map(|&vi| views[vi].article.code.clone())
            .collect();
        let o = Outlier {
            reference: (ref_copy, views[ref_occ.0].file, ref_text),
            copies,
            section: id,
            who: Reference::Articles(
                codes,
                (ref_id != id).then(|| ref_id.to_string()),
                lead.copies > v.copies,
            ),
            articles: true,
            evidence: match lead.copies > v.copies {
                true => super::follow::Evidence::Reference(lead.articles.len()),
                false => super::follow::Evidence::Unknown,
            },
        };
        out.extend(super::variants::findings(env, o, threshold, ref_id == id));
    }
}

/// The leader of a set of versions: most copies, then first seen.
fn leader(versions: &[Version], set: &[usize]) -> usize {
    *set.iter()
        .min_by_key(|&&i| (std::cmp::Reverse(versions[i].copies), i))
        .unwrap_or(&set[0])
}

/// Candidate pairs (version, leader of a bucket it shares) for a word
/// diff: versions bucketed (a) by section id and (b) by MinHash LSH band.
/// Summarized versions bring their band keys (from the index); their text
/// is loaded into `texts` only if a pair needs it.
fn candidates(
    env: &Env,
    versions: &[Version],
    wanted: &[bool],
    real: &mut Real,
    texts: &mut [Option<Text>],
) -> Vec<(usize, usize)> {
    let views = real.views;
    let mut buckets: FastMap<(&str, u8, u64, &str), Vec<usize>> = FastMap::default();
    for (i, v) in versions.iter().enumerate() {
        let mut ids: Vec<&str> = v
            .occs
            .iter()
            .map(|&(vi, gi)| views[vi].groups[gi].id)
            .collect();
        ids.dedup();
        for id in ids {
            buckets.entry((v.locale, 0, 0, id)).or_default().push(i);
        }
    }
    let known: Vec<Option<[u64; lsh::BANDS]>> = (0..versions.len())
        .map(|i| match &texts[i] {
            Some(_) => None,
            None => {
                let o = versions[i].occs[0];
                let hash = copy(views, o).hash;
                let bands = (real.articles.bands)(hash);
                if bands.is_none()
                    && let Some(c) = real.copy(o)
                {
                    let t = Text::of(&env.norm, c);
                    let bands = lsh::bands(&signature(&t));
                    texts[i] = Some(t);
                    return Some(bands);
                }
                bands
            }
        })
        .collect();
    let band_keys: Vec<Option<[u64; lsh::BANDS]>> = texts
        .par_iter()
        .zip(&known)
        .map(|(t, b)| match (t, b) {
            (_, Some(b)) => Some(*b),
            (Some(t), None) => Some(lsh::bands(&signature(t))),
            (None, None) => None,
        })
        .collect();
    for (i, keys) in band_keys.iter().enumerate() {
        for (b, k) in keys.iter().flatten().enumerate() {
            buckets
                .entry((versions[i].locale, b as u8 + 1, *k, ""))
                .or_default()
                .push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for set in buckets.values() {
        if set.len() < 2 {
            continue;
        }
        let l = leader(versions, set);
        pairs.extend(
            set.iter()
                .filter(|&&i| i != l && wanted[i])
                .map(|&i| (i, l)),
        );
    }
    pairs.sort_unstable();
    pairs.dedup();
    // Texts of recorded versions that a pair compares.
    for &(i, l) in &pairs {
        for k in [i, l] {
            if texts[k].is_none()
                && let Some(c) = real.copy(versions[k].occs[0])
            {
                texts[k] = Some(Text::of(&env.norm, c));
            }
        }
    }
    pairs
}

/// Each version paired with its best leader among the candidate `pairs`
/// at least `threshold` similar or under the same section id (`same_id`):
/// most copies, most similar, first seen; sorted by version.
fn leaders(
    versions: &[Version],
    texts: &[Option<Text>],
    pairs: &[(usize, usize)],
    threshold: f64,
    same_id: &(dyn Fn(usize, usize) -> bool + Sync),
) -> Vec<(usize, usize)> {
    let weight = |i: usize| versions[i].copies;
    let scored: Vec<(usize, usize, f64)> = pairs
        .par_iter()
        .filter_map(|&(i, l)| {
            let (Some(a), Some(b)) = (&texts[l], &texts[i]) else {
                return None;
            };
            // Only the similarity: most candidate pairs are not reported,
            // and the few that are get their full comparison from the memo.
            let sim = VersionDiff::new(a.side(), b.side()).similarity;
            (sim >= threshold || same_id(i, l)).then_some((i, l, sim))
        })
        .collect();
    let mut best: HashMap<usize, (usize, f64)> = HashMap::new();
    for (i, l, sim) in scored {
        let beats = weight(l) > weight(i) || (weight(l) == weight(i) && l < i);
        if !beats {
            continue;
        }
        let rank = |l: usize, sim: f64| {
            (
                std::cmp::Reverse(weight(l)),
                std::cmp::Reverse(ordered(sim)),
                l,
            )
        };
        let better = best
            .get(&i)
            .is_none_or(|&(bl, bs)| rank(l, sim) < rank(bl, bs));
        if better {
            best.insert(i, (l, sim));
        }
    }
    let mut chosen: Vec<(usize, usize)> = best.into_iter().map(|(i, (l, _))| (i, l)).collect();
    chosen.sort_unstable();
    chosen
}

/// Every (locale, device, text) that is a device's own text in some
/// article: a non-reference text as common there as the reference (a tie,
/// no majority). A minority text is an outlier, and an outlier never
/// vouches for another copy: the same text elsewhere is drift there too.
fn device_outliers<'a>(views: &[ArticleView<'a>]) -> FastSet<(&'a str, &'a str, Digest)> {
    let mut outliers = FastSet::default();
    for view in views {
        for g in &view.groups {
            let tied = g.variants[0].len();
            for var in g.variants[1..].iter().take_while(|v| v.len() == tied) {
                for &c in var {
                    let c = &g.copies[c];
                    outliers.insert((view.locale, c.device, c.hash));
                }
            }
        }
    }
    outliers
}

/// An f64 similarity as a totally ordered integer (0..=1_000_000).
fn ordered(x: f64) -> u64 {
    (x.clamp(0.0, 1.0) * 1e6) as u64
}
