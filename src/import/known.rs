//! What the existing content teaches the import: section ids by title,
//! link targets by link text, note texts, fallback and related headings,
//! the registry's device names and nouns, and the allowed link domains.
//! Also the conversion of recovered text into runs: links and error codes.

use super::doc::Span;
use crate::load::Corpus;
use crate::model::{Block, CodeRef, Inline, Link, Run};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// One device of the registry.
#[derive(Debug, Clone)]
pub struct KnownDevice {
    pub id: String,
    pub name: String,
    pub nouns: Vec<String>,
}

/// What the corpus knows.
#[derive(Debug, Default)]
pub struct Known {
    /// Section title → id, first in corpus order.
    pub section_ids: HashMap<String, String>,
    /// Link text → target (`None`: several targets, so none is assumed).
    pub links: HashMap<String, Option<String>>,
    /// Visible text of every note.
    pub notes: HashSet<String>,
    pub fallback_titles: Vec<String>,
    pub related_titles: Vec<String>,
    pub devices: Vec<KnownDevice>,
    /// Allowed link domains (lowercase).
    pub domains: Vec<String>,
    pub locale: Option<String>,
    /// `$schema` of the corpus's articles.
    pub schema: Option<String>,
}

impl Known {
    pub fn from_corpus(corpus: &Corpus, extra_domains: &[String]) -> Known {
        let mut k = Known {
            fallback_titles: vec!["All other devices".into()],
            related_titles: vec!["Related Articles".into()],
            ..Known::default()
        };
        if let Some(r) = &corpus.registry {
            k.devices = r
                .value
                .devices
                .iter()
                .map(|d| KnownDevice {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    nouns: d.nouns.clone(),
                })
                .collect();
        }
        if let Some(h) = &corpus.helpcenter {
            k.domains.push(h.value.domain.to_ascii_lowercase());
            k.domains
                .extend(h.value.link_domains.iter().map(|d| d.to_ascii_lowercase()));
            k.locale = Some(h.value.default_locale.clone());
        }
        k.domains
            .extend(extra_domains.iter().map(|d| d.to_ascii_lowercase()));
        for a in &corpus.articles {
            let a = &a.value;
            k.schema.get_or_insert_with(|| a.schema.clone());
            for s in a.devices.iter().flat_map(|d| &d.sections) {
                if let Some(t) = &s.title {
                    k.section_ids
                        .entry(t.clone())
                        .or_insert_with(|| s.id.clone());
                }
                k.learn(&s.blocks);
            }
            if let Some(f) = &a.fallback {
                if !k.fallback_titles.contains(&f.title) {
                    k.fallback_titles.push(f.title.clone());
                }
                k.learn(&f.blocks);
            }
            if let Some(r) = &a.related
                && !k.related_titles.contains(&r.title)
            {
                k.related_titles.push(r.title.clone());
            }
        }
        for s in &corpus.snippets {
            k.section_ids
                .entry(s.value.title.clone())
                .or_insert_with(|| s.value.id.clone());
            k.learn(&s.value.blocks);
        }
        k
    }

    /// Learns the links and notes of some blocks.
    fn learn(&mut self, blocks: &[Block]) {
        let mut link = |i: &Inline| {
            if let Inline::Runs(runs) = i {
                for r in runs {
                    if let Run::Link(l) = r {
                        let e = self
                            .links
                            .entry(l.link.clone())
                            .or_insert_with(|| Some(l.href.clone()));
                        if e.as_deref() != Some(l.href.as_str()) {
                            *e = None;
                        }
                    }
                }
            }
        };
        for b in blocks {
            match b {
                Block::Paragraph { text } => link(text),
                Block::Note { text } => {
                    link(text);
                    self.notes.insert(text.plain_text());
                }
                Block::Bullets { items } => items.iter().for_each(&mut link),
                Block::Steps { items } => {
                    for s in items {
                        link(&s.text);
                        s.bullets.iter().for_each(&mut link);
                    }
                }
            }
        }
    }

    /// Whether `host` is an allowed link domain or below one.
    fn allowed(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.domains
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    }

