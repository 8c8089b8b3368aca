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
    /// Locales articles are translated into (besides the default).
    #[serde(default)]
    pub locales: Vec<String>,
    /// Per locale: a source link's target → the translation's equivalent.
    #[serde(default)]
    pub locale_links:
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
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
#[derive(Debug, Clone, Default, Deserialize)]
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
    /// Match the name and nouns in any letter case (default: as written,
    /// a first letter in either case).
    #[serde(default)]
    pub nouns_any_case: bool,
}

impl Device {
    /// The noun at `index`; the first noun when the device has fewer, its
    /// name when it has none.
    pub fn noun(&self, index: usize) -> &str {
        (self.nouns.get(index).or(self.nouns.first())).map_or(&self.name, String::as_str)
    }
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
    /// `name` (the device's display name) or `noun` (one of its nouns).
    pub var: String,
    /// For `noun`: which of the device's nouns (from 0; the first when
    /// absent or past the device's last noun).
    #[serde(default)]
    pub index: Option<usize>,
}

impl VarRef {
    /// What this variable says for `device` (None for an unknown variable).
    pub fn fill<'d>(&self, device: &'d Device) -> Option<&'d str> {
        match self.var.as_str() {
            "name" => Some(&device.name),
            "noun" => Some(device.noun(self.index.unwrap_or(0))),
            _ => None,
        }
    }
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

pub mod intern;

mod de;

#[cfg(test)]
mod tests;
