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
    /// Config file (else found upward from the current directory).
    pub config: Option<PathBuf>,
    /// Content root override.
    pub content: Option<PathBuf>,
    /// Where to write the report (stdout when `None`).
    pub out: Option<PathBuf>,
    pub format: Format,
}

/// Runs `nwlint report`: 0 when the report is written, whatever it shows.
pub fn run(opts: &ReportOptions) -> Result<u8, Fatal> {
    let common = crate::cli::CommonArgs {
        config: opts.config.clone(),
        content: opts.content.clone(),
        ..Default::default()
    };
    let mut timings = crate::timings::Phases::start();
    let config = workspace::config(&common)?;
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
        Format::Html => html::write(&overview, &link_base(opts.out.as_deref(), &ws.roots.base)),
        Format::Markdown => markdown::write(&overview),
    };
    timings.mark("write");
    match &opts.out {
        Some(path) => write_atomic(path, text.as_bytes())?,
        None => crate::cli::write_stdout(|w| w.write_all(text.as_bytes()))?,
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

/// Writes `bytes` to `path` through a temporary file in the same folder
/// and a rename, so a reader never sees half a file; a symbolic link at
/// `path` is replaced, never followed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Fatal> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| Fatal::new(format!("cannot write `{}`: {e}", path.display()));
    let mut tmp = tempfile_in(dir).map_err(fail)?;
    tmp.1
        .write_all(bytes)
        .and_then(|()| tmp.1.sync_all())
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp.0);
            fail(e)
        })?;
    std::fs::rename(&tmp.0, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp.0);
        fail(e)
    })
}

/// A new file with a unique name in `dir`, created exclusively.
fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut bytes = [0u8; 8];
    for _ in 0..16 {
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        let name = format!(".nwlint-{:016x}.tmp", u64::from_le_bytes(bytes));
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free temporary file name"))
}
