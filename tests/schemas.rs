//! The shipped schemas work in third-party validators with no extra flags:
//! no `--base-uri`, no registering `common.schema.json`, no network. The
//! schemas name no `$id`, so `common.schema.json#/$defs/…` resolves beside
//! the schema file. Checked with check-jsonschema (`pip install
//! check-jsonschema`) when it is installed; without it these tests print why
//! and pass, unless `NWLINT_REQUIRE_VALIDATORS=1` makes its absence a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

const VALIDATOR: &str = "check-jsonschema";

/// Whether check-jsonschema runs here; prints the reason to skip otherwise.
fn have_validator(test: &str) -> bool {
    match Command::new(VALIDATOR).arg("--version").output() {
        Ok(out) if out.status.success() => true,
        result => {
            let why = match result {
                Ok(out) => format!("`{VALIDATOR} --version` exited with {}", out.status),
                Err(e) => format!("`{VALIDATOR}` cannot be run: {e}"),
            };
            assert!(
                std::env::var_os("NWLINT_REQUIRE_VALIDATORS").is_none_or(|v| v != "1"),
                "{test}: {why} (NWLINT_REQUIRE_VALIDATORS=1)"
            );
            eprintln!("skipped {test}: {why}; install it with `pip install check-jsonschema`");
            false
        }
    }
}

/// Runs `check-jsonschema -o json --schemafile <schema> <files>` from the
/// repository root; returns the exit code and the parsed report.
fn check(schema: &Path, files: &[PathBuf]) -> (Option<i32>, Value) {
    let out = Command::new(VALIDATOR)
        .args(["--color", "never", "-o", "json", "--schemafile"])
        .arg(schema)
        .args(files)
        .current_dir(common::repo())
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{VALIDATOR} printed no JSON report ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), report)
}

/// The `*.json` files directly in `dir` (none when it does not exist).
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn shipped_content_validates_with_check_jsonschema() {
    if !have_validator("shipped_content_validates_with_check_jsonschema") {
        return;
    }
    let repo = common::repo();
    let content = repo.join("content");
    let kinds = [
        ("helpcenter", vec![content.join("helpcenter.json")]),
        ("devices", vec![content.join("devices.json")]),
        ("article", json_files(&content.join("articles"))),
        ("snippet", json_files(&content.join("snippets"))),
    ];
    let mut checked = 0;
    for (kind, files) in kinds {
        if files.is_empty() {
            assert_eq!(kind, "snippet", "no {kind} files in content/");
            continue;
        }
        let schema = repo.join(format!("schema/{kind}.schema.json"));
        let (code, report) = check(&schema, &files);
        assert_eq!(
            (code, &report),
            (Some(0), &json!({"status": "ok", "errors": []})),
            "{kind}: {files:?}"
        );
        checked += files.len();
    }
    assert!(checked >= 3, "checked {checked} files");
}

/// A broken copy of the article fails where the schema says, through a
/// definition in `common.schema.json` (so the relative `$ref` was followed,
/// offline) and one in the article schema itself.
#[test]
fn broken_article_is_rejected_by_check_jsonschema() {
    if !have_validator("broken_article_is_rejected_by_check_jsonschema") {
        return;
    }
    let repo = common::repo();
    let text = std::fs::read_to_string(repo.join("content/articles/NW-6-403.json")).unwrap();
    let mut article: Value = serde_json::from_str(&text).unwrap();
    article["code"] = json!("nw-6-403");
    article["devices"][0]["colour"] = json!("red");
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("NW-6-403.json");
    std::fs::write(&broken, serde_json::to_string_pretty(&article).unwrap()).unwrap();

    let (code, report) = check(
        &repo.join("schema/article.schema.json"),
        std::slice::from_ref(&broken),
    );
    let name = broken.to_str().unwrap();
    assert_eq!(
        (code, report),
        (
            Some(1),
            json!({
                "status": "fail",
                "errors": [
                    {
                        "filename": name,
                        "path": "$.code",
                        "message": "'nw-6-403' does not match '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$'",
                        "has_sub_errors": false
                    },
                    {
                        "filename": name,
                        "path": "$.devices[0]",
                        "message": "Additional properties are not allowed ('colour' was unexpected)",
                        "has_sub_errors": false
                    }
                ],
                "parse_errors": []
            })
        )
    );
}

/// The snippet schema (no snippet ships in `content/`): a snippet with
/// device variables passes, one whose id breaks `common.schema.json`'s
/// pattern fails.
#[test]
fn snippets_validate_with_check_jsonschema() {
    if !have_validator("snippets_validate_with_check_jsonschema") {
        return;
    }
    let snippet = json!({
        "$schema": "../../schema/snippet.schema.json",
        "id": "restart-network",
        "title": "Restart your home network",
        "blocks": [{"type": "steps", "items": [
            {"text": ["Turn off or unplug your ", {"var": "noun"}, "."]},
            {"text": ["Turn your ", {"var": "name"}, " back on."]}
        ]}]
    });
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("restart-network.json");
    std::fs::write(&good, snippet.to_string()).unwrap();
    let schema = common::repo().join("schema/snippet.schema.json");
    let (code, report) = check(&schema, std::slice::from_ref(&good));
    assert_eq!(
        (code, report),
        (Some(0), json!({"status": "ok", "errors": []}))
    );

    let mut bad = snippet.clone();
    bad["id"] = json!("Restart Network");
    let bad_path = dir.path().join("bad.json");
    std::fs::write(&bad_path, bad.to_string()).unwrap();
    let (code, report) = check(&schema, &[bad_path]);
    assert_eq!(code, Some(1), "{report:#}");
    assert_eq!(report["errors"][0]["path"], json!("$.id"), "{report:#}");
    assert_eq!(
        report["errors"][0]["message"],
        json!("'Restart Network' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'"),
        "{report:#}"
    );
}
