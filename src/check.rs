//! `nwlint check`: load → validate → rules → drift → report.

use crate::diag::{Diagnostic, Fatal, Notice, Severity};
use crate::drift::{self, summary::Summary};
use crate::load::{self, Corpus, Indexed, Loading, Roots};
use crate::model::Article;
use crate::report::{self, Findings, Report};
use crate::rules;
use crate::schema::SchemaSet;
use crate::source::SourceMap;
use crate::workspace::{self, Workspace, clean};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `nwlint check` checks, and how it reports.
#[derive(Debug, Clone)]
pub struct Options {
    /// A content root, or content files (the whole tree is loaded, only
    /// findings in those files are reported); none: the content root.
    pub paths: Vec<PathBuf>,
    pub format: report::Format,
    /// Only the findings that fail the run, and no summary line.
    pub quiet: bool,
    /// After the findings, how many there are per rule.
    pub statistics: bool,
    /// Findings at or above this severity fail the run (`--deny`).
    pub fail_at: Severity,
    /// `RULE=LEVEL` overrides of nwlint.toml's `[rules]`.
    pub severities: Vec<String>,
    pub color: bool,
    pub workspace: workspace::Options,
    /// Besides `format` into the output: the same findings in these
    /// formats, each written whole into its file (`--output-file`).
    pub outputs: Vec<(report::Format, PathBuf)>,
    /// Bytes checked in place of files (`check -` with `--stdin-filename`).
    pub overlay: load::Overlay,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: Vec::new(),
            format: report::Format::default(),
            quiet: false,
            statistics: false,
            fail_at: Severity::Error,
            severities: Vec::new(),
            color: false,
            workspace: workspace::Options::default(),
            outputs: Vec::new(),
            overlay: load::Overlay::new(),
        }
    }
}

