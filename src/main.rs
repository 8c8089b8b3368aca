//! The `nwlint` binary: the command line ([`cli`]) over the library.

// Functions stay under 100 lines (the threshold is in clippy.toml).
#![warn(clippy::too_many_lines)]

mod cli;

/// mimalloc instead of the system allocator: nwlint makes millions of
/// small, short-lived allocations across threads (parsed JSON, the model,
/// normalized texts), where glibc's malloc spends its time in arena
/// locking, consolidation and `mprotect` calls.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
