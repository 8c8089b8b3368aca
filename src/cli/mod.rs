//! The command line: argument definitions (clap derive), dispatch to the
//! library's commands, and what is printed at the edge (notices and fatal
//! errors on stderr). The library knows nothing of clap.

mod tools;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use nwlint::diag::{Fatal, Notice, Severity};
use std::io::{self, IsTerminal};
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
    /// Validate content against its schemas and lint it (the main job).
    Check(CheckArgs),
    /// Render an article as the help center shows it.
    Render(RenderArgs),
    /// Show how two devices' instructions differ, section by section.
    Diff(DiffArgs),
    /// Print a rule's documentation: what it checks, why, how to fix it.
    Explain(ExplainArgs),
    /// List every rule with its default severity and summary.
    Rules(RulesArgs),
    /// Write the built-in JSON Schemas into a folder, for `$schema` to point at.
    Schema(SchemaArgs),
    /// Write the drift overview: per article, a device × section matrix
    /// (one self-contained HTML page, or Markdown tables).
    Report(ReportArgs),
    /// Import troubleshooting articles from text, Markdown or HTML into
    /// articles/<CODE>.json.
    Import(ImportArgs),
    /// Start a content repository: nwlint.toml, content/ (help center,
    /// devices, an example article), schema/, a pre-commit hook and a CI
    /// workflow, on which `nwlint check` passes.
    Init(InitArgs),
    /// Write one device's copy of a section into the other devices' copies,
    /// each with its own name and nouns (fixes a drift in the direction
    /// you choose).
    Sync(tools::SyncArgs),
    /// Add a device to every article that has another device (or those
    /// named), as a copy of that device's sections with its own name and
    /// nouns, and to devices.json.
    AddDevice(tools::AddDeviceArgs),
    /// Single-source a section: move its identical copies into
    /// snippets/<ID>.json (device words as variables) and make each copy a
    /// reference, refusing if any rendered text would change.
    Extract(tools::ExtractArgs),
    /// Start an article for another error code with the devices and
    /// sections of an existing one (TODO placeholders for its own text).
    New(tools::NewArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print nwlint's man page (roff), e.g. `nwlint man > nwlint.1`.
    Man,
    /// Run the language server on stdin/stdout, for editors: the findings
    /// of `check` as you type, hover, completion and quick fixes.
    #[command(
        after_help = "Editors start it themselves: see the README's \"Editor setup\" for VS Code, Neovim and Helix."
    )]
    Server,
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
    /// Whether to colour output to stdout: `auto` colours a terminal,
    /// honouring `NO_COLOR` (no colour) and then `CLICOLOR_FORCE` (colour
    /// even when piped).
    pub fn enabled(self) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if set("NO_COLOR") => false,
            ColorChoice::Auto => set("CLICOLOR_FORCE") || std::io::stdout().is_terminal(),
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

/// A format of the library as a command-line value, named and described
/// by the library's `ALL` table (one list of formats, not two).
#[derive(Debug, Clone, Copy, Default)]
pub struct Choice<T: 'static>(pub T);

macro_rules! choice {
    ($t:ty) => {
        impl ValueEnum for Choice<$t> {
            fn value_variants<'a>() -> &'a [Self] {
                static ALL: std::sync::LazyLock<Vec<Choice<$t>>> =
                    std::sync::LazyLock::new(|| <$t>::ALL.iter().map(|v| Choice(v.0)).collect());
                &ALL
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                let (_, name, help) = <$t>::ALL.iter().find(|v| v.0 == self.0)?;
                Some(clap::builder::PossibleValue::new(*name).help(*help))
            }
        }
    };
}
choice!(nwlint::report::Format);
choice!(nwlint::render::Format);
choice!(nwlint::diff::Format);
choice!(nwlint::explain::RulesFormat);

type CheckFormat = Choice<nwlint::report::Format>;

/// Findings below error level that also make `check` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail too.
    Warnings,
    /// Every finding fails, advice included.
    Advice,
}

/// Shown after `nwlint check --help`.
const CHECK_AFTER_HELP: &str = "\
Exit status: 0 no error-level findings (warnings allowed; see --deny), 1 at
least one failing finding, 2 nwlint could not do its job (usage, config,
I/O, no article checked, or a file changed while it was checked).";

