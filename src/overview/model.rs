//! The drift matrix of `nwlint report`: per article, one cell per device
//! and section id saying how that copy compares with the version most
//! devices share — built from drift's own index ([`crate::drift::view`])
//! and section diffs ([`crate::drift::worddiff`]), so the report and
//! `check` always agree on what drifted.

use crate::config::Config;
use crate::diag::{Diagnostic, Loc};
use crate::drift::view::{self, ArticleView, Group, Text};
use crate::drift::worddiff::{UnitChange, VersionDiff};
use crate::load::Loading;
use crate::model::Article;
use crate::normalize::{Normalizer, Unit};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// What a cell says about one device's copy of one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Every device that has the section has the same text.
    Identical,
    /// The version most devices share (others differ).
    Consensus,
    /// Single-sourced from a snippet.
    Snippet,
    /// Differs slightly from the reference (at or above the threshold).
    Drifted,
    /// Rewritten beyond the similarity threshold.
    Divergent,
    /// Most devices have the section; this one lacks it.
    Missing,
    /// A difference marked as intended.
    Intended,
    /// The device does not have the section, and most devices do not
    /// either: nothing to report.
    Absent,
}

impl State {
    pub const ALL: [State; 8] = [
        State::Identical,
        State::Consensus,
        State::Snippet,
        State::Drifted,
        State::Divergent,
        State::Missing,
        State::Intended,
        State::Absent,
    ];

    /// The label shown in cells and legends.
    pub fn label(self) -> &'static str {
        match self {
            State::Identical => "identical",
            State::Consensus => "consensus",
            State::Snippet => "snippet",
            State::Drifted => "drifted",
            State::Divergent => "divergent",
            State::Missing => "missing",
            State::Intended => "intended",
            State::Absent => "n/a",
        }
    }

    /// What the state means, for the legend.
    pub fn meaning(self) -> &'static str {
        match self {
            State::Identical => "the same text in every device that has the section",
            State::Consensus => "the version most devices share",
            State::Snippet => "single-sourced from a snippet",
            State::Drifted => "differs slightly from the version most devices share",
            State::Divergent => "rewritten beyond the similarity threshold",
            State::Missing => "most devices have this section; this one lacks it",
            State::Intended => "a difference marked as intended",
            State::Absent => "not in this device, nor in most others",
        }
    }

    /// The drift rule whose findings a cell in this state is part of.
    pub fn rule(self) -> Option<&'static str> {
        match self {
            State::Drifted => Some("drifted-copy"),
            State::Divergent => Some("divergent-variant"),
            State::Missing => Some("missing-section"),
            _ => None,
        }
    }

    /// `true` for the states that need a writer's attention.
    pub fn attention(self) -> bool {
        matches!(self, State::Drifted | State::Divergent | State::Missing)
    }
}

/// One device × section cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub state: State,
    /// Similarity to the reference, in whole percent (outliers only).
    pub similarity: Option<u32>,
    /// 1-based line of the copy (or of the device entry, when it lacks the
    /// section).
    pub line: Option<usize>,
    /// Index into [`Row::diffs`]: the diff against the reference.
    pub diff: Option<usize>,
    /// Indices into [`Overview::rules`]: rules with findings about this
    /// cell.
    pub rules: Vec<usize>,
}

/// One side of a diff line: a unit's marker and its words.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Half {
    /// `1.`, `•`, `note:`, `title:`; empty for no unit on this side.
    pub marker: String,
    pub segments: Vec<Segment>,
}

/// A piece of text in a diff.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Same(String),
    Removed(String),
    Added(String),
}

/// A side-by-side word diff of one outlier text against the reference.
#[derive(Debug, Clone, PartialEq)]
pub struct SideBySide {
    /// Device whose copy is the reference.
    pub reference: String,
    pub similarity: u32,
    /// (reference side, outlier side), aligned unit by unit (shared by
    /// every outlier with the same two texts).
    pub lines: Arc<[(Half, Half)]>,
}

/// One article's matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub code: String,
    pub title: String,
    /// The article file, as `check` names it.
    pub file: String,
    /// (id, display name), in article order.
    pub devices: Vec<(String, String)>,
    /// (id, title), in order of first appearance.
    pub sections: Vec<(String, String)>,
    /// `devices.len() × sections.len()` cells, device by device.
    pub cells: Vec<Cell>,
    pub diffs: Vec<SideBySide>,
}

