//! Drift detection, end to end: the findings on the shipped NW-6-403
//! article, and on copies of the content with one kind of drift injected
//! each (a word, a number, a step added, removed or reordered, a URL, an
//! error code), plus intended marks, stale marks, thresholds and
//! comparisons across articles.
//!
//! Fixtures are built by copying `content/` into a temporary directory and
//! editing the article's JSON text; expected lines and columns are found by
//! searching that same text, so the tests check where nwlint points, not a
//! copy of its output.

mod common;
use common::{copy_dir, repo};

use nwlint::config::Config;
use nwlint::diag::{Detail, Diagnostic};
use std::path::{Path, PathBuf};
use std::process::Command;

const ARTICLE: &str = "content/articles/NW-6-403.json";

/// A temporary project holding a copy of the shipped content.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("content"), &dir.path().join("content"));
        Fixture { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Replaces the first `from` found after each of `after` in turn.
    fn edit(&self, after: &[&str], from: &str, to: &str) {
        let text = self.read(ARTICLE);
        let at = offset(&text, after, from);
        let edited = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
        self.write(ARTICLE, &edited);
    }

    /// `nwlint check --format concise content`, run in the fixture.
    fn check(&self) -> (i32, Vec<Line>) {
        check_in(
            self.dir.path(),
            &["check", "--format", "concise", "content"],
        )
    }

    /// The drift findings, through the library (for contexts, help, notes).
    fn diagnostics(&self, config: Option<&str>) -> Vec<Diagnostic> {
        self.diagnostics_with(config, Detail::Full)
    }

    /// [`Fixture::diagnostics`] for a report that prints `detail`.
    fn diagnostics_with(&self, config: Option<&str>, detail: Detail) -> Vec<Diagnostic> {
        let config = match config {
            Some(text) => Config::parse(
                text,
                Path::new("nwlint.toml"),
                self.dir.path().to_path_buf(),
                nwlint::catalog::all(),
            )
            .unwrap(),
            None => Config::default(),
        };
        let roots = nwlint::workspace::roots(&config, Some(self.path("content"))).unwrap();
        let ws = nwlint::workspace::open(config, roots).unwrap();
        let ctx = nwlint::rules::Ctx {
            rules: nwlint::catalog::all(),
            corpus: &ws.loading.corpus,
            sources: &ws.loading.sources,
            config: &ws.config,
            detail,
        };
        nwlint::drift::check(&ctx)
    }
}

/// Byte offset of `needle` after each of `after`, found in turn.
fn offset(text: &str, after: &[&str], needle: &str) -> usize {
    let mut at = 0;
    for a in after {
        at += text[at..]
            .find(a)
            .unwrap_or_else(|| panic!("`{a}` not found"))
            + a.len();
    }
    at + text[at..]
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not found after {after:?}"))
}

/// 1-based line and column (in characters) of `needle` after `after`.
fn pos(text: &str, after: &[&str], needle: &str) -> (usize, usize) {
    let at = offset(text, after, needle);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// One line of concise output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Line {
    path: String,
    line: usize,
    col: usize,
    severity: String,
    rule: String,
    message: String,
}

fn parse(stdout: &str) -> Vec<Line> {
    stdout
        .lines()
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let path = parts.next().unwrap().to_string();
            let line = parts.next().unwrap().parse().unwrap();
            let col = parts.next().unwrap().parse().unwrap();
            let rest = parts.next().unwrap().trim_start();
            let (sev, rest) = rest.split_once('[').unwrap();
            let (rule, message) = rest.split_once("] ").unwrap();
            Line {
                path,
                line,
                col,
                severity: sev.to_string(),
                rule: rule.to_string(),
                message: message.to_string(),
            }
        })
        .collect()
}

fn check_in(dir: &Path, args: &[&str]) -> (i32, Vec<Line>) {
    let out = Command::new(env!("CARGO_BIN_EXE_nwlint"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.is_empty(), "stderr: {stderr}");
    (out.status.code().unwrap(), parse(&stdout))
}

fn dev(d: &str) -> String {
    format!("\"device\": \"{d}\"")
}

fn sec(s: &str) -> String {
    format!("\"id\": \"{s}\"")
}

/// The single finding of `rule` whose message starts with `prefix`.
fn one<'a>(lines: &'a [Line], rule: &str, prefix: &str) -> &'a Line {
    let found: Vec<&Line> = lines
        .iter()
        .filter(|l| l.rule == rule && l.message.starts_with(prefix))
        .collect();
    assert_eq!(found.len(), 1, "{rule} `{prefix}` in {lines:#?}");
    found[0]
}

/// Findings about one section (messages name it first).
fn about<'a>(lines: &'a [Line], section: &str) -> Vec<(&'a str, &'a str)> {
    let tick = format!("`{section}`");
    lines
        .iter()
        .filter(|l| l.message.starts_with(&tick))
        .map(|l| (l.rule.as_str(), l.message.as_str()))
        .collect()
}

// ---------------------------------------------------------------------------
// The shipped article.

#[test]
fn shipped_article_reports_exactly_the_known_drift() {
    let tmp = tempfile::tempdir().unwrap();
    let content = repo().join("content");
    let (code, lines) = check_in(
        tmp.path(),
        &["check", "--format", "concise", content.to_str().unwrap()],
    );
    assert_eq!(code, 0, "warnings and advice only: {lines:#?}");
    let text = std::fs::read_to_string(content.join("articles/NW-6-403.json")).unwrap();
    let at = |after: &[&str], needle: &str| pos(&text, after, needle);
    let (d, s) = (dev, sec);

    let mut want = vec![
        (
            at(&[&d("blu-ray")], &s("sign-in-check")),
            "advice",
            "identical-copies",
            "`sign-in-check` is identical in 10 devices: blu-ray, ps3, ps4, ps5, roku, set-top-box, smart-tv, xbox-360, xbox-one, xbox-series-xs",
        ),
        (
            at(&[&d("blu-ray")], &s("restart-network")),
            "advice",
            "identical-copies",
            "`restart-network` is identical in 6 of 8 devices: blu-ray, ps3, ps4, smart-tv, xbox-360, xbox-one",
        ),
        (
            at(&[&d("blu-ray")], &s("contact-isp")),
            "advice",
            "identical-copies",
            "`contact-isp` is identical in 8 devices: blu-ray, ps3, ps4, roku, set-top-box, smart-tv, xbox-360, xbox-one",
        ),
        (
            at(&[&d("ps5")], &s("what-next")),
            "advice",
            "identical-copies",
            "`what-next` is identical in 2 devices: ps5, xbox-series-xs; its text is also the whole “All other devices” fallback",
        ),
        (
            at(
                &[&d("set-top-box"), &s("restart-network"), "\"blocks\""],
                "\"For this step",
            ),
            "warning",
            "drifted-copy",
            "`restart-network` for `set-top-box` has drifted from the version 6 other devices share (83% similar)",
        ),
        (
            at(
                &[&d("roku"), &s("restart-network")],
                "\"Unplug your device from power.\"",
            ),
            "warning",
            "divergent-variant",
            "`restart-network` for `roku` is a divergent variant of the version 6 other devices share (only 16% similar)",
        ),
        (
            at(&[], &d("ps5")).to_owned(),
            "warning",
            "missing-section",
            "`restart-network` is missing for 2 of 10 devices: ps5, xbox-series-xs",
        ),
        (
            at(&[], &d("ps5")),
            "warning",
            "missing-section",
            "`contact-isp` is missing for 2 of 10 devices: ps5, xbox-series-xs",
        ),
    ];
    // The needles above start at the key; labels are on the value.
    for w in want.iter_mut() {
        match w.2 {
            "missing-section" => w.0.1 += "\"device\": ".len(),
            "identical-copies" => w.0.1 += "\"id\": ".len(),
            _ => {}
        }
    }
    for console in ["ps3", "ps4", "xbox-360", "xbox-one"] {
        want.push((
            at(&[&d(console), &s("restart-network"), "Turn your "], "game console"),
            "warning",
            "mixed-nouns",
            match console {
                "ps3" => "`restart-network` for `ps3` calls the device both “video game console” (1×) and “game console” (1×)",
                "ps4" => "`restart-network` for `ps4` calls the device both “video game console” (1×) and “game console” (1×)",
                "xbox-360" => "`restart-network` for `xbox-360` calls the device both “video game console” (1×) and “game console” (1×)",
                _ => "`restart-network` for `xbox-one` calls the device both “video game console” (1×) and “game console” (1×)",
            },
        ));
    }
    let mut want: Vec<Line> = want
        .into_iter()
        .map(|((line, col), severity, rule, message)| Line {
            path: content.join("articles/NW-6-403.json").display().to_string(),
            line,
            col,
            severity: severity.into(),
            rule: rule.into(),
            message: message.into(),
        })
        .collect();
    let mut got = lines;
    want.sort();
    got.sort();
    assert_eq!(got, want);
}

