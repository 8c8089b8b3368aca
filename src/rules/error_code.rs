//! `error-code`: error codes in an article's title and intro must be its own.

use super::context;
use crate::corpus::Loaded;
use crate::diag::{Diagnostic, Label, Loc};
use crate::model::Article;
use regex::Regex;
use std::sync::LazyLock;

super::declare_rule! {
    /// ## What it does
    /// Checks the error codes an article shows about itself: a code in the
    /// title, and the code references (`{"code": …}`) in the intro, must be
    /// the article's own `code`. Also reports error-code-looking words in
    /// plain text that are not marked as code references.
    ///
    /// ## Why
    /// Readers arrive by searching for the code on their screen. A typo in
    /// the code (`NW-6-430` for `NW-6-403`) makes the article unfindable or
    /// sends them to the wrong fix. Unmarked codes cannot be checked or
    /// linked.
    ///
    /// ## Example
    /// ```json
    /// "intro": ["If you see the error code ", {"code": "NW-6-430"}, " with the following message:"]
    /// ```
    /// in `NW-6-403.json`.
    ///
    /// ## How to fix
    /// Correct the code; mark codes in running text as `{"code": "NSEZ-403"}`.
    pub static RULE = { id: "error-code", severity: Error, summary: "error code in title or intro differs from the article's code, or is not marked" };
}

/// Words that look like error codes: upper-case letters, then dash-separated
/// parts, with at least one digit somewhere.
static CODE_LIKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b").expect("valid regex"));

/// Code-like words in `text` that contain a digit, with byte ranges.
pub fn code_like_words(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    CODE_LIKE
        .find_iter(text)
        .filter(|m| m.as_str().bytes().any(|b| b.is_ascii_digit()))
        .map(|m| (m.start(), m.end(), m.as_str()))
}

/// Checks one article.
pub fn check<'a>(
    art: &'a Loaded<Article>,
    clean: &super::walk::Clean<'a>,
    out: &mut Vec<Diagnostic>,
) {
    {
        let a = &art.value;
        let cx = || context(&a.code, None, None);
        for (s, e, word) in code_like_words(&a.title) {
            if word != a.code {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        format!("title names `{word}` but this article is `{}`", a.code),
                        Label::new(
                            art.file,
                            Loc::InString {
                                pointer: "/title".into(),
                                start: s,
                                end: e,
                            },
                            "not this article's code",
                        ),
                    )
                    .with_help(format!("use `{}`", a.code))
                    .with_context(cx()),
                );
            }
        }
        if let crate::model::Inline::Runs(runs) = &a.intro {
            for (ri, run) in runs.iter().enumerate() {
                if let crate::model::Run::Code(c) = run
                    && c.code != a.code
                {
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            format!("intro names `{}` but this article is `{}`", c.code, a.code),
                            Label::new(
                                art.file,
                                Loc::Value(format!("/intro/{ri}/code")),
                                "not this article's code",
                            ),
                        )
                        .with_help(format!("use `{}`", a.code))
                        .with_context(cx()),
                    );
                }
            }
        }
        super::walk::inlines(a, clean, out, |out, pointer, inline, place| {
            // The text runs, without collecting `inline.runs()`.
            let texts: &mut dyn Iterator<Item = (usize, &str)> = match inline {
                crate::model::Inline::Plain(s) => &mut std::iter::once((0, s.as_str())),
                crate::model::Inline::Runs(runs) => {
                    &mut runs.iter().enumerate().filter_map(|(ri, r)| match r {
                        crate::model::Run::Text(t) => Some((ri, t.as_str())),
                        _ => None,
                    })
                }
            };
            for (ri, t) in texts {
                for (s, e, word) in code_like_words(t) {
                    let p = match inline {
                        crate::model::Inline::Plain(_) => pointer.to_string(),
                        crate::model::Inline::Runs(_) => format!("{pointer}/{ri}"),
                    };
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            format!("`{word}` looks like an error code but is not marked as one"),
                            Label::new(
                                art.file,
                                Loc::InString {
                                    pointer: p,
                                    start: s,
                                    end: e,
                                },
                                "unmarked error code",
                            ),
                        )
                        .with_help(format!(
                            "write it as a code reference: {{\"code\": \"{word}\"}}"
                        ))
                        .with_context(context(
                            &a.code,
                            place.device.map(|d| d.1),
                            place.section.map(|s| s.1),
                        )),
                    );
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_code_like_words() {
        let words: Vec<_> =
            code_like_words("Error NW-6-403 and NSEZ-403, not Wi-Fi or X/S or UI-ABC")
                .map(|w| w.2)
                .collect();
        assert_eq!(words, ["NW-6-403", "NSEZ-403"]);
    }
}
