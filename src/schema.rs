//! JSON Schema validation, strictly offline.
//!
//! Schemas are read from the schema root (`schema/` by default), or, when a
//! content repository ships none, from the copies built into nwlint. The
//! shipped schemas carry no `$id`, so their relative `$ref`s
//! (`common.schema.json#/$defs/text`) resolve against the file's own
//! location: editors and third-party validators (check-jsonschema, …) find
//! `common.schema.json` beside the schema with no base URI or registration.
//! nwlint places each schema at [`BASE`] + its file name, and a `$ref` is
//! served only from the schema files loaded here. A `$ref` to any other URL
//! (http, https, file), to a path outside the schema root, or resolved
//! against an `$id` elsewhere is an error: nwlint never fetches.
//!
//! Each kind's validator is compiled once per run. Validation errors are
//! turned into concise messages at a JSON pointer; `oneOf`/`anyOf` failures
//! are narrowed to the branch that came closest, so the writer sees "unknown
//! key `colour`" rather than "not valid under any of the schemas".

use crate::diag::{Fatal, Loc};
use crate::source::Kind;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Retrieve, Uri, ValidationError, Validator};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// Base URI nwlint gives each schema (`BASE` + file name) when compiling it.
/// Internal only: the schema files name no `$id`, and the domain is
/// reserved (`.invalid`), so nothing is ever fetched from it.
pub const BASE: &str = "https://nwlint.invalid/schema/";

/// Schemas built into the binary, used when no schema root exists.
const BUILTIN: &[(&str, &str)] = &[
    (
        "common.schema.json",
        include_str!("../schema/common.schema.json"),
    ),
    (
        "helpcenter.schema.json",
        include_str!("../schema/helpcenter.schema.json"),
    ),
    (
        "devices.schema.json",
        include_str!("../schema/devices.schema.json"),
    ),
    (
        "article.schema.json",
        include_str!("../schema/article.schema.json"),
    ),
    (
        "snippet.schema.json",
        include_str!("../schema/snippet.schema.json"),
    ),
];

/// The built-in schemas: file name and text.
pub fn builtin() -> &'static [(&'static str, &'static str)] {
    BUILTIN
}

/// Writes the built-in schemas into `dir` (made if missing), for a
/// content repository's `$schema` to point at. With `devices`, the
/// article schema lists those ids as the `enum` of a device entry's
/// `device`, so editors complete them. A file that exists with other
/// bytes is kept unless `force`. Returns each file and whether it was
/// written (`false`: it already held these bytes).
pub fn write_builtin(
    dir: &Path,
    devices: Option<&[String]>,
    force: bool,
) -> Result<Vec<(std::path::PathBuf, bool)>, Fatal> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Fatal::new(format!("cannot make `{}`: {e}", dir.display())))?;
    let mut out = Vec::new();
    for (name, text) in BUILTIN {
        let text = match (devices, *name) {
            (Some(ids), "article.schema.json") => with_device_enum(text, ids)?,
            _ => text.to_string(),
        };
        let path = dir.join(name);
        let old = crate::regular_file::read(&path, MAX_SCHEMA_BYTES)
            .ok()
            .and_then(Result::ok);
        let same = old
            .as_ref()
            .is_some_and(|(bytes, _)| bytes == text.as_bytes());
        if !same && !force && std::fs::symlink_metadata(&path).is_ok() {
            return Err(Fatal::new(format!(
                "`{}` exists and differs from nwlint's schema",
                path.display()
            ))
            .with_help("pass --force to replace it"));
        }
        if !same {
            crate::atomic::write(&path, text.as_bytes())?;
        }
        out.push((path, !same));
    }
    Ok(out)
}

/// The article schema with `ids` as the allowed device ids.
fn with_device_enum(text: &str, ids: &[String]) -> Result<String, Fatal> {
    let mut schema: Value = serde_json::from_str(text)
        .map_err(|e| Fatal::new(format!("built-in article schema: {e}")))?;
    let device = schema
        .pointer_mut("/$defs/deviceEntry/properties/device")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| Fatal::new("built-in article schema: no device entry"))?;
    device.insert(
        "enum".into(),
        ids.iter().map(|i| Value::String(i.clone())).collect(),
    );
    let mut out = serde_json::to_string_pretty(&schema)
        .map_err(|e| Fatal::new(format!("built-in article schema: {e}")))?;
    out.push('\n');
    Ok(out)
}

