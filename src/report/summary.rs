//! Aggregates shared by several formats: counts per rule (`--statistics`
//! and the JSON summary) and the Markdown job summary that `--format github`
//! appends to `$GITHUB_STEP_SUMMARY`.
//!
//! Everything content-derived that goes into Markdown passes through
//! [`escape_markdown`], so a message can neither start a table row, a link
//! or an HTML element, nor break out of its table cell.

use super::{Findings, summary_line};
use crate::diag::Severity;
use crate::text::escape_terminal;
use std::io::{self, Write};

/// How many findings of one rule at one severity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCount {
    pub rule: &'static str,
    pub severity: Severity,
    pub count: usize,
}

/// Counts per (rule, severity): most frequent first, then by rule id and
/// severity (errors first), so the order is deterministic.
pub fn per_rule(findings: &Findings) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = Vec::new();
    for d in findings.diagnostics {
        match counts
            .iter_mut()
            .find(|c| c.rule == d.rule.id && c.severity == d.severity)
        {
            Some(c) => c.count += 1,
            None => counts.push(RuleCount {
                rule: d.rule.id,
                severity: d.severity,
                count: 1,
            }),
        }
    }
    counts.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.rule.cmp(b.rule))
            .then(b.severity.cmp(&a.severity))
    });
    counts
}

/// `--statistics`: one line per rule, `count  severity  rule`, aligned.
/// Prints nothing when there are no findings.
pub fn write_statistics(findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
    let counts = per_rule(findings);
    let width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    for c in &counts {
        writeln!(
            out,
            "{:>width$}  {:<7}  {}",
            c.count,
            c.severity.as_str(),
            c.rule
        )?;
    }
    Ok(())
}

/// GitHub caps a step summary at 1 MiB; stay well below.
const MARKDOWN_BUDGET: usize = 900 * 1024;

/// The Markdown job summary: totals, counts per rule and every finding.
pub fn markdown(findings: &Findings) -> String {
    let mut md = String::from("## nwlint\n\n");
    if findings.diagnostics.is_empty() {
        md.push_str("No findings.\n\n");
        return md;
    }
    md.push_str(&format!("**{}**\n\n", summary_line(findings)));
    md.push_str("| Rule | Severity | Count |\n| --- | --- | ---: |\n");
    for c in per_rule(findings) {
        md.push_str(&format!(
            "| {} | {} | {} |\n",
            escape_markdown(c.rule),
            c.severity,
            c.count
        ));
    }
    md.push_str("\n| Severity | Location | Rule | Message |\n| --- | --- | --- | --- |\n");
    let total = findings.diagnostics.len();
    for (i, d) in findings.diagnostics.iter().enumerate() {
        let file = findings.sources.get(d.primary.file);
        let location = match file.position(&d.primary.loc) {
            Some(p) => format!("{}:{}:{}", file.display, p.line, p.column),
            None => file.display.clone(),
        };
        // Content line breaks show as `\u{a}` (as in annotations); only
        // the break before the help becomes `<br>`.
        let mut message = escape_terminal(&d.message, false);
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(&escape_terminal(help, false));
        }
        let row = format!(
            "| {} | {} | {} | {} |\n",
            d.severity,
            escape_markdown(&location),
            escape_markdown(d.rule.id),
            escape_markdown(&message)
        );
        if md.len() + row.len() > MARKDOWN_BUDGET {
            md.push_str(&format!(
                "\n{} more findings are not listed here (the summary is limited in size); run `nwlint check` to see them all.\n",
                total - i
            ));
            break;
        }
        md.push_str(&row);
    }
    md.push('\n');
    md
}

/// Makes untrusted text inert inside a GitHub-flavoured Markdown table cell:
/// control characters become visible escapes, HTML-special characters become
/// entities, line breaks become `<br>`, and every other ASCII punctuation
/// character is backslash-escaped (so no emphasis, link, autolink, code
/// span, heading or cell separator can form).
pub fn escape_markdown(s: &str) -> String {
    let s = escape_terminal(s, true);
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_is_inert() {
        assert_eq!(
            escape_markdown("a | b\n<img src=x> [l](https://x.y) `c` *d*"),
            "a \\| b<br>&lt;img src\\=x&gt; \\[l\\]\\(https\\:\\/\\/x\\.y\\) \\`c\\` \\*d\\*"
        );
        assert_eq!(
            escape_markdown("x\u{1b}[2J\r"),
            "x\\\\u\\{1b\\}\\[2J\\\\u\\{d\\}"
        );
        assert_eq!(escape_markdown("&amp; \"q\""), "&amp;amp\\; &quot;q&quot;");
    }
}