/// Rule, article, device, section.
type Ctx<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

#[test]
fn shipped_article_findings_name_article_device_and_section() {
    let fx = Fixture::new();
    let diags = fx.diagnostics(None);
    let mut got: Vec<Ctx> = diags
        .iter()
        .map(|d| {
            (
                d.rule.id,
                d.context.article.as_deref(),
                d.context.device.as_deref(),
                d.context.section.as_deref(),
            )
        })
        .collect();
    got.sort();
    let a = Some("NW-6-403");
    let mut want = vec![
        (
            "identical-copies",
            a,
            Some("blu-ray"),
            Some("sign-in-check"),
        ),
        (
            "identical-copies",
            a,
            Some("blu-ray"),
            Some("restart-network"),
        ),
        ("identical-copies", a, Some("blu-ray"), Some("contact-isp")),
        ("identical-copies", a, Some("ps5"), Some("what-next")),
        (
            "drifted-copy",
            a,
            Some("set-top-box"),
            Some("restart-network"),
        ),
        (
            "divergent-variant",
            a,
            Some("roku"),
            Some("restart-network"),
        ),
        ("missing-section", a, Some("ps5"), Some("restart-network")),
        ("missing-section", a, Some("ps5"), Some("contact-isp")),
        ("mixed-nouns", a, Some("ps3"), Some("restart-network")),
        ("mixed-nouns", a, Some("ps4"), Some("restart-network")),
        ("mixed-nouns", a, Some("xbox-360"), Some("restart-network")),
        ("mixed-nouns", a, Some("xbox-one"), Some("restart-network")),
    ];
    want.sort();
    assert_eq!(got, want);

    // The drifted copy's note is the word diff against the consensus.
    let drifted = diags.iter().find(|d| d.rule.id == "drifted-copy").unwrap();
    assert_eq!(
        drifted.note.as_deref(),
        Some(
            "word diff: [-blu-ray, ps3, ps4, smart-tv, xbox-360, xbox-one-] {+set-top-box+}; {device} is each device's own name or noun\n  \
             {+¶ For this step, make sure to leave your {device} and all of your home network equipment unplugged as a group for 30 seconds before plugging each device back in one by one.+}"
        )
    );
    // Its related label is on the consensus copy (blu-ray's, the first).
    assert_eq!(drifted.related.len(), 1);
    assert_eq!(
        drifted.related[0].loc,
        nwlint::diag::Loc::Value("/devices/0/sections/1/id".into())
    );
    // The divergent variant's diff shows the nine-step procedure and its note.
    let divergent = diags
        .iter()
        .find(|d| d.rule.id == "divergent-variant")
        .unwrap();
    let note = divergent.note.as_deref().unwrap();
    assert!(note.contains("{+9. Try Netflix again.+}"), "{note}");
    assert!(
        note.contains("{+note: Some modems and routers might take longer to reconnect.+}"),
        "{note}"
    );
}

// ---------------------------------------------------------------------------
// Injected drift, one kind per test.

/// The restart-network findings after one edit to `device`'s copy, which
/// leaves five devices in the consensus.
fn restart_findings_with_outlier(
    lines: &[Line],
    outlier: &str,
    finding: &str,
) -> Vec<(String, String)> {
    let consensus: Vec<&str> = ["blu-ray", "ps3", "ps4", "smart-tv", "xbox-360", "xbox-one"]
        .into_iter()
        .filter(|d| *d != outlier)
        .collect();
    let mut want = vec![
        (
            "identical-copies".to_string(),
            format!("`restart-network` is identical in 5 of 8 devices: {}", consensus.join(", ")),
        ),
        (
            "drifted-copy".into(),
            "`restart-network` for `set-top-box` has drifted from the version 5 other devices share (83% similar)".into(),
        ),
        (
            "divergent-variant".into(),
            "`restart-network` for `roku` is a divergent variant of the version 5 other devices share (only 16% similar)".into(),
        ),
        ("drifted-copy".into(), finding.to_string()),
        (
            "missing-section".into(),
            "`restart-network` is missing for 2 of 10 devices: ps5, xbox-series-xs".into(),
        ),
    ];
    if outlier != "blu-ray" && outlier != "smart-tv" {
        want.push((
            "mixed-nouns".into(),
            format!("`restart-network` for `{outlier}` calls the device both “video game console” (1×) and “game console” (1×)"),
        ));
    }
    let mut got: Vec<(String, String)> = about(lines, "restart-network")
        .into_iter()
        .map(|(r, m)| (r.to_string(), m.to_string()))
        .collect();
    // Mixed nouns on the other consoles are unchanged.
    got.retain(|(r, m)| r != "mixed-nouns" || m.contains(&format!("`{outlier}`")));
    got.sort();
    want.sort();
    assert_eq!(got, want);
    want
}

#[test]
fn a_changed_number_is_a_drifted_copy() {
    let fx = Fixture::new();
    fx.edit(
        &[&dev("ps4"), &sec("restart-network")],
        "for 30 seconds",
        "for 60 seconds",
    );
    let (code, lines) = fx.check();
    assert_eq!(code, 0);
    let msg = "`restart-network` for `ps4` has drifted from the version 5 other devices share (98% similar)";
    restart_findings_with_outlier(&lines, "ps4", msg);
    let f = one(&lines, "drifted-copy", "`restart-network` for `ps4`");
    let text = fx.read(ARTICLE);
    assert_eq!(
        (f.line, f.col),
        pos(
            &text,
            &[&dev("ps4"), &sec("restart-network"), "for "],
            "60 seconds"
        )
    );

    let diags = fx.diagnostics(None);
    let d = diags.iter().find(|d| d.message == msg).unwrap();
    assert_eq!(
        d.note.as_deref().unwrap().lines().nth(1),
        Some(
            "  2. Unplug your modem (and your wireless router, if it's a separate device) from power for [-30-]{+60+} seconds."
        )
    );
    assert_eq!(d.primary.text, "was “30”");
    // The related label is on the consensus copy's "30" (blu-ray's step 2).
    let step2 = "Unplug your modem (and your wireless router, if it's a separate device) from power for 30 seconds.";
    let at = step2.find("30").unwrap();
    assert_eq!(
        d.related[0].loc,
        nwlint::diag::Loc::InString {
            pointer: "/devices/0/sections/1/blocks/0/items/1/text".into(),
            start: at,
            end: at + 2
        }
    );
    assert_eq!(d.context.device.as_deref(), Some("ps4"));
    assert_eq!(d.context.section.as_deref(), Some("restart-network"));
}

#[test]
fn a_changed_word_is_a_drifted_copy() {
    let fx = Fixture::new();
    fx.edit(
        &[&dev("xbox-one"), &sec("restart-network")],
        "lights are blinking",
        "lights are flashing",
    );
    let (_, lines) = fx.check();
    let msg = "`restart-network` for `xbox-one` has drifted from the version 5 other devices share (98% similar)";
    restart_findings_with_outlier(&lines, "xbox-one", msg);
    let f = one(&lines, "drifted-copy", "`restart-network` for `xbox-one`");
    let text = fx.read(ARTICLE);
    assert_eq!(
        (f.line, f.col),
        pos(
            &text,
            &[&dev("xbox-one"), &sec("restart-network")],
            "flashing"
        )
    );
}

