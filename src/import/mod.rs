//! `nwlint import`: onboarding existing articles. Reads a troubleshooting
//! article as plain text ([`text`]), Markdown ([`markdown`]) or HTML
//! ([`html`]) — the forms `nwlint render` writes, and real exports of the
//! same shape with page furniture around the article — recovers its
//! structure ([`recover`], with what the corpus already knows: [`known`])
//! and writes `articles/<CODE>.json` laid out like the shipped files
//! ([`json`]).
//!
//! Import reads only the content tree and the files it is given, writes
//! only inside the content root, atomically, never through a symbolic
//! link, and never over an existing article without `--force`.

pub mod doc;
pub mod html;
pub mod json;
pub mod known;
pub mod markdown;
pub mod recover;
pub mod text;

use crate::diag::Fatal;
use crate::workspace::{self, clean};
use recover::{Level, Recovered};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// An input form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Text,
    Markdown,
    Html,
}

impl Form {
    /// The form of a file, by extension, else by a look at its start.
    pub fn detect(path: &Path, input: &str) -> Form {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Form::Html,
            "md" | "markdown" => Form::Markdown,
            _ => {
                let start = input
                    .trim_start()
                    .get(..15)
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if start.starts_with("<!doctype html")
                    || start.starts_with("<html")
                    || start.starts_with("<article")
                {
                    Form::Html
                } else {
                    Form::Text
                }
            }
        }
    }
}

/// What `nwlint import` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub files: Vec<PathBuf>,
    /// The input form (else detected per file).
    pub from: Option<Form>,
    /// The article's error code (else taken from the title).
    pub code: Option<String>,
    /// Folder to write into, inside the content root (default
    /// `<content>/articles`).
    pub out: Option<PathBuf>,
    /// Show what would be written instead of writing.
    pub diff: bool,
    /// Overwrite an existing article.
    pub force: bool,
    /// Add unknown device headings to the registry.
    pub add_devices: bool,
    pub workspace: workspace::Options,
}

/// Largest input file read.
const MAX_INPUT: u64 = 8 << 20;

/// Runs `nwlint import`: what was written (or the diff) goes to `out`,
/// located problems to `diagnostics`, inputs that could not be imported
/// to `notices`. 0 written (or, with `--diff`, nothing would change), 1
/// problems found or something would change, 2 an input could not be
/// imported.
pub fn run(
    opts: &ImportOptions,
    out: &mut dyn std::io::Write,
    diagnostics: &mut dyn std::io::Write,
    notices: &mut Vec<crate::diag::Notice>,
) -> Result<u8, Fatal> {
    if opts.code.is_some() && opts.files.len() > 1 {
        return Err(Fatal::new(
            "--code names the code of one article; import one file with it",
        ));
    }
    if let Some(code) = &opts.code
        && crate::rules::error_code::code_like_words(code)
            .next()
            .map(|w| w.2)
            != Some(code.as_str())
    {
        return Err(Fatal::new(format!(
            "`{code}` is not an error code (like NW-6-403)"
        )));
    }
    let config = workspace::config(&opts.workspace)?;
    let roots = workspace::roots(&config, None)?;
    let ws = workspace::open(config, roots)?;
    let corpus = &ws.loading.corpus;
    if corpus.registry.is_none() {
        return Err(Fatal::new(
            "the device registry (devices.json) did not load; run `nwlint check`",
        ));
    }
    let known = known::Known::from_corpus(corpus, &ws.config.link_domains);
    let content = ws.roots.content.clone();
    let out_dir = match &opts.out {
        Some(o) => clean(o),
        None => content.join("articles"),
    };
    if !out_dir.starts_with(&content) {
        return Err(Fatal::new(format!(
            "`{}` is outside the content root `{}`; import writes only inside it",
            out_dir.display(),
            content.display()
        )));
    }
    let base = ws.roots.base.clone();
    let schemas = crate::schema::SchemaSet::load(ws.roots.schema.as_deref())?;
    let mut code = 0u8;
    for file in &opts.files {
        let mut text = String::new();
        let mut said = String::new();
        let at = Place {
            content: &content,
            out_dir: &out_dir,
            base: &base,
            schemas: &schemas,
        };
        let result = import_one(opts, file, &known, &at, &mut text, &mut said);
        crate::diag::output_written(
            diagnostics
                .write_all(said.as_bytes())
                .and_then(|()| diagnostics.flush()),
        )?;
        crate::diag::output_written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))?;
        let c = match result {
            Ok(c) => c,
            Err(e) => {
                notices.push(crate::diag::Notice::Error(Fatal::new(format!(
                    "{}: {e}",
                    file.display()
                ))));
                2
            }
        };
        code = code.max(c);
    }
    Ok(code)
}

