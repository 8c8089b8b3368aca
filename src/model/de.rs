//! Hand-written `Deserialize` for [`Inline`], [`Run`] and [`Block`].
//!
//! They accept what the derived forms accepted (`untagged` for `Inline`
//! and `Run`; internally tagged by `type`, kebab-case, unknown fields
//! denied, for `Block`) with the same error messages, but dispatch on the
//! JSON type instead of buffering each value into serde's `Content` and
//! trying variants one by one: strings are moved, never cloned, when the
//! input is a `serde_json::Value`.

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
    /// An object fits exactly one of `{link, href}`, `{code}`, `{var}`
    /// and `{var: "noun", index}` (string values, a whole-number index,
    /// nothing else).
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Run, A::Error> {
        let (mut link, mut href, mut code, mut var) = (None, None, None, None);
        let mut index = None;
        let mut fits = true;
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::Index => {
                    let v = map.next_value::<serde_json::Value>()?;
                    fits &= index.is_none();
                    index = Some(v.as_u64().and_then(|i| usize::try_from(i).ok()));
                    continue;
                }
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
        if fits && index.is_some() {
            return match (link, href, code, var, index) {
                (None, None, None, Some(var), Some(Some(i))) if var == "noun" => {
                    Ok(Run::Var(VarRef {
                        var,
                        index: Some(i),
                    }))
                }
                _ => Err(de::Error::custom(NO_RUN)),
            };
        }
        if fits {
            match (link, href, code, var) {
                (Some(link), Some(href), None, None) => {
                    return Ok(Run::Link(Link { link, href }));
                }
                (None, None, Some(code), None) => return Ok(Run::Code(CodeRef { code })),
                (None, None, None, Some(var)) => {
                    return Ok(Run::Var(VarRef { var, index: None }));
                }
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
    Index,
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
                    "index" => Key::Index,
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
