//! `mixed-nouns`: one device's section calls the device by two different
//! registered nouns.

use super::view::ArticleView;
use super::{Env, Finding, Member};
use crate::diag::{Diagnostic, Fix, FixEdit, Label, Loc};
use crate::model::{DeviceRegistry, Inline, Run, Section};
use crate::normalize::{
    Words, count_words, flatten, flatten_into, unit_texts, visit_units, words_used,
};
use crate::rules::context;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

crate::rules::declare_rule! {
    /// ## What it does
    /// Looks for the nouns the device registry (and `[nouns]` in
    /// nwlint.toml) lists for a device in each of that device's sections. A
    /// section that uses two or more of them is reported, with a label on
    /// the first use of the less frequent noun and a related label on the
    /// other. On a tie, the noun listed first in the registry is taken as
    /// the preferred one. A longer noun wins over a shorter noun it
    /// contains, so "video game console" is not also counted as "game
    /// console". The display name is not a noun unless the registry lists
    /// it as one.
    ///
    /// ## Why
    /// "Turn off your video game console … turn your game console back on"
    /// makes a reader wonder whether two devices are meant. One section
    /// should name the device one way.
    ///
    /// ## Example
    /// `ps4`'s `restart-network` says "video game console" in step 1 and
    /// "game console" in step 4.
    ///
    /// ## How to fix
    /// Use one noun throughout the section, preferably the registry's first
    /// noun for the device (the one snippets fill in for `{"var": "noun"}`).
    /// To keep both on purpose, add `"intended": [{"rule": "mixed-nouns",
    /// "reason": "…"}]` to the section.
    pub static RULE = { id: "mixed-nouns", severity: Warning, summary: "section mixes two nouns for the same device", fix: "puts the section's most used noun (when one is used most) in place of the others" };
}

/// Per device id with two or more nouns: the nouns (longest first, as
/// [`Words`] match them) and the rank of each in the registry (0: the
/// preferred noun).
pub type Nouns = HashMap<String, (Words, Vec<usize>)>;

/// The noun table: registry nouns, then `[nouns]` from nwlint.toml.
pub fn table(registry: &DeviceRegistry, extra: &BTreeMap<String, Vec<String>>) -> Nouns {
    let mut out = HashMap::new();
    for d in &registry.devices {
        let all = || d.nouns.iter().chain(extra.get(&d.id).into_iter().flatten());
        let sorted = Words::new(all(), d.nouns_any_case);
        if sorted.len() < 2 {
            continue;
        }
        // Registry order, as the sorted list writes each noun.
        let listed = all()
            .map(|w| Words::new([w], d.nouns_any_case).list)
            .filter_map(|l| l.into_iter().next());
        let mut order: Vec<String> = Vec::new();
        for w in listed {
            if !order.contains(&w) {
                order.push(w);
            }
        }
        let rank = (sorted.iter())
            .map(|w| order.iter().position(|x| x == w).unwrap_or(0))
            .collect();
        out.insert(d.id.clone(), (sorted, rank));
    }
    out
}

/// One use of a noun: where, and which noun (index into the sorted list).
struct Use {
    pointer: String,
    text_index: usize,
    start: usize,
    end: usize,
    noun: usize,
}

/// How a device's copy of a section mixes its nouns: the same in every
/// article with that copy, so worked out once (see [`Mixed`]).
pub struct Mix {
    /// The first use of a less used noun, then the first use of the main
    /// noun; pointers are relative to the copy (they start with `/title`
    /// or `/blocks`).
    minor: Loc,
    major: Loc,
    /// The less used noun at `minor`, and the main noun.
    minor_word: String,
    main_word: String,
    /// "“main” (n×) and “other” (m×)".
    uses: String,
    /// When one noun is used most: each other use and the main noun as
    /// the section writes it (first letter's case as at that use).
    fix: Option<Vec<(Loc, String)>>,
}

/// How each device's copy of a section mixes its nouns, by device, title
/// and body (see [`super::memo`]): a template copied into many articles is
/// worked out once per device.
pub type Mixed = super::memo::CopyMemo<Option<Arc<Mix>>>;

