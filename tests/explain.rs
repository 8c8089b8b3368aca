//! `nwlint explain` and `nwlint rules` end to end: both print what the rule
//! registry declares (compared here with `nwlint::rules::all()`), and
//! unknown rules exit 2 with a suggestion. Neither needs a content tree, so
//! they run in an empty directory.

mod common;
use common::{stderr, stdout};
use nwlint::catalog as rules;
use std::process::Output;

fn run(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    common::nwlint(dir.path(), args)
}

#[test]
fn explain_prints_the_declared_docs() {
    let rule = rules::find("unknown-device").unwrap();
    let o = run(&["explain", "unknown-device"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let want = format!(
        "unknown-device: article names a device that is not in the registry\n\
         default severity: error\n\
         \n\
         {}\n\
         Safe fix: `nwlint check --fix` sets the device to the registered id close to it, when exactly one is.\n\
         \n\
         Change its level in nwlint.toml:\n\
         \n    [rules]\n    unknown-device = \"warning\"   # error | warning | advice | off\n",
        rule.docs()
    );
    assert_eq!(stdout(&o), want);
    // The docs are the declaration's, and say what, why, example, fix.
    for heading in ["## What it does", "## Why", "## Example", "## How to fix"] {
        assert!(want.contains(heading), "{heading}");
    }
}

#[test]
fn explain_works_for_every_rule() {
    for rule in rules::all() {
        let o = run(&["explain", rule.id]);
        assert_eq!(o.status.code(), Some(0), "{}", rule.id);
        let out = stdout(&o);
        assert!(
            out.starts_with(&format!(
                "{}: {}\ndefault severity: {}\n\n{}",
                rule.id,
                rule.summary,
                rule.default_severity,
                rule.docs()
            )),
            "{out}"
        );
    }
}

#[test]
fn explain_unknown_rule_exits_2_with_a_suggestion() {
    let o = run(&["explain", "unknown-devise"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "error: unknown rule `unknown-devise`; did you mean `unknown-device`?\n  help: `nwlint rules` lists every rule\n"
    );
    let o = run(&["explain", "no-such-thing-at-all"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: unknown rule `no-such-thing-at-all`\n  help: `nwlint rules` lists every rule\n"
    );
    // Missing argument: a usage error.
    assert_eq!(run(&["explain"]).status.code(), Some(2));
}

#[test]
fn rules_lists_every_rule_in_registry_order() {
    let o = run(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let all = rules::all();
    let width = all.iter().map(|r| r.id.len()).max().unwrap();
    let mut want = format!("{:width$}  SEVERITY  SUMMARY\n", "ID");
    for r in all {
        want.push_str(&format!(
            "{:width$}  {:8}  {}\n",
            r.id,
            r.default_severity.as_str(),
            r.summary
        ));
    }
    want.push_str(&format!(
        "\n{} rules. `nwlint explain <RULE>` shows what a rule checks and how to fix it.\n",
        all.len()
    ));
    assert_eq!(out, want);
    // Spot-check one row literally (whatever the column width).
    let row = out
        .lines()
        .find(|l| l.starts_with("unknown-device "))
        .unwrap();
    assert_eq!(
        row.split_whitespace().take(2).collect::<Vec<_>>(),
        ["unknown-device", "error"]
    );
    assert!(row.ends_with("  article names a device that is not in the registry"));
}

#[test]
fn rules_json_is_versioned_and_complete() {
    let o = run(&["rules", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["version"], 1);
    let listed = json["rules"].as_array().unwrap();
    assert_eq!(listed.len(), rules::all().len());
    for (item, rule) in listed.iter().zip(rules::all()) {
        assert_eq!(
            item,
            &serde_json::json!({
                "id": rule.id,
                "default_severity": rule.default_severity.as_str(),
                "summary": rule.summary,
                "docs": rule.docs(),
                "fix": rule.fix,
            })
        );
    }
    assert_eq!(run(&["rules", "--format", "yaml"]).status.code(), Some(2));
}
