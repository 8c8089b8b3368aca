//! Translation parity rules (`locale-structure`, `locale-references`,
//! `untranslated`) on a fr-FR translation of the shipped article, one
//! kind of difference at a time.

mod common;

use common::{line_col, nwlint, shipped_project, stdout};
use std::path::Path;

const SOURCE: &str = "content/articles/NW-6-403.json";
const FR: &str = "content/articles/NW-6-403.fr-FR.json";

/// A fr-FR "translation": the source with its locale changed, its titles
/// translated, and `edit` applied.
fn translate(dir: &Path, edit: impl Fn(String) -> String) -> String {
    let text = std::fs::read_to_string(dir.join(SOURCE))
        .unwrap()
        .replace("\"locale\": \"en-US\"", "\"locale\": \"fr-FR\"")
        .replace(
            "Restart your home network",
            "Redémarrer votre réseau domestique",
        );
    let text = edit(text);
    std::fs::write(dir.join(FR), &text).unwrap();
    text
}

/// The concise lines of one rule.
fn findings(dir: &Path, rule: &str) -> (Option<i32>, Vec<String>) {
    let o = nwlint(dir, &["check", "--format", "concise"]);
    let lines = stdout(&o)
        .lines()
        .filter(|l| l.contains(&format!("[{rule}]")))
        .map(str::to_string)
        .collect();
    (o.status.code(), lines)
}

/// `path:line:col` of the `n`th (from 0) `needle` after `after` in `text`.
fn at(text: &str, after: &str, needle: &str) -> String {
    let from = text.find(after).unwrap();
    let off = from + text[from..].find(needle).unwrap();
    let (l, c) = line_col(text, off);
    format!("{FR}:{l}:{c}")
}

#[test]
fn a_faithful_translation_has_no_structure_or_reference_findings() {
    let dir = shipped_project();
    translate(dir.path(), |t| t);
    for rule in ["locale-structure", "locale-references"] {
        let (code, lines) = findings(dir.path(), rule);
        assert_eq!(code, Some(0));
        assert!(lines.is_empty(), "{rule}: {lines:#?}");
    }
}

#[test]
fn a_missing_step_is_located_in_the_translation() {
    let dir = shipped_project();
    let text = translate(dir.path(), |t| {
        let ps4 = t.find("\"device\": \"ps4\"").unwrap();
        let step = "                {\n                  \"text\": \"Unplug your modem (and your wireless router, if it's a separate device) from power for 30 seconds.\"\n                },\n";
        let at = ps4 + t[ps4..].find(step).unwrap();
        format!("{}{}", &t[..at], &t[at + step.len()..])
    });
    let (code, lines) = findings(dir.path(), "locale-structure");
    assert_eq!(code, Some(0));
    let ps4 = text.find("\"device\": \"ps4\"").unwrap();
    let restart = ps4 + text[ps4..].find("\"id\": \"restart-network\"").unwrap();
    let items = restart + text[restart..].find("\"items\": [").unwrap() + "\"items\": ".len();
    let (l, c) = line_col(&text, items);
    assert_eq!(
        lines,
        [format!(
            "{FR}:{l}:{c}: warning[locale-structure] `restart-network` for `ps4` has 3 steps where the source has 4"
        )]
    );
}

#[test]
fn devices_sections_and_bullets_that_differ_are_each_reported() {
    let dir = shipped_project();
    let text = translate(dir.path(), |t| {
        // roku's entry goes; blu-ray's sections swap; a bullet goes.
        let roku = t.find("    {\n      \"device\": \"roku\"").unwrap();
        let next = roku
            + t[roku..]
                .find("    {\n      \"device\": \"set-top-box\"")
                .unwrap();
        let t = format!("{}{}", &t[..roku], &t[next..]);
        let t = t.replacen(
            "\"id\": \"restart-network\",\n          \"title\": \"Redémarrer",
            "\"id\": \"restart-networks\",\n          \"title\": \"Redémarrer",
            1,
        );
        t.replacen(
            ",\n                    \"If you don't get an error, continue to the next steps.\"",
            "",
            1,
        )
    });
    let (code, lines) = findings(dir.path(), "locale-structure");
    assert_eq!(
        code,
        Some(0),
        "{}",
        stdout(&nwlint(dir.path(), &["check", "--format", "concise"]))
    );
    let msgs: Vec<&str> = lines
        .iter()
        .map(|l| l.split("] ").nth(1).unwrap())
        .collect();
    assert_eq!(
        msgs,
        [
            "`roku` of the source is missing from the fr-FR translation",
            "`restart-network` of the source is missing for `blu-ray`",
            "`sign-in-check` for `blu-ray` has 1 bullet under step 4 where the source has 2",
            "`restart-networks` for `blu-ray` is not in the source article",
        ]
    );
    assert!(
        lines[0].starts_with(&at(&text, "\"devices\"", "[")),
        "{}",
        lines[0]
    );
    assert!(lines[3].starts_with(&at(&text, "\"devices\"", "\"restart-networks\"")));
}

