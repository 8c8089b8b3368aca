//! Sharing of identical section bodies.
//!
//! A load owns one [`Bodies`] table, filled on every core
//! as articles are deserialized: each body is hashed with a per-process key
//! ([`crate::hash::Hasher128::keyed`], so content cannot be crafted to
//! collide with another body) and looked up. The first copy is kept; later
//! copies are dropped right away, so the memory they took is reused by the
//! next file instead of growing the process. The table goes when the load
//! ends; the bodies live on in the models that hold them.
//!
//! Two live bodies at one address are the same allocation, hence equal, so
//! a memo keyed by a body's address is sound while it keeps its bodies
//! alive (see `drift::memo`).

use super::{Block, Blocks};
use crate::hash::{Hasher128, Sharded};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};

/// One load's table of bodies, by keyed hash (see the module docs).
#[derive(Default)]
pub struct Bodies(Sharded<u128, Blocks>);

impl Bodies {
    /// The shared allocation of a body equal to `blocks`.
    pub fn share(&self, blocks: Vec<Block>) -> Blocks {
        if blocks.is_empty() {
            return none();
        }
        let mut h = Hasher128::keyed(0x1B);
        blocks.hash(&mut h);
        let key = h.finish128();
        self.0.get_or_insert_with(key, || blocks.into())
    }

    /// The shared body of a section's `blocks` value, deserialized only
    /// if no equal value was seen in this table. Values are keyed by
    /// their own hash (`hash_value`), in a key space of their own.
    pub fn from_value(&self, value: Value) -> Result<Blocks, serde_json::Error> {
        if value.as_array().is_some_and(Vec::is_empty) {
            return Ok(none());
        }
        let mut h = Hasher128::keyed(0x1C);
        hash_value(&value, &mut h);
        self.by_key(h.finish128(), || serde_json::from_value(value))
    }

    /// The body stored under `key`, or the one `build` makes, shared
    /// with equal bodies ([`Bodies::share`]) and stored under `key`.
    /// Built outside the lock: two cores may both build a new body;
    /// the first one stored wins (they are equal).
    fn by_key(
        &self,
        key: u128,
        build: impl FnOnce() -> Result<Vec<Block>, serde_json::Error>,
    ) -> Result<Blocks, serde_json::Error> {
        if let Some(b) = self.0.get(&key) {
            return Ok(b);
        }
        let shared = self.share(build()?);
        Ok(self.0.get_or_insert_with(key, || shared))
    }

    /// [`Bodies::from_value`] for the raw JSON text of a `blocks`
    /// value, keyed by the text itself (in a key space of its own); a
    /// body first seen this way is shared with equal bodies seen as
    /// values ([`Bodies::share`]).
    pub fn from_raw(&self, raw: &str) -> Result<Blocks, serde_json::Error> {
        if raw == "[]" {
            return Ok(none());
        }
        let mut h = Hasher128::keyed(0x1D);
        h.write(raw.as_bytes());
        self.by_key(h.finish128(), || serde_json::from_str(raw))
    }
}

thread_local! {
    /// The table [`with_table`] deserializes bodies into, on this thread.
    static TABLE: std::cell::RefCell<Option<Arc<Bodies>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `bodies` as the table [`blocks`] shares raw bodies
/// through (on this thread; the previous table comes back afterwards,
/// even if `f` panics).
pub(super) fn with_table<T>(bodies: &Arc<Bodies>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Arc<Bodies>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            TABLE.with(|t| *t.borrow_mut() = previous);
        }
    }
    let previous = TABLE.with(|t| t.replace(Some(Arc::clone(bodies))));
    let _restore = Restore(previous);
    f()
}

/// The empty body (snippet sections, empty `blocks`, stand-ins): one
/// allocation, as every empty body is equal.
pub fn none() -> Blocks {
    static EMPTY: LazyLock<Blocks> = LazyLock::new(|| Arc::from([]));
    Arc::clone(&EMPTY)
}

