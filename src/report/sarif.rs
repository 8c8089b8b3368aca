//! `--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code
//! scanning, IDE viewers).
//!
//! - `tool.driver.rules` lists every rule of the registry ([`crate::catalog::all`]),
//!   in registry order, with its summary, the "What it does" paragraph of
//!   its docs, the full docs as help and its default level. Results name
//!   their rule by id (`ruleId`) and position (`ruleIndex`).
//! - Artifact URIs are relative to the project root (the directory of
//!   `nwlint.toml`, else the current directory), percent-encoded, with
//!   `uriBaseId` `%SRCROOT%`; the log holds no absolute path.
//! - Columns count Unicode code points (`columnKind`), like every nwlint
//!   output; end columns are exclusive, as SARIF regions expect.
//! - `partialFingerprints["nwlint/v1"]` hashes rule, path, JSON pointer and
//!   message — never line numbers — so a finding keeps its identity when
//!   unrelated lines move. Identical findings are told apart by occurrence.

use super::{Findings, Located, Report, locate, pointer};
use crate::catalog as rules;
use crate::diag::RuleDef;
use crate::diag::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};

/// The schema URI written to `$schema`.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of nwlint's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "nwlint/v1";

/// The URI base id that artifact URIs are relative to.
pub const SRCROOT: &str = "%SRCROOT%";

pub struct Sarif;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    artifacts: Vec<Artifact>,
    results: Results<'a>,
}

