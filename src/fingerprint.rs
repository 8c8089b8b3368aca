//! How nwlint tells one version of a file from another: its stat (as git
//! compares it, with the "racy clean" rule) and the hash of its bytes.
//! The index trusts a record by them, and a released text read again is
//! checked against them.

#[cfg(test)]
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// Files modified less than this before the index was written are
/// re-hashed rather than trusted by their stat.
pub const RACY_WINDOW_NS: u64 = 2_000_000_000;

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

/// The wall clock, in ns since the Unix epoch (0 if before it).
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

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
}
