//! A persisted index of the content tree, for the pre-commit case: one
//! changed file checked inside a tree of thousands.
//!
//! What a check needs from the files it does not report on is small and
//! changes rarely: whether each file loaded, its article code and locale,
//! and a per-article summary that cross-file checks compare against (for
//! drift: the digests of each section's reference text). [`Index`] keeps
//! that per file, keyed by path and guarded by the file's size, mtime and
//! the BLAKE3 hash of its bytes ([`hash_bytes`]), in one file under
//! `.nwlint-cache/`.
//!
//! Trust, in order:
//!
//! 1. The whole index is ignored (and rebuilt) unless its header matches:
//!    magic, format version, and a context key the caller derives from
//!    everything a record depends on besides the file itself (nwlint's
//!    version, the schemas, the registry, the config, the summarizer).
//! 2. A record is used without reading the file only if size and mtime
//!    match *and* the mtime is older than the index's own write time minus
//!    [`RACY_WINDOW_NS`] (a file changed in the same clock tick as the index
//!    was written cannot be told apart by its stat: git's "racy clean").
//! 3. Otherwise the file is read and its hash decides.
//!
//! The index is content read from the project directory, where a pull
//! request could plant one: every index carries a BLAKE3 tag keyed with a
//! secret only this machine's user holds ([`secret`], outside the project),
//! and one whose tag does not match is ignored (so is a truncated or
//! corrupt one). With no such key, or a key inside the project, no index
//! is read or written. Nothing in the cache directory is reached through
//! a symlink (the directory itself included, when it is the project's),
//! files are created only under fresh names, and an index is read only up
//! to `MAX_INDEX_BYTES`. The context key names the build of nwlint
//! (`build_id`), so records of another build are never trusted. Writes go
//! to a temporary file in the same directory, then `rename` over the index,
//! so readers see the old index or the new one, never a mix; concurrent
//! writers simply race to be the last rename. Failing to write is never an
//! error (a read-only checkout still checks, only slower).
//!
//! The index is never trusted for anything but its key: a record says what
//! an earlier run found for exactly these bytes under exactly this context.
//! A full run uses it too: an article recorded as clean, with the hash of
//! the bytes just read, is not validated against its schema again, and the
//! positions (line:col) of the findings an earlier run reported in the same
//! bytes are taken from its record instead of reading the file again.
//!
//! Besides records, the index holds a table of values shared by many
//! records, keyed by a 128-bit digest of what they are computed from (for
//! drift: the LSH band keys of a section text, stored once however many
//! articles share the text). A missing entry only costs its recomputation.
//!
//! Reading is zero-copy: records' payloads are slices of the one buffer the
//! index file was read into.

use crate::wire::{Reader, put};
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Name of the cache directory (beside `nwlint.toml`, or beside the
/// content root when there is no config file).
pub const DIR_NAME: &str = ".nwlint-cache";

/// The index file inside the cache directory.
const FILE_NAME: &str = "index-v1.bin";

const MAGIC: &[u8; 8] = b"NWLINDEX";

/// Bumped whenever the binary layout changes.
const FORMAT: u32 = 6;

/// Files modified less than this before the index was written are
/// re-hashed rather than trusted by their stat.
pub const RACY_WINDOW_NS: u64 = 2_000_000_000;

/// What an earlier run found for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The file's stat when the record was made.
    pub stat: Stat,
    /// [`hash_bytes`] of the file's contents.
    pub hash: u128,
    /// `true` if the file loaded cleanly into the model (no diagnostics).
    pub clean: bool,
    /// Article code and locale (empty for other kinds of files).
    pub code: String,
    pub locale: Option<String>,
    /// The caller's per-file summary (opaque here).
    pub payload: Payload,
    /// Positions of the findings an earlier run reported in these bytes
    /// (opaque here; see [`crate::source::SourceFile::encoded_positions`]).
    pub positions: Payload,
}

/// What a caller computes for one file: its record's payload, and values
/// for the shared table that the index did not have yet.
#[derive(Debug, Default)]
pub struct Computed {
    pub payload: Vec<u8>,
    pub shared: Vec<(u128, Vec<u8>)>,
}

/// Bytes of a record's payload: a slice of the buffer the index was read
/// into (or a buffer of its own), handed on without copying.
#[derive(Clone)]
pub struct Payload {
    buf: Arc<Vec<u8>>,
    start: usize,
    end: usize,
}

