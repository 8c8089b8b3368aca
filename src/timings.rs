//! Phase timings for benchmarks: `NWLINT_TIMINGS=1 nwlint check …` prints
//! where the time went to stderr (never stdout, so report formats stay
//! clean).
//!
//! Two kinds of figures:
//!
//! * wall time per phase of `check` ([`Phases`]): load, rules, drift,
//!   sort, report;
//! * CPU time summed over all threads for the per-file steps inside the
//!   load ([`Stage`]): read, parse, schema, model. With several threads
//!   these add up to more than the load's wall time; their ratios are what
//!   matter.
//!
//! After each phase it also notes the resident memory (Linux).
//!
//! When the variable is unset, every call is a branch on a cached flag: no
//! clock is read.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Whether `NWLINT_TIMINGS` is set (to anything but empty or `0`).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        std::env::var_os("NWLINT_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
    })
}

/// Per-file steps of the load whose CPU time is summed across threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the file, UTF-8 and NUL checks.
    Read,
    /// Strict JSON parse (duplicate keys rejected).
    Parse,
    /// JSON Schema validation.
    Schema,
    /// Conversion into the typed model.
    Model,
    /// Persisted-index work (hashing, encoding, decoding).
    Cache,
}

const STEPS: [(Stage, &str); 5] = [
    (Stage::Read, "read"),
    (Stage::Parse, "parse"),
    (Stage::Schema, "schema"),
    (Stage::Model, "model"),
    (Stage::Cache, "cache"),
];

static NANOS: [AtomicU64; 5] = [const { AtomicU64::new(0) }; 5];

/// Starts timing a step (None when timings are off).
pub fn begin() -> Option<Instant> {
    enabled().then(Instant::now)
}

/// Adds the time since `begin` to `step`.
pub fn end(step: Stage, started: Option<Instant>) {
    if let Some(t) = started {
        NANOS[step as usize].fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }
}

/// Wall-clock phases of one command.
pub struct Phases {
    start: Option<Instant>,
    last: Option<Instant>,
    marks: Vec<(&'static str, Duration, Option<u64>)>,
}

/// Resident memory of this process in MiB (Linux; None elsewhere).
fn rss_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some((pages * 4096) >> 20)
}

impl Phases {
    /// Starts the clock (a no-op value when timings are off).
    pub fn start() -> Phases {
        let now = begin();
        Phases {
            start: now,
            last: now,
            marks: Vec::new(),
        }
    }

    /// Ends the current phase, naming it.
    pub fn mark(&mut self, name: &'static str) {
        if let Some(last) = self.last {
            let now = Instant::now();
            self.marks.push((name, now - last, rss_mib()));
            self.last = Some(now);
        }
    }

    /// Prints the phases and the load's per-step CPU times to stderr.
    pub fn print(&self) {
        let Some(start) = self.start else { return };
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let mut line = String::from("nwlint timings (wall ms):");
        for (name, d, _) in &self.marks {
            line.push_str(&format!(" {name}={:.1}", ms(*d)));
        }
        line.push_str(&format!(" total={:.1}", ms(start.elapsed())));
        line.push_str(" | load cpu ms (all threads):");
        for (step, name) in STEPS {
            let n = NANOS[step as usize].load(Ordering::Relaxed);
            line.push_str(&format!(" {name}={:.1}", n as f64 / 1e6));
        }
        line.push_str(" | rss MiB after:");
        for (name, _, rss) in &self.marks {
            if let Some(r) = rss {
                line.push_str(&format!(" {name}={r}"));
            }
        }
        line.push_str(&format!(" | threads={}", rayon::current_num_threads()));
        eprintln!("{line}");
    }
}
