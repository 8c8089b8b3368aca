//! Reading one file: bytes → encoding → strict parse → schema → model,
//! each step's findings built by its rule.

use super::*;

/// What loading a file needs besides the file itself.
pub(super) struct Loader<'a> {
    pub(super) roots: &'a Roots,
    pub(super) schemas: &'a SchemaSet,
    /// The load's table of shared section bodies.
    pub(super) bodies: &'a std::sync::Arc<Bodies>,
    /// A clean article keeps only its length and hash, not its text (see
    /// [`SourceFile::released`]).
    pub(super) release: bool,
    /// The persisted index of an earlier run under the same context key:
    /// an article it recorded as clean with the same hash (or, by git's
    /// rule, the same size and an old enough mtime) passed the same
    /// schemas, so it is not validated again.
    pub(super) valid: Option<&'a crate::cache::Index>,
}

impl<'a> Loader<'a> {
    pub(super) fn new(
        roots: &'a Roots,
        schemas: &'a SchemaSet,
        bodies: &'a std::sync::Arc<Bodies>,
        release: bool,
    ) -> Self {
        Loader {
            roots,
            schemas,
            bodies,
            release,
            valid: None,
        }
    }

    /// Reads and loads one file.
    pub(super) fn file(&self, id: FileId, path: &Path, rel: &str) -> FileResult {
        let clock = timings::begin();
        let read = match self.roots.overlay.get(path) {
            Some(bytes) => Ok((bytes.to_vec(), None)),
            None => read_limited(path),
        };
        let taken = read.as_ref().ok().and_then(|(_, t)| *t);
        self.read(id, path, rel, read.map(|(b, _)| b), taken, clock)
    }

    /// [`Loader::file`] once the file has been read (`taken`: its stat
    /// once read; `clock`: when reading began).
    pub(super) fn read(
        &self,
        id: FileId,
        path: &Path,
        rel: &str,
        read: Result<Vec<u8>, ReadError>,
        taken: Option<Taken>,
        clock: Option<std::time::Instant>,
    ) -> FileResult {
        let display = display_path(path, &self.roots.base);
        let mut diags = Vec::new();
        let (text, offset) = match decode(id, &display, path, read, &mut diags) {
            Ok(decoded) => decoded,
            Err(unread) => return *unread,
        };
        timings::end(Stage::Read, clock);
        let kind = classify(rel);
        let (hash, known_valid) = self.recorded(rel, kind, taken, &text);
        let out = Out {
            display,
            path,
            hash,
            taken,
            release: self.release,
        };
        if known_valid && !text[offset..].trim().is_empty() {
            // These bytes passed strict parsing and the schemas before:
            // straight into the model, without a JSON value in between.
            let clock = timings::begin();
            let parsed = crate::model::article_from_str(&text[offset..], self.bodies);
            timings::end(Stage::Model, clock);
            if let Ok(a) = parsed {
                return out.loaded(Parsed::Article(a), diags, text);
            }
        }
        let parsed = self.parse(id, rel, kind, &text, offset, &mut diags);
        out.loaded(parsed, diags, text)
    }

    /// The hash of the bytes as read (a released article keeps it, and
    /// the persisted index knows clean articles by it), and whether the
    /// index recorded these bytes as clean. A record whose stat matches,
    /// written well after its mtime, stands for these bytes without
    /// hashing them (git's rule, see `cache`).
    fn recorded(
        &self,
        rel: &str,
        kind: Option<Kind>,
        taken: Option<Taken>,
        text: &str,
    ) -> (Option<u128>, bool) {
        use crate::cache::Lookup;
        let article = kind == Some(Kind::Article);
        let lookup = match (self.valid, taken) {
            (Some(index), Some(t)) if article => index.lookup(rel, t.stat),
            _ => Lookup::Missing,
        };
        match lookup {
            Lookup::Fresh(r) => (Some(r.hash), r.clean),
            other => {
                let hash = (article && (self.release || self.valid.is_some()))
                    .then(|| crate::fingerprint::hash_bytes(text.as_bytes()));
                let known = matches!(other, Lookup::Verify(r) if r.clean && Some(r.hash) == hash);
                (hash, known)
            }
        }
    }