impl Payload {
    fn slice(buf: &Arc<Vec<u8>>, start: usize, end: usize) -> Payload {
        Payload {
            buf: Arc::clone(buf),
            start,
            end,
        }
    }
}

impl From<Vec<u8>> for Payload {
    fn from(v: Vec<u8>) -> Payload {
        let end = v.len();
        Payload {
            buf: Arc::new(v),
            start: 0,
            end,
        }
    }
}

impl std::ops::Deref for Payload {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }
}

impl PartialEq for Payload {
    fn eq(&self, other: &Payload) -> bool {
        **self == **other
    }
}

impl Eq for Payload {}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Payload({} bytes)", self.len())
    }
}

/// A file's stat, as the index compares it: size, mtime, and what moves
/// when a file is replaced or its mtime is set back (`touch -r`, `cp -p`):
/// the inode change time and the inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stat {
    pub size: u64,
    pub mtime_ns: u64,
    /// Inode change time (ns since the epoch; 0 where there is none).
    pub ctime_ns: u64,
    /// Device and inode numbers, folded (0 where there are none).
    pub inode: u64,
}

impl Stat {
    /// Whether the file's mtime (known, and ns since the epoch) is older
    /// by [`RACY_WINDOW_NS`] than `start_ns`, when a read of the file
    /// began: a stat taken after that read and equal to this one later
    /// stands for the bytes read (a write since, or during the read, would
    /// have moved the mtime to its own time; a write that set the mtime
    /// back moved the ctime). As git, with its `trustctime`.
    pub fn settled_before(&self, start_ns: u64) -> bool {
        self.mtime_ns != 0 && self.mtime_ns.saturating_add(RACY_WINDOW_NS) < start_ns
    }

    pub fn of(meta: &std::fs::Metadata) -> Stat {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        #[cfg(unix)]
        let (ctime_ns, inode) = {
            use std::os::unix::fs::MetadataExt;
            let ctime = (meta.ctime().max(0) as u64)
                .saturating_mul(1_000_000_000)
                .saturating_add(meta.ctime_nsec().max(0) as u64);
            (ctime, meta.ino() ^ meta.dev().rotate_left(32))
        };
        #[cfg(not(unix))]
        let (ctime_ns, inode) = (0, 0);
        Stat {
            size: meta.len(),
            mtime_ns,
            ctime_ns,
            inode,
        }
    }
}

/// The answer of [`Index::lookup`].
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// Stat matches and is old enough: use the record without reading.
    Fresh(&'a Record),
    /// A record exists but only the file's hash can confirm it.
    Verify(&'a Record),
    /// No record.
    Missing,
}

/// The persisted index: path (relative to the content root) → record.
#[derive(Debug, Default)]
pub struct Index {
    key: u128,
    /// When the loaded index was written (0: nothing was loaded).
    written_ns: u64,
    records: HashMap<String, Record>,
    /// Values shared by records, by digest.
    shared: HashMap<u128, Payload>,
    /// Whether records or shared values changed since loading.
    dirty: bool,
}

/// The hash by which the index knows a file's bytes (and by which a
/// released text read again is checked): BLAKE3, its first 128 bits.
/// Content comes from pull requests and a record is trusted for the bytes
/// whose hash it holds, so other bytes with the same hash must be out of
/// reach (a second preimage costs 2^128).
pub fn hash_bytes(bytes: &[u8]) -> u128 {
    let digest = blake3::hash(bytes);
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest.as_bytes()[..16]);
    u128::from_le_bytes(first)
}

/// The authentication tag of an index body: BLAKE3 keyed with the
/// machine's [`secret`]. An index is content nwlint reads from the project
/// directory, so anyone who can put files in a pull request could plant
/// one; without the key no one else can write an index this machine
/// accepts. It also catches truncation and corruption.
fn tag(secret: &[u8; 32], body: &[u8]) -> blake3::Hash {
    blake3::keyed_hash(secret, body)
}

/// Name of the key file inside nwlint's directory in the user's cache.
const KEY_FILE: &str = "index-key";

/// The key that authenticates this user's indexes on this machine: 32
/// random bytes in `$XDG_CACHE_HOME/nwlint/index-key` (else
/// `$HOME/.cache/…`, or `%LOCALAPPDATA%\…` on Windows), created on first use
/// (mode 0600, written to a temporary file and linked into place, never
/// overwritten). None if there is no such directory or the file cannot be
/// read or made (see [`key_problem`]): then no index is read or written.
pub fn secret() -> Option<[u8; 32]> {
    key().as_ref().ok().copied()
}

