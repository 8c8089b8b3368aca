//! The persisted index, for the pre-commit case: one changed file checked
//! inside a tree of thousands, and for warm full runs.
//!
//! What a check needs from the files it does not report on is small and
//! changes rarely: whether each file loaded, its article code and locale,
//! and a per-article summary that cross-file checks compare against (for
//! drift: the digests of each section's reference text). [`Index`] keeps
//! that per file, keyed by path and guarded by the file's stat and the
//! BLAKE3 hash of its bytes ([`crate::fingerprint::hash_bytes`]), in one file per content root
//! in the user's cache directory ([`dir`]): outside the project, so
//! nothing a pull request brings is ever read as an index.
//!
//! A record is used without reading the file only if the whole index was
//! written for the same context key ([`context_key`]: nwlint's build, the
//! schemas, the registry, the config, the summarizer), the file's stat
//! matches, and the stat is older than the index's write by
//! [`RACY_WINDOW_NS`] (git's "racy clean"); otherwise the file is read and
//! its hash decides. A record only says what an earlier run found for
//! exactly these bytes under exactly this context, so the output is the
//! same with the index, without it, or with a stale one.
//!
//! Besides records, the index holds a table of values shared by many
//! records, keyed by a 128-bit digest of what they are computed from (for
//! drift: the LSH band keys of a section text, stored once however many
//! articles share the text). A missing entry only costs its recomputation.
//!
//! Reading is zero-copy (payloads are slices of the one buffer the file
//! was read into), never through a symlink, and bounded by
//! `MAX_INDEX_BYTES`; writing goes to a fresh temporary file renamed over
//! the index, so readers see the old index or the new one; concurrent
//! writers race to be the last rename. Failing to write is never an error.

mod format;
mod location;

pub use location::{context_key, dir};

use crate::fingerprint::{RACY_WINDOW_NS, Stat, now_ns};

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The index file inside its directory.
const FILE_NAME: &str = "index.bin";

/// Largest index file read (20k articles make about 32 MB).
const MAX_INDEX_BYTES: u64 = 1 << 30;

/// What an earlier run found for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The file's stat when the record was made.
    pub stat: Stat,
    /// [`crate::fingerprint::hash_bytes`] of the file's contents.
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

/// A file name for a temporary file next to `name`, unique to this write
/// (and, made with `create_new`, never an existing file).
fn temporary(name: &str) -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{name}.{}.{}.{}.tmp",
        std::process::id(),
        now_ns(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    )
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

    /// The index in `dir`, if intact and written for `want` if given.
    fn load(dir: &Path, want: Option<u128>) -> Option<Index> {
        let (bytes, _) = crate::regular_file::read(&dir.join(FILE_NAME), MAX_INDEX_BYTES)
            .ok()?
            .ok()?;
        format::decode(Arc::new(bytes), want)
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
    /// `CACHEDIR.TAG` so backup tools skip it). Errors are returned for the
    /// caller to ignore or log; the old index stays intact on failure.
    pub fn save(&mut self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let tag =
            "Signature: 8a477f597d28d172789f06886806bc55\n# nwlint's cache: safe to delete.\n";
        // Never through a symlink, never over an existing file.
        let made = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join("CACHEDIR.TAG"));
        match made {
            Ok(mut f) => f.write_all(tag.as_bytes())?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        self.written_ns = now_ns();
        let bytes = format::encode(self);
        let tmp = dir.join(temporary(FILE_NAME));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::hash_bytes;

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
        assert!(dir.path().join("CACHEDIR.TAG").is_file());

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
        // through it; a `CACHEDIR.TAG` symlink is left dangling.
        let other = tempfile::tempdir().unwrap();
        let fresh = other.path().join("cache");
        std::fs::create_dir(&fresh).unwrap();
        let outside = other.path().join("outside");
        symlink(&outside, fresh.join("CACHEDIR.TAG")).unwrap();
        idx.dirty = true;
        idx.save(&fresh).unwrap();
        assert!(!outside.exists());
        assert_eq!(Index::open(&fresh, key).len(), 1);
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
