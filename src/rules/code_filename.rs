//! `code-filename`: an article's code (and locale) must match its file name.

use super::{Ctx, context};
use crate::corpus::Loaded;
use crate::diag::{Diagnostic, Fix, Label, Loc};
use crate::model::Article;

super::declare_rule! {
    /// ## What it does
    /// Checks that `articles/<CODE>.json` holds the article whose `code` is
    /// `<CODE>`, and that `articles/<CODE>.<locale>.json` holds that locale.
    ///
    /// ## Why
    /// The file name is how people and tools find an article. A copied file
    /// whose code was not updated publishes the wrong article under the
    /// right name, or two articles under one code.
    ///
    /// ## Example
    /// `articles/NW-6-404.json` containing `"code": "NW-6-403"`.
    ///
    /// ## How to fix
    /// Rename the file or fix the `code`, whichever is wrong.
    pub static RULE = { id: "code-filename", severity: Error, summary: "article code or locale differs from its file name", fix: "sets the article's code to its file name's, when that is a plausible code" };
}

/// Checks one article.
pub fn check(ctx: &Ctx, art: &Loaded<Article>, out: &mut Vec<Diagnostic>) {
    {
        let file = ctx.sources.get(art.file);
        let name = file.display.rsplit('/').next().unwrap_or(&file.display);
        let stem = name.strip_suffix(".json").unwrap_or(name);
        let (code, locale) = match stem.split_once('.') {
            Some((c, l)) => (c, Some(l)),
            None => (stem, None),
        };
        let a = &art.value;
        if a.code != code {
            let plausible = !code.is_empty()
                && (code.chars()).all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            let fix = plausible.then(|| {
                let title = format!("set the code to `{code}`, as the file is named");
                Fix::set_string(title, art.file, "/code", code)
            });
            let d = Diagnostic::new(
                &RULE,
                format!(
                    "article code `{}` does not match its file name `{name}`",
                    a.code
                ),
                Label::new(
                    art.file,
                    Loc::Value("/code".into()),
                    format!("expected `{code}`"),
                ),
            )
            .with_help(format!(
                "rename the file to `{}.json`, or set `\"code\": \"{code}\"`",
                a.code
            ))
            .with_context(context(&a.code, None, None));
            out.push(match fix {
                Some(fix) => d.with_fix(fix),
                None => d,
            });
        }
        if let Some(locale) = locale
            && a.locale.as_deref() != Some(locale)
        {
            let (loc, found) = match &a.locale {
                Some(l) => (Loc::Value("/locale".into()), format!("`{l}`")),
                None => (Loc::Value(String::new()), "no locale".to_string()),
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("file name says locale `{locale}` but the article has {found}"),
                    Label::new(art.file, loc, format!("expected `{locale}`")),
                )
                .with_context(context(&a.code, None, None)),
            );
        }
    }
}
