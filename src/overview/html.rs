//! The HTML report: one self-contained page (inline style and script, no
//! external resource, usable from `file://` and as a CI artifact).
//!
//! Content is untrusted: every text the page shows is escaped where it is
//! written (server side), and the per-article data the script renders
//! lazily travels as a JSON data block (`<` escaped, so it cannot close
//! its element) and is put on the page with `textContent` only. A strict
//! Content-Security-Policy allows only the page's own style and script, by
//! their SHA-256 hashes.
//!
//! The page stays usable at 10k articles: only each article's summary line
//! is HTML; its matrix is built when it is opened, and a cell's diff when
//! it is clicked.

use super::model::{Cell, Half, Overview, Row, Segment, SideBySide, State};
use crate::render::html_escape as esc;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::fmt::Write;

const SCRIPT: &str = include_str!("report.js");
const STYLE: &str = include_str!("report.css");

/// Articles opened (their matrix shown) when the page loads, if there
/// are at most this many.
const OPEN_UP_TO: usize = 20;

/// The whole page. `link_base` goes before each file's path in links
/// (the way from the page's folder to the folder paths are relative to).
pub fn write(o: &Overview, link_base: &str) -> String {
    let mut out = String::with_capacity(4096 + o.articles.len() * 600);
    let csp = format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; img-src 'none'; \
         base-uri 'none'; form-action 'none'",
        hash(STYLE),
        hash(SCRIPT)
    );
    let title = match &o.name {
        Some(n) => format!("Drift report: {n}"),
        None => "Drift report".to_string(),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    totals(&mut out, o);
    legend(&mut out);
    filters(&mut out, o);
    out.push_str("</header>\n<main id=\"articles\">\n");
    let open = o.articles.len() <= OPEN_UP_TO;
    for (i, row) in o.articles.iter().enumerate() {
        summary(&mut out, i, row, open, link_base);
    }
    out.push_str(
        "<p id=\"none\" hidden>No article matches the filter.</p>\n</main>\n\
         <aside id=\"detail\" hidden aria-live=\"polite\"></aside>\n",
    );
    out.push_str("<script type=\"application/json\" id=\"data\">");
    out.push_str(&data_block(&data(o, link_base)));
    let _ = write!(
        out,
        "</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

/// `sha256-…` of an inline element's text, for the CSP.
pub fn hash(text: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(text.as_bytes())))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// JSON made safe inside a `<script>` data block: no `<`, `>` or `&`
/// survive, so nothing can end the element or start a comment.
pub fn data_block(v: &Value) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len() + 64);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn totals(out: &mut String, o: &Overview) {
    let devices: std::collections::BTreeSet<&str> = o
        .articles
        .iter()
        .flat_map(|a| a.devices.iter().map(|(d, _)| d.as_str()))
        .collect();
    let _ = write!(
        out,
        "<section id=\"totals\" aria-label=\"Totals\">\n<dl>\
         <div><dt>articles</dt><dd id=\"t-articles\">{}</dd></div>\
         <div><dt>devices</dt><dd id=\"t-devices\">{}</dd></div>\
         <div><dt>findings</dt><dd id=\"t-findings\">{}</dd></div></dl>\n",
        o.articles.len(),
        devices.len(),
        o.findings
    );
    if !o.rules.is_empty() {
        out.push_str("<table class=\"rules\"><caption>Findings by rule</caption>\n<thead><tr><th scope=\"col\">rule</th><th scope=\"col\">findings</th></tr></thead><tbody>\n");
        for (rule, n) in &o.rules {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{n}</td></tr>",
                esc(rule)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

fn legend(out: &mut String) {
    out.push_str("<section id=\"legend\" aria-label=\"Legend\"><ul>");
    for s in State::ALL {
        let _ = write!(
            out,
            "<li><span class=\"cell s-{}\">{}</span> {}</li>",
            class(s),
            s.label(),
            esc(s.meaning())
        );
    }
    out.push_str(
        "</ul><p>Click a cell for its location and its word diff against the \
         reference copy (device names and nouns show as <code>{device}</code>).</p></section>\n",
    );
}

fn filters(out: &mut String, o: &Overview) {
    out.push_str("<form id=\"filters\" aria-label=\"Filter\">\n");
    let mut select =
        |id: &str, label: &str, options: &mut dyn Iterator<Item = (String, String)>| {
            let _ = write!(
                out,
                "<label>{label} <select id=\"{id}\"><option value=\"\">all</option>"
            );
            for (value, text) in options {
                let _ = write!(
                    out,
                    "<option value=\"{}\">{}</option>",
                    esc(&value),
                    esc(&text)
                );
            }
            out.push_str("</select></label>\n");
        };
    let mut sections: Vec<String> = o
        .articles
        .iter()
        .flat_map(|a| a.sections.iter().map(|(id, _)| id.clone()))
        .collect();
    sections.sort();
    sections.dedup();
    let mut used: Vec<(String, String)> = o.devices.clone();
    let known: std::collections::HashSet<&str> =
        o.devices.iter().map(|(d, _)| d.as_str()).collect();
    let mut extra: Vec<(String, String)> = o
        .articles
        .iter()
        .flat_map(|a| a.devices.iter())
        .filter(|(d, _)| !known.contains(d.as_str()))
        .cloned()
        .collect();
    extra.sort();
    extra.dedup();
    used.extend(extra);
    select(
        "f-device",
        "Device",
        &mut used
            .into_iter()
            .map(|(d, n)| (d.clone(), format!("{n} ({d})"))),
    );
    select(
        "f-section",
        "Section",
        &mut sections.into_iter().map(|s| (s.clone(), s)),
    );
    select(
        "f-rule",
        "Rule",
        &mut o.rules.iter().map(|(r, _)| (r.clone(), r.clone())),
    );
    out.push_str("<label><input type=\"checkbox\" id=\"f-attention\"> only cells that need attention</label>\n</form>\n");
}

/// A path as a relative URL: each segment percent-encoded (so `#`, `?`
/// and spaces stay part of the path).
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn summary(out: &mut String, i: usize, row: &Row, open: bool, link_base: &str) {
    let counts = row.counts();
    let shown: Vec<String> = counts
        .iter()
        .filter(|(s, _)| s.attention() || **s == State::Intended)
        .map(|(s, n)| {
            format!(
                "<span class=\"cell s-{}\">{n} {}</span>",
                class(*s),
                s.label()
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "<details class=\"article\" id=\"a{i}\" data-a=\"{i}\"{}><summary><code>{}</code> {} \
         <span class=\"counts\">{}</span> <a class=\"loc\" href=\"{}\">{}</a></summary>\
         <div class=\"matrix\"></div></details>",
        if open { " open" } else { "" },
        esc(&row.code),
        esc(&row.title),
        if shown.is_empty() {
            "no drift".to_string()
        } else {
            shown.join(" ")
        },
        esc(&href(&format!("{link_base}{}", row.file))),
        esc(&row.file),
    );
}

/// The CSS class of a state.
pub fn class(s: State) -> &'static str {
    match s {
        State::Absent => "absent",
        other => other.label(),
    }
}

/// Everything the script renders, as compact JSON. Devices and sections
/// are listed once (`devs`, `secs`) and named by index in each article.
fn data(o: &Overview, link_base: &str) -> Value {
    let mut tables = Tables::default();
    let articles: Vec<Value> = o.articles.iter().map(|a| article(a, &mut tables)).collect();
    json!({
        "states": State::ALL.iter().map(|s| json!([class(*s), s.label()])).collect::<Vec<_>>(),
        "rules": o.rules.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(),
        "base": link_base,
        "devs": tables.devs.list,
        "secs": tables.secs.list,
        "diffs": tables.diffs.list,
        "articles": articles,
    })
}

/// Distinct (id, name) pairs, by first use.
#[derive(Default)]
struct Table {
    index: std::collections::HashMap<(String, String), usize>,
    list: Vec<Value>,
}

impl Table {
    fn of(&mut self, pair: &(String, String)) -> usize {
        if let Some(&k) = self.index.get(pair) {
            return k;
        }
        self.list.push(json!([pair.0, pair.1]));
        self.index.insert(pair.clone(), self.list.len() - 1);
        self.list.len() - 1
    }
}

/// Distinct diffs: a template's drift copied into many articles is
/// stored once.
#[derive(Default)]
struct Diffs {
    index: std::collections::HashMap<String, usize>,
    list: Vec<Value>,
}

impl Diffs {
    fn of(&mut self, d: &SideBySide) -> usize {
        let v = diff(d);
        let key = v.to_string();
        if let Some(&k) = self.index.get(&key) {
            return k;
        }
        self.list.push(v);
        self.index.insert(key, self.list.len() - 1);
        self.list.len() - 1
    }
}

#[derive(Default)]
struct Tables {
    devs: Table,
    secs: Table,
    diffs: Diffs,
}

fn article(row: &Row, t: &mut Tables) -> Value {
    json!({
        "code": row.code,
        "file": row.file,
        "d": row.devices.iter().map(|p| t.devs.of(p)).collect::<Vec<_>>(),
        "s": row.sections.iter().map(|p| t.secs.of(p)).collect::<Vec<_>>(),
        "cells": row.cells.iter().map(cell).collect::<Vec<_>>(),
        "diffs": row.diffs.iter().map(|d| t.diffs.of(d)).collect::<Vec<_>>(),
    })
}

/// `[state, line, similarity, diff, rules…]`, with -1 for none.
fn cell(c: &Cell) -> Value {
    let state = State::ALL.iter().position(|s| *s == c.state).unwrap_or(0);
    let opt = |v: Option<usize>| v.map_or(-1, |v| v as i64);
    let mut out = vec![
        json!(state),
        json!(opt(c.line)),
        json!(opt(c.similarity.map(|s| s as usize))),
        json!(opt(c.diff)),
    ];
    out.extend(c.rules.iter().map(|r| json!(r)));
    Value::Array(out)
}

fn diff(d: &SideBySide) -> Value {
    json!({
        "ref": d.reference,
        "sim": d.similarity,
        "lines": d.lines.iter().map(|(l, r)| json!([half(l), half(r)])).collect::<Vec<_>>(),
    })
}

/// `[marker, [kind, text]…]`; kind 0 same, 1 removed, 2 added.
fn half(h: &Half) -> Value {
    let mut out = vec![json!(h.marker)];
    out.extend(h.segments.iter().map(|s| match s {
        Segment::Same(t) => json!([0, t]),
        Segment::Removed(t) => json!([1, t]),
        Segment::Added(t) => json!([2, t]),
    }));
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_keep_paths_whole() {
        assert_eq!(
            href("../content/a b#1?.json"),
            "../content/a%20b%231%3F.json"
        );
        assert_eq!(href("é"), "%C3%A9");
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }

    #[test]
    fn csp_hash_is_sha256_of_the_text() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
    }

    #[test]
    fn data_blocks_cannot_close_their_element() {
        let v = json!({"t": "</script><script>alert(1)</script><!--&"});
        let s = data_block(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
