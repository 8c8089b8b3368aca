//! The `nwlint` binary: everything lives in the library; see `nwlint::cli`.

fn main() -> std::process::ExitCode {
    nwlint::cli::run()
}