#[test]
fn an_added_step_is_a_drifted_copy() {
    let fx = Fixture::new();
    let step2 = "from power for 30 seconds.\"\n                },";
    fx.edit(
        &[&dev("smart-tv"), &sec("restart-network")],
        step2,
        &format!("{step2}\n                {{\n                  \"text\": \"Wait for 2 minutes.\"\n                }},"),
    );
    let (code, lines) = fx.check();
    assert_eq!(code, 0, "{lines:#?}");
    let msg = "`restart-network` for `smart-tv` has drifted from the version 5 other devices share (96% similar)";
    restart_findings_with_outlier(&lines, "smart-tv", msg);
    let f = one(&lines, "drifted-copy", "`restart-network` for `smart-tv`");
    let text = fx.read(ARTICLE);
    assert_eq!(
        (f.line, f.col),
        pos(&text, &[&dev("smart-tv")], "\"Wait for 2 minutes.\"")
    );
    let diags = fx.diagnostics(None);
    let d = diags.iter().find(|d| d.message == msg).unwrap();
    assert_eq!(
        d.note.as_deref().unwrap().lines().nth(1),
        Some("  {+3. Wait for 2 minutes.+}")
    );
    assert_eq!(d.primary.text, "added step");
}

#[test]
fn a_removed_step_is_a_drifted_copy_pointing_next_to_the_gap() {
    let fx = Fixture::new();
    let step3 =
        "                {\n                  \"text\": \"Plug in your modem and wait until";
    let text = fx.read(ARTICLE);
    let start = offset(&text, &[&dev("xbox-360"), &sec("restart-network")], step3);
    let end = start + text[start..].find("},\n").unwrap() + "},\n".len();
    fx.write(ARTICLE, &format!("{}{}", &text[..start], &text[end..]));
    let (code, lines) = fx.check();
    assert_eq!(code, 0, "{lines:#?}");
    let msg = "`restart-network` for `xbox-360` has drifted from the version 5 other devices share (70% similar)";
    restart_findings_with_outlier(&lines, "xbox-360", msg);
    let f = one(&lines, "drifted-copy", "`restart-network` for `xbox-360`");
    // The label sits on step 2, after which step 3 went missing.
    let text = fx.read(ARTICLE);
    assert_eq!(
        (f.line, f.col),
        pos(
            &text,
            &[&dev("xbox-360"), &sec("restart-network")],
            "\"Unplug your modem"
        )
    );
    let diags = fx.diagnostics(None);
    let d = diags.iter().find(|d| d.message == msg).unwrap();
    assert!(
        d.primary.text.starts_with("step 3. “Plug in your modem"),
        "{}",
        d.primary.text
    );
    assert!(
        d.primary.text.ends_with("missing after this"),
        "{}",
        d.primary.text
    );
}

#[test]
fn reordered_steps_are_a_drifted_copy() {
    let fx = Fixture::new();
    let s2 = "Unplug your modem (and your wireless router, if it's a separate device) from power for 30 seconds.";
    let s3 = "Plug in your modem and wait until no new indicator lights are blinking on. If your router is separate from your modem, plug it in and wait until no new indicator lights are blinking on.";
    fx.edit(&[&dev("blu-ray"), &sec("restart-network")], s2, "@@STEP@@");
    fx.edit(&[&dev("blu-ray"), &sec("restart-network")], s3, s2);
    fx.edit(&[&dev("blu-ray"), &sec("restart-network")], "@@STEP@@", s3);
    let (code, lines) = fx.check();
    assert_eq!(code, 0);
    let msg = "`restart-network` for `blu-ray` has drifted from the version 5 other devices share (same words, in another order)";
    restart_findings_with_outlier(&lines, "blu-ray", msg);
    let f = one(&lines, "drifted-copy", "`restart-network` for `blu-ray`");
    let text = fx.read(ARTICLE);
    // Step 2 now holds the old step 3: the step that moved.
    assert_eq!(
        (f.line, f.col),
        pos(
            &text,
            &[
                &dev("blu-ray"),
                &sec("restart-network"),
                "unplug your Blu-ray player"
            ],
            "\"Plug in your modem"
        )
    );
    let diags = fx.diagnostics(None);
    let d = diags.iter().find(|d| d.message == msg).unwrap();
    assert_eq!(d.primary.text, "moved (was 3.)");
}

#[test]
fn a_changed_url_is_a_drifted_copy() {
    let fx = Fixture::new();
    // The link's text and target change together (`disallowed-link` checks
    // that they agree).
    let (from, to) = (
        "\"link\": \"netflix.com/clearcookies\",\n                      \"href\": \"https://www.netflix.com/clearcookies\"",
        "\"link\": \"netflix.com/clearcookie\",\n                      \"href\": \"https://www.netflix.com/clearcookie\"",
    );
    fx.edit(&[&dev("ps3"), &sec("sign-in-check")], from, to);
    let (code, lines) = fx.check();
    assert_eq!(code, 0, "{lines:#?}");
    let f = one(&lines, "drifted-copy", "`sign-in-check` for `ps3`");
    assert_eq!(
        f.message,
        "`sign-in-check` for `ps3` has drifted from the version 9 other devices share (98% similar)"
    );
    let text = fx.read(ARTICLE);
    assert_eq!(
        (f.line, f.col),
        pos(
            &text,
            &[&dev("ps3"), "\"link\": \"netflix.com/"],
            "clearcookie"
        )
    );
    assert_eq!(
        about(&lines, "sign-in-check"),
        [
            (
                "identical-copies",
                "`sign-in-check` is identical in 9 of 10 devices: blu-ray, ps4, ps5, roku, set-top-box, smart-tv, xbox-360, xbox-one, xbox-series-xs"
            ),
            ("drifted-copy", f.message.as_str()),
        ]
    );
    let diags = fx.diagnostics(None);
    let d = diags.iter().find(|d| d.message == f.message).unwrap();
    assert_eq!(
        d.note.as_deref().unwrap().lines().nth(1),
        Some(
            "  2. Open a web browser and go to netflix.com/[-clearcookies-]{+clearcookie+} <https://www.netflix.com/[-clearcookies-]{+clearcookie+}>."
        )
    );
}

#[test]
fn a_changed_error_code_is_a_drifted_copy() {
    let fx = Fixture::new();
    fx.edit(
        &[&dev("roku"), &sec("sign-in-check")],
        "\"code\": \"NSEZ-403\"",
        "\"code\": \"NSEZ-404\"",
    );
    let (code, lines) = fx.check();
    assert_eq!(code, 0);
    let f = one(&lines, "drifted-copy", "`sign-in-check` for `roku`");
    let text = fx.read(ARTICLE);
    assert_eq!(
        (f.line, f.col),
        pos(&text, &[&dev("roku"), "\"code\": \"NSEZ-"], "404")
    );
    let diags = fx.diagnostics(None);
    let d = diags.iter().find(|d| d.message == f.message).unwrap();
    assert!(
        d.note
            .as_deref()
            .unwrap()
            .contains("If you get the error NSEZ-[-403-]{+404+}, it means"),
        "{:?}",
        d.note
    );
}

#[test]
fn shared_outlier_text_is_reported_once_for_all_its_devices() {
    let fx = Fixture::new();
    for d in ["ps3", "xbox-one"] {
        fx.edit(
            &[&dev(d), &sec("contact-isp")],
            "Check for an internet outage",
            "Check for a local outage",
        );
    }
    let (_, lines) = fx.check();
    let f = one(&lines, "drifted-copy", "`contact-isp`");
    assert!(
        f.message.starts_with("`contact-isp` for 2 devices (ps3, xbox-one) has drifted from the version 6 other devices share ("),
        "{}",
        f.message
    );
    let text = fx.read(ARTICLE);
    assert_eq!(
        (f.line, f.col),
        pos(
            &text,
            &[&dev("ps3"), &sec("contact-isp"), "Check for "],
            "a local"
        )
    );
}

#[test]
fn two_devices_without_a_majority_compare_against_the_first() {
    let fx = Fixture::new();
    // ps5 and xbox-series-xs are the only devices with `what-next`.
    fx.edit(
        &[&dev("xbox-series-xs"), &sec("what-next")],
        "We're looking into this problem.",
        "We're investigating this problem.",
    );
    let (_, lines) = fx.check();
    let f = one(&lines, "drifted-copy", "`what-next`");
    assert!(
        f.message.starts_with("`what-next` for `xbox-series-xs` has drifted from `ps5`'s copy (no version is shared by more devices) ("),
        "{}",
        f.message
    );
    assert!(
        about(&lines, "what-next")
            .iter()
            .all(|(r, _)| *r != "identical-copies")
    );
}

