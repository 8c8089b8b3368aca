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
use crate::model::intern::Bodies;
use crate::model::{Article, Block, DeviceRegistry, HelpCenter, Inline, Run, Snippet, Step};
use crate::rules;
use crate::schema::SchemaSet;
use crate::source::{Kind, SourceFile, SourceMap, display_path};
use crate::timings::{self, Stage};
use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::source::MAX_FILE_BYTES;

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
    /// `helpcenter.json` is there but did not load (its findings say why).
    pub helpcenter_unloaded: bool,
}

/// The result of loading a content root.
pub struct Loading {
    pub sources: SourceMap,
    pub corpus: Corpus,
    pub diagnostics: Vec<Diagnostic>,
    /// I/O problems: reported, and the run exits 2.
    pub fatal: Vec<Fatal>,
    /// The persisted index a full load consulted (see [`load_with`]), for
    /// the positions it knows and for [`refresh_index`] to update.
    pub index: Option<crate::cache::Index>,
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

/// What [`discover`] found under the content root.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The regular `*.json` files, sorted by path relative to the root.
    pub files: Vec<(PathBuf, String)>,
    /// Entries not read: symbolic links (to `*.json` files or to folders)
    /// and `*.json` names that are not regular files, with what they are.
    pub skipped: Vec<(PathBuf, String, &'static str)>,
    /// Folders that could not be read (the rest is still checked).
    pub problems: Vec<Fatal>,
}

/// Finds the `*.json` files under the content root, sorted, without
/// following symbolic links (nothing outside the root is ever read).
pub fn discover(roots: &Roots) -> Result<Discovered, Fatal> {
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
    let mut found = Discovered::default();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let cannot = |e: std::io::Error| {
            Fatal::new(format!(
                "cannot read `{}`: {e}; the files in it were not checked",
                display_path(&dir, &roots.base)
            ))
        };
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if dir == *root => return Err(cannot(e)),
            Err(e) => {
                found.problems.push(cannot(e));
                continue;
            }
        };
        for entry in entries {
            let (entry, ft) = match entry.and_then(|e| e.file_type().map(|ft| (e, ft))) {
                Ok(x) => x,
                Err(e) => {
                    found.problems.push(cannot(e));
                    continue;
                }
            };
            let path = entry.path();
            let rel = display_path(&path, root);
            if is_excluded(&rel, &roots.exclude) {
                continue;
            }
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let json = rel.ends_with(".json");
            if ft.is_dir() {
                if !hidden {
                    stack.push(path);
                }
            } else if ft.is_file() {
                if json {
                    found.files.push((path, rel));
                }
            } else if ft.is_symlink() {
                // Only `metadata` follows it, to say whether it leads to a
                // folder; nothing behind it is read.
                if !hidden && (json || std::fs::metadata(&path).is_ok_and(|m| m.is_dir())) {
                    found.skipped.push((path, rel, "a symbolic link"));
                }
            } else if json {
                found
                    .skipped
                    .push((path, rel, crate::regular_file::describe(&ft)));
            }
        }
    }
    found.files.sort_by(|a, b| a.1.cmp(&b.1));
    found.skipped.sort_by(|a, b| a.1.cmp(&b.1));
    found.problems.sort_by(|a, b| a.message.cmp(&b.message));
    Ok(found)
}

/// What stands for a skipped entry (see [`Discovered::skipped`]) in a
/// load: an empty source with its `skipped-file` finding.
fn skipped_result(id: FileId, entry: &(PathBuf, String, &str), roots: &Roots) -> FileResult {
    let (path, rel, what) = entry;
    let file = SourceFile::new(display_path(path, &roots.base), path.clone(), String::new());
    let diag = rules::skipped_file::finding(id, rel, what);
    (file, Parsed::Nothing, vec![diag], vec![])
}

/// A load that read no article because articles were skipped: nwlint
/// could not do its job (exit 2). `read` counts the article files read.
fn nothing_checked(read: usize, skipped: &[(PathBuf, String, &str)]) -> Option<Fatal> {
    let (_, rel, what) = skipped
        .iter()
        .find(|(_, rel, _)| rel == "articles" || classify(rel) == Some(Kind::Article))?;
    (read == 0).then(|| {
        Fatal::new(format!(
            "no article was checked: `{rel}` is {what}, which nwlint does not follow or read"
        ))
        .with_help("replace the link by the real file or folder (content arrives in pull requests, so links are never followed)")
    })
}

/// One file's outcome, before it joins the corpus.
enum Parsed {
    HelpCenter(HelpCenter),
    Devices(DeviceRegistry),
    Article(Article),
    Snippet(Snippet),
    Nothing,
}

/// Whether an article that loads cleanly keeps its text in the source map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    Keep,
    /// Keep only the model: the text is read again (and checked against
    /// its hash) if a finding needs a position in it; see
    /// [`SourceFile::text`]. What `check` does, so a large tree's texts and
    /// models are not both held.
    Release,
}

/// Loads and validates the whole content tree, keeping every text.
pub fn load(roots: &Roots, schemas: &SchemaSet) -> Result<Loading, Fatal> {
    load_with(roots, schemas, Texts::Keep, None)
}

/// [`load`], releasing clean articles' texts if asked. With `index` (the
/// cache directory and the caller's context, as given to
/// [`refresh_index`]), articles the persisted index recorded as clean with
/// the same bytes under the same key are not validated again.
pub fn load_with(
    roots: &Roots,
    schemas: &SchemaSet,
    texts: Texts,
    index: Option<(&Path, &[u8])>,
) -> Result<Loading, Fatal> {
    std::thread::scope(|scope| {
        // Read on a thread of its own while the tree is walked and the
        // non-article files load; checked against the key once that is
        // known.
        let reading = index.map(|(dir, _)| scope.spawn(move || crate::cache::Index::read(dir)));
        load_tree(roots, schemas, texts, index, reading)
    })
}

