//! `disallowed-link`: links may point only at allowed domains, and a link
//! whose text shows an address must point there.

use super::context;
use crate::corpus::Loaded;
use crate::diag::{Diagnostic, Label, Loc};
use crate::model::{Article, Inline, Run};

super::declare_rule! {
    /// ## What it does
    /// Checks every link's `href`: it must be an `https://` (or `http://`)
    /// URL whose host is the help center's own domain, one of the
    /// `link_domains` of `helpcenter.json` or `link-domains` in
    /// `nwlint.toml`, or a subdomain of one. A link whose visible text is an
    /// address (`netflix.com/clearcookies`) must point at that address.
    ///
    /// ## Why
    /// Content arrives in pull requests. A link to an unexpected domain is at
    /// best a mistake and at worst phishing; a link that shows one address
    /// and opens another misleads readers.
    ///
    /// ## Example
    /// ```json
    /// {"link": "netflix.com/clearcookies", "href": "https://netflix.example.net/clearcookies"}
    /// ```
    ///
    /// ## How to fix
    /// Point the link at the right address. If the domain is legitimate,
    /// add it to `link-domains` in `nwlint.toml`.
    pub static RULE = { id: "disallowed-link", severity: Error, summary: "link points outside the allowed domains, or elsewhere than its text shows" };
}

/// The lower-cased host of an http(s) URL, without user info or port.
pub fn host_of(href: &str) -> Option<String> {
    let rest = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then(|| host.trim_end_matches('.').to_ascii_lowercase())
}

fn allowed(host: &str, domains: &[String]) -> bool {
    domains.iter().any(|d| {
        host == d
            || host
                .strip_suffix(d.as_str())
                .is_some_and(|p| p.ends_with('.'))
    })
}

/// Address shown by link text like `netflix.com/clearcookies`, normalized
/// for comparison (no scheme, no `www.`, lower-case host, no trailing `/`).
fn shown_address(text: &str) -> Option<String> {
    let t = text.trim();
    if t.contains(char::is_whitespace) {
        return None;
    }
    let t = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .unwrap_or(t);
    let (host, path) = t.split_once('/').unwrap_or((t, ""));
    let looks_like_domain = host.contains('.')
        && host
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    looks_like_domain.then(|| normalize(host, path))
}

fn normalize(host: &str, path: &str) -> String {
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    format!("{host}/{}", path.trim_end_matches('/'))
}

fn href_address(href: &str) -> Option<String> {
    let host = host_of(href)?;
    let rest = href.split_once("://")?.1;
    let path = rest.split_once('/').map_or("", |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or("");
    Some(normalize(&host, path))
}

/// Checks one article; `domains` from [`super::Ctx::link_domains`]
/// (`None`: unknown, since `helpcenter.json` did not load; then only
/// what needs no domain list is checked).
pub fn check<'a>(
    domains: Option<&[String]>,
    clean: &super::walk::Clean<'a>,
    art: &'a Loaded<Article>,
    out: &mut Vec<Diagnostic>,
) {
    {
        let code = &art.value.code;
        super::walk::inlines(&art.value, clean, out, |out, pointer, inline, place| {
            let Inline::Runs(runs) = inline else { return };
            for (ri, run) in runs.iter().enumerate() {
                let Run::Link(link) = run else { continue };
                let cx = || context(code, place.device.map(|d| d.1), place.section.map(|s| s.1));
                let at = Loc::Value(format!("{pointer}/{ri}/href"));
                match host_of(&link.href) {
                    None => out.push(
                        Diagnostic::new(&RULE, format!("link target `{}` is not an http(s) URL", crate::text::clip(&link.href, 80)), Label::new(art.file, at, "not a web address"))
                            .with_help("links point at https:// addresses")
                            .with_context(cx()),
                    ),
                    Some(host) if let Some(domains) = domains && !allowed(&host, domains) => out.push(
                        Diagnostic::new(&RULE, format!("link to `{}`, which is not an allowed domain", crate::text::clip(&host, 80)), Label::new(art.file, at, "domain not allowed"))
                            .with_help(format!("allowed: {} (and their subdomains); add a domain with `link-domains` in nwlint.toml", domains.join(", ")))
                            .with_context(cx()),
                    ),
                    Some(_) => {
                        if let (Some(shown), Some(target)) = (shown_address(&link.link), href_address(&link.href)) && shown != target {
                                out.push(
                                    Diagnostic::new(
                                        &RULE,
                                        format!("link shows `{}` but points to `{}`", crate::text::clip(&link.link, 80), crate::text::clip(&link.href, 80)),
                                        Label::new(art.file, at, "target differs from the text"),
                                    )
                                    .with_related(Label::new(art.file, Loc::Value(format!("{pointer}/{ri}/link")), "shown text"))
                                    .with_help("make the link text and target name the same address")
                                    .with_context(cx()),
                                );
                            }
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://www.Netflix.com/clear?x=1").as_deref(),
            Some("www.netflix.com")
        );
        assert_eq!(
            host_of("https://netflix.com@evil.example/x").as_deref(),
            Some("evil.example")
        );
        assert_eq!(host_of("https://fast.com:443").as_deref(), Some("fast.com"));
        assert_eq!(host_of("javascript:alert(1)"), None);
    }

    #[test]
    fn domains() {
        let d = vec!["netflix.com".to_string(), "fast.com".to_string()];
        assert!(allowed("help.netflix.com", &d));
        assert!(allowed("fast.com", &d));
        assert!(!allowed("evilnetflix.com", &d));
        assert!(!allowed("netflix.com.evil.example", &d));
    }

    #[test]
    fn shown_addresses() {
        assert_eq!(
            shown_address("netflix.com/clearcookies").as_deref(),
            Some("netflix.com/clearcookies")
        );
        assert_eq!(
            href_address("https://www.netflix.com/clearcookies").as_deref(),
            Some("netflix.com/clearcookies")
        );
        assert_eq!(shown_address("contact us"), None);
        assert_eq!(shown_address("fast.com"), href_address("https://fast.com"));
    }
}