// ---------------------------------------------------------------------------
// Configuration: thresholds and majority.

#[test]
fn threshold_decides_between_drifted_and_divergent() {
    let fx = Fixture::new();
    fx.write("nwlint.toml", "[drift]\nthreshold = 0.1\n");
    let (_, lines) = check_in(fx.dir.path(), &["check", "--format", "concise"]);
    one(
        &lines,
        "drifted-copy",
        "`restart-network` for `roku` has drifted from the version 6 other devices share (16% similar)",
    );
    assert!(lines.iter().all(|l| l.rule != "divergent-variant"));

    fx.write("nwlint.toml", "[drift]\nthreshold = 0.9\n");
    let (_, lines) = check_in(fx.dir.path(), &["check", "--format", "concise"]);
    one(
        &lines,
        "divergent-variant",
        "`restart-network` for `set-top-box` is a divergent variant of the version 6 other devices share (only 83% similar)",
    );
    one(&lines, "divergent-variant", "`restart-network` for `roku`");
    assert!(lines.iter().all(|l| l.rule != "drifted-copy"));
}

#[test]
fn missing_majority_decides_what_is_expected() {
    let fx = Fixture::new();
    fx.write("nwlint.toml", "[drift]\nmissing-majority = 0.9\n");
    let (_, lines) = check_in(fx.dir.path(), &["check", "--format", "concise"]);
    assert!(
        lines.iter().all(|l| l.rule != "missing-section"),
        "{lines:#?}"
    );
    fx.write("nwlint.toml", "[drift]\nmissing-majority = 0.2\n");
    let (_, lines) = check_in(fx.dir.path(), &["check", "--format", "concise"]);
    // 2 of 10 devices have `what-next`: now the other 8 lack it.
    one(
        &lines,
        "missing-section",
        "`what-next` is missing for 8 of 10 devices: blu-ray, ps3, ps4, roku, set-top-box, smart-tv, xbox-360, xbox-one",
    );
}

#[test]
fn extra_nouns_from_config_normalize_and_mix() {
    let fx = Fixture::new();
    fx.edit(
        &[&dev("ps4"), &sec("restart-network")],
        "Turn your game console back on",
        "Turn your PS4 back on",
    );
    let (_, lines) = fx.check();
    one(&lines, "drifted-copy", "`restart-network` for `ps4`");
    // With "PS4" registered as a noun, the copy is the consensus again, but
    // now mixes "video game console" and "PS4".
    fx.write("nwlint.toml", "[nouns]\nps4 = [\"PS4\"]\n");
    let (_, lines) = check_in(fx.dir.path(), &["check", "--format", "concise"]);
    assert!(
        lines
            .iter()
            .all(|l| l.rule != "drifted-copy" || !l.message.contains("`ps4`")),
        "{lines:#?}"
    );
    let f = one(&lines, "mixed-nouns", "`restart-network` for `ps4`");
    assert_eq!(
        f.message,
        "`restart-network` for `ps4` calls the device both “video game console” (1×) and “PS4” (1×)"
    );
    let text = fx.read(ARTICLE);
    assert_eq!(
        (f.line, f.col),
        pos(
            &text,
            &[&dev("ps4"), &sec("restart-network"), "Turn your "],
            "PS4"
        )
    );
}

#[test]
fn mixed_nouns_label_the_less_frequent_noun() {
    let fx = Fixture::new();
    fx.edit(
        &[&dev("set-top-box"), &sec("restart-network")],
        "Turn your set-top box back on",
        "Turn your streaming media player back on",
    );
    let (_, lines) = fx.check();
    let f = one(&lines, "mixed-nouns", "`restart-network` for `set-top-box`");
    assert_eq!(
        f.message,
        "`restart-network` for `set-top-box` calls the device both “set-top box” (2×) and “streaming media player” (1×)"
    );
    let text = fx.read(ARTICLE);
    assert_eq!(
        (f.line, f.col),
        pos(
            &text,
            &[&dev("set-top-box"), &sec("restart-network"), "Turn your "],
            "streaming media player"
        )
    );
}

#[test]
fn mixed_nouns_point_into_each_article_wherever_the_copy_sits() {
    let fx = Fixture::new();
    // NW-6-404: the same copies with the devices in reverse order, so each
    // copy worked out once (per device and body) sits at another pointer
    // and line there. Both files are written the same way (serde_json
    // sorts keys).
    let mut v: serde_json::Value = serde_json::from_str(&fx.read(ARTICLE)).unwrap();
    fx.write(ARTICLE, &serde_json::to_string_pretty(&v).unwrap());
    v["devices"].as_array_mut().unwrap().reverse();
    let other = "content/articles/NW-6-404.json";
    let text = serde_json::to_string_pretty(&v).unwrap();
    fx.write(other, &text.replace("NW-6-403", "NW-6-404"));
    let (_, lines) = fx.check();
    // Where each finding is, as the how-many-th use of its minor noun in
    // the device's entry.
    let mut found = Vec::new();
    for path in [ARTICLE, other] {
        // Nouns are matched case-insensitively; ASCII lower-casing keeps
        // every offset.
        let text = fx.read(path).to_ascii_lowercase();
        for l in lines
            .iter()
            .filter(|l| l.rule == "mixed-nouns" && l.path == path)
        {
            // "`restart-network` for `ps4` calls the device both “…” (1×) and “ps4” (1×)"
            let ticks: Vec<&str> = l.message.split('`').collect();
            let device = ticks[3];
            let minor = l.message.rsplit('“').next().unwrap();
            let minor = minor.split('”').next().unwrap();
            let nth = (0..)
                .find(|&n| {
                    let mut after = vec![dev(device)];
                    after.extend(std::iter::repeat_n(minor.to_string(), n));
                    let after: Vec<&str> = after.iter().map(String::as_str).collect();
                    pos(&text, &after, minor) == (l.line, l.col)
                })
                .unwrap();
            found.push((path, device.to_string(), l.message.clone(), nth));
        }
    }
    let mut in_other: Vec<_> = found.iter().filter(|f| f.0 == other).collect();
    let mut in_first: Vec<_> = found.iter().filter(|f| f.0 == ARTICLE).collect();
    in_other.sort_by(|a, b| a.1.cmp(&b.1));
    in_first.sort_by(|a, b| a.1.cmp(&b.1));
    let same = |v: &[&(&str, String, String, usize)]| -> Vec<(String, String, usize)> {
        v.iter().map(|f| (f.1.clone(), f.2.clone(), f.3)).collect()
    };
    assert_eq!(same(&in_other), same(&in_first));
    assert_eq!(
        in_first.iter().map(|f| f.1.as_str()).collect::<Vec<_>>(),
        ["ps3", "ps4", "xbox-360", "xbox-one"]
    );
}

// ---------------------------------------------------------------------------
// Intended divergence.

fn mark(rule: &str, reason: &str) -> String {
    format!(
        "\"intended\": [{{\"rule\": \"{rule}\", \"reason\": \"{reason}\"}}],\n          \"title\": \"Restart your home network\""
    )
}

#[test]
fn a_content_mark_silences_its_finding() {
    let fx = Fixture::new();
    fx.edit(
        &[&dev("roku"), &sec("restart-network")],
        "\"title\": \"Restart your home network\"",
        &mark(
            "divergent-variant",
            "Roku restarts the modem and router one at a time",
        ),
    );
    let (code, lines) = fx.check();
    assert_eq!(code, 0);
    assert!(
        lines
            .iter()
            .all(|l| l.rule != "divergent-variant" && l.rule != "stale-intended"),
        "{lines:#?}"
    );
    assert_eq!(lines.len(), 11);
}

