//! `nwlint report`: the drift overview for content leads — per article, a
//! device × section matrix saying which copies are identical, drifted,
//! divergent or missing — as one self-contained HTML file ([`html`]) or as
//! Markdown tables for a CI job summary ([`markdown`]).
//!
//! The matrix ([`model`]) is built from drift's own index and section
//! diffs, and the findings are those of a full `nwlint check`, so the
//! report never disagrees with the check.

pub mod html;
pub mod markdown;
pub mod model;

use crate::diag::{Detail, Diagnostic, Fatal};
use crate::workspace;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One self-contained HTML page.
    #[default]
    Html,
    /// Markdown tables (for a CI job summary).
    Markdown,
}

/// What `nwlint report` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Where to write the report (into `out` of [`run`] when `None`).
    pub out_file: Option<PathBuf>,
    pub format: Format,
    pub workspace: workspace::Options,
}

/// Runs `nwlint report`, writing the report to `opts.out_file` or into
/// `out`: 0 when the report is written, whatever it shows.
pub fn run(opts: &ReportOptions, out: &mut dyn Write) -> Result<u8, Fatal> {
    let common = &opts.workspace;
    let mut timings = crate::timings::Phases::start();
    let config = workspace::config(common)?;
    let roots = workspace::roots(&config, None)?;
    let ws = workspace::open(config, roots)?;
    timings.mark("load");
    if let Some(f) = ws.loading.fatal.first() {
        return Err(f.clone());
    }
    if ws.loading.corpus.registry.is_none() {
        return Err(Fatal::new(
            "the device registry (devices.json) did not load; run `nwlint check`",
        ));
    }
    let diags = findings(&ws);
    timings.mark("findings");
    let overview = model::build(&ws.loading, &ws.config, &diags);
    timings.mark("matrix");
    let text = match opts.format {
        Format::Html => html::write(
            &overview,
            &link_base(opts.out_file.as_deref(), &ws.roots.base),
        ),
        Format::Markdown => markdown::write(&overview),
    };
    timings.mark("write");
    match &opts.out_file {
        Some(path) => crate::atomic::write(path, text.as_bytes())?,
        None => {
            crate::diag::output_written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))?
        }
    }
    timings.mark("output");
    timings.print();
    Ok(0)
}

/// The way from the folder the report is written to, to `base` (where
/// file paths are relative to), as a URL prefix: empty on stdout.
fn link_base(out: Option<&Path>, base: &Path) -> String {
    let Some(dir) = out
        .map(workspace::clean)
        .and_then(|o| o.parent().map(Path::to_path_buf))
    else {
        return String::new();
    };
    let d: Vec<_> = dir.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = d.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut s = "../".repeat(d.len() - common);
    for c in &b[common..] {
        s.push_str(&c.as_os_str().to_string_lossy());
        s.push('/');
    }
    s
}

/// Every finding a full `nwlint check` makes, with nwlint.toml's levels.
pub fn findings(ws: &workspace::Workspace) -> Vec<Diagnostic> {
    let loading = &ws.loading;
    let ctx = crate::rules::Ctx {
        rules: crate::catalog::all(),
        corpus: &loading.corpus,
        sources: &loading.sources,
        config: &ws.config,
        detail: Detail::Full,
    };
    let mut diags = loading.diagnostics.clone();
    diags.extend(crate::rules::check(&ctx));
    diags.extend(crate::drift::check(&ctx));
    crate::check::finalize(&mut diags, &ws.config);
    diags
}
