//! `nwlint diff` end to end: the shipped article (copied with its schemas
//! into a temporary project) and a small fixture help center that exercises
//! moves, insertions, title changes, snippets, section order, untrusted text
//! and every error. Outputs are asserted exactly, without colour.

mod common;

use std::path::PathBuf;
use std::process::Output;

struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// A copy of the shipped content and schemas.
    fn shipped() -> Project {
        Project {
            dir: common::shipped_project(),
        }
    }

    /// A small help center: devices alpha, beta, gamma; articles T-1 (alpha
    /// and beta) and T-2 (alpha only); a snippet used by alpha.
    fn fixture() -> Project {
        let p = Project {
            dir: tempfile::tempdir().unwrap(),
        };
        p.write(
            "content/helpcenter.json",
            r#"{"$schema": "helpcenter.schema.json", "name": "Test Help", "domain": "example.com"}"#,
        );
        p.write("content/devices.json", DEVICES);
        p.write("content/snippets/shared.json", SNIPPET);
        p.write("content/articles/T-1.json", T1);
        p.write("content/articles/T-2.json", T2);
        p
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Runs nwlint in the project, with `NO_COLOR` unset (stdout is a pipe,
    /// so `--color auto` means no colour).
    fn run(&self, args: &[&str]) -> Output {
        common::nwlint(self.dir.path(), args)
    }
}

use common::{stderr, stdout};

/// Asserts exit code, stdout and stderr, showing all three on failure.
fn expect(o: &Output, code: i32, out: &str, err: &str) {
    let (got_out, got_err) = (stdout(o), stderr(o));
    assert!(
        o.status.code() == Some(code) && got_out == out && got_err == err,
        "exit {:?} (want {code})\n--- stdout:\n{got_out}\n--- want:\n{out}\n--- stderr:\n{got_err}\n--- want:\n{err}",
        o.status.code()
    );
}

const DEVICES: &str = r#"{"$schema": "devices.schema.json", "devices": [
 {"id": "alpha", "name": "Alpha Box", "nouns": ["streaming box"]},
 {"id": "beta", "name": "Beta TV", "nouns": ["smart TV"]},
 {"id": "gamma", "name": "Gamma", "nouns": ["gamma unit"]}
]}"#;

const SNIPPET: &str = r#"{"$schema": "snippet.schema.json", "id": "shared", "title": "Check the cable",
 "blocks": [{"type": "paragraph", "text": ["Check your ", {"var": "noun"}, " cable."]}]}"#;

/// alpha and beta: `restart` with a moved, an inserted and a reworded step
/// and a new title; `escape` with terminal escapes and diff markers in the
/// text; `shared` (a snippet for alpha, literal for beta, the same once
/// normalized) in a different place; `alpha-only`.
const T1: &str = r#"{"$schema": "article.schema.json", "code": "T-1", "title": "Error T-1", "intro": "Intro.", "messages": ["Oops."], "summary": "Summary.",
 "devices": [
  {"device": "alpha", "sections": [
    {"id": "restart", "title": "Restart your Alpha Box", "blocks": [{"type": "steps", "items": [
      {"text": "Turn off your Alpha Box."}, {"text": "Unplug your modem."}, {"text": "Wait 30 seconds."},
      {"text": "Plug in your modem."}, {"text": "Turn on your streaming box."}]}]},
    {"id": "escape", "title": "Escapes", "blocks": [{"type": "paragraph", "text": "Press \u001b[31mRED\u001b[0m to see [-this-] and {+that+} \\ ok."}]},
    {"id": "shared", "snippet": "shared"},
    {"id": "alpha-only", "title": "Only here", "blocks": [{"type": "note", "text": "Only alpha."}]}
  ]},
  {"device": "beta", "sections": [
    {"id": "shared", "title": "Check the cable", "blocks": [{"type": "paragraph", "text": "Check your smart TV cable."}]},
    {"id": "restart", "title": "Restart everything", "blocks": [{"type": "steps", "items": [
      {"text": "Turn off your smart TV."}, {"text": "Wait 30 seconds."}, {"text": "Unplug your modem."},
      {"text": "Plug in your modem."}, {"text": "Wait 1 minute."}, {"text": "Turn on your Beta TV and open the app."}]}]},
    {"id": "escape", "title": "Escapes", "blocks": [{"type": "paragraph", "text": "Press \u001b[32mGREEN\u001b[0m to see [-these-] and {+that+} \\ ok."}]}
  ]}
 ]}
