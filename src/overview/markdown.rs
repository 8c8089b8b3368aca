//! The report as Markdown tables, for a CI job summary: totals, findings
//! by rule, and one device × section table per article that needs
//! attention (articles without drift are only counted, so a large help
//! center's summary stays readable).

use super::model::{Cell, Overview, Row, State};
use crate::report::summary::escape_markdown as esc;
use std::fmt::Write;

/// Most article tables written: a CI job summary holds about 1 MiB
/// (GitHub's limit), and the HTML report has every article.
pub const MAX_TABLES: usize = 100;

/// The whole report.
pub fn write(o: &Overview) -> String {
    let mut out = String::new();
    match &o.name {
        Some(n) => {
            let _ = writeln!(out, "# Drift report: {}\n", esc(n));
        }
        None => out.push_str("# Drift report\n\n"),
    }
    let devices: std::collections::BTreeSet<&str> = o
        .articles
        .iter()
        .flat_map(|a| a.devices.iter().map(|(d, _)| d.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "{}, {}, {}\n",
        crate::drift::plural(o.articles.len(), "article", "articles"),
        crate::drift::plural(devices.len(), "device", "devices"),
        crate::drift::plural(o.findings, "finding", "findings")
    );
    if !o.rules.is_empty() {
        out.push_str("| rule | findings |\n| --- | ---: |\n");
        for (rule, n) in &o.rules {
            let _ = writeln!(out, "| `{}` | {n} |", rule.replace(['`', '|'], ""));
        }
        out.push('\n');
    }
    let legend: Vec<String> = State::ALL
        .iter()
        .map(|s| format!("**{}**: {}", s.label(), s.meaning()))
        .collect();
    let _ = writeln!(out, "Cells: {}.\n", legend.join("; "));
    let (attention, calm): (Vec<&Row>, Vec<&Row>) = o.articles.iter().partition(|a| {
        a.cells
            .iter()
            .any(|c| c.state.attention() || c.state == State::Intended)
    });
    for row in attention.iter().take(MAX_TABLES) {
        article(&mut out, row);
    }
    if attention.len() > MAX_TABLES {
        let more = attention.len() - MAX_TABLES;
        let _ = writeln!(
            out,
            "… and {more} more {} with drift (the HTML report, `nwlint report --out report.html`, has every article).\n",
            if more == 1 { "article" } else { "articles" }
        );
    }
    if !calm.is_empty() {
        let codes: Vec<String> = calm.iter().take(50).map(|r| esc(&r.code)).collect();
        let more = calm.len().saturating_sub(50);
        let _ = write!(
            out,
            "{} without drift: {}",
            crate::drift::plural(calm.len(), "article", "articles"),
            codes.join(", ")
        );
        if more > 0 {
            let _ = write!(out, ", … ({more} more)");
        }
        out.push('\n');
    }
    out
}

fn article(out: &mut String, row: &Row) {
    let _ = writeln!(out, "## {}: {}\n", esc(&row.code), esc(&row.title));
    let _ = writeln!(out, "{}\n", esc(&row.file));
    out.push_str("| device |");
    for (id, _) in &row.sections {
        let _ = write!(out, " {} |", esc(id));
    }
    out.push_str("\n| --- |");
    for _ in &row.sections {
        out.push_str(" --- |");
    }
    out.push('\n');
    for (k, (id, name)) in row.devices.iter().enumerate() {
        let _ = write!(out, "| {} ({}) |", esc(name), esc(id));
        for s in 0..row.sections.len() {
            let _ = write!(out, " {} |", cell(row.cell(k, s)));
        }
        out.push('\n');
    }
    out.push('\n');
}

/// `**drifted 83%** (line 624)`: what needs attention in bold.
fn cell(c: &Cell) -> String {
    let mut label = c.state.label().to_string();
    if let Some(s) = c.similarity {
        let _ = write!(label, " {s}%");
    }
    if c.state.attention() {
        label = format!("**{label}**");
    }
    match (c.line, c.state) {
        (_, State::Absent) => label,
        (Some(line), _) => format!("{label} (line {line})"),
        (None, _) => label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::overview::model::Cell;

    fn row(k: usize, state: State) -> Row {
        Row {
            code: format!("NW-{k}"),
            title: "T".into(),
            file: format!("articles/NW-{k}.json"),
            devices: vec![("ps4".into(), "PlayStation 4".into())],
            sections: vec![("s".into(), "S".into())],
            cells: vec![Cell {
                state,
                similarity: None,
                line: Some(3),
                diff: None,
                rules: Vec::new(),
            }],
            diffs: Vec::new(),
        }
    }

    #[test]
    fn tables_are_capped_and_calm_articles_counted() {
        let mut articles: Vec<Row> = (0..MAX_TABLES + 2)
            .map(|k| row(k, State::Missing))
            .collect();
        articles.push(row(999, State::Identical));
        let o = Overview {
            name: None,
            articles,
            devices: Vec::new(),
            rules: Vec::new(),
            findings: 0,
        };
        let md = write(&o);
        assert_eq!(md.matches("| device |").count(), MAX_TABLES);
        assert!(
            md.contains("\n… and 2 more articles with drift (the HTML report"),
            "{md}"
        );
        assert!(md.ends_with("1 article without drift: NW\\-999\n"), "{md}");
        assert!(md.contains("| PlayStation 4 (ps4) | **missing** (line 3) |"));
    }
}
