//! `nwlint diff` on arbitrary section texts: two devices of the shipped
//! article get the input (split at the first NUL) as their first step,
//! then every diff format renders the comparison.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('\0').unwrap_or((&text, ""));
    let mut article: Value = serde_json::from_str(common::ARTICLE).unwrap();
    for (device, step) in [("ps4", a), ("xbox-one", b)] {
        let entries = article["devices"].as_array_mut().unwrap();
        let Some(entry) = entries.iter_mut().find(|e| e["device"] == device) else {
            continue;
        };
        for section in entry["sections"].as_array_mut().unwrap() {
            for block in section["blocks"].as_array_mut().into_iter().flatten() {
                if let Some(items) = block["items"].as_array_mut()
                    && let Some(first) = items.first_mut()
                {
                    *first = match first {
                        Value::Object(_) => serde_json::json!({ "text": step }),
                        _ => Value::String(step.to_string()),
                    };
                }
            }
        }
    }
    let bytes = serde_json::to_vec(&article).unwrap();
    let (config, loading) = common::load(&bytes);
    let Some(registry) = &loading.corpus.registry else {
        return;
    };
    let norm = nwlint::normalize::Normalizer::new(&registry.value, &config.nouns);
    for raw in [false, true] {
        let options = nwlint::diff::Options {
            raw,
            ..Default::default()
        };
        let Ok(cmp) = nwlint::diff::compare(&loading.corpus, &loading.sources, &norm, ("ps4", "xbox-one"), &options) else {
            continue;
        };
        for out in [
            nwlint::diff::human::render(&cmp, true),
            nwlint::diff::human::render(&cmp, false),
            nwlint::diff::unified::render(&cmp),
            nwlint::diff::json::render(&cmp),
        ] {
            assert!(!out.contains('\u{202e}'), "raw bidi override in diff output");
        }
    }
});
