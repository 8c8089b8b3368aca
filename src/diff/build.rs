//! Building a [`Comparison`] of two devices from the corpus: which
//! articles and sections are compared, and each matched pair of sections
//! unit by unit.

use super::*;
use crate::corpus::Loaded;

/// Compares two devices over the corpus. Errors: unknown devices, the same
/// device twice, an unknown `--article` or `--section`, nothing to compare.
pub fn compare(
    corpus: &Corpus,
    sources: &SourceMap,
    normalizer: &Normalizer,
    (a, b): (&str, &str),
    options: &Options,
) -> Result<Comparison, Fatal> {
    let (da, db) = devices(corpus, a, b)?;
    let articles = selected(corpus, options.article, options.locale)?;
    let mut code_count: HashMap<&str, usize> = HashMap::new();
    for art in &corpus.articles {
        *code_count.entry(&art.value.code).or_default() += 1;
    }
    let snippet_files: HashMap<&str, usize> = corpus
        .snippets
        .iter()
        .map(|s| (s.value.id.as_str(), s.file))
        .collect();
    let ctx = Build {
        sources,
        normalizer,
        snippets: &snippet_files,
        raw: options.raw,
    };
    let mut out = Vec::new();
    let mut one_sided = 0;
    let mut seen_sections: Vec<&str> = Vec::new();
    for art in articles {
        let Some((ea, eb)) = entries(art, (&da.id, &db.id), options, &mut one_sided)? else {
            continue;
        };
        let devices = &art.value.devices;
        for e in [&devices[ea], &devices[eb]] {
            seen_sections.extend(e.sections.iter().map(|s| s.id.as_str()));
        }
        let label = match (&art.value.locale, code_count[art.value.code.as_str()] > 1) {
            (Some(l), true) => format!("{}.{l}", art.value.code),
            _ => art.value.code.clone(),
        };
        let mut diff = ArticleDiff {
            code: art.value.code.clone(),
            locale: art.value.locale.clone(),
            label,
            path: sources.get(art.file).display.clone(),
            sections: Vec::new(),
            order: None,
        };
        let (a, b) = ((ea, &devices[ea]), (eb, &devices[eb]));
        ctx.article(&mut diff, art.file, a, b, options.section);
        if options.section.is_none() || !diff.sections.is_empty() {
            out.push(diff);
        }
    }
    if out.is_empty() {
        return Err(nothing_compared(
            corpus,
            (&da.id, &db.id),
            options,
            &seen_sections,
        ));
    }
    Ok(Comparison {
        a: da,
        b: db,
        normalized: !options.raw,
        articles: out,
        one_sided,
    })
}

/// The two devices, from the registry: known, and not the same one.
fn devices(corpus: &Corpus, a: &str, b: &str) -> Result<(DeviceSide, DeviceSide), Fatal> {
    let Some(registry) = &corpus.registry else {
        return Err(Fatal::new(
            "the device registry (devices.json) did not load; run `nwlint check`",
        ));
    };
    let (da, db) = (device(&registry.value, a)?, device(&registry.value, b)?);
    if da.id == db.id {
        return Err(Fatal::new(format!(
            "both devices are `{}`; name two different devices",
            da.id
        )));
    }
    Ok((da, db))
}

/// The articles to compare (only `article` if named), by code and locale.
fn selected<'c>(
    corpus: &'c Corpus,
    article: Option<&str>,
    locale: Option<&str>,
) -> Result<Vec<&'c Loaded<Article>>, Fatal> {
    let mut articles: Vec<&Loaded<Article>> = corpus.articles.iter().collect();
    if let Some(locale) = locale {
        let default =
            (corpus.helpcenter.as_ref()).map_or("en-US", |h| h.value.default_locale.as_str());
        articles.retain(|a| a.value.locale.as_deref().unwrap_or(default) == locale);
        if articles.is_empty() {
            return Err(Fatal::new(format!(
                "no article in the locale `{}` (that loaded without errors)",
                crate::text::clip(locale, 40)
            )));
        }
    }
    if let Some(code) = article {
        articles.retain(|art| art.value.code == code);
        if articles.is_empty() {
            let codes = corpus.articles.iter().map(|a| a.value.code.as_str());
            let hint = crate::text::closest(code, codes)
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| "`nwlint check` reports articles that failed to load".into());
            return Err(Fatal::new(format!(
                "no article `{}` (that loaded without errors)",
                crate::text::clip(code, 80)
            ))
            .with_help(hint));
        }
    }
    articles
        .sort_by(|x, y| (&x.value.code, &x.value.locale).cmp(&(&y.value.code, &y.value.locale)));
    Ok(articles)
}

