//! Findings as data: what every check produces and every reporter consumes.
//!
//! A [`Diagnostic`] names its rule, severity and message, and points into a
//! source file by JSON pointer (or raw byte span). Pointers are turned into
//! line:col only when a report is printed (see [`crate::source`]), so files
//! without findings never pay for span indexing.

use std::fmt;
use std::sync::Arc;

/// How serious a finding is. Ordered: `Advice < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Advice,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Advice => "advice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `advice`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "advice" => Some(Severity::Advice),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Index of a file in the [`crate::source::SourceMap`].
pub type FileId = usize;

/// Where inside a file a label points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Loc {
    /// The value at a JSON pointer.
    Value(String),
    /// The key of the object member at a JSON pointer.
    Key(String),
    /// A byte range of the decoded string at a JSON pointer (e.g. one word
    /// inside a step's text). Mapped through escapes to source bytes.
    InString {
        pointer: String,
        start: usize,
        end: usize,
    },
    /// A raw byte range of the source (syntax errors).
    Bytes { start: usize, end: usize },
    /// The file as a whole (no position).
    File,
}

/// One labelled location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub loc: Loc,
    /// Short text shown under the span.
    pub text: String,
}

impl Label {
    pub fn new(file: FileId, loc: Loc, text: impl Into<String>) -> Label {
        Label {
            file,
            loc,
            text: text.into(),
        }
    }
}

/// The article / device / section a finding is about, where it applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub article: Option<String>,
    pub device: Option<String>,
    /// Every device the finding is about (`device` is the first); empty
    /// when it is about none.
    pub devices: Vec<String>,
    pub section: Option<String>,
}

impl Context {
    /// The same context about every one of `devices` (the first becomes
    /// `device`).
    pub fn about_devices(mut self, devices: &[&str]) -> Context {
        if let Some(first) = devices.first() {
            self.device = Some(first.to_string());
            self.devices = devices.iter().map(|d| d.to_string()).collect();
        }
        self
    }
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleDef,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub related: Vec<Label>,
    /// Shared: many findings of a large help center carry the same help
    /// and note (see [`Strings`]).
    pub help: Option<Arc<str>>,
    /// Extra multi-line detail printed after the snippet (e.g. a word diff).
    pub note: Option<Arc<str>>,
    pub context: Context,
    /// The edit that fixes it with no judgement needed (`check --fix`).
    pub fix: Option<Box<Fix>>,
}

/// A fix as data: what it does, and the replacements it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Imperative, e.g. "use the registered device `xbox-one`".
    pub title: String,
    pub edits: Vec<FixEdit>,
}

/// One replacement: the source text at `loc` becomes `text`, written as
/// it stands in the file (a JSON value for [`Loc::Value`], escaped string
/// content for [`Loc::InString`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixEdit {
    pub file: FileId,
    pub loc: Loc,
    pub text: String,
}

impl Fix {
    /// A fix that sets the string at `pointer` of `file` to `value`.
    pub fn set_string(title: impl Into<String>, file: FileId, pointer: &str, value: &str) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![FixEdit {
                file,
                loc: Loc::Value(pointer.to_string()),
                text: serde_json::to_string(value).unwrap_or_default(),
            }],
        }
    }
}

impl Diagnostic {
    /// A finding at the rule's default severity.
    pub fn new(rule: &'static RuleDef, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.default_severity,
            message: message.into(),
            primary,
            related: Vec::new(),
            help: None,
            note: None,
            context: Context::default(),
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    pub fn with_help(mut self, help: impl Into<Arc<str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<Arc<str>>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Makes the help and note share storage with equal ones already in
    /// `strings`.
    pub fn share_strings(&mut self, strings: &Strings) {
        for s in [&mut self.help, &mut self.note].into_iter().flatten() {
            *s = strings.get(s);
        }
    }

    pub fn with_related(mut self, label: Label) -> Self {
        self.related.push(label);
        self
    }

    pub fn with_context(mut self, context: Context) -> Self {
        self.context = context;
        self
    }
}

/// Interned strings: one allocation per distinct text however many
/// findings carry it.
#[derive(Default)]
pub struct Strings(crate::hash::Sharded<Arc<str>, Arc<str>>);

impl Strings {
    /// The stored copy of `s` (stored now if it is new).
    pub fn get(&self, s: &Arc<str>) -> Arc<str> {
        match self.0.get(&**s) {
            Some(stored) => stored,
            None => self.0.get_or_insert_with(Arc::clone(s), || Arc::clone(s)),
        }
    }
}

/// How much of each finding the report prints, so checks build only that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Everything: help, notes, related labels and context.
    #[default]
    Full,
    /// The rule, severity, message and primary location only (one line per
    /// finding): checks that make many findings leave out the rest.
    Brief,
}

/// A rule's single declaration.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleDef {
    /// Stable kebab-case id, e.g. `unknown-device`.
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line, lower-case start, no final period.
    pub summary: &'static str,
    /// Markdown documentation: what it checks, why, an example, how to fix.
    /// Lines carry the one leading space of `///` comments; see [`RuleDef::docs`].
    pub docs: &'static str,
    /// What `check --fix` does for it (one line), if it has a fix that
    /// needs no judgement.
    pub fix: Option<&'static str>,
}

impl RuleDef {
    /// The documentation with the doc-comment indentation removed.
    pub fn docs(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }
}

/// Where nwlint could not do its job (exit code 2): usage, config, I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fatal {
    pub message: String,
    pub help: Option<String>,
}

impl Fatal {
    pub fn new(message: impl Into<String>) -> Fatal {
        Fatal {
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Fatal {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fatal {}

/// What a command says besides its output (on stderr, at the edge): a
/// warning about the run, or an error that makes it exit 2 once its output
/// is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Warning(String),
    Error(Fatal),
}

/// Ends a command's writing to its output: a closed pipe (`nwlint … |
/// head`) is a normal end, any other write error is fatal.
pub fn output_written(written: std::io::Result<()>) -> Result<(), Fatal> {
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal::new(format!("cannot write output: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_are_stored_once() {
        let strings = Strings::default();
        let a: Arc<str> = format!("make the copies {}", "agree").into();
        let b: Arc<str> = "make the copies agree".into();
        let first = strings.get(&a);
        let second = strings.get(&b);
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(&strings.get(&"other".into()), &first));
        let rule = crate::catalog::all()[0];
        let mut d = Diagnostic::new(rule, "m", Label::new(0, Loc::File, "l"))
            .with_help("make the copies agree")
            .with_note("n");
        d.share_strings(&strings);
        assert!(Arc::ptr_eq(d.help.as_ref().unwrap(), &first));
        assert_eq!(d.note.as_deref(), Some("n"));
    }
}
