//! `nwlint.toml`: project configuration, found from the current directory
//! upward (or named with `--config`).
//!
//! ```toml
//! content = "content"            # content root, relative to this file
//! schema = "schema"              # schema root; built-in schemas if absent
//! exclude = ["articles/drafts/**"]
//! link-domains = ["example.org"] # allowed besides helpcenter.json's
//!
//! [rules]                        # error | warning | advice | off
//! identical-copies = "off"
//! drifted-copy = "error"
//!
//! [drift]
//! threshold = 0.5                # similarity (0..1) below which a copy is divergent
//! missing-majority = 0.5         # share of devices that makes a section expected
//! article-threshold = 0.6        # similarity that makes sections of two articles near-copies
//!
//! [nouns]                        # extra nouns per device id
//! ps4 = ["PS4"]
//!
//! [[intended]]                   # differences that are meant to be
//! rule = "drifted-copy"
//! article = "NW-6-403"
//! device = "set-top-box"
//! section = "restart-network"
//! reason = "set-top boxes need the whole network unplugged together"
//! ```
//!
//! Unknown keys and bad values are errors that point at their line.

use crate::diag::{Fatal, RuleDef, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name nwlint looks for.
pub const FILE_NAME: &str = "nwlint.toml";

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Advice,
    Off,
}

impl Level {
    /// Parses `error`, `warning`, `advice` or `off`.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "advice" => Some(Level::Advice),
            "off" => Some(Level::Off),
            _ => None,
        }
    }

    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Advice => Some(Severity::Advice),
            Level::Off => None,
        }
    }
}

/// `[drift]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DriftConfig {
    /// Word-level similarity (0..=1) at or above which a differing copy is
    /// "drifted"; below it, "divergent".
    #[serde(default = "default_threshold")]
    pub threshold: f64,
    /// A section id counts as expected for a device when at least this
    /// share of the article's devices have it (0..=1).
    #[serde(default = "default_majority")]
    pub missing_majority: f64,
    /// Word-level similarity (0..=1) at or above which a section of one
    /// article counts as a drifted copy of a more widespread version in
    /// other articles; below it, they are different sections.
    #[serde(default = "default_article_threshold")]
    pub article_threshold: f64,
}

fn default_threshold() -> f64 {
    0.5
}

fn default_majority() -> f64 {
    0.5
}

fn default_article_threshold() -> f64 {
    0.6
}

impl Default for DriftConfig {
    fn default() -> Self {
        DriftConfig {
            threshold: default_threshold(),
            missing_majority: default_majority(),
            article_threshold: default_article_threshold(),
        }
    }
}

/// One `[[intended]]` entry: a difference that is meant to be.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntendedEntry {
    pub rule: String,
    #[serde(default)]
    pub article: Option<String>,
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default)]
    pub section: Option<String>,
    pub reason: String,
}

/// The whole configuration, with defaults applied.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub content: Option<PathBuf>,
    #[serde(default)]
    pub schema: Option<PathBuf>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub link_domains: Vec<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    #[serde(default)]
    pub drift: DriftConfig,
    #[serde(default)]
    pub nouns: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub intended: Vec<IntendedEntry>,
    /// Directory holding the config file (paths are relative to it).
    #[serde(skip)]
    pub dir: PathBuf,
    /// The config file, if one was read.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

