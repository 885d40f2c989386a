//! The command line: clap's definitions and [`run`], which does what they ask and returns the
//! exit status. It writes only to the writers it is handed.

use clap::{Parser, Subcommand, ValueEnum};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::cite::style::{self, Style};
use crate::input::{self, Error};
pub use crate::links::Progress;
use crate::links::{self, LinkOptions, LinkStats};
use crate::report::{self, Appearance, FileReport, Reporter, Summary};
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
    /// Parse references, one per line, into typed citations (like `anystyle parse`)
    Cite(CiteArgs),
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
    /// Do not check links over the network: only the offline checks run
    #[arg(long)]
    pub offline: bool,
    /// When to colour the human report
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print findings only, without the closing summary
    #[arg(long, short)]
    pub quiet: bool,
    /// The note style citations are checked against
    #[arg(long, default_value = "chicago-17", value_parser = style_name)]
    pub style: &'static Style,
    #[command(flatten)]
    pub links: LinkArgs,
}

#[derive(Debug, clap::Args)]
pub struct CiteArgs {
    /// A file of references, one per line; `-` or nothing reads standard input
    #[arg(value_name = "FILE", default_value = "-")]
    pub path: String,
    /// The note style whose requirements `missing` lists
    #[arg(long, default_value = "chicago-17", value_parser = style_name)]
    pub style: &'static Style,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    pub format: ExtractFormat,
}

/// `chicago-17`, `chicago-18`, `mhra-4`, `oscola-4`, `turabian-9`.
fn style_name(value: &str) -> Result<&'static Style, String> {
    style::find(value).ok_or_else(|| {
        let names: Vec<&str> = style::STYLES.iter().map(|s| s.name).collect();
        format!(
            "unknown style `{value}`; the styles are {}",
            names.join(", ")
        )
    })
}

/// How links are checked (ignored with `--offline`).
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Link checking")]
pub struct LinkArgs {
    /// Requests in flight at once, over all hosts
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub max_concurrency: usize,
    /// Requests in flight at once to one host
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub host_concurrency: usize,
    /// Minimum seconds between the starts of two requests to one host
    #[arg(long, default_value = "0", value_name = "SECONDS", value_parser = seconds)]
    pub host_interval: Duration,
    /// Retries for timeouts, connection resets, 5xx and 429 (never for 404 or 410)
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub max_retries: u32,
    /// Base wait before a retry, in seconds; doubled each retry, plus random jitter
    #[arg(long, default_value = "0.5", value_name = "SECONDS", value_parser = seconds)]
    pub retry_backoff: Duration,
    /// Seconds a request may take to answer
    #[arg(long, default_value = "20", value_name = "SECONDS", value_parser = seconds)]
    pub timeout: Duration,
    /// The User-Agent header sent [default: citelint/<version>]
    #[arg(long, value_name = "TEXT")]
    pub user_agent: Option<String>,
    /// Let links reach loopback, private, link-local and other non-public addresses
    #[arg(long)]
    pub allow_private: bool,
    /// Let links reach this one address although the address policy denies its range
    /// (repeatable)
    #[arg(long, value_name = "IP")]
    pub allow_address: Vec<IpAddr>,
    /// Resolve NAME to IP instead of asking DNS (repeatable); the address policy still applies
    #[arg(long, value_name = "NAME=IP", value_parser = name_and_ip)]
    pub resolve: Vec<(String, IpAddr)>,
    /// The link cache file [default: <cache dir>/citelint/links.json]
    #[arg(long, value_name = "PATH", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,
    /// Do not read or write the link cache
    #[arg(long)]
    pub no_cache: bool,
    /// Seconds a working link's cached result is reused
    #[arg(long, default_value = "86400", value_name = "SECONDS", value_parser = seconds)]
    pub cache_max_age: Duration,
}

impl LinkArgs {
    pub fn options(&self) -> LinkOptions {
        let defaults = LinkOptions::default();
        let mut resolve: HashMap<String, Vec<IpAddr>> = HashMap::new();
        for (name, ip) in &self.resolve {
            resolve
                .entry(name.to_ascii_lowercase())
                .or_default()
                .push(*ip);
        }
        LinkOptions {
            max_concurrency: self.max_concurrency,
            host_concurrency: self.host_concurrency,
            host_interval: self.host_interval,
            max_retries: self.max_retries,
            retry_backoff: self.retry_backoff,
            timeout: self.timeout,
            user_agent: self
                .user_agent
                .clone()
                .unwrap_or(defaults.user_agent.clone()),
            allow_private: self.allow_private,
            allow_addresses: self.allow_address.clone(),
            resolve,
            cache: if self.no_cache {
                None
            } else {
                self.cache.clone().or(defaults.cache.clone())
            },
            cache_max_age: self.cache_max_age,
            ..defaults
        }
    }
}

/// `0.5` -> half a second.
fn seconds(value: &str) -> Result<Duration, String> {
    let secs: f64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number of seconds"))?;
    Duration::try_from_secs_f64(secs).map_err(|_| format!("`{value}` is not a valid duration"))
}

