//! The content model: typed views of the JSON files under the content root.
//!
//! Every file is validated against its JSON Schema (see `schema/`) before it is
//! deserialized into these types, so the types can stay simple. Nothing here
//! knows about a particular help center: devices, nouns, section ids and
//! articles are all data.
//!
//! Shapes, in brief (the schemas are the authority):
//!
//! * `content/helpcenter.json` — [`HelpCenter`]: name, own domain, allowed link domains.
//! * `content/devices.json` — [`DeviceRegistry`]: device ids, display names, nouns.
//! * `content/articles/<CODE>.json` (or `<CODE>.<locale>.json`) — [`Article`].
//! * `content/snippets/<id>.json` — [`Snippet`]: a shared section body that a
//!   device's section can use instead of literal blocks (single-sourcing).

use serde::Deserialize;
use std::sync::Arc;

/// A section body. Identical bodies share one allocation (see [`intern`]):
/// per-device copies are the norm in help centers, so the model holds each
/// distinct body once, and work done per body can be remembered by address.
pub type Blocks = Arc<[Block]>;

/// `content/helpcenter.json`: facts about the help center as a whole.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpCenter {
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Human name, e.g. "Netflix Help Center".
    pub name: String,
    /// The help center's own domain; links to it and its subdomains are allowed.
    pub domain: String,
    /// Further domains links may point at (subdomains included).
    #[serde(default)]
    pub link_domains: Vec<String>,
    /// The default locale of articles that do not name one.
    #[serde(default = "default_locale")]
    pub default_locale: String,
}

fn default_locale() -> String {
    "en-US".to_string()
}

/// `content/devices.json`: the device registry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceRegistry {
    #[serde(rename = "$schema")]
    pub schema: String,
    pub devices: Vec<Device>,
}

/// One device of the registry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Stable id, e.g. `ps4`.
    pub id: String,
    /// Display name as articles show it, e.g. "PlayStation 4".
    pub name: String,
    /// Nouns the text uses for the device, e.g. "video game console".
    /// Normalization replaces them with a placeholder before comparing.
    #[serde(default)]
    pub nouns: Vec<String>,
}

/// Rich text: either a plain string or a list of runs.
///
/// `Deserialize` is written by hand (see the `de` module): the derived `untagged`
/// form buffers every value and clones its strings.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Inline {
    Plain(String),
    Runs(Vec<Run>),
}

/// One run of rich text (`Deserialize` by hand, like [`Inline`]).
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Run {
    /// Literal text.
    Text(String),
    /// A link: the visible text and its target.
    Link(Link),
    /// A reference to another error code, e.g. `{"code": "NSEZ-403"}`.
    Code(CodeRef),
    /// A placeholder filled from the device (snippets only), e.g. `{"var": "noun"}`.
    Var(VarRef),
}

#[derive(Debug, Clone, Deserialize, PartialEq, Hash)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Visible text, e.g. "netflix.com/clearcookies".
    pub link: String,
    /// Target URL, e.g. `https://www.netflix.com/clearcookies`.
    pub href: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Hash)]
#[serde(deny_unknown_fields)]
pub struct CodeRef {
    pub code: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Hash)]
#[serde(deny_unknown_fields)]
pub struct VarRef {
    /// `name` (the device's display name) or `noun` (its first noun).
    pub var: String,
}

/// A block of a section body: a JSON object whose `type` is `paragraph`,
/// `steps`, `bullets` or `note` (`Deserialize` by hand, like [`Inline`]).
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Block {
    Paragraph { text: Inline },
    Steps { items: Vec<Step> },
    Bullets { items: Vec<Inline> },
    Note { text: Inline },
}

/// One numbered step, with optional nested bullets.
#[derive(Debug, Clone, Deserialize, PartialEq, Hash)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub text: Inline,
    #[serde(default)]
    pub bullets: Vec<Inline>,
}

/// A difference a writer marked as intended, with the reason why.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Intended {
    /// The drift rule id the mark silences for this section, e.g. `drifted-copy`.
    pub rule: String,
    pub reason: String,
}

/// A titled section of one device's entry. Either literal (`title` + `blocks`)
/// or single-sourced (`snippet`), never both (the schema enforces it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id shared by the same section across devices, e.g. `restart-network`.
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default = "intern::none", deserialize_with = "intern::blocks")]
    pub blocks: Blocks,
    /// Id of a snippet under `content/snippets/` whose body this section uses.
    #[serde(default)]
    pub snippet: Option<String>,
    #[serde(default)]
    pub intended: Vec<Intended>,
}

/// The entry for one device in an article.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceEntry {
    /// A device id from the registry.
    pub device: String,
    pub sections: Vec<Section>,
}