impl Config {
    /// Finds `nwlint.toml` from `start` upward; defaults if none.
    pub fn discover(start: &Path, rules: Rules) -> Result<Config, Fatal> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            // Anything named nwlint.toml is the config: one that is not a
            // regular file is an error, never skipped for one further up.
            let candidate = d.join(FILE_NAME);
            if std::fs::symlink_metadata(&candidate).is_ok() {
                return Config::load(&candidate, rules);
            }
            dir = d.parent();
        }
        Ok(Config {
            dir: start.to_path_buf(),
            ..Config::default()
        })
    }

    /// Reads and validates one config file.
    pub fn load(path: &Path, rules: Rules) -> Result<Config, Fatal> {
        let text = crate::regular_file::read_to_string(path, MAX_CONFIG_BYTES)
            .map_err(|e| Fatal::new(format!("cannot read config `{}`: {e}", path.display())))?;
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        Config::parse(&text, path, dir, rules)
    }

    /// Parses config text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path, dir: PathBuf, rules: Rules) -> Result<Config, Fatal> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| {
                    let (line, col) = line_col(text, s.start);
                    format!(":{line}:{col}")
                })
                .unwrap_or_default();
            Fatal::new(format!(
                "invalid config {}{at}: {}",
                path.display(),
                e.message().trim()
            ))
        })?;
        config.dir = dir;
        config.path = Some(path.to_path_buf());
        config.validate(text, path, rules)?;
        Ok(config)
    }

    fn validate(&self, text: &str, path: &Path, rules: Rules) -> Result<(), Fatal> {
        self.validate_roots(text, path)?;
        if let Err((pattern, e)) = crate::exclude::Exclude::new(&self.exclude) {
            let at = key_line(text, "exclude")
                .map(|line| format!(":{line}"))
                .unwrap_or_default();
            let which = match pattern.is_empty() {
                true => "patterns".to_string(),
                false => format!("pattern `{pattern}`"),
            };
            return Err(Fatal::new(format!(
                "invalid config {}{at}: `exclude` {which}: {}",
                path.display(),
                e.kind()
            )));
        }
        let at = |needle: &str| {
            text.find(needle)
                .map(|o| {
                    let (l, c) = line_col(text, o);
                    format!(":{l}:{c}")
                })
                .unwrap_or_default()
        };
        for id in self.rules.keys() {
            if find(rules, id).is_none() {
                let hint = suggest(rules, id)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| "; `nwlint rules` lists them".into());
                return Err(Fatal::new(format!(
                    "invalid config {}{}: unknown rule `{id}` in [rules]{hint}",
                    path.display(),
                    at(id)
                )));
            }
        }
        for (i, entry) in self.intended.iter().enumerate() {
            if find(rules, &entry.rule).is_none() {
                return Err(Fatal::new(format!(
                    "invalid config {}{}: unknown rule `{}` in [[intended]] #{}",
                    path.display(),
                    at(&entry.rule),
                    entry.rule,
                    i + 1
                )));
            }
            if entry.reason.trim().is_empty() {
                return Err(Fatal::new(format!(
                    "invalid config {}: [[intended]] #{} needs a non-empty `reason`",
                    path.display(),
                    i + 1
                )));
            }
        }
        for (name, v) in [
            ("drift.threshold", self.drift.threshold),
            ("drift.missing-majority", self.drift.missing_majority),
            ("drift.article-threshold", self.drift.article_threshold),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Fatal::new(format!(
                    "invalid config {}{}: `{name}` must be between 0 and 1, not {v}",
                    path.display(),
                    at(name.split('.').nth(1).unwrap_or(name))
                )));
            }
        }
        Ok(())
    }

    /// The content and schema roots a config names must lie inside the
    /// directory that holds it, once `..` and symbolic links are resolved:
    /// a config arrives in pull requests too, and must not make nwlint read
    /// (and print) files elsewhere on the machine.
    fn validate_roots(&self, text: &str, path: &Path) -> Result<(), Fatal> {
        for (key, root) in [("content", &self.content), ("schema", &self.schema)] {
            let Some(root) = root else { continue };
            let Some(target) = crate::regular_file::leads_outside(&self.dir.join(root), &self.dir)
            else {
                continue;
            };
            let at = key_line(text, key)
                .map(|line| format!(":{line}"))
                .unwrap_or_default();
            return Err(Fatal::new(format!(
                "invalid config {}{at}: `{key} = \"{}\"` leads outside the directory that holds nwlint.toml (to `{}`)",
                path.display(),
                root.display(),
                target.display()
            ))
            .with_help(format!(
                "the {key} root must lie inside `{}`: content and config arrive in pull requests, so nwlint reads nothing outside the project",
                crate::regular_file::resolve(&self.dir).display()
            )));
        }
        Ok(())
    }

    /// Applies a command-line `RULE=LEVEL` (`--severity`), which overrides
    /// `[rules]` from the file.
    pub fn set_rule_level(&mut self, spec: &str, rules: Rules) -> Result<(), Fatal> {
        let usage = || "write `--severity RULE=LEVEL`, e.g. `--severity identical-copies=off`";
        let Some((id, level)) = spec.split_once('=') else {
            return Err(
                Fatal::new(format!("invalid --severity `{spec}`: expected RULE=LEVEL"))
                    .with_help(usage()),
            );
        };
        let (id, level) = (id.trim(), level.trim());
        if find(rules, id).is_none() {
            let hint = suggest(rules, id)
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| "`nwlint rules` lists them".into());
            return Err(
                Fatal::new(format!("invalid --severity `{spec}`: unknown rule `{id}`"))
                    .with_help(hint),
            );
        }
        let Some(level) = Level::parse(level) else {
            return Err(Fatal::new(format!(
                "invalid --severity `{spec}`: unknown level `{level}`; expected error, warning, advice or off"
            ))
            .with_help(usage()));
        };
        self.rules.insert(id.to_string(), level);
        Ok(())
    }

    /// The effective severity of a rule (None: off).
    pub fn severity(&self, rule: &RuleDef) -> Option<Severity> {
        match self.rules.get(rule.id) {
            Some(level) => level.severity(),
            None => Some(rule.default_severity),
        }
    }

    /// The content root, resolved against the config directory.
    pub fn content_root(&self) -> PathBuf {
        self.dir
            .join(self.content.as_deref().unwrap_or(Path::new("content")))
    }

    /// The schema root if it exists; otherwise `None` (built-in schemas).
    /// A `schema` named in the config that is not a folder is an error.
    pub fn schema_root(&self) -> Result<Option<PathBuf>, Fatal> {
        let p = self
            .dir
            .join(self.schema.as_deref().unwrap_or(Path::new("schema")));
        match (std::fs::symlink_metadata(&p), &self.schema) {
            (Ok(m), _) if m.is_dir() => Ok(Some(p)),
            (Err(_), None) => Ok(None),
            (found, _) => Err(Fatal::new(format!(
                "schema root `{}` {}",
                p.display(),
                match found {
                    Ok(m) => format!("is {}, not a folder", crate::regular_file::describe(&m.file_type())),
                    Err(e) => format!("cannot be read: {e}"),
                }
            ))
            .with_help("set `schema` in nwlint.toml to the folder of the JSON Schemas, or remove it to use the built-in schemas")),
        }
    }
}