/// Why there is no key, when that is worth telling the user: a key file
/// that is not a private regular file of 32 bytes, or a key directory
/// that cannot be made.
pub fn key_problem() -> Option<&'static str> {
    key().as_ref().err().and_then(|e| e.as_deref())
}

/// The key, or why there is none (`None`: no cache directory at all).
fn key() -> &'static Result<[u8; 32], Option<String>> {
    static KEY: std::sync::OnceLock<Result<[u8; 32], Option<String>>> = std::sync::OnceLock::new();
    KEY.get_or_init(|| match user_cache_dir() {
        Some(d) => secret_in(&d.join("nwlint")).map_err(Some),
        None => Err(None),
    })
}

fn user_cache_dir() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").and_then(absolute) {
        return Some(d);
    }
    if cfg!(windows) {
        return std::env::var_os("LOCALAPPDATA").and_then(absolute);
    }
    std::env::var_os("HOME")
        .and_then(absolute)
        .map(|h| h.join(".cache"))
}

/// The key in `dir`, made if missing; else why not.
fn secret_in(dir: &Path) -> Result<[u8; 32], String> {
    // A real directory, not a symlink someone else could have planted.
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(format!("`{}` is a symbolic link", dir.display()));
    }
    let path = dir.join(KEY_FILE);
    // Only a regular file of exactly 32 bytes that no one else can read.
    let read = |path: &Path| -> Result<[u8; 32], String> {
        let bad = |why: &str| format!("the key file `{}` {why}", path.display());
        let (bytes, _mode) =
            read_regular(path, 33).map_err(|e| bad(&format!("cannot be used: {e}")))?;
        #[cfg(unix)]
        if _mode & 0o077 != 0 {
            return Err(bad(&format!(
                "can be read by others (mode {:o}; it must be 600)",
                _mode & 0o777
            )));
        }
        let len = bytes.len();
        bytes
            .try_into()
            .map_err(|_| bad(&format!("holds {len} bytes, not 32")))
    };
    if std::fs::symlink_metadata(&path).is_ok() {
        return read(&path);
    }
    let cannot =
        |e: &dyn std::fmt::Display| format!("cannot make a key in `{}`: {e}", dir.display());
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| cannot(&e))?;
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| cannot(&e))?;
    let tmp = dir.join(temporary(KEY_FILE).ok_or_else(|| cannot(&"no random name"))?);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options
        .open(&tmp)
        .and_then(|mut f| f.write_all(&key).and_then(|()| f.sync_all()));
    // A link never replaces a key another process made first: then that
    // one is the key.
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, &path));
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(key),
        Err(_) => read(&path),
    }
}

/// The bytes of `path` if it is a regular file (a symlink is not
/// followed, a FIFO does not block) of at most `max` bytes, with its
/// permission bits (0 where there are none).
fn read_regular(path: &Path, max: u64) -> std::io::Result<(Vec<u8>, u32)> {
    let too_large = |len| std::io::Error::other(format!("it holds {len} bytes, more than {max}"));
    let (bytes, file) = crate::regular_file::read(path, max)?.map_err(too_large)?;
    #[cfg(unix)]
    let mode = std::os::unix::fs::PermissionsExt::mode(&file.metadata()?.permissions());
    #[cfg(not(unix))]
    let mode = {
        let _ = file;
        0
    };
    Ok((bytes, mode))
}

/// Largest index file read (20k articles make about 32 MB).
const MAX_INDEX_BYTES: u64 = 1 << 30;

/// A file name for a temporary file next to `name`, unique to this write.
fn temporary(name: &str) -> Option<String> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).ok()?;
    Some(format!(
        "{name}.{}.{:016x}.tmp",
        std::process::id(),
        u64::from_le_bytes(random)
    ))
}

/// A context key from the parts a record depends on besides its file,
/// and from this build of nwlint (`build_id`).
pub fn context_key(parts: &[&[u8]]) -> u128 {
    let mut all = Vec::new();
    all.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    all.extend_from_slice(&build_id().to_le_bytes());
    for p in parts {
        all.extend_from_slice(&(p.len() as u64).to_le_bytes());
        all.extend_from_slice(p);
    }
    hash_bytes(&all)
}