    /// Spans as rich text: explicit links kept; in plain text (`infer`),
    /// link texts the corpus knows and bare URLs on allowed domains become
    /// links; error codes become code runs. One plain string when there
    /// are no runs.
    pub fn inline(&self, spans: &[Span], infer: bool) -> Inline {
        let mut runs: Vec<Run> = Vec::new();
        for s in spans {
            match s {
                Span::Link { text, href } => runs.push(Run::Link(Link {
                    link: text.clone(),
                    href: href.clone(),
                })),
                Span::Text(t) if infer => {
                    for piece in self.links_in(t) {
                        match piece {
                            Ok(text) => codes(text, &mut runs),
                            Err(link) => runs.push(Run::Link(link)),
                        }
                    }
                }
                Span::Text(t) => codes(t, &mut runs),
            }
        }
        match runs.as_slice() {
            [] => Inline::Plain(String::new()),
            [Run::Text(t)] => Inline::Plain(t.clone()),
            _ => Inline::Runs(runs),
        }
    }

    /// Splits plain text into text (`Ok`) and links (`Err`).
    fn links_in<'t>(&self, text: &'t str) -> Vec<Result<&'t str, Link>> {
        let mut found: Vec<(usize, usize, String)> = Vec::new();
        // Known link texts, longest first, at word boundaries.
        let mut known: Vec<(&String, &String)> = self
            .links
            .iter()
            .filter_map(|(t, h)| Some((t, h.as_ref()?)))
            .collect();
        known.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        for (t, href) in known {
            for (start, _) in text.match_indices(t.as_str()) {
                let end = start + t.len();
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                if word(text[..start].chars().next_back()) || word(text[end..].chars().next()) {
                    continue;
                }
                if !found.iter().any(|(s, e, _)| start < *e && *s < end) {
                    found.push((start, end, href.clone()));
                }
            }
        }
        for m in URL.find_iter(text) {
            let s = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
            let (start, end) = (m.start(), m.start() + s.len());
            if found.iter().any(|(a, b, _)| start < *b && *a < end) {
                continue;
            }
            let rest = s.split_once("://").map_or(s, |(_, r)| r);
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            if !self.allowed(host) {
                continue;
            }
            let href = if s.contains("://") {
                s.to_string()
            } else {
                format!("https://{s}")
            };
            found.push((start, end, href));
        }
        found.sort();
        let mut out = Vec::new();
        let mut at = 0;
        for (start, end, href) in found {
            if start > at {
                out.push(Ok(&text[at..start]));
            }
            out.push(Err(Link {
                link: text[start..end].to_string(),
                href,
            }));
            at = end;
        }
        if at < text.len() {
            out.push(Ok(&text[at..]));
        }
        out
    }
}

/// Bare domains and URLs: `fast.com`, `netflix.com/clearcookies`,
/// `https://help.netflix.com/x`.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b(?:/[^\s]*)?")
        .expect("valid regex")
});

/// Text with error codes (by the schema's error-code pattern) as code runs.
fn codes(text: &str, runs: &mut Vec<Run>) {
    let mut at = 0;
    for (start, end, word) in crate::rules::error_code::code_like_words(text) {
        push(runs, &text[at..start]);
        runs.push(Run::Code(CodeRef {
            code: word.to_string(),
        }));
        at = end;
    }
    push(runs, &text[at..]);
}

fn push(runs: &mut Vec<Run>, t: &str) {
    if t.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some(Run::Text(prev)) => prev.push_str(t),
        _ => runs.push(Run::Text(t.to_string())),
    }
}

/// A section id from a title: lowercase words joined by `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        let mut k = Known {
            domains: vec!["netflix.com".into(), "fast.com".into()],
            ..Known::default()
        };
        k.links.insert(
            "netflix.com/clearcookies".into(),
            Some("https://www.netflix.com/clearcookies".into()),
        );
        k.links.insert(
            "contact us".into(),
            Some("https://help.netflix.com/contactus".into()),
        );
        k
    }

    #[test]
    fn plain_text_gets_links_and_codes() {
        let k = known();
        let i = k.inline(
            &[Span::Text(
                "Go to netflix.com/clearcookies, fast.com or evil.example; contact us about NSEZ-403.".into(),
            )],
            true,
        );
        let json = crate::import::json::inline(&i).pretty();
        assert_eq!(
            json,
            r#"[
  "Go to ",
  {
    "link": "netflix.com/clearcookies",
    "href": "https://www.netflix.com/clearcookies"
  },
  ", ",
  {
    "link": "fast.com",
    "href": "https://fast.com"
  },
  " or evil.example; ",
  {
    "link": "contact us",
    "href": "https://help.netflix.com/contactus"
  },
  " about ",
  {
    "code": "NSEZ-403"
  },
  "."
]"#
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Restart your home network"),
            "restart-your-home-network"
        );
        assert_eq!(slug("Go to Netflix.com — now!"), "go-to-netflix-com-now");
        assert_eq!(slug("…"), "section");
    }
}
