//! Properties of format-preserving edits: for random documents laid out
//! in random styles and random valid edits of their values, every byte
//! outside the edited values is kept, the result is JSON, and the edited
//! values say what was asked.

use nwlint::edit::json::{self, Style};
use nwlint::edit::{Edit, apply};
use nwlint::span::SpanIndex;
use proptest::prelude::*;
use serde_json::Value;

/// Random JSON values a few levels deep, strings with escapes and
/// non-ASCII.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        "[a-zA-Z é\"\\\\/\\n\u{1F600}]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// `v` written with indentation `unit` and line ending `newline`.
fn layout(v: &Value, unit: &str, newline: &str) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(unit.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(v, &mut ser).unwrap();
    String::from_utf8(out).unwrap().replace('\n', newline) + newline
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn edits_keep_every_byte_outside_the_edited_values(
        doc in value(),
        unit in prop_oneof![Just("  "), Just("    "), Just("\t")],
        newline in prop_oneof![Just("\n"), Just("\r\n")],
        picks in prop::collection::vec((any::<prop::sample::Index>(), "[a-z é\"]{0,8}"), 1..6),
    ) {
        let text = layout(&doc, unit, newline);
        let spans = SpanIndex::build(&text).unwrap();
        let strings: Vec<_> = spans
            .entries()
            .iter()
            .filter(|e| text[e.value.start..].starts_with('"'))
            .collect();
        prop_assume!(!strings.is_empty());
        let mut edits: Vec<Edit> = Vec::new();
        let mut wanted = Vec::new();
        for (pick, new) in &picks {
            let e = strings[pick.index(strings.len())];
            if edits.iter().any(|x| x.start == e.value.start) {
                continue;
            }
            edits.push(Edit::replace(e.value, json::string(new)));
            wanted.push((e.pointer.clone(), new.clone()));
        }
        let after = apply(&text, &edits).unwrap();
        // Outside the edits, the bytes are the same, in order.
        let mut sorted = edits.clone();
        sorted.sort_by_key(|e| e.start);
        let (mut old_at, mut new_at) = (0, 0);
        for e in &sorted {
            let kept = &text[old_at..e.start];
            prop_assert_eq!(&after[new_at..new_at + kept.len()], kept);
            new_at += kept.len() + e.text.len();
            old_at = e.end;
        }
        prop_assert_eq!(&after[new_at..], &text[old_at..]);
        // The result is JSON, and says what was asked.
        let parsed: Value = serde_json::from_str(&after).unwrap();
        for (pointer, new) in wanted {
            prop_assert_eq!(parsed.pointer(&pointer), Some(&Value::String(new)));
        }
        prop_assert_eq!(Style::of(&after).newline, Style::of(&text).newline);
    }

    #[test]
    fn removing_a_member_or_inserting_an_item_changes_only_that(
        doc in prop::collection::btree_map("[a-z]{1,6}", value(), 1..6),
        unit in prop_oneof![Just("  "), Just("\t")],
        pick in any::<prop::sample::Index>(),
        at in 0usize..8,
    ) {
        let doc = Value::Object(doc.into_iter().collect());
        let text = layout(&doc, unit, "\n");
        let spans = SpanIndex::build(&text).unwrap();
        let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
        let key = keys[pick.index(keys.len())];
        let pointer = format!("/{key}");
        let edit = json::remove_member(&text, &spans, &pointer).unwrap();
        let after = apply(&text, std::slice::from_ref(&edit)).unwrap();
        prop_assert_eq!(&after[..edit.start], &text[..edit.start]);
        prop_assert_eq!(&after[edit.start..], &text[edit.end..]);
        let mut expected = doc.clone();
        expected.as_object_mut().unwrap().remove(key.as_str());
        prop_assert_eq!(serde_json::from_str::<Value>(&after).unwrap(), expected);

        if let Some(Value::Array(items)) = doc.get(key.as_str()) {
            let style = Style::of(&text);
            let edit = json::insert_item(&text, &spans, &pointer, at, "\"new\"", &style).unwrap();
            let after = apply(&text, std::slice::from_ref(&edit)).unwrap();
            prop_assert_eq!(&after[..edit.start], &text[..edit.start]);
            prop_assert_eq!(&after[edit.start + edit.text.len()..], &text[edit.end..]);
            let mut expected = doc.clone();
            let list = expected[key.as_str()].as_array_mut().unwrap();
            list.insert(at.min(items.len()), Value::from("new"));
            prop_assert_eq!(serde_json::from_str::<Value>(&after).unwrap(), expected);
        }
    }
}
