//! `nwlint check`: discover → load → validate → rules → drift → report,
//! for the whole content tree or for named files (the pre-commit case,
//! where every other article is known by its record in the index).

mod named;
mod order;
mod recorded;

pub use order::{finalize, sort};

use crate::diag::{Detail, Diagnostic, Fatal, Notice, Severity};
use crate::drift;
use crate::load::{self, Loading, Roots};
use crate::report::{self, Findings, Report};
use crate::rules;
use crate::schema::SchemaSet;
use crate::source::SourceMap;
use crate::workspace::{self, Workspace, clean};
use recorded::Recorded;
use std::collections::HashSet;
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
    let printers = Printers::new(args);
    let mut checked = findings(args, printers.detail, notices)?;
    let findings = Findings {
        diagnostics: &checked.diagnostics,
        sources: checked.sources(),
    };
    printers.write(args, out, &findings)?;
    checked.timings.mark("report");
    checked.timings.print();
    let code = checked.code;
    // The process exits next, which returns all memory at once; freeing a
    // large corpus allocation by allocation would take longer.
    std::mem::forget(checked);
    Ok(code)
}

/// What a check found, before it is printed.
pub struct Checked {
    /// In the order reports print them.
    pub diagnostics: Vec<Diagnostic>,
    /// The exit code the run has (see [`run`]).
    pub code: u8,
    /// The checked tree; `None` when every named file was excluded.
    pub workspace: Option<Workspace>,
    /// Kept as long as the findings (the process may forget both at exit).
    _recorded: Recorded,
    timings: crate::timings::Phases,
}

impl Checked {
    /// The files the findings point into.
    pub fn sources(&self) -> &SourceMap {
        static NONE: std::sync::OnceLock<SourceMap> = std::sync::OnceLock::new();
        match &self.workspace {
            Some(ws) => &ws.loading.sources,
            None => NONE.get_or_init(SourceMap::default),
        }
    }
}

/// Checks as [`run`] does, with findings carrying `detail`, and returns
/// them instead of printing them (for an editor server, say).
pub fn findings(
    args: &Options,
    detail: Detail,
    notices: &mut Vec<Notice>,
) -> Result<Checked, Fatal> {
    findings_keeping(args, detail, notices, &mut Keep::default())
}

/// What a check of named files keeps for the next check of the same files
/// (an editor server's, between edits): the schemas and every other
/// article as the index recorded it, so the next check loads only the
/// named files and the shared ones. It does not see later changes on disk
/// to the other articles or the schemas: [`Keep::forget`] them then.
#[derive(Default)]
pub struct Keep(Option<Kept>);

struct Kept {
    /// The content root, the named files and the index's context.
    key: (PathBuf, Vec<PathBuf>, Vec<u8>),
    schemas: SchemaSet,
    recorded: Recorded,
}

impl Keep {
    /// The next check loads everything again.
    pub fn forget(&mut self) {
        self.0 = None;
    }
}

