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
        let stat = taken.map(|t| t.stat);
        let Loader {
            roots,
            schemas,
            bodies,
            release,
            valid,
        } = *self;
        let display = display_path(path, &roots.base);
        let mut diags = Vec::new();

        let unread = |diags, fatal| {
            let file = SourceFile::new(display.clone(), path.into(), String::new());
            (file, Parsed::Nothing, diags, fatal)
        };
        let bytes = match read {
            Ok(b) => b,
            Err(ReadError::TooLarge(n)) => {
                let too_large = rules::encoding::too_large(id, n, MAX_FILE_BYTES);
                return unread(vec![too_large], vec![]);
            }
            Err(ReadError::Io(e)) => {
                return unread(
                    vec![],
                    vec![Fatal::new(format!("cannot read `{display}`: {e}"))],
                );
            }
        };
        let (text, offset) = match rules::encoding::decode(id, bytes, &mut diags) {
            rules::encoding::Decoded::Text { text, body } => (text, body),
            rules::encoding::Decoded::Unreadable { shown } => {
                let file = SourceFile::new(display, path.into(), shown);
                return (file, Parsed::Nothing, diags, vec![]);
            }
        };
        let body = &text[offset..];
        let file_for = |text: String| SourceFile::new(display.clone(), path.into(), text);
        timings::end(Stage::Read, clock);

        // The hash of the bytes as read: a released article keeps it, and
        // the persisted index knows clean articles by it. A record whose
        // stat matches, written well after its mtime, stands for these
        // bytes without hashing them (git's rule, see `cache`).
        use crate::cache::Lookup;
        let kind = classify(rel);
        let article = kind == Some(Kind::Article);
        let lookup = match (valid, stat) {
            (Some(index), Some(st)) if article => index.lookup(rel, st),
            _ => Lookup::Missing,
        };
        let (hash, known_valid) = match lookup {
            Lookup::Fresh(r) => (Some(r.hash), r.clean),
            other => {
                let hash = (article && (release || valid.is_some()))
                    .then(|| crate::fingerprint::hash_bytes(text.as_bytes()));
                let known = matches!(other, Lookup::Verify(r) if r.clean && Some(r.hash) == hash);
                (hash, known)
            }
        };
        // What ends every file that loads into the model.
        let loaded = |parsed: Parsed, diags: Vec<Diagnostic>, text: String| -> FileResult {
            // Only what was read from disk (with its stat) can be read again.
            if let (true, Some(hash), Some(_)) = (release, hash, taken)
                && diags.is_empty()
                && matches!(parsed, Parsed::Article(_))
            {
                // Never copied into the source map: only its length, hash
                // and settled stat.
                let settled = taken.filter(|t| t.settled).map(|t| t.stat);
                let file =
                    SourceFile::released(display.clone(), path.into(), text.len(), hash, settled);
                return (file, parsed, diags, vec![]);
            }
            (file_for(text), parsed, diags, vec![])
        };
        if known_valid && !body.trim().is_empty() {
            // These bytes passed strict parsing and the schemas before:
            // straight into the model, without a JSON value in between.
            let clock = timings::begin();
            let parsed = crate::model::article_from_str(body, bodies);
            timings::end(Stage::Model, clock);
            if let Ok(a) = parsed {
                return loaded(Parsed::Article(a), diags, text);
            }
        }

        let clock = timings::begin();
        let value = match rules::json_syntax::parse(id, &text, offset) {
            Ok(v) => v,
            Err(found) => {
                diags.extend(found);
                return (file_for(text), Parsed::Nothing, diags, vec![]);
            }
        };
        timings::end(Stage::Parse, clock);

        let Some(kind) = kind else {
            diags.push(rules::unknown_file::finding(id, rel));
            return (file_for(text), Parsed::Nothing, diags, vec![]);
        };
        let violations = rules::schema::check(id, schemas, kind, &value);
        if !violations.is_empty() {
            diags.extend(violations);
            return (file_for(text), Parsed::Nothing, diags, vec![]);
        }

        let clock = timings::begin();
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
        loaded(parsed, diags, text)
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
