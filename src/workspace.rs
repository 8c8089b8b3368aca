//! Opening a project: config → roots → schemas → loaded content.
//!
//! Every command that reads content starts here, so they all agree on where
//! the content root is and which files belong to it.

use crate::cli::CommonArgs;
use crate::config::Config;
use crate::diag::Fatal;
use crate::load::{self, Loading, Roots};
use crate::schema::SchemaSet;
use std::path::{Path, PathBuf};

/// A loaded project.
pub struct Workspace {
    pub config: Config,
    pub roots: Roots,
    pub loading: Loading,
}

/// Reads the config (from `--config`, or found upward from the current
/// directory) and applies command-line overrides.
pub fn config(common: &CommonArgs) -> Result<Config, Fatal> {
    let cwd = std::env::current_dir()
        .map_err(|e| Fatal::new(format!("cannot read the current directory: {e}")))?;
    let mut config = match &common.config {
        Some(path) => Config::load(path)?,
        None => Config::discover(&cwd)?,
    };
    if let Some(content) = &common.content {
        config.content = Some(absolute(content, &cwd));
    }
    Ok(config)
}

fn absolute(p: &Path, cwd: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    }
}

/// The roots for a config, with `content` overriding the content root.
pub fn roots(config: &Config, content: Option<PathBuf>) -> Roots {
    let content = content.unwrap_or_else(|| config.content_root());
    // Schemas: nwlint.toml's `schema`, else `schema/` beside the content
    // root, else the built-in copies.
    let schema = match &config.schema {
        Some(_) => config.schema_root(),
        None => content
            .parent()
            .map(|p| p.join("schema"))
            .filter(|p| p.is_dir())
            .or_else(|| config.schema_root()),
    };
    let base = std::env::current_dir().unwrap_or_else(|_| config.dir.clone());
    let base = if content.starts_with(&config.dir) && config.path.is_some() {
        config.dir.clone()
    } else {
        base
    };
    Roots {
        base: clean(&base),
        content: clean(&content),
        schema: schema.map(|s| clean(&s)),
        exclude: config.exclude.clone(),
    }
}

/// Makes a path absolute and lexically normal (no `.`/`..`), without
/// touching the file system, so prefix tests are meaningful.
pub fn clean(p: &Path) -> PathBuf {
    use std::path::Component;
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Loads the whole content tree under `roots`.
pub fn open(config: Config, roots: Roots) -> Result<Workspace, Fatal> {
    let schemas = SchemaSet::load(roots.schema.as_deref())?;
    let loading = load::load(&roots, &schemas)?;
    Ok(Workspace {
        config,
        roots,
        loading,
    })
}
