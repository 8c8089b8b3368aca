//! The whole check on a small tree whose one article is arbitrary bytes:
//! load, rules, drift, positions and every output format.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use nwlint::report::Findings;

fuzz_target!(|data: &[u8]| {
    let (config, loading) = common::load(data);
    let ctx = nwlint::rules::Ctx {
        rules: nwlint::catalog::all(),
        corpus: &loading.corpus,
        sources: &loading.sources,
        config: &config,
        detail: nwlint::diag::Detail::Full,
    };
    let mut diags = loading.diagnostics.clone();
    diags.extend(nwlint::rules::check(&ctx));
    diags.extend(nwlint::drift::check(&ctx));
    nwlint::check::sort(&mut diags, &loading.sources);
    let findings = Findings {
        diagnostics: &diags,
        sources: &loading.sources,
    };
    for reporter in common::reporters() {
        let mut out = Vec::new();
        reporter.report(&findings, &mut out).unwrap();
    }
});
