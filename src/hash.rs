//! Hashing for in-memory keys, and the maps built on it.
//!
//! - [`FastMap`]/[`FastSet`]: std maps with foldhash, seeded per process
//!   (keys hold digests and short ids from content, which must not be able
//!   to pick their buckets).
//! - [`Sharded`]: a map every core reads and fills (dashmap).
//! - [`Hasher128`]: a seeded, streaming [`std::hash::Hasher`] with a
//!   128-bit result, for memo keys of section texts (where a collision
//!   would let one section borrow another's digest) and drift's digests.
//!   Kept as our own: foldhash gives 64 bits, and xxh3's streaming state
//!   (a buffer and a secret derived per seed, ~600 bytes) costs more to
//!   build than the short texts it hashes, once per lookup.
//! - [`SmallMap`]: kept as our own: it scans a handful of keys and
//!   indexes more, for what content can make any size (sections of a
//!   device, variants of a section), where a scan per entry would be
//!   quadratic and an index per map (indexmap) would cost more than the
//!   scan for the usual handful.
//!
//! Whole files are hashed with BLAKE3 ([`crate::fingerprint::hash_bytes`]).

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;

fn round(acc: u64, x: u64) -> u64 {
    acc.wrapping_add(x.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// Little-endian word of up to 8 bytes (zero-padded).
fn word(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w[..b.len()].copy_from_slice(b);
    u64::from_le_bytes(w)
}

fn finish(a: u64, b: u64) -> u128 {
    let lo = mix(a ^ b.rotate_left(29));
    let hi = mix(b ^ mix(a));
    (u128::from(hi) << 64) | u128::from(lo)
}

/// A [`std::hash::Hasher`] with a 128-bit result ([`Hasher128::finish128`]):
/// every write feeds both lanes, the second with its words rotated, and
/// its length, so `("ab", "c")` and `("a", "bc")` differ even without the
/// length prefixes and terminators `Hash` impls add.
#[derive(Debug, Clone)]
pub struct Hasher128 {
    a: u64,
    b: u64,
}

impl Hasher128 {
    pub fn new(seed: u64) -> Hasher128 {
        Hasher128 {
            a: P1 ^ seed,
            b: P2 ^ seed.rotate_left(32),
        }
    }

    pub fn finish128(&self) -> u128 {
        finish(self.a, self.b)
    }
}

impl Hasher128 {
    /// A hasher for in-memory keys: `domain` mixed with a seed drawn once
    /// per process, so content cannot be crafted to collide.
    pub fn keyed(domain: u64) -> Hasher128 {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            std::hash::RandomState::new().hash_one(0x6e77_6c69_6e74_u64)
        });
        Hasher128::new(domain ^ seed)
    }
}

impl Default for Hasher128 {
    /// [`Hasher128::keyed`] (the per-process seed).
    fn default() -> Hasher128 {
        Hasher128::keyed(0)
    }
}

/// A hash map with foldhash, seeded per process: for keys that hold
/// digests and short ids from content, faster than SipHash and as
/// unpredictable to whoever wrote the content.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A hash set with foldhash, seeded per process (see [`FastMap`]).
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// A map that scans a list while small and indexes it by hash past
/// [`SmallMap::SCAN`] entries: a handful of keys (the sections of one
/// device, the children of a pointer trie node) is faster to scan than to
/// hash, and content can hold thousands, where a scan would be quadratic.
/// Entries keep their insertion order.
#[derive(Debug, Clone)]
pub struct SmallMap<K, V> {
    items: Vec<(K, V)>,
    index: Option<FastMap<K, usize>>,
}

impl<K, V> Default for SmallMap<K, V> {
    fn default() -> Self {
        SmallMap {
            items: Vec::new(),
            index: None,
        }
    }
}

impl<K: std::hash::Hash + Eq + Clone, V> SmallMap<K, V> {
    /// Entries scanned before the map indexes them.
    pub const SCAN: usize = 16;

    /// Where `key`'s entry is in the list.
    fn position<Q>(&self, key: &Q) -> Option<usize>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.items.iter().position(|(k, _)| k.borrow() == key),
        }
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        Some(&self.items[self.position(key)?].1)
    }

    /// Adds `key` if it is new (returns `true`); keeps the old value if not.
    pub fn insert(&mut self, key: K, value: V) -> bool {
        if self.get(&key).is_some() {
            return false;
        }
        let at = self.items.len();
        match &mut self.index {
            Some(index) => {
                index.insert(key.clone(), at);
            }
            None if at >= Self::SCAN => {
                let mut index: FastMap<K, usize> = self
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.clone(), i))
                    .collect();
                index.insert(key.clone(), at);
                self.index = Some(index);
            }
            None => {}
        }
        self.items.push((key, value));
        true
    }

    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        let at = self.position(key)?;
        Some(&mut self.items[at].1)
    }

    /// The entries, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.items.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Empties the map, keeping its list's allocation.
    pub fn clear(&mut self) {
        self.items.clear();
        self.index = None;
    }
}