/// Largest schema file nwlint reads.
const MAX_SCHEMA_BYTES: u64 = 4 << 20;

/// One validation failure, ready to become a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub loc: Loc,
    pub message: String,
    /// The `description` of the failing subschema, when it has one.
    pub help: Option<String>,
    /// Short text shown under the span.
    pub label: &'static str,
}

/// The compiled validators, one per content kind.
pub struct SchemaSet {
    validators: HashMap<Kind, Validator>,
    docs: HashMap<String, Value>,
    /// Where the schemas came from, for messages.
    pub origin: String,
}

struct LocalRetriever {
    docs: HashMap<String, Value>,
}

impl Retrieve for LocalRetriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let s = uri.as_str();
        let name = s.strip_prefix(BASE).ok_or_else(|| {
            format!("`$ref` to `{s}` is not allowed: nwlint resolves references only to schema files in the schema root, and never fetches URLs")
        })?;
        self.docs.get(name).cloned().ok_or_else(|| {
            format!("`$ref` to `{name}`: no such schema file in the schema root").into()
        })
    }
}

impl SchemaSet {
    /// Loads every `*.schema.json` directly in `root` (no subfolders, no
    /// symlinks out), or the built-in schemas when `root` is `None`.
    pub fn load(root: Option<&Path>) -> Result<SchemaSet, Fatal> {
        let mut docs = HashMap::new();
        let origin;
        match root {
            None => {
                origin = "built-in schemas".to_string();
                for (name, text) in BUILTIN {
                    let v: Value = serde_json::from_str(text)
                        .map_err(|e| Fatal::new(format!("built-in schema {name}: {e}")))?;
                    docs.insert(name.to_string(), v);
                }
            }
            Some(root) => {
                origin = root.display().to_string();
                let entries = std::fs::read_dir(root).map_err(|e| {
                    Fatal::new(format!("cannot read schema root `{}`: {e}", root.display()))
                })?;
                for entry in entries {
                    let entry = entry.map_err(|e| {
                        Fatal::new(format!("cannot read schema root `{}`: {e}", root.display()))
                    })?;
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if !name.ends_with(".schema.json") {
                        continue;
                    }
                    let path = entry.path();
                    // A schema that is a link or not a regular file is an
                    // error, never a silent fallback.
                    let text = crate::regular_file::read_to_string(&path, MAX_SCHEMA_BYTES)
                        .map_err(|e| {
                            Fatal::new(format!("cannot read schema `{}`: {e}", path.display()))
                        })?;
                    let v: Value = serde_json::from_str(&text).map_err(|e| {
                        Fatal::new(format!(
                            "schema `{}` is not valid JSON: {e}",
                            path.display()
                        ))
                    })?;
                    docs.insert(name, v);
                }
            }
        }
        let mut validators = HashMap::new();
        for kind in [
            Kind::HelpCenter,
            Kind::Devices,
            Kind::Article,
            Kind::Snippet,
        ] {
            let name = kind.schema_file();
            let Some(schema) = docs.get(name) else {
                return Err(Fatal::new(format!(
                    "schema `{name}` is missing from {origin}"
                )));
            };
            let retriever = LocalRetriever { docs: docs.clone() };
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .with_base_uri(format!("{BASE}{name}"))
                .with_retriever(retriever)
                .build(schema)
                .map_err(|e| {
                    Fatal::new(format!("schema `{name}` ({origin}) cannot be used: {e}"))
                        .with_help("schemas may refer only to other schema files in the schema root, with relative `$ref`s")
                })?;
            validators.insert(kind, validator);
        }
        Ok(SchemaSet {
            validators,
            docs,
            origin,
        })
    }

    /// A hash of the schema documents (for cache keys): equal for equal
    /// schemas, whatever their origin.
    pub fn fingerprint(&self) -> u128 {
        let mut names: Vec<&String> = self.docs.keys().collect();
        names.sort();
        let mut all = Vec::new();
        for n in names {
            all.extend_from_slice(n.as_bytes());
            all.push(0);
            all.extend_from_slice(self.docs[n].to_string().as_bytes());
            all.push(0);
        }
        crate::fingerprint::hash_bytes(&all)
    }