/// The entries of both devices in `art`; `None` if it lacks one or both
/// (an article only one of them covers is counted in `one_sided`, and is
/// an error when it is the `--article` named).
fn entries(
    art: &Loaded<Article>,
    (a, b): (&str, &str),
    options: &Options,
    one_sided: &mut usize,
) -> Result<Option<(usize, usize)>, Fatal> {
    let entry = |id: &str| art.value.devices.iter().position(|e| e.device == id);
    let (x, y) = match (entry(a), entry(b)) {
        (Some(x), Some(y)) => return Ok(Some((x, y))),
        (None, None) => return Ok(None),
        pair => pair,
    };
    if options.article.is_some() {
        let lacking = if x.is_none() { a } else { b };
        let has: Vec<&str> = (art.value.devices.iter())
            .map(|e| e.device.as_str())
            .collect();
        return Err(Fatal::new(format!(
            "article `{}` has no entry for `{lacking}`",
            art.value.code
        ))
        .with_help(format!("it covers: {}", has.join(", "))));
    }
    // With --section, only articles where that section is at stake.
    let present = &art.value.devices[x.or(y).unwrap_or_default()];
    if (options.section).is_none_or(|id| present.sections.iter().any(|s| s.id == id)) {
        *one_sided += 1;
    }
    Ok(None)
}

/// Why nothing was compared: no such section in either device, or no
/// article with both.
fn nothing_compared(
    corpus: &Corpus,
    (a, b): (&str, &str),
    options: &Options,
    seen_sections: &[&str],
) -> Fatal {
    if let Some(section) = options.section
        && !seen_sections.is_empty()
    {
        let hint = crate::text::closest(section, seen_sections.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| {
                let mut ids = seen_sections.to_vec();
                ids.sort_unstable();
                ids.dedup();
                format!("sections of these devices: {}", ids.join(", "))
            });
        return Fatal::new(format!(
            "neither `{a}` nor `{b}` has a section `{}`",
            crate::text::clip(section, 80)
        ))
        .with_help(hint);
    }
    let covering = |id: &str| {
        let n = (corpus.articles.iter())
            .filter(|art| art.value.devices.iter().any(|e| e.device == id))
            .count();
        match n {
            0 => format!("`{id}` is in no article"),
            n => format!("`{id}` is in {}", plural(n, "article")),
        }
    };
    Fatal::new(format!("no article has entries for both `{a}` and `{b}`")).with_help(format!(
        "{}, {}",
        covering(a),
        covering(b)
    ))
}

/// Checks a device id against the registry.
fn device(registry: &DeviceRegistry, id: &str) -> Result<DeviceSide, Fatal> {
    if let Some(d) = registry.devices.iter().find(|d| d.id == id) {
        return Ok(DeviceSide {
            id: d.id.clone(),
            name: d.name.clone(),
        });
    }
    let ids: Vec<&str> = registry.devices.iter().map(|d| d.id.as_str()).collect();
    let mut message = format!("unknown device `{}`", crate::text::clip(id, 60));
    if let Some(s) = crate::text::closest(id, ids.iter().copied()) {
        message.push_str(&format!("; did you mean `{s}`?"));
    }
    Err(Fatal::new(message).with_help(format!("known devices: {}", ids.join(", "))))
}

/// What building needs besides the article.
struct Build<'a> {
    sources: &'a SourceMap,
    normalizer: &'a Normalizer,
    /// Snippet id → file.
    snippets: &'a HashMap<&'a str, usize>,
    raw: bool,
}

/// A section key: its id and which occurrence of that id it is.
type SectionKey<'a> = (&'a str, usize);

fn keyed(sections: &[Section]) -> Vec<SectionKey<'_>> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    sections
        .iter()
        .map(|s| {
            let n = seen.entry(&s.id).or_default();
            *n += 1;
            (s.id.as_str(), *n - 1)
        })
        .collect()
}