/// A map every core reads and fills (a [`dashmap::DashMap`] with
/// foldhash): for memos and tables of shared values, where the first value
/// stored for a key wins.
pub struct Sharded<K, V>(dashmap::DashMap<K, V, foldhash::fast::RandomState>);

impl<K: std::hash::Hash + Eq, V> Default for Sharded<K, V> {
    fn default() -> Self {
        Sharded(dashmap::DashMap::default())
    }
}

impl<K: std::hash::Hash + Eq, V: Clone> Sharded<K, V> {
    /// The value stored for `key`, if any.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.0.get(key).map(|v| v.clone())
    }

    /// The value stored for `key`, or `make()`'s, stored now (called under
    /// the shard's lock: compute anything costly before).
    pub fn get_or_insert_with(&self, key: K, make: impl FnOnce() -> V) -> V {
        self.0.entry(key).or_insert_with(make).clone()
    }

    /// Stores `value` for `key` unless one is stored; `true` if it was new.
    pub fn insert(&self, key: K, value: V) -> bool {
        match self.0.entry(key) {
            dashmap::Entry::Occupied(_) => false,
            dashmap::Entry::Vacant(slot) => {
                slot.insert(value);
                true
            }
        }
    }

    /// How many keys are stored.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::hash::Hasher for Hasher128 {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let x = word(w);
            self.a = round(self.a, x);
            self.b = round(self.b, x.rotate_left(23) ^ P1);
        }
        let tail = words.remainder();
        let x = word(tail) ^ ((bytes.len() as u64) << 56);
        self.a = round(self.a, x);
        self.b = round(self.b, x.rotate_left(23) ^ P1);
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.a = round(self.a, i);
        self.b = round(self.b, i.rotate_left(23) ^ P2);
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn finish(&self) -> u64 {
        self.finish128() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn of(v: impl Hash) -> u128 {
        let mut h = Hasher128::new(7);
        v.hash(&mut h);
        h.finish128()
    }

    #[test]
    fn structured_keys_tell_splits_and_orders_apart() {
        let mut seen = std::collections::HashSet::new();
        for v in [
            vec!["ab", "c"],
            vec!["a", "bc"],
            vec!["c", "ab"],
            vec!["abc"],
            vec!["abc", ""],
            vec![],
            vec!["a long string of more than eight bytes", "x"],
            vec!["a long string of more than eight bytes x"],
        ] {
            assert!(seen.insert(of(&v)), "{v:?}");
        }
        assert_eq!(of(("a", 1u8)), of(("a", 1u8)));
        assert_ne!(of(Some("a")), of(None::<&str>));
        let mut other_seed = Hasher128::new(8);
        "a".hash(&mut other_seed);
        assert_ne!(other_seed.finish128(), of("a"));
    }

    #[test]
    fn small_maps_scan_then_index_and_keep_first_values() {
        let mut m: SmallMap<String, usize> = SmallMap::default();
        for round in 0..2 {
            for i in 0..40 {
                // The second round re-inserts every key: all refused.
                assert_eq!(m.insert(format!("k{i}"), i + round * 100), round == 0);
            }
            assert_eq!(m.len(), 40);
            for i in 0..40 {
                assert_eq!(m.get(format!("k{i}").as_str()), Some(&i));
            }
            assert_eq!(m.get("k40"), None);
        }
        m.clear();
        assert!(m.is_empty() && m.get("k1").is_none());
        assert!(m.insert("k1".into(), 7) && m.get("k1") == Some(&7));
    }

    #[test]
    fn sharded_maps_keep_the_first_value() {
        let m: Sharded<String, usize> = Sharded::default();
        assert!(m.is_empty());
        assert!(m.insert("a".into(), 1));
        assert!(!m.insert("a".into(), 2));
        assert_eq!(m.get("a"), Some(1));
        assert_eq!(m.get_or_insert_with("a".into(), || 3), 1);
        assert_eq!(m.get_or_insert_with("b".into(), || 4), 4);
        assert_eq!(m.get("b"), Some(4));
        assert_eq!(m.get("c"), None);
        assert_eq!(m.len(), 2);
    }
}
