//! The little binary encoding of the persisted index ([`crate::cache`]) and
//! of the payloads stored in it ([`crate::drift::summary`]): integers little
//! endian, byte strings prefixed by their `u32` length.
//!
//! [`Reader`] reads it from bytes that may be truncated or corrupt: every read is bounds-checked and answers `None` past the
//! end, and counts are checked against the bytes left before they size an
//! allocation.
//!
//! Kept as our own rather than a serde format (bincode, postcard): the
//! index hands payloads on as slices of the one buffer it was read into,
//! without copying them out.

/// Appends `b` with its `u32` length in front.
pub fn put(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(b);
}

/// A cursor over encoded bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// Where the cursor is (bytes read so far).
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// `true` once every byte has been read.
    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }

    /// A length-prefixed byte string.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// A length-prefixed byte string as a range of the buffer.
    pub fn range(&mut self) -> Option<(usize, usize)> {
        let start = self.pos + 4;
        let n = self.bytes()?.len();
        Some((start, start + n))
    }

    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    /// A `u32` count of items that take at least `min` bytes each: `None`
    /// if that many could not fit in the bytes left.
    pub fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= (self.bytes.len() - self.pos) / min.max(1)).then_some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_stops_at_the_end() {
        let mut out = Vec::new();
        out.extend_from_slice(&7u16.to_le_bytes());
        put(&mut out, "héllo".as_bytes());
        out.extend_from_slice(&3u32.to_le_bytes());
        let mut r = Reader::new(&out);
        assert_eq!(r.u16(), Some(7));
        let at = r.pos();
        assert_eq!(r.range(), Some((at + 4, at + 4 + "héllo".len())));
        // Three items of 4 bytes each do not fit in the 0 bytes left.
        assert_eq!(r.count(4), None);
        assert!(r.at_end());
        assert_eq!(r.u8(), None);
        let mut r = Reader::new(&out);
        r.u16();
        assert_eq!(r.str(), Some("héllo"));
        // A length past the end reads nothing.
        assert_eq!(Reader::new(&[9, 0, 0, 0, 1]).bytes(), None);
    }
}
