//! `--format junit`: JUnit XML, for CI systems that show test reports
//! (GitLab, Jenkins, Azure Pipelines).
//!
//! One `<testsuite name="nwlint">` holds one failed `<testcase>` per
//! finding (`classname` is the file, `name` the rule and position; the
//! failure's `type` is the severity). A clean run is one passing test case,
//! so the report never looks empty. Content text is XML-escaped, and
//! characters XML 1.0 cannot carry are made visible escapes.

use super::{Findings, Report, locate};
use crate::text::escape_terminal;
use std::io::{self, Write};

pub struct Junit;

/// Escapes text for XML 1.0 content and attribute values.
pub fn escape_xml(s: &str) -> String {
    let s = escape_terminal(s, true);
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Attribute values would turn a raw newline into a space.
            '\n' => out.push_str("&#10;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

impl Report for Junit {
    fn report(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        let n = findings.diagnostics.len();
        let tests = n.max(1);
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="nwlint" tests="{tests}" failures="{n}" errors="0">"#
        )?;
        writeln!(
            out,
            r#"  <testsuite name="nwlint" tests="{tests}" failures="{n}" errors="0" skipped="0">"#
        )?;
        if n == 0 {
            writeln!(out, r#"    <testcase classname="nwlint" name="check"/>"#)?;
        }
        for d in findings.diagnostics {
            let at = locate(&d.primary, findings.sources);
            let place = match at.position {
                Some(p) => format!("{}:{}:{}", at.path, p.line, p.column),
                None => at.path.to_string(),
            };
            let line = at
                .position
                .map(|p| format!(r#" line="{}""#, p.line))
                .unwrap_or_default();
            let mut body = format!("{place}: {}[{}] {}", d.severity, d.rule.id, d.message);
            if let Some(help) = &d.help {
                body.push_str("\nhelp: ");
                body.push_str(help);
            }
            if let Some(note) = &d.note {
                body.push('\n');
                body.push_str(note);
            }
            writeln!(
                out,
                r#"    <testcase classname="{}" name="{}" file="{}"{line}>"#,
                escape_xml(at.path),
                escape_xml(&format!("{} at {place}", d.rule.id)),
                escape_xml(at.path),
            )?;
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                d.severity,
                escape_xml(&d.message),
                escape_xml(&body)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(
            escape_xml("<a href=\"x\">&'\n\u{1}\u{FFFF}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#10;\\u{1}\u{FFFD}"
        );
    }
}
