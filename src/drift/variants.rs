//! Outlier copies of a section, against the version most devices share:
//! the findings of [`super::drifted`] and [`super::divergent`].
//!
//! Within an article, the copies of one section id are grouped into
//! variants (distinct normalized texts). The reference is the variant most
//! devices share. Each other variant is one finding, naming every device
//! that has it, with a word-level diff against the reference: at or above
//! `[drift] threshold` similarity it is a drifted copy, below it a
//! divergent variant. Neither is ever hidden.
//!
//! When no text is shared by more devices than every other (two devices,
//! each with its own text), there is no consensus. The tied text most
//! common across the help center (other articles, same locale) is then
//! taken as the reference, or on a further tie the copy of the device that
//! comes first in the article; the message says that no version has a
//! majority: the difference is real, but which side is right is for the
//! writer to decide.

use super::follow::{self, Evidence};
use super::view::{ArticleView, Consensus, DeviceCopy, Text};
use super::worddiff::{Spot, VersionDiff};
use super::{Env, Finding, Member, list, list_of, percent, plural};
use crate::diag::{Diagnostic, FileId, Label};
use crate::hash::Sharded;
use crate::normalize::Normalizer;
use crate::rules::{RuleDef, context};
use std::sync::Arc;

/// Who shares the reference, for the message.
pub enum Reference {
    /// Devices of the same article: (device ids, has a majority); shared
    /// by the findings of every variant of the section.
    Devices(Arc<[String]>, bool),
    /// Other articles: (article codes, section id if it differs, shared
    /// by more device copies than the outlier's version).
    Articles(Vec<String>, Option<String>, bool),
}

