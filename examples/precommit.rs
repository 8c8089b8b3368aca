//! `precommit`: what the pre-commit case (one changed file named on the
//! command line, inside a large tree) costs with and without the persisted
//! index of [`nwlint::cache`].
//!
//! ```text
//! cargo run --release --example precommit -- DIR [ARTICLE.json] [--repeat N]
//! ```
//!
//! Prints, for the article (default: the first one), the best of N runs of
//! (1) `load::load`, the whole tree read, parsed, validated and typed, which
//! is what `nwlint check FILE` does today, and (2) `load::load_indexed`
//! with a cold index (built from scratch, in a temporary directory) and a
//! warm one (the next runs). The summary stored per article is the one
//! `nwlint check FILE…` uses ([`nwlint::drift::summary`]).

use nwlint::load::{self, Roots};
use nwlint::model::{Article, DeviceRegistry};
use nwlint::normalize::Normalizer;
use nwlint::schema::SchemaSet;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut file = None;
    let mut repeat = 5usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--repeat N")
            }
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => file = Some(PathBuf::from(a)),
        }
    }
    let dir =
        std::fs::canonicalize(dir.expect("usage: precommit DIR [ARTICLE.json]")).expect("DIR");
    let content = dir.join("content");
    let file = match file {
        Some(f) => std::fs::canonicalize(f).expect("ARTICLE.json"),
        None => {
            let mut all: Vec<PathBuf> = std::fs::read_dir(content.join("articles"))
                .expect("articles/")
                .flatten()
                .map(|e| e.path())
                .collect();
            all.sort();
            all.into_iter().next().expect("an article")
        }
    };
    let roots = Roots {
        base: dir.clone(),
        content: content.clone(),
        schema: Some(dir.join("schema")).filter(|p| p.is_dir()),
        exclude: nwlint::load::Exclude::default(),
        overlay: nwlint::load::Overlay::new(),
    };
    let registry: DeviceRegistry =
        serde_json::from_slice(&std::fs::read(content.join("devices.json")).expect("registry"))
            .expect("registry parses");
    let norm = Normalizer::new(&registry, &BTreeMap::new());
    // The summary `nwlint check FILE…` stores (drift's per-article summary).
    let summarize = |_: &load::Corpus, a: &Article, known: &load::Known| {
        nwlint::drift::summary::summarize(&norm, a, known)
    };
    let only: HashSet<PathBuf> = [file.clone()].into();
    let cache = std::env::temp_dir().join(format!("nwlint-precommit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cache);

    let best =
        |f: &mut dyn FnMut() -> Duration| (0..repeat.max(1)).map(|_| f()).min().unwrap_or_default();
    let full = best(&mut || {
        let t = Instant::now();
        let schemas = SchemaSet::load(roots.schema.as_deref()).expect("schemas");
        let loading = load::load(&roots, &schemas).expect("loads");
        let d = t.elapsed();
        std::mem::forget(loading); // as `nwlint check` does at exit
        d
    });
    // What `nwlint check FILE` loads: schemas, then the tree by its index.
    let indexed = || {
        let t = Instant::now();
        let schemas = SchemaSet::load(roots.schema.as_deref()).expect("schemas");
        let (loading, others, _, stats) = load::load_indexed(
            &roots,
            &schemas,
            &only,
            Some(&cache),
            b"precommit-example-v1",
            &summarize,
        )
        .expect("loads");
        (t.elapsed(), loading, others, stats)
    };
    let (cold, _, others, cold_stats) = indexed();
    let mut stats = cold_stats;
    let warm = best(&mut || {
        let (d, loading, others, s) = indexed();
        stats = s;
        std::hint::black_box((&loading, &others));
        std::mem::forget((loading, others)); // as `nwlint check` does at exit
        d
    });
    let index_bytes = std::fs::metadata(cache.join("index-v1.bin")).map_or(0, |m| m.len());
    let _ = std::fs::remove_dir_all(&cache);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "precommit file={} articles={} full_load_ms={:.1} indexed_cold_ms={:.1} indexed_warm_ms={:.1} warm_fresh={} warm_verified={} warm_loaded={} cold_loaded={} index_bytes={index_bytes}",
        file.strip_prefix(&dir).unwrap_or(&file).display(),
        others.len() + 1,
        ms(full),
        ms(cold),
        ms(warm),
        stats.fresh,
        stats.verified,
        stats.loaded,
        cold_stats.loaded,
    );
}
