//! The release packaging (scripts/package-release.sh, run by
//! .github/workflows/release.yml) and the action's installer
//! (scripts/action-install.sh, run by action.yml) agree: an archive packaged
//! from the built binary is found, verified against SHA256SUMS and put on
//! PATH; a tampered one is refused. Releases are served from a `file://`
//! folder laid out like GitHub's download URLs. The packaged "binary" is a
//! small script standing in for nwlint (the release workflow smoke-tests the
//! real binaries; a debug build would make every test gzip ~100 MB). Needs
//! bash, curl, tar and sha256sum (or shasum); without them the tests say so
//! and pass.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TARGET: &str = "x86_64-unknown-linux-musl";
const ARCHIVE: &str = "nwlint-x86_64-unknown-linux-musl.tar.gz";

fn have_tools(test: &str) -> bool {
    let sha = if tool("sha256sum") {
        "sha256sum"
    } else {
        "shasum"
    };
    for t in ["bash", "curl", "tar", sha] {
        if !tool(t) {
            eprintln!("skipped {test}: `{t}` is not installed");
            return false;
        }
    }
    true
}

fn tool(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn script(name: &str) -> PathBuf {
    common::repo().join("scripts").join(name)
}

/// The stand-in binary: prints its arguments.
const FAKE: &str = "#!/bin/sh\necho \"fake nwlint $*\"\n";

/// Packages the stand-in as TARGET's release asset into `dir`, with
/// SHA256SUMS made from the `.sha256` files as the release workflow does.
fn publish(dir: &Path) {
    let fake = dir.parent().unwrap().join("fake-nwlint");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(&fake, FAKE).unwrap();
    let out = Command::new("bash")
        .arg(script("package-release.sh"))
        .arg(TARGET)
        .arg(&fake)
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let sums = std::fs::read_to_string(dir.join(format!("{ARCHIVE}.sha256"))).unwrap();
    assert!(sums.ends_with(&format!("  {ARCHIVE}\n")), "{sums}");
    std::fs::write(dir.join("SHA256SUMS"), sums).unwrap();
}

/// Runs the installer as the action does on a Linux x64 runner.
fn install(tmp: &Path, releases: &Path, vars: &[(&str, &str)]) -> (Output, String) {
    let runner = tmp.join("runner");
    std::fs::create_dir_all(&runner).unwrap();
    let github_path = tmp.join("github_path");
    std::fs::write(&github_path, "").unwrap();
    let out = Command::new("bash")
        .arg(script("action-install.sh"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap())
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", &runner)
        .env("GITHUB_PATH", &github_path)
        .env("ACTION_REPOSITORY", "example/nwlint")
        .env("ACTION_PATH", common::repo())
        .env("NWLINT_RELEASES", format!("file://{}", releases.display()))
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    (out, std::fs::read_to_string(github_path).unwrap())
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn exact_version_tag_installs_that_release_verified() {
    if !have_tools("exact_version_tag_installs_that_release_verified") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let releases = tmp.path().join("releases");
    publish(&releases.join("download/v9.9.9"));
    let (out, path) = install(
        tmp.path(),
        &releases,
        &[("INPUT_INSTALL", "release"), ("ACTION_REF", "v9.9.9")],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let bin = tmp.path().join("runner/nwlint/bin");
    assert_eq!(path, format!("{}\n", bin.display()));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "downloading file://{}/download/v9.9.9/{ARCHIVE}\n",
            releases.display()
        )),
        "{text}"
    );
    assert!(
        text.ends_with("verified\nfake nwlint --version\n"),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(bin.join("nwlint")).unwrap(), FAKE);
}

/// `@v1` (a moving tag) or a branch: the latest release.
#[test]
fn moving_ref_installs_the_latest_release() {
    if !have_tools("moving_ref_installs_the_latest_release") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let releases = tmp.path().join("releases");
    publish(&releases.join("latest/download"));
    let (out, path) = install(
        tmp.path(),
        &releases,
        &[("INPUT_INSTALL", "release"), ("ACTION_REF", "v1")],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!path.is_empty());
    assert!(
        stdout(&out).contains(&format!("/latest/download/{ARCHIVE}\n")),
        "{out:?}"
    );
}

/// A download that does not match SHA256SUMS fails the step, and is not
/// papered over by building from source.
#[test]
fn tampered_archive_is_refused() {
    if !have_tools("tampered_archive_is_refused") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let releases = tmp.path().join("releases");
    let dir = releases.join("download/v9.9.9");
    publish(&dir);
    let mut bytes = std::fs::read(dir.join(ARCHIVE)).unwrap();
    bytes.push(0);
    std::fs::write(dir.join(ARCHIVE), bytes).unwrap();
    let (out, path) = install(
        tmp.path(),
        &releases,
        &[("INPUT_INSTALL", "auto"), ("INPUT_VERSION", "v9.9.9")],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stdout(&out).contains(&format!("::error::checksum mismatch for {ARCHIVE}: ")),
        "{out:?}"
    );
    assert!(!stdout(&out).contains("building nwlint"), "{out:?}");
    assert_eq!(path, "");
}

#[test]
fn missing_release_fails_when_only_binaries_are_allowed() {
    if !have_tools("missing_release_fails_when_only_binaries_are_allowed") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let releases = tmp.path().join("releases");
    std::fs::create_dir_all(&releases).unwrap();
    let (out, path) = install(
        tmp.path(),
        &releases,
        &[("INPUT_INSTALL", "release"), ("INPUT_VERSION", "v0.0.1")],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.contains(&format!("cannot download nwlint v0.0.1 for {TARGET}\n")),
        "{text}"
    );
    assert!(
        text.ends_with(
            "::error::no nwlint release binary (install: release); use install: auto or cargo to build it\n"
        ),
        "{text}"
    );
    assert_eq!(path, "");
}

#[test]
fn unknown_install_mode_is_an_error() {
    if !have_tools("unknown_install_mode_is_an_error") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = install(tmp.path(), tmp.path(), &[("INPUT_INSTALL", "npm")]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        stdout(&out),
        "::error::install must be auto, release or cargo, not 'npm'\n"
    );
}
