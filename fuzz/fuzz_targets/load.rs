//! The loader's first steps on arbitrary bytes: decoding, strict parsing,
//! the span scanner, pointer location and line:col.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nwlint::rules::encoding::{Decoded, decode};
use nwlint::span::{LineIndex, SpanIndex, locate_pointers};

fuzz_target!(|data: &[u8]| {
    let mut diags = Vec::new();
    let Decoded::Text { text, body } = decode(0, data.to_vec(), &mut diags) else {
        return;
    };
    let parsed = nwlint::rules::json_syntax::parse(0, &text, body);
    let json = &text[body..];
    let lines = LineIndex::new(&text);
    for off in [0, text.len() / 2, text.len()] {
        let _ = lines.line_col(&text, off);
    }
    let Ok(index) = SpanIndex::build(json) else {
        // The scanner accepts what the strict parser accepts.
        assert!(parsed.is_err(), "parse_strict accepted what the scanner refused");
        return;
    };
    let pointers: Vec<&str> = index.entries().iter().take(64).map(|e| e.pointer.as_str()).collect();
    for p in &pointers {
        let _ = (index.value(p), index.key(p), index.nearest(p));
        let _ = index.nearest(&format!("{p}/0/x~2"));
    }
    if parsed.is_ok() {
        // Without duplicates, the light walk finds what the index finds.
        let found = locate_pointers(json, &pointers).expect("valid JSON walks");
        for (p, f) in pointers.iter().zip(found) {
            assert_eq!(f.value, index.value(p), "{p}");
            assert_eq!(f.key, index.key(p), "{p}");
        }
    }
});
