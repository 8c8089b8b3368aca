//! The benchmark corpus generator (`examples/gen-corpus.rs`) on a tiny
//! corpus: output is deterministic, schema-valid (nwlint reports nothing but
//! drift findings), its manifest points at real edits, and every injected
//! one-device drift is found.

#[path = "../examples/gen_corpus/generator.rs"]
#[allow(dead_code)]
mod generator;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Rules that compare sections; everything else would mean the generator
/// wrote content that is invalid or breaks a per-file rule.
const DRIFT_RULES: [&str; 6] = [
    "identical-copies",
    "drifted-copy",
    "divergent-variant",
    "missing-section",
    "mixed-nouns",
    "stale-intended",
];

fn generate(out: &Path, seed: u64) -> generator::Summary {
    let mut opts = generator::Options::new(
        20,
        seed,
        out.to_path_buf(),
        Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
    );
    opts.drift_every = 2;
    generator::generate(&opts).expect("generates")
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn tiny_corpus_is_deterministic_valid_and_its_drifts_are_found() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let summary = generate(a.path(), 7);
    generate(b.path(), 7);
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    assert!(fa == fb, "same seed, different output");
    let articles = fa
        .keys()
        .filter(|k| k.starts_with("content/articles/"))
        .count();
    let markdown = fa.keys().filter(|k| k.starts_with("markdown/")).count();
    assert_eq!((articles, markdown), (20, 20));

    // nwlint loads it: exit 0 or 1, and only drift rules report.
    let out = Command::new(env!("CARGO_BIN_EXE_nwlint"))
        .args(["check", "--format", "json"])
        .current_dir(a.path())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json report");
    let diags = report["diagnostics"].as_array().expect("diagnostics");
    for d in diags {
        let rule = d["rule"].as_str().unwrap_or("");
        assert!(DRIFT_RULES.contains(&rule), "unexpected finding: {d}");
    }

    // The manifest: counts add up, and each entry points at its edit.
    let manifest: Value = serde_json::from_slice(&fa["manifest.json"]).expect("manifest is JSON");
    let drifts = manifest["drifts"].as_array().expect("drifts");
    assert_eq!(drifts.len(), summary.drifts.values().sum::<usize>());
    assert_eq!(
        drifts.len(),
        10,
        "one drift in every second article but the template"
    );
    for e in drifts {
        let file = e["file"].as_str().unwrap();
        let article: Value = serde_json::from_slice(&fa[file]).expect("article");
        let pointer = e["pointer"].as_str().unwrap();
        let kind = e["kind"].as_str().unwrap();
        let section = e["section"].as_str().unwrap();
        let sec_ptr: String = pointer.split('/').take(5).collect::<Vec<_>>().join("/");
        assert_eq!(
            article
                .pointer(&format!("{sec_ptr}/id"))
                .and_then(Value::as_str),
            Some(section),
            "{e}"
        );
        if kind != "step-removed" {
            assert!(article.pointer(pointer).is_some(), "{e}");
        }
    }

    // Recall on one-device drifts: each is reported for its article,
    // section and device.
    for e in drifts.iter().filter(|e| e["scope"] == "device") {
        let found = diags.iter().any(|d| {
            matches!(
                d["rule"].as_str(),
                Some("drifted-copy" | "divergent-variant")
            ) && d["article"] == e["article"]
                && d["section"] == e["section"]
                && (d["device"] == e["device"]
                    || d["message"].as_str().is_some_and(|m| {
                        m.contains(&format!("`{}`", e["device"].as_str().unwrap()))
                    }))
        });
        assert!(found, "injected drift not reported: {e}");
    }
}
