//! Small commands built on the loaded workspace: `render`.

use crate::diag::Fatal;
use crate::workspace::{self, clean};
use std::path::Path;

/// What `nwlint render` renders.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Article code (e.g. NW-6-403) or path to an article file.
    pub article: String,
    pub format: crate::render::Format,
    /// Locale, when the article exists in several.
    pub locale: Option<String>,
    pub workspace: workspace::Options,
}

/// `nwlint render <CODE|PATH>`, into `out`.
pub fn render(args: &RenderOptions, out: &mut dyn std::io::Write) -> Result<u8, Fatal> {
    let config = workspace::config(&args.workspace)?;
    let roots = workspace::roots(&config, None)?;
    let ws = workspace::open(config, roots)?;
    let corpus = &ws.loading.corpus;
    let Some(registry) = &corpus.registry else {
        return Err(Fatal::new(
            "the device registry (devices.json) did not load; run `nwlint check`",
        ));
    };
    let as_path = Path::new(&args.article);
    let found = if args.article.ends_with(".json") || args.article.contains('/') {
        let want = clean(as_path);
        if !want.starts_with(&ws.roots.content) {
            return Err(Fatal::new(format!(
                "`{}` is outside the content root `{}`",
                args.article,
                ws.roots.content.display()
            )));
        }
        corpus
            .articles
            .iter()
            .find(|a| clean(&ws.loading.sources.get(a.file).path) == want)
    } else {
        let mut matches = corpus
            .articles
            .iter()
            .filter(|a| a.value.code == args.article);
        match &args.locale {
            Some(l) => matches.find(|a| a.value.locale.as_deref() == Some(l.as_str())),
            None => matches.next(),
        }
    };
    let Some(article) = found else {
        let codes: Vec<&str> = corpus
            .articles
            .iter()
            .map(|a| a.value.code.as_str())
            .collect();
        let hint = crate::text::closest(&args.article, codes.iter().copied())
            .map(|c| format!("did you mean `{c}`?"))
            .unwrap_or_else(|| "`nwlint check` reports articles that failed to load".into());
        return Err(Fatal::new(format!(
            "no article `{}` (that loaded without errors) in `{}`",
            crate::text::clip(&args.article, 80),
            ws.roots.content.display()
        ))
        .with_help(hint));
    };
    let snippets: Vec<crate::model::Snippet> =
        corpus.snippets.iter().map(|s| s.value.clone()).collect();
    let text = crate::render::render_with_snippets(
        &article.value,
        &registry.value,
        &snippets,
        args.format,
    );
    crate::diag::output_written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))?;
    Ok(0)
}