/// The "All other devices" entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The trailing related-articles list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    pub title: String,
    /// Codes of related articles.
    #[serde(default)]
    pub articles: Vec<String>,
}

/// One article: one error code in one locale.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The error code, e.g. `NW-6-403`; equals the file name's stem.
    pub code: String,
    /// BCP 47 locale tag; defaults to the help center's default locale.
    #[serde(default)]
    pub locale: Option<String>,
    pub title: String,
    /// Lead-in before the on-screen messages.
    pub intro: Inline,
    /// The on-screen message(s) the error shows.
    pub messages: Vec<String>,
    pub summary: Inline,
    pub devices: Vec<DeviceEntry>,
    #[serde(default)]
    pub fallback: Option<Fallback>,
    #[serde(default)]
    pub related: Option<Related>,
}

/// `content/snippets/<id>.json`: a shared section body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snippet {
    #[serde(rename = "$schema")]
    pub schema: String,
    pub id: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Inline {
    /// Iterate the runs of this text (a plain string is one text run).
    pub fn runs(&self) -> Vec<RunRef<'_>> {
        match self {
            Inline::Plain(s) => vec![RunRef::Text(s)],
            Inline::Runs(runs) => runs
                .iter()
                .map(|r| match r {
                    Run::Text(s) => RunRef::Text(s),
                    Run::Link(l) => RunRef::Link(l),
                    Run::Code(c) => RunRef::Code(&c.code),
                    Run::Var(v) => RunRef::Var(&v.var),
                })
                .collect(),
        }
    }

    /// The text as a reader sees it (links show their visible text, codes
    /// their code, variables `{name}`).
    pub fn plain_text(&self) -> String {
        match self {
            Inline::Plain(s) => s.clone(),
            Inline::Runs(_) => {
                let mut out = String::new();
                for r in self.runs() {
                    match r {
                        RunRef::Text(s) | RunRef::Code(s) => out.push_str(s),
                        RunRef::Link(l) => out.push_str(&l.link),
                        RunRef::Var(v) => {
                            out.push('{');
                            out.push_str(v);
                            out.push('}');
                        }
                    }
                }
                out
            }
        }
    }
}

