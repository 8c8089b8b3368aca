//! The command line itself: completions, the man page, help texts and
//! colour choice.

mod common;

use common::{nwlint, repo, stdout};
use std::process::Command;

#[test]
fn completions_for_every_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = nwlint(&repo(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = stdout(&out);
        for command in ["check", "render", "diff", "explain", "rules"] {
            assert!(text.contains(command), "{shell} completions lack {command}");
        }
    }
    let out = nwlint(&repo(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_documents_the_commands() {
    let out = nwlint(&repo(), &["man"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        &text[..80]
    );
    assert!(text.contains(".TH nwlint 1"));
    assert!(text.contains("Validate content against its schemas and lint it"));
}

#[test]
fn check_help_lists_the_exit_codes() {
    let out = nwlint(&repo(), &["check", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(
        "Exit status: 0 no error-level findings (warnings allowed; see --deny), 1 at\nleast one failing finding, 2 nwlint could not do its job"
    ));
}

#[test]
fn clicolor_force_colours_a_pipe_and_no_color_wins() {
    let run = |env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_nwlint"));
        cmd.args(["diff", "ps4", "roku"])
            .current_dir(repo())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        stdout(&cmd.output().unwrap())
    };
    assert!(!run(&[]).contains('\u{1b}'), "a pipe gets no colour");
    assert!(run(&[("CLICOLOR_FORCE", "1")]).contains("\u{1b}["));
    assert!(!run(&[("CLICOLOR_FORCE", "0")]).contains('\u{1b}'));
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'));
}

#[test]
fn output_files_equal_single_format_runs() {
    let dir = common::shipped_project();
    let path = dir.path().join("content/articles/NW-6-403.json");
    let text = std::fs::read_to_string(&path).unwrap();
    // An error too, so the run fails and every format has something.
    std::fs::write(&path, text.replacen("\"ps3\"", "\"ps33\"", 1)).unwrap();
    let formats = ["human", "concise", "json", "github", "sarif", "junit"];
    let mut args = vec!["check".to_string(), "--format".into(), "concise".into()];
    for f in formats {
        args.push("--output-file".into());
        args.push(format!("{f}=out/{f}.txt"));
    }
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let all = nwlint(dir.path(), &args);
    let single = nwlint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(all.status.code(), Some(1));
    assert_eq!(
        (all.status.code(), stdout(&all)),
        (single.status.code(), stdout(&single))
    );
    for f in formats {
        let alone = nwlint(dir.path(), &["check", "--format", f, "--color", "never"]);
        let written = std::fs::read_to_string(dir.path().join(format!("out/{f}.txt"))).unwrap();
        assert_eq!(written, stdout(&alone), "{f}");
    }
    let bad = nwlint(dir.path(), &["check", "--output-file", "xml=out.xml"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr)
            .contains("unknown format `xml`; one of human, concise, json, github, sarif, junit")
    );
}

#[test]
fn schema_out_writes_the_built_in_schemas_that_check_uses() {
    let dir = common::shipped_project();
    std::fs::remove_dir_all(dir.path().join("schema")).unwrap();
    let out = nwlint(dir.path(), &["schema", "--out", "schema"]);
    assert_eq!(out.status.code(), Some(0));
    let names = [
        "common.schema.json",
        "helpcenter.schema.json",
        "devices.schema.json",
        "article.schema.json",
        "snippet.schema.json",
    ];
    let listed: String = names
        .iter()
        .map(|n| format!("wrote schema/{n}\n"))
        .collect();
    assert_eq!(stdout(&out), listed);
    for n in names {
        let written = std::fs::read(dir.path().join("schema").join(n)).unwrap();
        assert_eq!(
            written,
            std::fs::read(repo().join("schema").join(n)).unwrap(),
            "{n}"
        );
    }
    // Again: nothing to do.
    let again = nwlint(dir.path(), &["schema", "--out", "schema"]);
    assert!(stdout(&again).starts_with("unchanged schema/common.schema.json\n"));
    // With the registry's ids: refused over the plain one, then forced.
    let refused = nwlint(dir.path(), &["schema", "--out", "schema", "--devices"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("article.schema.json` exists and differs")
    );
    let forced = nwlint(
        dir.path(),
        &["schema", "--out", "schema", "--devices", "--force"],
    );
    assert_eq!(forced.status.code(), Some(0));
    let article: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("schema/article.schema.json")).unwrap(),
    )
    .unwrap();
    let ids = &article["$defs"]["deviceEntry"]["properties"]["device"]["enum"];
    assert_eq!(ids.as_array().unwrap().len(), 10, "{ids}");
    assert!(ids.as_array().unwrap().contains(&serde_json::json!("ps4")));
    // The content checks against them, and a device the registry lacks is
    // now a schema error too.
    assert_eq!(nwlint(dir.path(), &["check", "-q"]).status.code(), Some(0));
    let path = dir.path().join("content/articles/NW-6-403.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\"ps3\"", "\"ps33\"", 1)).unwrap();
    let broken = nwlint(dir.path(), &["check", "-q", "--format", "concise"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stdout(&broken).contains("error[schema]"),
        "{}",
        stdout(&broken)
    );
}

/// Runs nwlint in `dir` with `input` on standard input.
fn with_stdin(dir: &std::path::Path, args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_nwlint"))
        .args(args)
        .current_dir(dir)
        .env("NWLINT_NO_CACHE", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The child may end before reading it all (a usage error).
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

#[test]
fn stdin_is_checked_as_the_file_it_stands_for() {
    let dir = common::shipped_project();
    let path = "content/articles/NW-6-403.json";
    let on_disk = std::fs::read_to_string(dir.path().join(path)).unwrap();
    let buffer = on_disk.replacen("\"ps3\"", "\"ps33\"", 1);
    let (line, col) = common::pos(&buffer, "\"ps33\"");
    let args = [
        "check",
        "--format",
        "concise",
        "-q",
        "--stdin-filename",
        path,
        "-",
    ];
    let out = with_stdin(dir.path(), &args, buffer.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with(&format!(
            "{path}:{line}:{col}: error[unknown-device] unknown device `ps33`"
        )),
        "{}",
        stdout(&out)
    );
    // The file on disk is untouched, and clean.
    assert_eq!(
        std::fs::read_to_string(dir.path().join(path)).unwrap(),
        on_disk
    );
    let disk = nwlint(dir.path(), &["check", "-q", path]);
    assert_eq!(disk.status.code(), Some(0));
    // A file that does not exist yet.
    let new = [
        "check",
        "--format",
        "concise",
        "--stdin-filename",
        "content/articles/NW-9-9.json",
    ];
    let out = with_stdin(dir.path(), &new, b"{");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "content/articles/NW-9-9.json:1:2: error[json-syntax] invalid JSON: expected string key or `}`\n"
    );
    // `-` alone does not say which file it is.
    let out = with_stdin(dir.path(), &["check", "-"], b"{}");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("error: `-` (standard input) needs --stdin-filename PATH")
    );
}
