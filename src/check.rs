//! `nwlint check`: load → validate → rules → drift → report.

use crate::cli::{CheckArgs, CheckFormat};
use crate::diag::{Diagnostic, Fatal, Severity};
use crate::report::{self, Findings, Report};
use crate::rules;
use crate::workspace::{self, clean};
use std::collections::HashSet;
use std::path::PathBuf;

/// Runs `check`; returns the exit code (0 clean, 1 error-level findings).
pub fn run(args: &CheckArgs) -> Result<u8, Fatal> {
    let config = workspace::config(&args.common)?;
    let (content_override, only) = split_paths(&args.paths)?;
    let roots = workspace::roots(&config, content_override);
    // Explicit files: keep those inside the content root and not excluded.
    let only: Option<HashSet<PathBuf>> = only.map(|files| {
        files
            .into_iter()
            .filter(|f| {
                f.strip_prefix(&roots.content).is_ok_and(|rel| {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    !crate::load::is_excluded(&rel, &roots.exclude)
                })
            })
            .collect()
    });
    if only.as_ref().is_some_and(HashSet::is_empty) {
        return Ok(0);
    }
    let ws = workspace::open(config, roots)?;
    let loading = &ws.loading;

    let ctx = rules::Ctx {
        corpus: &loading.corpus,
        sources: &loading.sources,
        config: &ws.config,
    };
    let mut diags: Vec<Diagnostic> = loading.diagnostics.clone();
    diags.extend(rules::check(&ctx));
    diags.extend(crate::drift::check(&ctx));

    let mut diags = finalize(diags, &ws.config);
    if let Some(only) = &only {
        diags.retain(|d| only.contains(&clean(&loading.sources.get(d.primary.file).path)));
    }
    sort(&mut diags, &loading.sources);

    let findings = Findings {
        diagnostics: &diags,
        sources: &loading.sources,
    };
    let reporter: Box<dyn Report> = match args.format {
        CheckFormat::Human => Box::new(report::human::Human {
            color: args.common.color.enabled(),
            width: 100,
            summary: true,
        }),
        CheckFormat::Concise => Box::new(report::concise::Concise),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    reporter
        .report(&findings, &mut out)
        .map_err(|e| Fatal::new(format!("cannot write output: {e}")))?;

    for f in &loading.fatal {
        crate::cli::print_fatal(f);
    }
    if !loading.fatal.is_empty() {
        return Ok(2);
    }
    Ok(u8::from(
        diags.iter().any(|d| d.severity == Severity::Error),
    ))
}

/// Splits the PATH arguments into a content-root override (one directory)
/// and explicit files.
fn split_paths(paths: &[PathBuf]) -> Result<(Option<PathBuf>, Option<Vec<PathBuf>>), Fatal> {
    let mut dir = None;
    let mut files = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| Fatal::new(format!("cannot read `{}`: {e}", p.display())))?;
        if meta.is_dir() {
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

/// Applies configured severities (dropping rules set to `off`).
pub fn finalize(diags: Vec<Diagnostic>, config: &crate::config::Config) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter_map(|mut d| {
            if let Some(level) = config.rules.get(d.rule.id) {
                d.severity = level.severity()?;
            }
            Some(d)
        })
        .collect()
}

/// Deterministic order: file, position, rule, message.
pub fn sort(diags: &mut [Diagnostic], sources: &crate::source::SourceMap) {
    diags.sort_by_cached_key(|d| {
        let f = sources.get(d.primary.file);
        let pos = f.span_of(&d.primary.loc).map_or(0, |s| s.start);
        (f.display.clone(), pos, d.rule.id, d.message.clone())
    });
}