/// Which build of nwlint is running: the executable's size, modification
/// time and file identity. The version alone would not do: a rebuild that
/// changes parsing, validation or positions (or a dependency update) keeps
/// it, and records written by another build must not be trusted. If the
/// executable cannot be looked at, a random id: no index is reused.
fn build_id() -> u128 {
    static ID: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    *ID.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata);
        let Ok(meta) = meta else {
            let mut random = [0u8; 16];
            let _ = getrandom::fill(&mut random);
            return u128::from_le_bytes(random);
        };
        let mut id = Vec::new();
        id.extend_from_slice(&meta.len().to_le_bytes());
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok());
        id.extend_from_slice(&modified.map_or(0, |d| d.as_nanos()).to_le_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            id.extend_from_slice(&meta.dev().to_le_bytes());
            id.extend_from_slice(&meta.ino().to_le_bytes());
        }
        hash_bytes(&id)
    })
}

/// Where the cache lives: `NWLINT_CACHE_DIR` if set, else `.nwlint-cache/`
/// in `project_dir` (the directory of `nwlint.toml`, else the content
/// root's parent). `Ok(None)`: no cache, by choice (`NWLINT_NO_CACHE`) or
/// for want of a user cache directory. `Err`: no cache, for a reason the
/// user should hear once: the user cache directory lies inside the
/// project (a key there could have come with the content; it is checked
/// before any key is made), the key file is unfit ([`key_problem`]), or
/// `.nwlint-cache` is a symlink.
pub fn dir(project_dir: &Path) -> Result<Option<PathBuf>, String> {
    if std::env::var_os("NWLINT_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
        return Ok(None);
    }
    let Some(user) = user_cache_dir() else {
        return Ok(None);
    };
    let project = crate::regular_file::resolve(project_dir);
    if crate::regular_file::resolve(&user).starts_with(&project) {
        return Err(format!(
            "the user cache directory `{}` lies inside the project `{}`, where a key could come with the content",
            user.display(),
            project_dir.display()
        ));
    }
    if secret().is_none() {
        return match key_problem() {
            Some(why) => Err(why.to_string()),
            None => Ok(None),
        };
    }
    match std::env::var_os("NWLINT_CACHE_DIR") {
        Some(d) if !d.is_empty() => Ok(Some(PathBuf::from(d))),
        _ => in_project(project_dir).map(Some).ok_or_else(|| {
            format!(
                "`{}` is a symbolic link",
                project_dir.join(DIR_NAME).display()
            )
        }),
    }
}

/// `.nwlint-cache/` in `project_dir`, unless it is a symlink: inside the
/// project the directory itself could come from a pull request, and a
/// symlink would send reads and writes elsewhere.
fn in_project(project_dir: &Path) -> Option<PathBuf> {
    let dir = project_dir.join(DIR_NAME);
    let symlink = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink());
    (!symlink).then_some(dir)
}

/// The wall clock, in ns since the Unix epoch (0 if before it).
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

impl Index {
    /// An empty index for `key`.
    pub fn new(key: u128) -> Index {
        Index {
            key,
            ..Index::default()
        }
    }

    /// Loads the index in `dir` if it exists, is intact and was written for
    /// `key`; otherwise an empty index (never an error).
    pub fn open(dir: &Path, key: u128) -> Index {
        Index::load(dir, Some(key)).unwrap_or_else(|| Index::new(key))
    }

    /// The index in `dir` if it exists and is intact, whatever its key
    /// (for a caller that reads it while it works the key out, and then
    /// checks [`Index::key`]).
    pub fn read(dir: &Path) -> Option<Index> {
        Index::load(dir, None)
    }

    /// The index in `dir`, authenticated with this machine's key and
    /// written for `want` if given.
    fn load(dir: &Path, want: Option<u128>) -> Option<Index> {
        let secret = secret()?;
        let (bytes, _) = read_regular(&dir.join(FILE_NAME), MAX_INDEX_BYTES).ok()?;
        decode(Arc::new(bytes), want, &secret)
    }