/// The results, each built as it is serialized (a report of a large help
/// center is as big as the help center: it is never held whole).
struct Results<'a> {
    findings: &'a Findings<'a>,
    artifacts: &'a Artifacts,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.findings.diagnostics.len()))?;
        let mut seen: HashMap<String, usize> = HashMap::new();
        for d in self.findings.diagnostics {
            seq.serialize_element(&result(d, self.findings, self.artifacts, &mut seen))?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Artifact {
    location: ArtifactLocation,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: HashMap<&'static str, String>,
    #[serde(skip_serializing_if = "Properties::is_empty")]
    properties: Properties,
}

#[derive(Serialize, Default)]
struct Properties {
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    device: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<String>,
}

impl Properties {
    fn is_empty(&self) -> bool {
        self.pointer.is_none()
            && self.article.is_none()
            && self.device.is_none()
            && self.section.is_none()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// SARIF's level for a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

/// `unknown-device` → `UnknownDevice` (SARIF `name`: a readable identifier).
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The paragraph(s) under `## What it does`, joined into one line of text;
/// the summary when the docs have no such section.
fn what_it_does(rule: &RuleDef) -> String {
    let docs = rule.docs();
    let mut lines = docs
        .lines()
        .skip_while(|l| l.trim() != "## What it does")
        .skip(1)
        .take_while(|l| !l.starts_with("## "));
    let mut text = String::new();
    for l in lines.by_ref() {
        let l = l.trim();
        if l.is_empty() {
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push_str("\n\n");
            }
        } else {
            if !(text.is_empty() || text.ends_with('\n')) {
                text.push(' ');
            }
            text.push_str(l);
        }
    }
    let text = text.trim().to_string();
    if text.is_empty() {
        format!("{}.", capitalize(rule.summary))
    } else {
        text
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

fn descriptor(rule: &'static RuleDef) -> Descriptor {
    let docs = rule.docs();
    Descriptor {
        id: rule.id,
        name: pascal_case(rule.id),
        short_description: Text {
            text: capitalize(rule.summary),
        },
        full_description: Text {
            text: what_it_does(rule),
        },
        help: Help {
            text: docs.clone(),
            markdown: docs,
        },
        default_configuration: Configuration {
            level: level(rule.default_severity),
        },
    }
}

/// Percent-encodes a `/`-separated relative path as a URI reference: every
/// byte outside the unreserved set, the sub-delimiters, `@` and `/` is
/// encoded (`:` too, so a first segment cannot read as a scheme).
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// 64-bit FNV-1a: small, fixed and stable across Rust versions and
/// platforms (unlike `std`'s hasher), which fingerprints need.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        // Length-prefix each part so ("ab", "c") and ("a", "bc") differ.
        for b in (part.len() as u64)
            .to_le_bytes()
            .iter()
            .chain(part.as_bytes())
        {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The fingerprint of a finding, before occurrence numbering.
pub fn fingerprint(d: &Diagnostic, path: &str) -> String {
    let ptr = pointer(&d.primary.loc).unwrap_or("");
    format!("{:016x}", fnv1a(&[d.rule.id, path, ptr, &d.message]))
}

/// Collects artifacts in order of first use and hands out their indices.
#[derive(Default)]
struct Artifacts {
    /// In order of first mention.
    uris: Vec<String>,
    index: HashMap<String, usize>,
}

impl Artifacts {
    /// Registers the file of `path` (first mention gives its index).
    fn add(&mut self, path: &str) {
        let uri = path_to_uri(path);
        if !self.index.contains_key(&uri) {
            self.index.insert(uri.clone(), self.uris.len());
            self.uris.push(uri);
        }
    }

    fn location(&self, path: &str) -> ArtifactLocation {
        let uri = path_to_uri(path);
        let index = self.index.get(&uri).copied();
        ArtifactLocation {
            uri,
            uri_base_id: SRCROOT,
            index,
        }
    }
}

fn physical(at: &Located, artifacts: &Artifacts) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifacts.location(at.path),
        region: at.position.map(|p| Region {
            start_line: p.line,
            start_column: p.column,
            end_line: p.end_line,
            end_column: p.end_column,
        }),
    }
}

fn message_text(d: &Diagnostic) -> String {
    super::with_help_and_note(d.message.clone(), d, "\n\n")
}

/// The SARIF result of one finding; `seen` counts fingerprints so far.
fn result(
    d: &Diagnostic,
    findings: &Findings,
    artifacts: &Artifacts,
    seen: &mut HashMap<String, usize>,
) -> SarifResult {
    let at = locate(&d.primary, findings.sources);
    let base = fingerprint(d, at.path);
    let n = seen.entry(base.clone()).or_insert(0);
    *n += 1;
    let print = if *n == 1 { base } else { format!("{base}:{n}") };
    let related = d
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| Location {
            id: Some(i + 1),
            physical_location: physical(&locate(r, findings.sources), artifacts),
            message: Some(Text {
                text: r.text.clone(),
            }),
        })
        .collect();
    SarifResult {
        rule_id: d.rule.id,
        rule_index: rules::all().iter().position(|r| r.id == d.rule.id),
        level: level(d.severity),
        message: Text {
            text: message_text(d),
        },
        locations: vec![Location {
            id: None,
            physical_location: physical(&at, artifacts),
            message: None,
        }],
        related_locations: related,
        partial_fingerprints: HashMap::from([(FINGERPRINT_KEY, print)]),
        properties: Properties {
            pointer: at.pointer.map(str::to_string),
            article: d.context.article.clone(),
            device: d.context.device.clone(),
            section: d.context.section.clone(),
        },
    }
}

impl Report for Sarif {
    fn report(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        let all = rules::all();
        // Artifacts come before the results in the log: list them first,
        // in the order the results mention them (related locations, then
        // the primary one).
        let mut artifacts = Artifacts::default();
        for d in findings.diagnostics {
            for r in &d.related {
                artifacts.add(locate(r, findings.sources).path);
            }
            artifacts.add(locate(&d.primary, findings.sources).path);
        }
        let log = Log {
            schema: SCHEMA_URI,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "nwlint",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        rules: all.iter().map(|r| descriptor(r)).collect(),
                    },
                },
                column_kind: "unicodeCodePoints",
                artifacts: artifacts
                    .uris
                    .iter()
                    .cloned()
                    .map(|uri| Artifact {
                        location: ArtifactLocation {
                            uri,
                            uri_base_id: SRCROOT,
                            index: None,
                        },
                    })
                    .collect(),
                results: Results {
                    findings,
                    artifacts: &artifacts,
                },
            }],
        };
        // Streamed, not built as one string (a large report is as big as
        // the corpus); a write error keeps its kind (e.g. a closed pipe).
        let mut w = io::BufWriter::new(out);
        serde_json::to_writer_pretty(&mut w, &log).map_err(io::Error::from)?;
        writeln!(w)?;
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(
            path_to_uri("content/a b/é:x#1?.json"),
            "content/a%20b/%C3%A9%3Ax%231%3F.json"
        );
        assert_eq!(
            path_to_uri("content/NW-6-403.json"),
            "content/NW-6-403.json"
        );
    }

    #[test]
    fn fnv_is_stable_and_length_prefixed() {
        // Computed independently (Python): fingerprints must never change
        // between builds, or every alert would look new.
        assert_eq!(fnv1a(&["a"]), 0x529a_4ddc_8ff5_6bbf);
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        assert_eq!(fnv1a(&["ab", "c"]), fnv1a(&["ab", "c"]));
    }

    #[test]
    fn names_and_descriptions() {
        assert_eq!(pascal_case("unknown-device"), "UnknownDevice");
        let d = what_it_does(&crate::rules::unknown_device::RULE);
        assert!(d.starts_with("Checks that every device entry"), "{d}");
        assert!(!d.contains('\n'), "{d}");
    }
}