/// One outlier, ready to become a finding.
pub struct Outlier<'c, 'a> {
    /// The reference copy to diff against and point at, and its text.
    pub reference: (&'c DeviceCopy<'a>, FileId, &'c Text),
    /// The outlier's copies, one per member, with each member's article.
    pub copies: Vec<(&'c DeviceCopy<'a>, FileId, &'a str)>,
    pub section: &'a str,
    pub who: Reference,
    /// `true`: members are articles (cross-article finding).
    pub articles: bool,
    /// What other articles say about which side is newer.
    pub evidence: Evidence,
}

/// What the findings of one outlier share.
struct Common {
    rule: &'static RuleDef,
    section: String,
    who: Reference,
    articles: bool,
    evidence: Evidence,
    /// The device of the reference copy.
    ref_device: String,
    /// At the reference; `None` for a brief report, which prints only
    /// the message (and no help, note or context either).
    related: Option<Label>,
    /// The comparison with the reference (shared by every pair of the
    /// same two texts).
    cmp: Arc<Compared>,
}

/// What comparing two normalized section texts gives, for findings.
#[derive(Debug)]
pub struct Compared {
    pub similarity: f64,
    /// The first difference, in the second text, and its label text.
    pub spot: Spot,
    pub what: String,
    /// Where that difference is in the first text.
    pub old_spot: Spot,
    /// The rendered diff, indented.
    pub body: String,
    /// "83% similar", or why there is no percentage.
    pub similar: String,
}

impl Compared {
    fn new(a: &Text, b: &Text) -> Compared {
        let diff = VersionDiff::new(a.side(), b.side());
        let similarity = diff.similarity;
        let (spot, what) = diff.first_spot(a.side(), b.side());
        let old_spot = diff.old_spot(&spot);
        let (body, similar) = if diff.is_empty() {
            (
                "(the copies differ only in spacing around punctuation)".to_string(),
                "only spacing differs".to_string(),
            )
        } else if percent(similarity) == 100 {
            (
                diff.render(a.side(), b.side()),
                "same words, in another order".to_string(),
            )
        } else {
            (
                diff.render(a.side(), b.side()),
                format!("{}% similar", percent(similarity)),
            )
        };
        Compared {
            similarity,
            spot,
            what,
            old_spot,
            body: indent(&body),
            similar,
        }
    }
}

/// Normalized texts of copies (see [`super::memo`]): the copies of a
/// template in many articles are normalized once per device.
#[derive(Default)]
pub struct TextMemo(super::memo::CopyMemo<Arc<Text>>);

impl TextMemo {
    pub fn of(&self, norm: &Normalizer, copy: &DeviceCopy) -> Arc<Text> {
        self.0.get(&copy.memo_key(), copy.section, || {
            Arc::new(Text::of(norm, copy))
        })
    }
}

/// Comparisons of normalized texts, by the two texts' [`Text::key`]: the
/// same outlier text against the same reference (a template's drift
/// inherited by many articles) is diffed once.
#[derive(Default)]
pub struct Diffs(Sharded<(u128, u128), Arc<Compared>>);

impl Diffs {
    /// The comparison of `a` (reference) with `b`.
    pub fn compare(&self, a: &Text, b: &Text) -> Arc<Compared> {
        let key = (a.key(), b.key());
        if let Some(c) = self.0.get(&key) {
            return c;
        }
        // Compared outside the lock: two cores may both compute a new
        // pair; the first one stored wins (they are equal).
        let c = Arc::new(Compared::new(a, b));
        self.0.get_or_insert_with(key, || c)
    }
}

/// Diffs an outlier against its reference and builds its findings: a
/// drifted copy at or above `threshold` similarity, else a divergent
/// variant, or nothing if `report_below` is false (cross-article pairs that
/// are simply different sections). Devices of one article sharing the
/// outlier text make one finding; articles make one finding each, so every
/// article file gets its own location.
pub fn findings<'a>(
    env: &Env<'a>,
    o: Outlier<'_, 'a>,
    threshold: f64,
    report_below: bool,
) -> Vec<Finding<'a>> {
    let (ref_copy, ref_file, ref_text) = o.reference;
    let Some((first, _, _)) = o.copies.first() else {
        return Vec::new();
    };
    let text = env.texts.of(&env.norm, first);
    let cmp = env.diffs.compare(ref_text, &text);
    let similarity = cmp.similarity;
    let drifted = similarity >= threshold;
    if !drifted && !report_below {
        return Vec::new();
    }
    let rule: &'static RuleDef = if drifted {
        &super::drifted::RULE
    } else {
        &super::divergent::RULE
    };
    let (spot, what) = (&cmp.spot, &cmp.what);
    let members: Vec<Member> = o
        .copies
        .iter()
        .map(|(c, file, article)| Member {
            article,
            device: Some(c.device),
            section: o.section,
            label: Label::new(*file, super::view::locate(&env.norm, c, spot), what.clone()),
        })
        .collect();
    let related = (!env.brief()).then(|| {
        let ref_desc = match &o.who {
            Reference::Devices(..) => format!("{}'s copy", ref_copy.device),
            Reference::Articles(codes, ..) => format!("{}'s version", codes[0]),
        };
        Label::new(
            ref_file,
            super::view::locate(&env.norm, ref_copy, &cmp.old_spot),
            format!("compared with {ref_desc}"),
        )
    });
    let shared = Arc::new(Common {
        rule,
        section: o.section.to_string(),
        who: o.who,
        articles: o.articles,
        evidence: o.evidence,
        ref_device: ref_copy.device.to_string(),
        related,
        cmp: Arc::clone(&cmp),
    });
    // Across articles, one finding per article with every device whose
    // copy has the outlier's version.
    let groups: Vec<Vec<Member>> = if o.articles {
        let mut groups: Vec<Vec<Member>> = Vec::new();
        for m in members {
            match groups.last_mut() {
                Some(g) if g[0].article == m.article && g[0].label.file == m.label.file => {
                    g.push(m)
                }
                _ => groups.push(vec![m]),
            }
        }
        groups
    } else {
        vec![members]
    };
    groups
        .into_iter()
        .map(|members| {
            let shared = Arc::clone(&shared);
            Finding {
                rule,
                min: 1,
                more: 0,
                members,
                build: Box::new(move |ms: &[Member]| diagnostic(&shared, ms)),
            }
        })
        .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Words the finding of an outlier for the members that remain.