"#;

const T2: &str = r#"{"$schema": "article.schema.json", "code": "T-2", "title": "Error T-2", "intro": "Intro.", "messages": ["Oops."], "summary": "Summary.",
 "devices": [{"device": "alpha", "sections": [{"id": "restart", "title": "Restart", "blocks": [{"type": "paragraph", "text": "Restart."}]}]}]}
"#;

// ---------------------------------------------------------------------------
// The shipped article.

#[test]
fn shipped_ps4_and_xbox_one_do_not_differ() {
    let p = Project::shipped();
    let o = p.run(&["diff", "ps4", "xbox-one", "--color", "never"]);
    expect(
        &o,
        0,
        "no differences: 3 sections identical (NW-6-403)\n",
        "",
    );
    // The same in every format: unified prints nothing, JSON says so.
    expect(
        &p.run(&["diff", "ps4", "xbox-one", "--format", "unified"]),
        0,
        "",
        "",
    );
    let o = p.run(&["diff", "ps4", "xbox-one", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["differences"], false);
    assert_eq!(json["summary"]["identical"], 3);
}

const BLU_RAY_ROKU: &str = "\
--- blu-ray (Blu-ray player)
+++ roku (Roku)
{device} stands for each device's own name and nouns; --raw shows the literal text

NW-6-403 (content/articles/NW-6-403.json)
  restart-network \"Restart your home network\" (blu-ray line 61, roku line 480)
    ~ 1.    [-Turn off or unplug your {device}-]{+Unplug your device from power+}.
    ~ 2.    Unplug your modem [-(-]and [-your wireless -]router[-, if it's a separate device)-] from power[- for 30 seconds-].
    - 3.    Plug in your modem and wait until no new indicator lights are blinking on. If your router is separate from your modem, plug it in and wait until no new indicator lights are blinking on.
    + 3.    Wait 30 seconds.
    + 4.    Plug in your modem.
    + 5.    Wait 1 minute.
    + 6.    Plug in your router.
    + 7.    Wait 1 minute.
    + 8.    Plug in your device.
    ~ 4.→9. [-Turn your {device} back on and try-]{+Try+} Netflix again.
    + note: Some modems and routers might take longer to reconnect.

1 section differs, 2 identical (NW-6-403)
";

#[test]
fn shipped_blu_ray_and_roku_restart_steps_are_aligned() {
    let p = Project::shipped();
    let o = p.run(&["diff", "blu-ray", "roku", "--color", "never"]);
    expect(&o, 1, BLU_RAY_ROKU, "");
    // Narrowing to the section or the article changes nothing here.
    let o = p.run(&[
        "diff",
        "blu-ray",
        "roku",
        "--article",
        "NW-6-403",
        "--section",
        "restart-network",
        "--color",
        "never",
    ]);
    let only_section = BLU_RAY_ROKU.replace("2 identical", "0 identical");
    expect(&o, 1, &only_section, "");
}

#[test]
fn shipped_blu_ray_and_roku_unified() {
    let p = Project::shipped();
    let o = p.run(&["diff", "blu-ray", "roku", "--format", "unified"]);
    expect(
        &o,
        1,
        "\
--- blu-ray/NW-6-403/restart-network
+++ roku/NW-6-403/restart-network
@@ -1,5 +1,11 @@
 title: Restart your home network
-1. Turn off or unplug your {device}.
-2. Unplug your modem (and your wireless router, if it's a separate device) from power for 30 seconds.
-3. Plug in your modem and wait until no new indicator lights are blinking on. If your router is separate from your modem, plug it in and wait until no new indicator lights are blinking on.
-4. Turn your {device} back on and try Netflix again.
+1. Unplug your device from power.
+2. Unplug your modem and router from power.
+3. Wait 30 seconds.
+4. Plug in your modem.
+5. Wait 1 minute.
+6. Plug in your router.
+7. Wait 1 minute.
+8. Plug in your device.
+9. Try Netflix again.
+note: Some modems and routers might take longer to reconnect.
",
        "",
    );
}

#[test]
fn shipped_blu_ray_and_roku_json() {
    let p = Project::shipped();
    let o = p.run(&["diff", "blu-ray", "roku", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["normalized"], true);
    assert_eq!(json["differences"], true);
    assert_eq!(json["a"]["id"], "blu-ray");
    assert_eq!(json["b"]["name"], "Roku");
    let summary = &json["summary"];
    assert_eq!(
        (
            &summary["different"],
            &summary["identical"],
            &summary["only_a"]
        ),
        (&1.into(), &2.into(), &0.into())
    );
    let sections = json["articles"][0]["sections"].as_array().unwrap();
    let statuses: Vec<(&str, &str)> = sections
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("sign-in-check", "identical"),
            ("restart-network", "different"),
            ("contact-isp", "identical"),
        ]
    );
    assert!(sections[0].get("units").is_none());
    let units = sections[1]["units"].as_array().unwrap();
    let ops: Vec<&str> = units.iter().map(|u| u["op"].as_str().unwrap()).collect();
    assert_eq!(
        ops,
        [
            "equal", "changed", "changed", "removed", "added", "added", "added", "added", "added",
            "added", "changed", "added"
        ]
    );
    assert_eq!(units[1]["a"]["text"], "Turn off or unplug your {device}.");
    assert_eq!(
        units[1]["a"]["raw"],
        "Turn off or unplug your Blu-ray player."
    );
    assert_eq!(
        units[1]["words"],
        serde_json::json!([
            {"op": "removed", "text": "Turn off or unplug your {device}"},
            {"op": "added", "text": "Unplug your device from power"},
            {"op": "equal", "text": "."}
        ])
    );
    assert_eq!(units[10]["a"]["number"], 4);
    assert_eq!(units[10]["b"]["number"], 9);
    assert_eq!(units[11]["b"]["kind"], "note");
    // Every unit's pointer finds its raw text in the file it names, on the
    // line it names.
    let article_text = std::fs::read_to_string(p.path("content/articles/NW-6-403.json")).unwrap();
    let article: serde_json::Value = serde_json::from_str(&article_text).unwrap();
    for u in units {
        for side in ["a", "b"] {
            let Some(unit) = u.get(side) else { continue };
            assert_eq!(unit["path"], "content/articles/NW-6-403.json");
            let pointer = unit["pointer"].as_str().unwrap();
            let value = article
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{pointer}"));
            assert_eq!(value.as_str(), unit["raw"].as_str(), "{pointer}");
            let line = unit["line"].as_u64().unwrap() as usize;
            let quoted = serde_json::to_string(value).unwrap();
            assert!(
                article_text
                    .lines()
                    .nth(line - 1)
                    .unwrap()
                    .contains(&quoted),
                "{pointer} is not on line {line}"
            );
        }
    }
}

#[test]
fn shipped_ps4_and_ps5_list_one_sided_sections() {
    let p = Project::shipped();
    let o = p.run(&["diff", "ps4", "ps5", "--color", "never"]);
    expect(
        &o,
        1,
        "\
--- ps4 (PlayStation 4)
+++ ps5 (PlayStation 5)

NW-6-403 (content/articles/NW-6-403.json)
  only in ps4: restart-network \"Restart your home network\" (line 299)
  only in ps4: contact-isp \"Contact your internet service provider\" (line 322)
  only in ps5: what-next \"What to do next\" (line 418)

2 sections only in ps4, 1 only in ps5, 1 identical (NW-6-403)
",
        "",
    );
    let o = p.run(&["diff", "ps4", "ps5", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sections = json["articles"][0]["sections"].as_array().unwrap();
    let what_next = &sections[3];
    assert_eq!(what_next["status"], "only-b");
    assert!(what_next["a"].is_null());
    assert_eq!(what_next["units"][1]["op"], "added");
    assert_eq!(
        what_next["units"][1]["b"]["text"],
        "We're looking into this problem. To help us investigate, contact us <https://help.netflix.com/contactus>."
    );
}

#[test]
fn unknown_device_suggests_and_lists_ids() {
    let p = Project::shipped();
    let known = "  help: known devices: blu-ray, ps3, ps4, ps5, roku, set-top-box, smart-tv, xbox-360, xbox-one, xbox-series-xs\n";
    let o = p.run(&["diff", "ps4", "xbox1", "--color", "never"]);
    expect(
        &o,
        2,
        "",
        &format!("error: unknown device `xbox1`; did you mean `xbox-one`?\n{known}"),
    );
    let o = p.run(&["diff", "zzzzzzzz", "ps4"]);
    expect(
        &o,
        2,
        "",
        &format!("error: unknown device `zzzzzzzz`\n{known}"),
    );
    // Untrusted input is escaped in the message.
    let o = p.run(&["diff", "ps4", "x\u{1b}[2Jy"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: unknown device `x\\u{1b}[2Jy`\n"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let p = Project::shipped();
    let args = ["diff", "blu-ray", "roku"];
    // Not a terminal: plain, with markers.
    let plain = stdout(&p.run(&args));
    assert_eq!(plain, BLU_RAY_ROKU);
    let forced = stdout(&p.run(&["diff", "blu-ray", "roku", "--color", "always"]));
    assert!(forced.contains("\x1b[31;9mTurn off or unplug your {device}\x1b[0m\x1b[32mUnplug your device from power\x1b[0m."));
    assert!(!forced.contains("[-"), "{forced}");
}

#[test]
fn raw_shows_the_literal_text() {
    let p = Project::shipped();
    let o = p.run(&[
        "diff",
        "blu-ray",
        "roku",
        "--raw",
        "--section",
        "restart-network",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(!out.contains("{device}"), "{out}");
    assert!(
        out.contains("    - 1.    Turn off or unplug your Blu-ray player.\n"),
        "{out}"
    );
    // Even literally, ps4 and xbox-one are the same: both say "video game
    // console" and "game console".
    let o = p.run(&["diff", "ps4", "xbox-one", "--raw"]);
    expect(
        &o,
        0,
        "no differences: 3 sections identical (NW-6-403)\n",
        "",
    );
}

// ---------------------------------------------------------------------------
// The fixture help center.

const FIXTURE_HUMAN: &str = "\
--- alpha (Alpha Box)
+++ beta (Beta TV)
{device} stands for each device's own name and nouns; --raw shows the literal text

T-1 (content/articles/T-1.json)
  restart \"Restart your Alpha Box\" (alpha line 4, beta line 13)
    ~ title: Restart [-your {device}-]{+everything+}
      1.     Turn off your {device}.
    + 2.     (moved here) Wait 30 seconds.
      2.→3.  Unplug your modem.
    - 3.     (moved up) Wait 30 seconds.
      4.     Plug in your modem.
    + 5.     Wait 1 minute.
    ~ 5.→6.  Turn on your {device}{+ and open the app+}.
  escape \"Escapes\" (alpha line 7, beta line 16)
    ~ ¶ Press \\u{1b}[[-31mRED-]{+32mGREEN+}\\u{1b}[0m to see [\\-[-this-]{+these+}-\\] and {\\+that+\\} \\\\ ok.
  only in alpha: alpha-only \"Only here\" (line 9)
  shared sections come in a different order:
    alpha: restart, escape, shared
    beta: shared, restart, escape

2 sections differ, 1 only in alpha, 1 identical, section order differs in 1 article (T-1; 1 more article covers only one of the two devices)
";

#[test]
fn fixture_moves_inserts_titles_snippets_and_order() {
    let p = Project::fixture();
    let o = p.run(&["diff", "alpha", "beta", "--color", "never"]);
    expect(&o, 1, FIXTURE_HUMAN, "");
}

#[test]
fn fixture_raw_compares_snippet_text_literally() {
    let p = Project::fixture();
    let o = p.run(&["diff", "alpha", "beta", "--raw", "--section", "shared"]);
    expect(
        &o,
        1,
        "\
--- alpha (Alpha Box)
+++ beta (Beta TV)

T-1 (content/articles/T-1.json)
  shared \"Check the cable\" (alpha line 8, beta line 12)
    ~ ¶ Check your [-streaming box-]{+smart TV+} cable.

1 section differs, 0 identical (T-1)
",
        "",
    );
    // Normalized, the snippet's {noun} and beta's \"smart TV\" are the same.
    let o = p.run(&["diff", "alpha", "beta", "--section", "shared"]);
    expect(&o, 0, "no differences: 1 section identical (T-1)\n", "");
    // In JSON, the snippet's units point into the snippet file.
    let o = p.run(&[
        "diff",
        "alpha",
        "beta",
        "--raw",
        "--section",
        "shared",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let unit = &json["articles"][0]["sections"][0]["units"][1];
    assert_eq!(unit["op"], "changed");
    assert_eq!(unit["a"]["path"], "content/snippets/shared.json");
    assert_eq!(unit["a"]["pointer"], "/blocks/0/text");
    assert_eq!(unit["a"]["raw"], "Check your streaming box cable.");
    assert_eq!(unit["b"]["path"], "content/articles/T-1.json");
}

#[test]
fn fixture_unified() {
    let p = Project::fixture();
    let o = p.run(&["diff", "alpha", "beta", "--format", "unified"]);
    expect(
        &o,
        1,
        "\
--- alpha/T-1/restart
+++ beta/T-1/restart
@@ -1,6 +1,7 @@
-title: Restart your {device}
+title: Restart everything
 1. Turn off your {device}.
+2. Wait 30 seconds.
 2. Unplug your modem.
-3. Wait 30 seconds.
 4. Plug in your modem.
-5. Turn on your {device}.
+5. Wait 1 minute.
+6. Turn on your {device} and open the app.
--- alpha/T-1/escape
+++ beta/T-1/escape
@@ -1,2 +1,2 @@
 title: Escapes
-¶ Press \\u{1b}[31mRED\\u{1b}[0m to see [-this-] and {+that+} \\ ok.
+¶ Press \\u{1b}[32mGREEN\\u{1b}[0m to see [-these-] and {+that+} \\ ok.
--- alpha/T-1/alpha-only
+++ /dev/null
@@ -1,2 +0,0 @@
-title: Only here
-note: Only alpha.
--- alpha/T-1
+++ beta/T-1
@@ -1,3 +1,3 @@
+shared
 restart
 escape
-shared
",
        "",
    );
}

/// Decodes one plain word-diff text as documented in `nwlint diff --help`:
/// `\\` is `\`, `\u{..}` a control character, `\` before any other
/// character that character; unescaped `[-`…`-]` and `{+`…`+}` are
/// nwlint's markers. Returns (first device's text, second device's text).
fn decode(s: &str) -> (String, String) {
    #[derive(PartialEq)]
    enum In {
        Both,
        Old,
        New,
    }
    let (mut old, mut new) = (String::new(), String::new());
    let mut state = In::Both;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let pair = (chars[i], chars.get(i + 1).copied());
        let c = match pair {
            ('\\', Some('u')) if chars.get(i + 2) == Some(&'{') => {
                let end = i + chars[i..].iter().position(|&c| c == '}').unwrap();
                let hex: String = chars[i + 3..end].iter().collect();
                i = end + 1;
                char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap()
            }
            ('\\', Some(c)) => {
                i += 2;
                c
            }
            ('[', Some('-')) if state == In::Both => {
                state = In::Old;
                i += 2;
                continue;
            }
            ('-', Some(']')) if state == In::Old => {
                state = In::Both;
                i += 2;
                continue;
            }
            ('{', Some('+')) if state == In::Both => {
                state = In::New;
                i += 2;
                continue;
            }
            ('+', Some('}')) if state == In::New => {
                state = In::Both;
                i += 2;
                continue;
            }
            (c, _) => {
                i += 1;
                c
            }
        };
        if state != In::New {
            old.push(c);
        }
        if state != In::Old {
            new.push(c);
        }
    }
    assert!(state == In::Both, "unclosed marker in {s}");
    (old, new)
}

#[test]
fn plain_markers_cannot_be_forged_by_content() {
    let p = Project::fixture();
    let out = stdout(&p.run(&["diff", "alpha", "beta", "--section", "escape"]));
    let line = out
        .lines()
        .find(|l| l.starts_with("    ~ ¶ "))
        .unwrap_or_else(|| panic!("{out}"));
    let (old, new) = decode(&line["    ~ ¶ ".len()..]);
    assert_eq!(
        old,
        "Press \u{1b}[31mRED\u{1b}[0m to see [-this-] and {+that+} \\ ok."
    );
    assert_eq!(
        new,
        "Press \u{1b}[32mGREEN\u{1b}[0m to see [-these-] and {+that+} \\ ok."
    );
    // And no raw escape character reaches the terminal, in any format.
    for format in ["human", "unified", "json"] {
        let o = p.run(&["diff", "alpha", "beta", "--format", format]);
        assert!(!o.stdout.contains(&0x1b), "{format}");
    }
}

#[test]
fn fixture_errors_exit_2() {
    let p = Project::fixture();
    let cases: &[(&[&str], &str)] = &[
        (
            &["diff", "alpha", "alpha"],
            "error: both devices are `alpha`; name two different devices\n",
        ),
        (
            &["diff", "alpha", "gamma"],
            "error: no article has entries for both `alpha` and `gamma`\n  help: `alpha` is in 2 articles, `gamma` is in no article\n",
        ),
        (
            &["diff", "alpha", "beta", "--article", "T-3"],
            "error: no article `T-3` (that loaded without errors)\n  help: did you mean `T-1`?\n",
        ),
        (
            &["diff", "alpha", "beta", "--article", "T-2"],
            "error: article `T-2` has no entry for `beta`\n  help: it covers: alpha\n",
        ),
        (
            &["diff", "alpha", "beta", "--section", "restar"],
            "error: neither `alpha` nor `beta` has a section `restar`\n  help: did you mean `restart`?\n",
        ),
        (
            &["diff", "alpha", "beta", "--section", "nothing-like-it"],
            "error: neither `alpha` nor `beta` has a section `nothing-like-it`\n  help: sections of these devices: alpha-only, escape, restart, shared\n",
        ),
    ];
    for (args, err) in cases {
        expect(&p.run(args), 2, "", err);
    }
    // Usage errors are clap's, also exit 2.
    let o = p.run(&["diff", "alpha"]);
    assert_eq!(o.status.code(), Some(2));
    let o = p.run(&["diff", "alpha", "beta", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn broken_content_is_reported_not_compared() {
    let p = Project::fixture();
    p.write("content/articles/T-9.json", "{ not json");
    let o = p.run(&["diff", "alpha", "beta", "--section", "shared"]);
    expect(
        &o,
        0,
        "no differences: 1 section identical (T-1)\n",
        "warning: 1 article or snippet file did not load and was not compared; `nwlint check` shows why\n",
    );
    p.write("content/devices.json", "[]");
    let o = p.run(&["diff", "alpha", "beta"]);
    expect(
        &o,
        2,
        "",
        "error: the device registry (devices.json) did not load; run `nwlint check`\n",
    );
}

#[test]
fn unchanged_units_far_from_a_change_collapse() {
    let p = Project::fixture();
    let steps = |changed: &str| {
        let mut items: Vec<String> = (1..=9)
            .map(|n| format!(r#"{{"text": "Do thing number {n} now."}}"#))
            .collect();
        items[4] = format!(r#"{{"text": "{changed}"}}"#);
        format!(
            r#"{{"id": "long", "title": "Long", "blocks": [{{"type": "steps", "items": [{}]}}]}}"#,
            items.join(", ")
        )
    };
    p.write(
        "content/articles/T-3.json",
        &format!(
            r#"{{"$schema": "article.schema.json", "code": "T-3", "title": "Error T-3", "intro": "Intro.", "messages": ["Oops."], "summary": "Summary.",
 "devices": [{{"device": "alpha", "sections": [{}]}}, {{"device": "beta", "sections": [{}]}}]}}"#,
            steps("Do thing number 5 later."),
            steps("Do thing number 5 soon.")
        ),
    );
    let o = p.run(&["diff", "alpha", "beta", "--article", "T-3"]);
    expect(
        &o,
        1,
        "\
--- alpha (Alpha Box)
+++ beta (Beta TV)

T-3 (content/articles/T-3.json)
  long \"Long\" (alpha line 2, beta line 2)
      …  2 unchanged
      3. Do thing number 3 now.
      4. Do thing number 4 now.
    ~ 5. Do thing number 5 [-later-]{+soon+}.
      6. Do thing number 6 now.
      7. Do thing number 7 now.
      …  2 unchanged

1 section differs, 0 identical (T-3)
",
        "",
    );
}
