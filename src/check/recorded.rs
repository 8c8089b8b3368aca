//! A check's use of the persisted index ([`crate::cache`]): in a hook run
//! (named files), every other article is known by its record and drift
//! reads it in full only where a finding needs its text; after a full run,
//! the index is refreshed for the next one.

use crate::corpus::Corpus;
use crate::diag::{Fatal, FileId};
use crate::drift::{self, Source, summary::Summary};
use crate::load::{self, Indexed, Loading, Roots};
use crate::model::Article;
use crate::schema::SchemaSet;
use crate::source::{SourceFile, SourceMap, display_path};
use crate::workspace::Workspace;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The articles of a hook run known by their records (none in a full run).
#[derive(Default)]
pub(super) struct Recorded {
    articles: Vec<Indexed>,
    summaries: Vec<Summary>,
    shared: load::Shared,
    /// Each article's file in the source map, once registered.
    files: Vec<FileId>,
    /// Made from the index (not the empty value of a full load).
    indexed: bool,
}

/// What every record of the persisted index depends on besides its file,
/// the shared content files and the schemas (which `load` adds): the
/// summary's encoding and the config's extra device nouns.
pub(super) fn index_context(config: &crate::config::Config) -> Vec<u8> {
    format!("{}\n{:?}", drift::summary::VERSION, config.nouns).into_bytes()
}

/// Digests whose shared values some thread of this run has taken on to
/// compute (so each is computed once, however many articles share it).
#[derive(Default)]
struct Claims(crate::hash::Sharded<u128, ()>);

impl Claims {
    /// `true` if `d` was already claimed; otherwise claims it for the
    /// caller, who then computes its value.
    fn claim(&self, d: u128) -> bool {
        !self.0.insert(d, ())
    }
}

impl Recorded {
    /// Loads the `only` files and what they are checked against, and knows
    /// every other article by its record in the index in `dir` (made for
    /// those that have none yet). `None` if a record does not decode: then
    /// the caller loads the whole tree.
    pub(super) fn load(
        roots: &Roots,
        schemas: &SchemaSet,
        config: &crate::config::Config,
        only: &HashSet<PathBuf>,
        dir: &Path,
    ) -> Result<Option<(Loading, Recorded)>, Fatal> {
        let nouns = config.nouns.clone();
        let norm = std::sync::OnceLock::new();
        let claimed = Claims::default();
        let summarize = move |corpus: &Corpus, a: &Article, known: &load::Known| {
            let norm = norm.get_or_init(|| drift::summary::normalizer(corpus, &nouns));
            drift::summary::summarize(norm, a, &|d| known(d) || claimed.claim(d))
        };
        let context = index_context(config);
        let (loading, articles, shared, _) =
            load::load_indexed(roots, schemas, only, Some(dir), &context, &summarize)?;
        let summaries: Option<Vec<Summary>> = (articles.par_iter())
            .map(|o| drift::summary::decode(&o.code, o.locale.as_deref(), &o.payload))
            .collect();
        Ok(summaries.map(|summaries| {
            let recorded = Recorded {
                articles,
                summaries,
                shared,
                files: Vec::new(),
                indexed: true,
            };
            (loading, recorded)
        }))
    }

    /// Whether these are the other articles of a check of named files,
    /// known by their records (else: none, all were loaded).
    pub(super) fn indexed(&self) -> bool {
        self.indexed
    }

    /// Adds the recorded articles' files to `sources`, their texts
    /// released: read (and checked against the recorded hash) only if a
    /// finding points into one.
    pub(super) fn register(&mut self, sources: &mut SourceMap, roots: &Roots) {
        sources.reserve(self.articles.len());
        self.files = (self.articles.iter())
            .map(|o| {
                let display = display_path(&o.path, &roots.base);
                let file = SourceFile::released(display, o.path.clone(), o.len, o.hash, None);
                sources.add(file)
            })
            .collect();
    }

    /// Every article, in memory or recorded, in the order of a full run's
    /// corpus (content-relative path), and per position the recorded
    /// article there.
    pub(super) fn sources<'a>(
        &'a self,
        roots: &Roots,
        loading: &'a Loading,
    ) -> (Vec<Source<'a>>, Vec<Option<usize>>) {
        let rel = |path: &Path| {
            path.strip_prefix(&roots.content)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default()
        };
        let memory = (loading.corpus.articles.iter()).map(|a| {
            (
                rel(&loading.sources.get(a.file).path),
                Source::Memory(a),
                None,
            )
        });
        let recorded =
            (self.summaries.iter().zip(&self.files).enumerate()).map(|(k, (s, file))| {
                (
                    self.articles[k].rel.clone(),
                    Source::Recorded(s, *file),
                    Some(k),
                )
            });
        let mut all: Vec<(String, Source, Option<usize>)> = memory.chain(recorded).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all.into_iter().map(|(_, s, k)| (s, k)).unzip()
    }

    /// Recorded article `k`, read in full as the load would have put it in
    /// `corpus`.
    pub(super) fn read(
        &self,
        k: usize,
        roots: &Roots,
        schemas: &SchemaSet,
        corpus: &Corpus,
    ) -> Option<Article> {
        let o = &self.articles[k];
        load::load_article(&o.path, &o.rel, roots, schemas, corpus)
    }

    /// The LSH band keys the index records for a text, by digest.
    pub(super) fn bands(&self, d: drift::view::Digest) -> Option<[u64; drift::lsh::BANDS]> {
        self.shared
            .get(&d)
            .and_then(|b| drift::summary::decode_bands(b))
    }
}

/// Writes the summaries of a full run's articles into the persisted index.
pub(super) fn refresh(ws: &Workspace, index: crate::cache::Index, dir: &Path, since_ns: u64) {
    let corpus = &ws.loading.corpus;
    let norm = drift::summary::normalizer(corpus, &ws.config.nouns);
    let by_file: HashMap<usize, &Article> =
        corpus.articles.iter().map(|a| (a.file, &a.value)).collect();
    let claimed = Claims::default();
    let memo = drift::view::Digests::default();
    let payload = |file: usize, known: &load::Known| {
        by_file
            .get(&file)
            .map(|a| {
                drift::summary::summarize_with(&norm, &memo, a, &|d| known(d) || claimed.claim(d))
            })
            .unwrap_or_default()
    };
    load::refresh_index(
        &ws.roots,
        &ws.loading,
        load::Refresh {
            index,
            dir,
            payload: &payload,
            refs: &drift::summary::band_digests,
            since_ns,
        },
    );
}