/// [`load_with`], with the persisted index being read by `reading`.
fn load_tree(
    roots: &Roots,
    schemas: &SchemaSet,
    texts: Texts,
    index: Option<(&Path, &[u8])>,
    reading: Option<std::thread::ScopedJoinHandle<'_, Option<crate::cache::Index>>>,
) -> Result<Loading, Fatal> {
    let found = discover(roots)?;
    let files = &found.files;
    let bodies = std::sync::Arc::new(Bodies::default());
    let mut loader = Loader::new(roots, schemas, &bodies, texts == Texts::Release);
    let load = |loader: &Loader, files: &[(FileId, &(PathBuf, String))]| -> Vec<_> {
        files
            .par_iter()
            .map(|&(id, (path, rel))| (id, loader.file(id, path, rel)))
            .collect()
    };
    let numbered: Vec<(FileId, &(PathBuf, String))> = files.iter().enumerate().collect();
    let mut opened = None;
    let results = match index {
        None => load(&loader, &numbered),
        Some((_, context)) => {
            // The index's key depends on every file but the articles: load
            // those first, then the articles with the index.
            let (articles, shared): (Vec<_>, Vec<_>) = numbered
                .into_iter()
                .partition(|(_, (_, rel))| classify(rel) == Some(Kind::Article));
            let mut results = load(&loader, &shared);
            let key = index_key_of(roots, schemas, results.iter().map(|(_, r)| &r.0), context);
            let read = reading.and_then(|r| r.join().ok().flatten());
            let index = opened.insert(
                read.filter(|i| i.key() == key)
                    .unwrap_or_else(|| crate::cache::Index::new(key)),
            );
            loader.valid = Some(index);
            results.extend(load(&loader, &articles));
            results.sort_unstable_by_key(|(id, _)| *id);
            results
        }
    };
    let skipped = found.skipped.iter().enumerate();
    let results = (results.into_iter().map(|(_, r)| r))
        .chain(skipped.map(|(k, e)| skipped_result(files.len() + k, e, roots)))
        .collect();

    let mut loading = assemble(results);
    loading.index = opened;
    loading.fatal.extend(found.problems);
    let read = files
        .iter()
        .filter(|(_, rel)| classify(rel) == Some(Kind::Article))
        .count();
    loading.fatal.extend(nothing_checked(read, &found.skipped));
    if loading.sources.is_empty() {
        return Err(Fatal::new(format!(
            "no content files under `{}`",
            roots.content.display()
        ))
        .with_help("expected helpcenter.json, devices.json and articles/<CODE>.json"));
    }
    check_registry(&mut loading, roots);
    resolve_snippets(&mut loading, &bodies);
    Ok(loading)
}

/// Joins per-file results (in file-id order) into a [`Loading`].
fn assemble(results: Vec<FileResult>) -> Loading {
    let mut loading = Loading {
        sources: SourceMap::default(),
        corpus: Corpus::default(),
        diagnostics: Vec::new(),
        fatal: Vec::new(),
        index: None,
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
    loading
}

/// A missing registry stops every check that names devices; a help
/// center that did not load is noted for the checks that need it.
fn check_registry(loading: &mut Loading, roots: &Roots) {
    loading.corpus.helpcenter_unloaded =
        loading.corpus.helpcenter.is_none() && has_file(&loading.sources, "helpcenter.json", roots);
    if loading.corpus.registry.is_some() {
        return;
    }
    let path = roots.content.join("devices.json");
    let want = display_path(&path, &roots.base);
    let file = loading.sources.iter().find(|(_, f)| f.display == want);
    let skipped = file.is_some_and(|(id, _)| {
        (loading.diagnostics.iter())
            .any(|d| d.primary.file == id && d.rule.id == rules::skipped_file::RULE.id)
    });
    let why = match (file, skipped) {
        (None, _) => "is missing",
        (Some(_), true) => "is not a regular file (a symbolic link?), which nwlint does not read",
        (Some(_), false) => return,
    };
    loading.fatal.push(
        Fatal::new(format!("no device registry: `{}` {why}", path.display()))
            .with_help("every content root has a devices.json listing its devices"),
    );
}

fn has_file(sources: &SourceMap, rel: &str, roots: &Roots) -> bool {
    let want = display_path(&roots.content.join(rel), &roots.base);
    sources.iter().any(|(_, f)| f.display == want)
}

type FileResult = (SourceFile, Parsed, Vec<Diagnostic>, Vec<Fatal>);

/// What loading a file needs besides the file itself.
struct Loader<'a> {
    roots: &'a Roots,
    schemas: &'a SchemaSet,
    /// The load's table of shared section bodies.
    bodies: &'a std::sync::Arc<Bodies>,
    /// A clean article keeps only its length and hash, not its text (see
    /// [`SourceFile::released`]).
    release: bool,
    /// The persisted index of an earlier run under the same context key:
    /// an article it recorded as clean with the same hash (or, by git's
    /// rule, the same size and an old enough mtime) passed the same
    /// schemas, so it is not validated again.
    valid: Option<&'a crate::cache::Index>,
}