#[test]
fn links_and_codes_must_be_the_sources_or_their_declared_equivalents() {
    let dir = shipped_project();
    let text = translate(dir.path(), |t| {
        t.replacen("netflix.com/clearcookies", "netflix.com/fr/clearcookies", 2)
            .replacen("\"code\": \"NSEZ-403\"", "\"code\": \"NSEZ-404\"", 1)
    });
    let (code, lines) = findings(dir.path(), "locale-references");
    assert_eq!(
        code,
        Some(0),
        "{}",
        stdout(&nwlint(dir.path(), &["check", "--format", "concise"]))
    );
    assert_eq!(
        lines,
        [format!(
            "{}: warning[locale-references] the fr-FR translation links to `https://www.netflix.com/fr/clearcookies` where the source has `https://www.netflix.com/clearcookies`",
            at(
                &text,
                "\"link\"",
                "\"https://www.netflix.com/fr/clearcookies\""
            )
        )]
    );
    // The code is in the same section: after the link is fixed, it shows.
    std::fs::write(
        dir.path().join(FR),
        text.replacen("netflix.com/fr/clearcookies", "netflix.com/clearcookies", 2),
    )
    .unwrap();
    let (_, lines) = findings(dir.path(), "locale-references");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].ends_with(
        "the fr-FR translation names the error code `NSEZ-404` where the source has `NSEZ-403`"
    ));

    // A declared equivalent is the right target for that locale.
    let hc = dir.path().join("content/helpcenter.json");
    let declared = std::fs::read_to_string(&hc).unwrap().replace(
        "\"default_locale\": \"en-US\"",
        "\"default_locale\": \"en-US\",\n  \"locale_links\": {\"fr-FR\": {\"https://www.netflix.com/clearcookies\": \"https://www.netflix.com/fr/clearcookies\"}}",
    );
    std::fs::write(&hc, declared).unwrap();
    let everywhere = text.replace("netflix.com/clearcookies", "netflix.com/fr/clearcookies");
    std::fs::write(dir.path().join(FR), everywhere).unwrap();
    let (_, lines) = findings(dir.path(), "locale-references");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("NSEZ-404"));
}

#[test]
fn untranslated_articles_and_sections_are_advice() {
    let dir = shipped_project();
    let hc = dir.path().join("content/helpcenter.json");
    let text = std::fs::read_to_string(&hc).unwrap().replace(
        "\"default_locale\": \"en-US\"",
        "\"default_locale\": \"en-US\",\n  \"locales\": [\"fr-FR\"]",
    );
    std::fs::write(&hc, text).unwrap();
    let (code, lines) = findings(dir.path(), "untranslated");
    assert_eq!(code, Some(0));
    let source = std::fs::read_to_string(dir.path().join(SOURCE)).unwrap();
    let (l, c) = common::pos(&source, "\"NW-6-403\"");
    assert_eq!(
        lines,
        [format!(
            "{SOURCE}:{l}:{c}: advice[untranslated] NW-6-403 has no fr-FR translation"
        )]
    );
    // With the translation, only the sections still in English are left:
    // every one but the translated restart-network copies.
    translate(dir.path(), |t| t);
    let (_, lines) = findings(dir.path(), "untranslated");
    assert!(lines.iter().all(|l| l.starts_with(FR)), "{lines:#?}");
    assert!(
        lines.iter().all(|l| !l.contains("`restart-network`")),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| {
        l.contains("`sign-in-check` for `ps4` in the fr-FR translation is the source's text")
    }));
}

#[test]
fn the_shipped_content_has_no_locale_findings() {
    let o = nwlint(&common::repo(), &["check", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stdout(&o).contains("[locale-") && !stdout(&o).contains("[untranslated]"));
}

#[test]
fn diff_locales_shows_the_structure_side_by_side_and_marks_what_differs() {
    let dir = shipped_project();
    translate(dir.path(), |t| {
        t.replacen(
            ",\n                    \"If you don't get an error, continue to the next steps.\"",
            "",
            1,
        )
    });
    let o = nwlint(dir.path(), &["diff", "--locales", "en-US", "fr-FR"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "NW-6-403: en-US (content/articles/NW-6-403.json) | fr-FR (content/articles/NW-6-403.fr-FR.json)"
    );
    let marked: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with('≠'))
        .copied()
        .collect();
    assert_eq!(marked.len(), 1, "{out}");
    assert!(
        marked[0].contains("sign-in-check [4 steps (4:•2)]"),
        "{out}"
    );
    assert!(
        marked[0].ends_with("| sign-in-check [4 steps (4:•1)]"),
        "{out}"
    );
    assert!(out.contains("restart-network [9 steps + note]"), "{out}");

    // Faithful structure: exit 0, nothing marked.
    translate(dir.path(), |t| t);
    let o = nwlint(
        dir.path(),
        &[
            "diff",
            "--locales",
            "en-US",
            "fr-FR",
            "--article",
            "NW-6-403",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(!stdout(&o).contains('≠'));
    let o = nwlint(dir.path(), &["diff", "--locales", "en-US", "de-DE"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("no article exists in both `en-US` and `de-DE`"));
}

#[test]
fn diff_locale_compares_two_devices_within_a_translation() {
    let dir = shipped_project();
    translate(dir.path(), |t| {
        let xbox = t.find("\"device\": \"xbox-one\"").unwrap();
        let at = xbox + t[xbox..].find("for 30 seconds.").unwrap();
        format!(
            "{}pendant 30 secondes.{}",
            &t[..at],
            &t[at + "for 30 seconds.".len()..]
        )
    });
    let o = nwlint(
        dir.path(),
        &[
            "diff", "ps4", "xbox-one", "--locale", "fr-FR", "--format", "unified",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("NW-6-403.fr-FR"), "{out}");
    assert!(out.contains("pendant 30 secondes."), "{out}");
    // The source locale's ps4 and xbox-one agree.
    let o = nwlint(
        dir.path(),
        &["diff", "ps4", "xbox-one", "--locale", "en-US"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}