    /// The context key the index was opened or created for.
    pub fn key(&self) -> u128 {
        self.key
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// What the index knows of `rel`, given the file's current stat.
    pub fn lookup(&self, rel: &str, stat: Stat) -> Lookup<'_> {
        let Some(r) = self.records.get(rel) else {
            return Lookup::Missing;
        };
        let old_enough = stat.mtime_ns.saturating_add(RACY_WINDOW_NS) < self.written_ns;
        if r.stat == stat && old_enough {
            Lookup::Fresh(r)
        } else {
            Lookup::Verify(r)
        }
    }

    /// The record of `rel`, whatever the file's stat (for a caller that
    /// has read the file and compares hashes itself).
    pub fn get(&self, rel: &str) -> Option<&Record> {
        self.records.get(rel)
    }

    /// Records what was found for `rel`.
    pub fn put(&mut self, rel: &str, record: Record) {
        if self.records.get(rel) != Some(&record) {
            self.records.insert(rel.to_string(), record);
            self.dirty = true;
        }
    }

    /// The shared value stored under `key`.
    pub fn shared(&self, key: u128) -> Option<&[u8]> {
        self.shared.get(&key).map(|p| &**p)
    }

    /// Stores a shared value.
    pub fn put_shared(&mut self, key: u128, value: Vec<u8>) {
        if self.shared(key) != Some(&value[..]) {
            self.shared.insert(key, value.into());
            self.dirty = true;
        }
    }

    /// Keeps only the shared values `keep` wants (those records refer to).
    pub fn retain_shared(&mut self, mut keep: impl FnMut(u128) -> bool) {
        let before = self.shared.len();
        self.shared.retain(|k, _| keep(*k));
        self.dirty |= self.shared.len() != before;
    }

    /// Takes the shared values out (for a caller that keeps them after the
    /// index is dropped).
    pub fn take_shared(&mut self) -> HashMap<u128, Payload> {
        std::mem::take(&mut self.shared)
    }

    /// The payloads of every record.
    pub fn payloads(&self) -> impl Iterator<Item = &[u8]> {
        self.records.values().map(|r| &*r.payload)
    }

    /// Drops records of files that no longer exist.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let before = self.records.len();
        self.records.retain(|k, _| keep(k));
        self.dirty |= self.records.len() != before;
    }

    /// Whether [`Index::save`] has anything to write.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Writes the index atomically into `dir` (created, with a
    /// `.gitignore` and a `CACHEDIR.TAG`). Errors are returned for the
    /// caller to ignore or log; the old index stays intact on failure.
    pub fn save(&mut self, dir: &Path) -> std::io::Result<()> {
        let secret = secret().ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no key to authenticate the index",
            )
        })?;
        self.save_keyed(dir, &secret)
    }

    /// [`Index::save`], authenticated with `secret` (tests use another
    /// key to stand for an index planted in the project).
    pub(crate) fn save_keyed(&mut self, dir: &Path, secret: &[u8; 32]) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, text) in [
            (
                ".gitignore",
                "# Created by nwlint: a cache, never commit it.\n*\n",
            ),
            (
                "CACHEDIR.TAG",
                "Signature: 8a477f597d28d172789f06886806bc55\n# nwlint's cache: safe to delete.\n",
            ),
        ] {
            // Never through a symlink, never over an existing file.
            let made = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(dir.join(name));
            match made {
                Ok(mut f) => f.write_all(text.as_bytes())?,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        self.written_ns = now_ns();
        let bytes = encode(self, secret);
        let tmp =
            dir.join(temporary(FILE_NAME).ok_or_else(|| {
                std::io::Error::other("no random bytes for a temporary file name")
            })?);
        let result = (|| {
            // A fresh name, made here: nothing planted is followed.
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_data()?;
            std::fs::rename(&tmp, dir.join(FILE_NAME))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        } else {
            self.dirty = false;
        }
        result
    }
}

// ---------------------------------------------------------------- format --
//
// MAGIC | FORMAT u32 | key u128 | written_ns u64 | count u32 | records… |
// shared count u32 | (key u128, value)… | tag, 32 bytes ([`tag`] of
// everything before it). Integers are little
// endian; strings and payloads are u32-length-prefixed. A record: path,
// size u64, mtime_ns u64, ctime_ns u64, inode u64, hash u128, flags u8 (bit 0 clean, bit 1 has
// locale), code, [locale], payload, positions.

fn encode(index: &Index, secret: &[u8; 32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + index.records.len() * 96);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&index.key.to_le_bytes());
    out.extend_from_slice(&index.written_ns.to_le_bytes());
    out.extend_from_slice(&(index.records.len() as u32).to_le_bytes());
    let mut paths: Vec<&String> = index.records.keys().collect();
    paths.sort();
    for p in paths {
        let r = &index.records[p];
        put(&mut out, p.as_bytes());
        for n in [r.stat.size, r.stat.mtime_ns, r.stat.ctime_ns, r.stat.inode] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&r.hash.to_le_bytes());
        out.push(u8::from(r.clean) | (u8::from(r.locale.is_some()) << 1));
        put(&mut out, r.code.as_bytes());
        if let Some(l) = &r.locale {
            put(&mut out, l.as_bytes());
        }
        put(&mut out, &r.payload);
        put(&mut out, &r.positions);
    }
    let mut keys: Vec<&u128> = index.shared.keys().collect();
    keys.sort();
    out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
    for k in keys {
        out.extend_from_slice(&k.to_le_bytes());
        put(&mut out, &index.shared[k]);
    }
    let tag = tag(secret, &out);
    out.extend_from_slice(tag.as_bytes());
    out
}