impl<'a> Loader<'a> {
    fn new(
        roots: &'a Roots,
        schemas: &'a SchemaSet,
        bodies: &'a std::sync::Arc<Bodies>,
        release: bool,
    ) -> Self {
        Loader {
            roots,
            schemas,
            bodies,
            release,
            valid: None,
        }
    }

    /// Reads and loads one file.
    fn file(&self, id: FileId, path: &Path, rel: &str) -> FileResult {
        let clock = timings::begin();
        let read = read_limited(path);
        let taken = read.as_ref().ok().and_then(|(_, t)| *t);
        self.read(id, path, rel, read.map(|(b, _)| b), taken, clock)
    }

    /// [`Loader::file`] once the file has been read (`taken`: its stat
    /// once read; `clock`: when reading began).
    fn read(
        &self,
        id: FileId,
        path: &Path,
        rel: &str,
        read: Result<Vec<u8>, ReadError>,
        taken: Option<Taken>,
        clock: Option<std::time::Instant>,
    ) -> FileResult {
        let stat = taken.map(|t| t.stat);
        let Loader {
            roots,
            schemas,
            bodies,
            release,
            valid,
        } = *self;
        let display = display_path(path, &roots.base);
        let mut diags = Vec::new();

        let unread = |diags, fatal| {
            let file = SourceFile::new(display.clone(), path.into(), String::new());
            (file, Parsed::Nothing, diags, fatal)
        };
        let bytes = match read {
            Ok(b) => b,
            Err(ReadError::TooLarge(n)) => {
                let too_large = rules::encoding::too_large(id, n, MAX_FILE_BYTES);
                return unread(vec![too_large], vec![]);
            }
            Err(ReadError::Io(e)) => {
                return unread(
                    vec![],
                    vec![Fatal::new(format!("cannot read `{display}`: {e}"))],
                );
            }
        };
        let (text, offset) = match rules::encoding::decode(id, bytes, &mut diags) {
            rules::encoding::Decoded::Text { text, body } => (text, body),
            rules::encoding::Decoded::Unreadable { shown } => {
                let file = SourceFile::new(display, path.into(), shown);
                return (file, Parsed::Nothing, diags, vec![]);
            }
        };
        let body = &text[offset..];
        let file_for = |text: String| SourceFile::new(display.clone(), path.into(), text);
        timings::end(Stage::Read, clock);

        // The hash of the bytes as read: a released article keeps it, and
        // the persisted index knows clean articles by it. A record whose
        // stat matches, written well after its mtime, stands for these
        // bytes without hashing them (git's rule, see `cache`).
        use crate::cache::Lookup;
        let kind = classify(rel);
        let article = kind == Some(Kind::Article);
        let lookup = match (valid, stat) {
            (Some(index), Some(st)) if article => index.lookup(rel, st),
            _ => Lookup::Missing,
        };
        let (hash, known_valid) = match lookup {
            Lookup::Fresh(r) => (Some(r.hash), r.clean),
            other => {
                let hash = (article && (release || valid.is_some()))
                    .then(|| crate::cache::hash_bytes(text.as_bytes()));
                let known = matches!(other, Lookup::Verify(r) if r.clean && Some(r.hash) == hash);
                (hash, known)
            }
        };
        // What ends every file that loads into the model.
        let loaded = |parsed: Parsed, diags: Vec<Diagnostic>, text: String| -> FileResult {
            if let (true, Some(hash)) = (release, hash)
                && diags.is_empty()
                && matches!(parsed, Parsed::Article(_))
            {
                // Never copied into the source map: only its length, hash
                // and settled stat.
                let settled = taken.filter(|t| t.settled).map(|t| t.stat);
                let file =
                    SourceFile::released(display.clone(), path.into(), text.len(), hash, settled);
                return (file, parsed, diags, vec![]);
            }
            (file_for(text), parsed, diags, vec![])
        };
        if known_valid && !body.trim().is_empty() {
            // These bytes passed strict parsing and the schemas before:
            // straight into the model, without a JSON value in between.
            let clock = timings::begin();
            let parsed = crate::model::article_from_str(body, bodies);
            timings::end(Stage::Model, clock);
            if let Ok(a) = parsed {
                return loaded(Parsed::Article(a), diags, text);
            }
        }

        let clock = timings::begin();
        let value = match rules::json_syntax::parse(id, &text, offset) {
            Ok(v) => v,
            Err(found) => {
                diags.extend(found);
                return (file_for(text), Parsed::Nothing, diags, vec![]);
            }
        };
        timings::end(Stage::Parse, clock);

        let Some(kind) = kind else {
            diags.push(rules::unknown_file::finding(id, rel));
            return (file_for(text), Parsed::Nothing, diags, vec![]);
        };
        let violations = rules::schema::check(id, schemas, kind, &value);
        if !violations.is_empty() {
            diags.extend(violations);
            return (file_for(text), Parsed::Nothing, diags, vec![]);
        }

        let clock = timings::begin();
        let parsed = match kind {
            Kind::HelpCenter => serde_json::from_value(value).map(Parsed::HelpCenter),
            Kind::Devices => serde_json::from_value(value).map(Parsed::Devices),
            Kind::Article => crate::model::article_from_value(value, bodies).map(Parsed::Article),
            Kind::Snippet => serde_json::from_value(value).map(Parsed::Snippet),
        };
        let parsed = parsed.unwrap_or_else(|e| {
            diags.push(rules::schema::unfit(id, &e));
            Parsed::Nothing
        });
        timings::end(Stage::Model, clock);
        loaded(parsed, diags, text)
    }
}

enum ReadError {
    TooLarge(u64),
    Io(std::io::Error),
}

