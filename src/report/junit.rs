//! `--format junit`: JUnit XML, for CI systems that show test reports
//! (GitLab, Jenkins, Azure Pipelines), written with quick-junit.
//!
//! One `<testsuite name="nwlint">` holds one `<testcase>` per finding
//! (`classname` is the file, `name` the rule and position, `file` and
//! `line` where it is). Only the findings that fail the run (at or above
//! `--deny`'s level) are failures, typed by their severity; the others
//! are passing test cases whose `<system-out>` holds the finding, so a
//! report viewer shows them without counting the run as failed. A clean
//! run is one passing test case, so the report never looks empty.
//! Content text has its terminal controls made visible before quick-junit
//! escapes it for XML.

use super::{Findings, Report, locate};
use crate::diag::Severity;
use crate::text::escape_terminal;
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use std::io::{self, Write};

pub struct Junit {
    /// Findings at or above this severity fail the run (`--deny`).
    pub fail_at: Severity,
}

impl Report for Junit {
    fn report(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        let mut suite = TestSuite::new("nwlint");
        if findings.diagnostics.is_empty() {
            let mut case = TestCase::new("check", TestCaseStatus::success());
            case.set_classname("nwlint");
            suite.add_test_case(case);
        }
        for d in findings.diagnostics {
            let at = locate(&d.primary, findings.sources);
            let place = at.place();
            let head = format!("{place}: {}[{}] {}", d.severity, d.rule.id, d.message);
            let text = super::with_help_and_note(head, d, "\n");
            let status = if d.severity >= self.fail_at {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_type(d.severity.to_string())
                    .set_message(visible(&d.message))
                    .set_description(visible(&text));
                s
            } else {
                TestCaseStatus::success()
            };
            let mut case = TestCase::new(visible(&format!("{} at {place}", d.rule.id)), status);
            case.set_classname(visible(at.path));
            case.extra.insert("file".into(), visible(at.path).into());
            if let Some(p) = at.position {
                case.extra.insert("line".into(), p.line.to_string().into());
            }
            if d.severity < self.fail_at {
                case.set_system_out(visible(&text));
            }
            suite.add_test_case(case);
        }
        let mut report = quick_junit::Report::new("nwlint");
        report.add_test_suite(suite);
        let xml = report.to_string().map_err(io::Error::other)?;
        out.write_all(xml.as_bytes())?;
        if !xml.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// `s` with terminal controls made visible escapes (XML 1.0 cannot carry
/// most of them, and a viewer should show what the content holds), and the
/// two non-characters XML 1.0 cannot carry at all (U+FFFE, U+FFFF, which
/// quick-junit writes as they are) replaced by U+FFFD.
fn visible(s: &str) -> String {
    escape_terminal(s, true).replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_made_visible() {
        assert_eq!(visible("a\u{1}b\u{1b}[31m"), "a\\u{1}b\\u{1b}[31m");
    }

    #[test]
    fn non_characters_xml_cannot_carry_are_replaced() {
        assert_eq!(visible("a\u{FFFE}b\u{FFFF}"), "a\u{FFFD}b\u{FFFD}");
    }
}