fn decode(buf: Arc<Vec<u8>>, want: Option<u128>, secret: &[u8; 32]) -> Option<Index> {
    let bytes: &[u8] = &buf;
    let body_len = bytes.len().checked_sub(32)?;
    let (body, tag) = bytes.split_at(body_len);
    // Compared in constant time.
    if blake3::Hash::from_bytes(tag.try_into().ok()?) != self::tag(secret, body) {
        return None;
    }
    let mut r = Reader::new(body);
    if r.take(8)? != MAGIC || r.u32()? != FORMAT {
        return None;
    }
    let key = r.u128()?;
    if want.is_some_and(|w| w != key) {
        return None;
    }
    let written_ns = r.u64()?;
    let count = r.u32()? as usize;
    // Never trust a count to size an allocation: records are at least 69 bytes.
    let mut records = HashMap::with_capacity(count.min(body.len() / 69));
    for _ in 0..count {
        let path = r.str()?.to_string();
        let stat = Stat {
            size: r.u64()?,
            mtime_ns: r.u64()?,
            ctime_ns: r.u64()?,
            inode: r.u64()?,
        };
        let hash = r.u128()?;
        let flags = r.u8()?;
        let code = r.str()?.to_string();
        let locale = if flags & 2 != 0 {
            Some(r.str()?.to_string())
        } else {
            None
        };
        let (start, end) = r.range()?;
        let (p_start, p_end) = r.range()?;
        records.insert(
            path,
            Record {
                stat,
                hash,
                clean: flags & 1 != 0,
                code,
                locale,
                payload: Payload::slice(&buf, start, end),
                positions: Payload::slice(&buf, p_start, p_end),
            },
        );
    }
    let count = r.u32()? as usize;
    let mut shared = HashMap::with_capacity(count.min(body.len() / 20));
    for _ in 0..count {
        let k = r.u128()?;
        let (start, end) = r.range()?;
        shared.insert(k, Payload::slice(&buf, start, end));
    }
    r.at_end().then_some(Index {
        key,
        written_ns,
        records,
        shared,
        dirty: false,
    })
}