    /// Validates `value` as a `kind` file.
    pub fn validate(&self, kind: Kind, value: &Value) -> Vec<Violation> {
        let validator = &self.validators[&kind];
        if validator.is_valid(value) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for err in validator.iter_errors(value) {
            self.describe(kind, &err, &mut out);
        }
        out.sort_by(|a, b| a.loc.cmp(&b.loc).then_with(|| a.message.cmp(&b.message)));
        out.dedup();
        out
    }

    fn describe(&self, kind: Kind, err: &ValidationError<'_>, out: &mut Vec<Violation>) {
        let at = err.instance_path().as_str().to_string();
        let help = self.description(kind, err.schema_path().as_str());
        let push = |out: &mut Vec<Violation>, loc: Loc, message: String, label: &'static str| {
            out.push(Violation {
                loc,
                message,
                help: help.clone(),
                label,
            })
        };
        match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                for key in unexpected {
                    let p = format!("{at}/{}", escape_pointer(key));
                    out.push(Violation {
                        loc: Loc::Key(p),
                        message: format!("unknown key `{}`", clip(key)),
                        help: None,
                        label: "not allowed here",
                    });
                }
            }
            ValidationErrorKind::OneOfNotValid { context }
            | ValidationErrorKind::AnyOf { context } => {
                // Narrow to the branch that got furthest: the deepest failing
                // path, then the fewest errors.
                let best = context
                    .iter()
                    .filter(|b| !b.is_empty())
                    .max_by_key(|branch| {
                        let depth = branch
                            .iter()
                            .map(|e| e.instance_path().as_str().matches('/').count())
                            .max()
                            .unwrap_or(0);
                        (depth, usize::MAX - branch.len())
                    });
                match best {
                    Some(branch) => {
                        for e in branch {
                            self.describe(kind, e, out);
                        }
                    }
                    None => push(
                        out,
                        Loc::Value(at),
                        "value matches none of the allowed shapes".into(),
                        "unexpected shape",
                    ),
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| property.to_string());
                push(
                    out,
                    Loc::Value(at),
                    format!("missing required key `{}`", clip(&name)),
                    "in this object",
                );
            }
            ValidationErrorKind::FalseSchema => {
                // `"key": false` in properties: the key is not allowed here.
                let loc = if at.is_empty() {
                    Loc::Value(at)
                } else {
                    Loc::Key(at)
                };
                push(
                    out,
                    loc,
                    "this key is not allowed here".into(),
                    "not allowed here",
                )
            }
            _ => {
                let (message, label) = value_message(err);
                push(out, Loc::Value(at), message, label)
            }
        }
    }

    /// `description` of the subschema containing the failing keyword.
    fn description(&self, kind: Kind, schema_path: &str) -> Option<String> {
        let doc = self.docs.get(kind.schema_file())?;
        // schema_path ends with the keyword; its parent is the subschema.
        let parent = schema_path.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        if parent.contains("$ref") {
            return None;
        }
        doc.pointer(parent)?
            .get("description")?
            .as_str()
            .map(str::to_string)
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A short rendering of a value for a message.
fn show(v: &Value) -> String {
    match v {
        Value::Object(_) => "an object".to_string(),
        Value::Array(a) if a.len() > 4 => format!("a list of {} items", a.len()),
        _ => format!("`{}`", clip(&v.to_string())),
    }
}

/// Clips long text for messages (content is untrusted: keep messages short).
fn clip(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// The message and label of a finding about a value itself (its pattern,
/// length, type or allowed values).
fn value_message(err: &ValidationError<'_>) -> (String, &'static str) {
    match err.kind() {
        ValidationErrorKind::Pattern { pattern } => (
            format!(
                "{} does not match the pattern `{}`",
                show(err.instance()),
                clip(pattern)
            ),
            "does not match",
        ),
        ValidationErrorKind::MinLength { limit } => (
            if *limit == 1 {
                "text must not be empty".to_string()
            } else {
                format!("text must be at least {limit} characters long")
            },
            "too short",
        ),
        ValidationErrorKind::MaxLength { limit } => (
            format!("text must be at most {limit} characters long"),
            "too long",
        ),
        ValidationErrorKind::MinItems { limit } => (
            if *limit == 1 {
                "list must not be empty".to_string()
            } else {
                format!("list must have at least {limit} items")
            },
            "too few items",
        ),
        ValidationErrorKind::Type { kind: expected } => {
            let want = match expected {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            (
                format!("expected {want}, found {}", type_name(err.instance())),
                "wrong type",
            )
        }
        ValidationErrorKind::Constant { expected_value } => (
            format!(
                "expected {}, found {}",
                show(expected_value),
                show(err.instance())
            ),
            "unexpected value",
        ),
        ValidationErrorKind::Enum { options } => (
            format!("{} is not one of {}", show(err.instance()), show(options)),
            "unexpected value",
        ),
        _ => (clip(&err.masked().to_string()), "invalid value"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write_schema_root(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in BUILTIN {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn builtin_schemas_compile() {
        SchemaSet::load(None).unwrap();
    }

    #[test]
    fn remote_ref_is_refused_not_fetched() {
        let dir = write_schema_root(&[(
            "common.schema.json",
            r#"{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"x":{"$ref":"https://example.com/evil.json"}}}"#,
        )]);
        let err = SchemaSet::load(Some(dir.path())).err().expect("must fail");
        assert!(
            err.message.contains("https://example.com/evil.json"),
            "{}",
            err.message
        );
    }

    #[test]
    fn ref_outside_schema_root_is_refused() {
        let dir = write_schema_root(&[(
            "devices.schema.json",
            r#"{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"../secret.json"}"#,
        )]);
        let err = SchemaSet::load(Some(dir.path())).err().expect("must fail");
        assert!(err.message.contains("secret.json"), "{}", err.message);
    }

    /// The built-in copies are the shipped files (include_str!), and like
    /// them name no `$id`: a relative `$ref` resolves beside the file.
    #[test]
    fn builtin_schemas_carry_no_id() {
        for (name, text) in BUILTIN {
            let v: Value = serde_json::from_str(text).unwrap();
            assert_eq!(v.get("$id"), None, "{name}");
        }
    }

    /// An `$id` elsewhere makes relative `$ref`s point there: refused, not
    /// fetched.
    #[test]
    fn relative_ref_under_a_foreign_id_is_refused() {
        let dir = write_schema_root(&[(
            "devices.schema.json",
            r#"{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://example.com/s/devices.schema.json","$ref":"common.schema.json#/$defs/id"}"#,
        )]);
        let err = SchemaSet::load(Some(dir.path())).err().expect("must fail");
        assert!(
            err.message
                .contains("https://example.com/s/common.schema.json"),
            "{}",
            err.message
        );
    }

    /// A schema root without `$id`s (as shipped) and one whose files still
    /// carry the old `https://nwlint.invalid/schema/…` ids both load.
    #[test]
    fn schema_root_with_or_without_legacy_ids_loads() {
        let dir = write_schema_root(&[]);
        let set = SchemaSet::load(Some(dir.path())).unwrap();
        let bad = json!({"$schema": "devices.schema.json", "devices": [{"id": "A", "name": "A"}]});
        assert_eq!(set.validate(Kind::Devices, &bad).len(), 1);
        for (name, text) in BUILTIN {
            let mut v: Value = serde_json::from_str(text).unwrap();
            v["$id"] = Value::String(format!("{BASE}{name}"));
            std::fs::write(dir.path().join(name), v.to_string()).unwrap();
        }
        let set = SchemaSet::load(Some(dir.path())).unwrap();
        assert_eq!(set.validate(Kind::Devices, &bad).len(), 1);
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let set = SchemaSet::load(None).unwrap();
        let v = json!({"$schema": "../schema/devices.schema.json", "devices": [{"id": "a", "name": "A", "colour": "red"}]});
        let errs = set.validate(Kind::Devices, &v);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].loc, Loc::Key("/devices/0/colour".into()));
        assert_eq!(errs[0].message, "unknown key `colour`");
    }
}
