//! `recall`: how many of a generated corpus's injected drifts nwlint finds.
//!
//! ```text
//! cd DIR && nwlint check --format json > report.json
//! cargo run --release --example recall -- DIR/manifest.json report.json
//! ```
//!
//! An injected drift (see `examples/gen-corpus.rs`) counts as found when a
//! `drifted-copy` or `divergent-variant` finding names its article and
//! section and — for one-device drifts — its device (as the finding's
//! device or in its message); an article-wide drift also counts when a
//! cross-article finding on that section names the article. Prints recall
//! per kind and scope, and in total.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [manifest, report] = args.as_slice() else {
        eprintln!("usage: recall MANIFEST.json REPORT.json");
        std::process::exit(2);
    };
    let read = |p: &str| -> Value {
        serde_json::from_slice(&std::fs::read(p).unwrap_or_else(|e| panic!("{p}: {e}")))
            .unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    let (manifest, report) = (read(manifest), read(report));
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_string();
    let drift: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("a json report")
        .iter()
        .filter(|d| {
            matches!(
                d["rule"].as_str(),
                Some("drifted-copy" | "divergent-variant")
            )
        })
        .collect();
    let mut by_place: HashMap<(String, String), Vec<&Value>> = HashMap::new();
    let mut by_section: HashMap<String, Vec<&Value>> = HashMap::new();
    for d in &drift {
        by_place
            .entry((s(d, "article"), s(d, "section")))
            .or_default()
            .push(d);
        by_section.entry(s(d, "section")).or_default().push(d);
    }
    let mut counts: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for e in manifest["drifts"].as_array().expect("a manifest") {
        let (article, section, scope) = (s(e, "article"), s(e, "section"), s(e, "scope"));
        let device = s(e, "device");
        let here = by_place.get(&(article.clone(), section.clone()));
        let found = if scope == "device" {
            here.into_iter().flatten().any(|d| {
                s(d, "device") == device || s(d, "message").contains(&format!("`{device}`"))
            })
        } else {
            here.is_some_and(|v| !v.is_empty())
                || by_section
                    .get(&section)
                    .into_iter()
                    .flatten()
                    .any(|d| s(d, "message").contains(&article))
        };
        let c = counts.entry((s(e, "kind"), scope)).or_default();
        c.1 += 1;
        c.0 += usize::from(found);
    }
    let (mut hit, mut all) = (0, 0);
    for ((kind, scope), (h, n)) in &counts {
        println!("recall {kind} {scope} {h}/{n}");
        hit += h;
        all += n;
    }
    println!(
        "recall total {hit}/{all} ({:.1}%)",
        100.0 * hit as f64 / all.max(1) as f64
    );
}