/// The rules a config may name (the caller's catalog,
/// [`crate::catalog::all`]).
pub type Rules<'a> = &'a [&'static RuleDef];

fn find(rules: Rules, id: &str) -> Option<&'static RuleDef> {
    rules.iter().copied().find(|r| r.id == id)
}

fn suggest(rules: Rules, id: &str) -> Option<&'static str> {
    crate::text::closest(id, rules.iter().map(|r| r.id))
}

/// Largest config file nwlint reads.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The 1-based line where top-level `key` is set (`key = …`).
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Fatal> {
        Config::parse(
            text,
            Path::new("nwlint.toml"),
            PathBuf::from("."),
            crate::catalog::all(),
        )
    }

    #[test]
    fn roots_must_lie_inside_the_config_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("project");
        std::fs::create_dir_all(dir.join("content")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(tmp.path(), dir.join("up")).unwrap();
        let path = dir.join(FILE_NAME);
        let parse = |text: &str| Config::parse(text, &path, dir.clone(), crate::catalog::all());
        let outside = [
            ("content = \"..\"\n", 1),
            ("# roots\n\nschema   = \"/\"\n", 3),
            ("content = \"content/../../x\"\n", 1),
            #[cfg(unix)]
            ("content = \"up/other\"\n", 1),
        ];
        for (text, line) in outside {
            let e = parse(text).unwrap_err();
            let at = format!("{}:{line}: `", path.display());
            assert!(e.message.contains(&at), "{text}: {}", e.message);
            assert!(e.message.contains("leads outside"), "{}", e.message);
        }
        for inside in [
            "content = \"content\"",
            "content = \"a/../content\"",
            "schema = \"new/s\"",
        ] {
            assert!(parse(inside).is_ok(), "{inside}");
        }
    }

    #[test]
    fn an_invalid_exclude_pattern_points_at_its_line() {
        let e = parse("content = \"c\"\nexclude = [\"a/**\", \"drafts/[\"]\n").unwrap_err();
        assert_eq!(
            e.message,
            "invalid config nwlint.toml:2: `exclude` pattern `drafts/[`: unclosed character class; missing ']'"
        );
    }

    #[test]
    fn full_config_parses() {
        let c = parse(
            "content = \"c\"\nexclude = [\"a/**\"]\nlink-domains = [\"x.org\"]\n[rules]\nidentical-copies = \"off\"\n[drift]\nthreshold = 0.7\n[nouns]\nps4 = [\"PS4\"]\n[[intended]]\nrule = \"drifted-copy\"\ndevice = \"roku\"\nreason = \"r\"\n",
        )
        .unwrap();
        assert_eq!(c.content.as_deref(), Some(Path::new("c")));
        assert_eq!(c.rules["identical-copies"], Level::Off);
        assert_eq!(c.drift.threshold, 0.7);
        assert_eq!(c.nouns["ps4"], vec!["PS4".to_string()]);
        assert_eq!(c.intended[0].device.as_deref(), Some("roku"));
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let e = parse("content = \"c\"\n\n[drift]\nthreshhold = 0.3\n").unwrap_err();
        assert!(
            e.message
                .starts_with("invalid config nwlint.toml:4:1: unknown field `threshhold`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn bad_severity_and_unknown_rule() {
        let e = parse("[rules]\nschema = \"fatal\"\n").unwrap_err();
        assert!(e.message.contains("nwlint.toml:2:10"), "{}", e.message);
        let e = parse("[rules]\nunknown-devise = \"off\"\n").unwrap_err();
        assert!(
            e.message.contains("did you mean `unknown-device`"),
            "{}",
            e.message
        );
        assert!(e.message.contains("nwlint.toml:2:1"), "{}", e.message);
    }

    #[test]
    fn severity_flag_overrides_the_file() {
        let mut c = parse("[rules]\nunknown-file = \"error\"\n").unwrap();
        c.set_rule_level("unknown-file=off", crate::catalog::all())
            .unwrap();
        assert_eq!(c.rules["unknown-file"], Level::Off);
        let e = c
            .set_rule_level("unknown-devise=off", crate::catalog::all())
            .unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `unknown-device`?"));
        let e = c
            .set_rule_level("unknown-file=fatal", crate::catalog::all())
            .unwrap_err();
        assert!(e.message.contains("unknown level `fatal`"), "{}", e.message);
        assert!(
            c.set_rule_level("unknown-file", crate::catalog::all())
                .is_err()
        );
    }

    #[test]
    fn threshold_range() {
        let e = parse("[drift]\nthreshold = 1.5\n").unwrap_err();
        assert!(e.message.contains("between 0 and 1"), "{}", e.message);
    }
}