/// Runs `check`, writing the report into `out` and what it says besides
/// into `notices`; returns the exit code (0 clean, 1 findings at or above
/// `fail_at`, 2 when a notice is an error).
pub fn run(args: &Options, out: &mut dyn Write, notices: &mut Vec<Notice>) -> Result<u8, Fatal> {
    let (root_arg, files) = split_paths(&args.paths, &args.overlay)?;
    // Named files are checked in the content root that holds them,
    // wherever nwlint runs from.
    let first = files.as_ref().and_then(|f| f.first());
    let mut config = workspace::config_near(&args.workspace, first.and_then(|f| f.parent()))?;
    for spec in &args.severities {
        config.set_rule_level(spec, crate::catalog::all())?;
    }
    if args.statistics
        && matches!(
            args.format,
            report::Format::Json | report::Format::Sarif | report::Format::Junit
        )
    {
        return Err(Fatal::new(
            "--statistics prints a table, which would corrupt a json, sarif or junit document",
        )
        .with_help("the json output's `summary.rules` already counts findings per rule"));
    }
    let content_override = root_arg.or_else(|| {
        let file = first.filter(|_| args.workspace.content.is_none())?;
        let configured = clean(&config.content_root());
        (!file.starts_with(&configured))
            .then(|| workspace::content_root_of(file))
            .flatten()
    });
    let extra: Vec<(Box<dyn Report>, &PathBuf)> = (args.outputs.iter())
        .map(|(format, path)| (reporter(*format, args, false), path))
        .collect();
    let reporter = reporter(args.format, args, true);
    // Findings carry what the most detailed format prints.
    let full = crate::diag::Detail::Full;
    let detail = match extra.iter().any(|(r, _)| r.detail() == full) {
        true => full,
        false => reporter.detail(),
    };
    let fail_at = args.fail_at;
    let mut roots = workspace::roots(&config, content_override)?;
    roots.overlay = args.overlay.clone();
    let (only, unchecked) = named(files, &roots, &config, notices);
    if only.as_ref().is_some_and(HashSet::is_empty) {
        if unchecked > 0 {
            return Err(none_checked());
        }
        // Every named file is excluded (each was said so): nothing to
        // check (document formats still print an empty document).
        let sources = SourceMap::default();
        emit(
            args,
            out,
            &*reporter,
            &Findings {
                diagnostics: &[],
                sources: &sources,
            },
        )?;
        return Ok(0);
    }
    let mut timings = crate::timings::Phases::start();
    let started_ns = crate::cache::now_ns();
    let project = workspace::project_dir(&config, &roots);
    let cache_dir = match crate::cache::dir(&roots.content, &project) {
        Ok(dir) => dir,
        Err(why) => {
            notices.push(Notice::Warning(format!("the index is off: {why}")));
            None
        }
    };
    let context = index_context(&config);
    let schemas = SchemaSet::load(roots.schema.as_deref())?;
    // Explicit files with a cache: load them, and know every other article
    // by its summary in the persisted index.
    let indexed = match (&only, &cache_dir) {
        (Some(only), Some(dir)) => {
            let nouns = config.nouns.clone();
            let norm = std::sync::OnceLock::new();
            let claimed = Claims::default();
            let summarize = move |corpus: &Corpus, a: &Article, known: &load::Known| {
                let norm = norm.get_or_init(|| drift::summary::normalizer(corpus, &nouns));
                drift::summary::summarize(norm, a, &|d| known(d) || claimed.claim(d))
            };
            let (loading, others, shared, _) =
                load::load_indexed(&roots, &schemas, only, Some(dir), &context, &summarize)?;
            let decoded: Option<Vec<Summary>> = others
                .par_iter()
                .map(|o| drift::summary::decode(&o.code, o.locale.as_deref(), &o.payload))
                .collect();
            // A summary that does not decode: fall back to a full load.
            decoded.map(|d| (loading, others, d, shared))
        }
        _ => None,
    };
    let (mut loading, others, summaries, shared) = match indexed {
        Some(x) => x,
        None => (
            load::load_with(
                &roots,
                &schemas,
                load::Texts::Release,
                cache_dir.as_deref().map(|d| (d, &context[..])),
            )?,
            Vec::new(),
            Vec::new(),
            load::Shared::new(),
        ),
    };
    let full_run = only.is_none();
    if let Some(only) = &only
        && named_checked(only, &loading, &roots, notices) == 0
    {
        loading.fatal.push(none_checked());
    }
    let mut ws = Workspace {
        config,
        roots,
        loading,
    };
    timings.mark("load");
    // nwlint.toml joins the source map so findings about it (a stale
    // `[[intended]]` entry) can point at their line.
    if let Some(path) = ws.config.path.as_deref().map(clean)
        && let Ok(text) = crate::regular_file::read_to_string(&path, 1 << 20)
    {
        let display = crate::source::display_path(&path, &ws.roots.base);
        let file = crate::source::SourceFile::new(display, path, text);
        ws.loading.sources.add(file);
    }

    let mut diags = {
        let loading = &ws.loading;
        let ctx = rules::Ctx {
            rules: crate::catalog::all(),
            corpus: &loading.corpus,
            sources: &loading.sources,
            config: &ws.config,
            detail,
        };
        let mut diags: Vec<Diagnostic> = loading.diagnostics.clone();
        diags.extend(rules::check(&ctx));
        timings.mark("rules");
        if others.is_empty() {
            // Usually most findings: moved, not copied, when nothing
            // came before them.
            // In the order made: `sort` below orders every finding.
            let found = drift::check_with(&ctx, None);
            if diags.is_empty() {
                diags = found;
            } else {
                diags.extend(found);
            }
        } else {
            let load_one = |k: usize| {
                let o: &Indexed = &others[k];
                load::load_article(&o.path, &o.rel, &ws.roots, &schemas, &loading.corpus)
            };
            let o = drift::Others {
                summaries: &summaries,
                files: (0..others.len()).map(|k| drift::VIRTUAL_FILE + k).collect(),
                order: corpus_order(&ws.roots, loading, &others),
                load: &load_one,
                bands: &|d| shared.get(&d).and_then(|b| drift::summary::decode_bands(b)),
            };
            diags.extend(drift::check_with(&ctx, Some(&o)));
        }
        timings.mark("drift");
        diags
    };
    diags.retain(|d| d.primary.file < drift::VIRTUAL_FILE);
    finalize(&mut diags, &ws.config);
    if let Some(only) = &only {
        // The named files' findings, and the errors of shared files that
        // their checks depend on (a help center that does not load leaves
        // their links unchecked).
        let sources = &ws.loading.sources;
        let content = &ws.roots.content;
        diags.retain(|d| {
            let path = clean(&sources.get(d.primary.file).path);
            let shared = || {
                let rel = crate::source::display_path(&path, content);
                !matches!(
                    load::classify(&rel),
                    Some(crate::source::Kind::Article) | None
                )
            };
            only.contains(&path) || (d.severity >= Severity::Error && shared())
        });
    }
    // Related labels in summarized articles: load those files' text.
    let mut resolved: HashMap<usize, usize> = HashMap::new();
    for d in &mut diags {
        for l in &mut d.related {
            if l.file < drift::VIRTUAL_FILE {
                continue;
            }
            let k = l.file - drift::VIRTUAL_FILE;
            l.file = *resolved.entry(k).or_insert_with(|| {
                let o = &others[k];
                let max = crate::source::MAX_FILE_BYTES;
                let text = crate::regular_file::read_to_string(&o.path, max).unwrap_or_default();
                let display = crate::source::display_path(&o.path, &ws.roots.base);
                ws.loading.sources.add(crate::source::SourceFile::new(
                    display,
                    o.path.clone(),
                    text,
                ))
            });
        }
    }
    if args.quiet {
        diags.retain(|d| d.severity >= fail_at);
    }
    let index = ws.loading.index.take();
    let loading = &ws.loading;
    // Sorting and reporting resolve positions finding by finding: resolve
    // them all first, file by file on every core (the position indexes are
    // dropped once a file's positions are known). The persisted index
    // knows those an earlier run resolved in the same bytes.
    let content = &ws.roots.content;
    let known = |_: usize, f: &crate::source::SourceFile| {
        // The index is keyed by the path `load::discover` names files by.
        let record = index
            .as_ref()?
            .get(&crate::source::display_path(&f.path, content))?;
        (f.hash != 0 && record.hash == f.hash).then_some(&*record.positions)
    };
    loading.sources.prepare_locs(
        diags
            .iter()
            .flat_map(|d| std::iter::once(&d.primary).chain(&d.related))
            .map(|l| (l.file, &l.loc)),
        &known,
    );
    timings.mark("positions");
    // A full run with a cache: the load opened the index.
    if let (true, Some(dir), Some(index)) = (full_run, &cache_dir, index) {
        // Refresh the persisted index (summaries for the next `check
        // FILE…`, positions for the next run).
        refresh(&ws, index, dir, started_ns);
        timings.mark("index");
    }
    sort(&mut diags, &loading.sources);
    timings.mark("sort");

    let findings = Findings {
        diagnostics: &diags,
        sources: &loading.sources,
    };
    emit(args, out, &*reporter, &findings)?;
    for (reporter, path) in &extra {
        let mut bytes = Vec::new();
        reporter
            .report(&findings, &mut bytes)
            .map_err(|e| Fatal::new(format!("cannot write `{}`: {e}", path.display())))?;
        crate::atomic::write(path, &bytes)?;
    }

    timings.mark("report");
    timings.print();
    notices.extend(loading.fatal.iter().cloned().map(Notice::Error));
    // A file edited while this run read it again for positions.
    let mut changed = false;
    for f in loading.sources.changed() {
        changed = true;
        notices.push(Notice::Error(Fatal::new(format!(
            "`{}` changed while nwlint was checking it, so positions in it may be off: run nwlint again",
            f.display
        ))));
    }
    let code = if loading.fatal.is_empty() && !changed {
        u8::from(diags.iter().any(|d| d.severity >= fail_at))
    } else {
        2
    };
    // The process is about to exit, which returns all memory at once;
    // freeing a large corpus allocation by allocation would take longer.
    std::mem::forget(diags);
    std::mem::forget(ws);
    std::mem::forget(others);
    std::mem::forget(summaries);
    std::mem::forget(shared);
    Ok(code)
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

/// What every record of the persisted index depends on besides its file,
/// the shared content files and the schemas (which `load` adds): the
/// summary's encoding and the config's extra device nouns.
fn index_context(config: &crate::config::Config) -> Vec<u8> {
    format!("{}\n{:?}", drift::summary::VERSION, config.nouns).into_bytes()
}

/// Every article, loaded or summarized, in the order of a full run's
/// corpus (content-relative path).
fn corpus_order(roots: &Roots, loading: &Loading, others: &[Indexed]) -> Vec<Result<usize, usize>> {
    let mut all: Vec<(String, Result<usize, usize>)> = loading
        .corpus
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let path = &loading.sources.get(a.file).path;
            let rel = path
                .strip_prefix(&roots.content)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            (rel, Ok(i))
        })
        .chain(
            others
                .iter()
                .enumerate()
                .map(|(k, o)| (o.rel.clone(), Err(k))),
        )
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all.into_iter().map(|(_, s)| s).collect()
}

