//! Loading the content tree: discover → read → parse → validate → type.
//!
//! Each file is read once, checked for encoding, parsed with serde_json
//! (rejecting duplicate keys, which serde_json would silently collapse),
//! validated against its kind's schema and deserialized into the model.
//! Files are processed in parallel; results keep a deterministic order
//! (sorted paths). Problems in a file become diagnostics for that file; only
//! what stops nwlint from doing its job at all (missing root, unreadable
//! file) is a [`Fatal`].

use crate::diag::{Diagnostic, Fatal, FileId, Label, Loc};
use crate::model::{Article, Block, DeviceRegistry, HelpCenter, Inline, Run, Snippet, Step};
use crate::rules;
use crate::schema::SchemaSet;
use crate::source::{Kind, SourceFile, SourceMap, display_path};
use crate::span::SpanIndex;
use crate::timings::{self, Stage};
use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;
use std::path::{Path, PathBuf};

/// Largest content file nwlint reads.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// A typed value and the file it came from.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub file: FileId,
    pub value: T,
}

/// Everything that loaded cleanly enough to be checked further.
#[derive(Debug, Default)]
pub struct Corpus {
    pub helpcenter: Option<Loaded<HelpCenter>>,
    pub registry: Option<Loaded<DeviceRegistry>>,
    pub articles: Vec<Loaded<Article>>,
    pub snippets: Vec<Loaded<Snippet>>,
}

/// The result of loading a content root.
pub struct Loading {
    pub sources: SourceMap,
    pub corpus: Corpus,
    pub diagnostics: Vec<Diagnostic>,
    /// I/O problems: reported, and the run exits 2.
    pub fatal: Vec<Fatal>,
}

/// Where the content and schemas are.
#[derive(Debug, Clone)]
pub struct Roots {
    /// Paths are displayed relative to this directory.
    pub base: PathBuf,
    pub content: PathBuf,
    /// `None`: use the built-in schemas.
    pub schema: Option<PathBuf>,
    /// Paths (relative to the content root, `/`-separated, glob-free
    /// prefixes or `*` globs) to skip.
    pub exclude: Vec<String>,
}

/// Classifies a file by its place under the content root.
pub fn classify(rel: &str) -> Option<Kind> {
    match rel {
        "helpcenter.json" => Some(Kind::HelpCenter),
        "devices.json" => Some(Kind::Devices),
        _ if rel.starts_with("articles/") && rel.ends_with(".json") => Some(Kind::Article),
        _ if rel.starts_with("snippets/") && rel.ends_with(".json") => Some(Kind::Snippet),
        _ => None,
    }
}

/// `true` if `rel` (relative to the content root) matches an exclude pattern.
pub fn is_excluded(rel: &str, exclude: &[String]) -> bool {
    exclude.iter().any(|pat| {
        let pat = pat.trim_start_matches("./").trim_end_matches('/');
        crate::text::glob_match(pat, rel) || rel.starts_with(&format!("{pat}/")) || rel == pat
    })
}

