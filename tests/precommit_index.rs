//! `nwlint check FILE…` with the persisted index (in the user cache): the
//! findings for the named files are exactly those a full run reports for
//! them, cross-article drift included, whether the index is fresh, stale
//! (a sibling edited after it was written), corrupt or missing.

#[path = "../examples/gen_corpus/generator.rs"]
#[allow(dead_code)]
mod generator;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn generate(out: &Path) {
    let mut opts = generator::Options::new(
        24,
        11,
        out.to_path_buf(),
        Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
    );
    opts.drift_every = 2;
    generator::generate(&opts).expect("generates");
}

/// Runs `nwlint check --format json ARGS` in `dir`; the diagnostics.
fn check(dir: &Path, cache: Option<&Path>, args: &[&str]) -> Vec<Value> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nwlint"));
    cmd.args(["check", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("NWLINT_NO_CACHE");
    match cache {
        Some(c) => cmd.env("NWLINT_CACHE_DIR", c),
        None => cmd.env("NWLINT_NO_CACHE", "1"),
    };
    let out = cmd.output().expect("runs nwlint");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "nwlint failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json output");
    doc["diagnostics"].as_array().expect("diagnostics").clone()
}

fn for_file(all: &[Value], rel: &str) -> Vec<Value> {
    all.iter()
        .filter(|d| d["path"].as_str() == Some(rel))
        .cloned()
        .collect()
}

fn articles(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir.join("content/articles"))
        .unwrap()
        .flatten()
        .map(|e| format!("content/articles/{}", e.file_name().to_string_lossy()))
        .collect();
    out.sort();
    out
}

fn is_cross_article(d: &Value) -> bool {
    d["related"]
        .as_array()
        .is_some_and(|r| r.iter().any(|x| x["path"] != d["path"]))
}

/// Checks each of `files` alone against the full run `full`.
fn agree(dir: &Path, cache: &Path, full: &[Value], files: &[String]) -> usize {
    let mut cross = 0;
    for f in files {
        let alone = check(dir, Some(cache), &[f]);
        let want = for_file(full, f);
        assert_eq!(alone, want, "findings for {f} differ from the full run's");
        cross += alone.iter().filter(|d| is_cross_article(d)).count();
    }
    cross
}

/// Replaces the first occurrence of `from` in the file by `to`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn explicit_files_match_the_full_run_with_fresh_stale_and_corrupt_index() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    generate(&dir);
    let cache: PathBuf = tmp.path().join("cache");
    let files = articles(&dir);

    // A full run writes the index.
    let full = check(&dir, Some(&cache), &[]);
    assert!(
        cache.join("index.bin").is_file(),
        "full run writes the index"
    );
    assert_eq!(full, check(&dir, None, &[]), "the index changes nothing");
    let cross = agree(&dir, &cache, &full, &files);
    assert!(cross > 0, "some findings compare articles");

    // Stale: siblings edited after the index was written (a word changed
    // in one, a step dropped in another), and one named file too.
    edit(&dir.join(&files[1]), "Restart", "Reboot");
    edit(&dir.join(&files[2]), "your", "the");
    edit(&dir.join(&files[3]), "the", "a");
    let full = check(&dir, None, &[]);
    agree(&dir, &cache, &full, &files[..8]);

    // Corrupt index: ignored, still the same findings.
    let index = cache.join("index.bin");
    let mut bytes = std::fs::read(&index).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&index, &bytes).unwrap();
    agree(&dir, &cache, &full, &files[..4]);
    std::fs::write(&index, b"garbage").unwrap();
    agree(&dir, &cache, &full, &files[4..6]);

    // Missing index.
    std::fs::remove_dir_all(&cache).unwrap();
    agree(&dir, &cache, &full, &files[6..8]);

    // A mark naming `identical-copies` (here in nwlint.toml, on the first
    // article): hook runs can no longer skip classes led by a summarized
    // article or list only their first members.
    let code = Path::new(&files[0]).file_stem().unwrap().to_string_lossy();
    let config = dir.join("nwlint.toml");
    let mut toml = std::fs::read_to_string(&config).unwrap_or_default();
    toml.push_str(&format!(
        "\n[[intended]]\nrule = \"identical-copies\"\narticle = \"{code}\"\nreason = \"kept apart on purpose\"\n"
    ));
    std::fs::write(&config, toml).unwrap();
    let full = check(&dir, None, &[]);
    assert!(
        full.iter().any(|d| d["rule"] == "identical-copies"),
        "other articles still share texts"
    );
    agree(&dir, &cache, &full, &files[..3]);
}

/// A full run with a warm index skips validating articles it recorded as
/// clean with the same bytes, and still reports exactly what a run
/// without the index reports once one of them is broken.
#[test]
fn full_run_with_a_warm_index_reports_what_a_cold_run_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    generate(&dir);
    let cache: PathBuf = tmp.path().join("cache");
    let cold = check(&dir, None, &[]);
    assert_eq!(check(&dir, Some(&cache), &[]), cold, "index written");
    assert!(cache.join("index.bin").is_file());
    assert_eq!(check(&dir, Some(&cache), &[]), cold, "index read");
    assert!(cold.iter().all(|d| d["rule"] != "schema"));

    // Fits the model, fails the schema: error codes are upper case.
    let rel = articles(&dir).swap_remove(5);
    let path = dir.join(&rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("\"code\": \"").unwrap() + "\"code\": ".len();
    let code = &text[at + 1..at + 1 + text[at + 1..].find('"').unwrap()];
    let broken = format!(
        "{}\"{}{}",
        &text[..at],
        code.to_lowercase(),
        &text[at + 1 + code.len()..]
    );
    std::fs::write(&path, &broken).unwrap();
    let line = broken[..at].matches('\n').count() + 1;
    let column = at - broken[..at].rfind('\n').map_or(0, |n| n + 1) + 1;

    let warm = check(&dir, Some(&cache), &[]);
    let schema: Vec<&Value> = warm.iter().filter(|d| d["rule"] == "schema").collect();
    assert_eq!(schema.len(), 1, "{schema:?}");
    assert_eq!(schema[0]["path"], rel.as_str());
    assert_eq!(schema[0]["pointer"], "/code");
    assert_eq!(
        (schema[0]["line"].as_u64(), schema[0]["column"].as_u64()),
        (Some(line as u64), Some(column as u64))
    );
    assert_eq!(warm, check(&dir, None, &[]));

    // Mended: the warm run is clean again.
    std::fs::write(&path, &text).unwrap();
    assert_eq!(check(&dir, Some(&cache), &[]), cold);
}