#[test]
fn a_mark_that_matches_nothing_is_stale() {
    let fx = Fixture::new();
    // blu-ray's restart-network is the consensus: nothing to excuse.
    fx.edit(
        &[&dev("blu-ray"), &sec("restart-network")],
        "\"title\": \"Restart your home network\"",
        &mark("drifted-copy", "old"),
    );
    // roku's copy is divergent, not drifted: wrong rule, still reported.
    fx.edit(
        &[&dev("roku"), &sec("restart-network")],
        "\"title\": \"Restart your home network\"",
        &mark("drifted-copy", "old"),
    );
    let (code, lines) = fx.check();
    assert_eq!(code, 0);
    let text = fx.read(ARTICLE);
    let stale: Vec<&Line> = lines
        .iter()
        .filter(|l| l.rule == "stale-intended")
        .collect();
    assert_eq!(stale.len(), 2, "{lines:#?}");
    assert_eq!(
        stale[0].message,
        "intended mark for `drifted-copy` on `restart-network` of `blu-ray` matches no `drifted-copy` finding"
    );
    assert_eq!(
        (stale[0].line, stale[0].col),
        pos(
            &text,
            &[&dev("blu-ray"), &sec("restart-network"), "\"intended\": ["],
            "{"
        )
    );
    assert_eq!(
        stale[1].message,
        "intended mark for `drifted-copy` on `restart-network` of `roku` matches no `drifted-copy` finding"
    );
    one(&lines, "divergent-variant", "`restart-network` for `roku`");
    let diags = fx.diagnostics(None);
    let roku = diags
        .iter()
        .find(|d| d.rule.id == "stale-intended" && d.message.contains("`roku`"))
        .unwrap();
    assert!(
        roku.help
            .as_deref()
            .unwrap()
            .starts_with("this copy is now reported as `divergent-variant`"),
        "{:?}",
        roku.help
    );
    let blu = diags
        .iter()
        .find(|d| d.rule.id == "stale-intended" && d.message.contains("`blu-ray`"))
        .unwrap();
    assert_eq!(
        blu.help.as_deref(),
        Some("the difference it excused is gone: remove the mark")
    );
}

#[test]
fn a_mark_naming_an_unknown_or_non_drift_rule_is_stale() {
    let fx = Fixture::new();
    fx.edit(
        &[&dev("roku"), &sec("restart-network")],
        "\"title\": \"Restart your home network\"",
        &mark("drift", "x"),
    );
    fx.edit(
        &[&dev("ps4"), &sec("restart-network")],
        "\"title\": \"Restart your home network\"",
        &mark("disallowed-link", "x"),
    );
    let (_, lines) = fx.check();
    one(
        &lines,
        "stale-intended",
        "intended mark for `drift` on `restart-network` of `roku` names unknown rule `drift`",
    );
    one(
        &lines,
        "stale-intended",
        "intended mark for `disallowed-link` on `restart-network` of `ps4` names `disallowed-link`, which cannot be marked as intended",
    );
}

#[test]
fn a_missing_section_mark_on_any_section_of_the_device_covers_it() {
    let fx = Fixture::new();
    fx.edit(
        &[&dev("ps5"), &sec("what-next")],
        "\"title\": \"What to do next\"",
        "\"intended\": [{\"rule\": \"missing-section\", \"reason\": \"PS5 has no fix yet\"}],\n          \"title\": \"What to do next\"",
    );
    let (_, lines) = fx.check();
    let text = fx.read(ARTICLE);
    let f = one(&lines, "missing-section", "`restart-network`");
    assert_eq!(
        f.message,
        "`restart-network` is missing for 1 of 10 devices: xbox-series-xs"
    );
    let mut at = pos(&text, &[], &dev("xbox-series-xs"));
    at.1 += "\"device\": ".len();
    assert_eq!((f.line, f.col), at);
    one(
        &lines,
        "missing-section",
        "`contact-isp` is missing for 1 of 10 devices: xbox-series-xs",
    );
    assert!(lines.iter().all(|l| l.rule != "stale-intended"));
}

#[test]
fn config_marks_silence_findings_and_stale_entries_point_at_their_line() {
    let fx = Fixture::new();
    let toml = "[drift]\nthreshold = 0.5\n\n\
        [[intended]]\nrule = \"missing-section\"\ndevice = \"ps5\"\nreason = \"PS5 has no fix yet\"\n\n\
        [[intended]]\nrule = \"identical-copies\"\narticle = \"NW-6-403\"\nreason = \"kept literal until snippets ship\"\n\n\
        [[intended]]\nrule = \"drifted-copy\"\ndevice = \"xbox-one\"\nsection = \"restart-network\"\nreason = \"stale\"\n";
    fx.write("nwlint.toml", toml);
    let (code, lines) = check_in(fx.dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 0);
    one(
        &lines,
        "missing-section",
        "`restart-network` is missing for 1 of 10 devices: xbox-series-xs",
    );
    assert!(
        lines.iter().all(|l| l.rule != "identical-copies"),
        "{lines:#?}"
    );
    let stale = one(&lines, "stale-intended", "[[intended]] #3");
    assert_eq!(
        stale.message,
        "[[intended]] #3 for `drifted-copy` (device `xbox-one`, section `restart-network`) matches no `drifted-copy` finding"
    );
    let third = toml.match_indices("[[intended]]").nth(2).unwrap().0;
    assert_eq!(
        (stale.path.as_str(), stale.line, stale.col),
        ("nwlint.toml", toml[..third].matches('\n').count() + 1, 1)
    );
    assert_eq!(
        lines.iter().filter(|l| l.rule == "stale-intended").count(),
        1
    );
}

// ---------------------------------------------------------------------------
// Snippets and other articles.

#[test]
fn single_sourced_copies_are_not_counted_as_copies() {
    let fx = Fixture::new();
    // blu-ray's contact-isp uses a snippet with the same text.
    let mut article: serde_json::Value = serde_json::from_str(&fx.read(ARTICLE)).unwrap();
    let section = &mut article["devices"][0]["sections"][2];
    assert_eq!(section["id"], "contact-isp");
    let snippet = serde_json::json!({
        "$schema": "../../schema/snippet.schema.json",
        "id": "contact-isp",
        "title": section["title"].clone(),
        "blocks": section["blocks"].clone(),
    });
    *section = serde_json::json!({"id": "contact-isp", "snippet": "contact-isp"});
    fx.write(ARTICLE, &serde_json::to_string_pretty(&article).unwrap());
    fx.write(
        "content/snippets/contact-isp.json",
        &serde_json::to_string_pretty(&snippet).unwrap(),
    );
    let (code, lines) = fx.check();
    assert_eq!(code, 0, "{lines:#?}");
    one(
        &lines,
        "identical-copies",
        "`contact-isp` is identical in 7 of 8 devices: ps3, ps4, roku, set-top-box, smart-tv, xbox-360, xbox-one; 1 other copy is already single-sourced",
    );
    let diags = fx.diagnostics(None);
    let d = diags
        .iter()
        .find(|d| d.message.starts_with("`contact-isp` is identical"))
        .unwrap();
    assert_eq!(
        d.help.as_deref(),
        Some(
            "snippet `contact-isp` has this text: `nwlint extract contact-isp --article NW-6-403 --id contact-isp` makes each copy use it"
        )
    );
}

/// A second article, NW-6-404, as a copy of NW-6-403 with `edit` applied.
fn second_article(fx: &Fixture, edit: impl Fn(String) -> String) {
    let text = fx.read(ARTICLE).replace("NW-6-403", "NW-6-404");
    fx.write("content/articles/NW-6-404.json", &edit(text));
}

#[test]
fn the_same_section_in_two_articles_is_one_class() {
    let fx = Fixture::new();
    second_article(&fx, |t| t);
    let (code, lines) = fx.check();
    assert_eq!(code, 0);
    let across: Vec<&str> = lines
        .iter()
        .filter(|l| l.message.contains("articles"))
        .map(|l| l.message.as_str())
        .collect();
    assert_eq!(
        across,
        [
            "`sign-in-check` has the same text in 2 articles: NW-6-403, NW-6-404",
            "`restart-network` has the same text in 2 articles: NW-6-403, NW-6-404",
            "`contact-isp` has the same text in 2 articles: NW-6-403, NW-6-404",
            "`what-next` has the same text in 2 articles: NW-6-403, NW-6-404",
        ]
    );
    assert!(
        lines
            .iter()
            .all(|l| l.rule != "drifted-copy" || !l.message.contains("NW-6-404"))
    );
}

