//! Intended divergence: marks that take devices (or articles) out of drift
//! findings, and the `stale-intended` findings for marks that no longer
//! match anything.
//!
//! A mark names a drift rule and a reason, in one of two places:
//!
//! * in content, on a section: `"intended": [{"rule": …, "reason": …}]`.
//!   It covers that device's copy of that section in that article file. For
//!   `missing-section` (the device has no copy of the missing section to
//!   carry the mark) a mark on any section of the device covers every
//!   section the device is reported as missing. For findings across
//!   articles, a mark on any device's copy covers the article's version.
//! * in nwlint.toml, `[[intended]]` with `rule`, `reason` and optionally
//!   `article`, `device` and `section`; a field left out matches anything.
//!
//! A finding loses the members its marks cover; a finding left with too few
//! members (a class of one, an outlier with no devices) disappears. A mark
//! that covered no member is stale: the difference it excused is gone or is
//! now reported under another rule.

use super::{Finding, Member};
use crate::diag::{Diagnostic, FileId, Label, Loc};
use crate::hash::FastMap;
use crate::model::Article;
use crate::rules::{Ctx, context};
use rayon::prelude::*;

/// Rules whose findings marks can cover.
pub const MARKABLE: [&str; 5] = [
    "identical-copies",
    "drifted-copy",
    "divergent-variant",
    "missing-section",
    "mixed-nouns",
];

enum Origin {
    Content {
        file: FileId,
        pointer: String,
        article: String,
        device: String,
        section: String,
    },
    Config {
        /// 0-based index of the `[[intended]]` entry.
        index: usize,
    },
}

/// One mark, from content or config.
struct Mark {
    rule: String,
    article: Option<String>,
    device: Option<String>,
    section: Option<String>,
    origin: Origin,
    matched: bool,
}

impl Mark {
    fn covers(&self, rule: &str, m: &Member) -> bool {
        if self.rule != rule {
            return false;
        }
        match &self.origin {
            Origin::Content {
                file,
                device,
                section,
                ..
            } => {
                if m.label.file != *file {
                    return false;
                }
                match &m.device {
                    None => m.section == *section,
                    Some(d) if rule == MISSING => d == device,
                    Some(d) => d == device && m.section == *section,
                }
            }
            Origin::Config { .. } => {
                self.article.as_ref().is_none_or(|a| *a == m.article)
                    && self
                        .device
                        .as_ref()
                        .is_none_or(|d| m.device == Some(d.as_str()))
                    && self.section.as_ref().is_none_or(|s| *s == m.section)
            }
        }
    }
}

fn collect(ctx: &Ctx, articles: &super::Articles) -> Vec<Mark> {
    use super::Source;
    // Those in memory first, then the recorded ones.
    let (memory, recorded): (Vec<&Source>, Vec<&Source>) =
        (articles.sources.iter()).partition(|s| matches!(s, Source::Memory(_)));
    let arts: Vec<(&Article, FileId)> = (memory.into_iter().chain(recorded))
        .map(|s| (s.article(), s.file()))
        .collect();
    // Every section of every article is visited: on every core, in order.
    let mut marks: Vec<Mark> = arts
        .par_iter()
        .flat_map_iter(|&(value, file)| {
            let mut marks = Vec::new();
            for (di, entry) in value.devices.iter().enumerate() {
                for (si, section) in entry.sections.iter().enumerate() {
                    for (k, mark) in section.intended.iter().enumerate() {
                        marks.push(Mark {
                            rule: mark.rule.clone(),
                            article: Some(value.code.clone()),
                            device: Some(entry.device.clone()),
                            section: Some(section.id.clone()),
                            origin: Origin::Content {
                                file,
                                pointer: format!("/devices/{di}/sections/{si}/intended/{k}"),
                                article: value.code.clone(),
                                device: entry.device.clone(),
                                section: section.id.clone(),
                            },
                            matched: false,
                        });
                    }
                }
            }
            marks
        })
        .collect();
    for (index, e) in ctx.config.intended.iter().enumerate() {
        marks.push(Mark {
            rule: e.rule.clone(),
            article: e.article.clone(),
            device: e.device.clone(),
            section: e.section.clone(),
            origin: Origin::Config { index },
            matched: false,
        });
    }
    marks
}

/// Every mark of a run, collected once, so that findings can be applied in
/// batches (one per article, on every core) as they are made, instead of
/// all being held until the end; [`Marks::finish`] then words the stale
/// marks.
pub struct Marks {
    marks: Vec<Mark>,
    /// The marks that can cover a member, by rule: content marks by where
    /// they apply ([`place`]), config marks apart (content may hold
    /// thousands of marks; a member is checked against those at its own
    /// place, not all).
    by_rule: FastMap<String, Candidates>,
    /// Helps and notes of the findings made, each distinct text stored once.
    strings: crate::diag::Strings,
}