/// A borrowed view of one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RunRef<'a> {
    Text(&'a str),
    Link(&'a Link),
    Code(&'a str),
    Var(&'a str),
}

/// Deserializes an article from its (schema-valid) value, sharing section
/// bodies through `bodies` ([`intern::Bodies::from_value`]): a body seen
/// before in this load is neither deserialized nor allocated again.
///
/// Bodies are taken out of the value first, then put into the deserialized
/// sections in the same order. If the value does not have the shape that
/// pairing relies on (`devices` an array of objects whose `sections` are
/// arrays of objects), it is deserialized as it is, unshared. With several
/// model errors in one file, the first reported may differ from plain
/// deserialization (bodies are deserialized last); a single one is worded
/// the same.
pub fn article_from_value(
    mut value: serde_json::Value,
    bodies: &intern::Bodies,
) -> Result<Article, serde_json::Error> {
    let entries = value.get("devices").and_then(|d| d.as_array());
    let pairable = entries.is_some_and(|entries| {
        entries.iter().all(|e| {
            e.get("sections")
                .and_then(|s| s.as_array())
                .is_some_and(|sections| sections.iter().all(|s| s.is_object()))
        })
    });
    if !pairable {
        return serde_json::from_value(value);
    }
    let mut taken = Vec::new();
    let entries = value.get_mut("devices").and_then(|d| d.as_array_mut());
    for entry in entries.into_iter().flatten() {
        let sections = entry.get_mut("sections").and_then(|s| s.as_array_mut());
        for section in sections.into_iter().flatten() {
            taken.push(section.as_object_mut().and_then(|o| o.remove("blocks")));
        }
    }
    let mut article: Article = serde_json::from_value(value)?;
    let mut taken = taken.into_iter();
    for section in article.devices.iter_mut().flat_map(|d| &mut d.sections) {
        if let Some(Some(body)) = taken.next() {
            section.blocks = bodies.from_value(body)?;
        }
    }
    Ok(article)
}

/// [`article_from_value`] straight from the text of a file that is known to
/// parse strictly and pass the article schema (the persisted index says so
/// for its bytes): no JSON value is built, and each section's `blocks` is
/// hashed as raw text and deserialized only if no equal text was seen in
/// `bodies` ([`intern::Bodies::from_raw`]).
pub fn article_from_str(
    text: &str,
    bodies: &std::sync::Arc<intern::Bodies>,
) -> Result<Article, serde_json::Error> {
    intern::with_table(bodies, || serde_json::from_str(text))
}

/// Sharing of identical section bodies.
///
/// A load owns one [`Bodies`](intern::Bodies) table, filled on every core
/// as articles are deserialized: each body is hashed with a per-process key
/// ([`crate::hash::Hasher128::keyed`], so content cannot be crafted to
/// collide with another body) and looked up. The first copy is kept; later
/// copies are dropped right away, so the memory they took is reused by the
/// next file instead of growing the process. The table goes when the load
/// ends; the bodies live on in the models that hold them.
///
/// Two live bodies at one address are the same allocation, hence equal, so
/// a memo keyed by a body's address is sound while it keeps its bodies
/// alive (see `drift::memo`).
pub mod intern {
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
            None => {
                Vec::<Block>::deserialize(d).map(|b| if b.is_empty() { none() } else { b.into() })
            }
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
            let seed = include_str!("../content/articles/NW-6-403.json");
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
            let body =
                |a: &Article, d: usize, s: usize| Arc::clone(&a.devices[d].sections[s].blocks);
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
}

/// Hand-written `Deserialize` for [`Inline`], [`Run`] and [`Block`].
///
/// They accept what the derived forms accepted (`untagged` for `Inline`
/// and `Run`; internally tagged by `type`, kebab-case, unknown fields
/// denied, for `Block`) with the same error messages, but dispatch on the
/// JSON type instead of buffering each value into serde's `Content` and
/// trying variants one by one: strings are moved, never cloned, when the
/// input is a `serde_json::Value`.
mod de {
    use super::{Block, CodeRef, Inline, Link, Run, Step, VarRef};
    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::Value;
    use std::fmt;

    const NO_INLINE: &str = "data did not match any variant of untagged enum Inline";
    const NO_RUN: &str = "data did not match any variant of untagged enum Run";

    impl<'de> Deserialize<'de> for Inline {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Inline, D::Error> {
            d.deserialize_any(InlineVisitor)
        }
    }

    struct InlineVisitor;

    impl<'de> Visitor<'de> for InlineVisitor {
        type Value = Inline;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or a list of runs")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Inline, E> {
            Ok(Inline::Plain(v.to_string()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Inline, E> {
            Ok(Inline::Plain(v))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Inline, A::Error> {
            let mut runs = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            // The untagged form reports any bad run as a bad Inline.
            while let Some(r) = seq
                .next_element::<Run>()
                .map_err(|_| de::Error::custom(NO_INLINE))?
            {
                runs.push(r);
            }
            Ok(Inline::Runs(runs))
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Inline, E> {
            Err(E::custom(NO_INLINE))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Inline, E> {
            Err(E::custom(NO_INLINE))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Inline, E> {
            Err(E::custom(NO_INLINE))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Inline, E> {
            Err(E::custom(NO_INLINE))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Inline, E> {
            Err(E::custom(NO_INLINE))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Inline, A::Error> {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            Err(de::Error::custom(NO_INLINE))
        }
    }

    impl<'de> Deserialize<'de> for Run {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Run, D::Error> {
            d.deserialize_any(RunVisitor)
        }
    }

    struct RunVisitor;

    impl<'de> Visitor<'de> for RunVisitor {
        type Value = Run;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string, a link, a code or a variable")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Run, E> {
            Ok(Run::Text(v.to_string()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Run, E> {
            Ok(Run::Text(v))
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Run, E> {
            Err(E::custom(NO_RUN))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Run, E> {
            Err(E::custom(NO_RUN))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Run, E> {
            Err(E::custom(NO_RUN))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Run, E> {
            Err(E::custom(NO_RUN))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Run, E> {
            Err(E::custom(NO_RUN))
        }
        /// Serde reads a struct from an array of its fields too, so the
        /// derived form took `[link, href]` as a link and `[code]` as a code.
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Run, A::Error> {
            let mut items = Vec::with_capacity(2);
            while let Some(MaybeString(s)) = seq.next_element()? {
                items.push(s);
            }
            let mut items = items.into_iter();
            match (items.next(), items.next(), items.next()) {
                (Some(Some(link)), Some(Some(href)), None) => Ok(Run::Link(Link { link, href })),
                (Some(Some(code)), None, None) => Ok(Run::Code(CodeRef { code })),
                _ => Err(de::Error::custom(NO_RUN)),
            }
        }
        /// An object fits exactly one of `{link, href}`, `{code}` and
        /// `{var}` (each with string values, nothing else).
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Run, A::Error> {
            let (mut link, mut href, mut code, mut var) = (None, None, None, None);
            let mut fits = true;
            while let Some(key) = map.next_key::<Key>()? {
                let slot = match key {
                    Key::Link => &mut link,
                    Key::Href => &mut href,
                    Key::Code => &mut code,
                    Key::Var => &mut var,
                    Key::Other => {
                        map.next_value::<de::IgnoredAny>()?;
                        fits = false;
                        continue;
                    }
                };
                let v = map.next_value::<MaybeString>()?.0;
                if v.is_none() || slot.is_some() {
                    fits = false;
                }
                *slot = v;
            }
            if fits {
                match (link, href, code, var) {
                    (Some(link), Some(href), None, None) => {
                        return Ok(Run::Link(Link { link, href }));
                    }
                    (None, None, Some(code), None) => return Ok(Run::Code(CodeRef { code })),
                    (None, None, None, Some(var)) => return Ok(Run::Var(VarRef { var })),
                    _ => {}
                }
            }
            Err(de::Error::custom(NO_RUN))
        }
    }

    /// The keys a run object may have.
    enum Key {
        Link,
        Href,
        Code,
        Var,
        Other,
    }

    impl<'de> Deserialize<'de> for Key {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = Key;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a key")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                    Ok(match v {
                        "link" => Key::Link,
                        "href" => Key::Href,
                        "code" => Key::Code,
                        "var" => Key::Var,
                        _ => Key::Other,
                    })
                }
            }
            d.deserialize_identifier(V)
        }
    }

    /// A string value (moved), or `None` for any other JSON value.
    struct MaybeString(Option<String>);

    impl<'de> Deserialize<'de> for MaybeString {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MaybeString, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = MaybeString;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("any JSON value")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<MaybeString, E> {
                    Ok(MaybeString(Some(v.to_string())))
                }
                fn visit_string<E: de::Error>(self, v: String) -> Result<MaybeString, E> {
                    Ok(MaybeString(Some(v)))
                }
                fn visit_bool<E: de::Error>(self, _: bool) -> Result<MaybeString, E> {
                    Ok(MaybeString(None))
                }
                fn visit_i64<E: de::Error>(self, _: i64) -> Result<MaybeString, E> {
                    Ok(MaybeString(None))
                }
                fn visit_u64<E: de::Error>(self, _: u64) -> Result<MaybeString, E> {
                    Ok(MaybeString(None))
                }
                fn visit_f64<E: de::Error>(self, _: f64) -> Result<MaybeString, E> {
                    Ok(MaybeString(None))
                }
                fn visit_unit<E: de::Error>(self) -> Result<MaybeString, E> {
                    Ok(MaybeString(None))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<MaybeString, A::Error> {
                    while s.next_element::<de::IgnoredAny>()?.is_some() {}
                    Ok(MaybeString(None))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<MaybeString, A::Error> {
                    while m.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                    Ok(MaybeString(None))
                }
            }
            d.deserialize_any(V)
        }
    }

    const VARIANTS: &[&str] = &["paragraph", "steps", "bullets", "note"];

    impl<'de> Deserialize<'de> for Block {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Block, D::Error> {
            d.deserialize_any(BlockVisitor)
        }
    }

    struct BlockVisitor;

    impl<'de> Visitor<'de> for BlockVisitor {
        type Value = Block;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("internally tagged enum Block")
        }
        /// The `type` may come after the fields (a `Value`'s keys are
        /// sorted), so the fields are kept as `Value`s (strings moved) until
        /// the type is known.
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Block, A::Error> {
            let mut tag: Option<String> = None;
            let mut fields: Vec<(String, Value)> = Vec::with_capacity(2);
            while let Some(key) = map.next_key::<String>()? {
                if key == "type" {
                    if tag.is_some() {
                        return Err(de::Error::duplicate_field("type"));
                    }
                    tag = Some(map.next_value()?);
                } else {
                    fields.push((key, map.next_value()?));
                }
            }
            let tag = tag.ok_or_else(|| de::Error::missing_field("type"))?;
            block(tag, fields)
        }

        /// The derived form also read `[type, field]`.
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Block, A::Error> {
            let tag: String = seq
                .next_element()?
                .ok_or_else(|| de::Error::missing_field("type"))?;
            let field = match tag.as_str() {
                "paragraph" | "note" => "text",
                _ => "items",
            };
            let mut fields = Vec::with_capacity(1);
            while let Some(v) = seq.next_element::<Value>()? {
                fields.push((field.to_string(), v));
            }
            block(tag, fields)
        }
    }

    /// A block from its `type` and its other fields.
    fn block<E: de::Error>(tag: String, fields: Vec<(String, Value)>) -> Result<Block, E> {
        let allowed: &'static [&'static str] = match tag.as_str() {
            "paragraph" | "note" => &["text"],
            "steps" | "bullets" => &["items"],
            other => return Err(de::Error::unknown_variant(other, VARIANTS)),
        };
        let mut value = None;
        for (key, v) in fields {
            if key != allowed[0] {
                return Err(de::Error::unknown_field(&key, allowed));
            }
            if value.is_some() {
                return Err(de::Error::duplicate_field(allowed[0]));
            }
            value = Some(v);
        }
        let value = value.ok_or_else(|| de::Error::missing_field(allowed[0]))?;
        let conv = |e: serde_json::Error| E::custom(e);
        Ok(match tag.as_str() {
            "paragraph" => Block::Paragraph {
                text: Inline::deserialize(value).map_err(conv)?,
            },
            "note" => Block::Note {
                text: Inline::deserialize(value).map_err(conv)?,
            },
            "steps" => Block::Steps {
                items: Vec::<Step>::deserialize(value).map_err(conv)?,
            },
            _ => Block::Bullets {
                items: Vec::<Inline>::deserialize(value).map_err(conv)?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn inline(v: serde_json::Value) -> Result<Inline, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }

    fn block(v: serde_json::Value) -> Result<Block, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }

    #[test]
    fn inlines_dispatch_on_the_json_type() {
        assert_eq!(inline(json!("hi")), Ok(Inline::Plain("hi".into())));
        let runs = json!(["a ", {"link": "l", "href": "h"}, {"code": "C-1"}, {"var": "noun"}]);
        let expected = Inline::Runs(vec![
            Run::Text("a ".into()),
            Run::Link(Link {
                link: "l".into(),
                href: "h".into(),
            }),
            Run::Code(CodeRef { code: "C-1".into() }),
            Run::Var(VarRef { var: "noun".into() }),
        ]);
        assert_eq!(inline(runs.clone()), Ok(expected.clone()));
        // From text too (the bench's "model straight from text").
        let from_text: Inline = serde_json::from_str(&runs.to_string()).unwrap();
        assert_eq!(from_text, expected);
    }

    #[test]
    fn misfits_fail_like_the_derived_untagged_enums() {
        let no_inline = "data did not match any variant of untagged enum Inline";
        for bad in [
            json!(1),
            json!(null),
            json!({"code": "X"}),
            json!([{"link": "only"}]),
            json!([{"code": "X", "var": "noun"}]),
            json!([{"code": 1}]),
            json!([{"code": "X", "extra": 1}]),
            json!([["a", "b", "c"]]),
        ] {
            assert_eq!(inline(bad.clone()), Err(no_inline.to_string()), "{bad}");
        }
        // Serde reads structs from arrays of their fields too.
        assert_eq!(
            inline(json!([["nested"], ["l", "h"]])),
            Ok(Inline::Runs(vec![
                Run::Code(CodeRef {
                    code: "nested".into()
                }),
                Run::Link(Link {
                    link: "l".into(),
                    href: "h".into()
                }),
            ]))
        );
        let run: Result<Run, _> = serde_json::from_value(json!({"var": "x", "href": "h"}));
        assert_eq!(
            run.unwrap_err().to_string(),
            "data did not match any variant of untagged enum Run"
        );
    }

    #[test]
    fn blocks_are_tagged_by_type() {
        assert_eq!(
            block(json!({"text": "x", "type": "note"})),
            Ok(Block::Note {
                text: Inline::Plain("x".into())
            })
        );
        assert_eq!(
            block(json!({"type": "steps", "items": [{"text": "a", "bullets": ["b"]}]})),
            Ok(Block::Steps {
                items: vec![Step {
                    text: Inline::Plain("a".into()),
                    bullets: vec![Inline::Plain("b".into())],
                }]
            })
        );
        assert_eq!(
            block(json!({"type": "bullets", "items": ["a", ["b"]]})),
            Ok(Block::Bullets {
                items: vec![
                    Inline::Plain("a".into()),
                    Inline::Runs(vec![Run::Text("b".into())])
                ]
            })
        );
        assert_eq!(
            block(json!({"type": "table", "text": "x"})),
            Err(
                "unknown variant `table`, expected one of `paragraph`, `steps`, `bullets`, `note`"
                    .into()
            )
        );
        assert_eq!(
            block(json!({"type": "paragraph", "items": []})),
            Err("unknown field `items`, expected `text`".into())
        );
        assert_eq!(
            block(json!({"type": "paragraph"})),
            Err("missing field `text`".into())
        );
        assert_eq!(
            block(json!({"text": "x"})),
            Err("missing field `type`".into())
        );
    }
}
