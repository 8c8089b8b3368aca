//! `nwlint explain <RULE>` and `nwlint rules`: the rule registry, printed.
//!
//! Both read only [`crate::catalog::all`], so what they print is exactly what
//! each rule's single `declare_rule!` declaration says: id, default
//! severity, summary and documentation. Neither reads content or config.

use crate::catalog as rules;
use crate::diag::RuleDef;
use crate::diag::{Fatal, Severity};
use serde::Serialize;
use std::fmt::Write as _;

/// Output formats of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RulesFormat {
    /// A table: id, default severity, summary.
    #[default]
    Text,
    /// JSON: `{"version": 1, "rules": [{id, default_severity, summary, docs, fix}]}`.
    Json,
}

impl RulesFormat {
    /// Every format: its value, its name on the command line, what it is.
    pub const ALL: &'static [(RulesFormat, &'static str, &'static str)] = &[
        (
            RulesFormat::Text,
            "text",
            "a table: id, default severity, summary",
        ),
        (
            RulesFormat::Json,
            "json",
            "JSON: {\"version\": 1, \"rules\": [{id, default_severity, summary, docs, fix}]}",
        ),
    ];
}

/// The version of `rules --format json`'s shape.
pub const VERSION: u32 = 1;

/// `nwlint explain <RULE>`: the rule's documentation, into `out`.
pub fn explain(rule: &str, out: &mut dyn std::io::Write) -> Result<u8, Fatal> {
    let rule = lookup(rule)?;
    print(out, &explain_text(rule))?;
    Ok(0)
}

/// `nwlint rules`: every rule, into `out`.
pub fn rules(format: RulesFormat, out: &mut dyn std::io::Write) -> Result<u8, Fatal> {
    let text = match format {
        RulesFormat::Text => rules_text(),
        RulesFormat::Json => rules_json(),
    };
    print(out, &text)?;
    Ok(0)
}

fn print(out: &mut dyn std::io::Write, text: &str) -> Result<(), Fatal> {
    crate::diag::output_written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Finds a rule by id, or explains what ids exist.
pub fn lookup(id: &str) -> Result<&'static RuleDef, Fatal> {
    rules::find(id).ok_or_else(|| {
        let mut message = format!("unknown rule `{}`", crate::text::clip(id, 60));
        if let Some(s) = rules::suggest(id) {
            let _ = write!(message, "; did you mean `{s}`?");
        }
        Fatal::new(message).with_help("`nwlint rules` lists every rule")
    })
}

/// What `explain` prints: a heading line, then the rule's documentation,
/// then how to change its level.
pub fn explain_text(rule: &RuleDef) -> String {
    let example = match rule.default_severity {
        Severity::Error => Severity::Warning,
        _ => Severity::Error,
    };
    let fix = match rule.fix {
        Some(fix) => format!("Safe fix: `nwlint check --fix` {fix}.\n"),
        None => "Safe fix: none; what to change needs a writer's judgement.\n".to_string(),
    };
    format!(
        "{id}: {summary}\ndefault severity: {sev}\n\n{docs}\n{fix}\nChange its level in nwlint.toml:\n\n    [rules]\n    {id} = \"{example}\"   # error | warning | advice | off\n",
        id = rule.id,
        summary = rule.summary,
        sev = rule.default_severity,
        docs = rule.docs(),
    )
}

/// What `rules` prints: one aligned row per rule, in registry order.
pub fn rules_text() -> String {
    let all = rules::all();
    let width = all.iter().map(|r| r.id.len()).max().unwrap_or(0).max(2);
    let mut out = format!("{:width$}  {:8}  SUMMARY\n", "ID", "SEVERITY");
    for r in all {
        let _ = writeln!(
            out,
            "{:width$}  {:8}  {}",
            r.id,
            r.default_severity.as_str(),
            r.summary
        );
    }
    let _ = writeln!(
        out,
        "\n{} rules. `nwlint explain <RULE>` shows what a rule checks and how to fix it.",
        all.len()
    );
    out
}

#[derive(Serialize)]
struct RulesDoc {
    version: u32,
    rules: Vec<RuleJson>,
}

#[derive(Serialize)]
struct RuleJson {
    id: &'static str,
    default_severity: &'static str,
    summary: &'static str,
    /// Markdown.
    docs: String,
    /// What `check --fix` does for it; null when it has no safe fix.
    fix: Option<&'static str>,
}

/// What `rules --format json` prints.
pub fn rules_json() -> String {
    let doc = RulesDoc {
        version: VERSION,
        rules: rules::all()
            .iter()
            .map(|r| RuleJson {
                id: r.id,
                default_severity: r.default_severity.as_str(),
                summary: r.summary,
                docs: r.docs(),
                fix: r.fix,
            })
            .collect(),
    };
    // Plain structs of strings always serialize.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| {
        serde_json::json!({ "version": VERSION, "error": e.to_string() }).to_string()
    });
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_suggests() {
        assert_eq!(lookup("unknown-device").unwrap().id, "unknown-device");
        let err = lookup("unknown-devce").unwrap_err();
        assert_eq!(
            err.message,
            "unknown rule `unknown-devce`; did you mean `unknown-device`?"
        );
        assert_eq!(err.help.as_deref(), Some("`nwlint rules` lists every rule"));
        assert_eq!(
            lookup("zzzzzzzzzzzz").unwrap_err().message,
            "unknown rule `zzzzzzzzzzzz`"
        );
    }

    #[test]
    fn every_rule_is_listed_once_with_its_declaration() {
        let text = rules_text();
        for r in rules::all() {
            let row = text
                .lines()
                .find(|l| l.split_whitespace().next() == Some(r.id))
                .unwrap_or_else(|| panic!("{} not listed", r.id));
            assert!(row.ends_with(r.summary), "{row}");
            assert_eq!(
                row.split_whitespace().nth(1),
                Some(r.default_severity.as_str())
            );
        }
        let json: serde_json::Value = serde_json::from_str(&rules_json()).unwrap();
        assert_eq!(json["version"], 1);
        assert_eq!(json["rules"].as_array().unwrap().len(), rules::all().len());
    }
}