/// Finds the `*.json` files under the content root, sorted, without
/// following symbolic links (nothing outside the root is ever read).
pub fn discover(roots: &Roots) -> Result<Vec<(PathBuf, String)>, Fatal> {
    let root = &roots.content;
    let meta = std::fs::metadata(root).map_err(|e| {
        Fatal::new(format!("cannot read content root `{}`: {e}", root.display()))
            .with_help("run nwlint from a help-center repository, name the content folder as an argument, or set `content` in nwlint.toml")
    })?;
    if !meta.is_dir() {
        return Err(Fatal::new(format!(
            "content root `{}` is not a directory",
            root.display()
        )));
    }
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| Fatal::new(format!("cannot read `{}`: {e}", dir.display())))?;
        for entry in entries {
            let entry =
                entry.map_err(|e| Fatal::new(format!("cannot read `{}`: {e}", dir.display())))?;
            let path = entry.path();
            let ft = entry
                .file_type()
                .map_err(|e| Fatal::new(format!("cannot read `{}`: {e}", path.display())))?;
            let rel = display_path(&path, root);
            if is_excluded(&rel, &roots.exclude) {
                continue;
            }
            if ft.is_dir() {
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    stack.push(path);
                }
            } else if ft.is_file() && rel.ends_with(".json") {
                out.push((path, rel));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// One file's outcome, before it joins the corpus.
enum Parsed {
    HelpCenter(HelpCenter),
    Devices(DeviceRegistry),
    Article(Article),
    Snippet(Snippet),
    Nothing,
}

/// Loads and validates the whole content tree.
pub fn load(roots: &Roots, schemas: &SchemaSet) -> Result<Loading, Fatal> {
    let files = discover(roots)?;
    let results: Vec<_> = files
        .par_iter()
        .enumerate()
        .map(|(id, (path, rel))| load_file(id, path, rel, roots, schemas))
        .collect();

    let mut loading = Loading {
        sources: SourceMap::default(),
        corpus: Corpus::default(),
        diagnostics: Vec::new(),
        fatal: Vec::new(),
    };
    for (id, r) in results.into_iter().enumerate() {
        let (file, parsed, diags, fatal) = r;
        let fid = loading.sources.add(file);
        debug_assert_eq!(fid, id);
        loading.diagnostics.extend(diags);
        loading.fatal.extend(fatal);
        let c = &mut loading.corpus;
        match parsed {
            Parsed::HelpCenter(v) => c.helpcenter = Some(Loaded { file: id, value: v }),
            Parsed::Devices(v) => c.registry = Some(Loaded { file: id, value: v }),
            Parsed::Article(v) => c.articles.push(Loaded { file: id, value: v }),
            Parsed::Snippet(v) => c.snippets.push(Loaded { file: id, value: v }),
            Parsed::Nothing => {}
        }
    }
    if loading.sources.is_empty() {
        return Err(Fatal::new(format!(
            "no content files under `{}`",
            roots.content.display()
        ))
        .with_help("expected helpcenter.json, devices.json and articles/<CODE>.json"));
    }
    if loading.corpus.registry.is_none() && !has_file(&loading.sources, "devices.json", roots) {
        loading.fatal.push(
            Fatal::new(format!(
                "no device registry: `{}` is missing",
                roots.content.join("devices.json").display()
            ))
            .with_help("every content root has a devices.json listing its devices"),
        );
    }
    resolve_snippets(&mut loading);
    Ok(loading)
}

fn has_file(sources: &SourceMap, rel: &str, roots: &Roots) -> bool {
    let want = display_path(&roots.content.join(rel), &roots.base);
    sources.iter().any(|(_, f)| f.display == want)
}

type FileResult = (SourceFile, Parsed, Vec<Diagnostic>, Vec<Fatal>);

fn load_file(id: FileId, path: &Path, rel: &str, roots: &Roots, schemas: &SchemaSet) -> FileResult {
    let display = display_path(path, &roots.base);
    let mut diags = Vec::new();
    let whole = |text: &str| Label::new(id, Loc::File, text);

    let clock = timings::begin();
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(ReadError::TooLarge(n)) => {
            diags.push(Diagnostic::new(
                &rules::encoding::RULE,
                format!(
                    "file is too large ({n} bytes; the limit is {} MiB)",
                    MAX_FILE_BYTES >> 20
                ),
                whole("too large to check"),
            ));
            return (
                SourceFile::new(display, path.into(), String::new()),
                Parsed::Nothing,
                diags,
                vec![],
            );
        }
        Err(ReadError::Io(e)) => {
            let fatal = Fatal::new(format!("cannot read `{display}`: {e}"));
            return (
                SourceFile::new(display, path.into(), String::new()),
                Parsed::Nothing,
                diags,
                vec![fatal],
            );
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            diags.push(
                Diagnostic::new(
                    &rules::encoding::RULE,
                    format!("file is not valid UTF-8 (invalid byte at offset {at})"),
                    Label::new(
                        id,
                        Loc::Bytes {
                            start: at,
                            end: at + 1,
                        },
                        "invalid UTF-8 here",
                    ),
                )
                .with_help("save the file as UTF-8"),
            );
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            return (
                SourceFile::new(display, path.into(), text),
                Parsed::Nothing,
                diags,
                vec![],
            );
        }
    };
    let file_for = |text: String| SourceFile::new(display.clone(), path.into(), text);
    if let Some(nul) = text.find('\0') {
        diags.push(
            Diagnostic::new(
                &rules::encoding::RULE,
                "file contains NUL bytes: it looks like a binary file, not JSON text",
                Label::new(
                    id,
                    Loc::Bytes {
                        start: nul,
                        end: nul + 1,
                    },
                    "NUL byte",
                ),
            )
            .with_help("content files must be UTF-8 JSON text"),
        );
        return (file_for(text), Parsed::Nothing, diags, vec![]);
    }
    let body = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            diags.push(
                Diagnostic::new(
                    &rules::encoding::RULE,
                    "file starts with a byte order mark (BOM)",
                    Label::new(id, Loc::Bytes { start: 0, end: 3 }, "BOM"),
                )
                .with_help("JSON text must not start with a BOM (RFC 8259 §8.1); save as UTF-8 without BOM"),
            );
            rest
        }
        None => text.as_str(),
    };
    let offset = text.len() - body.len();
    timings::end(Stage::Read, clock);
    if body.trim().is_empty() {
        diags.push(
            Diagnostic::new(
                &rules::json_syntax::RULE,
                "file is empty",
                whole("empty file"),
            )
            .with_help("a content file holds one JSON object"),
        );
        return (file_for(text), Parsed::Nothing, diags, vec![]);
    }

    let clock = timings::begin();
    let value = match parse_strict(body) {
        Ok(v) => v,
        Err(e) => {
            diags.extend(parse_diagnostics(id, &text, offset, &e));
            return (file_for(text), Parsed::Nothing, diags, vec![]);
        }
    };
    timings::end(Stage::Parse, clock);

    let Some(kind) = classify(rel) else {
        diags.push(
            Diagnostic::new(
                &rules::unknown_file::RULE,
                format!("`{rel}` is not a known kind of content file; it was not checked"),
                whole("not checked"),
            )
            .with_help("content files are helpcenter.json, devices.json, articles/<CODE>.json and snippets/<ID>.json"),
        );
        return (file_for(text), Parsed::Nothing, diags, vec![]);
    };

    let clock = timings::begin();
    let violations = schemas.validate(kind, &value);
    timings::end(Stage::Schema, clock);
    if !violations.is_empty() {
        for v in violations {
            let mut d = Diagnostic::new(
                &rules::schema::RULE,
                v.message,
                Label::new(id, v.loc, v.label),
            );
            d.help = v.help;
            diags.push(d);
        }
        return (file_for(text), Parsed::Nothing, diags, vec![]);
    }

    let clock = timings::begin();
    let parsed = match kind {
        Kind::HelpCenter => serde_json::from_value(value).map(Parsed::HelpCenter),
        Kind::Devices => serde_json::from_value(value).map(Parsed::Devices),
        Kind::Article => serde_json::from_value(value).map(Parsed::Article),
        Kind::Snippet => serde_json::from_value(value).map(Parsed::Snippet),
    };
    let parsed = parsed.unwrap_or_else(|e| {
        diags.push(Diagnostic::new(
            &rules::schema::RULE,
            format!("file passes its schema but does not fit nwlint's content model: {e}"),
            whole("does not fit the model"),
        ).with_help("the schema under the schema root may be looser than this version of nwlint expects"));
        Parsed::Nothing
    });
    timings::end(Stage::Model, clock);
    (file_for(text), parsed, diags, vec![])
}

