//! Hostile and careless trees: no hang, no silent pass, no escape from the
//! roots, and a clear word for what nwlint could not read.

mod common;

use common::shipped_project;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs nwlint in `dir` with its own user cache (`cache`, or none), and
/// fails the test instead of hanging if it runs for more than a minute.
fn run(dir: &Path, args: &[&str], cache: Option<&Path>) -> Run {
    run_as(dir, args, cache, false)
}

fn run_as(dir: &Path, args: &[&str], cache: Option<&Path>, nobody: bool) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nwlint"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("NWLINT_CACHE_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match cache {
        Some(c) => cmd.env("XDG_CACHE_HOME", c).env_remove("NWLINT_NO_CACHE"),
        None => cmd.env("NWLINT_NO_CACHE", "1"),
    };
    #[cfg(unix)]
    if nobody {
        use std::os::unix::process::CommandExt;
        cmd.uid(65534).gid(65534);
    }
    let mut child = cmd.spawn().unwrap();
    // Drained on threads of their own, so a long output never blocks the
    // child while the deadline is watched.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                std::io::Read::read_to_end(&mut p, &mut buf).unwrap();
            }
            String::from_utf8(buf).unwrap()
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("nwlint {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

const ARTICLE: &str = "content/articles/NW-6-403.json";

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "{path:?}");
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Sets `path`'s mtime to `secs` seconds ago.
fn age(path: &Path, secs: u64) -> std::time::SystemTime {
    let then = std::time::SystemTime::now() - Duration::from_secs(secs);
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(then).unwrap();
    f.metadata().unwrap().modified().unwrap()
}

// --------------------------------------------------------------- 3: FIFOs --

#[test]
#[cfg(unix)]
fn a_fifo_for_the_index_is_ignored() {
    let dir = shipped_project();
    let cache = tempfile::tempdir().unwrap();
    let first = run(dir.path(), &["check", "-q"], Some(cache.path()));
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let index = the_index(cache.path());
    std::fs::remove_file(&index).unwrap();
    mkfifo(&index);
    let r = run(dir.path(), &["check", "-q"], Some(cache.path()));
    assert_eq!((r.code, r.stdout.as_str()), (Some(0), ""), "{}", r.stderr);
}

/// The one index file under the user cache `cache`.
fn the_index(cache: &Path) -> std::path::PathBuf {
    let roots = cache.join("nwlint/roots");
    let dirs: Vec<_> = std::fs::read_dir(&roots)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs[0].join("index.bin")
}

#[test]
#[cfg(unix)]
fn a_fifo_named_like_an_article_is_reported_not_read() {
    let dir = shipped_project();
    mkfifo(&dir.path().join("content/articles/NW-0-000.json"));
    let r = run(dir.path(), &["check", "--format", "concise"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "content/articles/NW-0-000.json:1:1: warning[skipped-file] `articles/NW-0-000.json` is a FIFO (named pipe), which nwlint does not follow or read: it was not checked\n"
        ),
        "{}",
        r.stdout
    );
}

// ----------------------------------------------------- 4: named files --

