//! The command line: clap's definitions and [`run`], which does what they ask and returns the
//! exit status. It writes only to the writers it is handed.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{Read, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::check::{self, CheckOptions};
use crate::cite::style::{self, Style};
use crate::config::{self, Loaded};
use crate::error::Error;
use crate::input;
pub use crate::links::Progress;
use crate::links::{LinkOptions, LinkStats};
use crate::report::{self, Appearance, FileReport, Reporter, Run, Summary};
use crate::rules::{self, RULES};

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
    Check(Box<CheckArgs>),
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

/// Where the configuration comes from.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Use this configuration file instead of the one found by walking up from the current
    /// directory
    #[arg(long, value_parser = crate::paths::from_arg, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file
    #[arg(long)]
    pub isolated: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Manuscripts to check (plain text extracted from a PDF), or directories to walk (files
    /// ignored by .gitignore and hidden files are skipped); `-` reads standard input
    #[arg(value_name = "PATH", required_unless_present = "files_from")]
    pub paths: Vec<String>,
    /// Read more paths from this file, one per line (`-` for standard input)
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<String>,
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
    /// Apply the machine-applicable fixes (split URLs joined, moved links replaced) to the
    /// files, atomically, and report what is left
    #[arg(long)]
    pub fix: bool,
    /// The note style citations are checked against [default: chicago-17]
    #[arg(long, value_parser = style_name)]
    pub style: Option<&'static Style>,
    /// Make warnings fail the run too (exit code 1)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,
    /// Run only these rules: codes, code prefixes (`L`, `N00`) or names, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Never run these rules: codes, code prefixes or names, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub links: LinkArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the run as errors do
    Warnings,
}

/// How links are checked (ignored with `--offline`). Each overrides `[links]` in the
/// configuration file.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Link checking")]
pub struct LinkArgs {
    /// Requests in flight at once, over all hosts [default: 32]
    #[arg(long, value_name = "N")]
    pub max_concurrency: Option<usize>,
    /// Requests in flight at once to one host [default: 4]
    #[arg(long, value_name = "N")]
    pub host_concurrency: Option<usize>,
    /// Minimum seconds between the starts of two requests to one host [default: 0]
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub host_interval: Option<Duration>,
    /// Retries for timeouts, connection resets, 5xx and 429 (never for 404 or 410) [default: 2]
    #[arg(long, value_name = "N")]
    pub max_retries: Option<u32>,
    /// Base wait before a retry, in seconds; doubled each retry, plus random jitter
    /// [default: 0.5]
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub retry_backoff: Option<Duration>,
    /// Seconds a request may take to answer [default: 20]
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub timeout: Option<Duration>,
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
    #[arg(long, value_parser = crate::paths::from_arg, value_name = "PATH", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,
    /// Do not read or write the link cache
    #[arg(long)]
    pub no_cache: bool,
    /// Seconds a working link's cached result is reused [default: 86400]
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub cache_max_age: Option<Duration>,
}