/// Writes the summaries of a full run's articles into the persisted index.
fn refresh(ws: &Workspace, index: crate::cache::Index, dir: &Path, since_ns: u64) {
    let corpus = &ws.loading.corpus;
    let norm = drift::summary::normalizer(corpus, &ws.config.nouns);
    let by_file: HashMap<usize, &Article> =
        corpus.articles.iter().map(|a| (a.file, &a.value)).collect();
    let claimed = Claims::default();
    let memo = drift::index::Digests::default();
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
        index,
        dir,
        &payload,
        &drift::summary::band_digests,
        since_ns,
    );
}

/// The printer of the chosen format.
/// The printer of `format` for the output (`main`: with colour as asked,
/// and GitHub's job summary).
fn reporter(format: report::Format, args: &Options, main: bool) -> Box<dyn Report> {
    match format {
        report::Format::Human => Box::new(report::human::Human {
            color: args.color && main,
            width: 100,
            summary: !args.quiet,
        }),
        report::Format::Concise => Box::new(report::concise::Concise),
        report::Format::Json => Box::new(report::json::Json),
        report::Format::Github => Box::new(report::github::Github {
            step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|v| main && !v.is_empty())
                .map(PathBuf::from),
            workspace: std::env::var_os("GITHUB_WORKSPACE")
                .filter(|v| !v.is_empty())
                .map(|w| clean(Path::new(&w))),
            summary: !args.quiet,
        }),
        report::Format::Sarif => Box::new(report::sarif::Sarif),
        report::Format::Junit => Box::new(report::junit::Junit),
    }
}