/// Reports each literal section of a device that uses two of its nouns.
pub fn check<'a>(env: &Env<'a>, view: &ArticleView<'a>, out: &mut Vec<Finding<'a>>) {
    let table = &env.nouns;
    if table.is_empty() {
        return;
    }
    let code = view.article.code.as_str();
    let mut buf = String::new();
    for g in &view.groups {
        for c in g.copies.iter().filter(|c| c.literal()) {
            let Some((words, rank)) = table.get(c.device) else {
                continue;
            };
            // Nouns that are plain text in this copy are not its nouns.
            let kept = c.text_words.as_ref().map(|text| {
                let keep: Vec<usize> = (0..words.len())
                    .filter(|&i| !text.contains(&words[i]))
                    .collect();
                let list = keep.iter().map(|&i| words[i].clone()).collect();
                let rank: Vec<usize> = keep.iter().map(|&i| rank[i]).collect();
                (
                    Words {
                        list,
                        any_case: words.any_case,
                    },
                    rank,
                )
            });
            let (words, rank) = kept.as_ref().map_or((words, rank), |(w, r)| (w, r));
            let Some(mix) = env.mixed.get(&c.memo_key(), c.section, || {
                mix(c.section, words, rank, &mut buf)
            }) else {
                continue;
            };
            let base = c.pointer();
            let member = Member {
                article: code,
                device: Some(c.device),
                section: g.id,
                label: Label::new(
                    view.file,
                    rebase(&mix.minor, &base),
                    format!("“{}” here", mix.minor_word),
                ),
            };
            let message = format!(
                "`{}` for `{}` calls the device both {}",
                g.id, c.device, mix.uses
            );
            // What only a full report prints.
            let fix = (mix.fix.as_ref())
                .filter(|_| !env.brief())
                .map(|edits| Fix {
                    title: format!("say “{}” throughout this section", mix.main_word),
                    edits: (edits.iter())
                        .map(|(loc, text)| FixEdit {
                            file: view.file,
                            loc: rebase(loc, &base),
                            text: text.clone(),
                        })
                        .collect(),
                });
            let full = (!env.brief()).then(|| {
                let related = Label::new(
                    view.file,
                    rebase(&mix.major, &base),
                    format!("“{}” here", mix.main_word),
                );
                let help = format!(
                    "say “{}” throughout this section (or mark the mix as intended with `\"intended\": [{{\"rule\": \"mixed-nouns\", \"reason\": \"…\"}}]`)",
                    mix.main_word
                );
                (related, help, context(code, Some(c.device), Some(g.id)))
            });
            out.push(Finding {
                rule: &RULE,
                min: 1,
                more: 0,
                members: vec![member],
                build: Box::new(move |ms: &[Member]| {
                    let mut d = Diagnostic::new(&RULE, message.clone(), ms[0].label.clone());
                    if let Some(fix) = &fix {
                        d = d.with_fix(fix.clone());
                    }
                    match &full {
                        Some((related, help, context)) => d
                            .with_help(help.clone())
                            .with_related(related.clone())
                            .with_context(context.clone()),
                        None => d,
                    }
                }),
            });
        }
    }
}

/// How `section` mixes the nouns `words` (ranked by `rank`), if it uses
/// two or more of them.
fn mix(section: &Section, words: &Words, rank: &[usize], buf: &mut String) -> Option<Arc<Mix>> {
    if distinct_nouns(section, words, buf) < 2 {
        return None;
    }
    let title = section.title.clone().map(Inline::Plain);
    let mut texts: Vec<(String, &Inline)> = Vec::new();
    if let Some(t) = &title {
        texts.push(("/title".to_string(), t));
    }
    for u in unit_texts(&section.blocks) {
        texts.push((format!("/blocks{}", u.pointer), u.text));
    }
    let mut uses = Vec::new();
    for (ti, (pointer, text)) in texts.iter().enumerate() {
        for (start, end, word) in words_used(&flatten(text, false), words) {
            let noun = words.iter().position(|w| *w == word).unwrap_or(0);
            uses.push(Use {
                pointer: pointer.clone(),
                text_index: ti,
                start,
                end,
                noun,
            });
        }
    }
    let mut count = vec![0usize; words.len()];
    for u in &uses {
        count[u.noun] += 1;
    }
    let used: Vec<usize> = (0..words.len()).filter(|&i| count[i] > 0).collect();
    if used.len() < 2 {
        return None;
    }
    // The main noun: most uses, then registry order.
    let main = *used
        .iter()
        .min_by_key(|&&i| (std::cmp::Reverse(count[i]), rank[i]))
        .unwrap_or(&used[0]);
    let minor = uses.iter().find(|u| u.noun != main)?;
    let major = uses.iter().find(|u| u.noun == main)?;
    let at = |u: &Use| raw_loc(&u.pointer, texts[u.text_index].1, u.start, u.end);
    let others: Vec<String> = used
        .iter()
        .filter(|&&i| i != main)
        .map(|&i| format!("“{}” ({}×)", words[i], count[i]))
        .collect();
    let most = used.iter().filter(|&&i| count[i] == count[main]).count() == 1;
    let fix = most.then(|| fix_edits(&uses, main, &texts)).flatten();
    Some(Arc::new(Mix {
        fix,
        minor: at(minor),
        major: at(major),
        minor_word: words[minor.noun].clone(),
        main_word: words[main].clone(),
        uses: format!(
            "“{}” ({}×) and {}",
            words[main],
            count[main],
            others.join(", ")
        ),
    }))
}