/// A file's size and mtime taken after reading it (so a write during the
/// read shows as a newer mtime).
#[derive(Debug, Clone, Copy)]
struct Taken {
    stat: crate::cache::Stat,
    /// The mtime was settled when the read began
    /// ([`crate::cache::Stat::settled_before`]): the same stat found again
    /// later stands for the bytes read.
    settled: bool,
}

/// The bytes of `path` (a regular file: see [`crate::regular_file`]), and
/// its stat once read.
fn read_limited(path: &Path) -> Result<(Vec<u8>, Option<Taken>), ReadError> {
    let started = crate::cache::now_ns();
    let (buf, f) = match crate::regular_file::read(path, MAX_FILE_BYTES) {
        Ok(Ok(read)) => read,
        Ok(Err(len)) => return Err(ReadError::TooLarge(len)),
        Err(e) => return Err(ReadError::Io(e)),
    };
    let taken = f.metadata().ok().map(|m| {
        let stat = crate::cache::Stat::of(&m);
        Taken {
            stat,
            settled: stat.settled_before(started),
        }
    });
    Ok((buf, taken))
}

/// Marker in the error message of a duplicate key found while parsing.
const DUP_MARKER: &str = "nwlint-duplicate-key";

/// Whether a [`parse_strict`] error is a duplicate key.
pub fn is_duplicate_key(err: &serde_json::Error) -> bool {
    err.to_string().contains(DUP_MARKER)
}

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

/// An article known through the persisted index (see [`crate::cache`])
/// rather than loaded: what cross-file checks need from it.
#[derive(Debug, Clone)]
pub struct Indexed {
    pub path: PathBuf,
    /// Path relative to the content root, `/`-separated.
    pub rel: String,
    pub code: String,
    pub locale: Option<String>,
    /// The summarizer's output for the article (snippets resolved).
    pub payload: crate::cache::Payload,
}

/// The index's shared table (see [`crate::cache`]), as [`load_indexed`]
/// leaves it: values by digest, including those computed by this run.
pub type Shared = std::collections::HashMap<u128, crate::cache::Payload>;

/// What [`load_indexed`] did, for timings and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Records used on their stat alone.
    pub fresh: usize,
    /// Records confirmed by re-hashing the file.
    pub verified: usize,
    /// Files loaded and summarized because the index had no valid record.
    pub loaded: usize,
}

