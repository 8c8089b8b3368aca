//! `nwlint init`: a new repository that `check` passes, idempotent, with
//! `--diff` that writes nothing, never over a changed file or through a
//! link.

use std::path::Path;
use std::process::{Command, Output};

fn nwlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nwlint"))
        .args(args)
        .current_dir(dir)
        .env("NWLINT_NO_CACHE", "1")
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Every file under `dir` with its bytes, sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn init_makes_a_tree_that_checks_clean_and_a_second_run_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let o = nwlint(tmp.path(), &["init", "repo"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let repo = tmp.path().join("repo");
    let made = tree(&repo);
    let names: Vec<&str> = made.iter().map(|(n, _)| n.as_str()).collect();
    for want in [
        "nwlint.toml",
        "content/helpcenter.json",
        "content/devices.json",
        "content/articles/EX-1-100.json",
        "schema/article.schema.json",
        ".pre-commit-config.yaml",
        ".github/workflows/nwlint.yml",
    ] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    let check = nwlint(&repo, &["check", "--format", "concise"]);
    assert_eq!(check.status.code(), Some(0), "{:?}", text(&check));
    assert_eq!(text(&check), (String::new(), String::new()));
    let again = nwlint(&repo, &["init"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        text(&again)
            .0
            .lines()
            .all(|l| l.starts_with("unchanged ") || l.starts_with("next:"))
    );
    assert_eq!(tree(&repo), made);
}

#[test]
fn diff_writes_nothing_and_says_what_would_change() {
    let tmp = tempfile::tempdir().unwrap();
    let o = nwlint(tmp.path(), &["init", "repo", "--diff"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!tmp.path().join("repo").exists());
    let (out, _) = text(&o);
    assert!(
        out.contains("--- /dev/null\n+++ b/content/devices.json\n"),
        "{out}"
    );
    // Once made, nothing would change.
    nwlint(tmp.path(), &["init", "repo"]);
    let o = nwlint(tmp.path(), &["init", "repo", "--diff"]);
    assert_eq!((o.status.code(), text(&o).0.as_str()), (Some(0), ""));
}

#[test]
fn changed_files_and_linked_folders_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join("content")).unwrap();
    std::fs::write(repo.join("content/devices.json"), "{\"mine\": true}\n").unwrap();
    #[cfg(unix)]
    {
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, repo.join("schema")).unwrap();
    }
    let o = nwlint(tmp.path(), &["init", "repo"]);
    assert_eq!(o.status.code(), Some(0));
    let (_, err) = text(&o);
    assert!(
        err.contains("content/devices.json` exists and differs"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("content/devices.json")).unwrap(),
        "{\"mine\": true}\n"
    );
    #[cfg(unix)]
    assert_eq!(
        std::fs::read_dir(tmp.path().join("elsewhere"))
            .unwrap()
            .count(),
        0
    );
}