fn diagnostic(sh: &Common, ms: &[Member]) -> Diagnostic {
    let section = &sh.section;
    let names: Vec<&str> = if sh.articles {
        let mut codes: Vec<&str> = ms.iter().map(|m| m.article).collect();
        codes.dedup();
        codes
    } else {
        super::devices(ms)
    };
    let subject = match (sh.articles, names.as_slice()) {
        (true, [one]) => format!("`{section}` in {one}"),
        (true, many) => format!(
            "`{section}` in {} ({})",
            plural(many.len(), "article", "articles"),
            list(many, 8)
        ),
        (false, [one]) => format!("`{section}` for `{one}`"),
        (false, many) => format!(
            "`{section}` for {} ({})",
            plural(many.len(), "device", "devices"),
            list(many, 12)
        ),
    };
    let (reference, theirs) = match &sh.who {
        Reference::Devices(devs, true) if devs.len() == 1 => {
            (format!("`{}`'s version", devs[0]), devs[0].clone())
        }
        Reference::Devices(devs, true) => (
            format!("the version {} other devices share", devs.len()),
            list_of(&strs(&devs[..devs.len().min(12)]), devs.len(), 12),
        ),
        Reference::Devices(devs, false) => (
            format!(
                "`{}`'s copy (no version is shared by more devices)",
                devs[0]
            ),
            devs[0].clone(),
        ),
        Reference::Articles(codes, None, _) if codes.len() == 1 => {
            (format!("the version in {}", codes[0]), codes[0].clone())
        }
        Reference::Articles(codes, None, _) => (
            format!(
                "the version {} other articles share ({})",
                codes.len(),
                list(&strs(codes), 3)
            ),
            list(&strs(codes), 8),
        ),
        Reference::Articles(codes, Some(other), _) => (
            format!("`{other}` in {}", list(&strs(codes), 3)),
            list(&strs(codes), 8),
        ),
    };
    // A tie across articles is said, as within an article.
    let reference = match &sh.who {
        Reference::Articles(.., false) => {
            format!("{reference} (no version is shared by more copies)")
        }
        _ => reference,
    };
    let similar = &sh.cmp.similar;
    let drifted = sh.rule.id == super::drifted::RULE.id;
    let message = if drifted {
        format!("{subject} has drifted from {reference} ({similar})")
    } else {
        format!("{subject} is a divergent variant of {reference} (only {similar})")
    };
    let m0 = &ms[0];
    let d = Diagnostic::new(sh.rule, message, m0.label.clone());
    let Some(related) = &sh.related else {
        return d;
    };
    let help = help(sh, ms, drifted);
    let note = format!(
        "word diff: [-{theirs}-] {{+{}+}}; {} is each device's own name or noun\n{}",
        list(&names, 12),
        crate::normalize::DEVICE,
        sh.cmp.body
    );
    // The message names every member; one related label, at the
    // reference, keeps the snippet short. Across articles, the other
    // devices of the article with the same copy are labelled too.
    let mut d = d
        .with_help(help)
        .with_note(note)
        .with_related(related.clone());
    if sh.articles {
        for m in &ms[1..] {
            d = d.with_related(m.label.clone());
        }
    }
    d.with_context(context(m0.article, m0.device, Some(section)).about_devices(&super::devices(ms)))
}

