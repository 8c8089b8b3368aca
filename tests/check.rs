//! `nwlint check` end to end: the shipped content, each kind of violation
//! and each kind of bad input, asserting exit code, rule id and line:col.
//!
//! Each case copies `content/` and `schema/` into a temporary project, breaks
//! one thing in the article text, and runs the real binary there. Expected
//! positions are computed by searching the mutated text for the broken value,
//! independently of nwlint's span scanner.

mod common;
use common::{pos, snapshot};

use std::path::PathBuf;
use std::process::{Command, Output};

const ARTICLE: &str = "content/articles/NW-6-403.json";

struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// A copy of the shipped content and schemas.
    fn new() -> Project {
        Project {
            dir: common::shipped_project(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Replaces the first occurrence of `from` in the article (which must exist).
    fn edit(&self, from: &str, to: &str) -> String {
        let text = self.read(ARTICLE);
        assert!(text.contains(from), "fixture text not found: {from}");
        let new = text.replacen(from, to, 1);
        self.write(ARTICLE, &new);
        new
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_nwlint"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .unwrap()
    }

    fn concise(&self) -> (i32, Vec<String>) {
        let out = self.run(&["check", "--format", "concise"]);
        let lines = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        (out.status.code().unwrap(), lines)
    }
}

/// The concise lines of error-level findings of one rule.
fn errors<'a>(lines: &'a [String], rule: &str) -> Vec<&'a String> {
    let tag = format!(": error[{rule}] ");
    lines.iter().filter(|l| l.contains(&tag)).collect()
}

#[test]
fn shipped_content_has_no_errors() {
    let p = Project::new();
    let (code, lines) = p.concise();
    assert_eq!(code, 0, "{lines:#?}");
    assert!(lines.iter().all(|l| !l.contains(": error[")), "{lines:#?}");
}

#[test]
fn schema_violations_point_at_the_value() {
    // (from, to, needle locating the reported value, expected message start)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "\"type\": \"steps\",",
            "\"type\": \"steps\", \"colour\": \"red\",",
            "\"colour\"",
            "unknown key `colour`",
        ),
        (
            "\"title\": \"Restart your home network\"",
            "\"title\": \"\"",
            "\"\"",
            "text must not be empty",
        ),
        (
            "\"id\": \"contact-isp\"",
            "\"id\": \"Contact ISP\"",
            "\"Contact ISP\"",
            "`\"Contact ISP\"` does not match the pattern",
        ),
        (
            "\"code\": \"NSEZ-403\"",
            "\"code\": \"nsez-403\"",
            "\"nsez-403\"",
            "`\"nsez-403\"` does not match the pattern",
        ),
        (
            "\"href\": \"https://fast.com\"",
            "\"href\": \"javascript:alert(1)\"",
            "\"javascript:alert(1)\"",
            "`\"javascript:alert(1)\"` does not match the pattern",
        ),
        (
            "\"locale\": \"en-US\"",
            "\"locale\": 7",
            "7,",
            "expected string, found number",
        ),
    ];
    for (from, to, needle, message) in cases {
        let p = Project::new();
        let text = p.edit(from, to);
        let (code, lines) = p.concise();
        assert_eq!(code, 1, "{from} → {to}: {lines:#?}");
        let errs = errors(&lines, "schema");
        let (line, col) = pos(&text, needle);
        let want = format!("{ARTICLE}:{line}:{col}: error[schema] {message}");
        assert!(
            errs.iter().any(|l| l.starts_with(&want)),
            "{from} → {to}: expected a line starting with\n{want}\ngot {lines:#?}"
        );
    }
}