/// Reads an input file: a regular text file, not empty.
fn read_input(file: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(file).map_err(|e| format!("cannot read it: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_INPUT {
        return Err(format!("larger than {} MiB", MAX_INPUT >> 20));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.contains(&0) {
        return Err("binary data, not text".into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    Ok(text)
}

/// Where an import writes, and what it must pass.
struct Place<'a> {
    content: &'a Path,
    out_dir: &'a Path,
    base: &'a Path,
    schemas: &'a crate::schema::SchemaSet,
}

fn import_one(
    opts: &ImportOptions,
    file: &Path,
    known: &known::Known,
    at: &Place,
    out: &mut String,
    said: &mut String,
) -> Result<u8, String> {
    let Place {
        content,
        out_dir,
        base,
        schemas,
    } = *at;
    let input = read_input(file)?;
    let form = opts.from.unwrap_or_else(|| Form::detect(file, &input));
    let parsed = match form {
        Form::Text => text::parse(&input),
        Form::Markdown => markdown::parse(&input),
        Form::Html => html::parse(&input)?,
    };
    let r = recover::recover(&parsed, known, opts.code.as_deref(), opts.add_devices)?;
    let shown = file.display().to_string();
    for p in &r.problems {
        let (line, col) = doc::line_col(&input, p.at);
        let level = match p.level {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        let _ = writeln!(
            said,
            "{shown}:{line}:{col}: {level}: {}",
            crate::text::escape_terminal(&p.message, false)
        );
        if let Some(h) = &p.help {
            let _ = writeln!(said, "  help: {}", crate::text::escape_terminal(h, false));
        }
    }
    let worst = r.problems.iter().map(|p| p.level).max();
    if worst == Some(Level::Error) {
        let _ = writeln!(said, "{shown}: not imported (errors above)");
        return Ok(1);
    }
    let schema = known
        .schema
        .clone()
        .unwrap_or_else(|| schema_ref(out_dir, content));
    let text = json::article(&r, &schema);
    // What is written passes the schema, or is not written.
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let violations = schemas.validate(crate::source::Kind::Article, &value);
    if !violations.is_empty() {
        for v in &violations {
            let pointer = match &v.loc {
                crate::diag::Loc::Value(p) | crate::diag::Loc::Key(p) => p.as_str(),
                _ => "",
            };
            let _ = writeln!(
                said,
                "{shown}: error: the article would not pass the schema: {} (at `{pointer}`)",
                crate::text::escape_terminal(&v.message, false)
            );
        }
        let _ = writeln!(said, "{shown}: not imported (errors above)");
        return Ok(1);
    }
    let target = out_dir.join(format!("{}.json", r.code));
    let display = crate::source::display_path(&target, base);
    let warned = u8::from(worst == Some(Level::Warning));
    if opts.diff {
        return Ok(show_diff(&target, &display, &text, &r, out).max(warned));
    }
    write_article(&target, content, &text, opts.force)?;
    if !r.added.is_empty() {
        add_devices(content, &r.added)?;
    }
    let _ = writeln!(out, "wrote {display} ({}: {})", r.code, summary(&r));
    print_ids(&r, out);
    Ok(warned)
}

/// `$schema` for an article in `dir` when no article shows one: the
/// schema folder beside the content root, relative, if there is one;
/// else the built-in schema's URL.
fn schema_ref(dir: &Path, content: &Path) -> String {
    let Some(parent) = content.parent() else {
        return format!("{}article.schema.json", crate::schema::BASE);
    };
    if !parent.join("schema/article.schema.json").is_file() {
        return format!("{}article.schema.json", crate::schema::BASE);
    }
    let depth = dir
        .strip_prefix(parent)
        .map_or(0, |r| r.components().count());
    format!("{}schema/article.schema.json", "../".repeat(depth))
}

fn summary(r: &Recovered) -> String {
    let sections: usize = r.devices.iter().map(|d| d.sections.len()).sum();
    format!(
        "{}, {}",
        crate::drift::plural(r.devices.len(), "device", "devices"),
        crate::drift::plural(sections, "section", "sections")
    )
}

fn print_ids(r: &Recovered, out: &mut String) {
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "  section ids reused from the content: {}",
        list(&r.reused)
    );
    let _ = writeln!(out, "  section ids new (from titles): {}", list(&r.new_ids));
    if !r.added.is_empty() {
        let added: Vec<String> = r
            .added
            .iter()
            .map(|(id, n)| format!("{id} ({n})"))
            .collect();
        let _ = writeln!(out, "  devices added to devices.json: {}", added.join(", "));
    }
}

/// `--diff`: what would change, as a unified diff; 1 if anything would.
fn show_diff(target: &Path, display: &str, text: &str, r: &Recovered, out: &mut String) -> u8 {
    let old = match std::fs::symlink_metadata(target) {
        Ok(m) if m.is_file() => std::fs::read_to_string(target).unwrap_or_default(),
        _ => String::new(),
    };
    if old == text {
        let _ = writeln!(out, "{display}: unchanged");
        return 0;
    }
    let diff = similar::TextDiff::from_lines(&old, text);
    let _ = write!(
        out,
        "{}",
        diff.unified_diff()
            .context_radius(3)
            .header(&format!("a/{display}"), &format!("b/{display}"))
    );
    print_ids(r, out);
    1
}

/// Writes the article atomically; refuses to replace an existing file
/// without `force` and anything that is not a regular file; no folder
/// between the content root and the target may be a symbolic link.
fn write_article(target: &Path, content: &Path, text: &str, force: bool) -> Result<(), String> {
    let dir = target.parent().unwrap_or(content);
    let mut at = content.to_path_buf();
    for part in dir
        .strip_prefix(content)
        .unwrap_or(Path::new(""))
        .components()
    {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() || !m.is_dir() => {
                return Err(format!(
                    "`{}` is not a plain folder (symbolic link?); not writing through it",
                    at.display()
                ));
            }
            Ok(_) => {}
            Err(_) => std::fs::create_dir(&at)
                .map_err(|e| format!("cannot create `{}`: {e}", at.display()))?,
        }
    }
    match std::fs::symlink_metadata(target) {
        Ok(m) if !m.is_file() => {
            return Err(format!(
                "`{}` exists and is not a regular file; not replacing it",
                target.display()
            ));
        }
        Ok(_) if !force => {
            return Err(format!(
                "`{}` exists; --force overwrites it, --diff shows what would change",
                target.display()
            ));
        }
        _ => {}
    }
    crate::atomic::write(target, text.as_bytes()).map_err(|e| e.message)
}

/// Appends devices to devices.json (keys sort as the file orders them:
/// `$schema`, `devices`; `id`, `name`, `nouns`).
fn add_devices(content: &Path, added: &[(String, String)]) -> Result<(), String> {
    let path = content.join("devices.json");
    let meta = std::fs::symlink_metadata(&path).map_err(|e| format!("devices.json: {e}"))?;
    if !meta.is_file() {
        return Err("devices.json is not a regular file; not changing it".into());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("devices.json: {e}"))?;
    let mut v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("devices.json: {e}"))?;
    let Some(list) = v.get_mut("devices").and_then(|d| d.as_array_mut()) else {
        return Err("devices.json has no `devices` list".into());
    };
    for (id, name) in added {
        list.push(serde_json::json!({"id": id, "name": name, "nouns": [name]}));
    }
    let mut out = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
    out.push('\n');
    crate::atomic::write(&path, out.as_bytes()).map_err(|e| e.message)
}
