//! Settings: what a run does, resolved in one place from the command-line flags, the
//! configuration file and the defaults (in that order of precedence).
//!
//! The flags that `check` shares with other commands ([`ConfigArgs`], [`RuleArgs`],
//! [`LinkArgs`]) are defined here with their clap attributes, so that the command line and the
//! resolution cannot drift apart; `cli/` only assembles them.

use clap::ValueEnum;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::cite::style::{self, Style};
use crate::config::{self, CompiledIgnore, Loaded, Selection};
use crate::error::Error;
use crate::online::LinkOptions;
use crate::online::provenance::ProvenanceOptions;
use crate::rules::{self, Needs, RULES};

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

/// Which rules run, against which style, and what fails the run.
#[derive(Debug, clap::Args)]
pub struct RuleArgs {
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
    /// Do not check links over the network: only the offline checks run
    #[arg(long)]
    pub offline: bool,
    /// Check links, but ask no registry or archive about the works cited (DOIs, ISBNs, works,
    /// archived copies)
    #[arg(long)]
    pub no_provenance: bool,
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
    /// Requests in flight at once to one host name, and to one IP address [default: 4]
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
    /// Seconds one link may take in all, from its first request: every request, retry wait and
    /// redirect [default: timeout × (max-retries + 1) + 30]
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub link_deadline: Option<Duration>,
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
    /// Resolve names only from `--resolve`: every other name fails to resolve, as in a CI job
    /// without network. Hidden: it exists so that tests can run the binary without DNS.
    #[arg(long, hide = true)]
    pub no_dns: bool,
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
        let secs = |v: Option<config::Seconds>| v.map(|s| s.0);
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
            link_deadline: self.link_deadline.or(secs(file.link_deadline)),
            user_agent: self
                .user_agent
                .clone()
                .or(file.user_agent.clone())
                .unwrap_or(d.user_agent.clone()),
            allow_private: self.allow_private || file.allow_private.unwrap_or(false),
            allow_addresses: self.allow_address.clone(),
            resolve,
            system_resolver: !self.no_dns,
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

/// `0.5` -> half a second; checked as the configuration file's durations are.
fn seconds(value: &str) -> Result<Duration, String> {
    let secs: f64 = value.parse().map_err(|_| {
        format!(
            "expected a number of seconds from 0 to {}, found `{value}`",
            config::MAX_SECONDS
        )
    })?;
    config::seconds(secs)
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
pub fn style_name(value: &str) -> Result<&'static Style, String> {
    style::find(value).ok_or_else(|| {
        let names: Vec<&str> = style::STYLES.iter().map(|s| s.name).collect();
        format!(
            "unknown style `{value}`; the styles are {}",
            names.join(", ")
        )
    })
}

/// Everything a `check` run needs to know besides its paths and its report's look.
#[derive(Debug)]
pub struct Settings {
    /// The note style citations are checked against.
    pub style: &'static Style,
    /// Which rules run, at which level.
    pub selection: Selection,
    /// What makes warnings fail the run, when something does (for the summary).
    pub deny_warnings: Option<&'static str>,
    /// How links are checked; `None` when the network is not used (`--offline`, or no
    /// selected rule needs link results).
    pub links: Option<LinkOptions>,
    /// How the works cited are checked; `None` when they are not (`--offline`,
    /// `--no-provenance`, `enabled = false`, or no selected rule needs it).
    pub provenance: Option<ProvenanceOptions>,
    /// URLs never asked.
    pub exclude: Vec<regex::Regex>,
    /// `[[ignore]]` entries.
    pub ignores: Vec<CompiledIgnore>,
    /// What a directory contributes.
    pub files: config::Files,
    /// Where a LaTeX project starts.
    pub latex: config::Latex,
    /// Today's date and the style, for the rules.
    pub rules: rules::Options,
}

impl Settings {
    /// Resolve the flags of `check` against the configuration file and the defaults.
    pub fn resolve(flags: &RuleArgs, links: &LinkArgs, loaded: Loaded) -> Result<Settings, Error> {
        let mut selection = loaded.selection.clone();
        if let Some(select) = &flags.select {
            selection.select = Some(select.clone());
        }
        selection.ignore.extend(flags.ignore.iter().cloned());
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
        let deny_warnings = if flags.deny == Some(Deny::Warnings) {
            Some("`--deny warnings`")
        } else if loaded.config.deny_warnings.unwrap_or(false) {
            Some("`deny-warnings = true` in the configuration file")
        } else {
            None
        };
        let offline = flags.offline || loaded.config.links.offline.unwrap_or(false);
        let needs_links = needs(&selection).links;
        let style = style_of(flags.style, &loaded);
        let wanted = needs(&selection).provenance
            && !flags.no_provenance
            && loaded.config.provenance.enabled.unwrap_or(true);
        let link_options = links.options(&loaded.config.links);
        Ok(Settings {
            style,
            deny_warnings,
            provenance: (!offline && wanted).then(|| {
                let mut o = provenance_options(&loaded.config.provenance, link_options.clone());
                // Pages are read only for a selected rule that judges them.
                o.pages &= needs(&selection).pages;
                o
            }),
            links: (!offline && needs_links).then_some(link_options),
            exclude: loaded.exclude,
            ignores: loaded.ignores,
            files: loaded.config.files,
            latex: loaded.config.latex,
            rules: rules::Options {
                style,
                ..rules::Options::default()
            },
            selection,
        })
    }

