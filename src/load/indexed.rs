//! Loading with the persisted index ([`crate::cache`]): `check FILE…` in a
//! large tree, and refreshing the index after a full run.

use super::*;

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
    /// Size and hash of the bytes the record stands for.
    pub len: usize,
    pub hash: u128,
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
    let Partial {
        mut loading,
        rest,
        bodies,
    } = load_shared(roots, schemas, only)?;
    let loader = Loader::new(roots, schemas, &bodies, false);
    let key = index_key(roots, schemas, &loading.sources, context);
    let mut index = match cache_dir {
        Some(dir) => crate::cache::Index::open(dir, key),
        None => crate::cache::Index::new(key),
    };
    let recall = Recall {
        loader: &loader,
        index: &index,
        corpus: &loading.corpus,
        snippets: (loading.corpus.snippets.iter())
            .map(|s| (s.value.id.as_str(), &s.value))
            .collect(),
        bodies: &bodies,
        summarize,
    };
    let outcomes: Vec<Outcome> = (rest.par_iter())
        .map(|(path, rel)| recall.article(path, rel))
        .collect();

    let mut stats = IndexStats::default();
    let mut articles = Vec::with_capacity(outcomes.len());
    for ((_, rel), o) in rest.iter().zip(outcomes) {
        match o.how {
            How::Fresh => stats.fresh += 1,
            How::Verified => stats.verified += 1,
            How::Loaded => stats.loaded += 1,
        }
        loading.fatal.extend(o.fatal);
        if let Some(r) = o.record {
            index.put(rel, r);
        }
        for (k, v) in o.shared {
            index.put_shared(k, v);
        }
        articles.extend(o.indexed);
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

/// How an article not named in a hook run became known.
enum How {
    /// Its record, on its stat alone.
    Fresh,
    /// Its record, confirmed by re-hashing the file.
    Verified,
    /// Loaded and summarized: the index had no valid record.
    Loaded,
}

/// One article not named: its summary (if it loads cleanly), a new record
/// for the index with the shared values it computed, how, and an I/O
/// failure.
struct Outcome {
    indexed: Option<Indexed>,
    record: Option<crate::cache::Record>,
    shared: Vec<(u128, Vec<u8>)>,
    how: How,
    fatal: Option<Fatal>,
}

/// What knowing an article by its record takes.
struct Recall<'r> {
    loader: &'r Loader<'r>,
    index: &'r crate::cache::Index,
    corpus: &'r Corpus,
    snippets: std::collections::HashMap<&'r str, &'r Snippet>,
    bodies: &'r Bodies,
    summarize: &'r Summarize<'r>,
}

impl Recall<'_> {
    /// The article at `path` by its record if the index has one for these
    /// bytes, else loaded and summarized.
    fn article(&self, path: &Path, rel: &str) -> Outcome {
        use crate::cache::{Lookup, Record};
        use crate::fingerprint::{Stat, hash_bytes};
        let indexed = |r: &Record| {
            r.clean.then(|| Indexed {
                path: path.to_path_buf(),
                rel: rel.to_string(),
                code: r.code.clone(),
                locale: r.locale.clone(),
                payload: r.payload.clone(),
                len: r.stat.size as usize,
                hash: r.hash,
            })
        };
        let outcome = |record: Option<Record>, shared, how| Outcome {
            indexed: record.as_ref().and_then(indexed),
            record,
            shared,
            how,
            fatal: None,
        };
        let stat = std::fs::metadata(path).map(|m| Stat::of(&m));
        let clock = timings::begin();
        let lookup = match &stat {
            Ok(st) => self.index.lookup(rel, *st),
            Err(_) => Lookup::Missing,
        };
        if let Lookup::Fresh(r) = lookup {
            timings::end(Stage::Cache, clock);
            return Outcome {
                indexed: indexed(r),
                ..outcome(None, Vec::new(), How::Fresh)
            };
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
            return outcome(Some(renewed), Vec::new(), How::Verified);
        }
        timings::end(Stage::Cache, clock);
        let clock = timings::begin();
        let (_, parsed, _, fatal) = self.loader.read(0, path, rel, read, None, clock);
        if let Some(f) = fatal.into_iter().next() {
            return Outcome {
                fatal: Some(f),
                ..outcome(None, Vec::new(), How::Loaded)
            };
        }
        // As `load` puts it in the corpus: any article that parsed.
        let (clean, code, locale, payload, shared) = match parsed {
            Parsed::Article(mut a) => {
                let registry = self.corpus.registry.as_ref().map(|r| &r.value);
                fill_article(&mut a, &self.snippets, registry, self.bodies);
                let clock = timings::begin();
                let known = |k: u128| self.index.shared(k).is_some();
                let c = (self.summarize)(self.corpus, &a, &known);
                timings::end(Stage::Cache, clock);
                (true, a.code, a.locale, c.payload.into(), c.shared)
            }
            _ => (false, String::new(), None, Vec::new().into(), Vec::new()),
        };
        let record = stat.ok().map(|st| Record {
            stat: st,
            hash,
            clean,
            code,
            locale,
            payload,
            positions: Vec::new().into(),
        });
        outcome(record, shared, How::Loaded)
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
pub(super) fn index_key(
    roots: &Roots,
    schemas: &SchemaSet,
    sources: &SourceMap,
    context: &[u8],
) -> u128 {
    index_key_of(roots, schemas, sources.iter().map(|(_, f)| f), context)
}

/// [`index_key`] from the files in file-id order (articles are skipped).
pub(super) fn index_key_of<'f>(
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

/// What [`refresh_index`] writes, and with what.
pub struct Refresh<'a> {
    /// The index the load opened.
    pub index: crate::cache::Index,
    /// Where it is written.
    pub dir: &'a Path,
    /// The summary of an article in the corpus, by file.
    pub payload: &'a (dyn Fn(FileId, &Known) -> crate::cache::Computed + Sync),
    /// The shared values a payload names (`None` if it does not decode).
    pub refs: &'a (dyn Fn(&[u8]) -> Option<Vec<u128>> + Sync),
    /// When this run began reading.
    pub since_ns: u64,
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
pub fn refresh_index(roots: &Roots, loading: &Loading, refresh: Refresh) {
    let Refresh {
        mut index,
        dir: cache_dir,
        payload,
        refs,
        since_ns,
    } = refresh;
    use crate::cache::{Lookup, Record};
    use crate::fingerprint::{Stat, hash_bytes};
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