#[test]
fn empty_step_list_and_missing_key() {
    let p = Project::new();
    let text = p.read(ARTICLE);
    // Empty the first step list (blu-ray's sign-in-check).
    let start = text.find("\"items\": [").unwrap() + "\"items\": ".len();
    let end = start + text[start..].find("\n              ]").unwrap() + "\n              ]".len();
    let broken = format!("{}[]{}", &text[..start], &text[end..]);
    p.write(ARTICLE, &broken);
    let (code, lines) = p.concise();
    assert_eq!(code, 1);
    let (line, col) = pos(&broken, "[]");
    assert_eq!(
        errors(&lines, "schema"),
        [&format!(
            "{ARTICLE}:{line}:{col}: error[schema] list must not be empty"
        )],
    );

    let p = Project::new();
    let text = p.edit("  \"title\": \"Netflix Error NW-6-403\",\n", "");
    let (code, lines) = p.concise();
    assert_eq!(code, 1);
    assert_eq!(
        errors(&lines, "schema"),
        [&format!(
            "{ARTICLE}:1:1: error[schema] missing required key `title`"
        )],
        "{text}"
    );
}

#[test]
fn malformed_json_points_at_the_spot() {
    let p = Project::new();
    let text = p.edit("\"locale\": \"en-US\",", "\"locale\": \"en-US\",,");
    let (code, lines) = p.concise();
    assert_eq!(code, 1);
    let (line, col) = pos(&text, ",,");
    assert_eq!(
        lines,
        [format!(
            "{ARTICLE}:{line}:{}: error[json-syntax] invalid JSON: expected string key",
            col + 1
        )]
    );
}

#[test]
fn duplicate_key_reports_both_locations() {
    let p = Project::new();
    let text = p.edit(
        "\"locale\": \"en-US\",",
        "\"locale\": \"en-US\",\n  \"locale\": \"fr-FR\",",
    );
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (l1, c1) = pos(&text, "\"locale\"");
    let second = text.find("\"locale\": \"fr-FR\"").unwrap();
    let l2 = text[..second].matches('\n').count() + 1;
    assert!(stdout.contains("duplicate-key"), "{stdout}");
    assert!(stdout.contains(&format!("[{ARTICLE}:{l2}:3]")), "{stdout}");
    assert!(stdout.contains("first defined here"), "{stdout}");
    assert!(stdout.contains("duplicate here"), "{stdout}");
    let (_, lines) = p.concise();
    assert_eq!(
        lines,
        [format!(
            "{ARTICLE}:{l2}:3: error[duplicate-key] duplicate key `locale`"
        )]
    );
    assert_eq!((l1, c1), (l2 - 1, 3));
}

#[test]
fn unknown_device_suggests_the_registered_id() {
    let p = Project::new();
    let text = p.edit("\"device\": \"xbox-one\"", "\"device\": \"xbox1\"");
    let (code, lines) = p.concise();
    assert_eq!(code, 1);
    let (line, col) = pos(&text, "\"xbox1\"");
    assert_eq!(
        errors(&lines, "unknown-device"),
        [&format!(
            "{ARTICLE}:{line}:{col}: error[unknown-device] unknown device `xbox1`"
        )]
    );
    let human = String::from_utf8(p.run(&["check"]).stdout).unwrap();
    assert!(human.contains("did you mean `xbox-one`?"), "{human}");
}

