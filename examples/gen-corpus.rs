//! `gen-corpus`: writes a deterministic benchmark corpus.
//!
//! ```text
//! cargo run --release --example gen-corpus -- --articles 10000 --seed 1 --out DIR
//! ```
//!
//! Reads `content/` and `schema/` of the source tree (default: the current
//! directory; `--source DIR`) and writes `DIR/content/{helpcenter.json,
//! devices.json,articles/*.json}`, `DIR/schema/`, `DIR/nwlint.toml`, the
//! Markdown twin `DIR/markdown/*.md` and `DIR/manifest.json` (the injected
//! drifts). See `examples/gen_corpus/generator.rs`. `--repeat R` makes
//! runs of R injections the same drift in different articles.

#[path = "gen_corpus/generator.rs"]
mod generator;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen-corpus --articles N --out DIR [--seed S] [--source DIR] \
[--template FILE] [--drift-every K] [--repeat R] [--no-markdown]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-corpus: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut articles = None;
    let mut seed = 1u64;
    let mut out = None;
    let mut source = PathBuf::from(".");
    let mut template = None;
    let mut drift_every = None;
    let mut repeat = None;
    let mut markdown = true;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--articles" => articles = Some(num(&val("--articles")?)?),
            "--seed" => seed = num(&val("--seed")?)? as u64,
            "--out" => out = Some(PathBuf::from(val("--out")?)),
            "--source" => source = PathBuf::from(val("--source")?),
            "--template" => template = Some(val("--template")?),
            "--drift-every" => drift_every = Some(num(&val("--drift-every")?)?),
            "--repeat" => repeat = Some(num(&val("--repeat")?)?),
            "--no-markdown" => markdown = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let articles = articles.ok_or("--articles is required")?;
    let out = out.ok_or("--out is required")?;
    let mut opts = generator::Options::new(articles, seed, out, source);
    if let Some(t) = template {
        opts.template = t;
    }
    if let Some(k) = drift_every {
        opts.drift_every = k;
    }
    if let Some(r) = repeat {
        opts.repeat = r;
    }
    opts.markdown = markdown;
    let start = std::time::Instant::now();
    let s = generator::generate(&opts).map_err(|e| e.to_string())?;
    let total: usize = s.drifts.values().sum();
    eprintln!(
        "gen-corpus: {} articles, {:.1} MB JSON, {:.1} MB Markdown, {total} injected drifts {:?} in {:.2?} → {}",
        s.articles,
        s.json_bytes as f64 / 1e6,
        s.markdown_bytes as f64 / 1e6,
        s.drifts,
        start.elapsed(),
        opts.out.display()
    );
    Ok(())
}

fn num(s: &str) -> Result<usize, String> {
    s.parse().map_err(|_| format!("`{s}` is not a number"))
}
