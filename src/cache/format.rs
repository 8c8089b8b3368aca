//! The index file's layout, and reading it back from bytes anyone with
//! access to the cache could have edited: every read is bounds-checked,
//! and a checksum over the whole catches truncation and corruption.
//!
//! MAGIC | FORMAT u32 | key u128 | written_ns u64 | count u32 | records… |
//! shared count u32 | (key u128, value)… | checksum u128 ([`hash_bytes`]
//! of everything before it). Integers are little endian; strings and
//! payloads are u32-length-prefixed. A record: path, size u64, mtime_ns
//! u64, ctime_ns u64, inode u64, hash u128, flags u8 (bit 0 clean, bit 1
//! has locale), code, [locale], payload, positions.

use super::{Index, Payload, Record};
use crate::fingerprint::{Stat, hash_bytes};
use crate::wire::{Reader, put};
use std::collections::HashMap;
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"NWLINDEX";

/// Bumped whenever the binary layout changes.
const FORMAT: u32 = 7;

pub(super) fn encode(index: &Index) -> Vec<u8> {
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
    let sum = hash_bytes(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// The index in `buf`, if intact and (when `want` is given) written for
/// that context key.
pub(super) fn decode(buf: Arc<Vec<u8>>, want: Option<u128>) -> Option<Index> {
    let bytes: &[u8] = &buf;
    let (body, sum) = bytes.split_at(bytes.len().checked_sub(16)?);
    if u128::from_le_bytes(sum.try_into().ok()?) != hash_bytes(body) {
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