impl Build<'_> {
    fn article(
        &self,
        diff: &mut ArticleDiff,
        file: usize,
        (ia, ea): (usize, &DeviceEntry),
        (ib, eb): (usize, &DeviceEntry),
        only: Option<&str>,
    ) {
        let (ka, kb) = (keyed(&ea.sections), keyed(&eb.sections));
        let pos_b: HashMap<SectionKey, usize> =
            kb.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let in_a: HashSet<SectionKey> = ka.iter().copied().collect();

        // Sections only the second device has go after the shared section
        // they follow there (and after the first device's own sections).
        let mut anchored: HashMap<Option<SectionKey>, Vec<usize>> = HashMap::new();
        let mut anchor = None;
        for (j, k) in kb.iter().enumerate() {
            if in_a.contains(k) {
                anchor = Some(*k);
            } else {
                anchored.entry(anchor).or_default().push(j);
            }
        }
        let side = |entry: (usize, &DeviceEntry), si: usize| {
            self.side(file, entry.0, &entry.1.device, &entry.1.sections[si], si)
        };
        let mut push = |d: SectionDiff| {
            if only.is_none_or(|id| id == d.id) {
                diff.sections.push(d);
            }
        };
        let mut pending = anchored.remove(&None).unwrap_or_default();
        for (i, k) in ka.iter().enumerate() {
            let Some(&j) = pos_b.get(k) else {
                push(SectionDiff {
                    id: k.0.to_string(),
                    status: Status::OnlyA,
                    a: Some(side((ia, ea), i)),
                    b: None,
                    ops: Vec::new(),
                });
                continue;
            };
            for j in pending.drain(..) {
                push(only_b(kb[j].0, side((ib, eb), j)));
            }
            let (sa, sb) = (side((ia, ea), i), side((ib, eb), j));
            let keys_a: Vec<Key> = sa.items.iter().map(Item::key).collect();
            let keys_b: Vec<Key> = sb.items.iter().map(Item::key).collect();
            let ops = align::align(&keys_a, &keys_b, Count::Words);
            let differs = ops.iter().any(|op| op.is_change());
            push(SectionDiff {
                id: k.0.to_string(),
                status: if differs {
                    Status::Different
                } else {
                    Status::Identical
                },
                a: Some(sa),
                b: Some(sb),
                ops,
            });
            pending = anchored.remove(&Some(*k)).unwrap_or_default();
        }
        for j in pending {
            push(only_b(kb[j].0, side((ib, eb), j)));
        }

        if only.is_none() {
            let shared_a: Vec<String> = ka
                .iter()
                .filter(|k| pos_b.contains_key(k))
                .map(|k| k.0.to_string())
                .collect();
            let shared_b: Vec<String> = kb
                .iter()
                .filter(|k| in_a.contains(k))
                .map(|k| k.0.to_string())
                .collect();
            if shared_a != shared_b {
                diff.order = Some((shared_a, shared_b));
            }
        }
    }

    /// One device's copy of a section, as items.
    fn side(
        &self,
        article_file: usize,
        entry: usize,
        device: &str,
        section: &Section,
        si: usize,
    ) -> SectionSide {
        let base = format!("/devices/{entry}/sections/{si}");
        // Snippet sections: the loader filled in the blocks (and the title,
        // if the section has none) from the snippet file.
        let snippet_file = section
            .snippet
            .as_deref()
            .and_then(|id| self.snippets.get(id).copied());
        let (blocks_file, blocks_base) = match snippet_file {
            Some(f) => (f, "/blocks".to_string()),
            None => (article_file, format!("{base}/blocks")),
        };
        let title_at = match (&section.title, snippet_file) {
            (None, Some(f)) => (f, "/title".to_string()),
            _ => (article_file, format!("{base}/title")),
        };
        let title = section.title.clone().unwrap_or_else(|| section.id.clone());
        let dev = Some(device);
        let mut items = vec![self.item(
            ItemKind::Title,
            self.compared(&title, self.normalizer.text(dev, &title)),
            title.clone(),
            title_at,
        )];
        if section.snippet.is_some() && snippet_file.is_none() {
            let marker = format!(
                "[missing snippet: {}]",
                section.snippet.as_deref().unwrap_or_default()
            );
            items.push(self.item(
                ItemKind::Unit(UnitKind::Paragraph),
                marker.clone(),
                marker,
                (article_file, format!("{base}/snippet")),
            ));
        }
        for unit in self.normalizer.units(dev, &section.blocks) {
            let text = self.compared(&unit.raw, unit.text);
            items.push(self.item(
                ItemKind::Unit(unit.kind),
                text,
                unit.raw,
                (blocks_file, format!("{blocks_base}{}", unit.pointer)),
            ));
        }
        let f = self.sources.get(article_file);
        SectionSide {
            title,
            path: f.display.clone(),
            line: f.position(&Loc::Value(base)).map(|p| p.line),
            items,
        }
    }

    fn compared(&self, raw: &str, normalized: String) -> String {
        if self.raw {
            raw.to_string()
        } else {
            normalized
        }
    }

    fn item(&self, kind: ItemKind, text: String, raw: String, at: (usize, String)) -> Item {
        let f = self.sources.get(at.0);
        Item {
            kind,
            text,
            raw,
            path: f.display.clone(),
            line: f.position(&Loc::Value(at.1.clone())).map(|p| p.line),
            pointer: at.1,
        }
    }
}

fn only_b(id: &str, side: SectionSide) -> SectionDiff {
    SectionDiff {
        id: id.to_string(),
        status: Status::OnlyB,
        a: None,
        b: Some(side),
        ops: Vec::new(),
    }
}
