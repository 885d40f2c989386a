//! The command line: clap's definitions and [`run`], which does what they ask and returns the
//! exit status. It writes only to the writers it is handed.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{Read, Write};

use crate::input::{self, Error};
use crate::report::{self, FileReport, Reporter, Style, Summary};
use crate::rules::{self, RULES};

/// Verify the footnotes, citations and URLs of a thesis draft.
#[derive(Debug, Parser)]
#[command(name = "citelint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check manuscripts and report every problem found
    Check(CheckArgs),
    /// Print the footnote references, footnote texts and URLs found, with their positions
    Extract(ExtractArgs),
    /// List every rule: code, name, default severity and summary
    Rules,
    /// Print a rule's documentation
    Explain {
        /// A rule code (`N001`) or name (`undefined-footnote`)
        rule: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Manuscripts to check (plain text extracted from a PDF); `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Do not check links over the network (only offline checks run; the link checker is not
    /// part of this version, so this is the behaviour either way)
    #[arg(long)]
    pub offline: bool,
    /// When to colour the human report
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print findings only, without the closing summary
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Manuscripts to read; `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExtractFormat::Human)]
    pub format: ExtractFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// miette's graphical report: source lines, the span underlined, help
    Human,
    /// One line per finding: `path:line:col: severity[CODE]: message`
    Short,
    /// Machine-readable JSON (see the README for its shape)
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set
    Auto,
    Always,
    Never,
}

/// What the caller's terminal is like; `main` fills it in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    /// Standard output is a terminal.
    pub is_terminal: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
}

/// How a run ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No error-level finding (exit code 0).
    Clean,
    /// At least one error-level finding (exit code 1).
    Errors,
}

/// Read, extract and check every path.
pub fn check_paths(paths: &[String], stdin: &mut dyn Read) -> Result<Vec<FileReport>, Error> {
    paths
        .iter()
        .map(|path| {
            let source = input::read(path, stdin)?;
            let manuscript = crate::extract::extract(&source);
            let diagnostics = rules::check(&source, &manuscript);
            Ok(FileReport {
                source,
                manuscript,
                diagnostics,
            })
        })
        .collect()
}

/// Run the command line.
pub fn run(
    cli: Cli,
    terminal: Terminal,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    match cli.command {
        Command::Check(args) => {
            let files = check_paths(&args.paths, stdin)?;
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => terminal.is_terminal && !terminal.no_color,
            };
            let style = Style {
                color,
                quiet: args.quiet,
                width: 80,
            };
            let reporter: Box<dyn Reporter> = match args.format {
                CheckFormat::Human => Box::new(report::Human { style }),
                CheckFormat::Short => Box::new(report::Short { style }),
                CheckFormat::Json => Box::new(report::Json),
            };
            reporter.report(&files, out).map_err(Error::Output)?;
            Ok(if Summary::of(&files).errors > 0 {
                Outcome::Errors
            } else {
                Outcome::Clean
            })
        }
        Command::Extract(args) => {
            let files = check_paths(&args.paths, stdin)?;
            match args.format {
                ExtractFormat::Human => report::extract_human(&files, out),
                ExtractFormat::Json => report::extract_json(&files, out),
            }
            .map_err(Error::Output)?;
            Ok(Outcome::Clean)
        }
        Command::Rules => {
            let mut text = String::new();
            for rule in RULES {
                let info = rule.info();
                text.push_str(&format!(
                    "{}  {:<24} {:<8} {}\n",
                    info.code, info.name, info.severity, info.summary
                ));
            }
            out.write_all(text.as_bytes()).map_err(Error::Output)?;
            Ok(Outcome::Clean)
        }
        Command::Explain { rule } => {
            let info = rules::find(&rule).ok_or(Error::UnknownRule(rule))?;
            let text = format!(
                "# {} {} ({} by default)\n\n{}\n\n{}",
                info.code,
                info.name,
                info.severity,
                info.summary,
                info.doc()
            );
            out.write_all(text.as_bytes()).map_err(Error::Output)?;
            Ok(Outcome::Clean)
        }
    }
}