#[test]
fn a_section_that_drifted_in_another_article_is_found() {
    let fx = Fixture::new();
    // Every device of NW-6-404 waits 45 seconds instead of 30.
    second_article(&fx, |t| {
        t.replace("from power for 30 seconds.", "from power for 45 seconds.")
    });
    let (_, lines) = fx.check();
    let f = one(&lines, "drifted-copy", "`restart-network` in NW-6-404");
    assert_eq!(
        f.message,
        "`restart-network` in NW-6-404 has drifted from the version in NW-6-403 (no version is shared by more copies) (98% similar)"
    );
    assert!(f.path.ends_with("articles/NW-6-404.json"));
    let text = fx.read("content/articles/NW-6-404.json");
    assert_eq!(
        (f.line, f.col),
        pos(
            &text,
            &[&dev("blu-ray"), &sec("restart-network"), "for "],
            "45"
        )
    );
}

#[test]
fn a_near_copy_under_another_id_is_found_by_its_text() {
    let fx = Fixture::new();
    second_article(&fx, |t| {
        t.replace("\"id\": \"contact-isp\"", "\"id\": \"isp-help\"")
            .replace(
                "Check for an internet outage in your area.",
                "Check for an internet outage near you.",
            )
    });
    let (_, lines) = fx.check();
    let f = one(&lines, "drifted-copy", "`isp-help` in NW-6-404");
    assert!(
        f.message
            .starts_with("`isp-help` in NW-6-404 has drifted from `contact-isp` in NW-6-403 ("),
        "{}",
        f.message
    );
}

#[test]
fn articles_in_other_locales_are_not_compared() {
    let fx = Fixture::new();
    let text = fx
        .read(ARTICLE)
        .replace("\"locale\": \"en-US\"", "\"locale\": \"fr-FR\"")
        .replace("from power for 30 seconds.", "from power for 45 seconds.");
    fx.write("content/articles/NW-6-403.fr-FR.json", &text);
    let (_, lines) = fx.check();
    assert!(
        lines.iter().all(|l| !l.message.contains("article")),
        "{lines:#?}"
    );
}

// ---------------------------------------------------------------------------
// Normalization with source mapping, on real text.

#[test]
fn mapped_normalization_agrees_with_normalization_on_the_whole_article() {
    use nwlint::normalize::{DEVICE, Normalizer, unit_texts};
    let read = |rel: &str| std::fs::read_to_string(repo().join(rel)).unwrap();
    let article: nwlint::model::Article = serde_json::from_str(&read(ARTICLE)).unwrap();
    let registry: nwlint::model::DeviceRegistry =
        serde_json::from_str(&read("content/devices.json")).unwrap();
    let norm = Normalizer::new(&registry, &Default::default());
    let mut placeholders = 0;
    for entry in &article.devices {
        let words = norm.words(&entry.device);
        for section in &entry.sections {
            for unit in unit_texts(&section.blocks) {
                let device = Some(entry.device.as_str());
                let mapped = norm.inline_mapped(device, unit.text);
                assert_eq!(mapped.text, norm.inline(device, unit.text));
                // Every `{device}` maps back to one of the device's own words.
                for (at, _) in mapped.text.match_indices(DEVICE) {
                    let (suffix, start, end) = mapped.locate(at, at + DEVICE.len()).unwrap();
                    let source = match unit.text {
                        nwlint::model::Inline::Plain(s) => {
                            assert_eq!(suffix, "");
                            s.as_str()
                        }
                        nwlint::model::Inline::Runs(_) => {
                            panic!("device words only occur in plain text here")
                        }
                    };
                    assert!(
                        words.contains(&source[start..end].to_string()),
                        "{}",
                        &source[start..end]
                    );
                    placeholders += 1;
                }
            }
        }
    }
    // Two per restart-network copy of the six consensus devices, one per
    // mention in set-top-box's (three).
    assert_eq!(placeholders, 6 * 2 + 3);
}

#[test]
fn a_brief_report_gets_the_same_findings_without_what_it_does_not_print() {
    let fx = Fixture::new();
    // Every drift rule, within and across articles: NW-6-404 is a copy
    // whose restart-network waits 45 seconds.
    second_article(&fx, |t| {
        t.replace("from power for 30 seconds.", "from power for 45 seconds.")
    });
    let full = fx.diagnostics(None);
    let brief = fx.diagnostics_with(None, Detail::Brief);
    let rules: std::collections::BTreeSet<&str> = full.iter().map(|d| d.rule.id).collect();
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        [
            "divergent-variant",
            "drifted-copy",
            "identical-copies",
            "missing-section",
            "mixed-nouns"
        ]
    );
    assert!(
        full.iter()
            .any(|d| d.rule.id == "drifted-copy" && d.message.contains(" in NW-6-404")),
        "a drifted copy across articles"
    );
    // What a one-line report prints is the same.
    let line = |d: &Diagnostic| {
        (
            d.rule.id,
            d.severity,
            d.message.clone(),
            d.primary.file,
            d.primary.loc.clone(),
        )
    };
    assert_eq!(
        brief.iter().map(line).collect::<Vec<_>>(),
        full.iter().map(line).collect::<Vec<_>>()
    );
    // The full findings carry help and context; the brief ones nothing
    // else.
    assert!(
        full.iter()
            .all(|d| d.help.is_some() && d.context.article.is_some())
    );
    assert!(full.iter().any(|d| d.note.is_some()));
    assert!(full.iter().any(|d| !d.related.is_empty()));
    for d in &brief {
        assert_eq!(
            (d.help.as_deref(), d.note.as_deref(), d.related.len()),
            (None, None, 0),
            "{}",
            d.message
        );
        assert_eq!(d.context, nwlint::diag::Context::default(), "{}", d.message);
    }
}

#[test]
fn concise_lines_are_the_json_findings_in_full_and_hook_runs() {
    let fx = Fixture::new();
    second_article(&fx, |t| {
        t.replace("from power for 30 seconds.", "from power for 45 seconds.")
    });
    // A user cache of its own, so the full run writes an index the hook
    // run then uses.
    let cache = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_nwlint"))
            .current_dir(fx.dir.path())
            .args(args)
            .env("NO_COLOR", "1")
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    // The concise line of each finding of a json report.
    let as_lines = |json: &str| -> (Vec<Line>, usize) {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        let diags = v["diagnostics"].as_array().unwrap();
        let helped = diags.iter().filter(|d| d["help"].is_string()).count();
        let lines = diags
            .iter()
            .map(|d| Line {
                path: d["path"].as_str().unwrap().into(),
                line: d["line"].as_u64().unwrap() as usize,
                col: d["column"].as_u64().unwrap() as usize,
                severity: d["severity"].as_str().unwrap().into(),
                rule: d["rule"].as_str().unwrap().into(),
                message: d["message"].as_str().unwrap().into(),
            })
            .collect();
        (lines, helped)
    };
    for args in [&[][..], &["content/articles/NW-6-404.json"][..]] {
        let with = |format: &str| {
            let mut a = vec!["check", "--format", format];
            a.extend(args);
            run(&a)
        };
        let concise = parse(&with("concise"));
        let (lines, helped) = as_lines(&with("json"));
        assert!(concise.iter().any(|l| l.rule == "drifted-copy"), "{args:?}");
        assert_eq!(concise, lines, "{args:?}");
        // The json report still carries every finding's help.
        assert_eq!(helped, lines.len(), "{args:?}");
    }
}