/// Loads for a check that reports on `only` (explicit files) inside a large
/// tree: `only`, `helpcenter.json`, `devices.json` and the snippets are
/// loaded as [`load`] would; every other article comes from the persisted
/// index in `cache_dir` as an [`Indexed`] summary, made by `summarize` when
/// the index has no valid record (and then recorded, with the shared
/// values it computed; the whole shared table is returned). Files that do not
/// load cleanly are left out, as [`load`] leaves them out of the corpus;
/// their diagnostics are not reported (they are not in `only`).
///
/// Shared values computed here are added, never pruned: that takes the
/// band digests of every record, which only a full run
/// ([`refresh_index`]) reads; until then the table may hold a few values
/// no record names (they cost only their bytes).
///
/// `context` must change whenever `summarize` would: it joins the index's
/// key with nwlint's version, the schemas, the registry, the help center
/// and the snippets. A `cache_dir` of `None` uses an in-memory index only.
pub fn load_indexed(
    roots: &Roots,
    schemas: &SchemaSet,
    only: &HashSet<PathBuf>,
    cache_dir: Option<&Path>,
    context: &[u8],
    summarize: &Summarize<'_>,
) -> Result<(Loading, Vec<Indexed>, Shared, IndexStats), Fatal> {
    let found = discover(roots)?;
    let bodies = std::sync::Arc::new(Bodies::default());
    let loader = Loader::new(roots, schemas, &bodies, false);
    let named = |path: &PathBuf| only.contains(&crate::workspace::clean(path));
    let (full, rest): (Vec<_>, Vec<_>) = (found.files.into_iter())
        .partition(|(path, rel)| classify(rel) != Some(Kind::Article) || named(path));
    let mut results: Vec<_> = full
        .par_iter()
        .enumerate()
        .map(|(id, (path, rel))| loader.file(id, path, rel))
        .collect();
    let skipped = found.skipped.iter().enumerate();
    results.extend(skipped.map(|(k, e)| skipped_result(full.len() + k, e, roots)));
    let mut loading = assemble(results);
    loading.fatal.extend(found.problems);
    // Of the named files, none an article read.
    let read = (full.iter())
        .filter(|(path, rel)| classify(rel) == Some(Kind::Article) && named(path))
        .count();
    let named_skipped: Vec<_> = (found.skipped.into_iter())
        .filter(|(path, rel, _)| named(path) || rel == "articles")
        .collect();
    loading.fatal.extend(nothing_checked(read, &named_skipped));
    if loading.sources.is_empty() && rest.is_empty() {
        return Err(Fatal::new(format!(
            "no content files under `{}`",
            roots.content.display()
        )));
    }
    check_registry(&mut loading, roots);
    resolve_snippets(&mut loading, &bodies);

    let key = index_key(roots, schemas, &loading.sources, context);
    let mut index = match cache_dir {
        Some(dir) => crate::cache::Index::open(dir, key),
        None => crate::cache::Index::new(key),
    };

    let snippets: std::collections::HashMap<&str, &Snippet> = loading
        .corpus
        .snippets
        .iter()
        .map(|s| (s.value.id.as_str(), &s.value))
        .collect();
    let registry = loading.corpus.registry.as_ref().map(|r| &r.value);
    let corpus = &loading.corpus;
    let index_ref = &index;
    /// One non-explicit article: its summary (if it loads cleanly), a new
    /// record for the index, which path it took, and an I/O failure.
    type Outcome = (
        Option<Indexed>,
        Option<crate::cache::Record>,
        Vec<(u128, Vec<u8>)>,
        u8,
        Option<Fatal>,
    );
    let known = |k: u128| index_ref.shared(k).is_some();
    let outcomes: Vec<Outcome> = rest
        .par_iter()
        .map(|(path, rel)| {
            use crate::cache::{Lookup, Record, Stat, hash_bytes};
            let indexed = |r: &Record| {
                r.clean.then(|| Indexed {
                    path: path.clone(),
                    rel: rel.clone(),
                    code: r.code.clone(),
                    locale: r.locale.clone(),
                    payload: r.payload.clone(),
                })
            };
            let stat = std::fs::metadata(path).map(|m| Stat::of(&m));
            let clock = timings::begin();
            let lookup = match &stat {
                Ok(st) => index_ref.lookup(rel, *st),
                Err(_) => Lookup::Missing,
            };
            if let Lookup::Fresh(r) = lookup {
                timings::end(Stage::Cache, clock);
                return (indexed(r), None, Vec::new(), 0, None);
            }
            let read = read_limited(path).map(|(b, _)| b);
            let hash = read.as_ref().map(|b| hash_bytes(b)).unwrap_or(0);
            if let (Lookup::Verify(r), Ok(st)) = (lookup, &stat)
                && read.is_ok()
                && r.hash == hash
            {
                let renewed = Record {
                    stat: *st,
                    ..r.clone()
                };
                timings::end(Stage::Cache, clock);
                return (indexed(r), Some(renewed), Vec::new(), 1, None);
            }
            timings::end(Stage::Cache, clock);
            let clock = timings::begin();
            let (_, parsed, diags, fatal) = loader.read(0, path, rel, read, None, clock);
            if let Some(f) = fatal.into_iter().next() {
                return (None, None, Vec::new(), 2, Some(f));
            }
            // As `load` puts it in the corpus: any article that parsed.
            let (clean, code, locale, payload, shared) = match parsed {
                Parsed::Article(mut a) => {
                    fill_article(&mut a, &snippets, registry, &bodies);
                    let clock = timings::begin();
                    let c = summarize(corpus, &a, &known);
                    timings::end(Stage::Cache, clock);
                    (true, a.code, a.locale, c.payload.into(), c.shared)
                }
                _ => (false, String::new(), None, Vec::new().into(), Vec::new()),
            };
            let _ = diags;
            let record = stat.ok().map(|st| Record {
                stat: st,
                hash,
                clean,
                code,
                locale,
                payload,
                positions: Vec::new().into(),
            });
            (record.as_ref().and_then(indexed), record, shared, 2, None)
        })
        .collect();

    let mut stats = IndexStats::default();
    let mut articles = Vec::with_capacity(outcomes.len());
    for ((_, rel), (art, record, shared, how, fatal)) in rest.iter().zip(outcomes) {
        match how {
            0 => stats.fresh += 1,
            1 => stats.verified += 1,
            _ => stats.loaded += 1,
        }
        loading.fatal.extend(fatal);
        if let Some(r) = record {
            index.put(rel, r);
        }
        for (k, v) in shared {
            index.put_shared(k, v);
        }
        articles.extend(art);
    }
    let live: HashSet<&str> = rest.iter().map(|(_, rel)| rel.as_str()).collect();
    index.retain(|rel| live.contains(rel));
    if let Some(dir) = cache_dir
        && index.is_dirty()
    {
        // A cache that cannot be written only costs time next run.
        let _ = index.save(dir);
    }
    let shared = index.take_shared();
    // Freeing thousands of records costs more than the rest of a warm
    // run; `check` exits right after, which returns the memory at once.
    std::mem::forget(index);
    Ok((loading, articles, shared, stats))
}

/// Replaces snippet references by the snippet's blocks, with the device's
/// name and noun filled in. Unknown snippets are reported.
fn resolve_snippets(loading: &mut Loading, bodies: &Bodies) {
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
                    Some(snip) => fill_section(section, snip, device, &entry.device, bodies),
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

/// A per-article summary for the persisted index, given the corpus of
/// shared files (registry, help center, snippets).
/// Its third argument tells which shared values the index already has
/// (the summarizer need not compute those again).
pub type Summarize<'a> = dyn Fn(&Corpus, &Article, &Known) -> crate::cache::Computed + Sync + 'a;

/// Whether the index's shared table already has a value, by key.
pub type Known<'a> = dyn Fn(u128) -> bool + Sync + 'a;

/// The index key: `context` plus everything a record depends on besides its
/// own file (schemas, and every loaded non-article file under the content
/// root: registry, help center, snippets).
fn index_key(roots: &Roots, schemas: &SchemaSet, sources: &SourceMap, context: &[u8]) -> u128 {
    index_key_of(roots, schemas, sources.iter().map(|(_, f)| f), context)
}

/// [`index_key`] from the files in file-id order (articles are skipped).
fn index_key_of<'f>(
    roots: &Roots,
    schemas: &SchemaSet,
    sources: impl Iterator<Item = &'f SourceFile>,
    context: &[u8],
) -> u128 {
    let schema_key = schemas.fingerprint().to_le_bytes();
    let shared: Vec<(&SourceFile, std::sync::Arc<str>)> = sources
        .filter(|f| {
            let rel = f
                .path
                .strip_prefix(&roots.content)
                .map(|r| r.to_string_lossy().replace('\\', "/"));
            rel.is_ok_and(|r| classify(&r) != Some(Kind::Article))
        })
        .map(|f| (f, f.text()))
        .collect();
    let mut parts: Vec<&[u8]> = vec![context, schemas.origin.as_bytes(), &schema_key];
    for (f, text) in &shared {
        parts.push(f.display.as_bytes());
        parts.push(text.as_bytes());
    }
    crate::cache::context_key(&parts)
}