#[derive(Debug, Args)]
#[command(after_help = CHECK_AFTER_HELP)]
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
    /// Also write the findings in FORMAT to PATH (written whole, or not at
    /// all), e.g. `--output-file sarif=nwlint.sarif`. Repeatable: one run
    /// for annotations and a code-scanning upload.
    #[arg(
        long = "output-file",
        value_name = "FORMAT=PATH",
        value_parser = parse_output,
        help_heading = "Output"
    )]
    pub outputs: Vec<(CheckFormat, PathBuf)>,
    /// Check standard input as if it were the content file PATH (which
    /// need not exist yet): `nwlint check --stdin-filename PATH -`, as
    /// editors and scripts lint a buffer.
    #[arg(long, value_name = "PATH", help_heading = "Input")]
    pub stdin_filename: Option<PathBuf>,
    /// Apply the fixes that need no judgement (`nwlint explain RULE` says
    /// whether a rule has one), then report what remains.
    #[arg(long, help_heading = "Fixes")]
    pub fix: bool,
    /// Print the fixes as a unified diff and write nothing (exit 1 if a fix
    /// would change something).
    #[arg(long, help_heading = "Fixes")]
    pub diff: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `FORMAT=PATH` of `--output-file`.
fn parse_output(spec: &str) -> Result<(CheckFormat, PathBuf), String> {
    let (format, path) = spec
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=PATH, e.g. sarif=nwlint.sarif, not `{spec}`"))?;
    let format = CheckFormat::from_str(format, true).map_err(|_| {
        let names: Vec<String> = CheckFormat::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!("unknown format `{format}`; one of {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err("the PATH of FORMAT=PATH is empty".into());
    }
    Ok((format, PathBuf::from(path)))
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Article code (e.g. NW-6-403) or path to an article file.
    #[arg(value_name = "CODE|PATH")]
    pub article: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Choice<nwlint::render::Format>,
    /// Locale, when the article exists in several.
    #[arg(long)]
    pub locale: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
#[command(after_long_help = nwlint::diff::AFTER_HELP)]
pub struct DiffArgs {
    /// The device whose text shows as removed, e.g. `ps4`.
    #[arg(value_name = "DEVICE_A", required_unless_present = "locales")]
    pub a: Option<String>,
    /// The device whose text shows as added, e.g. `xbox-one`.
    #[arg(value_name = "DEVICE_B", required_unless_present = "locales")]
    pub b: Option<String>,
    /// Compare the two devices in this locale's articles (translations
    /// `<CODE>.<locale>.json`, or the default locale's).
    #[arg(long, value_name = "LOCALE", help_heading = "Selection")]
    pub locale: Option<String>,
    /// Instead of two devices: each article's structure (devices,
    /// sections, blocks, steps, bullets) in FROM beside its translation in
    /// TO, differing rows marked ≠.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"], conflicts_with_all = ["a", "b", "locale", "section", "raw"], help_heading = "Selection")]
    pub locales: Vec<String>,
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
    pub format: Choice<nwlint::diff::Format>,
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
    pub format: Choice<nwlint::explain::RulesFormat>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The folder to write them into (made if missing), e.g. `schema`.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// List the registry's device ids in the article schema, so editors
    /// complete them (reads the content root's devices.json).
    #[arg(long)]
    pub devices: bool,
    /// Replace schema files that differ.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository's folder (made if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Print what would be written as a unified diff, and write nothing
    /// (exit 1 if something would be written).
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    /// One self-contained HTML page (no external resources).
    #[default]
    Html,
    /// Markdown tables, for a CI job summary.
    Markdown,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Write the report to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: ReportFormat,
    #[command(flatten)]
    pub common: CommonArgs,
}

impl ReportArgs {
    fn options(&self) -> nwlint::overview::ReportOptions {
        nwlint::overview::ReportOptions {
            out_file: self.out.clone(),
            format: match self.format {
                ReportFormat::Html => nwlint::overview::Format::Html,
                ReportFormat::Markdown => nwlint::overview::Format::Markdown,
            },
            workspace: self.common.workspace(),
        }
    }
}

/// Input forms of `import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportForm {
    /// Plain text (as `render --format text` writes, or a browser copies).
    Text,
    /// Markdown.
    Markdown,
    /// An HTML page or fragment.
    Html,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to import, one article each.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Input form (default: by extension: .html/.htm, .md, else text).
    #[arg(long, value_enum, value_name = "FORM")]
    pub from: Option<ImportForm>,
    /// The article's error code (default: the one in its title).
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// Folder to write into, inside the content root (default: articles/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Show what would be written (a unified diff); write nothing.
    #[arg(long)]
    pub diff: bool,
    /// Overwrite an existing article.
    #[arg(long)]
    pub force: bool,
    /// Add unknown device headings to devices.json instead of failing.
    #[arg(long)]
    pub add_devices: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

impl ImportArgs {
    fn options(&self) -> nwlint::import::ImportOptions {
        nwlint::import::ImportOptions {
            files: self.files.clone(),
            from: self.from.map(|f| match f {
                ImportForm::Text => nwlint::import::Form::Text,
                ImportForm::Markdown => nwlint::import::Form::Markdown,
                ImportForm::Html => nwlint::import::Form::Html,
            }),
            code: self.code.clone(),
            out: self.out.clone(),
            diff: self.diff,
            force: self.force,
            add_devices: self.add_devices,
            workspace: self.common.workspace(),
        }
    }
}

impl CommonArgs {
    pub fn workspace(&self) -> nwlint::workspace::Options {
        nwlint::workspace::Options {
            config: self.config.clone(),
            content: self.content.clone(),
        }
    }
}

impl DiffArgs {
    fn options(self) -> nwlint::diff::DiffOptions {
        nwlint::diff::DiffOptions {
            a: self.a.unwrap_or_default(),
            b: self.b.unwrap_or_default(),
            article: self.article,
            section: self.section,
            raw: self.raw,
            locale: self.locale,
            locales: (self.locales.len() == 2)
                .then(|| (self.locales[0].clone(), self.locales[1].clone())),
            format: self.format.0,
            color: self.common.color.enabled(),
            workspace: self.common.workspace(),
        }
    }
}

impl CheckArgs {
    fn options(&self) -> Result<nwlint::check::Options, Fatal> {
        let dash = |p: &PathBuf| p.as_os_str() == "-";
        let mut paths: Vec<PathBuf> = self.paths.iter().filter(|p| !dash(p)).cloned().collect();
        let mut overlay = nwlint::load::Overlay::new();
        match (&self.stdin_filename, self.paths.iter().any(dash)) {
            (Some(name), _) => {
                let bytes = read_stdin()?;
                let path = nwlint::workspace::clean(name);
                overlay.insert(path.clone(), bytes.into());
                paths.push(path);
            }
            (None, true) => {
                return Err(Fatal::new("`-` (standard input) needs --stdin-filename PATH")
                    .with_help("name the file the input stands for, e.g. `nwlint check --stdin-filename content/articles/NW-6-403.json -`"));
            }
            (None, false) => {}
        }
        Ok(nwlint::check::Options {
            paths,
            format: self.format.0,
            quiet: self.quiet,
            statistics: self.statistics,
            fail_at: match self.deny {
                None => Severity::Error,
                Some(Deny::Warnings) => Severity::Warning,
                Some(Deny::Advice) => Severity::Advice,
            },
            severities: self.severities.clone(),
            color: self.common.color.enabled(),
            workspace: self.common.workspace(),
            outputs: (self.outputs.iter())
                .map(|(format, path)| (format.0, path.clone()))
                .collect(),
            overlay,
        })
    }
}

/// Standard input, at most as large as a content file.
fn read_stdin() -> Result<Vec<u8>, Fatal> {
    use std::io::Read;
    let max = nwlint::source::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Fatal::new(format!("cannot read standard input: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(Fatal::new(format!(
            "standard input is larger than {} MiB",
            max >> 20
        )));
    }
    Ok(bytes)
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
    if let Command::Server = cli.command {
        // The protocol owns stdout (on a thread of its own): not locked here.
        return match nwlint::server::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(fatal) => {
                print_fatal(&fatal);
                ExitCode::from(2)
            }
        };
    }
    let mut notices = Vec::new();
    let stdout = io::stdout();
    let out = &mut stdout.lock();
    let result = match cli.command {
        Command::Check(args) if args.fix || args.diff => {
            let mode = tools::DiffFlag { diff: args.diff }.mode();
            (args.options()).and_then(|options| match options.overlay.is_empty() {
                true => {
                    let log = &mut io::stderr().lock();
                    nwlint::tools::fix::run(&options, mode, out, log, &mut notices)
                }
                false => Err(Fatal::new(
                    "--fix and --diff change files on disk, not standard input",
                )),
            })
        }
        Command::Check(args) => {
            (args.options()).and_then(|options| nwlint::check::run(&options, out, &mut notices))
        }
        Command::Render(args) => {
            let options = nwlint::commands::RenderOptions {
                article: args.article,
                format: args.format.0,
                locale: args.locale,
                workspace: args.common.workspace(),
            };
            nwlint::commands::render(&options, out)
        }
        Command::Diff(args) => nwlint::diff::run(&args.options(), out, &mut notices),
        Command::Report(args) => nwlint::overview::run(&args.options(), out),
        Command::Import(args) => {
            nwlint::import::run(&args.options(), out, &mut io::stderr().lock(), &mut notices)
        }
        Command::Explain(args) => nwlint::explain::explain(&args.rule, out),
        Command::Rules(args) => nwlint::explain::rules(args.format.0, out),
        Command::Schema(args) => schema(&args, out),
        Command::Init(args) => {
            let options = nwlint::init::Options {
                dir: args.dir,
                diff: args.diff,
            };
            nwlint::init::run(&options, out, &mut notices)
        }
        Command::Sync(args) => nwlint::tools::sync::run(&args.options(), out, &mut notices),
        Command::New(args) => nwlint::tools::new::run(&args.options(), out, &mut notices),
        Command::Extract(args) => nwlint::tools::extract::run(&args.options(), out, &mut notices),
        Command::AddDevice(args) => {
            nwlint::tools::add_device::run(&args.options(), out, &mut notices)
        }
        Command::Completions(args) => write(out, |w| {
            clap_complete::generate(args.shell, &mut Cli::command(), "nwlint", w);
            Ok(())
        }),
        Command::Man => write(out, |w| clap_mangen::Man::new(Cli::command()).render(w)),
        // Served above, before stdout is locked.
        Command::Server => Ok(0),
    };
    for notice in &notices {
        match notice {
            Notice::Warning(message) => print_warning(message),
            Notice::Error(fatal) => print_fatal(fatal),
        }
    }
    match result {
        Ok(code) => ExitCode::from(code),
        Err(fatal) => {
            print_fatal(&fatal);
            ExitCode::from(2)
        }
    }
}

