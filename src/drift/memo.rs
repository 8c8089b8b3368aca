//! Work remembered per device's copy of a section.
//!
//! Section bodies are shared between identical copies
//! ([`crate::model::intern`]), so a template copied into many articles is
//! one body: what is computed from a copy (its digests, its normalized
//! text, whether it mixes nouns) is computed once per device, title and
//! body, and looked up by the body's address afterwards.

use crate::hash::{FastMap, Hasher128};
use crate::model::{Blocks, Section};
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Values by device, title and body address. Each entry keeps its body
/// alive, so an address is never reused for another body while the memo
/// lives. Sharded by key so the cores rarely wait.
pub struct CopyMemo<V> {
    shards: [Mutex<FastMap<u128, Entry<V>>>; 16],
}

/// A body (kept alive) and the value computed from a copy of it.
type Entry<V> = (Blocks, V);

impl<V> Default for CopyMemo<V> {
    fn default() -> Self {
        CopyMemo {
            shards: std::array::from_fn(|_| Mutex::new(FastMap::default())),
        }
    }
}

impl<V: Clone> CopyMemo<V> {
    /// The value for `device`'s copy `section`: remembered, or `compute`d
    /// (outside the lock) and remembered.
    pub fn get(&self, device: &str, section: &Section, compute: impl FnOnce() -> V) -> V {
        let key = key(device, section);
        let shard = &self.shards[key as usize % 16];
        if let Some((_, v)) = super::lock(shard).get(&key) {
            return v.clone();
        }
        let v = compute();
        super::lock(shard).insert(key, (Arc::clone(&section.blocks), v.clone()));
        v
    }

    /// How many copies are remembered.
    #[cfg(test)]
    pub(crate) fn entries(&self) -> usize {
        self.shards.iter().map(|s| super::lock(s).len()).sum()
    }
}

/// A 128-bit key of a copy: the device id, the title and the body's
/// address ([`Hasher128::keyed`]: seeded per process, so content cannot be
/// crafted to share another's key).
fn key(device: &str, section: &Section) -> u128 {
    let mut h = Hasher128::keyed(0xC3);
    device.hash(&mut h);
    section.title.hash(&mut h);
    (section.blocks.as_ptr() as usize).hash(&mut h);
    section.blocks.len().hash(&mut h);
    h.finish128()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(title: &str, body: &str) -> Section {
        serde_json::from_str(&format!(
            r#"{{"id": "s", "title": "{title}", "blocks": [{{"type": "paragraph", "text": "{body}"}}]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn computes_once_per_device_title_and_body() {
        let memo: CopyMemo<usize> = CopyMemo::default();
        let mut calls = 0;
        let mut get = |device: &str, s: &Section| {
            memo.get(device, s, || {
                calls += 1;
                calls
            })
        };
        let a = section("T", "Restart.");
        // Another copy of the same body, as a load shares it.
        let copy = Section {
            blocks: Arc::clone(&a.blocks),
            ..section("T", "Restart.")
        };
        assert_eq!(get("ps4", &a), 1);
        assert_eq!(get("ps4", &copy), 1, "same device, title and body");
        assert_eq!(get("roku", &a), 2, "another device");
        assert_eq!(get("ps4", &section("U", "Restart.")), 3, "another title");
        assert_eq!(get("ps4", &section("T", "Unplug.")), 4, "another body");
    }
}
