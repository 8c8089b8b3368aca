//! `floor`: the cost floor for `nwlint check` on a content tree — read every
//! `*.json` under `DIR/content` and parse it with `serde_json` into a
//! `Value`, nothing else.
//!
//! ```text
//! cargo run --release --example floor -- DIR [--mode single|parallel|both] [--repeat N]
//! ```
//!
//! Prints one line per mode: `floor <mode> files=… bytes=… seconds=… mb_per_s=…`
//! (the best of `--repeat` runs, default 3). `single` is one thread;
//! `parallel` reads and parses files on rayon's pool (every core), as nwlint
//! does. The benchmark compares nwlint against `parallel`: both use every
//! core, so the ratio measures nwlint's own overhead, not parallelism.
//! It also uses nwlint's allocator (mimalloc), so the ratio does not count
//! the allocator's gain as nwlint's own.

/// The allocator of the `nwlint` binary (see `src/main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut mode = "both".to_string();
    let mut repeat = 3usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mode" => mode = args.next().expect("--mode needs a value"),
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--repeat needs a number")
            }
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.expect("usage: floor DIR [--mode single|parallel|both] [--repeat N]");
    let root = if dir.join("content").is_dir() {
        dir.join("content")
    } else {
        dir
    };
    let modes: &[&str] = match mode.as_str() {
        "single" => &["single"],
        "parallel" => &["parallel"],
        _ => &["single", "parallel"],
    };
    for m in modes {
        let mut best = Duration::MAX;
        let mut stats = (0, 0);
        for _ in 0..repeat.max(1) {
            let t = Instant::now();
            // Discovery is part of the floor: nwlint walks the tree too.
            let files = walk(&root);
            stats = if *m == "single" {
                files
                    .iter()
                    .map(|p| parse(p))
                    .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
            } else {
                files
                    .par_iter()
                    .map(|p| parse(p))
                    .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
            };
            best = best.min(t.elapsed());
        }
        let secs = best.as_secs_f64();
        println!(
            "floor {m} files={} bytes={} seconds={secs:.4} mb_per_s={:.1}",
            stats.0,
            stats.1,
            stats.1 as f64 / 1e6 / secs
        );
    }
}

/// Reads and parses one file: (1, bytes). Panics on invalid JSON: the
/// floor is measured on valid corpora only.
fn parse(path: &Path) -> (usize, usize) {
    let bytes = std::fs::read(path).expect("readable file");
    let v: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
    std::hint::black_box(&v);
    (1, bytes.len())
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable dir").flatten() {
            let p = e.path();
            let ft = e.file_type().expect("file type");
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file() && p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