    /// Strict parse, schema, model: each step's findings into `diags`, and
    /// the typed value if every step passed.
    fn parse(
        &self,
        id: FileId,
        rel: &str,
        kind: Option<Kind>,
        text: &str,
        offset: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> Parsed {
        let clock = timings::begin();
        let value = match rules::json_syntax::parse(id, text, offset) {
            Ok(v) => v,
            Err(found) => {
                diags.extend(found);
                return Parsed::Nothing;
            }
        };
        timings::end(Stage::Parse, clock);
        let Some(kind) = kind else {
            diags.push(rules::unknown_file::finding(id, rel));
            return Parsed::Nothing;
        };
        let violations = rules::schema::check(id, self.schemas, kind, &value);
        if !violations.is_empty() {
            diags.extend(violations);
            return Parsed::Nothing;
        }
        let clock = timings::begin();
        let bodies = self.bodies;
        let parsed = match kind {
            Kind::HelpCenter => serde_json::from_value(value).map(Parsed::HelpCenter),
            Kind::Devices => serde_json::from_value(value).map(Parsed::Devices),
            Kind::Article => crate::model::article_from_value(value, bodies).map(Parsed::Article),
            Kind::Snippet => serde_json::from_value(value).map(Parsed::Snippet),
        };
        let parsed = parsed.unwrap_or_else(|e| {
            diags.push(rules::schema::unfit(id, &e));
            Parsed::Nothing
        });
        timings::end(Stage::Model, clock);
        parsed
    }
}

/// The bytes read as text (and where the JSON starts after a BOM), or the
/// result of a file that cannot be read as text: too large, unreadable,
/// or not UTF-8 (each with its finding or error).
fn decode(
    id: FileId,
    display: &str,
    path: &Path,
    read: Result<Vec<u8>, ReadError>,
    diags: &mut Vec<Diagnostic>,
) -> Result<(String, usize), Box<FileResult>> {
    let unread = |diags, fatal| {
        let file = SourceFile::new(display.to_string(), path.into(), String::new());
        Box::new((file, Parsed::Nothing, diags, fatal))
    };
    let bytes = match read {
        Ok(b) => b,
        Err(ReadError::TooLarge(n)) => {
            let too_large = rules::encoding::too_large(id, n, MAX_FILE_BYTES);
            return Err(unread(vec![too_large], vec![]));
        }
        Err(ReadError::Io(e)) => {
            let fatal = Fatal::new(format!("cannot read `{display}`: {e}"));
            return Err(unread(vec![], vec![fatal]));
        }
    };
    match rules::encoding::decode(id, bytes, diags) {
        rules::encoding::Decoded::Text { text, body } => Ok((text, body)),
        rules::encoding::Decoded::Unreadable { shown } => {
            let file = SourceFile::new(display.to_string(), path.into(), shown);
            Err(Box::new((
                file,
                Parsed::Nothing,
                std::mem::take(diags),
                vec![],
            )))
        }
    }
}

/// Where a read file's result goes: its source-map entry, kept or
/// released.
struct Out<'p> {
    display: String,
    path: &'p Path,
    hash: Option<u128>,
    taken: Option<Taken>,
    release: bool,
}

impl Out<'_> {
    /// What ends every file that was read as text: a clean article read
    /// from disk (with its stat) keeps only its length, hash and settled
    /// stat when texts are released; every other file keeps its text.
    fn loaded(self, parsed: Parsed, diags: Vec<Diagnostic>, text: String) -> FileResult {
        let path = self.path.into();
        if let (true, Some(hash), Some(taken)) = (self.release, self.hash, self.taken)
            && diags.is_empty()
            && matches!(parsed, Parsed::Article(_))
        {
            let settled = taken.settled.then_some(taken.stat);
            let file = SourceFile::released(self.display, path, text.len(), hash, settled);
            return (file, parsed, diags, vec![]);
        }
        (
            SourceFile::new(self.display, path, text),
            parsed,
            diags,
            vec![],
        )
    }
}

pub(super) enum ReadError {
    TooLarge(u64),
    Io(std::io::Error),
}

/// A file's size and mtime taken after reading it (so a write during the
/// read shows as a newer mtime).
#[derive(Debug, Clone, Copy)]
pub(super) struct Taken {
    pub(super) stat: crate::fingerprint::Stat,
    /// The mtime was settled when the read began
    /// ([`crate::fingerprint::Stat::settled_before`]): the same stat found again
    /// later stands for the bytes read.
    pub(super) settled: bool,
}

/// The bytes of `path` (a regular file: see [`crate::regular_file`]), and
/// its stat once read.
pub(super) fn read_limited(path: &Path) -> Result<(Vec<u8>, Option<Taken>), ReadError> {
    let started = crate::fingerprint::now_ns();
    let (buf, f) = match crate::regular_file::read(path, MAX_FILE_BYTES) {
        Ok(Ok(read)) => read,
        Ok(Err(len)) => return Err(ReadError::TooLarge(len)),
        Err(e) => return Err(ReadError::Io(e)),
    };
    let taken = f.metadata().ok().map(|m| {
        let stat = crate::fingerprint::Stat::of(&m);
        Taken {
            stat,
            settled: stat.settled_before(started),
        }
    });
    Ok((buf, taken))
}
