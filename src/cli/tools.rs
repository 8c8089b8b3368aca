//! Arguments of the writer tools (`sync`, `extract`, `add-device`, `new`)
//! and their translation into the library's options.

use super::CommonArgs;
use clap::Args;
use nwlint::edit::Mode;

/// Shown after the help of every command that writes.
pub const WRITES_AFTER_HELP: &str = "\
Writes are atomic, never through a symbolic link, and only into files that
still hold what nwlint read (else nothing is written, exit 2). With --diff,
nothing is written: the change is printed as a unified diff (`git apply`
takes it) and the exit status is 1 if something would change, 0 if not.";

/// `--diff`, shared by every command that writes.
#[derive(Debug, Args, Clone, Copy)]
pub struct DiffFlag {
    /// Print what would change as a unified diff and write nothing (exit 1
    /// if something would change).
    #[arg(long)]
    pub diff: bool,
}

impl DiffFlag {
    pub fn mode(self) -> Mode {
        if self.diff { Mode::Diff } else { Mode::Write }
    }
}

#[derive(Debug, Args)]
#[command(after_help = WRITES_AFTER_HELP)]
pub struct SyncArgs {
    /// The article's code, e.g. NW-6-403.
    pub article: String,
    /// The section id, e.g. restart-network.
    pub section: String,
    /// The device whose copy to follow (nwlint never guesses which copy is right).
    #[arg(long, value_name = "DEVICE")]
    pub from: String,
    /// The devices to write it into (repeatable; default: every device whose
    /// copy differs from it beyond its own name and nouns). A device that
    /// lacks the section gets it.
    #[arg(long, value_name = "DEVICE")]
    pub to: Vec<String>,
    /// Also sync the section in every other article that has it.
    #[arg(long)]
    pub all_articles: bool,
    #[command(flatten)]
    pub diff: DiffFlag,
    #[command(flatten)]
    pub common: CommonArgs,
}

impl SyncArgs {
    pub fn options(self) -> nwlint::tools::sync::Options {
        nwlint::tools::sync::Options {
            article: self.article,
            section: self.section,
            from: self.from,
            to: self.to,
            all_articles: self.all_articles,
            mode: self.diff.mode(),
            workspace: self.common.workspace(),
        }
    }
}

#[derive(Debug, Args)]
#[command(after_help = WRITES_AFTER_HELP)]
pub struct AddDeviceArgs {
    /// The new device's id, e.g. apple-tv.
    pub id: String,
    /// The device whose sections it gets (its name and nouns replaced).
    #[arg(long, value_name = "DEVICE")]
    pub like: String,
    /// Only this article (repeatable; default: every article that has the
    /// --like device).
    #[arg(long = "article", value_name = "CODE")]
    pub articles: Vec<String>,
    /// Its display name: adds the device to devices.json if it is not there.
    #[arg(long)]
    pub name: Option<String>,
    /// A noun the text uses for it (repeatable; default: its name).
    #[arg(long = "noun", value_name = "NOUN", requires = "name")]
    pub nouns: Vec<String>,
    #[command(flatten)]
    pub diff: DiffFlag,
    #[command(flatten)]
    pub common: CommonArgs,
}

impl AddDeviceArgs {
    pub fn options(self) -> nwlint::tools::add_device::Options {
        nwlint::tools::add_device::Options {
            id: self.id,
            like: self.like,
            articles: self.articles,
            name: self.name,
            nouns: self.nouns,
            mode: self.diff.mode(),
            workspace: self.common.workspace(),
        }
    }
}

#[derive(Debug, Args)]
#[command(after_help = WRITES_AFTER_HELP)]
pub struct ExtractArgs {
    /// The section id, e.g. sign-in-check.
    pub section: String,
    /// Only this article (repeatable; default: every article).
    #[arg(long = "article", value_name = "CODE")]
    pub articles: Vec<String>,
    /// The snippet's id (default: the section id): snippets/<ID>.json.
    #[arg(long, value_name = "SNIPPET")]
    pub id: Option<String>,
    #[command(flatten)]
    pub diff: DiffFlag,
    #[command(flatten)]
    pub common: CommonArgs,
}

impl ExtractArgs {
    pub fn options(self) -> nwlint::tools::extract::Options {
        nwlint::tools::extract::Options {
            section: self.section,
            articles: self.articles,
            id: self.id,
            mode: self.diff.mode(),
            workspace: self.common.workspace(),
        }
    }
}

#[derive(Debug, Args)]
#[command(after_help = WRITES_AFTER_HELP)]
pub struct NewArgs {
    /// The new article's code, e.g. NW-2-5.
    pub code: String,
    /// The article whose devices and sections it starts with.
    #[arg(long, value_name = "CODE")]
    pub like: String,
    #[command(flatten)]
    pub diff: DiffFlag,
    #[command(flatten)]
    pub common: CommonArgs,
}

impl NewArgs {
    pub fn options(self) -> nwlint::tools::new::Options {
        nwlint::tools::new::Options {
            code: self.code,
            like: self.like,
            mode: self.diff.mode(),
            workspace: self.common.workspace(),
        }
    }
}
