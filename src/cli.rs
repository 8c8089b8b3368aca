//! Command-line interface: argument definitions (clap derive) and dispatch.

use crate::diag::Fatal;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// nwlint: lint help-center troubleshooting content.
#[derive(Debug, Parser)]
#[command(name = "nwlint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate content against its schemas and lint it (the default job).
    Check(CheckArgs),
    /// Render an article as the help center shows it.
    Render(RenderArgs),
    /// Show how two devices' instructions differ, section by section.
    Diff(DiffArgs),
    /// Print a rule's documentation: what it checks, why, how to fix it.
    Explain(ExplainArgs),
    /// List every rule with its default severity and summary.
    Rules(RulesArgs),
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output to stdout (honours `NO_COLOR`).
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Options shared by commands that read the content tree.
#[derive(Debug, Args, Clone, Default)]
pub struct CommonArgs {
    /// Use this config file instead of searching for nwlint.toml.
    #[arg(long, value_name = "PATH", help_heading = "Config")]
    pub config: Option<PathBuf>,
    /// Content root (overrides `content` in nwlint.toml).
    #[arg(long, value_name = "DIR", help_heading = "Config")]
    pub content: Option<PathBuf>,
    /// When to use colour.
    #[arg(
        long,
        value_enum,
        default_value_t,
        value_name = "WHEN",
        help_heading = "Output"
    )]
    pub color: ColorChoice,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CheckFormat {
    /// rustc-style diagnostics with source snippets.
    #[default]
    Human,
    /// One line per finding: path:line:col: severity[rule] message.
    Concise,
    /// A versioned JSON document (docs/json-output.md).
    Json,
    /// GitHub Actions annotations, plus a job summary in $GITHUB_STEP_SUMMARY.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
}

/// Findings below error level that also make `check` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail too.
    Warnings,
    /// Every finding fails, advice included.
    Advice,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Content root or content files to check (default: the content root).
    /// With files, the whole tree is loaded but only findings in those files
    /// are reported.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: CheckFormat,
    /// Report only the findings that fail the run, with no summary line.
    #[arg(long, short, help_heading = "Output")]
    pub quiet: bool,
    /// After the findings, print how many there are per rule.
    #[arg(long, help_heading = "Output")]
    pub statistics: bool,
    /// Exit 1 on warnings too (`warnings`), or on any finding (`advice`);
    /// errors always fail.
    #[arg(long, value_enum, value_name = "LEVEL", help_heading = "Exit status")]
    pub deny: Option<Deny>,
    /// Set a rule's severity (error, warning, advice or off), overriding
    /// nwlint.toml. Repeatable.
    #[arg(long = "severity", value_name = "RULE=LEVEL", help_heading = "Config")]
    pub severities: Vec<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Article code (e.g. NW-6-403) or path to an article file.
    #[arg(value_name = "CODE|PATH")]
    pub article: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::render::Format,
    /// Locale, when the article exists in several.
    #[arg(long)]
    pub locale: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
#[command(after_long_help = crate::diff::AFTER_HELP)]
pub struct DiffArgs {
    /// The device whose text shows as removed, e.g. `ps4`.
    #[arg(value_name = "DEVICE_A")]
    pub a: String,
    /// The device whose text shows as added, e.g. `xbox-one`.
    #[arg(value_name = "DEVICE_B")]
    pub b: String,
    /// Compare only this article (error code), e.g. NW-6-403.
    #[arg(long, value_name = "CODE", help_heading = "Selection")]
    pub article: Option<String>,
    /// Compare only the sections with this id, e.g. restart-network.
    #[arg(long, value_name = "ID", help_heading = "Selection")]
    pub section: Option<String>,
    /// Compare the literal text: keep device names and nouns, spacing and
    /// quotes as written.
    #[arg(long, help_heading = "Comparison")]
    pub raw: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: crate::diff::Format,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule id, e.g. unknown-device (`nwlint rules` lists them).
    #[arg(value_name = "RULE")]
    pub rule: String,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: crate::explain::RulesFormat,
}

/// Parses arguments and runs the command; maps the outcome to an exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap: help and version are not errors.
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let result = match cli.command {
        Command::Check(args) => crate::check::run(&args),
        Command::Render(args) => crate::commands::render(&args),
        Command::Diff(args) => crate::diff::run(&args),
        Command::Explain(args) => crate::explain::explain(&args),
        Command::Rules(args) => crate::explain::rules(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(fatal) => {
            print_fatal(&fatal);
            ExitCode::from(2)
        }
    }
}

/// Prints a fatal error to stderr.
pub fn print_fatal(fatal: &Fatal) {
    eprintln!(
        "error: {}",
        crate::text::escape_terminal(&fatal.message, false)
    );
    if let Some(help) = &fatal.help {
        eprintln!("  help: {}", crate::text::escape_terminal(help, false));
    }
}

/// Prints a warning about the run itself (not a finding) to stderr.
pub fn print_warning(message: &str) {
    eprintln!("warning: {}", crate::text::escape_terminal(message, false));
}

/// Writes a command's output to stdout, flushed. Every command writes
/// through here: a closed pipe (`nwlint … | head`) is a normal end, with
/// no message and the command's own exit code.
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Fatal> {
    let mut out = io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal::new(format!("cannot write output: {e}"))),
    }
}
