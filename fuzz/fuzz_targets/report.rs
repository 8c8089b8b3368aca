//! Every output format on arbitrary findings: messages, help, labels and
//! byte ranges from the input, over a source file of arbitrary text.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use nwlint::diag::{Diagnostic, Label, Loc};
use nwlint::report::Findings;
use nwlint::source::{SourceFile, SourceMap};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first bytes pick ranges; the text is cut into message, help and
    // source at NUL-free boundaries of its own.
    let pick = |i: usize| data.get(i).copied().unwrap_or(0) as usize * text.len() / 256;
    let mut parts = text.splitn(3, '|');
    let message = parts.next().unwrap_or("").to_string();
    let help = parts.next().unwrap_or("").to_string();
    let source = parts.next().unwrap_or("").to_string();
    let mut sources = SourceMap::default();
    let path = common::project().join("content/articles/X.json");
    let file = sources.add(SourceFile::new("content/articles/X.json".into(), path, source.clone()));
    let (a, b) = (pick(0).min(source.len()), pick(1).min(source.len()));
    let (start, end) = (a.min(b), a.max(b));
    let rules = nwlint::catalog::all();
    let rule = rules[pick(2) % rules.len()];
    let locs = [
        Loc::Bytes { start, end },
        Loc::File,
        Loc::Value(help.chars().take(40).collect()),
        Loc::Key("/devices/0".into()),
        Loc::InString {
            pointer: "/title".into(),
            start,
            end,
        },
    ];
    let mut diags = Vec::new();
    for (i, loc) in locs.into_iter().enumerate() {
        let mut d = Diagnostic::new(rule, message.clone(), Label::new(file, loc, help.clone()))
            .with_related(Label::new(file, Loc::Bytes { start: end, end: source.len() }, message.clone()));
        if i % 2 == 0 {
            d = d.with_help(help.clone());
        }
        diags.push(d);
    }
    let findings = Findings {
        diagnostics: &diags,
        sources: &sources,
    };
    for reporter in common::reporters() {
        let mut out = Vec::new();
        reporter.report(&findings, &mut out).unwrap();
        // Terminal formats never carry a raw escape from the content.
        if text.contains('\u{1b}') {
            let shown = String::from_utf8_lossy(&out);
            assert!(!shown.contains("\u{1b}]"), "raw OSC from content");
        }
    }
});