#[test]
fn each_drifted_article_gets_its_own_finding_in_its_own_file() {
    let fx = Fixture::new();
    let wait = |secs: &str| {
        let secs = secs.to_string();
        move |t: String| {
            t.replace(
                "from power for 30 seconds.",
                &format!("from power for {secs} seconds."),
            )
        }
    };
    for (code, edit) in [
        ("NW-6-404", wait("30")),
        ("NW-6-405", wait("45")),
        ("NW-6-406", wait("45")),
    ] {
        let text = edit(fx.read(ARTICLE).replace("NW-6-403", code));
        fx.write(&format!("content/articles/{code}.json"), &text);
    }
    let (_, lines) = fx.check();
    let drifted: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l.rule == "drifted-copy" && l.message.contains(" in NW-"))
        .map(|l| (l.path.as_str(), l.message.as_str()))
        .collect();
    // Two articles each way, as many copies: the tie goes to the version
    // seen first, and the message says there is no majority.
    assert_eq!(
        drifted,
        [
            (
                "content/articles/NW-6-405.json",
                "`restart-network` in NW-6-405 has drifted from the version 2 other articles share (NW-6-403, NW-6-404) (no version is shared by more copies) (98% similar)"
            ),
            (
                "content/articles/NW-6-406.json",
                "`restart-network` in NW-6-406 has drifted from the version 2 other articles share (NW-6-403, NW-6-404) (no version is shared by more copies) (98% similar)"
            ),
        ]
    );
}

#[test]
fn ties_go_to_the_help_centers_usual_text_and_device_variants_are_not_article_drift() {
    let fx = Fixture::new();
    // NW-6-404: set-top-box first, then xbox-one, each with its own
    // restart-network; and NW-6-405: set-top-box alone.
    let article: serde_json::Value =
        serde_json::from_str(&fx.read(ARTICLE).replace("NW-6-403", "NW-6-404")).unwrap();
    let only = |code: &str, devices: &[&str]| {
        let mut a = article.clone();
        a["code"] = code.into();
        let entries = a["devices"].as_array().unwrap().clone();
        a["devices"] = devices
            .iter()
            .map(|d| entries.iter().find(|e| e["device"] == *d).unwrap().clone())
            .collect();
        let text = serde_json::to_string_pretty(&a)
            .unwrap()
            .replace("NW-6-404", code);
        fx.write(&format!("content/articles/{code}.json"), &text);
    };
    only("NW-6-404", &["set-top-box", "xbox-one"]);
    only("NW-6-405", &["set-top-box"]);
    let (code, lines) = fx.check();
    assert_eq!(code, 0, "{lines:#?}");
    let text = fx.read("content/articles/NW-6-404.json");
    let f = one(
        &lines,
        "drifted-copy",
        "`restart-network` for `set-top-box` has drifted from `xbox-one`'s copy",
    );
    assert_eq!(
        f.message,
        "`restart-network` for `set-top-box` has drifted from `xbox-one`'s copy (no version is shared by more devices) (83% similar)"
    );
    assert_eq!(
        (f.path.as_str(), f.line),
        (
            "content/articles/NW-6-404.json",
            pos(&text, &[&dev("set-top-box")], "\"For this step").0
        )
    );
    // Neither article's set-top-box text is reported as drift across articles.
    assert!(
        lines.iter().all(|l| !l.message.contains("` in NW-6-40")),
        "{lines:#?}"
    );
}

/// Writes `content/articles/CODE.json`: the shipped article with only
/// `devices`, each in its own JSON text edited by `edit(device, text)`.
fn article_of(fx: &Fixture, code: &str, devices: &[&str], edit: impl Fn(&str, String) -> String) {
    let article: serde_json::Value = serde_json::from_str(&fx.read(ARTICLE)).unwrap();
    let entries = article["devices"].as_array().unwrap();
    let chosen: Vec<String> = devices
        .iter()
        .map(|d| {
            let e = entries.iter().find(|e| e["device"] == *d).unwrap();
            edit(d, serde_json::to_string_pretty(e).unwrap())
        })
        .collect();
    let mut a = article.clone();
    a["devices"] = serde_json::Value::Array(vec![]);
    let shell = serde_json::to_string_pretty(&a)
        .unwrap()
        .replace("NW-6-403", code);
    let text = shell.replacen("[]", &format!("[\n{}\n]", chosen.join(",\n")), 1);
    fx.write(&format!("content/articles/{code}.json"), &text);
}

#[test]
fn an_outlier_copy_never_vouches_for_another_articles_copy() {
    let fx = Fixture::new();
    // xbox-360 is the outlier of NW-6-404, xbox-one of NW-6-405 (60 seconds
    // where their siblings and NW-6-403 say 30); NW-6-406 has only those
    // two devices, both at 60 seconds: a drift from the help center's
    // version, not a device's own text.
    let sixty = |out: &'static str| {
        move |d: &str, t: String| {
            if d == out {
                t.replace("for 30 seconds.", "for 60 seconds.")
            } else {
                t
            }
        }
    };
    article_of(
        &fx,
        "NW-6-404",
        &["blu-ray", "ps3", "ps4", "xbox-360"],
        sixty("xbox-360"),
    );
    article_of(
        &fx,
        "NW-6-405",
        &["ps3", "ps4", "smart-tv", "xbox-one"],
        sixty("xbox-one"),
    );
    article_of(&fx, "NW-6-406", &["xbox-360", "xbox-one"], |_, t| {
        t.replace("for 30 seconds.", "for 60 seconds.")
    });
    let (_, lines) = fx.check();
    let f = one(&lines, "drifted-copy", "`restart-network` in NW-6-406");
    assert_eq!(
        f.message,
        "`restart-network` in NW-6-406 has drifted from the version 3 other articles share (NW-6-403, NW-6-404, NW-6-405) (98% similar)"
    );
    let text = fx.read("content/articles/NW-6-406.json");
    assert_eq!(
        (f.path.as_str(), f.line, f.col),
        (
            "content/articles/NW-6-406.json",
            pos(&text, &[&dev("xbox-360"), "power for "], "60").0,
            pos(&text, &[&dev("xbox-360"), "power for "], "60").1,
        )
    );
}

#[test]
fn a_half_rewritten_section_shared_across_articles_is_divergent() {
    let fx = Fixture::new();
    // NW-6-404's restart-network keeps its title, first and last steps;
    // the middle two are rewritten (under the article threshold).
    second_article(&fx, |t| {
        t.replace(
            "Unplug your modem (and your wireless router, if it's a separate device) from power for 30 seconds.",
            "Switch off everything at the wall socket.",
        )
        .replace(
            "Plug in your modem and wait until no new indicator lights are blinking on. If your router is separate from your modem, plug it in and wait until no new indicator lights are blinking on.",
            "Switch it all back on after a minute.",
        )
    });
    let (_, lines) = fx.check();
    let f = one(&lines, "divergent-variant", "`restart-network` in NW-6-404");
    assert_eq!(
        f.message,
        "`restart-network` in NW-6-404 is a divergent variant of the version in NW-6-403 (no version is shared by more copies) (only 35% similar)"
    );
    let text = fx.read("content/articles/NW-6-404.json");
    assert_eq!(
        (f.path.as_str(), f.line, f.col),
        (
            "content/articles/NW-6-404.json",
            pos(
                &text,
                &[&dev("blu-ray"), &sec("restart-network")],
                "\"Switch off"
            )
            .0,
            pos(
                &text,
                &[&dev("blu-ray"), &sec("restart-network")],
                "\"Switch off"
            )
            .1,
        )
    );
}

#[test]
fn across_articles_copies_weigh_not_articles() {
    let fx = Fixture::new();
    // NW-6-400, seen first, has two devices at 60 seconds; NW-6-403's
    // reference (6 devices) says 30: NW-6-400 is the one that drifted.
    article_of(&fx, "NW-6-400", &["xbox-360", "xbox-one"], |_, t| {
        t.replace("for 30 seconds.", "for 60 seconds.")
    });
    let (_, lines) = fx.check();
    let f = one(&lines, "drifted-copy", "`restart-network` in NW-6-40");
    assert_eq!(
        f.message,
        "`restart-network` in NW-6-400 has drifted from the version in NW-6-403 (98% similar)"
    );
    assert_eq!(f.path, "content/articles/NW-6-400.json");
}