#[test]
fn rules_a_schema_cannot_express() {
    // (from, to, needle, rule, message)
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "\"code\": \"NW-6-403\",\n  \"locale\"",
            "\"code\": \"NW-6-404\",\n  \"locale\"",
            "\"NW-6-404\"",
            "code-filename",
            "article code `NW-6-404` does not match its file name `NW-6-403.json`",
        ),
        (
            "\"device\": \"ps3\"",
            "\"device\": \"blu-ray\"",
            "\"device\": \"blu-ray\"",
            "repeated-device",
            "device `blu-ray` appears twice in this article",
        ),
        (
            "\"id\": \"contact-isp\"",
            "\"id\": \"restart-network\"",
            "\"id\": \"restart-network\"",
            "repeated-section",
            "section `restart-network` appears twice for `blu-ray`",
        ),
        (
            "\"href\": \"https://fast.com\"",
            "\"href\": \"https://fast.example.net\"",
            "\"https://fast.example.net\"",
            "disallowed-link",
            "link to `fast.example.net`, which is not an allowed domain",
        ),
        (
            "\"href\": \"https://www.netflix.com/clearcookies\"",
            "\"href\": \"https://www.netflix.com/account\"",
            "\"https://www.netflix.com/account\"",
            "disallowed-link",
            "link shows `netflix.com/clearcookies` but points to `https://www.netflix.com/account`",
        ),
        (
            "{\n      \"code\": \"NW-6-403\"\n    }",
            "{\n      \"code\": \"NW-6-430\"\n    }",
            "\"NW-6-430\"",
            "error-code",
            "intro names `NW-6-430` but this article is `NW-6-403`",
        ),
        (
            "Try again later.",
            "Try again later or see NSEZ-404.",
            "NSEZ-404",
            "error-code",
            "`NSEZ-404` looks like an error code but is not marked as one",
        ),
    ];
    for (from, to, needle, rule, message) in cases {
        let p = Project::new();
        let text = p.edit(from, to);
        let (code, lines) = p.concise();
        assert_eq!(code, 1, "{rule}: {lines:#?}");
        // For repeated ids the second use is the reported one.
        let (line, col) = if rule.starts_with("repeated-") {
            let first = text.find(needle).unwrap();
            let off = first + 1 + text[first + 1..].find(needle).unwrap();
            let before = &text[..off];
            (
                before.matches('\n').count() + 1,
                before.rsplit('\n').next().unwrap().chars().count()
                    + 1
                    + needle.find(' ').unwrap()
                    + 1,
            )
        } else {
            pos(&text, needle)
        };
        let want = format!("{ARTICLE}:{line}:{col}: error[{rule}] {message}");
        assert_eq!(errors(&lines, rule), [&want], "{rule}");
    }
}

#[test]
fn remote_schema_ref_is_an_error_not_a_fetch() {
    let p = Project::new();
    let schema = p.read("schema/common.schema.json");
    let broken = schema.replacen(
        "\"$defs\": {",
        "\"$defs\": {\n    \"evil\": { \"$ref\": \"https://example.com/evil.schema.json\" },",
        1,
    );
    assert_ne!(schema, broken);
    p.write("schema/common.schema.json", broken);
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("`$ref` to `https://example.com/evil.schema.json` is not allowed"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_input_files() {
    // (file bytes, rule, expected concise line suffix after the path)
    let deep = "[".repeat(100_000);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"".to_vec(), ":1:1: error[json-syntax] file is empty"),
        (b"  \n".to_vec(), ":1:1: error[json-syntax] file is empty"),
        (
            b"{\"code\": \"caf\xe9\"}".to_vec(),
            ":1:14: error[encoding] file is not valid UTF-8 (invalid byte at offset 13)",
        ),
        (
            b"\x7fELF\x02\x01\x01\x00\x00".to_vec(),
            ":1:8: error[encoding] file contains NUL bytes: it looks like a binary file, not JSON text",
        ),
        (
            deep.into_bytes(),
            ":1:128: error[json-syntax] invalid JSON: nesting deeper than 127 levels",
        ),
        (
            b"{\"a\": 1} {".to_vec(),
            ":1:10: error[json-syntax] invalid JSON: trailing characters after JSON value",
        ),
        (
            b"{\"a\": \"x".to_vec(),
            ":1:7: error[json-syntax] invalid JSON: unterminated string",
        ),
    ];
    for (bytes, want) in cases {
        let p = Project::new();
        p.write("content/articles/NW-1-1.json", &bytes);
        let (code, lines) = p.concise();
        assert_eq!(code, 1, "{want}: {lines:#?}");
        let want = format!("content/articles/NW-1-1.json{want}");
        assert!(lines.contains(&want), "expected {want}\ngot {lines:#?}");
    }
}

#[test]
fn bom_is_reported_and_the_file_still_checked() {
    let p = Project::new();
    let text = p.read(ARTICLE);
    let broken = text.replacen("\"device\": \"roku\"", "\"device\": \"rokku\"", 1);
    p.write(ARTICLE, format!("\u{feff}{broken}"));
    let (code, lines) = p.concise();
    assert_eq!(code, 1);
    assert!(
        lines.contains(&format!(
            "{ARTICLE}:1:1: error[encoding] file starts with a byte order mark (BOM)"
        )),
        "{lines:#?}"
    );
    // Positions after the BOM are still exact (the BOM takes no column).
    let (line, col) = pos(&broken, "\"rokku\"");
    assert!(
        lines.contains(&format!(
            "{ARTICLE}:{line}:{col}: error[unknown-device] unknown device `rokku`"
        )),
        "{lines:#?}"
    );
}

