//! `encoding`: the file is not UTF-8 JSON text. The loader hands every
//! file's bytes to [`decode`] before parsing them.

use crate::diag::{Diagnostic, FileId, Label, Loc};

super::declare_rule! {
    /// ## What it does
    /// Reports files that are not plain UTF-8 text: invalid UTF-8, UTF-16,
    /// binary files (NUL bytes), a leading byte order mark, or files too
    /// large to be content.
    ///
    /// ## Why
    /// JSON text exchanged between systems must be UTF-8 without a BOM
    /// (RFC 8259 §8.1). Editors and the publishing pipeline may mangle
    /// anything else.
    ///
    /// ## Example
    /// A file saved as Windows-1252 containing `é` as the byte `0xE9`.
    ///
    /// ## How to fix
    /// Save the file as UTF-8 without a BOM.
    pub static RULE = { id: "encoding", severity: Error, summary: "content file is not UTF-8 JSON text" };
}

/// A content file's bytes as text.
pub enum Decoded {
    /// UTF-8 text; the JSON body starts at `body` (after a BOM, which is
    /// reported).
    Text { text: String, body: usize },
    /// Not text nwlint can parse (reported); `shown` is what the source
    /// map keeps of it.
    Unreadable { shown: String },
}

/// Decodes the bytes of file `id`, reporting what makes them other than
/// UTF-8 JSON text into `out`.
pub fn decode(id: FileId, bytes: Vec<u8>, out: &mut Vec<Diagnostic>) -> Decoded {
    let at =
        |start: usize, end: usize, label: &str| Label::new(id, Loc::Bytes { start, end }, label);
    if let Some(form) = utf16(&bytes) {
        out.push(
            Diagnostic::new(
                &RULE,
                format!("file is {form}: content files must be UTF-8"),
                Label::new(id, Loc::File, "UTF-16"),
            )
            .with_help("save the file as UTF-8 without a BOM"),
        );
        return Decoded::Unreadable {
            shown: String::new(),
        };
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("file is not valid UTF-8 (invalid byte at offset {bad})"),
                    at(bad, bad + 1, "invalid UTF-8 here"),
                )
                .with_help("save the file as UTF-8"),
            );
            let shown = String::from_utf8_lossy(e.as_bytes()).into_owned();
            return Decoded::Unreadable { shown };
        }
    };
    if let Some(nul) = text.find('\0') {
        out.push(
            Diagnostic::new(
                &RULE,
                "file contains NUL bytes: it looks like a binary file, not JSON text",
                at(nul, nul + 1, "NUL byte"),
            )
            .with_help("content files must be UTF-8 JSON text"),
        );
        return Decoded::Unreadable { shown: text };
    }
    let body = match text.starts_with('\u{feff}') {
        true => {
            out.push(
                Diagnostic::new(&RULE, "file starts with a byte order mark (BOM)", at(0, 3, "BOM"))
                    .with_help("JSON text must not start with a BOM (RFC 8259 §8.1); save as UTF-8 without BOM"),
            );
            3
        }
        false => 0,
    };
    Decoded::Text { text, body }
}

/// The finding for a file of `len` bytes, over the `limit`.
pub fn too_large(id: FileId, len: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        format!(
            "file is too large ({len} bytes; the limit is {} MiB)",
            limit >> 20
        ),
        Label::new(id, Loc::File, "too large to check"),
    )
}

/// Whether `bytes` look like UTF-16 text, and which form: a UTF-16 byte
/// order mark, or (without one) JSON text whose every other byte is NUL.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16 (little endian, with a BOM)"),
        [0xFE, 0xFF, ..] => return Some("UTF-16 (big endian, with a BOM)"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 2 {
        return None;
    }
    let pairs = head.chunks_exact(2);
    let n = pairs.len();
    let le = pairs.clone().filter(|p| p[0] != 0 && p[1] == 0).count();
    let be = pairs.filter(|p| p[0] == 0 && p[1] != 0).count();
    if le * 10 >= n * 9 {
        Some("UTF-16 (little endian)")
    } else if be * 10 >= n * 9 {
        Some("UTF-16 (big endian)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_needs_a_bom_or_nul_every_other_byte() {
        assert_eq!(
            utf16(b"\xFF\xFE{"),
            Some("UTF-16 (little endian, with a BOM)")
        );
        assert_eq!(utf16(b"{\0\"\0a\0\"\0"), Some("UTF-16 (little endian)"));
        assert_eq!(utf16(b"\0{\0\"\0a\0\""), Some("UTF-16 (big endian)"));
        assert_eq!(utf16(b"{\"a\": 1}"), None);
        assert_eq!(
            utf16(b"{\0}}"),
            None,
            "one NUL in four bytes is binary, not UTF-16"
        );
    }
}