/// The edits that put the main noun (as the section first writes it) in
/// place of every other noun's use; `None` if one of them is not a plain
/// piece of a string (a link's text, say).
fn fix_edits(uses: &[Use], main: usize, texts: &[(String, &Inline)]) -> Option<Vec<(Loc, String)>> {
    let first = uses.iter().find(|u| u.noun == main)?;
    let written = flatten(texts[first.text_index].1, false)[first.start..first.end].to_string();
    let mut edits = Vec::new();
    for u in uses.iter().filter(|u| u.noun != main) {
        let (pointer, text) = &texts[u.text_index];
        let loc = raw_loc(pointer, text, u.start, u.end);
        let flat = flatten(text, false);
        let said = &flat[u.start..u.end];
        match &loc {
            Loc::InString { start, end, .. } if end - start == said.len() => {}
            _ => return None,
        }
        let upper = said.chars().next().is_some_and(char::is_uppercase);
        let word = match written.chars().next() {
            Some(c) if upper != c.is_uppercase() => crate::text::flip_first(&written),
            _ => written.clone(),
        };
        let escaped = serde_json::to_string(&word).ok()?;
        edits.push((loc, escaped[1..escaped.len() - 1].to_string()));
    }
    Some(edits)
}

/// `loc` (relative to a copy) under the copy's pointer `base`.
fn rebase(loc: &Loc, base: &str) -> Loc {
    match loc {
        Loc::Value(p) => Loc::Value(format!("{base}{p}")),
        Loc::InString {
            pointer,
            start,
            end,
        } => Loc::InString {
            pointer: format!("{base}{pointer}"),
            start: *start,
            end: *end,
        },
        other => other.clone(),
    }
}

/// How many different nouns of `words` a section uses: a cheap first pass
/// that builds no pointers and allocates only into `buf`.
fn distinct_nouns(section: &Section, words: &Words, buf: &mut String) -> usize {
    let mut counts = vec![0usize; words.len()];
    if let Some(t) = &section.title {
        count_words(t, words, &mut counts);
    }
    visit_units(&section.blocks, |_, _, text| match text {
        Inline::Plain(s) => count_words(s, words, &mut counts),
        Inline::Runs(_) => {
            buf.clear();
            flatten_into(text, false, buf);
            count_words(buf, words, &mut counts);
        }
    });
    counts.iter().filter(|&&c| c > 0).count()
}

/// Where the bytes `start..end` of `flatten(text, false)` are in the source:
/// inside the run that holds `start`, clipped to that run.
pub fn raw_loc(pointer: &str, text: &Inline, start: usize, end: usize) -> Loc {
    let runs = match text {
        Inline::Plain(_) => {
            return Loc::InString {
                pointer: pointer.to_string(),
                start,
                end,
            };
        }
        Inline::Runs(runs) => runs,
    };
    let mut off = 0;
    for (k, r) in runs.iter().enumerate() {
        let (len, suffix) = match r {
            Run::Text(s) => (s.len(), format!("/{k}")),
            Run::Link(l) => (l.link.len(), format!("/{k}/link")),
            Run::Code(c) => (c.code.len(), format!("/{k}/code")),
            Run::Var(v) => (v.var.len() + 2, String::new()),
        };
        if start < off + len {
            if suffix.is_empty() {
                return Loc::Value(format!("{pointer}/{k}"));
            }
            return Loc::InString {
                pointer: format!("{pointer}{suffix}"),
                start: start - off,
                end: end.min(off + len) - off,
            };
        }
        off += len;
    }
    Loc::Value(pointer.to_string())
}
