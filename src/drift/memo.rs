//! Work remembered per device's copy of a section.
//!
//! Section bodies are shared between identical copies
//! ([`crate::model::intern`]), so a template copied into many articles is
//! one body: what is computed from a copy (its digests, its normalized
//! text, how it mixes nouns) is computed once per device, title and
//! body, and looked up by the body's address afterwards.

use crate::hash::{Hasher128, Sharded};
use crate::model::{Blocks, Section};
use std::hash::Hash;
use std::sync::Arc;

/// Values by device, title and body address. Each entry keeps its body
/// alive, so an address is never reused for another body while the memo
/// lives.
pub struct CopyMemo<V>(Sharded<u128, Entry<V>>);

/// A body (kept alive) and the value computed from a copy of it.
type Entry<V> = (Blocks, V);

impl<V> Default for CopyMemo<V> {
    fn default() -> Self {
        CopyMemo(Sharded::default())
    }
}

impl<V: Clone> CopyMemo<V> {
    /// The value for `device`'s copy `section`: remembered, or `compute`d
    /// (outside the lock) and remembered.
    pub fn get(&self, device: &str, section: &Section, compute: impl FnOnce() -> V) -> V {
        let key = key(device, section);
        if let Some((_, v)) = self.0.get(&key) {
            return v;
        }
        let v = compute();
        let pinned = Arc::clone(&section.blocks);
        self.0.get_or_insert_with(key, || (pinned, v)).1
    }

    /// How many copies are remembered.
    #[cfg(test)]
    pub(crate) fn entries(&self) -> usize {
        self.0.len()
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