impl LinkArgs {
    /// The link options: these flags, then the configuration's `[links]`, then the defaults.
    pub fn options(&self, file: &config::Links) -> LinkOptions {
        let d = LinkOptions::default();
        let secs = |v: Option<f64>| v.and_then(|s| Duration::try_from_secs_f64(s).ok());
        let mut resolve = d.resolve.clone();
        for (name, ip) in &self.resolve {
            resolve
                .entry(name.to_ascii_lowercase())
                .or_default()
                .push(*ip);
        }
        LinkOptions {
            max_concurrency: self
                .max_concurrency
                .or(file.max_concurrency)
                .unwrap_or(d.max_concurrency),
            host_concurrency: self
                .host_concurrency
                .or(file.host_concurrency)
                .unwrap_or(d.host_concurrency),
            host_interval: self
                .host_interval
                .or(secs(file.host_interval))
                .unwrap_or(d.host_interval),
            max_retries: self
                .max_retries
                .or(file.max_retries)
                .unwrap_or(d.max_retries),
            retry_backoff: self
                .retry_backoff
                .or(secs(file.retry_backoff))
                .unwrap_or(d.retry_backoff),
            timeout: self.timeout.or(secs(file.timeout)).unwrap_or(d.timeout),
            user_agent: self
                .user_agent
                .clone()
                .or(file.user_agent.clone())
                .unwrap_or(d.user_agent.clone()),
            allow_private: self.allow_private || file.allow_private.unwrap_or(false),
            allow_addresses: self.allow_address.clone(),
            resolve,
            cache: if self.no_cache {
                None
            } else {
                self.cache
                    .clone()
                    .or(file.cache.as_ref().map(|c| c.get_ref().clone()))
                    .or(d.cache.clone())
            },
            cache_max_age: self
                .cache_max_age
                .or(secs(file.cache_max_age))
                .unwrap_or(d.cache_max_age),
            accept: file.accept.clone().unwrap_or_default(),
            ..d
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

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Manuscripts to read, or directories to walk; `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format: a table, JSON, or the text that positions refer to
    #[arg(long, value_enum, default_value_t = DumpFormat::Human)]
    pub format: DumpFormat,
    /// The note style whose requirements each citation's `missing` lists [default: chicago-17]
    #[arg(long, value_parser = style_name)]
    pub style: Option<&'static Style>,
    #[command(flatten)]
    pub config: ConfigArgs,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// miette's graphical report: source lines, the span underlined, help
    Human,
    /// One line per finding: `path:line:col: severity[CODE]: message`
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Human,
    Json,
}

/// What `extract` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// A table per file
    Human,
    /// Machine-readable JSON (see the README)
    Json,
    /// The text that lines and columns refer to (the file itself for text and Markdown)
    Text,
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

/// The configuration that applies: `--config`, else the file found from the current directory,
/// else none (also with `--isolated`).
fn load_config(args: &ConfigArgs) -> Result<Loaded, Error> {
    if args.isolated {
        return Ok(Loaded::default());
    }
    let path = match &args.config {
        Some(path) => {
            if !path.is_file() {
                return Err(Error::NotFound {
                    path: path.display().to_string(),
                });
            }
            Some(path.clone())
        }
        None => std::env::current_dir()
            .ok()
            .and_then(|dir| config::discover(&dir)),
    };
    match path {
        Some(path) => config::load(&path).map_err(Error::Config),
        None => Ok(Loaded::default()),
    }
}

fn style_of(flag: Option<&'static Style>, loaded: &Loaded) -> &'static Style {
    flag.or_else(|| {
        loaded
            .config
            .style
            .as_ref()
            .and_then(|s| style::find(s.get_ref()))
    })
    .unwrap_or_else(style::default_style)
}

/// The exit codes, for the manual pages.
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
no error-level finding (warnings may have been reported)
.TP
\fB1\fR
at least one error-level finding, or a warning with \fB--deny warnings\fR
.TP
\fB2\fR
usage, configuration or input error, or an internal error, reported on standard error
"#;

/// The manual pages: `citelint.1` first, then `citelint-COMMAND.1` for every command, each
/// with its options; the pages of `citelint` and `citelint check` end with the exit codes.
fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut top = Cli::command().disable_help_subcommand(true);
    top.build();
    let mut commands = vec![top.clone()];
    commands.extend(top.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
    commands
        .into_iter()
        .map(|command| {
            // `build` named each command's page after its full name (`citelint-check`).
            let man = clap_mangen::Man::new(command);
            let name = man.get_filename();
            let mut page = Vec::new();
            man.render(&mut page)?;
            if name == "citelint.1" || name == "citelint-check.1" {
                page.extend_from_slice(EXIT_STATUS.as_bytes());
            }
            Ok((name, page))
        })
        .collect()
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
            let loaded = load_config(&args.config)?;
            let mut selection = loaded.selection.clone();
            if let Some(select) = &args.select {
                selection.select = Some(select.clone());
            }
            selection.ignore.extend(args.ignore.iter().cloned());
            for pattern in selection
                .ignore
                .iter()
                .chain(selection.select.iter().flatten())
            {
                if !RULES
                    .iter()
                    .any(|r| config::matches_rule(pattern, r.info()))
                {
                    return Err(Error::UnknownRule(pattern.clone()));
                }
            }
            let offline = args.offline || loaded.config.links.offline.unwrap_or(false);
            let citation_rules = RULES
                .iter()
                .any(|r| r.info().code.starts_with('C') && selection.level(r.info()).is_some());
            let citations = citation_rules || args.format == CheckFormat::Json;
            let options = CheckOptions {
                rules: rules::Options {
                    style: style_of(args.style, &loaded),
                    ..rules::Options::default()
                },
                selection,
                links: (!offline).then(|| args.links.options(&loaded.config.links)),
                exclude: loaded.exclude.clone(),
                citations,
            };
            let paths = input::collect_paths(
                &args.paths,
                args.files_from.as_deref(),
                &loaded.config.files,
                stdin,
            )?;
            let mut checked = check::run(
                &paths,
                stdin,
                &options,
                &loaded.ignores,
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
            let reporter: Box<dyn Reporter> = match args.format {
                CheckFormat::Human => Box::new(report::Human { style: look }),
                CheckFormat::Short => Box::new(report::Short { style: look }),
                CheckFormat::Json => Box::new(report::Json),
                CheckFormat::Sarif => Box::new(report::Sarif),
                CheckFormat::Github => Box::new(report::Github),
                CheckFormat::Gitlab => Box::new(report::Gitlab),
                CheckFormat::Junit => Box::new(report::Junit),
            };
            let stats: Option<LinkStats> = checked.links.as_ref().map(|r| r.stats());
            let deny_warnings = if args.deny == Some(Deny::Warnings) {
                Some("`--deny warnings`")
            } else if loaded.config.deny_warnings.unwrap_or(false) {
                Some("`deny-warnings = true` in the configuration file")
            } else {
                None
            };
            let run = Run {
                links: stats.as_ref(),
                deny_warnings,
            };
            reporter
                .report(&checked.files, &run, out)
                .map_err(Error::Output)?;
            let summary = Summary::of(&checked.files);
            let failing = summary.errors > 0 || (deny_warnings.is_some() && summary.warnings > 0);
            Ok(Finished {
                outcome: if failing {
                    Outcome::Errors
                } else {
                    Outcome::Clean
                },
                warnings: checked.warnings,
                notices,
            })
        }
        Command::Extract(args) => {
            // Extraction only: no rule runs, no link is asked.
            let loaded = load_config(&args.config)?;
            let style = style_of(args.style, &loaded);
            let paths = input::collect_paths(&args.paths, None, &loaded.config.files, stdin)?;
            let files: Vec<FileReport> = check::read_all(&paths, stdin, true)?
                .into_iter()
                .map(|(source, manuscript)| FileReport {
                    source,
                    manuscript,
                    diagnostics: Vec::new(),
                    style,
                })
                .collect();
            match args.format {
                DumpFormat::Human => report::extract_human(&files, out),
                DumpFormat::Json => report::extract_json(&files, out),
                DumpFormat::Text => report::extract_text(&files, out),
            }
            .map_err(Error::Output)?;
            Ok(Outcome::Clean.into())
        }
        Command::Cite(args) => {
            let source = input::read(&args.path, stdin)?;
            let citations: Vec<(String, Option<crate::model::Citation>)> = source
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
                    "{}  {:<30} {:<8} {}\n",
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
        Command::Init { path, force } => {
            crate::atomic::write_new(&path, config::TEMPLATE, force)?;
            writeln!(out, "wrote {}", path.display()).map_err(Error::Output)?;
            Ok(Outcome::Clean.into())
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "citelint", out);
            Ok(Outcome::Clean.into())
        }
        Command::Man { dir } => {
            let pages = man_pages().map_err(Error::Output)?;
            let Some(dir) = dir else {
                out.write_all(&pages[0].1).map_err(Error::Output)?;
                return Ok(Outcome::Clean.into());
            };
            for (name, page) in &pages {
                let path = dir.join(name);
                crate::atomic::write_atomically(&path, page).map_err(|source| Error::Write {
                    path: path.display().to_string(),
                    source,
                })?;
                writeln!(out, "wrote {}", path.display()).map_err(Error::Output)?;
            }
            Ok(Outcome::Clean.into())
        }
    }
}
