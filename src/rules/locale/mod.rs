//! Translation parity: each translation (`articles/<CODE>.<locale>.json`)
//! against its source article (`articles/<CODE>.json`, the default
//! locale): the same structure ([`structure`]), the same links and error
//! codes ([`references`]), and what is not translated yet
//! ([`untranslated`]).

pub mod references;
pub mod structure;
pub mod untranslated;

use super::Ctx;
use crate::corpus::Loaded;
use crate::diag::{Diagnostic, Label, Loc};
use crate::model::{Article, DeviceEntry};

/// A translation and the article it translates.
pub struct Pair<'a> {
    pub source: &'a Loaded<Article>,
    pub translation: &'a Loaded<Article>,
    pub locale: &'a str,
}

/// The help center's default locale.
pub fn default_locale<'a>(ctx: &Ctx<'a>) -> &'a str {
    (ctx.corpus.helpcenter.as_ref()).map_or("en-US", |h| h.value.default_locale.as_str())
}

/// Every translation whose source article loaded, in corpus order.
pub fn pairs<'a>(ctx: &Ctx<'a>) -> Vec<Pair<'a>> {
    let default = default_locale(ctx);
    let is_source = |a: &Article| a.locale.as_deref().is_none_or(|l| l == default);
    let sources: std::collections::HashMap<&str, &Loaded<Article>> = (ctx.corpus.articles.iter())
        .filter(|a| is_source(&a.value))
        .map(|a| (a.value.code.as_str(), a))
        .collect();
    (ctx.corpus.articles.iter())
        .filter(|a| !is_source(&a.value))
        .filter_map(|t| {
            Some(Pair {
                source: sources.get(t.value.code.as_str())?,
                translation: t,
                locale: t.value.locale.as_deref()?,
            })
        })
        .collect()
}

/// Runs the three rules: findings in corpus order, rule by rule.
pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let pairs = pairs(ctx);
    for pair in &pairs {
        structure::check(pair, out);
    }
    for pair in &pairs {
        references::check(ctx, pair, out);
    }
    untranslated::check(ctx, &pairs, out);
}

/// The first entry of `device` in `article`, with its index.
fn entry<'a>(article: &'a Article, device: &str) -> Option<(usize, &'a DeviceEntry)> {
    article
        .devices
        .iter()
        .enumerate()
        .find(|(_, e)| e.device == device)
}

/// A label at `pointer` of an article's file.
fn at(art: &Loaded<Article>, pointer: String, text: impl Into<String>) -> Label {
    Label::new(art.file, Loc::Value(pointer), text)
}
