//! `nwlint render` on an arbitrary article (any JSON the model accepts),
//! in every format: no panic, and no raw terminal control in the output.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let bodies = Default::default();
    let Ok(article) = nwlint::model::article_from_str(text, &bodies) else {
        return;
    };
    let registry: nwlint::model::DeviceRegistry = serde_json::from_str(common::DEVICES).unwrap();
    let snippets: Vec<nwlint::model::Snippet> = Vec::new();
    for format in [
        nwlint::render::Format::Text,
        nwlint::render::Format::Markdown,
        nwlint::render::Format::Html,
    ] {
        let out = nwlint::render::render_with_snippets(&article, &registry, &snippets, format);
        assert!(
            !out.chars().any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\u{202e}')),
            "raw control in {format:?} output"
        );
    }
});
