//! The command line: clap's definitions of the commands and [`run`], which hands each to its
//! module and returns how the run ended. It writes only to the writers it is handed.
//!
//! One module per command; the flags that resolve into a run's settings live in
//! [`crate::settings`].

mod check;
mod cite;
mod extract;
mod init;
mod man;
mod rules;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{Read, Write};
use std::path::PathBuf;

use crate::error::Error;
pub use crate::online::Progress;
pub use check::{CheckArgs, CheckFormat};

/// Verify the footnotes, citations and URLs of a thesis draft.
#[derive(Debug, Parser)]
#[command(
    name = "citelint",
    version,
    about,
    long_about = None,
    after_help = "`citelint PATH...` is short for `citelint check PATH...`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Parse the command line, where `citelint PATH…` is short for `citelint check PATH…` (as
    /// `lychee FILE` or `typos FILE`): when the first argument is not a subcommand, nor help or
    /// version, but a flag, `-`, or a path that exists or has a `/` or `.` in it, `check` is
    /// put before it. Anything else (`citelint chek`) is left to clap, which suggests the
    /// subcommand meant.
    pub fn parse_with_default_command<I, T>(args: I) -> Cli
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString>,
    {
        Cli::parse_from(with_default_command(
            args.into_iter().map(Into::into).collect(),
        ))
    }
}

/// `args` with `check` put before the first argument when it is not a subcommand (see
/// [`Cli::parse_with_default_command`]).
pub fn with_default_command(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let Some(first) = args.get(1).and_then(|a| a.to_str()) else {
        return args;
    };
    let is_subcommand = first == "help" || <Command as Subcommand>::has_subcommand(first);
    let is_help = matches!(first, "-h" | "--help" | "-V" | "--version");
    let looks_like_input = first == "-"
        || first.starts_with('-')
        || first.contains(['/', '.', std::path::MAIN_SEPARATOR])
        || std::path::Path::new(first).exists();
    if !is_subcommand && !is_help && looks_like_input {
        args.insert(1, "check".into());
    }
    args
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check manuscripts and report every problem found
    Check(Box<check::CheckArgs>),
    /// Print the footnote references, footnote texts and URLs found, with their positions
    Extract(extract::ExtractArgs),
    /// Parse references, one per line, into typed citations (like `anystyle parse`)
    Cite(cite::CiteArgs),
    /// List every rule: code, name, default severity and summary
    Rules,
    /// Print a rule's documentation
    Explain {
        /// A rule code (`N001`) or name (`undefined-footnote`)
        rule: String,
    },
    /// Write a commented default `citelint.toml` in the current directory
    Init {
        /// Where to write it
        #[arg(long, value_parser = crate::paths::from_arg, default_value = "citelint.toml", value_name = "PATH")]
        path: PathBuf,
        /// Replace an existing file
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a directory
    Man {
        /// Write `citelint.1` and a `citelint-COMMAND.1` page for every command into this
        /// directory (created if needed), instead of printing `citelint.1`
        #[arg(long, value_name = "DIR", value_parser = crate::paths::from_arg)]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set
    Auto,
    Always,
    Never,
}

/// What the caller's terminal is like; `main` fills it in.
#[derive(Default)]
pub struct Terminal {
    /// Standard output is a terminal.
    pub is_terminal: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
    /// The width the human report is wrapped at: `COLUMNS` when set (at least 20), else 80.
    pub width: Option<usize>,
    /// Told how link checking progresses (`main` draws a progress bar on a terminal).
    pub progress: Option<Progress>,
}

/// How a run ended, when it did not fail, and what the user should be told besides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub outcome: Outcome,
    /// Warnings about the run itself (an unusable cache, an unused `[[ignore]]`), for
    /// standard error.
    pub warnings: Vec<String>,
    /// What `--fix` did, for standard error.
    pub notices: Vec<String>,
}

impl From<Outcome> for Finished {
    fn from(outcome: Outcome) -> Self {
        Finished {
            outcome,
            warnings: Vec::new(),
            notices: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No finding at a failing level (exit code 0).
    Clean,
    /// At least one error-level finding, or a warning with `--deny warnings` (exit code 1).
    Errors,
}

/// Run the command line.
pub fn run(
    cli: Cli,
    terminal: Terminal,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
) -> Result<Finished, Error> {
    match cli.command {
        Command::Check(args) => check::run(*args, terminal, stdin, out),
        Command::Extract(args) => extract::run(args, stdin, out),
        Command::Cite(args) => cite::run(args, stdin, out),
        Command::Rules => rules::list(out),
        Command::Explain { rule } => rules::explain(&rule, out),
        Command::Init { path, force } => init::run(&path, force, out),
        Command::Completions { shell } => man::completions(shell, out),
        Command::Man { dir } => man::run(dir, out),
    }
}

/// Write `text`, mapping a failure to [`Error::Output`].
fn write_out(out: &mut dyn Write, text: &str) -> Result<(), Error> {
    out.write_all(text.as_bytes()).map_err(Error::Output)
}