/// The rule whose content marks cover a device wherever it lacks a section.
const MISSING: &str = "missing-section";

/// Where a content mark applies or a member is, as a key ([`Mark::covers`]
/// decides): its file and section, or for a `missing-section` member its
/// file and device. Keyed per process, like every content-derived key.
fn place(file: FileId, device: bool, name: &str) -> u128 {
    use std::hash::Hash;
    let mut h = crate::hash::Hasher128::keyed(0x1D);
    file.hash(&mut h);
    device.hash(&mut h);
    name.hash(&mut h);
    h.finish128()
}

/// Indices of the marks of one rule (see [`Marks`]).
#[derive(Default)]
struct Candidates {
    at: FastMap<u128, Vec<usize>>,
    config: Vec<usize>,
}

/// One batch of findings with the marks applied.
pub struct Applied<'a> {
    diags: Vec<Diagnostic>,
    /// Indices of the marks that covered a member.
    matched: Vec<usize>,
    /// Rules reported per member, to explain stale marks (kept only when
    /// there are marks).
    reported: Vec<(&'static str, Member<'a>)>,
}

impl Marks {
    /// The marks in the loaded articles, in `extra` (articles known by
    /// their summary) and in nwlint.toml.
    pub fn collect(ctx: &Ctx, articles: &super::Articles) -> Marks {
        let marks = collect(ctx, articles);
        let mut by_rule: FastMap<String, Candidates> = FastMap::default();
        for (i, mark) in marks.iter().enumerate() {
            let c = by_rule.entry(mark.rule.clone()).or_default();
            match &mark.origin {
                Origin::Content {
                    file,
                    device,
                    section,
                    ..
                } => {
                    c.at.entry(place(*file, false, section))
                        .or_default()
                        .push(i);
                    if mark.rule == MISSING {
                        c.at.entry(place(*file, true, device)).or_default().push(i);
                    }
                }
                Origin::Config { .. } => c.config.push(i),
            }
        }
        Marks {
            marks,
            by_rule,
            strings: crate::diag::Strings::default(),
        }
    }

    /// Removes the members marks cover and words what remains.
    pub fn apply<'a>(&self, findings: Vec<Finding<'a>>) -> Applied<'a> {
        let mut out = Applied {
            diags: Vec::with_capacity(findings.len()),
            matched: Vec::new(),
            reported: Vec::new(),
        };
        for f in findings {
            let mut kept = Vec::with_capacity(f.members.len());
            let candidates = self.by_rule.get(f.rule.id);
            for m in f.members {
                let mut covered = false;
                let here = match &m.device {
                    Some(d) if f.rule.id == MISSING => place(m.label.file, true, d),
                    _ => place(m.label.file, false, m.section),
                };
                let in_file = candidates
                    .and_then(|c| c.at.get(&here))
                    .into_iter()
                    .flatten();
                let config = candidates.into_iter().flat_map(|c| &c.config);
                for &i in in_file.chain(config) {
                    if self.marks[i].covers(f.rule.id, &m) {
                        out.matched.push(i);
                        covered = true;
                    }
                }
                if !covered {
                    kept.push(m);
                }
            }
            if kept.len() + f.more >= f.min.max(1) {
                let mut d = (f.build)(&kept);
                d.share_strings(&self.strings);
                out.diags.push(d);
                if !self.marks.is_empty() {
                    out.reported
                        .extend(kept.into_iter().map(|m| (f.rule.id, m)));
                }
            }
        }
        out
    }

    /// The diagnostics of every batch, in order, then one for each mark
    /// that covered nothing.
    pub fn finish(mut self, ctx: &Ctx, batches: Vec<Applied>) -> Vec<Diagnostic> {
        let mut out = Vec::with_capacity(batches.iter().map(|b| b.diags.len()).sum());
        let mut reported = Vec::new();
        for b in batches {
            for i in b.matched {
                self.marks[i].matched = true;
            }
            out.extend(b.diags);
            reported.extend(b.reported);
        }
        let config_file = config_file(ctx);
        for mark in self.marks.iter().filter(|m| !m.matched) {
            out.push(stale(ctx, mark, &reported, config_file));
        }
        out
    }
}

/// The config file, if the caller added it to the source map.
fn config_file(ctx: &Ctx) -> Option<FileId> {
    let path = ctx.config.path.as_ref()?;
    let want = crate::regular_file::clean(path);
    ctx.sources
        .iter()
        .find(|(_, f)| crate::regular_file::clean(&f.path) == want)
        .map(|(id, _)| id)
}