/// `nwlint schema --out DIR`: says which files it wrote.
fn schema(args: &SchemaArgs, out: &mut dyn io::Write) -> Result<u8, Fatal> {
    let devices = match args.devices {
        false => None,
        true => {
            let config = nwlint::workspace::config(&args.common.workspace())?;
            let roots = nwlint::workspace::roots(&config, None)?;
            let ws = nwlint::workspace::open(config, roots)?;
            let registry = ws.loading.corpus.registry.ok_or_else(|| {
                Fatal::new("the device registry (devices.json) did not load; run `nwlint check`")
            })?;
            Some(
                registry
                    .value
                    .devices
                    .into_iter()
                    .map(|d| d.id)
                    .collect::<Vec<_>>(),
            )
        }
    };
    let written = nwlint::schema::write_builtin(&args.out, devices.as_deref(), args.force)?;
    write(out, |w| {
        for (path, changed) in &written {
            let what = if *changed { "wrote" } else { "unchanged" };
            writeln!(
                w,
                "{what} {}",
                nwlint::text::escape_terminal(&path.display().to_string(), false)
            )?;
        }
        Ok(())
    })
}

/// Writes generated text into `out` (a closed pipe is a normal end).
fn write(
    out: &mut dyn io::Write,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> Result<u8, Fatal> {
    let written = write(out).and_then(|()| out.flush());
    nwlint::diag::output_written(written).map(|()| 0)
}

/// Prints a fatal error to stderr.
pub fn print_fatal(fatal: &Fatal) {
    eprintln!(
        "error: {}",
        nwlint::text::escape_terminal(&fatal.message, false)
    );
    if let Some(help) = &fatal.help {
        eprintln!("  help: {}", nwlint::text::escape_terminal(help, false));
    }
}

/// Prints a warning about the run itself (not a finding) to stderr.
pub fn print_warning(message: &str) {
    eprintln!("warning: {}", nwlint::text::escape_terminal(message, false));
}