#[test]
fn a_named_file_is_checked_in_the_content_root_that_holds_it() {
    let dir = shipped_project();
    std::fs::write(dir.path().join(ARTICLE), "{").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let file = dir.path().join(ARTICLE);
    let r = run(
        elsewhere.path(),
        &["check", "--format", "concise", file.to_str().unwrap()],
        None,
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stdout.contains("error[json-syntax]"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
}

// ------------------------------------------------------- 5: symlinks --

#[test]
#[cfg(unix)]
fn a_linked_articles_folder_is_an_error_not_a_pass() {
    let dir = shipped_project();
    let real = dir.path().join("real-articles");
    std::fs::rename(dir.path().join("content/articles"), &real).unwrap();
    symlink(&real, &dir.path().join("content/articles"));
    let r = run(dir.path(), &["check", "--format", "concise"], None);
    assert_eq!(r.code, Some(2));
    assert!(r.stdout.contains(
        "content/articles:1:1: warning[skipped-file] `articles` is a symbolic link, which nwlint does not follow or read: nothing in it was checked\n"
    ), "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "error: no article was checked: `articles` is a symbolic link, which nwlint does not follow or read\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
#[cfg(unix)]
fn a_named_linked_article_is_reported_and_fails() {
    let dir = shipped_project();
    let outside = dir.path().join("NW-6-403.json");
    std::fs::rename(dir.path().join(ARTICLE), &outside).unwrap();
    symlink(&outside, &dir.path().join(ARTICLE));
    let r = run(dir.path(), &["check", "--format", "concise", ARTICLE], None);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "content/articles/NW-6-403.json:1:1: warning[skipped-file] `articles/NW-6-403.json` is a symbolic link, which nwlint does not follow or read: it was not checked\n"
    );
    assert!(r.stderr.contains("error: no article was checked"));
}

#[test]
#[cfg(unix)]
fn a_linked_registry_is_named_as_such() {
    let dir = shipped_project();
    let outside = dir.path().join("devices.json");
    std::fs::rename(dir.path().join("content/devices.json"), &outside).unwrap();
    symlink(&outside, &dir.path().join("content/devices.json"));
    let r = run(dir.path(), &["check", "--format", "concise"], None);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stdout
            .contains("warning[skipped-file] `devices.json` is a symbolic link")
    );
    assert!(
        r.stderr.contains(&format!(
            "error: no device registry: `{}` is a symbolic link, which nwlint does not read\n",
            dir.path().join("content/devices.json").display()
        )),
        "{}",
        r.stderr
    );
}

// ------------------------------------------- 6: a registry change, hooked --

#[test]
fn a_staged_registry_change_reports_its_consequences() {
    let dir = shipped_project();
    let path = dir.path().join("content/devices.json");
    let mut registry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let devices = registry["devices"].as_array_mut().unwrap();
    devices.retain(|d| d["id"] != "ps3");
    std::fs::write(&path, serde_json::to_string_pretty(&registry).unwrap()).unwrap();
    let full = run(dir.path(), &["check", "--format", "concise", "-q"], None);
    let hook = run(
        dir.path(),
        &["check", "--format", "concise", "-q", "content/devices.json"],
        None,
    );
    assert_eq!(full.code, Some(1));
    assert!(
        full.stdout.contains("NW-6-403.json:")
            && full
                .stdout
                .contains("error[unknown-device] unknown device `ps3`"),
        "{}",
        full.stdout
    );
    assert_eq!((hook.code, hook.stdout), (full.code, full.stdout));
}

// ------------------------------------------------- 7–9: trust and places --

#[test]
fn config_roots_outside_the_project_are_refused() {
    let dir = shipped_project();
    for (content, shown) in [("..", ".."), ("/", "/")] {
        std::fs::write(
            dir.path().join("nwlint.toml"),
            format!("# roots\ncontent = \"{content}\"\n"),
        )
        .unwrap();
        let r = run(dir.path(), &["check"], None);
        assert_eq!((r.code, r.stdout.as_str()), (Some(2), ""));
        let config = dir.path().join("nwlint.toml");
        assert!(
            r.stderr.starts_with(&format!(
                "error: invalid config {}:2: `content = \"{shown}\"` leads outside the directory that holds nwlint.toml",
                config.display()
            )),
            "{}",
            r.stderr
        );
    }
}

#[test]
#[cfg(unix)]
fn default_roots_that_lead_outside_the_project_are_refused() {
    let outside = shipped_project();
    for root in ["content", "schema"] {
        let dir = tempfile::tempdir().unwrap();
        for r in ["content", "schema"] {
            if r == root {
                symlink(outside.path().join(r), &dir.path().join(r));
            } else {
                common::copy_dir(&outside.path().join(r), &dir.path().join(r));
            }
        }
        let r = run(dir.path(), &["check"], None);
        assert_eq!((r.code, r.stdout.as_str()), (Some(2), ""), "{root}");
        assert!(
            r.stderr.starts_with(&format!(
                "error: the {root} root `{}` leads outside `{}`",
                dir.path().join(root).display(),
                dir.path().display()
            )),
            "{root}: {}",
            r.stderr
        );
        // Named on the command line, a link leading outside is refused
        // too: a workflow trusts the name, not where a link leads.
        if root == "content" {
            for args in [
                &["check", "content"][..],
                &["check", "--content", "content"],
            ] {
                let r = run(dir.path(), args, None);
                assert_eq!((r.code, r.stdout.as_str()), (Some(2), ""), "{args:?}");
                assert!(
                    r.stderr.starts_with("error: the content root"),
                    "{}",
                    r.stderr
                );
            }
        }
    }
}

#[test]
fn a_user_cache_inside_the_project_is_not_used() {
    let dir = shipped_project();
    let cache = dir.path().join("cache");
    let r = run(dir.path(), &["check", "-q"], Some(&cache));
    assert_eq!(r.code, Some(0));
    assert!(!cache.exists(), "an index was written inside the project");
    assert!(
        r.stderr
            .starts_with("warning: the index is off: the cache directory"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_index_lives_in_the_user_cache_one_per_content_root() {
    let dir = shipped_project();
    let cache = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let r = run(
        elsewhere.path(),
        &["check", "-q", content.to_str().unwrap()],
        Some(cache.path()),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let index = the_index(cache.path());
    assert!(index.is_file());
    // From the project itself: the same index.
    let r = run(dir.path(), &["check", "-q"], Some(cache.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(the_index(cache.path()), index);
    // Nothing is written into the project or the working directory.
    for d in [dir.path(), elsewhere.path()] {
        let made: Vec<_> = walk(d)
            .into_iter()
            .filter(|p| p.ends_with("index.bin"))
            .collect();
        assert!(made.is_empty(), "{made:?}");
    }
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

// ----------------------------------------- 10: an edit that keeps the mtime --

#[test]
fn a_same_size_edit_that_keeps_its_mtime_is_validated() {
    let dir = shipped_project();
    let cache = tempfile::tempdir().unwrap();
    let path = dir.path().join(ARTICLE);
    let then = age(&path, 3600);
    let first = run(dir.path(), &["check", "-q"], Some(cache.path()));
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(the_index(cache.path()).is_file());
    // A `$schema` typo of the same size; then the old mtime back (as
    // `touch -r` or `cp -p` would).
    let text = std::fs::read_to_string(&path).unwrap();
    let typo = text.replacen("article.schema.json", "article.schema.jsom", 1);
    assert_eq!((typo.len(), typo != text), (text.len(), true));
    std::fs::write(&path, typo).unwrap();
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(then).unwrap();
    drop(f);
    let cached = run(
        dir.path(),
        &["check", "--format", "concise"],
        Some(cache.path()),
    );
    let uncached = run(dir.path(), &["check", "--format", "concise"], None);
    assert_eq!(uncached.code, Some(1));
    assert!(
        uncached.stdout.contains("error[schema]"),
        "{}",
        uncached.stdout
    );
    assert_eq!(
        (cached.code, cached.stdout),
        (uncached.code, uncached.stdout)
    );
}

// ---------------------------------------------------- 12: clearer words --

#[test]
fn utf16_is_named() {
    let dir = shipped_project();
    let path = dir.path().join(ARTICLE);
    let text = std::fs::read_to_string(&path).unwrap();
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (bytes, form) in [
        (
            [&[0xFF, 0xFE][..], &le].concat(),
            "UTF-16 (little endian, with a BOM)",
        ),
        (
            [&[0xFE, 0xFF][..], &be].concat(),
            "UTF-16 (big endian, with a BOM)",
        ),
        (le, "UTF-16 (little endian)"),
        (be, "UTF-16 (big endian)"),
    ] {
        std::fs::write(&path, bytes).unwrap();
        let r = run(dir.path(), &["check", "--format", "concise", ARTICLE], None);
        assert_eq!(r.code, Some(1));
        assert_eq!(
            r.stdout,
            format!(
                "content/articles/NW-6-403.json:1:1: error[encoding] file is {form}: content files must be UTF-8\n"
            )
        );
    }
}

#[test]
fn a_broken_help_center_is_one_error_not_a_cascade() {
    let dir = shipped_project();
    let path = dir.path().join("content/helpcenter.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen('{', "{ \"colour\": 1,", 1)).unwrap();
    let r = run(dir.path(), &["check", "--format", "concise", "-q"], None);
    assert_eq!(r.code, Some(1));
    let errors: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(errors.len(), 1, "{}", r.stdout);
    assert!(
        errors[0].starts_with("content/helpcenter.json:") && errors[0].contains("error[schema]"),
        "{}",
        r.stdout
    );
}

#[test]
#[cfg(unix)]
fn an_unreadable_folder_is_reported_and_the_rest_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = shipped_project();
    let open = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    // Readable by anyone but the locked folder (root reads everything, so
    // as root the run is made as `nobody`).
    let root = unsafe { libc::geteuid() } == 0;
    open(dir.path(), 0o755);
    for entry in ["content", "content/articles", "schema"] {
        open(&dir.path().join(entry), 0o755);
    }
    for sub in ["content", "content/articles", "schema"] {
        for f in std::fs::read_dir(dir.path().join(sub)).unwrap() {
            let p = f.unwrap().path();
            if p.is_file() {
                open(&p, 0o644);
            }
        }
    }
    let locked = dir.path().join("content/articles/drafts");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("NW-1-1.json"), "{").unwrap();
    open(&locked, 0o000);
    // A finding elsewhere that must still be reported.
    let article = dir.path().join(ARTICLE);
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replacen("\"ps3\"", "\"ps33\"", 1)).unwrap();
    open(&article, 0o644);
    let r = run_as(
        dir.path(),
        &["check", "--format", "concise", "-q"],
        None,
        root,
    );
    open(&locked, 0o755);
    if r.stderr.contains("Permission denied") || r.code == Some(2) {
        assert_eq!(r.code, Some(2), "{}", r.stderr);
        assert!(
            r.stdout
                .contains("error[unknown-device] unknown device `ps33`"),
            "{}\n{}",
            r.stdout,
            r.stderr
        );
        assert!(
            r.stderr.contains(
                "error: cannot read `content/articles/drafts`: Permission denied (os error 13); the files in it were not checked"
            ),
            "{}",
            r.stderr
        );
    } else {
        panic!(
            "the locked folder was read (code {:?}): {}\n{}",
            r.code, r.stdout, r.stderr
        );
    }
}

// ------------------------------------------- what a review found after --

#[test]
#[cfg(unix)]
fn a_named_link_to_a_folder_outside_is_refused() {
    let dir = shipped_project();
    symlink("/usr", &dir.path().join("content/articles/NW-1-1.json"));
    let r = run(dir.path(), &["check", "content/articles/NW-1-1.json"], None);
    assert_eq!((r.code, r.stdout.as_str()), (Some(2), ""));
    assert!(
        r.stderr.starts_with("error: the content root"),
        "{}",
        r.stderr
    );
}

#[test]
#[cfg(unix)]
fn a_help_center_not_read_stops_the_run() {
    let dir = shipped_project();
    let outside = dir.path().join("helpcenter.json");
    std::fs::rename(dir.path().join("content/helpcenter.json"), &outside).unwrap();
    symlink(&outside, &dir.path().join("content/helpcenter.json"));
    for args in [&["check", "-q"][..], &["check", "-q", ARTICLE]] {
        let r = run(dir.path(), args, None);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("error: links were not checked: `"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn a_broken_help_center_fails_a_named_article_too() {
    let dir = shipped_project();
    let path = dir.path().join("content/helpcenter.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen('{', "{ \"colour\": 1,", 1)).unwrap();
    let r = run(
        dir.path(),
        &["check", "--format", "concise", "-q", ARTICLE],
        None,
    );
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.starts_with("content/helpcenter.json:") && r.stdout.contains("error[schema]"),
        "{}",
        r.stdout
    );
}

#[test]
#[cfg(unix)]
fn no_articles_is_an_error_not_a_pass() {
    type Setup<'a> = (&'a str, &'a dyn Fn(&Path));
    let setups: [Setup; 4] = [
        ("missing", &|d| {
            std::fs::remove_dir_all(d.join("content/articles")).unwrap()
        }),
        ("a dangling link", &|d| {
            std::fs::remove_dir_all(d.join("content/articles")).unwrap();
            symlink("/nonexistent", &d.join("content/articles"));
        }),
        ("a file", &|d| {
            std::fs::remove_dir_all(d.join("content/articles")).unwrap();
            std::fs::write(d.join("content/articles"), "").unwrap();
        }),
        ("excluded", &|d| {
            std::fs::write(d.join("nwlint.toml"), "exclude = [\"articles\"]\n").unwrap()
        }),
    ];
    for (what, setup) in setups {
        let dir = shipped_project();
        setup(dir.path());
        let r = run(dir.path(), &["check", "-q"], None);
        assert_eq!(r.code, Some(2), "{what}: {}", r.stderr);
        assert!(
            r.stderr.contains("error: no article was checked"),
            "{what}: {}",
            r.stderr
        );
    }
}

#[test]
#[cfg(unix)]
fn a_named_linked_article_fails_with_or_without_the_index() {
    let dir = shipped_project();
    let second = dir.path().join("content/articles/NW-6-404.json");
    let text = std::fs::read_to_string(dir.path().join(ARTICLE)).unwrap();
    let outside = dir.path().join("NW-6-404.json");
    std::fs::write(&outside, text.replace("NW-6-403", "NW-6-404")).unwrap();
    symlink(&outside, &second);
    let cache = tempfile::tempdir().unwrap();
    let named = "content/articles/NW-6-404.json";
    for c in [None, Some(cache.path())] {
        let r = run(dir.path(), &["check", "-q", named], c);
        assert_eq!(r.code, Some(2), "cache {c:?}: {}", r.stderr);
    }
}

#[test]
#[cfg(unix)]
fn a_config_that_is_not_a_regular_file_is_an_error() {
    let dir = shipped_project();
    symlink("/nonexistent", &dir.path().join("nwlint.toml"));
    let r = run(dir.path(), &["check", "-q"], None);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.starts_with("error: cannot read config `"),
        "{}",
        r.stderr
    );
}

#[test]
#[cfg(unix)]
fn schema_roots_and_files_are_never_a_silent_fallback() {
    let dir = shipped_project();
    std::fs::write(
        dir.path().join("nwlint.toml"),
        "schema = \"schemas-typo\"\n",
    )
    .unwrap();
    let r = run(dir.path(), &["check", "-q"], None);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.starts_with("error: schema root `")
            && r.stderr.contains("schemas-typo` cannot be read"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(dir.path().join("nwlint.toml")).unwrap();
    let common = dir.path().join("schema/common.schema.json");
    let outside = dir.path().join("common.schema.json");
    std::fs::rename(&common, &outside).unwrap();
    symlink(&outside, &common);
    let r = run(dir.path(), &["check", "-q"], None);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("common.schema.json`: it is a symbolic link, not a regular file"),
        "{}",
        r.stderr
    );
}