/// The byte range of the `index`-th `[[intended]]` header of a TOML text.
fn header_span(text: &str, index: usize) -> Option<(usize, usize)> {
    let mut seen = 0;
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim();
        let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.starts_with("[[intended]]") {
            if seen == index {
                let start = off + (line.len() - line.trim_start().len());
                return Some((start, start + body.len()));
            }
            seen += 1;
        }
        off += line.len();
    }
    None
}

/// What is wrong with the rule a mark names, if anything (with help): a
/// rule nwlint does not have, or one that cannot be marked.
fn misnamed(ctx: &Ctx, mark: &Mark) -> Option<(String, String)> {
    if !ctx.rules.iter().any(|r| r.id == mark.rule) {
        let hint = crate::text::closest(&mark.rule, MARKABLE)
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        Some((
            format!("names unknown rule `{}`", crate::text::clip(&mark.rule, 60)),
            format!("{hint}marks name one of: {}", MARKABLE.join(", ")),
        ))
    } else if !MARKABLE.contains(&mark.rule.as_str()) {
        Some((
            format!("names `{}`, which cannot be marked as intended", mark.rule),
            format!("only drift findings can be marked: {}", MARKABLE.join(", ")),
        ))
    } else {
        None
    }
}

/// The `stale-intended` finding of a mark that covered nothing.
fn stale(
    ctx: &Ctx,
    mark: &Mark,
    reported: &[(&'static str, Member)],
    config_file: Option<FileId>,
) -> Diagnostic {
    let rule = &super::stale_intended::RULE;
    let problem = misnamed(ctx, mark);
    match &mark.origin {
        Origin::Content {
            file,
            pointer,
            article,
            device,
            section,
        } => {
            let (what, help) = problem.unwrap_or_else(|| {
                let now: Vec<&str> = reported
                    .iter()
                    .filter(|(r, m)| {
                        *r != mark.rule
                            && *r != "identical-copies"
                            && m.label.file == *file
                            && m.device.is_none_or(|d| d == device)
                            && (m.section == *section || *r == "missing-section")
                    })
                    .map(|(r, _)| *r)
                    .collect();
                let help = match now.first() {
                    Some(r) => format!(
                        "this copy is now reported as `{r}`: if that difference is intended too, change the mark's rule; otherwise remove the mark"
                    ),
                    None => "the difference it excused is gone: remove the mark".to_string(),
                };
                (format!("matches no `{}` finding", mark.rule), help)
            });
            Diagnostic::new(
                rule,
                format!(
                    "intended mark for `{}` on `{section}` of `{device}` {what}",
                    crate::text::clip(&mark.rule, 60)
                ),
                Label::new(*file, Loc::Value(pointer.clone()), "stale mark"),
            )
            .with_help(help)
            .with_context(context(article, Some(device), Some(section)))
        }
        Origin::Config { index } => {
            let scope: Vec<String> = [
                ("article", &mark.article),
                ("device", &mark.device),
                ("section", &mark.section),
            ]
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} `{v}`")))
            .collect();
            let scope = if scope.is_empty() {
                String::new()
            } else {
                format!(" ({})", scope.join(", "))
            };
            let (what, help) = problem.unwrap_or_else(|| {
                (
                    format!("matches no `{}` finding", mark.rule),
                    "the difference it excused is gone (or its article, device or section is misspelled): remove or correct the entry".to_string(),
                )
            });
            let message = format!(
                "[[intended]] #{} for `{}`{scope} {what}",
                index + 1,
                mark.rule
            );
            let file = config_file
                .or_else(|| ctx.corpus.registry.as_ref().map(|r| r.file))
                .unwrap_or(0);
            let loc = config_file
                .and_then(|f| header_span(&ctx.sources.get(f).text(), *index))
                .map_or(Loc::File, |(start, end)| Loc::Bytes { start, end });
            let context = crate::diag::Context {
                article: mark.article.clone(),
                device: mark.device.clone(),
                devices: mark.device.iter().cloned().collect(),
                section: mark.section.clone(),
            };
            Diagnostic::new(rule, message, Label::new(file, loc, "stale entry"))
                .with_help(help)
                .with_context(context)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nth_intended_header() {
        let t = "[drift]\nthreshold = 0.5\n\n[[intended]]\nrule = \"a\"\n  [[ intended ]]\nrule = \"b\"\n";
        let (s, e) = header_span(t, 0).unwrap();
        assert_eq!(&t[s..e], "[[intended]]");
        let (s, e) = header_span(t, 1).unwrap();
        assert_eq!(&t[s..e], "[[ intended ]]");
        assert_eq!(header_span(t, 2), None);
    }
}