/// Writes the findings with `reporter` (and `--statistics`) into `out`.
fn emit(
    args: &Options,
    out: &mut dyn Write,
    reporter: &dyn Report,
    findings: &Findings,
) -> Result<(), Fatal> {
    let written = reporter.report(findings, out).and_then(|()| {
        if args.statistics {
            report::summary::write_statistics(findings, out)?;
        }
        out.flush()
    });
    crate::diag::output_written(written)
}

/// The named files to report on (`only`: `None` for a full run, which is
/// also what naming a shared file (the registry, the help center, a
/// snippet, the config) asks for, since a change there has consequences
/// in other files), and how many named files cannot be checked for another
/// reason than an `exclude` (each is said why, on stderr).
fn named(
    files: Option<Vec<PathBuf>>,
    roots: &Roots,
    config: &crate::config::Config,
    notices: &mut Vec<Notice>,
) -> (Option<HashSet<PathBuf>>, usize) {
    let Some(files) = files else {
        return (None, 0);
    };
    let config_file = config.path.as_deref().map(clean);
    let mut only = HashSet::new();
    let mut unchecked = 0;
    for file in files {
        if config_file.as_ref() == Some(&file) {
            return (None, 0);
        }
        let Ok(rel) = file.strip_prefix(&roots.content) else {
            unchecked += 1;
            notices.push(Notice::Warning(format!(
                "`{}` was not checked: it is outside the content root `{}`",
                file.display(),
                roots.content.display()
            )));
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if roots.exclude.matches(&rel) {
            notices.push(Notice::Warning(format!(
                "`{}` was not checked: nwlint.toml excludes it",
                file.display()
            )));
            continue;
        }
        match load::classify(&rel) {
            Some(crate::source::Kind::Article) | None => {
                only.insert(file);
            }
            Some(_) => return (None, 0),
        }
    }
    (Some(only), unchecked)
}

/// Of the `only` files, says on stderr why each that was not read was
/// not checked; returns how many were checked.
fn named_checked(
    only: &HashSet<PathBuf>,
    loading: &Loading,
    roots: &Roots,
    notices: &mut Vec<Notice>,
) -> usize {
    let skipped = rules::skipped_file::RULE.id;
    let unread: HashSet<usize> = (loading.diagnostics.iter())
        .filter(|d| d.rule.id == skipped)
        .map(|d| d.primary.file)
        .collect();
    let mut checked = 0;
    let found: HashSet<PathBuf> = (loading.sources.iter())
        .filter(|(id, _)| !unread.contains(id))
        .map(|(_, f)| clean(&f.path))
        .collect();
    let known: HashSet<PathBuf> = (loading.sources.iter())
        .map(|(_, f)| clean(&f.path))
        .collect();
    let mut named: Vec<&PathBuf> = only.iter().collect();
    named.sort();
    for f in named {
        if found.contains(f) {
            checked += 1;
        } else if !known.contains(f) {
            notices.push(Notice::Warning(format!(
                "`{}` was not checked: nwlint did not find it in the content tree `{}` (is a folder on its way a symbolic link, or is it not a `.json` file?)",
                f.display(),
                roots.content.display()
            )));
        }
    }
    checked
}

/// Named files were given and none could be checked.
fn none_checked() -> Fatal {
    Fatal::new("none of the named files was checked (the warnings above say why)").with_help(
        "name content files under the content root, as `nwlint check content/articles/<CODE>.json`",
    )
}

/// Splits the PATH arguments into a content-root override (one directory)
/// and explicit files.
fn split_paths(
    paths: &[PathBuf],
    overlay: &load::Overlay,
) -> Result<(Option<PathBuf>, Option<Vec<PathBuf>>), Fatal> {
    let mut dir = None;
    let mut files = Vec::new();
    for p in paths {
        if overlay.contains_key(&clean(p)) {
            files.push(clean(p));
            continue;
        }
        // A named link is a named file, never followed (the check reports
        // it as not read).
        let meta = std::fs::symlink_metadata(p)
            .map_err(|e| Fatal::new(format!("cannot read `{}`: {e}", p.display())))?;
        // A link to a folder names a content root (which must not lead
        // outside the folder that holds the link: see `workspace::roots`).
        let folder = match meta.is_symlink() {
            true => std::fs::metadata(p).is_ok_and(|m| m.is_dir()),
            false => meta.is_dir(),
        };
        if folder {
            if dir.is_some() {
                return Err(Fatal::new("name at most one content root directory"));
            }
            dir = Some(clean(p));
        } else {
            files.push(clean(p));
        }
    }
    if dir.is_some() && !files.is_empty() {
        return Err(Fatal::new(
            "name either a content root directory or content files, not both",
        ));
    }
    Ok((dir, (!files.is_empty()).then_some(files)))
}

/// Applies configured severities (dropping rules set to `off`), in place:
/// findings are not moved unless some are dropped.
pub fn finalize(diags: &mut Vec<Diagnostic>, config: &crate::config::Config) {
    diags.retain_mut(|d| match config.rules.get(d.rule.id) {
        None => true,
        Some(level) => match level.severity() {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        },
    });
}

/// Deterministic order: file (by displayed path), position, rule, message;
/// stable.
pub fn sort(diags: &mut [Diagnostic], sources: &crate::source::SourceMap) {
    // Rank files by displayed path once (equal paths share a rank), so keys
    // hold no strings; messages are compared in place on ties only.
    let mut by_display: Vec<usize> = (0..sources.len()).collect();
    by_display.sort_by(|&a, &b| sources.get(a).display.cmp(&sources.get(b).display));
    let mut rank = vec![0usize; sources.len()];
    for (i, w) in by_display.iter().enumerate() {
        rank[*w] = match i {
            0 => 0,
            _ if sources.get(*w).display == sources.get(by_display[i - 1]).display => {
                rank[by_display[i - 1]]
            }
            _ => i,
        };
    }
    let mut keys: Vec<(usize, usize, &'static str, usize)> = diags
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let f = d.primary.file;
            let pos = sources
                .get(f)
                .span_of(&d.primary.loc)
                .map_or(0, |s| s.start);
            (
                rank.get(f).copied().unwrap_or(usize::MAX),
                pos,
                d.rule.id,
                i,
            )
        })
        .collect();
    keys.par_sort_unstable_by(|a, b| {
        (a.0, a.1, a.2)
            .cmp(&(b.0, b.1, b.2))
            .then_with(|| diags[a.3].message.cmp(&diags[b.3].message))
            .then(a.3.cmp(&b.3))
    });
    // Apply the permutation in place (as `slice::sort_by_cached_key` does).
    let mut order: Vec<usize> = keys.into_iter().map(|k| k.3).collect();
    for i in 0..order.len() {
        let mut index = order[i];
        while index < i {
            index = order[index];
        }
        order[i] = index;
        diags.swap(i, index);
    }
}