/// Fills an article's single-sourced sections from their snippets, as
/// [`load`] does (unknown snippets stay empty).
fn fill_article(
    a: &mut Article,
    snippets: &std::collections::HashMap<&str, &Snippet>,
    registry: Option<&DeviceRegistry>,
    bodies: &Bodies,
) {
    for entry in &mut a.devices {
        let device = registry.and_then(|r| r.devices.iter().find(|d| d.id == entry.device));
        for section in &mut entry.sections {
            if let Some(Some(snip)) = section.snippet.as_deref().map(|id| snippets.get(id)) {
                fill_section(section, snip, device, &entry.device, bodies);
            }
        }
    }
}

/// Loads one article file as [`load`] would put it in the corpus (snippets
/// resolved from `corpus`); `None` if it does not parse into an article.
pub fn load_article(
    path: &Path,
    rel: &str,
    roots: &Roots,
    schemas: &SchemaSet,
    corpus: &Corpus,
) -> Option<Article> {
    let bodies = std::sync::Arc::new(Bodies::default());
    let loader = Loader::new(roots, schemas, &bodies, false);
    let (_, parsed, _, _) = loader.file(0, path, rel);
    let Parsed::Article(mut a) = parsed else {
        return None;
    };
    let snippets = corpus
        .snippets
        .iter()
        .map(|s| (s.value.id.as_str(), &s.value))
        .collect();
    fill_article(
        &mut a,
        &snippets,
        corpus.registry.as_ref().map(|r| &r.value),
        &bodies,
    );
    Some(a)
}

/// After a full [`load_with`]: records every article file of `loading` in
/// `index`, the persisted index that load opened (under the key it derived
/// before other files, such as nwlint.toml, joined the source map), and
/// writes it to `cache_dir` (what [`load_indexed`] would record),
/// with `payload(file, known)` as the summary of each article in the
/// corpus (see [`Summarize`]). The shared table keeps only the values that
/// `refs(payload)` names for some record (all of them if a payload does
/// not decode). Files modified since `since_ns` (e.g. while this run read
/// them) are recorded without their mtime, so the next run re-hashes them.
/// Failing to write is ignored: the next indexed run just loads more.
#[allow(clippy::too_many_arguments)]
pub fn refresh_index(
    roots: &Roots,
    loading: &Loading,
    mut index: crate::cache::Index,
    cache_dir: &Path,
    payload: &(dyn Fn(FileId, &Known) -> crate::cache::Computed + Sync),
    refs: &(dyn Fn(&[u8]) -> Option<Vec<u128>> + Sync),
    since_ns: u64,
) {
    use crate::cache::{Lookup, Record, Stat, hash_bytes};
    let index_ref = &index;
    let known = |k: u128| index_ref.shared(k).is_some();
    let in_corpus: std::collections::HashMap<FileId, &Article> = loading
        .corpus
        .articles
        .iter()
        .map(|a| (a.file, &a.value))
        .collect();
    let files: Vec<(FileId, &SourceFile, String)> = loading
        .sources
        .iter()
        .filter_map(|(id, f)| {
            let rel = f.path.strip_prefix(&roots.content).ok()?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            (classify(&rel) == Some(Kind::Article)).then_some((id, f, rel))
        })
        .collect();
    type Refreshed = (String, Option<Record>, Vec<(u128, Vec<u8>)>);
    let records: Vec<Refreshed> = files
        .par_iter()
        .map(|(id, f, rel)| {
            let Ok(meta) = std::fs::metadata(&f.path) else {
                return (rel.clone(), None, Vec::new());
            };
            let mut st = Stat::of(&meta);
            if st.mtime_ns >= since_ns || st.ctime_ns >= since_ns {
                st.mtime_ns = 0;
            }
            let art = in_corpus.get(id);
            let hash = match f.hash {
                0 => hash_bytes(f.text().as_bytes()),
                h => h,
            };
            // The same bytes under the same key: the summary is unchanged.
            let old = match index_ref.lookup(rel, st) {
                Lookup::Fresh(r) | Lookup::Verify(r) => (r.hash == hash).then_some(r),
                Lookup::Missing => None,
            };
            let same = old
                .filter(|r| r.clean == art.is_some())
                .map(|r| r.payload.clone());
            // This run's positions, else those known for these bytes.
            let positions = match f.encoded_positions() {
                Some(p) => p.into(),
                None => old.map_or_else(|| Vec::new().into(), |r| r.positions.clone()),
            };
            let (payload, shared) = match (same, art.is_some()) {
                (Some(p), _) => (p, Vec::new()),
                (None, true) => {
                    let c = payload(*id, &known);
                    (c.payload.into(), c.shared)
                }
                (None, false) => (Vec::new().into(), Vec::new()),
            };
            let record = Record {
                stat: st,
                hash,
                clean: art.is_some(),
                code: art.map(|a| a.code.clone()).unwrap_or_default(),
                locale: art.and_then(|a| a.locale.clone()),
                payload,
                positions,
            };
            (rel.clone(), Some(record), shared)
        })
        .collect();
    let live: HashSet<&str> = records.iter().map(|(rel, _, _)| rel.as_str()).collect();
    index.retain(|rel| live.contains(rel));
    for (rel, r, shared) in records {
        if let Some(r) = r {
            index.put(&rel, r);
        }
        for (k, v) in shared {
            index.put_shared(k, v);
        }
    }
    if index.is_dirty() {
        // Keep the shared values some record names.
        let named: Option<Vec<Vec<u128>>> = index.payloads().map(refs).collect();
        if let Some(named) = named {
            let named: HashSet<u128> = named.into_iter().flatten().collect();
            index.retain_shared(|k| named.contains(&k));
        }
        let _ = index.save(cache_dir);
    }
}