/// [`findings`], using what `keep` holds when it was kept for the same
/// named files, and keeping what the next such check can use.
pub fn findings_keeping(
    args: &Options,
    detail: Detail,
    notices: &mut Vec<Notice>,
    keep: &mut Keep,
) -> Result<Checked, Fatal> {
    let (root_arg, files) = named::split_paths(&args.paths, &args.overlay)?;
    // Named files are checked in the content root that holds them,
    // wherever nwlint runs from.
    let first = files.as_ref().and_then(|f| f.first()).cloned();
    let config = configure(args, first.as_deref())?;
    let content = content_root(args, root_arg, first.as_deref(), &config);
    let mut roots = workspace::roots(&config, content)?;
    roots.overlay = args.overlay.clone();
    let (only, unchecked) = named::named(files, &roots, &config, notices);
    let mut timings = crate::timings::Phases::start();
    if only.as_ref().is_some_and(HashSet::is_empty) {
        if unchecked > 0 {
            return Err(named::none_checked());
        }
        // Every named file is excluded (each was said so): nothing to
        // check (document formats still print an empty document).
        return Ok(Checked {
            diagnostics: Vec::new(),
            code: 0,
            workspace: None,
            _recorded: Recorded::default(),
            timings,
        });
    }
    let started_ns = crate::fingerprint::now_ns();
    let key = only.as_ref().map(|only| {
        let mut named: Vec<PathBuf> = only.iter().cloned().collect();
        named.sort();
        let context = recorded::index_context(&config);
        (roots.content.clone(), named, context)
    });
    let reuse = keep.0.take().filter(|k| Some(&k.key) == key.as_ref());
    let (schemas, mut loading, mut recorded, cache_dir) = match (reuse, &only) {
        (Some(k), Some(only)) => {
            let loading = load::load_named(&roots, &k.schemas, only)?;
            (k.schemas, loading, k.recorded, None)
        }
        _ => {
            let cache_dir = cache_dir(&config, &roots, notices);
            let schemas = SchemaSet::load(roots.schema.as_deref())?;
            let (loading, recorded) = load(&roots, &schemas, &config, &only, &cache_dir)?;
            (schemas, loading, recorded, cache_dir)
        }
    };
    if let Some(only) = &only
        && named::named_checked(only, &loading, &roots, notices) == 0
    {
        loading.fatal.push(named::none_checked());
    }
    recorded.register(&mut loading.sources, &roots);
    let mut ws = Workspace {
        config,
        roots,
        loading,
    };
    timings.mark("load");
    add_config_file(&mut ws);
    let mut diags = analyze(&ws, &schemas, &recorded, detail, &mut timings);
    finalize(&mut diags, &ws.config);
    if let Some(only) = &only {
        narrow(&mut diags, only, &ws);
    }
    if args.quiet {
        diags.retain(|d| d.severity >= args.fail_at);
    }
    let index = ws.loading.index.take();
    locate(&diags, &ws, index.as_ref());
    timings.mark("positions");
    // A full run with a cache: the load opened the index.
    if let (None, Some(dir), Some(index)) = (&only, &cache_dir, index) {
        // Summaries for the next `check FILE…`, positions for the next run.
        recorded::refresh(&ws, index, dir, started_ns);
        timings.mark("index");
    }
    sort(&mut diags, &ws.loading.sources);
    timings.mark("sort");
    let code = exit_code(&diags, &ws.loading, args.fail_at, notices);
    if let Some(key) = key
        && recorded.indexed()
    {
        keep.0 = Some(Kept {
            key,
            schemas,
            recorded: std::mem::take(&mut recorded),
        });
    }
    Ok(Checked {
        diagnostics: diags,
        code,
        workspace: Some(ws),
        _recorded: recorded,
        timings,
    })
}

/// The configuration near the first named file (else as the workspace
/// options say), with `--severity` overrides applied; refuses options
/// that cannot go together.
fn configure(args: &Options, first: Option<&Path>) -> Result<crate::config::Config, Fatal> {
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
    Ok(config)
}

/// The content root: the named directory, else (for named files outside
/// the configured root, with no `--content`) the one that holds the first
/// file; `None`: the configured one.
fn content_root(
    args: &Options,
    root_arg: Option<PathBuf>,
    first: Option<&Path>,
    config: &crate::config::Config,
) -> Option<PathBuf> {
    root_arg.or_else(|| {
        let file = first.filter(|_| args.workspace.content.is_none())?;
        let configured = clean(&config.content_root());
        (!file.starts_with(&configured))
            .then(|| workspace::content_root_of(file))
            .flatten()
    })
}

/// The index directory, if there is to be one (a reason it is off is a
/// warning).
fn cache_dir(
    config: &crate::config::Config,
    roots: &Roots,
    notices: &mut Vec<Notice>,
) -> Option<PathBuf> {
    let project = workspace::project_dir(config, roots);
    crate::cache::dir(&roots.content, &project).unwrap_or_else(|why| {
        notices.push(Notice::Warning(format!("the index is off: {why}")));
        None
    })
}

/// Loads the tree: with named files and an index, only what they are
/// checked against, every other article by its record; else all of it.
fn load(
    roots: &Roots,
    schemas: &SchemaSet,
    config: &crate::config::Config,
    only: &Option<HashSet<PathBuf>>,
    cache_dir: &Option<PathBuf>,
) -> Result<(Loading, Recorded), Fatal> {
    if let (Some(only), Some(dir)) = (only, cache_dir)
        && let Some(loaded) = Recorded::load(roots, schemas, config, only, dir)?
    {
        return Ok(loaded);
    }
    let context = recorded::index_context(config);
    let index = cache_dir.as_deref().map(|d| (d, &context[..]));
    let loading = load::load_with(roots, schemas, load::Texts::Release, index)?;
    Ok((loading, Recorded::default()))
}