#[test]
fn a_drift_across_articles_names_and_locates_every_device_with_that_copy() {
    let fx = Fixture::new();
    article_of(&fx, "NW-6-400", &["xbox-360", "xbox-one"], |_, t| {
        t.replace("for 30 seconds.", "for 60 seconds.")
    });
    let diags = fx.diagnostics(None);
    let d = diags
        .iter()
        .find(|d| d.rule.id == "drifted-copy" && d.message.contains("in NW-6-400"))
        .unwrap();
    assert_eq!(d.context.devices, ["xbox-360", "xbox-one"]);
    assert_eq!(d.context.device.as_deref(), Some("xbox-360"));
    let text = fx.read("content/articles/NW-6-400.json");
    let xbox_one = text.find("\"device\": \"xbox-one\"").unwrap();
    let second = xbox_one + text[xbox_one..].find("for 60 seconds").unwrap();
    // The second device's copy is a related label in the article's file,
    // after the one at the reference.
    let labels: Vec<&nwlint::diag::Loc> = (d.related.iter())
        .filter(|l| l.file == d.primary.file)
        .map(|l| &l.loc)
        .collect();
    assert_eq!(labels.len(), 1, "{:?}", d.related);
    let nwlint::diag::Loc::InString { pointer, .. } = labels[0] else {
        panic!("{:?}", labels[0]);
    };
    assert!(pointer.starts_with("/devices/1/sections/1/"), "{pointer}");
    assert!(text[second..].starts_with("for 60 seconds"));
}

#[test]
fn the_help_says_which_version_other_articles_follow_and_the_sync_command() {
    let fx = Fixture::new();
    // NW-6-400's consensus says 60 seconds; in NW-6-403 only ps4 does.
    article_of(
        &fx,
        "NW-6-400",
        &["xbox-360", "xbox-one", "smart-tv"],
        |_, t| t.replace("for 30 seconds.", "for 60 seconds."),
    );
    fx.edit(
        &[&dev("ps4"), &sec("restart-network")],
        "for 30 seconds.",
        "for 60 seconds.",
    );
    let diags = fx.diagnostics(None);
    let ps4 = diags
        .iter()
        .find(|d| {
            d.rule.id == "drifted-copy" && d.message.starts_with("`restart-network` for `ps4`")
        })
        .unwrap();
    assert_eq!(
        ps4.help.as_deref().unwrap(),
        "this version is what 1 other article says, so it may be the update the other copies missed: \
         `nwlint sync NW-6-403 restart-network --from ps4` applies it to them \
         (`nwlint sync NW-6-403 restart-network --from blu-ray --to ps4` undoes it here instead); \
         if the difference is meant to be, add `\"intended\": [{\"rule\": \"drifted-copy\", \"reason\": \"…\"}]` to the section"
    );
    // NW-6-400 drifted from the version more copies share.
    let across = diags
        .iter()
        .find(|d| d.rule.id == "drifted-copy" && d.message.contains("in NW-6-400"))
        .unwrap();
    assert!(
        across.help.as_deref().unwrap().starts_with(
            "1 other article agrees with the version compared with, not with this one: \
             `nwlint sync NW-6-403 restart-network --from blu-ray --to xbox-360 --to xbox-one --to smart-tv --all-articles`"
        ),
        "{:?}",
        across.help
    );
}

#[test]
fn a_noun_matches_as_registered_so_mac_is_not_mac_address() {
    let fx = Fixture::new();
    let mut registry: serde_json::Value =
        serde_json::from_str(&fx.read("content/devices.json")).unwrap();
    registry["devices"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "mac", "name": "Mac", "nouns": ["Mac"]}));
    fx.write(
        "content/devices.json",
        &serde_json::to_string_pretty(&registry).unwrap(),
    );
    let mut article: serde_json::Value = serde_json::from_str(&fx.read(ARTICLE)).unwrap();
    let blu = article["devices"][0].clone();
    let mac: serde_json::Value = serde_json::from_str(
        &serde_json::to_string(&blu)
            .unwrap()
            .replace("Blu-ray player", "Mac")
            .replace("\"blu-ray\"", "\"mac\""),
    )
    .unwrap();
    article["devices"].as_array_mut().unwrap().push(mac);
    let text = serde_json::to_string_pretty(&article).unwrap().replace(
        "Check for an internet outage in your area.",
        "Check for an internet outage in your area, and note your router's MAC address.",
    );
    fx.write(ARTICLE, &text);
    let (code, lines) = fx.check();
    assert_eq!(code, 0, "{lines:#?}");
    assert!(
        lines.iter().all(|l| !l.message.contains("`mac`")),
        "{lines:#?}"
    );
    one(
        &lines,
        "identical-copies",
        "`contact-isp` is identical in 9 devices: blu-ray, ps3, ps4, roku, set-top-box, smart-tv, xbox-360, xbox-one, mac",
    );
}

#[test]
fn a_noun_other_devices_use_as_a_word_is_text_in_that_section() {
    let fx = Fixture::new();
    let mut registry: serde_json::Value =
        serde_json::from_str(&fx.read("content/devices.json")).unwrap();
    registry["devices"].as_array_mut().unwrap().push(
        serde_json::json!({"id": "windows", "name": "Windows PC", "nouns": ["computer", "PC"]}),
    );
    fx.write(
        "content/devices.json",
        &serde_json::to_string_pretty(&registry).unwrap(),
    );
    let mut article: serde_json::Value = serde_json::from_str(&fx.read(ARTICLE)).unwrap();
    let windows: serde_json::Value = serde_json::from_str(
        &serde_json::to_string(&article["devices"][0])
            .unwrap()
            .replace("Blu-ray player", "computer")
            .replace("\"blu-ray\"", "\"windows\""),
    )
    .unwrap();
    article["devices"].as_array_mut().unwrap().push(windows);
    fx.write(ARTICLE, &serde_json::to_string_pretty(&article).unwrap());
    let (code, lines) = fx.check();
    assert_eq!(code, 0, "{lines:#?}");
    // "Using a computer, phone, or tablet" is every device's text; the
    // windows copy's "Turn off or unplug your computer" is its own noun.
    assert!(
        lines.iter().all(|l| !l.message.contains("`windows`")),
        "{lines:#?}"
    );
    one(
        &lines,
        "identical-copies",
        "`sign-in-check` is identical in 11 devices",
    );
    one(
        &lines,
        "identical-copies",
        "`restart-network` is identical in 7 of 9 devices: blu-ray, ps3, ps4, smart-tv, xbox-360, xbox-one, windows",
    );
}

#[test]
fn a_copy_marked_intended_with_the_same_text_says_it_may_be_deliberate() {
    let fx = Fixture::new();
    // xbox-one gets set-top-box's extra paragraph; set-top-box's copy is
    // marked intended, xbox-one's is not.
    let text = fx.read(ARTICLE);
    let stb = text.find(&dev("set-top-box")).unwrap();
    let para_at = stb + text[stb..]
        .find("{\n              \"type\": \"paragraph\",\n              \"text\": \"For this step")
        .unwrap();
    let para_end = para_at + text[para_at..].find("},\n").unwrap() + 3;
    let paragraph = text[para_at..para_end].replace("set-top box", "video game console");
    let xbox = text.find(&dev("xbox-one")).unwrap();
    let restart = xbox + text[xbox..].find(&sec("restart-network")).unwrap();
    let blocks =
        restart + text[restart..].find("\"blocks\": [\n").unwrap() + "\"blocks\": [\n".len();
    let edited = format!(
        "{}            {}{}",
        &text[..blocks],
        paragraph.trim_start(),
        &text[blocks..]
    );
    fx.write(ARTICLE, &edited);
    fx.edit(
        &[&dev("set-top-box"), &sec("restart-network")],
        "\"title\": \"Restart your home network\"",
        &mark("drifted-copy", "the set-top box needs the group unplugged"),
    );
    let diags = fx.diagnostics(None);
    let d = diags
        .iter()
        .find(|d| {
            d.rule.id == "drifted-copy" && d.message.starts_with("`restart-network` for `xbox-one`")
        })
        .unwrap_or_else(|| {
            panic!(
                "{:#?}",
                diags.iter().map(|d| &d.message).collect::<Vec<_>>()
            )
        });
    assert!(
        d.help.as_deref().unwrap().starts_with(
            "1 copy with this text is marked intended, so it may be a deliberate variant: \
             if it is for this device too, mark it as well; if not, \
             `nwlint sync NW-6-403 restart-network --from blu-ray --to xbox-one` makes this copy follow the other version"
        ),
        "{:?}",
        d.help
    );
}