enum ReadError {
    TooLarge(u64),
    Io(std::io::Error),
}

fn read_limited(path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(ReadError::Io)?;
    let len = f.metadata().map_err(ReadError::Io)?.len();
    if len > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(len));
    }
    let mut buf = Vec::with_capacity(len as usize);
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(ReadError::Io)?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(buf.len() as u64));
    }
    Ok(buf)
}

/// Marker in the error message of a duplicate key found while parsing.
const DUP_MARKER: &str = "nwlint-duplicate-key";

/// Parses JSON like serde_json, but rejects duplicate object keys.
pub fn parse_strict(text: &str) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = StrictValue.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(StrictValue)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("{DUP_MARKER}")));
            }
            let v = map.next_value_seed(StrictValue)?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// Turns a parse failure into diagnostics with exact positions.
fn parse_diagnostics(
    id: FileId,
    text: &str,
    offset: usize,
    err: &serde_json::Error,
) -> Vec<Diagnostic> {
    let body = &text[offset..];
    if err.to_string().contains(DUP_MARKER)
        && let Ok(index) = SpanIndex::build(body)
    {
        let dups = index.duplicates();
        if !dups.is_empty() {
            return dups
                    .iter()
                    .map(|d| {
                        let key = d.pointer.rsplit('/').next().unwrap_or("").replace("~1", "/").replace("~0", "~");
                        Diagnostic::new(
                            &rules::duplicate_key::RULE,
                            format!("duplicate key `{}`", crate::text::clip(&key, 60)),
                            Label::new(
                                id,
                                Loc::Bytes { start: d.second.start + offset, end: d.second.end + offset },
                                "duplicate here",
                            ),
                        )
                        .with_related(Label::new(
                            id,
                            Loc::Bytes { start: d.first.start + offset, end: d.first.end + offset },
                            "first defined here",
                        ))
                        .with_help("JSON parsers silently keep only one of the values; remove or rename one of the keys")
                    })
                    .collect();
        }
    }
    // Prefer the span scanner's message and exact offset; fall back to
    // serde_json's line/column (e.g. number out of range).
    let (start, message) = match SpanIndex::build(body) {
        Err(e) => (e.offset + offset, e.message),
        Ok(_) => (
            line_col_to_offset(text, err.line(), err.column()),
            strip_position(&err.to_string()),
        ),
    };
    let end = (start
        + text[start.min(text.len())..]
            .chars()
            .next()
            .map_or(0, char::len_utf8))
    .min(text.len());
    vec![
        Diagnostic::new(
            &rules::json_syntax::RULE,
            format!("invalid JSON: {message}"),
            Label::new(id, Loc::Bytes { start, end }, "here"),
        )
        .with_help("fix the JSON syntax; an editor that validates with the file's `$schema` helps"),
    ]
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// serde_json reports 1-based line and 1-based byte column.
fn line_col_to_offset(text: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (off + column.saturating_sub(1)).min(text.len());
        }
        off += l.len();
    }
    text.len()
}