/// Adds nwlint.toml to the source map, so findings about it (a stale
/// `[[intended]]` entry) can point at their line.
fn add_config_file(ws: &mut Workspace) {
    if let Some(path) = ws.config.path.as_deref().map(clean)
        && let Ok(text) = crate::regular_file::read_to_string(&path, 1 << 20)
    {
        let display = crate::source::display_path(&path, &ws.roots.base);
        let file = crate::source::SourceFile::new(display, path, text);
        ws.loading.sources.add(file);
    }
}

/// The load's findings, the rules', and drift's, in the order they were
/// made.
fn analyze(
    ws: &Workspace,
    schemas: &SchemaSet,
    recorded: &Recorded,
    detail: Detail,
    timings: &mut crate::timings::Phases,
) -> Vec<Diagnostic> {
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
    let (sources, at) = recorded.sources(&ws.roots, loading);
    let read = |i: usize| {
        let k = at[i]?;
        recorded.read(k, &ws.roots, schemas, &loading.corpus)
    };
    let bands = |d| recorded.bands(d);
    let articles = drift::Articles {
        sources,
        read: &read,
        bands: &bands,
    };
    let found = drift::findings(&ctx, &articles);
    // Usually most findings: moved, not copied, when nothing came before.
    if diags.is_empty() {
        diags = found;
    } else {
        diags.extend(found);
    }
    timings.mark("drift");
    diags
}

/// Keeps the findings of a hook run: those in the named files, and the
/// errors of shared files their checks depend on (a help center that
/// does not load leaves their links unchecked).
fn narrow(diags: &mut Vec<Diagnostic>, only: &HashSet<PathBuf>, ws: &Workspace) {
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

/// Resolves every finding's positions before sorting and reporting, file
/// by file on every core (a file's position index is dropped once its
/// positions are known); the index knows those an earlier run resolved in
/// the same bytes.
fn locate(diags: &[Diagnostic], ws: &Workspace, index: Option<&crate::cache::Index>) {
    let content = &ws.roots.content;
    let known = |_: usize, f: &crate::source::SourceFile| {
        // The index is keyed by the path `load::discover` names files by.
        let record = index?.get(&crate::source::display_path(&f.path, content))?;
        (f.hash != 0 && record.hash == f.hash).then_some(&*record.positions)
    };
    let locs = (diags.iter())
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.related))
        .map(|l| (l.file, &l.loc));
    ws.loading.sources.prepare_locs(locs, &known);
}

/// The exit code, with the load's errors and the files that changed while
/// they were checked added to `notices`.
fn exit_code(
    diags: &[Diagnostic],
    loading: &Loading,
    fail_at: Severity,
    notices: &mut Vec<Notice>,
) -> u8 {
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
    if loading.fatal.is_empty() && !changed {
        u8::from(diags.iter().any(|d| d.severity >= fail_at))
    } else {
        2
    }
}

/// The printers of a run: the output's, and one per `--output-file`; the
/// findings carry what the most detailed of them prints.
struct Printers<'a> {
    main: Box<dyn Report>,
    files: Vec<(Box<dyn Report>, &'a PathBuf)>,
    detail: Detail,
}

impl<'a> Printers<'a> {
    fn new(args: &'a Options) -> Printers<'a> {
        let files: Vec<(Box<dyn Report>, &PathBuf)> = (args.outputs.iter())
            .map(|(format, path)| (reporter(*format, args, false), path))
            .collect();
        let main = reporter(args.format, args, true);
        let detail = match files.iter().any(|(r, _)| r.detail() == Detail::Full) {
            true => Detail::Full,
            false => main.detail(),
        };
        Printers {
            main,
            files,
            detail,
        }
    }

    /// Writes the findings into `out` and each output file (whole, by an
    /// atomic rename).
    fn write(&self, args: &Options, out: &mut dyn Write, findings: &Findings) -> Result<(), Fatal> {
        emit(args, out, &*self.main, findings)?;
        for (reporter, path) in &self.files {
            let mut bytes = Vec::new();
            reporter
                .report(findings, &mut bytes)
                .map_err(|e| Fatal::new(format!("cannot write `{}`: {e}", path.display())))?;
            crate::atomic::write(path, &bytes)?;
        }
        Ok(())
    }
}

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
        report::Format::Junit => Box::new(report::junit::Junit {
            fail_at: args.fail_at,
        }),
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
