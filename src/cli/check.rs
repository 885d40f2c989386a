//! `citelint check`: run every selected check over the manuscripts and report the findings.

use clap::ValueEnum;
use std::io::{Read, Write};

use super::{ColorChoice, Finished, Outcome, Terminal};
use crate::error::Error;
use crate::input;
use crate::model::LinkStats;
use crate::report::{self, Appearance, Reporter, Run, Summary};
use crate::settings::{ConfigArgs, LinkArgs, RuleArgs, Settings, load_config};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Manuscripts to check (text extracted from a PDF, Markdown), or directories to walk
    /// (files ignored by .gitignore and hidden files are skipped); `-` reads standard input
    #[arg(value_name = "PATH", required_unless_present = "files_from")]
    pub paths: Vec<String>,
    /// Read more paths from this file, one per line (`-` for standard input)
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// When to colour the human report
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print findings only, without the closing summary
    #[arg(long, short)]
    pub quiet: bool,
    /// Apply the machine-applicable fixes (split URLs joined, moved links replaced) to the
    /// files, atomically, and report what is left
    #[arg(long)]
    pub fix: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub links: LinkArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// miette's graphical report: source lines, the span underlined, help
    Human,
    /// One line per finding: `path:line:col: severity[CODE name]: message`
    Short,
    /// Machine-readable JSON (see the README for its shape)
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request's lines
    Github,
    /// A GitLab Code Quality report
    Gitlab,
    /// JUnit XML: a test case per file, a failure per finding
    Junit,
}

impl CheckFormat {
    /// The reporter of this format.
    fn reporter(self, look: Appearance) -> Box<dyn Reporter> {
        match self {
            CheckFormat::Human => Box::new(report::Human { style: look }),
            CheckFormat::Short => Box::new(report::Short { style: look }),
            CheckFormat::Json => Box::new(report::Json),
            CheckFormat::Sarif => Box::new(report::Sarif),
            CheckFormat::Github => Box::new(report::Github),
            CheckFormat::Gitlab => Box::new(report::Gitlab),
            CheckFormat::Junit => Box::new(report::Junit),
        }
    }
}

/// The warning that the network seems unavailable, for standard error: only where the report
/// itself cannot say it (the human and short reports say it before their summary).
fn network_warning(stats: Option<&LinkStats>, args: &CheckArgs) -> Option<String> {
    let hosts = stats?.network_unavailable?;
    let summarised = matches!(args.format, CheckFormat::Human | CheckFormat::Short) && !args.quiet;
    (!summarised).then(|| {
        let (warning, help) = report::network_unavailable(hosts);
        format!("{warning}\nhelp: {help}")
    })
}

pub fn run(
    args: CheckArgs,
    terminal: Terminal,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
) -> Result<Finished, Error> {
    let settings = Settings::resolve(&args.rules, &args.links, load_config(&args.config)?)?;
    let paths = input::collect_paths(
        &args.paths,
        args.files_from.as_deref(),
        &settings.files,
        &settings.latex,
        stdin,
    )?;
    // The JSON report lists every note's citations.
    let citations = settings.citations(args.format == CheckFormat::Json);
    let mut checked = crate::check::run(
        &paths,
        stdin,
        &settings,
        citations,
        terminal.progress.clone(),
    )?;
    let notices = if args.fix {
        crate::fix::fix_files(&mut checked.files)
    } else {
        Vec::new()
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal.is_terminal && !terminal.no_color,
    };
    let look = Appearance {
        color,
        quiet: args.quiet,
        width: terminal.width.unwrap_or(80),
    };
    let stats = checked.links.as_ref().map(|r| r.stats());
    let mut warnings = checked.warnings;
    warnings.extend(network_warning(stats.as_ref(), &args));
    let run = Run {
        links: stats.as_ref(),
        provenance: checked.provenance.as_ref().map(|p| &p.stats),
        deny_warnings: settings.deny_warnings,
    };
    args.format
        .reporter(look)
        .report(&checked.files, &run, out)
        .map_err(Error::Output)?;
    let summary = Summary::of(&checked.files);
    let failing = summary.errors > 0 || (settings.deny_warnings.is_some() && summary.warnings > 0);
    Ok(Finished {
        outcome: if failing {
            Outcome::Errors
        } else {
            Outcome::Clean
        },
        warnings,
        notices,
    })
}
