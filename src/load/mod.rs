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
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use crate::corpus::{Corpus, Loaded};
pub use crate::source::MAX_FILE_BYTES;

mod discover;
mod indexed;
mod read;
mod snippets;
#[cfg(test)]
mod tests;

pub use crate::exclude::Exclude;
pub use crate::strict_json::{is_duplicate_key, parse_strict};
pub use discover::{Discovered, discover};
pub use indexed::{
    IndexStats, Indexed, Known, Refresh, Shared, Summarize, load_article, load_indexed,
    refresh_index,
};

use discover::{nothing_checked, skipped_result};
use indexed::index_key_of;
use read::{Loader, read_limited};
use snippets::{fill_article, resolve_snippets};

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
    /// Paths (relative to the content root) to skip.
    pub exclude: Exclude,
    /// Files whose bytes the caller gives instead of the disk (`check -`
    /// with `--stdin-filename`, an editor's unsaved buffer).
    pub overlay: Overlay,
}

/// Bytes standing in for files, by absolute, clean path.
pub type Overlay = std::collections::BTreeMap<PathBuf, std::sync::Arc<[u8]>>;

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
    loading
        .fatal
        .extend(nothing_checked(read, &found.skipped, roots));
    if loading.sources.is_empty() {
        return Err(Fatal::new(format!(
            "no content files under `{}`",
            roots.content.display()
        ))
        .with_help("expected helpcenter.json, devices.json and articles/<CODE>.json"));
    }
    check_registry(&mut loading, roots, &found.skipped);
    resolve_snippets(&mut loading, &bodies);
    Ok(loading)
}

/// Loads the files a check of `only` (explicit articles) needs besides the
/// other articles: `only`, `helpcenter.json`, `devices.json` and the
/// snippets, as [`load_indexed`] loads them, with no index (a caller that
/// knows the other articles already: an editor server, between edits).
pub fn load_named(
    roots: &Roots,
    schemas: &SchemaSet,
    only: &HashSet<PathBuf>,
) -> Result<Loading, Fatal> {
    load_shared(roots, schemas, only).map(|p| p.loading)
}

/// What [`load_shared`] leaves for the caller.
pub(super) struct Partial {
    pub(super) loading: Loading,
    /// The other articles' paths and content-relative names, unread.
    pub(super) rest: Vec<(PathBuf, String)>,
    /// The load's table of shared section bodies.
    pub(super) bodies: std::sync::Arc<Bodies>,
}

/// Loads the files an article is checked against (every file that is
/// not an article) and the articles in `only`.
pub(super) fn load_shared(
    roots: &Roots,
    schemas: &SchemaSet,
    only: &HashSet<PathBuf>,
) -> Result<Partial, Fatal> {
    let found = discover(roots)?;
    let bodies = std::sync::Arc::new(Bodies::default());
    let loader = Loader::new(roots, schemas, &bodies, false);
    let named = |path: &PathBuf| only.contains(&crate::regular_file::clean(path));
    let (full, rest): (Vec<_>, Vec<_>) = (found.files.into_iter())
        .partition(|(path, rel)| classify(rel) != Some(Kind::Article) || named(path));
    let mut results: Vec<_> = (full.par_iter().enumerate())
        .map(|(id, (path, rel))| loader.file(id, path, rel))
        .collect();
    let skipped = found.skipped.iter().enumerate();
    results.extend(skipped.map(|(k, e)| skipped_result(full.len() + k, e, roots)));
    let mut loading = assemble(results);
    loading.fatal.extend(found.problems);
    if loading.sources.is_empty() && rest.is_empty() {
        return Err(Fatal::new(format!(
            "no content files under `{}`",
            roots.content.display()
        )));
    }
    check_registry(&mut loading, roots, &found.skipped);
    resolve_snippets(&mut loading, &bodies);
    Ok(Partial {
        loading,
        rest,
        bodies,
    })
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

/// A missing registry stops every check that names devices, and a help
/// center nwlint did not read stops the link checks: both end the run
/// with exit 2. A help center that failed to load is noted for the checks
/// that need it (its own findings say why).
fn check_registry(loading: &mut Loading, roots: &Roots, skipped: &[(PathBuf, String, &str)]) {
    let unread = |rel: &str| skipped.iter().find(|s| s.1 == rel).map(|s| s.2);
    let path = |rel: &str| roots.content.join(rel).display().to_string();
    loading.corpus.helpcenter_unloaded =
        loading.corpus.helpcenter.is_none() && has_file(&loading.sources, "helpcenter.json", roots);
    if let Some(what) = unread("helpcenter.json") {
        loading.fatal.push(Fatal::new(format!(
            "links were not checked: `{}` is {what}, which nwlint does not read",
            path("helpcenter.json")
        )));
    }
    if loading.corpus.registry.is_some() {
        return;
    }
    let why = match unread("devices.json") {
        Some(what) => format!("is {what}, which nwlint does not read"),
        None if roots.exclude.matches("devices.json") => "is excluded in nwlint.toml".into(),
        None if !has_file(&loading.sources, "devices.json", roots) => "is missing".into(),
        None => return,
    };
    loading.fatal.push(
        Fatal::new(format!(
            "no device registry: `{}` {why}",
            path("devices.json")
        ))
        .with_help("every content root has a devices.json listing its devices"),
    );
}

fn has_file(sources: &SourceMap, rel: &str, roots: &Roots) -> bool {
    let want = display_path(&roots.content.join(rel), &roots.base);
    sources.iter().any(|(_, f)| f.display == want)
}

type FileResult = (SourceFile, Parsed, Vec<Diagnostic>, Vec<Fatal>);