/// Sets `path`'s mtime to `secs` seconds ago (for tests of the stat rules).
#[cfg(test)]
pub(crate) fn set_mtime_ago(path: &Path, secs: u64) {
    let then = SystemTime::now() - std::time::Duration::from_secs(secs);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(then))
        .unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stat_is_settled_only_when_older_than_the_read_by_the_racy_window() {
        let at = |mtime_ns: u64| Stat {
            size: 1,
            mtime_ns,
            ..Stat::default()
        };
        let start = 100 * RACY_WINDOW_NS;
        assert!(at(start - RACY_WINDOW_NS - 1).settled_before(start));
        assert!(!at(start - RACY_WINDOW_NS).settled_before(start));
        assert!(
            !at(start - 1).settled_before(start),
            "written just before the read"
        );
        assert!(
            !at(start + 1).settled_before(start),
            "written during the read"
        );
        assert!(!at(0).settled_before(start), "no mtime: nothing to compare");
    }

    fn record(n: u8) -> Record {
        Record {
            stat: Stat {
                size: 100 + u64::from(n),
                mtime_ns: 1_000,
                ctime_ns: 1_000,
                inode: 7,
            },
            hash: hash_bytes(&[n]),
            clean: n.is_multiple_of(2),
            code: format!("NW-{n}"),
            locale: n.is_multiple_of(3).then(|| "en-US".to_string()),
            payload: vec![n; usize::from(n)].into(),
            positions: vec![n + 1; usize::from(n) / 2].into(),
        }
    }

    #[test]
    fn round_trips_and_trusts_only_old_stats() {
        let dir = tempfile::tempdir().unwrap();
        let key = context_key(&[b"schemas", b"registry"]);
        let mut idx = Index::new(key);
        for n in 0..5 {
            idx.put(&format!("articles/NW-{n}.json"), record(n));
        }
        assert!(idx.is_dirty());
        idx.save(dir.path()).unwrap();
        assert!(!idx.is_dirty());
        assert!(dir.path().join(".gitignore").is_file());

        let back = Index::open(dir.path(), key);
        assert_eq!(back.len(), 5);
        assert_eq!(back.records, idx.records);
        let stat = record(2).stat;
        assert_eq!(
            back.lookup("articles/NW-2.json", stat),
            Lookup::Fresh(&record(2))
        );
        // A different size, mtime, ctime or inode: only the hash can tell.
        for moved in [
            Stat {
                mtime_ns: 2_000,
                ..stat
            },
            Stat {
                ctime_ns: 2_000,
                ..stat
            },
            Stat { inode: 8, ..stat },
        ] {
            assert_eq!(
                back.lookup("articles/NW-2.json", moved),
                Lookup::Verify(&record(2))
            );
        }
        assert_eq!(back.lookup("articles/NW-9.json", stat), Lookup::Missing);
        // A file modified just before the index was written is racy.
        let racy = Stat {
            mtime_ns: back.written_ns - 1,
            ..stat
        };
        let mut idx2 = Index::new(key);
        idx2.put(
            "a.json",
            Record {
                stat: racy,
                ..record(2)
            },
        );
        idx2.save(dir.path()).unwrap();
        let back2 = Index::open(dir.path(), key);
        assert!(matches!(back2.lookup("a.json", racy), Lookup::Verify(_)));
    }

    #[test]
    fn file_hashes_tell_small_changes_apart() {
        let base: Vec<u8> = (0..1000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mut seen = std::collections::HashSet::new();
        assert!(seen.insert(hash_bytes(&base)));
        for i in (0..base.len()).step_by(7) {
            let mut b = base.clone();
            b[i] ^= 1 << (i % 8);
            assert!(seen.insert(hash_bytes(&b)), "flip at {i}");
        }
        assert_ne!(hash_bytes(b"ab"), hash_bytes(b"ab\0"));
        // BLAKE3's own test vector for the empty input, first 16 bytes.
        assert_eq!(
            hash_bytes(b""),
            u128::from_le_bytes([
                0xaf, 0x13, 0x49, 0xb9, 0xf5, 0xf9, 0xa1, 0xa6, 0xa0, 0x40, 0x4d, 0xea, 0x36, 0xdc,
                0xc9, 0x49
            ])
        );
    }

    #[test]
    fn an_index_written_with_another_key_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let key = context_key(&[b"a"]);
        let mut planted = Index::new(key);
        planted.put("x.json", record(4));
        // Well formed, right context, but not authenticated by this
        // machine's key: as if it came in a pull request.
        planted.save_keyed(dir.path(), &[7; 32]).unwrap();
        assert!(Index::open(dir.path(), key).is_empty());
        assert!(Index::read(dir.path()).is_none());
        planted.save(dir.path()).unwrap();
        assert_eq!(Index::open(dir.path(), key).len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn planted_symlinks_are_not_followed() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let key = context_key(&[b"a"]);
        let mut idx = Index::new(key);
        idx.put("x.json", record(4));
        idx.save(&cache).unwrap();
        // The index as a symlink (to a real index, or to an endless file).
        let real = dir.path().join("real.bin");
        std::fs::rename(cache.join(FILE_NAME), &real).unwrap();
        symlink(&real, cache.join(FILE_NAME)).unwrap();
        assert!(Index::open(&cache, key).is_empty());
        std::fs::remove_file(cache.join(FILE_NAME)).unwrap();
        symlink("/dev/zero", cache.join(FILE_NAME)).unwrap();
        assert!(Index::read(&cache).is_none());
        // Saving replaces the symlink itself (rename), writing nothing
        // through it; a planted `.gitignore` symlink is left dangling.
        let other = tempfile::tempdir().unwrap();
        let fresh = other.path().join("cache");
        std::fs::create_dir(&fresh).unwrap();
        let outside = other.path().join("outside");
        symlink(&outside, fresh.join(".gitignore")).unwrap();
        idx.dirty = true;
        idx.save(&fresh).unwrap();
        assert!(!outside.exists());
        assert_eq!(Index::open(&fresh, key).len(), 1);
        // A project's cache directory that is a symlink is not used.
        let project = dir.path().join("project");
        std::fs::create_dir(&project).unwrap();
        assert_eq!(in_project(&project), Some(project.join(DIR_NAME)));
        symlink(&cache, project.join(DIR_NAME)).unwrap();
        assert_eq!(in_project(&project), None);
    }

    #[test]
    fn the_key_is_made_once_private_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("cache/nwlint");
        let first = secret_in(&home).unwrap();
        assert_ne!(first, [0; 32]);
        assert_eq!(secret_in(&home), Ok(first));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&home.join(KEY_FILE)), 0o600);
            assert_eq!(mode(&home), 0o700);
        }
        // Another directory, another key.
        assert_ne!(secret_in(&dir.path().join("other")), Ok(first));
        // A key others can read is not used.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let path = home.join(KEY_FILE);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let e = secret_in(&home).unwrap_err();
            assert!(
                e.ends_with("can be read by others (mode 644; it must be 600)"),
                "{e}"
            );
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            assert_eq!(secret_in(&home), Ok(first));
        }
        // A key file of the wrong length is not used, and not replaced.
        std::fs::write(home.join(KEY_FILE), b"short").unwrap();
        let e = secret_in(&home).unwrap_err();
        assert!(e.ends_with("holds 5 bytes, not 32"), "{e}");
        assert_eq!(std::fs::read(home.join(KEY_FILE)).unwrap(), b"short");
        assert_eq!(
            std::fs::read_dir(&home).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn other_context_corruption_and_truncation_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let key = context_key(&[b"a"]);
        let mut idx = Index::new(key);
        idx.put("x.json", record(4));
        idx.save(dir.path()).unwrap();
        assert_eq!(Index::open(dir.path(), key).len(), 1);
        assert!(Index::open(dir.path(), context_key(&[b"b"])).is_empty());

        let path = dir.path().join(FILE_NAME);
        let good = std::fs::read(&path).unwrap();
        for cut in [0, 8, good.len() / 2, good.len() - 1] {
            std::fs::write(&path, &good[..cut]).unwrap();
            assert!(Index::open(dir.path(), key).is_empty(), "cut at {cut}");
        }
        let mut flipped = good.clone();
        flipped[40] ^= 1;
        std::fs::write(&path, &flipped).unwrap();
        assert!(Index::open(dir.path(), key).is_empty());
        // No temporary files are left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }

    #[test]
    fn shared_values_round_trip_and_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = Index::new(9);
        idx.put("a.json", record(3));
        idx.put_shared(1, b"one".to_vec());
        idx.put_shared(2, b"two".to_vec());
        idx.save(dir.path()).unwrap();
        let mut back = Index::open(dir.path(), 9);
        assert_eq!(back.shared(1), Some(&b"one"[..]));
        assert_eq!(back.shared(2), Some(&b"two"[..]));
        assert_eq!(back.shared(3), None);
        assert_eq!(back.payloads().collect::<Vec<_>>(), [&[3u8; 3][..]]);
        // Storing the same value again changes nothing.
        back.put_shared(1, b"one".to_vec());
        assert!(!back.is_dirty());
        back.retain_shared(|k| k == 2);
        assert!(back.is_dirty());
        back.save(dir.path()).unwrap();
        let back = Index::open(dir.path(), 9);
        assert_eq!(back.shared(1), None);
        assert_eq!(back.shared(2), Some(&b"two"[..]));
        assert_eq!(back.shared.len(), 1);
    }

    #[test]
    fn retain_drops_deleted_files() {
        let mut idx = Index::new(1);
        idx.put("a.json", record(1));
        idx.put("b.json", record(2));
        idx.dirty = false;
        idx.retain(|p| p == "a.json");
        assert_eq!(idx.len(), 1);
        assert!(idx.is_dirty());
    }
}