/// Fills a single-sourced section from its snippet, with the device's name
/// and first noun (the device id when the registry does not know it).
fn fill_section(
    section: &mut crate::model::Section,
    snip: &Snippet,
    device: Option<&crate::model::Device>,
    device_id: &str,
    bodies: &Bodies,
) {
    if section.title.is_none() {
        section.title = Some(snip.title.clone());
    }
    let (name, noun) = match device {
        Some(d) => (
            d.name.clone(),
            d.nouns.first().cloned().unwrap_or_else(|| d.name.clone()),
        ),
        None => (device_id.to_string(), device_id.to_string()),
    };
    section.blocks = bodies.share(
        snip.blocks
            .iter()
            .map(|b| fill_block(b, &name, &noun))
            .collect(),
    );
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

    /// A project with the shipped content plus `extra` copies of the
    /// article under other codes.
    fn project(extra: usize) -> (tempfile::TempDir, Roots) {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("articles")).unwrap();
        for f in ["helpcenter.json", "devices.json"] {
            std::fs::copy(root.join("content").join(f), content.join(f)).unwrap();
        }
        let article = std::fs::read_to_string(root.join("content/articles/NW-6-403.json")).unwrap();
        std::fs::write(content.join("articles/NW-6-403.json"), &article).unwrap();
        for i in 0..extra {
            let code = format!("NW-7-{i}");
            std::fs::write(
                content.join(format!("articles/{code}.json")),
                article.replace("NW-6-403", &code),
            )
            .unwrap();
        }
        let roots = Roots {
            base: dir.path().to_path_buf(),
            content,
            schema: None,
            exclude: Vec::new(),
        };
        (dir, roots)
    }

    #[test]
    fn a_file_read_long_after_its_last_write_has_a_settled_stat() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "{}").unwrap();
        let taken = |path: &Path| read_limited(path).ok().unwrap().1.unwrap();
        let recent = taken(&path);
        assert_eq!(recent.stat.size, 2);
        assert!(!recent.settled, "written just now");
        crate::cache::set_mtime_ago(&path, 60);
        assert!(taken(&path).settled);
    }

    #[test]
    fn check_releases_clean_article_texts_and_other_commands_keep_them() {
        let (_dir, roots) = project(1);
        let schemas = SchemaSet::load(None).unwrap();
        let kept = load(&roots, &schemas).unwrap();
        assert!(kept.sources.iter().all(|(_, f)| f.hash == 0));
        let released = load_with(&roots, &schemas, Texts::Release, None).unwrap();
        for (id, f) in released.sources.iter() {
            let article = released.corpus.articles.iter().any(|a| a.file == id);
            // Released files carry the hash their re-read is checked against.
            assert_eq!(f.hash != 0, article, "{}", f.display);
            assert_eq!(*f.text(), *kept.sources.get(id).text(), "{}", f.display);
        }
        assert_eq!(released.sources.changed().count(), 0);
    }

    #[test]
    fn full_load_trusts_the_index_only_for_the_same_bytes_under_the_same_key() {
        let (dir, roots) = project(1);
        let schemas = SchemaSet::load(None).unwrap();
        let cache = dir.path().join(".nwlint-cache");
        // Fits the model, fails the schema (error codes are upper case).
        let path = roots.content.join("articles/NW-7-0.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let broken = text.replacen("\"code\": \"NW-7-0\"", "\"code\": \"nw-7-0\"", 1);
        assert_ne!(broken, text);
        std::fs::write(&path, &broken).unwrap();
        let schema_errors = |context: &[u8]| {
            let l = load_with(&roots, &schemas, Texts::Release, Some((&cache, context))).unwrap();
            let file = l.sources.iter().find(|(_, f)| f.path == path).unwrap().0;
            l.diagnostics
                .iter()
                .filter(|d| d.primary.file == file && d.rule.id == "schema")
                .count()
        };
        // An index that records the broken file with `hash` and `stat`.
        let record_with = |stat: crate::cache::Stat, hash: u128, clean: bool, planted: bool| {
            let l = load(&roots, &schemas).unwrap();
            let mut index = crate::cache::Index::new(index_key(&roots, &schemas, &l.sources, b"t"));
            let record = crate::cache::Record {
                stat,
                hash,
                clean,
                code: "NW-7-0".into(),
                locale: None,
                payload: Vec::new().into(),
                positions: Vec::new().into(),
            };
            index.put("articles/NW-7-0.json", record);
            if planted {
                index.save_keyed(&cache, &[7; 32]).unwrap();
            } else {
                index.save(&cache).unwrap();
            }
        };
        // With a stat that never matches: only the hash decides.
        let no_stat = crate::cache::Stat::default();
        let record =
            |hash: u128, clean: bool, planted: bool| record_with(no_stat, hash, clean, planted);
        let set_mtime = |ago: u64| crate::cache::set_mtime_ago(&path, ago);
        assert_eq!(schema_errors(b"t"), 1, "no index yet");
        record(crate::cache::hash_bytes(text.as_bytes()), true, false);
        assert_eq!(schema_errors(b"t"), 1, "the index knows other bytes");
        record(crate::cache::hash_bytes(broken.as_bytes()), false, false);
        assert_eq!(schema_errors(b"t"), 1, "the index knows the file as broken");
        record(crate::cache::hash_bytes(broken.as_bytes()), true, true);
        assert_eq!(
            schema_errors(b"t"),
            1,
            "the index was planted (another key)"
        );
        record(crate::cache::hash_bytes(broken.as_bytes()), true, false);
        assert_eq!(
            schema_errors(b"u"),
            1,
            "the index was written for another context"
        );
        // The same bytes under the same key: not validated again.
        assert_eq!(schema_errors(b"t"), 0);
        // Same size and an old mtime the record holds: the record stands
        // for the bytes without hashing them (as git trusts its index);
        // a newer mtime sends the file back to its hash.
        set_mtime(3600);
        let stat = crate::cache::Stat::of(&std::fs::metadata(&path).unwrap());
        record_with(stat, crate::cache::hash_bytes(text.as_bytes()), true, false);
        assert_eq!(schema_errors(b"t"), 0, "trusted by its stat");
        set_mtime(60);
        assert_eq!(schema_errors(b"t"), 1, "another mtime: hashed");
        // A changed registry changes the key.
        let devices = roots.content.join("devices.json");
        let registry = std::fs::read_to_string(&devices).unwrap();
        std::fs::write(&devices, format!("{registry}\n")).unwrap();
        assert_eq!(schema_errors(b"t"), 1, "the registry changed");
    }

    #[test]
    fn indexed_load_matches_full_load_and_reuses_the_index() {
        let (dir, roots) = project(3);
        let schemas = SchemaSet::load(None).unwrap();
        let target = roots.content.join("articles/NW-7-1.json");
        let only: HashSet<PathBuf> = [target.clone()].into();
        let cache = dir.path().join(".nwlint-cache");
        // One shared value (key 7), computed only when the index lacks it.
        let computed = std::sync::atomic::AtomicUsize::new(0);
        let summarize = |_: &Corpus, a: &Article, known: &Known| {
            let mut shared = Vec::new();
            if !known(7) {
                computed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                shared.push((7, b"seven".to_vec()));
            }
            crate::cache::Computed {
                payload: a.devices.len().to_le_bytes().to_vec(),
                shared,
            }
        };

        let (loading, others, shared, stats) =
            load_indexed(&roots, &schemas, &only, Some(&cache), b"t", &summarize).unwrap();
        assert_eq!(shared.get(&7).map(|p| &**p), Some(&b"seven"[..]));
        assert_eq!(
            stats,
            IndexStats {
                fresh: 0,
                verified: 0,
                loaded: 3
            }
        );
        assert_eq!(loading.corpus.articles.len(), 1);
        assert_eq!(loading.corpus.articles[0].value.code, "NW-7-1");
        assert!(loading.corpus.registry.is_some() && loading.corpus.helpcenter.is_some());
        let mut codes: Vec<&str> = others.iter().map(|o| o.code.as_str()).collect();
        codes.sort();
        assert_eq!(codes, ["NW-6-403", "NW-7-0", "NW-7-2"]);
        assert!(others.iter().all(|o| *o.payload == 10usize.to_le_bytes()));

        // The explicit file's own findings are those of a full load.
        let full = load(&roots, &schemas).unwrap();
        let full_file = full
            .sources
            .iter()
            .find(|(_, f)| f.path == target)
            .map(|(id, _)| id)
            .unwrap();
        let n = |l: &Loading, id| {
            l.diagnostics
                .iter()
                .filter(|d| d.primary.file == id)
                .count()
        };
        assert_eq!(
            n(&loading, loading.corpus.articles[0].file),
            n(&full, full_file)
        );

        // Second run: nothing is loaded again (files this new are verified
        // by hash rather than trusted by their stat).
        let (_, others2, shared2, stats2) =
            load_indexed(&roots, &schemas, &only, Some(&cache), b"t", &summarize).unwrap();
        assert_eq!(shared2.get(&7).map(|p| &**p), Some(&b"seven"[..]));
        assert_eq!(stats2.loaded, 0);
        assert_eq!(stats2.fresh + stats2.verified, 3);
        assert_eq!(others2.len(), 3);

        // A changed file is loaded again; a broken one drops out.
        let other = roots.content.join("articles/NW-7-2.json");
        let text = std::fs::read_to_string(&other).unwrap();
        std::fs::write(&other, text.replacen("\"ps3\"", "\"nope\"", 1)).unwrap();
        std::fs::write(roots.content.join("articles/NW-7-0.json"), "{").unwrap();
        let (_, others3, _, stats3) =
            load_indexed(&roots, &schemas, &only, Some(&cache), b"t", &summarize).unwrap();
        assert_eq!(stats3.loaded, 2);
        // Stored once, in the first run: later summaries were told it is known.
        assert_eq!(computed.load(std::sync::atomic::Ordering::Relaxed), 3);
        let codes: Vec<&str> = others3.iter().map(|o| o.code.as_str()).collect();
        assert!(
            codes.contains(&"NW-7-2") && !codes.contains(&"NW-7-0"),
            "{codes:?}"
        );

        // Another context (e.g. a new summarizer) starts from scratch.
        let (_, _, _, stats4) =
            load_indexed(&roots, &schemas, &only, Some(&cache), b"u", &summarize).unwrap();
        assert_eq!(stats4.loaded, 3);
    }

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
}