/// Replaces snippet references by the snippet's blocks, with the device's
/// name and noun filled in. Unknown snippets are reported.
fn resolve_snippets(loading: &mut Loading) {
    let corpus = &mut loading.corpus;
    if corpus.articles.iter().all(|a| {
        a.value
            .devices
            .iter()
            .all(|d| d.sections.iter().all(|s| s.snippet.is_none()))
    }) {
        return;
    }
    let snippets: std::collections::HashMap<String, Snippet> = corpus
        .snippets
        .iter()
        .map(|s| (s.value.id.clone(), s.value.clone()))
        .collect();
    let registry = corpus.registry.as_ref().map(|r| &r.value);
    for art in &mut corpus.articles {
        for (di, entry) in art.value.devices.iter_mut().enumerate() {
            let device = registry.and_then(|r| r.devices.iter().find(|d| d.id == entry.device));
            for (si, section) in entry.sections.iter_mut().enumerate() {
                let Some(snip_id) = &section.snippet else {
                    continue;
                };
                match snippets.get(snip_id) {
                    Some(snip) => {
                        if section.title.is_none() {
                            section.title = Some(snip.title.clone());
                        }
                        let (name, noun) = match device {
                            Some(d) => (
                                d.name.clone(),
                                d.nouns.first().cloned().unwrap_or_else(|| d.name.clone()),
                            ),
                            None => (entry.device.clone(), entry.device.clone()),
                        };
                        section.blocks = snip
                            .blocks
                            .iter()
                            .map(|b| fill_block(b, &name, &noun))
                            .collect();
                    }
                    None => {
                        let hint =
                            crate::text::closest(snip_id, snippets.keys().map(String::as_str))
                                .map(|s| format!("did you mean `{s}`?"))
                                .unwrap_or_else(|| {
                                    "snippets live in the content root's snippets/ folder".into()
                                });
                        loading.diagnostics.push(
                            Diagnostic::new(
                                &rules::unknown_snippet::RULE,
                                format!("unknown snippet `{}`", crate::text::clip(snip_id, 60)),
                                Label::new(
                                    art.file,
                                    Loc::Value(format!("/devices/{di}/sections/{si}/snippet")),
                                    "no such snippet",
                                ),
                            )
                            .with_help(hint),
                        );
                    }
                }
            }
        }
    }
}

fn fill_inline(text: &Inline, name: &str, noun: &str) -> Inline {
    match text {
        Inline::Plain(_) => text.clone(),
        Inline::Runs(runs) => Inline::Runs(
            runs.iter()
                .map(|r| match r {
                    Run::Var(v) if v.var == "name" => Run::Text(name.to_string()),
                    Run::Var(v) if v.var == "noun" => Run::Text(noun.to_string()),
                    other => other.clone(),
                })
                .collect(),
        ),
    }
}

fn fill_block(block: &Block, name: &str, noun: &str) -> Block {
    let f = |t: &Inline| fill_inline(t, name, noun);
    match block {
        Block::Paragraph { text } => Block::Paragraph { text: f(text) },
        Block::Note { text } => Block::Note { text: f(text) },
        Block::Bullets { items } => Block::Bullets {
            items: items.iter().map(f).collect(),
        },
        Block::Steps { items } => Block::Steps {
            items: items
                .iter()
                .map(|s| Step {
                    text: f(&s.text),
                    bullets: s.bullets.iter().map(f).collect(),
                })
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_parse_rejects_duplicates_only() {
        assert!(parse_strict(r#"{"a": 1, "b": {"a": 2}}"#).is_ok());
        let e = parse_strict(r#"{"a": 1, "a": 2}"#).unwrap_err();
        assert!(e.to_string().contains(DUP_MARKER));
    }

    #[test]
    fn classify_by_place() {
        assert_eq!(classify("devices.json"), Some(Kind::Devices));
        assert_eq!(classify("articles/NW-6-403.json"), Some(Kind::Article));
        assert_eq!(classify("snippets/x.json"), Some(Kind::Snippet));
        assert_eq!(classify("other.json"), None);
    }

    #[test]
    fn excludes_match_prefixes_and_globs() {
        let ex = vec!["articles/draft-*".to_string(), "snippets".to_string()];
        assert!(is_excluded("articles/draft-1.json", &ex));
        assert!(is_excluded("snippets/a.json", &ex));
        assert!(!is_excluded("articles/NW-6-403.json", &ex));
    }

    #[test]
    fn serde_positions_become_offsets() {
        assert_eq!(line_col_to_offset("ab\ncd", 2, 2), 4);
    }
}
