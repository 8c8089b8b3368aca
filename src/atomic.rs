//! Writing a file whole or not at all: the bytes go to a new temporary
//! file beside it, which is then renamed over it, so a reader sees the old
//! file or the new one, never a part.

use crate::diag::Fatal;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically. The temporary file is created new
/// (never through a link, never over another file); a link at `path`
/// itself is replaced, not followed.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Fatal> {
    let cannot = |e: std::io::Error| Fatal::new(format!("cannot write `{}`: {e}", path.display()));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.nwlint-tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()));
    let renamed = written.and_then(|()| std::fs::rename(&tmp, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    renamed.map_err(cannot)
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_whole_and_replaces_a_link_without_following_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        super::write(&path, b"one").unwrap();
        super::write(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        #[cfg(unix)]
        {
            let target = dir.path().join("target");
            std::fs::write(&target, "keep").unwrap();
            let link = dir.path().join("link.json");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            super::write(&link, b"new").unwrap();
            assert_eq!(std::fs::read(&target).unwrap(), b"keep");
            assert_eq!(std::fs::read(&link).unwrap(), b"new");
        }
        let files = if cfg!(unix) { 3 } else { 1 };
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            files,
            "no temporary file left"
        );
    }
}
