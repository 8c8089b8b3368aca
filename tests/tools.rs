//! The writer tools on the shipped content: `sync`, `check --fix`,
//! `extract`, `add-device`, `new` — what they write, what they leave
//! alone, `--diff`, and that `check` passes after each.

mod common;

use common::{nwlint, shipped_project, stderr, stdout};
use std::path::Path;

const ARTICLE: &str = "content/articles/NW-6-403.json";

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

fn concise(dir: &Path) -> (Option<i32>, String) {
    let o = nwlint(dir, &["check", "--format", "concise"]);
    (o.status.code(), stdout(&o))
}

fn render(dir: &Path) -> String {
    let o = nwlint(dir, &["render", "NW-6-403"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

const STB_PARAGRAPH: &str = "For this step, make sure to leave your set-top box and all of your home network equipment unplugged as a group for 30 seconds before plugging each device back in one by one.";

#[test]
fn sync_fixes_the_drift_and_leaves_every_other_device_as_it_was() {
    let dir = shipped_project();
    let before = render(dir.path());
    let text_before = read(dir.path(), ARTICLE);
    let o = nwlint(
        dir.path(),
        &[
            "sync",
            "NW-6-403",
            "restart-network",
            "--from",
            "blu-ray",
            "--to",
            "set-top-box",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "changed content/articles/NW-6-403.json\n\
         synced `restart-network` from blu-ray: set-top-box in NW-6-403\n"
    );
    // The one paragraph set-top-box added is gone; nothing else renders
    // differently, and the file changed only there.
    let after = render(dir.path());
    assert_eq!(after, before.replace(&format!("{STB_PARAGRAPH}\n\n"), ""));
    let text_after = read(dir.path(), ARTICLE);
    let removed: Vec<&str> = text_before
        .lines()
        .filter(|l| !text_after.contains(*l))
        .collect();
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert!(removed[0].contains(STB_PARAGRAPH));
    let (code, findings) = concise(dir.path());
    assert_eq!(code, Some(0));
    assert!(!findings.contains("drifted-copy"), "{findings}");
    // Idempotent.
    let again = nwlint(
        dir.path(),
        &[
            "sync",
            "NW-6-403",
            "restart-network",
            "--from",
            "blu-ray",
            "--to",
            "set-top-box",
        ],
    );
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "nothing to change\n");
    assert_eq!(read(dir.path(), ARTICLE), text_after);
}

#[test]
fn sync_diff_writes_nothing_and_git_apply_takes_it() {
    let dir = shipped_project();
    let text = read(dir.path(), ARTICLE);
    let o = nwlint(
        dir.path(),
        &[
            "sync",
            "NW-6-403",
            "restart-network",
            "--from",
            "blu-ray",
            "--diff",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let patch = stdout(&o);
    assert!(patch.starts_with(
        "--- a/content/articles/NW-6-403.json\n+++ b/content/articles/NW-6-403.json\n"
    ));
    // Without --to: the drifted (set-top-box) and divergent (roku) copies;
    // ps3's "game console" differs only by its noun and is left alone.
    assert!(patch.contains(&format!("-              \"text\": \"{STB_PARAGRAPH}\"")));
    assert!(patch.contains("+                  \"text\": \"Turn off or unplug your Roku.\""));
    assert!(!patch.contains("game console"), "{patch}");
    assert_eq!(read(dir.path(), ARTICLE), text);
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    if git(&["init", "-q"]).status.success() {
        std::fs::write(dir.path().join("p.diff"), &patch).unwrap();
        let applied = git(&["apply", "p.diff"]);
        assert!(applied.status.success(), "{}", stderr(&applied));
        let o = nwlint(
            dir.path(),
            &[
                "sync",
                "NW-6-403",
                "restart-network",
                "--from",
                "blu-ray",
                "--diff",
            ],
        );
        assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), ""));
    }
}

#[test]
fn sync_to_a_device_that_lacks_the_section_adds_it_where_the_source_has_it() {
    let dir = shipped_project();
    let o = nwlint(
        dir.path(),
        &[
            "sync",
            "NW-6-403",
            "restart-network",
            "--from",
            "ps4",
            "--to",
            "ps5",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let article: serde_json::Value = serde_json::from_str(&read(dir.path(), ARTICLE)).unwrap();
    let ps5 = (article["devices"].as_array().unwrap().iter())
        .find(|d| d["device"] == "ps5")
        .unwrap();
    let ids: Vec<&str> = (ps5["sections"].as_array().unwrap().iter())
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["sign-in-check", "restart-network", "what-next"]);
    let steps = &ps5["sections"][1]["blocks"][0]["items"];
    assert_eq!(
        steps[0]["text"],
        "Turn off or unplug your video game console."
    );
    assert_eq!(
        steps[3]["text"],
        "Turn your game console back on and try Netflix again."
    );
    let (code, findings) = concise(dir.path());
    assert_eq!(code, Some(0));
    assert!(
        !findings.contains("`restart-network` is missing for 2"),
        "{findings}"
    );
}

#[test]
fn sync_says_what_is_wrong_with_its_arguments() {
    let dir = shipped_project();
    let cases: [(&[&str], &str); 4] = [
        (&["sync", "NW-6-403", "restart-network"], "--from <DEVICE>"),
        (
            &["sync", "NW-6-40", "restart-network", "--from", "ps4"],
            "unknown article `NW-6-40`; did you mean `NW-6-403`?",
        ),
        (
            &["sync", "NW-6-403", "restart-netwrk", "--from", "ps4"],
            "`ps4` has no section `restart-netwrk` in NW-6-403; did you mean `restart-network`?",
        ),
        (
            &[
                "sync",
                "NW-6-403",
                "restart-network",
                "--from",
                "ps4",
                "--to",
                "xbox1",
            ],
            "unknown device `xbox1`; did you mean `xbox-one`?",
        ),
    ];
    for (args, message) in cases {
        let o = nwlint(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn check_fix_applies_the_safe_fixes_and_reports_what_remains() {
    let dir = shipped_project();
    let shipped = read(dir.path(), ARTICLE);
    let broken = shipped
        .replacen("\"device\": \"xbox-one\"", "\"device\": \"xbox1\"", 1)
        .replacen("\"code\": \"NW-6-403\",", "\"code\": \"NW-6-40\",", 1);
    std::fs::write(dir.path().join(ARTICLE), &broken).unwrap();
    let o = nwlint(dir.path(), &["check", "--diff"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let patch = stdout(&o);
    assert!(
        patch.contains("-  \"code\": \"NW-6-40\",\n+  \"code\": \"NW-6-403\",\n"),
        "{patch}"
    );
    assert!(
        patch.contains("-      \"device\": \"xbox1\",\n+      \"device\": \"xbox-one\",\n"),
        "{patch}"
    );
    assert_eq!(read(dir.path(), ARTICLE), broken);

    let o = nwlint(dir.path(), &["check", "--fix", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // What was fixed goes to stderr; stdout is the report in its format.
    assert_eq!(
        stderr(&o),
        "changed content/articles/NW-6-403.json\nfixed 2 findings\n"
    );
    let out = stdout(&o);
    assert!(out.starts_with("content/articles/NW-6-403.json:"), "{out}");
    let json = nwlint(dir.path(), &["check", "--fix", "--format", "json"]);
    serde_json::from_slice::<serde_json::Value>(&json.stdout).unwrap();
    assert!(
        !out.contains("unknown-device") && !out.contains("code-filename"),
        "{out}"
    );
    assert_eq!(read(dir.path(), ARTICLE), shipped);
    let again = nwlint(dir.path(), &["check", "--fix", "--diff"]);
    assert_eq!(
        (again.status.code(), stdout(&again).as_str()),
        (Some(0), "")
    );
}

#[test]
fn a_typo_with_two_close_ids_is_not_fixed() {
    let dir = shipped_project();
    let broken = read(dir.path(), ARTICLE).replacen("\"device\": \"ps4\"", "\"device\": \"ps\"", 1);
    std::fs::write(dir.path().join(ARTICLE), &broken).unwrap();
    let o = nwlint(dir.path(), &["check", "--fix", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("error[unknown-device] unknown device `ps`"));
    assert_eq!(read(dir.path(), ARTICLE), broken);
}

#[test]
fn explain_says_whether_a_rule_has_a_safe_fix() {
    let dir = shipped_project();
    let fixable = stdout(&nwlint(dir.path(), &["explain", "code-filename"]));
    assert!(fixable.contains("Safe fix: `nwlint check --fix` sets the article's code"));
    let judged = stdout(&nwlint(dir.path(), &["explain", "drifted-copy"]));
    assert!(judged.contains("Safe fix: none; what to change needs a writer's judgement."));
}

#[test]
fn extract_single_sources_a_section_without_changing_any_rendered_text() {
    let dir = shipped_project();
    let before = render(dir.path());
    let shipped = read(dir.path(), ARTICLE);
    let o = nwlint(dir.path(), &["extract", "sign-in-check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "changed content/articles/NW-6-403.json\ncreated content/snippets/sign-in-check.json\n"
    );
    assert_eq!(render(dir.path()), before);
    let (code, findings) = concise(dir.path());
    assert_eq!(code, Some(0));
    assert!(
        !findings.contains("`sign-in-check` is identical"),
        "{findings}"
    );
    let article = read(dir.path(), ARTICLE);
    assert_eq!(
        article.matches("\"snippet\": \"sign-in-check\"").count(),
        10
    );
    let again = nwlint(dir.path(), &["extract", "sign-in-check"]);
    assert_eq!(
        (again.status.code(), stdout(&again).as_str()),
        (Some(0), "nothing to change\n")
    );
    // Copies written out again are pointed at the snippet that holds
    // their text, as the finding's help says.
    std::fs::write(dir.path().join(ARTICLE), &shipped).unwrap();
    let (_, findings) = concise(dir.path());
    assert!(
        findings.contains("`sign-in-check` is identical in 10 devices"),
        "{findings}"
    );
    let json = stdout(&nwlint(dir.path(), &["check", "--format", "json"]));
    let want = "`nwlint extract sign-in-check --article NW-6-403 --id sign-in-check`";
    assert!(json.contains(want), "{json}");
    let o = nwlint(dir.path(), &["extract", "sign-in-check"]);
    assert_eq!(
        stdout(&o),
        "changed content/articles/NW-6-403.json\n",
        "{}",
        stderr(&o)
    );
    assert_eq!(render(dir.path()), before);
}

#[test]
fn extract_keeps_each_consoles_own_noun_with_an_indexed_variable() {
    let dir = shipped_project();
    let before = render(dir.path());
    let o = nwlint(dir.path(), &["extract", "restart-network"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = render(dir.path());
    assert_eq!(after, before);
    assert!(after.contains("1. Turn off or unplug your video game console."));
    assert!(after.contains("4. Turn your game console back on and try Netflix again."));
    let snippet: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "content/snippets/restart-network.json")).unwrap();
    let steps = &snippet["blocks"][0]["items"];
    assert_eq!(steps[0]["text"][1], serde_json::json!({"var": "noun"}));
    assert_eq!(
        steps[3]["text"][1],
        serde_json::json!({"var": "noun", "index": 1})
    );
    // The six identical copies became references; roku's and
    // set-top-box's, which differ, kept their text.
    assert_eq!(
        read(dir.path(), ARTICLE)
            .matches("\"snippet\": \"restart-network\"")
            .count(),
        6
    );
    assert_eq!(concise(dir.path()).0, Some(0));
}

#[test]
fn extract_refuses_when_copies_name_their_device_differently() {
    let dir = shipped_project();
    // smart-tv's first step says "Smart TV" (its name) where the others say
    // their noun: no one variable gives both.
    let text = read(dir.path(), ARTICLE);
    let smart = text.find("\"device\": \"smart-tv\"").unwrap();
    let at = smart
        + text[smart..]
            .find("Turn off or unplug your smart TV.")
            .unwrap();
    let changed = format!(
        "{}Turn off or unplug your Smart TV.{}",
        &text[..at],
        &text[at + "Turn off or unplug your smart TV.".len()..]
    );
    std::fs::write(dir.path().join(ARTICLE), &changed).unwrap();
    let o = nwlint(
        dir.path(),
        &["extract", "restart-network", "--article", "NW-6-403"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("not extracted: the snippet would change what readers see\n"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("no one variable gives every copy its words"));
    assert!(!dir.path().join("content/snippets").exists());
    assert_eq!(read(dir.path(), ARTICLE), changed);
}

#[test]
fn add_device_copies_a_device_with_its_own_name_and_registers_it() {
    let dir = shipped_project();
    let args = [
        "add-device",
        "apple-tv",
        "--like",
        "blu-ray",
        "--name",
        "Apple TV",
        "--noun",
        "Apple TV",
    ];
    let preview = nwlint(dir.path(), &[&args[..], &["--diff"]].concat());
    assert_eq!(preview.status.code(), Some(1), "{}", stderr(&preview));
    assert!(!read(dir.path(), "content/devices.json").contains("apple-tv"));
    let o = nwlint(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "changed content/articles/NW-6-403.json\nchanged content/devices.json\n\
         added `apple-tv` like `blu-ray` to NW-6-403\n"
    );
    let registry: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "content/devices.json")).unwrap();
    assert_eq!(
        registry["devices"][0],
        serde_json::json!({"id": "apple-tv", "name": "Apple TV", "nouns": ["Apple TV"]})
    );
    let (code, findings) = concise(dir.path());
    assert_eq!(code, Some(0), "{findings}");
    let rendered = render(dir.path());
    assert!(
        rendered.contains("## Apple TV") || rendered.contains("Apple TV\n"),
        "{rendered}"
    );
    assert!(rendered.contains("1. Turn off or unplug your Apple TV."));
    let again = nwlint(dir.path(), &args);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "nothing to change\n");
    assert!(stderr(&again).contains("NW-6-403 already has `apple-tv`"));
}

#[test]
fn new_starts_an_article_that_checks_with_placeholders_for_its_own_text() {
    let dir = shipped_project();
    let o = nwlint(dir.path(), &["new", "NW-2-5", "--like", "NW-6-403"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "created content/articles/NW-2-5.json\n");
    let new: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "content/articles/NW-2-5.json")).unwrap();
    assert_eq!(new["code"], "NW-2-5");
    assert_eq!(new["title"], "Netflix Error NW-2-5");
    assert_eq!(new["intro"][1]["code"], "NW-2-5");
    assert_eq!(
        new["messages"],
        serde_json::json!(["TODO: the message this error shows"])
    );
    assert_eq!(new["devices"].as_array().unwrap().len(), 10);
    assert_eq!(concise(dir.path()).0, Some(0));
    let again = nwlint(dir.path(), &["new", "NW-2-5", "--like", "NW-6-403"]);
    assert_eq!(
        (again.status.code(), stdout(&again).as_str()),
        (Some(0), "nothing to change\n")
    );
    let taken = nwlint(dir.path(), &["new", "NW-6-403", "--like", "NW-2-5"]);
    assert_eq!(taken.status.code(), Some(2));
    assert!(stderr(&taken).contains("`content/articles/NW-6-403.json` exists"));
}

#[test]
fn sync_all_articles_follows_one_copy_in_every_article_that_has_the_section() {
    let dir = shipped_project();
    let o = nwlint(dir.path(), &["new", "NW-2-5", "--like", "NW-6-403"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = nwlint(
        dir.path(),
        &[
            "sync",
            "NW-6-403",
            "restart-network",
            "--from",
            "xbox-one",
            "--to",
            "set-top-box",
            "--all-articles",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "changed content/articles/NW-2-5.json\nchanged content/articles/NW-6-403.json\n\
         synced `restart-network` from xbox-one: set-top-box in NW-2-5, set-top-box in NW-6-403\n"
    );
    for rel in [ARTICLE, "content/articles/NW-2-5.json"] {
        let text = read(dir.path(), rel);
        assert!(!text.contains(STB_PARAGRAPH), "{rel}");
        assert!(
            text.contains("Turn off or unplug your set-top box."),
            "{rel}"
        );
    }
    let (code, findings) = concise(dir.path());
    assert_eq!(code, Some(0));
    assert!(!findings.contains("drifted-copy"), "{findings}");
}

#[test]
fn check_fix_says_the_sections_most_used_noun_throughout() {
    let dir = shipped_project();
    let shipped = read(dir.path(), ARTICLE);
    // ps3's restart-network: "video game console" twice, "game console" once.
    let ps3 = shipped.find("\"device\": \"ps3\"").unwrap();
    let step2 = "from power for 30 seconds.";
    let at = ps3 + shipped[ps3..].find(step2).unwrap();
    let text = format!(
        "{}from power for 30 seconds, next to your video game console.{}",
        &shipped[..at],
        &shipped[at + step2.len()..]
    );
    std::fs::write(dir.path().join(ARTICLE), &text).unwrap();
    let o = nwlint(dir.path(), &["check", "--diff"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let patch = stdout(&o);
    assert!(
        patch.contains(
            "-                  \"text\": \"Turn your game console back on and try Netflix again.\"\n\
             +                  \"text\": \"Turn your video game console back on and try Netflix again.\"\n"
        ),
        "{patch}"
    );
    // ps4, xbox-360 and xbox-one use each noun once: no noun is used
    // most, so they are left to the writer.
    assert_eq!(
        patch.matches("\n+ ").count() + patch.matches("\n+\t").count(),
        1,
        "{patch}"
    );
    let o = nwlint(dir.path(), &["check", "--fix", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("for `ps3` calls the device both"), "{out}");
    assert!(out.contains("for `ps4` calls the device both"), "{out}");
}

#[test]
fn the_sync_command_a_cross_article_finding_suggests_does_what_it_says() {
    let dir = shipped_project();
    let o = nwlint(dir.path(), &["new", "NW-2-5", "--like", "NW-6-403"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.path().join("content/articles/NW-2-5.json");
    let text = read(dir.path(), "content/articles/NW-2-5.json");
    std::fs::write(&path, text.replace("for 30 seconds.", "for 60 seconds.")).unwrap();
    let json = stdout(&nwlint(dir.path(), &["check", "--format", "json"]));
    let found: serde_json::Value = serde_json::from_str(&json).unwrap();
    // Six copies say 30 seconds, six 60: a tie, so the help offers both
    // directions; the second keeps NW-6-403's version.
    let help = (found["diagnostics"].as_array().unwrap().iter())
        .find(|d| d["rule"] == "drifted-copy" && d["article"] == "NW-6-403")
        .map(|d| d["help"].as_str().unwrap().to_string())
        .unwrap();
    assert!(
        help.starts_with("nothing says which copy is newer, so choose: "),
        "{help}"
    );
    let command = help.split('`').nth(3).unwrap();
    assert_eq!(
        command,
        "nwlint sync NW-6-403 restart-network --from blu-ray --all-articles"
    );
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let o = nwlint(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{command}: {}", stderr(&o));
    assert!(!read(dir.path(), "content/articles/NW-2-5.json").contains("for 60 seconds."));
    // In NW-6-403, the copies that differ (set-top-box, roku) follow too;
    // those that differ only by their nouns keep them.
    let home = read(dir.path(), ARTICLE);
    assert!(!home.contains(STB_PARAGRAPH));
    assert_eq!(home.matches("Turn your game console back on").count(), 4);
    let (code, findings) = concise(dir.path());
    assert_eq!(code, Some(0));
    assert!(!findings.contains("in NW-2-5 has drifted"), "{findings}");
}
