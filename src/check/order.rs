//! The order and levels of a check's findings: configured severities
//! applied, then a deterministic order (file, position, rule, message).

use crate::diag::Diagnostic;
use rayon::prelude::*;

/// Applies configured severities (dropping rules set to `off`), in place:
/// findings are not moved unless some are dropped.
pub fn finalize(diags: &mut Vec<Diagnostic>, config: &crate::config::Config) {
    diags.retain_mut(|d| match config.rules.get(d.rule.id) {
        None => true,
        Some(level) => match level.severity() {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        },
    });
}

/// Deterministic order: file (by displayed path), position, rule, message;
/// stable.
pub fn sort(diags: &mut [Diagnostic], sources: &crate::source::SourceMap) {
    // Rank the files findings are in by displayed path once (equal paths
    // share a rank), so keys hold no strings; messages are compared in
    // place on ties only.
    let mut files: Vec<usize> = diags.iter().map(|d| d.primary.file).collect();
    files.sort_unstable();
    files.dedup();
    files.sort_by(|&a, &b| sources.get(a).display.cmp(&sources.get(b).display));
    let mut rank: crate::hash::FastMap<usize, usize> = crate::hash::FastMap::default();
    for (i, &f) in files.iter().enumerate() {
        let r = match i {
            _ if i > 0 && sources.get(f).display == sources.get(files[i - 1]).display => {
                rank[&files[i - 1]]
            }
            _ => i,
        };
        rank.insert(f, r);
    }
    let mut keys: Vec<(usize, usize, &'static str, usize)> = diags
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let f = d.primary.file;
            let pos = sources
                .get(f)
                .span_of(&d.primary.loc)
                .map_or(0, |s| s.start);
            (
                rank.get(&f).copied().unwrap_or(usize::MAX),
                pos,
                d.rule.id,
                i,
            )
        })
        .collect();
    keys.par_sort_unstable_by(|a, b| {
        (a.0, a.1, a.2)
            .cmp(&(b.0, b.1, b.2))
            .then_with(|| diags[a.3].message.cmp(&diags[b.3].message))
            .then(a.3.cmp(&b.3))
    });
    // Apply the permutation in place (as `slice::sort_by_cached_key` does).
    let mut order: Vec<usize> = keys.into_iter().map(|k| k.3).collect();
    for i in 0..order.len() {
        let mut index = order[i];
        while index < i {
            index = order[index];
        }
        order[i] = index;
        diags.swap(i, index);
    }
}
