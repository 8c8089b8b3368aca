//! MinHash locality-sensitive hashing: finds sections of different articles
//! whose texts share most of their word pairs, without comparing all pairs.
//!
//! Each text becomes the set of its word bigrams ("shingles"). Its MinHash
//! signature holds, for each of [`HASHES`] hash functions, the smallest hash
//! of any shingle; two signatures agree in a position with probability equal
//! to the Jaccard similarity of the two sets. The signature is cut into
//! [`BANDS`] bands of [`ROWS`] rows; texts that agree on a whole band land in
//! the same bucket and become candidates. With 10 × 3, sets that are 66%
//! similar become candidates with 97% probability, sets 30% similar with 24%.
//! Candidates are then compared exactly (a word diff), so false candidates
//! cost time, never wrong findings.
//!
//! The hashing is part of the algorithm, kept here: tokens by FNV-1a and
//! the 30 functions derived from one by SplitMix64's finalizer, both fixed
//! (band keys are kept in the index across runs) and a multiply or two per
//! shingle and function, which a general-purpose 128-bit hash would not be.

/// Bands per signature.
pub const BANDS: usize = 10;
/// Rows per band.
pub const ROWS: usize = 3;
/// Hash functions per signature.
pub const HASHES: usize = BANDS * ROWS;

/// A fast, well-mixed 64-bit hash step (SplitMix64's finalizer).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over bytes: a stable hash of one token.
fn token_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The MinHash signature of a token sequence's bigrams (of the single
/// token, for one-token texts).
pub fn signature<'s>(tokens: impl IntoIterator<Item = &'s str>) -> [u64; HASHES] {
    let hashes: Vec<u64> = tokens.into_iter().map(token_hash).collect();
    let mut sig = [u64::MAX; HASHES];
    let mut add = |shingle: u64| {
        for (i, s) in sig.iter_mut().enumerate() {
            let h = mix(shingle ^ mix(i as u64 + 1));
            if h < *s {
                *s = h;
            }
        }
    };
    if hashes.len() == 1 {
        add(hashes[0]);
    }
    for w in hashes.windows(2) {
        add(mix(w[0]) ^ w[1]);
    }
    sig
}

/// One bucket key per band.
pub fn bands(sig: &[u64; HASHES]) -> [u64; BANDS] {
    let mut out = [0u64; BANDS];
    for (b, o) in out.iter_mut().enumerate() {
        let mut h = mix(b as u64);
        for r in 0..ROWS {
            h = mix(h ^ sig[b * ROWS + r]);
        }
        *o = h;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    fn shared_bands(a: &str, b: &str) -> usize {
        let (x, y) = (bands(&signature(words(a))), bands(&signature(words(b))));
        x.iter().zip(&y).filter(|(p, q)| p == q).count()
    }

    #[test]
    fn near_copies_share_a_band_and_strangers_do_not() {
        let a = "unplug your modem and your wireless router from power for 30 seconds then plug in your modem and wait until no new indicator lights are blinking";
        let b = "unplug your modem and your wireless router from power for 60 seconds then plug in your modem and wait until no new indicator lights are blinking";
        let c = "open settings choose network select test connection and follow the instructions on screen to sign in to your account again";
        assert_eq!(shared_bands(a, a), BANDS);
        assert!(shared_bands(a, b) >= 1);
        assert_eq!(shared_bands(a, c), 0);
    }

    #[test]
    fn signatures_are_deterministic() {
        assert_eq!(signature(words("a b c")), signature(words("a b c")));
        assert_ne!(signature(words("a b c")), signature(words("c b a")));
    }
}
