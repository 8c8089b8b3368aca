//! Opening files that may come from a pull request: only regular files,
//! never through a symbolic link, never blocking on a FIFO.
//!
//! Every read of content, schemas, the config, the index and its key goes
//! through [`open`] (or [`read`]), so a link planted in a pull request
//! cannot send nwlint outside its roots, and a FIFO or device cannot hang
//! it.

use std::fs::{File, FileType, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What a non-regular directory entry is, for messages ("is a FIFO").
pub fn describe(ft: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    if ft.is_symlink() {
        "a symbolic link"
    } else if ft.is_dir() {
        "a directory"
    } else if ft.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading if it is a regular file, with its metadata.
/// A symbolic link is not followed and a FIFO does not block: both are
/// errors of kind [`io::ErrorKind::InvalidInput`] saying what the file is.
pub fn open(path: &Path) -> io::Result<(File, Metadata)> {
    // What it is before opening it (opening a device can have effects),
    // and again once open (it may have been replaced in between).
    let before = std::fs::symlink_metadata(path)?;
    if !before.is_file() {
        return Err(not_regular(describe(&before.file_type())));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(not_regular("a symbolic link"));
    }
    let file = match options.open(path) {
        Ok(f) => f,
        // O_NOFOLLOW on a symlink: ELOOP.
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(not_regular("a symbolic link"));
        }
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(describe(&meta.file_type())));
    }
    Ok((file, meta))
}

fn not_regular(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {what}, not a regular file, and nwlint does not follow or read those"),
    )
}

/// The whole of a regular file of at most `max` bytes (see [`open`]), and
/// its metadata as opened. `Ok(Err(len))`: the file is larger than `max`.
pub fn read(path: &Path, max: u64) -> io::Result<Result<(Vec<u8>, File), u64>> {
    let (file, meta) = open(path)?;
    if meta.len() > max {
        return Ok(Err(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&file).take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok((bytes, file)))
}

/// Makes a path absolute and lexically normal (no `.`/`..`), without
/// touching the file system, so prefix tests are meaningful.
pub fn clean(p: &Path) -> PathBuf {
    use std::path::Component;
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Where `path` really leads: absolute, `.` and `..` resolved, and
/// symbolic links resolved as far as the path exists (the rest is
/// appended lexically), for telling whether one path lies inside another.
pub fn resolve(path: &Path) -> PathBuf {
    let lexical = clean(path);
    // The longest existing prefix, canonical; the rest as written.
    let mut rest = Vec::new();
    let mut head = lexical.as_path();
    loop {
        if let Ok(real) = head.canonicalize() {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (head.file_name(), head.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                head = parent;
            }
            _ => return lexical,
        }
    }
}

/// Where `path` leads if that is outside `dir` (both resolved as
/// [`resolve`] does); `None` if it stays inside.
pub fn leads_outside(path: &Path, dir: &Path) -> Option<PathBuf> {
    let real = resolve(path);
    (!real.starts_with(resolve(dir))).then_some(real)
}

/// [`read`] as UTF-8 text (for the config and schemas).
pub fn read_to_string(path: &Path, max: u64) -> io::Result<String> {
    match read(path, max)? {
        Ok((bytes, _)) => String::from_utf8(bytes)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text")),
        Err(len) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("it is too large ({len} bytes; the limit is {max})"),
        )),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn fifos_and_symlinks_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.json");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = open(&fifo).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert!(e.to_string().contains("a FIFO"), "{e}");

        let target = dir.path().join("t.json");
        std::fs::write(&target, "{}").unwrap();
        let link = dir.path().join("l.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = open(&link).unwrap_err();
        assert!(e.to_string().contains("a symbolic link"), "{e}");

        let (bytes, _) = read(&target, 2).unwrap().unwrap();
        assert_eq!(bytes, b"{}");
        assert_eq!(read(&target, 1).unwrap().unwrap_err(), 2);
    }

    #[test]
    fn resolve_follows_links_and_dots_as_far_as_the_path_exists() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        std::fs::create_dir(real.join("a")).unwrap();
        std::os::unix::fs::symlink("/", real.join("a/up")).unwrap();
        assert_eq!(resolve(&real.join("a/up/etc")), Path::new("/etc"));
        assert_eq!(resolve(&real.join("a/../b/c")), real.join("b/c"));
        assert_eq!(resolve(&real.join("a/x/../../..")), real.parent().unwrap());
    }
}