/// `scenario.test=127.0.0.1`.
fn name_and_ip(value: &str) -> Result<(String, IpAddr), String> {
    let (name, ip) = value
        .split_once('=')
        .ok_or_else(|| format!("`{value}` is not NAME=IP"))?;
    let ip = ip
        .parse()
        .map_err(|_| format!("`{ip}` is not an IP address"))?;
    Ok((name.to_string(), ip))
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Manuscripts to read; `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExtractFormat::Human)]
    pub format: ExtractFormat,
    /// The note style whose requirements each citation's `missing` lists
    #[arg(long, default_value = "chicago-17", value_parser = style_name)]
    pub style: &'static Style,
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
#[derive(Default)]
pub struct Terminal {
    /// Standard output is a terminal.
    pub is_terminal: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
    /// Told how link checking progresses (`main` draws a progress bar on a terminal).
    pub progress: Option<Progress>,
}

/// How a run ended, when it did not fail, and what the user should be told besides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub outcome: Outcome,
    /// Warnings about the run itself (an unusable cache), for standard error.
    pub warnings: Vec<String>,
}

impl From<Outcome> for Finished {
    fn from(outcome: Outcome) -> Self {
        Finished {
            outcome,
            warnings: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No error-level finding (exit code 0).
    Clean,
    /// At least one error-level finding (exit code 1).
    Errors,
}

/// Read and extract every path, check the links unless `links` is `None`, and run the rules.
pub fn check_paths(
    paths: &[String],
    stdin: &mut dyn Read,
    links: Option<(&LinkOptions, Option<Progress>)>,
    rule_options: &rules::Options,
) -> Result<(Vec<FileReport>, Option<links::LinkResults>), Error> {
    let mut read = Vec::new();
    for path in paths {
        let source = input::read(path, stdin)?;
        let manuscript = crate::extract::extract(&source);
        read.push((source, manuscript));
    }
    let results = match links {
        Some((options, progress)) => {
            let urls: Vec<String> = read
                .iter()
                .flat_map(|(_, m)| m.links.iter().filter_map(|l| l.checkable_url()))
                .collect();
            Some(links::check_blocking(&urls, options, progress).map_err(Error::Runtime)?)
        }
        None => None,
    };
    let files = read
        .into_iter()
        .map(|(source, manuscript)| {
            let diagnostics = rules::check(
                &source,
                &manuscript,
                results.as_ref().map(|r| &r.reports),
                rule_options,
            );
            FileReport {
                source,
                manuscript,
                diagnostics,
                style: rule_options.style,
            }
        })
        .collect();
    Ok((files, results))
}

/// Run the command line.
pub fn run(
    cli: Cli,
    terminal: Terminal,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
) -> Result<Finished, Error> {
    match cli.command {
        Command::Check(args) => {
            let options = args.links.options();
            let links = (!args.offline).then(|| (&options, terminal.progress.clone()));
            let rule_options = rules::Options {
                style: args.style,
                ..rules::Options::default()
            };
            let (files, results) = check_paths(&args.paths, stdin, links, &rule_options)?;
            let stats: Option<LinkStats> = results.as_ref().map(|r| r.stats());
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => terminal.is_terminal && !terminal.no_color,
            };
            let style = Appearance {
                color,
                quiet: args.quiet,
                width: 80,
            };
            let reporter: Box<dyn Reporter> = match args.format {
                CheckFormat::Human => Box::new(report::Human { style }),
                CheckFormat::Short => Box::new(report::Short { style }),
                CheckFormat::Json => Box::new(report::Json),
            };
            reporter
                .report(&files, stats.as_ref(), out)
                .map_err(Error::Output)?;
            Ok(Finished {
                outcome: if Summary::of(&files).errors > 0 {
                    Outcome::Errors
                } else {
                    Outcome::Clean
                },
                warnings: results.map(|r| r.warnings).unwrap_or_default(),
            })
        }
        Command::Extract(args) => {
            let rule_options = rules::Options {
                style: args.style,
                ..rules::Options::default()
            };
            let (files, _) = check_paths(&args.paths, stdin, None, &rule_options)?;
            match args.format {
                ExtractFormat::Human => report::extract_human(&files, out),
                ExtractFormat::Json => report::extract_json(&files, out),
            }
            .map_err(Error::Output)?;
            Ok(Outcome::Clean.into())
        }
        Command::Cite(args) => {
            let source = input::read(&args.path, stdin)?;
            let citations: Vec<(String, Option<crate::cite::Citation>)> = source
                .text()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|line| (line.to_string(), crate::cite::parse_reference(line)))
                .collect();
            match args.format {
                ExtractFormat::Json => report::cite_json(&citations, args.style, out),
                ExtractFormat::Human => report::cite_human(&citations, args.style, out),
            }
            .map_err(Error::Output)?;
            Ok(Outcome::Clean.into())
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
            Ok(Outcome::Clean.into())
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
            Ok(Outcome::Clean.into())
        }
    }
}