impl Row {
    pub fn cell(&self, device: usize, section: usize) -> &Cell {
        &self.cells[device * self.sections.len() + section]
    }

    /// How many cells are in each state.
    pub fn counts(&self) -> BTreeMap<State, usize> {
        let mut out = BTreeMap::new();
        for c in &self.cells {
            *out.entry(c.state).or_default() += 1;
        }
        out
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// The help center's name, if it loaded.
    pub name: Option<String>,
    pub articles: Vec<Row>,
    /// Devices in the registry: (id, display name).
    pub devices: Vec<(String, String)>,
    /// Every rule with findings and how many, by rule id.
    pub rules: Vec<(String, usize)>,
    /// All findings, every rule.
    pub findings: usize,
}

/// Builds the matrix of every loaded article, with `diags` (every finding
/// of a full `check`) counted per rule and attached to their cells.
pub fn build(loading: &Loading, config: &Config, diags: &[Diagnostic]) -> Overview {
    let corpus = &loading.corpus;
    let registry = corpus.registry.as_ref().map(|r| &r.value);
    let empty = crate::model::DeviceRegistry {
        schema: String::new(),
        devices: Vec::new(),
    };
    let norm = Normalizer::new(registry.unwrap_or(&empty), &config.nouns);
    let locale = corpus
        .helpcenter
        .as_ref()
        .map_or("en-US", |h| h.value.default_locale.as_str());
    // Memos as drift's: a template's copies in many articles are
    // normalized, and their versions diffed, once.
    let memo = view::Digests::default();
    let mut views: Vec<ArticleView> = {
        use rayon::prelude::*;
        corpus
            .articles
            .par_iter()
            .enumerate()
            .map(|(i, a)| view::article_with(&norm, &memo, i, a.file, &a.value, locale))
            .collect()
    };
    view::break_ties(&mut views);

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diags {
        *counts.entry(d.rule.id).or_default() += 1;
    }
    let rules: Vec<(String, usize)> = counts.iter().map(|(r, n)| (r.to_string(), *n)).collect();
    let rule_index: HashMap<&str, usize> =
        counts.keys().enumerate().map(|(i, r)| (*r, i)).collect();
    // Findings about one cell: (article, device, section) → rules.
    let mut by_cell: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    for d in diags {
        let c = &d.context;
        if let (Some(a), Some(dev), Some(s)) = (&c.article, &c.device, &c.section) {
            let list = by_cell.entry((a, dev, s)).or_default();
            let r = rule_index[d.rule.id];
            if !list.contains(&r) {
                list.push(r);
            }
        }
    }
    let names: HashMap<&str, &str> = registry
        .map(|r| {
            r.devices
                .iter()
                .map(|d| (d.id.as_str(), d.name.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let cx = Cx {
        texts: crate::drift::variants::TextMemo::default(),
        sides: Sides::default(),
        norm: &norm,
        config,
        names: &names,
        rule_index: &rule_index,
        by_cell: &by_cell,
    };
    let mut articles: Vec<Row> = {
        use rayon::prelude::*;
        views.par_iter().map(|v| cx.row(v)).collect()
    };
    place_lines(loading, &views, &mut articles);
    Overview {
        name: corpus.helpcenter.as_ref().map(|h| h.value.name.clone()),
        articles,
        devices: registry
            .map(|r| {
                r.devices
                    .iter()
                    .map(|d| (d.id.clone(), d.name.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        rules,
        findings: diags.len(),
    }
}

/// Side-by-side diffs and similarity of two normalized versions, by the
/// two texts' keys.
type Sides = crate::hash::Sharded<(u128, u128), (u32, bool, Arc<[(Half, Half)]>)>;

/// What building one article's row needs.
struct Cx<'a> {
    texts: crate::drift::variants::TextMemo,
    sides: Sides,
    norm: &'a Normalizer,
    config: &'a Config,
    names: &'a HashMap<&'a str, &'a str>,
    rule_index: &'a HashMap<&'a str, usize>,
    by_cell: &'a HashMap<(&'a str, &'a str, &'a str), Vec<usize>>,
}

impl Cx<'_> {
    fn row(&self, view: &ArticleView) -> Row {
        let article = view.article;
        let devices: Vec<(String, String)> = view
            .devices
            .iter()
            .map(|(_, d)| {
                let name = self.names.get(d).copied().unwrap_or(d);
                (d.to_string(), name.to_string())
            })
            .collect();
        let sections: Vec<(String, String)> = view
            .groups
            .iter()
            .map(|g| {
                let title = g.copies[0].section.title.clone().unwrap_or_default();
                (g.id.to_string(), title)
            })
            .collect();
        let n = devices.len();
        let mut cells = vec![absent(); n * sections.len()];
        let mut diffs = Vec::new();
        let device_at: HashMap<&str, usize> = view
            .devices
            .iter()
            .enumerate()
            .map(|(k, (_, d))| (*d, k))
            .collect();
        for (si, g) in view.groups.iter().enumerate() {
            self.group_cells(
                view,
                g,
                si,
                sections.len(),
                &device_at,
                &mut cells,
                &mut diffs,
            );
            let have = g.copies.len();
            let expected = have >= 2
                && have < n
                && have as f64 >= self.config.drift.missing_majority * n as f64 - 1e-9;
            for (k, (_, device)) in view.devices.iter().enumerate() {
                let cell = &mut cells[k * sections.len() + si];
                if cell.state != State::Absent || !expected {
                    continue;
                }
                cell.state = if self.marked(article, device, None, "missing-section") {
                    State::Intended
                } else {
                    State::Missing
                };
            }
        }
        for (k, (_, device)) in view.devices.iter().enumerate() {
            for (si, (id, _)) in sections.iter().enumerate() {
                let cell = &mut cells[k * sections.len() + si];
                if let Some(r) = cell.state.rule() {
                    push(&mut cell.rules, self.rule_index.get(r).copied());
                }
                if let Some(list) = self.by_cell.get(&(article.code.as_str(), *device, id)) {
                    for r in list {
                        push(&mut cell.rules, Some(*r));
                    }
                }
                if matches!(cell.state, State::Identical | State::Snippet) && have_class(view, si) {
                    push(
                        &mut cell.rules,
                        self.rule_index.get("identical-copies").copied(),
                    );
                }
            }
        }
        Row {
            code: article.code.clone(),
            title: article.title.clone(),
            file: String::new(),
            devices,
            sections,
            cells,
            diffs,
        }
    }

    /// The cells of the copies of one section id.
    #[allow(clippy::too_many_arguments)]
    fn group_cells(
        &self,
        view: &ArticleView,
        g: &Group,
        si: usize,
        width: usize,
        device_at: &HashMap<&str, usize>,
        cells: &mut [Cell],
        diffs: &mut Vec<SideBySide>,
    ) {
        let reference = &g.copies[g.variants[0][0]];
        let ref_text = self.texts.of(self.norm, reference);
        let single = g.variants.len() == 1;
        for (vi, variant) in g.variants.iter().enumerate() {
            let outlier = if vi == 0 {
                None
            } else {
                let text = self.texts.of(self.norm, &g.copies[variant[0]]);
                let (similarity, drifted, lines) = self.compare(&ref_text, &text);
                diffs.push(SideBySide {
                    reference: reference.device.to_string(),
                    similarity,
                    lines,
                });
                Some((similarity, drifted, diffs.len() - 1))
            };
            for &ci in variant {
                let copy = &g.copies[ci];
                let Some(&k) = device_at.get(copy.device) else {
                    continue;
                };
                let mut state = match outlier {
                    None if copy.section.snippet.is_some() => State::Snippet,
                    None if single => State::Identical,
                    None => State::Consensus,
                    Some((_, true, _)) => State::Drifted,
                    Some((_, false, _)) => State::Divergent,
                };
                if let Some(rule) = state.rule()
                    && self.marked(view.article, copy.device, Some(copy.section), rule)
                {
                    state = State::Intended;
                }
                cells[k * width + si] = Cell {
                    state,
                    similarity: outlier.map(|o| o.0),
                    line: None,
                    diff: outlier.map(|o| o.2),
                    rules: Vec::new(),
                };
            }
        }
    }

    /// Similarity (percent), drifted (at or above the threshold) and the
    /// side-by-side diff of two versions; computed once per pair of texts.
    fn compare(&self, a: &Text, b: &Text) -> (u32, bool, Arc<[(Half, Half)]>) {
        let key = (a.key(), b.key());
        if let Some(found) = self.sides.get(&key) {
            return found;
        }
        let diff = VersionDiff::new(a.side(), b.side());
        let made = (
            crate::drift::percent(diff.similarity),
            diff.similarity >= self.config.drift.threshold,
            side_by_side(&diff, a, b).into(),
        );
        self.sides.get_or_insert_with(key, || made)
    }

    /// Whether an intended mark covers `rule` for this device's copy of a
    /// section (`None`: a missing section, covered by a mark on any of the
    /// device's sections), in content or in nwlint.toml.
    fn marked(
        &self,
        article: &Article,
        device: &str,
        section: Option<&crate::model::Section>,
        rule: &str,
    ) -> bool {
        let in_content = match section {
            Some(s) => s.intended.iter().any(|m| m.rule == rule),
            None => article
                .devices
                .iter()
                .filter(|d| d.device == device)
                .flat_map(|d| &d.sections)
                .flat_map(|s| &s.intended)
                .any(|m| m.rule == rule),
        };
        in_content
            || self.config.intended.iter().any(|e| {
                e.rule == rule
                    && e.article.as_deref().is_none_or(|a| a == article.code)
                    && e.device.as_deref().is_none_or(|d| d == device)
                    && match (e.section.as_deref(), section) {
                        (None, _) => true,
                        (Some(want), Some(s)) => want == s.id,
                        (Some(_), None) => true,
                    }
            })
    }
}

fn absent() -> Cell {
    Cell {
        state: State::Absent,
        similarity: None,
        line: None,
        diff: None,
        rules: Vec::new(),
    }
}

fn push(list: &mut Vec<usize>, r: Option<usize>) {
    if let Some(r) = r
        && !list.contains(&r)
    {
        list.push(r);
    }
}

/// Whether section `si` has a class of identical copies (several devices
/// sharing the reference text).
fn have_class(view: &ArticleView, si: usize) -> bool {
    view.groups[si].variants[0].len() > 1
}

/// The aligned diff as side-by-side lines.
fn side_by_side(diff: &VersionDiff, old: &Text, new: &Text) -> Vec<(Half, Half)> {
    let whole = |u: &Unit, seg: fn(String) -> Segment| Half {
        marker: u.kind.marker().trim().to_string(),
        segments: vec![seg(u.text.clone())],
    };
    let mut lines = Vec::new();
    if let Some(w) = &diff.title {
        let (l, r) = split(&w.segments);
        lines.push((titled(l), titled(r)));
    } else {
        let same = vec![Segment::Same(old.title.clone())];
        lines.push((titled(same.clone()), titled(same)));
    }
    for item in &diff.items {
        lines.push(match item {
            UnitChange::Equal { old: o, new: n } => (
                whole(&old.units[*o], Segment::Same),
                whole(&new.units[*n], Segment::Same),
            ),
            UnitChange::Changed {
                old: o,
                new: n,
                words,
            } => {
                let (l, r) = split(&words.segments);
                (
                    Half {
                        marker: old.units[*o].kind.marker().trim().to_string(),
                        segments: l,
                    },
                    Half {
                        marker: new.units[*n].kind.marker().trim().to_string(),
                        segments: r,
                    },
                )
            }
            UnitChange::Added { new: n } => {
                (Half::default(), whole(&new.units[*n], Segment::Added))
            }
            UnitChange::Removed { old: o, .. } => {
                (whole(&old.units[*o], Segment::Removed), Half::default())
            }
            UnitChange::Moved { old: o, new: n } => (
                whole(&old.units[*o], Segment::Removed),
                whole(&new.units[*n], Segment::Added),
            ),
        });
    }
    elide(lines)
}

/// Unchanged lines more than one away from a change become one
/// `… N unchanged` line (as `nwlint diff` shows them): most of a large
/// report's size is otherwise text both sides share.
fn elide(lines: Vec<(Half, Half)>) -> Vec<(Half, Half)> {
    let same = |(l, r): &(Half, Half)| {
        l.segments
            .iter()
            .chain(&r.segments)
            .all(|s| matches!(s, Segment::Same(_)))
            && !l.marker.is_empty()
            && !r.marker.is_empty()
    };
    let flags: Vec<bool> = lines.iter().map(same).collect();
    let near = |k: usize| (k > 0 && !flags[k - 1]) || flags.get(k + 1).is_some_and(|f| !f);
    let mut out = Vec::with_capacity(lines.len());
    let mut run = 0;
    let flush = |out: &mut Vec<(Half, Half)>, run: &mut usize| {
        if *run > 0 {
            let text = format!("{} unchanged", std::mem::take(run));
            let half = Half {
                marker: "…".into(),
                segments: vec![Segment::Same(text)],
            };
            out.push((half.clone(), half));
        }
    };
    for (k, line) in lines.into_iter().enumerate() {
        if flags[k] && !near(k) {
            run += 1;
        } else {
            flush(&mut out, &mut run);
            out.push(line);
        }
    }
    flush(&mut out, &mut run);
    out
}

fn titled(segments: Vec<Segment>) -> Half {
    Half {
        marker: "title:".into(),
        segments,
    }
}

/// Word segments split into the old side (same and removed) and the new
/// side (same and added).
fn split(segments: &[crate::compare::words::Segment]) -> (Vec<Segment>, Vec<Segment>) {
    use crate::compare::words::Segment as W;
    let (mut l, mut r) = (Vec::new(), Vec::new());
    for s in segments {
        match s {
            W::Equal(t) => {
                l.push(Segment::Same(t.clone()));
                r.push(Segment::Same(t.clone()));
            }
            W::Removed(t) => l.push(Segment::Removed(t.clone())),
            W::Added(t) => r.push(Segment::Added(t.clone())),
        }
    }
    (l, r)
}

/// Fills in each row's file and each cell's line, resolving every
/// location file by file on every core.
fn place_lines(loading: &Loading, views: &[ArticleView], rows: &mut [Row]) {
    let sources = &loading.sources;
    let mut locs: Vec<(usize, Loc)> = Vec::new();
    for v in views {
        for (di, _) in &v.devices {
            locs.push((v.file, Loc::Value(format!("/devices/{di}"))));
        }
        for g in &v.groups {
            for c in &g.copies {
                locs.push((v.file, Loc::Value(c.pointer())));
            }
        }
    }
    sources.prepare_locs(locs.iter().map(|(f, l)| (*f, l)), &|_, _| None);
    for (v, row) in views.iter().zip(rows.iter_mut()) {
        let file = sources.get(v.file);
        row.file = file.display.clone();
        let line = |pointer: String| file.position(&Loc::Value(pointer)).map(|p| p.line);
        let width = row.sections.len();
        for (k, (di, _)) in v.devices.iter().enumerate() {
            let entry = line(format!("/devices/{di}"));
            for s in 0..width {
                row.cells[k * width + s].line = entry;
            }
        }
        for (si, g) in v.groups.iter().enumerate() {
            for c in &g.copies {
                if let Some(k) = v.devices.iter().position(|(_, d)| *d == c.device) {
                    row.cells[k * width + si].line = line(c.pointer());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, changed: bool) -> (Half, Half) {
        let half = |seg: Segment| Half {
            marker: "1.".into(),
            segments: vec![seg],
        };
        if changed {
            (
                half(Segment::Removed(text.into())),
                half(Segment::Added(text.into())),
            )
        } else {
            (
                half(Segment::Same(text.into())),
                half(Segment::Same(text.into())),
            )
        }
    }

    #[test]
    fn unchanged_lines_away_from_changes_are_elided() {
        let lines = vec![
            line("a", false),
            line("b", false),
            line("c", false),
            line("d", true),
            line("e", false),
            line("f", false),
            line("g", false),
            line("h", false),
        ];
        let out = elide(lines);
        let text: Vec<String> = out
            .iter()
            .map(|(l, _)| match &l.segments[0] {
                Segment::Same(t) | Segment::Removed(t) | Segment::Added(t) => t.clone(),
            })
            .collect();
        assert_eq!(text, ["2 unchanged", "c", "d", "e", "3 unchanged"]);
        assert_eq!(out[0].0.marker, "…");
    }
}
