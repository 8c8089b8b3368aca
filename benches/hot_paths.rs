//! Micro-benchmarks of nwlint's per-file hot paths, on the shipped article
//! (`content/articles/NW-6-403.json`, 38 KB, 10 devices).
//!
//! ```text
//! cargo bench --bench hot_paths            # run
//! cargo bench --no-run                     # build only
//! ```
//!
//! Each benchmark is one step of what `nwlint check` does per file:
//! `serde_json` parse (the floor's unit of work), strict parse (duplicate
//! keys rejected), schema validation, conversion into the typed model,
//! normalization of every section (what drift hashes), and — for files with
//! findings only — the span index, the pointer walk that replaces it for
//! files that loaded cleanly, and the line index. End-to-end figures,
//! and the floor they are compared with, come from `scripts/bench.sh`.

use divan::{Bencher, black_box};
use nwlint::model::{Article, DeviceRegistry};
use nwlint::normalize::Normalizer;
use nwlint::schema::SchemaSet;
use nwlint::source::Kind;
use nwlint::span::{LineIndex, SpanIndex};
use serde_json::Value;
use std::collections::BTreeMap;

const ARTICLE: &str = include_str!("../content/articles/NW-6-403.json");
const DEVICES: &str = include_str!("../content/devices.json");

fn main() {
    divan::main();
}

fn value() -> Value {
    serde_json::from_str(ARTICLE).expect("the shipped article is JSON")
}

fn article() -> Article {
    serde_json::from_value(value()).expect("the shipped article fits the model")
}

#[divan::bench(max_time = 1)]
fn parse_serde_json_value() -> Value {
    serde_json::from_str(black_box(ARTICLE)).expect("valid")
}

#[divan::bench(max_time = 1)]
fn parse_strict() -> Value {
    nwlint::load::parse_strict(black_box(ARTICLE)).expect("valid")
}

#[divan::bench(max_time = 1)]
fn schema_validate(bencher: Bencher) {
    let schemas = SchemaSet::load(None).expect("built-in schemas compile");
    let v = value();
    bencher.bench_local(|| schemas.validate(Kind::Article, black_box(&v)));
}

#[divan::bench(max_time = 1)]
fn model_from_value(bencher: Bencher) {
    let v = value();
    bencher
        .with_inputs(|| v.clone())
        .bench_local_values(|v| serde_json::from_value::<Article>(v).expect("fits"));
}

#[divan::bench(max_time = 1)]
fn normalize_sections(bencher: Bencher) {
    let registry: DeviceRegistry = serde_json::from_str(DEVICES).expect("registry");
    let norm = Normalizer::new(&registry, &BTreeMap::new());
    let a = article();
    bencher.bench_local(|| {
        let mut n = 0;
        for entry in &a.devices {
            for s in &entry.sections {
                n += norm.units(Some(&entry.device), black_box(&s.blocks)).len();
            }
        }
        n
    });
}

#[divan::bench(max_time = 1)]
fn span_index_build() -> SpanIndex {
    SpanIndex::build(black_box(ARTICLE)).expect("valid")
}

#[divan::bench(max_time = 1)]
fn span_index_lookup(bencher: Bencher) {
    let idx = SpanIndex::build(ARTICLE).expect("valid");
    bencher.bench_local(|| idx.value(black_box("/devices/9/sections/1/blocks/0/text/1/href")));
}

/// The pointers of a typical article's findings (section ids, words in
/// steps), resolved by walking only their paths.
const FINDING_POINTERS: [&str; 9] = [
    "/devices/0/sections/0/id",
    "/devices/0/sections/1/id",
    "/devices/2/sections/2/blocks/0/items/1/text",
    "/devices/4/sections/3/id",
    "/devices/5/sections/0/blocks/1/text",
    "/devices/7/sections/1/id",
    "/devices/8/sections/2/blocks/0/items/0/text",
    "/devices/9/sections/1/blocks/0/text/1/href",
    "/devices/9/sections/3",
];

#[divan::bench(max_time = 1)]
fn span_locate_finding_pointers() -> Option<Vec<nwlint::span::Found>> {
    nwlint::span::locate_pointers(black_box(ARTICLE), black_box(&FINDING_POINTERS))
}

#[divan::bench(max_time = 1)]
fn line_index_build() -> LineIndex {
    LineIndex::new(black_box(ARTICLE))
}

#[divan::bench(max_time = 1)]
fn model_from_str() -> Article {
    serde_json::from_str(black_box(ARTICLE)).expect("fits")
}