#[test]
fn very_large_file_is_refused_without_reading_it_all() {
    let p = Project::new();
    let f = std::fs::File::create(p.path("content/articles/BIG-1.json")).unwrap();
    f.set_len(33 << 20).unwrap(); // sparse: no disk cost
    let (code, lines) = p.concise();
    assert_eq!(code, 1);
    assert!(
        lines.contains(
            &"content/articles/BIG-1.json:1:1: error[encoding] file is too large (34603008 bytes; the limit is 32 MiB)"
                .to_string()
        ),
        "{lines:#?}"
    );
}

#[test]
fn missing_and_empty_roots_exit_2() {
    let p = Project::new();
    let out = p.run(&["check", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error: cannot read `no/such/dir`"),
        "{stderr}"
    );

    std::fs::create_dir_all(p.path("empty")).unwrap();
    let out = p.run(&["check", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no content files under"), "{stderr}");

    std::fs::remove_file(p.path("content/devices.json")).unwrap();
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no device registry"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    let p = Project::new();
    let out = p.run(&["check", "--format", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let out = p.run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = p.run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
}

/// Human output, no colour, fixed width: pinned exactly.
#[test]
fn human_output_snapshot() {
    let p = Project::new();
    p.edit("\"type\": \"note\",", "\"type\": \"note\", \"colour\": 1,");
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let got = String::from_utf8(out.stdout).unwrap();
    snapshot("check-human-schema.txt", &got);

    let p = Project::new();
    p.edit("\"device\": \"xbox-one\"", "\"device\": \"xbox1\"");
    p.edit(
        "\"locale\": \"en-US\",",
        "\"locale\": \"en-US\",\n  \"locale\": \"en-GB\",",
    );
    p.write(
        "content/articles/NW-2-2.json",
        "{\n  \"code\": \"NW-2-2\",\n  \"title\": [1, 2,]\n}\n",
    );
    let out = p.run(&["check", "--content", "content"]);
    assert_eq!(out.status.code(), Some(1));
    let got = String::from_utf8(out.stdout).unwrap();
    snapshot("check-human-syntax.txt", &got);
}

#[test]
fn terminal_escapes_in_content_are_neutralized() {
    // Through a message: the link text reaches "link shows `…`".
    let p = Project::new();
    p.edit(
        "\"link\": \"netflix.com/clearcookies\"",
        "\"link\": \"netflix.com/clear\\u001b[2Jcookies\"",
    );
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let got = String::from_utf8(out.stdout).unwrap();
    assert!(!got.contains('\u{1b}'), "{got:?}");
    assert!(
        got.contains("link shows `netflix.com/clear\\u{1b}[2Jcookies`"),
        "{got}"
    );

    // Through the source snippet: a raw ESC (invalid JSON) is not echoed.
    let p = Project::new();
    p.write(
        "content/articles/NW-1-1.json",
        "{\"code\": \"\u{1b}[31mred\"}\n",
    );
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let got = String::from_utf8(out.stdout).unwrap();
    assert!(!got.contains('\u{1b}'), "{got:?}");
    assert!(got.contains("control character in string"), "{got}");
}

/// Runs human `check` on a project whose article is one line longer than
/// 64 KiB: it must exit as concise does, with no panic, a header at every
/// finding's real line:col, excerpts cut around the span, and a note saying
/// so. Returns the report.
fn check_long_line(p: &Project, line_len: usize) -> String {
    let (code, lines) = p.concise();
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(code), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = String::from_utf8(out.stdout).unwrap();
    let past = lines
        .iter()
        .filter_map(|l| {
            l.strip_prefix(ARTICLE)?
                .split(':')
                .nth(2)?
                .parse::<usize>()
                .ok()
        })
        .filter(|&col| col > 65_535)
        .collect::<Vec<_>>();
    assert!(
        !past.is_empty(),
        "no finding past column 65,535: {lines:#?}"
    );
    for col in past {
        assert!(
            got.contains(&format!("[{ARTICLE}:1:{col}]")),
            "{col}: {got}"
        );
    }
    let note = format!("note: line 1 is {line_len} bytes long; the excerpt shows columns ");
    assert!(got.contains(&note), "{got}");
    assert!(got.lines().all(|l| l.chars().count() < 1000), "{got}");
    got
}

#[test]
fn findings_on_lines_past_64_kib_render_cut() {
    // A minified article with a long summary: every finding on line 1.
    let p = Project::new();
    let long_summary = format!("\"summary\": \"{} It usually", "x".repeat(66_000));
    let text = p.edit("\"summary\": \"It usually", &long_summary);
    let minified: String = text.lines().map(str::trim_start).collect();
    p.write(ARTICLE, &minified);
    check_long_line(&p, minified.len());

    // CR-only line breaks: the whole file is one line.
    let p = Project::new();
    let text = p.edit(
        "\"summary\": \"It usually",
        &format!("\"summary\": \"{} It usually", "x".repeat(60_000)),
    );
    let cr = text.replace('\n', "\r");
    p.write(ARTICLE, &cr);
    check_long_line(&p, cr.len());
}

/// A single-sourced section: the snippet's text with the device's noun
/// filled in renders exactly like the literal copy it replaces.
#[test]
fn snippet_sections_resolve_and_unknown_snippets_are_reported() {
    let p = Project::new();
    p.write(
        "content/snippets/restart-network.json",
        r#"{
  "$schema": "../../schema/snippet.schema.json",
  "id": "restart-network",
  "title": "Restart your home network",
  "blocks": [
    {
      "type": "steps",
      "items": [
        { "text": ["Turn off or unplug your ", { "var": "noun" }, "."] },
        { "text": "Unplug your modem (and your wireless router, if it's a separate device) from power for 30 seconds." },
        { "text": "Plug in your modem and wait until no new indicator lights are blinking on. If your router is separate from your modem, plug it in and wait until no new indicator lights are blinking on." },
        { "text": ["Turn your ", { "var": "noun" }, " back on and try Netflix again."] }
      ]
    }
  ]
}
"#,
    );
    let before = p.run(&["render", "NW-6-403"]);
    assert_eq!(before.status.code(), Some(0));
    // Replace smart-tv's literal restart-network section by the snippet.
    let text = p.read(ARTICLE);
    let dev = text.find("\"device\": \"smart-tv\"").unwrap();
    let start = dev
        + text[dev..]
            .find("        {\n          \"id\": \"restart-network\"")
            .unwrap();
    let end = start + text[start..].find("\n        },\n").unwrap() + "\n        }".len();
    let single = format!(
        "{}        {{ \"id\": \"restart-network\", \"snippet\": \"restart-network\" }}{}",
        &text[..start],
        &text[end..]
    );
    p.write(ARTICLE, &single);
    let (code, lines) = p.concise();
    assert_eq!(code, 0, "{lines:#?}");
    let after = p.run(&["render", "NW-6-403"]);
    assert_eq!(after.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(after.stdout).unwrap(),
        String::from_utf8(before.stdout).unwrap()
    );

    // A typo in the snippet id is reported at the reference.
    let typo = single.replacen(
        "\"snippet\": \"restart-network\"",
        "\"snippet\": \"restart-netwrok\"",
        1,
    );
    p.write(ARTICLE, &typo);
    let (code, lines) = p.concise();
    assert_eq!(code, 1);
    let (line, col) = pos(&typo, "\"restart-netwrok\"");
    assert_eq!(
        errors(&lines, "unknown-snippet"),
        [&format!(
            "{ARTICLE}:{line}:{col}: error[unknown-snippet] unknown snippet `restart-netwrok`"
        )]
    );
}