/// `deserialize_with` for [`super::Section::blocks`]: inside
/// `with_table` (text deserialized by serde_json), the raw text of
/// the body, shared through the table; otherwise (values, tests,
/// tools) a body of its own, not shared.
pub fn blocks<'de, D: Deserializer<'de>>(d: D) -> Result<Blocks, D::Error> {
    match TABLE.with(|t| t.borrow().clone()) {
        Some(table) => {
            let raw = <&serde_json::value::RawValue>::deserialize(d)?;
            table.from_raw(raw.get()).map_err(serde::de::Error::custom)
        }
        None => Vec::<Block>::deserialize(d).map(|b| if b.is_empty() { none() } else { b.into() }),
    }
}

/// Feeds a JSON value to `h`: its kind, then its content (numbers by
/// their own kind and bits, strings, arrays and objects with their
/// lengths, objects in key order), so equal values hash equal and the
/// encodings of unequal ones differ.
fn hash_value(value: &Value, h: &mut Hasher128) {
    match value {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => {
            h.write_u8(1);
            b.hash(h);
        }
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                h.write_u8(2);
                h.write_u64(u);
            } else if let Some(i) = n.as_i64() {
                h.write_u8(6);
                h.write_u64(i as u64);
            } else {
                h.write_u8(7);
                h.write_u64(n.as_f64().unwrap_or(f64::NAN).to_bits());
            }
        }
        Value::String(s) => {
            h.write_u8(3);
            s.hash(h);
        }
        Value::Array(items) => {
            h.write_u8(4);
            h.write_usize(items.len());
            for v in items {
                hash_value(v, h);
            }
        }
        Value::Object(map) => {
            h.write_u8(5);
            h.write_usize(map.len());
            for (k, v) in map {
                k.hash(h);
                hash_value(v, h);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Inline};

    fn body(text: &str) -> Vec<Block> {
        vec![Block::Paragraph {
            text: Inline::Plain(text.into()),
        }]
    }

    #[test]
    fn equal_bodies_share_one_allocation() {
        let bodies = Bodies::default();
        let a = bodies.share(body("Restart your router."));
        let b = bodies.share(body("Restart your router."));
        let c = bodies.share(body("Restart your modem."));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(*a, *body("Restart your router."));
        assert_eq!(*c, *body("Restart your modem."));
        assert!(Arc::ptr_eq(&bodies.share(Vec::new()), &none()));
        // Another load's table shares nothing with this one.
        assert!(!Arc::ptr_eq(
            &a,
            &Bodies::default().share(body("Restart your router."))
        ));
    }

    #[test]
    fn equal_values_share_one_body_and_keys_see_every_difference() {
        let bodies = Bodies::default();
        let v = |s: &str| -> Value { serde_json::from_str(s).unwrap() };
        let get = |s: &str| bodies.from_value(v(s)).unwrap();
        let a = get(r#"[{"type": "paragraph", "text": "Restart."}]"#);
        let b = get(r#"[{"text": "Restart.", "type": "paragraph"}]"#);
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(*a, *body("Restart."));
        for other in [
            r#"[{"type": "note", "text": "Restart."}]"#,
            r#"[{"type": "paragraph", "text": ["Restart."]}]"#,
            r#"[{"type": "paragraph", "text": "Restart"}]"#,
        ] {
            assert!(!Arc::ptr_eq(&a, &get(other)), "{other}");
        }
        let err = bodies
            .from_value(v(r#"[{"type": "poem", "text": "x"}]"#))
            .unwrap_err();
        assert!(err.to_string().contains("poem"), "{err}");
        // Numbers are keyed by kind: these differ as JSON values.
        let mut keys = std::collections::HashSet::new();
        for n in ["0", "0.0", "-0.0", "-1", "18446744073709551615"] {
            let mut h = Hasher128::keyed(0);
            hash_value(&v(n), &mut h);
            assert!(keys.insert(h.finish128()), "{n}");
        }
    }

    #[test]
    fn articles_from_values_equal_plain_deserialization() {
        let json = r#"{"$schema": "x", "code": "A-1", "title": "t", "intro": "i",
            "messages": [], "summary": "s", "devices": [
            {"device": "ps4", "sections": [
                {"id": "a", "title": "A", "blocks": [{"type": "paragraph", "text": "One."}]},
                {"id": "b", "snippet": "shared"},
                {"id": "c", "title": "C", "blocks": [{"type": "note", "text": "Two."}]}]},
            {"device": "roku", "sections": []},
            {"device": "xbox", "sections": [
                {"id": "c", "title": "C", "blocks": [{"type": "note", "text": "Two."}]},
                {"id": "a", "title": "A", "blocks": []}]}]}"#;
        let value: Value = serde_json::from_str(json).unwrap();
        let plain: Article = serde_json::from_value(value.clone()).unwrap();
        let bodies = Bodies::default();
        let shared = super::super::article_from_value(value, &bodies).unwrap();
        let sections = |a: &Article| -> Vec<(String, Vec<Block>)> {
            a.devices
                .iter()
                .flat_map(|d| &d.sections)
                .map(|s| (s.id.clone(), s.blocks.to_vec()))
                .collect()
        };
        assert_eq!(sections(&shared), sections(&plain));
        let c = |d: usize, s: usize| Arc::clone(&shared.devices[d].sections[s].blocks);
        assert!(Arc::ptr_eq(&c(0, 2), &c(2, 0)));
        // A shape the pairing does not rely on: deserialized as it is.
        let odd: Value = serde_json::from_str(
            &json.replace(r#"{"device": "roku", "sections": []}"#, r#"["roku", []]"#),
        )
        .unwrap();
        let plain: Article = serde_json::from_value(odd.clone()).unwrap();
        let shared = super::super::article_from_value(odd, &bodies).unwrap();
        assert_eq!(sections(&shared), sections(&plain));
    }

    #[test]
    fn articles_from_text_equal_articles_from_values_and_share_their_bodies() {
        let seed = include_str!("../../content/articles/NW-6-403.json");
        // Equal bodies written differently (spacing, an escape).
        let json = r#"{"$schema": "x", "code": "A-1", "title": "t", "intro": "i",
            "messages": [], "summary": "s", "devices": [
            {"device": "ps4", "sections": [
                {"id": "a", "title": "A", "blocks": [{"type": "note", "text": "Two."}]},
                {"id": "b", "snippet": "shared"},
                {"id": "c", "blocks": [ {"type":"note","text":"Tw\u006f."} ]}]},
            {"device": "xbox", "sections": [
                {"id": "a", "title": "A", "blocks": []},
                {"id": "c", "blocks": [{"type": "note", "text": "Two."}]}]}]}"#;
        for text in [seed, json] {
            let by_value = Bodies::default();
            let value: Value = serde_json::from_str(text).unwrap();
            let from_value = super::super::article_from_value(value, &by_value).unwrap();
            let by_text = Arc::new(Bodies::default());
            let from_text = super::super::article_from_str(text, &by_text).unwrap();
            assert_eq!(format!("{from_text:?}"), format!("{from_value:?}"));
        }
        let bodies = Arc::new(Bodies::default());
        let a = super::super::article_from_str(json, &bodies).unwrap();
        let body = |a: &Article, d: usize, s: usize| Arc::clone(&a.devices[d].sections[s].blocks);
        assert!(Arc::ptr_eq(&body(&a, 0, 0), &body(&a, 0, 2)));
        assert!(Arc::ptr_eq(&body(&a, 0, 0), &body(&a, 1, 1)));
        assert!(Arc::ptr_eq(&body(&a, 1, 0), &none()));
        // Seen as a value first, then as text: one allocation.
        let v = serde_json::from_str(r#"[{"type": "note", "text": "Three."}]"#).unwrap();
        let first = bodies.from_value(v).unwrap();
        let again = bodies
            .from_raw(r#"[{"type":"note","text":"Three."}]"#)
            .unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        // Outside `article_from_str`, bodies are not shared.
        let plain: Article = serde_json::from_str(json).unwrap();
        assert!(!Arc::ptr_eq(&body(&plain, 0, 0), &body(&plain, 0, 2)));
        assert!(!Arc::ptr_eq(&body(&plain, 0, 0), &body(&a, 0, 0)));
        // A model error is an error, as from a value.
        let bad = json.replacen("note", "poem", 1);
        let err = super::super::article_from_str(&bad, &bodies).unwrap_err();
        assert!(err.to_string().contains("poem"), "{err}");
    }
}
