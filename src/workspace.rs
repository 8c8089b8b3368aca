//! Opening a project: config → roots → schemas → loaded content.
//!
//! Every command that reads content starts here, so they all agree on where
//! the content root is and which files belong to it.

use crate::config::Config;
use crate::diag::Fatal;
use crate::load::{self, Loading, Roots};
pub use crate::regular_file::clean;
use crate::schema::SchemaSet;
use std::path::{Path, PathBuf};

/// A loaded project.
pub struct Workspace {
    pub config: Config,
    pub roots: Roots,
    pub loading: Loading,
}

/// Where a command finds its project: both optional.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// This config file instead of searching for nwlint.toml.
    pub config: Option<PathBuf>,
    /// The content root (overrides `content` in nwlint.toml).
    pub content: Option<PathBuf>,
}

/// Reads the config (from `--config`, or found upward from the current
/// directory) and applies command-line overrides.
pub fn config(common: &Options) -> Result<Config, Fatal> {
    config_near(common, None)
}

/// [`config`], searching upward from `start` (a named file's folder)
/// instead of the current directory.
pub fn config_near(common: &Options, start: Option<&Path>) -> Result<Config, Fatal> {
    let cwd = std::env::current_dir()
        .map_err(|e| Fatal::new(format!("cannot read the current directory: {e}")))?;
    let mut config = match (&common.config, start) {
        (Some(path), _) => Config::load(path, crate::catalog::all())?,
        (None, Some(start)) => match Config::discover(start, crate::catalog::all())? {
            found if found.path.is_some() => found,
            _ => Config::discover(&cwd, crate::catalog::all())?,
        },
        (None, None) => Config::discover(&cwd, crate::catalog::all())?,
    };
    if let Some(content) = &common.content {
        let content = clean(&absolute(content, &cwd));
        if let Some(parent) = content.parent() {
            within(&content, parent, "content")?;
        }
        config.content = Some(content);
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
///
/// A root nwlint finds by its default place (`content/` and `schema/`
/// beside the config or the content root) must lead inside the folder it
/// was found in: content arrives in pull requests, and a `content` or
/// `schema` that is a symbolic link would send nwlint elsewhere on the
/// machine. Roots named on the command line are the user's choice; roots
/// named in nwlint.toml are checked when it is read.
pub fn roots(config: &Config, content: Option<PathBuf>) -> Result<Roots, Fatal> {
    match &content {
        // Named on the command line: it must not be (or pass through) a
        // link that leads outside the folder it is named in.
        Some(named) => {
            let named = clean(named);
            if let Some(parent) = named.parent() {
                within(&named, parent, "content")?;
            }
        }
        None if config.content.is_none() => within(&config.content_root(), &config.dir, "content")?,
        None => {}
    }
    let content = content.unwrap_or_else(|| config.content_root());
    // Schemas: nwlint.toml's `schema`, else `schema/` beside the content
    // root, else the built-in copies.
    let beside = content.parent().map(|p| (p.join("schema"), p));
    let schema = match (&config.schema, beside) {
        (Some(_), _) => config.schema_root()?,
        (None, Some((schema, parent))) if schema.is_dir() => {
            within(&schema, parent, "schema")?;
            Some(schema)
        }
        (None, _) => match config.schema_root()? {
            Some(schema) => {
                within(&schema, &config.dir, "schema")?;
                Some(schema)
            }
            None => None,
        },
    };
    let base = std::env::current_dir().unwrap_or_else(|_| config.dir.clone());
    let base = if content.starts_with(&config.dir) && config.path.is_some() {
        config.dir.clone()
    } else {
        base
    };
    Ok(Roots {
        base: clean(&base),
        content: clean(&content),
        schema: schema.map(|s| clean(&s)),
        exclude: load::Exclude::new(&config.exclude).unwrap_or_default(),
        overlay: load::Overlay::new(),
    })
}

/// `root`, found by its default place in `dir`, must lead inside `dir`.
fn within(root: &Path, dir: &Path, what: &str) -> Result<(), Fatal> {
    let Some(real) = crate::regular_file::leads_outside(root, dir) else {
        return Ok(());
    };
    Err(Fatal::new(format!(
        "the {what} root `{}` leads outside `{}` (to `{}`), so nwlint does not read it",
        root.display(),
        dir.display(),
        real.display()
    ))
    .with_help(format!(
        "a {what} root that is a link could send nwlint anywhere on the machine; put the real folder in its place, or name the real folder"
    )))
}

/// The content root that holds `file`: the nearest folder above it with a
/// `devices.json` or `helpcenter.json`, in which `file` sits where a
/// content file would. For a named file whose config (if any) does not
/// cover it.
pub fn content_root_of(file: &Path) -> Option<PathBuf> {
    file.ancestors().skip(1).find_map(|dir| {
        let marked = ["devices.json", "helpcenter.json"]
            .iter()
            .any(|m| std::fs::symlink_metadata(dir.join(m)).is_ok());
        let rel = file
            .strip_prefix(dir)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        (marked && load::classify(&rel).is_some()).then(|| dir.to_path_buf())
    })
}

/// The project's directory, where the cache lives: the config file's
/// directory, else the content root's parent.
pub fn project_dir(config: &Config, roots: &Roots) -> PathBuf {
    match (&config.path, roots.content.parent()) {
        (None, Some(parent)) => parent.to_path_buf(),
        _ => config.dir.clone(),
    }
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