    /// Whether the notes' citations must be parsed: a selected rule reads them, or the report
    /// shows them (`report_shows`).
    pub fn citations(&self, report_shows: bool) -> bool {
        report_shows || needs(&self.selection).citations || self.provenance.is_some()
    }
}

/// The provenance options: `[provenance]`, then the defaults; the network settings are the
/// link checker's.
fn provenance_options(file: &config::ProvenanceConfig, net: LinkOptions) -> ProvenanceOptions {
    let d = ProvenanceOptions::new(net);
    let text = |v: &Option<String>, d: &str| v.clone().unwrap_or_else(|| d.to_string());
    ProvenanceOptions {
        dois: file.dois.unwrap_or(d.dois),
        crossref_records: file.doi_metadata.unwrap_or(d.crossref_records),
        works: file.works.unwrap_or(d.works),
        isbns: file.isbns.unwrap_or(d.isbns),
        archives: file.archives.unwrap_or(d.archives),
        pages: file.pages.unwrap_or(d.pages),
        doi_api: text(&file.doi_api, &d.doi_api),
        crossref_api: text(&file.crossref_api, &d.crossref_api),
        datacite_api: text(&file.datacite_api, &d.datacite_api),
        openlibrary_api: text(&file.openlibrary_api, &d.openlibrary_api),
        wayback_cdx_api: text(&file.wayback_cdx_api, &d.wayback_cdx_api),
        wayback_url: text(&file.wayback_url, &d.wayback_url),
        mailto: file.mailto.clone().or(d.mailto.clone()),
        cache_max_age: file
            .cache_max_age
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
            .unwrap_or(d.cache_max_age),
        service_concurrency: file.service_concurrency.unwrap_or(d.service_concurrency),
        ..d
    }
}

/// The configuration that applies: `--config`, else the file found from the current directory,
/// else none (also with `--isolated`).
/// What the rules a selection turns on need.
pub fn needs(selection: &Selection) -> Needs {
    RULES
        .iter()
        .filter(|r| selection.level(r.info()).is_some())
        .fold(Needs::default(), |n, r| n.or(r.needs()))
}

pub fn load_config(args: &ConfigArgs) -> Result<Loaded, Error> {
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

pub fn style_of(flag: Option<&'static Style>, loaded: &Loaded) -> &'static Style {
    flag.or_else(|| {
        loaded
            .config
            .style
            .as_ref()
            .and_then(|s| style::find(s.get_ref()))
    })
    .unwrap_or_else(style::default_style)
}