/// What to do: which version to follow and the command that does it (see
/// [`follow`]), or how to say the difference is meant to be.
fn help(sh: &Common, ms: &[Member], drifted: bool) -> String {
    let id = sh.rule.id;
    let mark = format!("`\"intended\": [{{\"rule\": \"{id}\", \"reason\": \"…\"}}]`");
    let (article, across) = match &sh.who {
        Reference::Devices(..) => (ms[0].article, false),
        Reference::Articles(codes, None, _) => (codes[0].as_str(), true),
        // Another section id: no one command makes them agree.
        Reference::Articles(_, Some(_), _) if drifted => {
            return format!(
                "make the copies agree: apply the change everywhere or undo it here; if the difference is meant to be, add {mark} to the section"
            );
        }
        Reference::Articles(_, Some(_), _) => {
            return format!(
                "if this procedure really differs, say why: add {mark} to the section; otherwise rewrite it from the other copies"
            );
        }
    };
    let outliers = super::devices(ms);
    let sync = follow::Sync {
        article,
        section: &sh.section,
        reference: &sh.ref_device,
        outliers: &outliers,
        across,
    };
    let advice = follow::advice(sh.evidence, &sync, ms[0].article);
    if drifted {
        format!("{advice}; if the difference is meant to be, add {mark} to the section")
    } else {
        format!("{advice}; if this procedure really differs, say why: add {mark} to the section")
    }
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reports every variant of every section of one article that differs from
/// the reference.
pub fn within<'a>(
    env: &Env<'a>,
    view: &ArticleView<'a>,
    consensus: &Consensus<'a>,
    out: &mut Vec<Finding<'a>>,
) {
    let known = |hash| consensus.get(&(view.locale, hash)).copied().unwrap_or(0);
    let drift_rules = [super::drifted::RULE.id, super::divergent::RULE.id];
    let marked = |c: &DeviceCopy| {
        (c.section.intended.iter()).any(|m| drift_rules.contains(&m.rule.as_str()))
    };
    for g in &view.groups {
        if g.variants.len() < 2 {
            continue;
        }
        let reference = &g.copies[g.variants[0][0]];
        let ref_text = env.texts.of(&env.norm, reference);
        let ref_devices: Arc<[String]> = g.reference().map(|c| c.device.to_string()).collect();
        for v in &g.variants[1..] {
            let copies = v
                .iter()
                .map(|&i| (&g.copies[i], view.file, view.article.code.as_str()))
                .collect();
            let o = Outlier {
                reference: (reference, view.file, &ref_text),
                copies,
                section: g.id,
                who: Reference::Devices(Arc::clone(&ref_devices), g.majority),
                articles: false,
                evidence: Evidence::of(
                    known(reference.hash).saturating_sub(1),
                    (
                        known(g.copies[v[0]].hash),
                        v.iter().filter(|&&i| marked(&g.copies[i])).count(),
                    ),
                ),
            };
            out.extend(findings(env, o, env.drift.threshold, true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{Unit, UnitKind};

    fn text(title: &str, units: &[(UnitKind, &str)]) -> Text {
        Text {
            title: title.into(),
            units: units
                .iter()
                .enumerate()
                .map(|(i, (kind, t))| Unit {
                    kind: *kind,
                    block: i,
                    text: t.to_string(),
                    raw: t.to_string(),
                    pointer: format!("/{i}/text"),
                })
                .collect(),
        }
    }

    #[test]
    fn the_same_two_texts_are_compared_once() {
        let diffs = Diffs::default();
        let a = text("Restart", &[(UnitKind::Step(1), "Turn off your {device}.")]);
        let b = text("Restart", &[(UnitKind::Step(1), "Turn off the {device}.")]);
        let first = diffs.compare(&a, &b);
        assert!(Arc::ptr_eq(&first, &diffs.compare(&a, &b.clone())));
        assert!(first.similarity < 1.0 && first.similar.ends_with("% similar"));
        // Order matters: the reference comes first.
        assert!(!Arc::ptr_eq(&first, &diffs.compare(&b, &a)));
    }

    #[test]
    fn keys_see_step_numbers_but_not_where_units_came_from() {
        let one = text("T", &[(UnitKind::Step(1), "a"), (UnitKind::Step(2), "b")]);
        let two = text("T", &[(UnitKind::Step(1), "a"), (UnitKind::Step(1), "b")]);
        assert_ne!(one.key(), two.key());
        let mut moved = one.clone();
        moved.units[1].pointer = "/7/text".into();
        moved.units[1].raw = "B".into();
        assert_eq!(one.key(), moved.key());
    }
}
