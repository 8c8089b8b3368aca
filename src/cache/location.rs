//! Where the index lives and what it is valid for: a directory of its own
//! per content root in the user's cache (never in the project, where a
//! pull request could plant one), and the context key that names the
//! build of nwlint and everything besides a file that a record depends on.

use crate::fingerprint::hash_bytes;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// The environment, by variable name.
type Env<'a> = dyn Fn(&str) -> Option<OsString> + 'a;

/// The user's cache directory: `$XDG_CACHE_HOME`, else `$HOME/.cache`
/// (`%LOCALAPPDATA%` on Windows); only an absolute path counts.
fn user_cache_dir(env: &Env) -> Option<PathBuf> {
    let absolute = |v: OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    if let Some(d) = env("XDG_CACHE_HOME").and_then(absolute) {
        return Some(d);
    }
    if cfg!(windows) {
        return env("LOCALAPPDATA").and_then(absolute);
    }
    env("HOME").and_then(absolute).map(|h| h.join(".cache"))
}

/// The index directory of the content root `content` (whose project —
/// the directory of `nwlint.toml`, else the content root's parent — is
/// `project`): `NWLINT_CACHE_DIR` if set, else
/// `<user cache>/nwlint/roots/<hash of the canonical content root>`, so
/// every checkout has its own and a run from any working directory finds
/// it.
///
/// `Ok(None)`: no index, by choice (`NWLINT_NO_CACHE`) or for want of a
/// user cache directory. `Err`: no index, for a reason the user should
/// hear: the directory would lie inside the project or the content root,
/// where what is read could have come with the content.
pub fn dir(content: &Path, project: &Path) -> Result<Option<PathBuf>, String> {
    dir_in(&|name| std::env::var_os(name), content, project)
}

/// [`dir`], with the environment `env`.
fn dir_in(env: &Env, content: &Path, project: &Path) -> Result<Option<PathBuf>, String> {
    if env("NWLINT_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
        return Ok(None);
    }
    let root = crate::regular_file::resolve(content);
    let dir = match env("NWLINT_CACHE_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => {
            let Some(user) = user_cache_dir(env) else {
                return Ok(None);
            };
            let key = hash_bytes(root.as_os_str().as_encoded_bytes());
            user.join("nwlint")
                .join("roots")
                .join(format!("{key:032x}"))
        }
    };
    let resolved = crate::regular_file::resolve(&dir);
    for inside in [crate::regular_file::resolve(project), root] {
        if resolved.starts_with(&inside) {
            return Err(format!(
                "the cache directory `{}` lies inside `{}`, where an index could come with the content",
                dir.display(),
                inside.display()
            ));
        }
    }
    Ok(Some(dir))
}

/// A context key from the parts a record depends on besides its file,
/// and from this build of nwlint (`build_id`).
pub fn context_key(parts: &[&[u8]]) -> u128 {
    let mut all = Vec::new();
    all.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    all.extend_from_slice(&build_id().to_le_bytes());
    for p in parts {
        all.extend_from_slice(&(p.len() as u64).to_le_bytes());
        all.extend_from_slice(p);
    }
    hash_bytes(&all)
}

/// Which build of nwlint is running: the executable's size, modification
/// time and file identity. The version alone would not do: a rebuild that
/// changes parsing, validation or positions (or a dependency update) keeps
/// it, and records written by another build must not be trusted. If the
/// executable cannot be looked at, an id of this process alone: no index
/// is reused.
fn build_id() -> u128 {
    static ID: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    *ID.get_or_init(|| {
        let mut id = Vec::new();
        match std::env::current_exe().and_then(std::fs::metadata) {
            Ok(meta) => {
                id.extend_from_slice(&meta.len().to_le_bytes());
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok());
                id.extend_from_slice(&modified.map_or(0, |d| d.as_nanos()).to_le_bytes());
                #[cfg(unix)]
                {
                    use std::os::unix::fs::MetadataExt;
                    id.extend_from_slice(&meta.dev().to_le_bytes());
                    id.extend_from_slice(&meta.ino().to_le_bytes());
                }
            }
            Err(_) => {
                id.extend_from_slice(b"no executable");
                id.extend_from_slice(&std::process::id().to_le_bytes());
                id.extend_from_slice(&crate::fingerprint::now_ns().to_le_bytes());
            }
        }
        hash_bytes(&id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_content_root_has_its_own_directory_outside_the_project() {
        let home = tempfile::tempdir().unwrap();
        let projects = tempfile::tempdir().unwrap();
        let (a, b) = (projects.path().join("a"), projects.path().join("b"));
        for p in [&a, &b] {
            std::fs::create_dir_all(p.join("content")).unwrap();
        }
        let with = |vars: &[(&str, &Path)]| {
            let vars: Vec<(String, OsString)> = (vars.iter())
                .map(|(k, v)| (k.to_string(), v.as_os_str().to_owned()))
                .collect();
            move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        };
        let env = with(&[("XDG_CACHE_HOME", home.path())]);
        let da = dir_in(&env, &a.join("content"), &a).unwrap().unwrap();
        let db = dir_in(&env, &b.join("content"), &b).unwrap().unwrap();
        assert!(da.starts_with(home.path().join("nwlint/roots")), "{da:?}");
        assert_ne!(da, db);
        // The same root by another spelling: the same directory.
        let again = dir_in(&env, &a.join("content/../content"), &a);
        assert_eq!(again, Ok(Some(da)));
        // A cache inside the project or the content root is refused.
        let inside = with(&[("XDG_CACHE_HOME", &a.join("cache"))]);
        let e = dir_in(&inside, &a.join("content"), &a).unwrap_err();
        assert!(e.contains("lies inside"), "{e}");
        let named = with(&[("NWLINT_CACHE_DIR", &a.join("content/x"))]);
        assert!(dir_in(&named, &a.join("content"), &a).is_err());
        let named = with(&[("NWLINT_CACHE_DIR", home.path())]);
        let d = dir_in(&named, &a.join("content"), &a);
        assert_eq!(d, Ok(Some(home.path().to_path_buf())));
        let off = with(&[
            ("XDG_CACHE_HOME", home.path()),
            ("NWLINT_NO_CACHE", Path::new("1")),
        ]);
        assert_eq!(dir_in(&off, &a.join("content"), &a), Ok(None));
        assert_eq!(dir_in(&|_| None, &a.join("content"), &a), Ok(None));
    }
}
