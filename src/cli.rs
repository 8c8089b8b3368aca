//! Command-line interface: argument definitions (clap derive) and dispatch.

use crate::diag::Fatal;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
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
