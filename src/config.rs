//! `citelint.toml`: discovery, the options it holds, and errors that point into it.
//!
//! The file is found by walking up from the current directory through `citelint.toml` and
//! `.citelint.toml` (the first found wins); `--config PATH` names one, `--isolated` ignores
//! them all. Keys are kebab-case and unknown keys are errors, reported with the TOML line and
//! the bad key underlined. Command-line flags override the file; the file overrides the
//! defaults. `citelint init` writes [`TEMPLATE`].

use miette::SourceSpan;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;

use crate::model::RuleInfo;
use crate::model::Severity;
use crate::model::Source;
use crate::report::excerpt::Excerpt;
use crate::rules::{self, RULES};

/// The file names looked for, in order, in each directory.
pub const FILE_NAMES: &[&str] = &["citelint.toml", ".citelint.toml"];

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The note style (`chicago-17`, `chicago-18`, `turabian-9`, `mhra-4`, `oscola-4`).
    pub style: Option<Spanned<String>>,
    /// Fail on warnings too (as `--deny warnings`).
    pub deny_warnings: Option<bool>,
    /// Rule levels (`N002 = "allow"`, `unverifiable-link = "error"`) and `select`/`ignore`.
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    pub links: Links,
    #[serde(default)]
    pub files: Files,
    #[serde(default)]
    pub latex: Latex,
    #[serde(default)]
    pub provenance: ProvenanceConfig,
    /// Findings silenced by pattern.
    #[serde(default)]
    pub ignore: Vec<Ignore>,
}

/// `[links]`: the link checker's options (see `citelint check --help`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Links {
    pub offline: Option<bool>,
    pub timeout: Option<Seconds>,
    pub link_deadline: Option<Seconds>,
    pub max_retries: Option<u32>,
    pub retry_backoff: Option<Seconds>,
    pub max_concurrency: Option<usize>,
    pub host_concurrency: Option<usize>,
    pub host_interval: Option<Seconds>,
    pub user_agent: Option<String>,
    /// Status codes that count as working (`[200, 403]`).
    pub accept: Option<Vec<u16>>,
    /// URLs never checked: regular expressions matched against the URL.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    pub allow_private: Option<bool>,
    /// The link cache; `~/` is the home directory, a relative path is relative to this file.
    pub cache: Option<Spanned<PathBuf>>,
    pub cache_max_age: Option<Seconds>,
}

/// The longest duration accepted, in seconds (about 31 years): longer ones are surely mistakes,
/// and every deadline computed from them still fits in the clock.
pub const MAX_SECONDS: f64 = 1e9;

/// A duration given as a number of seconds: finite, not negative, at most [`MAX_SECONDS`]. The
/// one check of durations, for the command line and the file alike.
pub fn seconds(value: f64) -> Result<Duration, String> {
    if value.is_finite() && (0.0..=MAX_SECONDS).contains(&value) {
        Ok(Duration::from_secs_f64(value))
    } else {
        // `1e300` as written, not as its three hundred digits.
        let shown = if value.abs() >= 1e15 {
            format!("{value:e}")
        } else {
            value.to_string()
        };
        Err(format!(
            "expected a number of seconds from 0 to {MAX_SECONDS}, found `{shown}`"
        ))
    }
}

/// A duration in `[links]`, checked by [`seconds`] as it is read, so that an invalid one is an
/// error pointing at the value rather than a silent default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub Duration);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Seconds;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "a number of seconds from 0 to {MAX_SECONDS}")
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Seconds, E> {
                seconds(v).map(Seconds).map_err(E::custom)
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Seconds, E> {
                self.visit_f64(v as f64)
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Seconds, E> {
                self.visit_f64(v as f64)
            }
        }
        deserializer.deserialize_f64(Visitor)
    }
}

/// `[provenance]`: the registry and archive checks (see the README's Provenance section). The
/// network settings (timeout, retries, user agent, address policy) are `[links]`'s.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProvenanceConfig {
    /// All provenance checks at once (default true).
    pub enabled: Option<bool>,
    /// DOIs at the handle API (`unregistered-doi`).
    pub dois: Option<bool>,
    /// A registered DOI's record compared with the citation (`doi-metadata-mismatch`).
    pub doi_metadata: Option<bool>,
    /// Works without a DOI searched by title and author (`work-not-found`).
    pub works: Option<bool>,
    /// ISBNs at Open Library (`isbn-not-found`).
    pub isbns: Option<bool>,
    /// Archived copies of dead links.
    pub archives: Option<bool>,
    /// The first bytes of live pages read for their title (`content-drift`, `soft-404`).
    pub pages: Option<bool>,
    pub doi_api: Option<String>,
    pub crossref_api: Option<String>,
    pub datacite_api: Option<String>,
    pub openlibrary_api: Option<String>,
    pub wayback_cdx_api: Option<String>,
    pub wayback_url: Option<String>,
    /// An e-mail address sent to Crossref (its polite pool).
    pub mailto: Option<String>,
    /// Seconds an answer is reused.
    pub cache_max_age: Option<f64>,
    /// Requests in flight at once to one service.
    pub service_concurrency: Option<usize>,
}

/// `[files]`: which files a directory given on the command line contributes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Files {
    /// Globs a file must match (relative to the directory walked), when given.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs of files to skip.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// File extensions read when walking a directory (default `["txt"]`).
    pub extensions: Option<Vec<String>>,
}

/// `[latex]`: which files of a LaTeX project a directory walk starts from, and the
/// bibliography of a project that names none in its source.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Latex {
    /// The main files (relative to the directory walked), when the walk should not find them
    /// by their `\documentclass`.
    #[serde(default)]
    pub main: Vec<String>,
    /// `.bib` files (relative to the main file's directory) read for a main file that names
    /// none (its bibliography is added by a build script or a class).
    #[serde(default)]
    pub bibliography: Vec<String>,
}

/// `[[ignore]]`: silence one rule for findings whose text matches a pattern, optionally only in
/// files whose path matches a glob.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Ignore {
    /// A rule code or name.
    pub rule: Spanned<String>,
    /// A regular expression matched against the text the finding underlines (the URL, the
    /// note's citation) and its message.
    pub pattern: Spanned<String>,
    /// A glob the file's path must match.
    pub path: Option<String>,
    /// Why (for the reader of the file).
    pub reason: Option<String>,
}

/// A problem in the configuration file, pointing into it.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("invalid configuration in `{path}`: {message}")]
#[diagnostic(
    code(citelint::config),
    help(
        "see the configuration section of the README, or `citelint init` for a commented example"
    )
)]
pub struct ConfigError {
    pub path: String,
    pub message: String,
    /// The lines around the problem (a long line is clipped around it).
    #[source_code]
    pub source_code: Excerpt,
    #[label("here")]
    pub span: Option<SourceSpan>,
}

fn error(
    path: &Path,
    text: &str,
    message: impl Into<String>,
    span: Option<std::ops::Range<usize>>,
) -> Box<ConfigError> {
    let source = Source::new(path.display().to_string(), text);
    let spans: Vec<std::ops::Range<usize>> = span.into_iter().collect();
    let (excerpt, spans) = Excerpt::new(&source, &spans);
    Box::new(ConfigError {
        path: path.display().to_string(),
        message: message.into(),
        source_code: excerpt,
        span: spans
            .first()
            .map(|s| SourceSpan::new(s.start.into(), s.end - s.start)),
    })
}

/// How severe a rule's findings are, or `allow` to turn it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Allow,
    Severity(Severity),
}

impl Level {
    pub fn parse(value: &str) -> Option<Level> {
        Some(match value {
            "allow" | "off" => Level::Allow,
            "info" => Level::Severity(Severity::Info),
            "warning" | "warn" => Level::Severity(Severity::Warning),
            "error" | "deny" => Level::Severity(Severity::Error),
            _ => return None,
        })
    }
}

/// Which rules run and at what level, from the file and the command line.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// When set, only rules matching one of these run (codes, code prefixes such as `L` or
    /// `N00`, or names).
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub levels: BTreeMap<&'static str, Level>,
}

/// Does `pattern` (a code, a code prefix, or a name) name `rule`?
pub fn matches_rule(pattern: &str, rule: &RuleInfo) -> bool {
    let p = pattern.trim();
    p.eq_ignore_ascii_case(rule.name)
        || (!p.is_empty()
            && rule
                .code
                .to_ascii_uppercase()
                .starts_with(&p.to_ascii_uppercase()))
        || p.eq_ignore_ascii_case("all")
}

impl Selection {
    /// The level a rule's findings get: `None` when the rule is off.
    pub fn level(&self, rule: &RuleInfo) -> Option<Severity> {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|s| s.iter().any(|p| matches_rule(p, rule)));
        let ignored = self.ignore.iter().any(|p| matches_rule(p, rule));
        if !selected || ignored {
            return None;
        }
        match self.levels.get(rule.code) {
            Some(Level::Allow) => None,
            Some(Level::Severity(s)) => Some(*s),
            None => Some(rule.severity),
        }
    }
}

/// A loaded configuration: the parsed file and where it came from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub path: Option<PathBuf>,
    pub text: String,
    pub config: Config,
    pub selection: Selection,
    pub ignores: Vec<CompiledIgnore>,
    pub exclude: Vec<regex::Regex>,
}

/// An `[[ignore]]` entry ready to match.
#[derive(Debug)]
pub struct CompiledIgnore {
    pub rule: &'static RuleInfo,
    pub pattern: regex::Regex,
    pub path: Option<globset::GlobMatcher>,
    /// Its position in the file, for the report of an entry that silenced nothing.
    pub index: usize,
}

/// The configuration file that applies in `dir`: the first of [`FILE_NAMES`] found in it or
/// its ancestors.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

/// Read and check a configuration file.
pub fn load(path: &Path) -> Result<Loaded, Box<ConfigError>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| error(path, "", format!("cannot read it: {e}"), None))?;
    let config: Config =
        toml::from_str(&text).map_err(|e| error(path, &text, e.message().to_string(), e.span()))?;
    let fail =
        |message: String, span: std::ops::Range<usize>| error(path, &text, message, Some(span));
    if let Some(style) = &config.style
        && crate::cite::style::find(style.get_ref()).is_none()
    {
        let names: Vec<&str> = crate::cite::style::STYLES.iter().map(|s| s.name).collect();
        return Err(fail(
            format!(
                "unknown style `{}`; the styles are {}",
                style.get_ref(),
                names.join(", ")
            ),
            style.span(),
        ));
    }
    let mut selection = Selection::default();
    let patterns =
        |value: &Spanned<toml::Value>, key: &str| -> Result<Vec<String>, Box<ConfigError>> {
            let items = value.get_ref().as_array().ok_or_else(|| {
                fail(
                    format!("`{key}` must be a list of rule codes or names"),
                    value.span(),
                )
            })?;
            items
                .iter()
                .map(|v| {
                    let p = v.as_str().ok_or_else(|| {
                        fail(format!("`{key}` must be a list of strings"), value.span())
                    })?;
                    if RULES.iter().any(|r| matches_rule(p, r.info())) {
                        Ok(p.to_string())
                    } else {
                        Err(fail(format!("`{p}` names no rule"), value.span()))
                    }
                })
                .collect()
        };
    for (key, value) in &config.rules {
        match key.as_str() {
            "select" => selection.select = Some(patterns(value, key)?),
            "ignore" => selection.ignore = patterns(value, key)?,
            name => {
                let rule = rules::find(name).ok_or_else(|| {
                    fail(
                        format!(
                            "`{name}` is not a rule code or name (`citelint rules` lists them)"
                        ),
                        key_span(&text, name, value.span()),
                    )
                })?;
                let level = value
                    .get_ref()
                    .as_str()
                    .and_then(Level::parse)
                    .ok_or_else(|| {
                        fail(
                            format!("the level of `{name}` must be \"allow\", \"info\", \"warning\" or \"error\""),
                            value.span(),
                        )
                    })?;
                selection.levels.insert(rule.code, level);
            }
        }
    }
    let mut ignores = Vec::new();
    for (index, entry) in config.ignore.iter().enumerate() {
        let rule = rules::find(entry.rule.get_ref()).ok_or_else(|| {
            fail(
                format!("`{}` is not a rule code or name", entry.rule.get_ref()),
                entry.rule.span(),
            )
        })?;
        let pattern = regex::Regex::new(entry.pattern.get_ref())
            .map_err(|e| fail(format!("invalid pattern: {e}"), entry.pattern.span()))?;
        let path_glob = match &entry.path {
            Some(glob) => Some(
                globset::Glob::new(glob)
                    .map_err(|e| fail(format!("invalid path glob: {e}"), entry.rule.span()))?
                    .compile_matcher(),
            ),
            None => None,
        };
        ignores.push(CompiledIgnore {
            rule,
            pattern,
            path: path_glob,
            index,
        });
    }
    let mut config = config;
    if let Some(cache) = config.links.cache.take() {
        let span = cache.span();
        let resolved = crate::paths::from_config(cache.get_ref(), path)
            .map_err(|e| fail(format!("invalid cache path {e}"), span.clone()))?;
        config.links.cache = Some(Spanned::new(span, resolved));
    }
    let exclude = config
        .links
        .exclude
        .iter()
        .map(|p| {
            regex::Regex::new(p.get_ref())
                .map_err(|e| fail(format!("invalid URL exclusion pattern: {e}"), p.span()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Loaded {
        path: Some(path.to_path_buf()),
        text,
        config,
        selection,
        ignores,
        exclude,
    })
}

/// The span of `key` in the `[rules]` table: the last occurrence before its value.
fn key_span(text: &str, key: &str, value: std::ops::Range<usize>) -> std::ops::Range<usize> {
    text[..value.start]
        .rfind(key)
        .map_or(value.clone(), |at| at..at + key.len())
}

/// The commented default file `citelint init` writes.
pub const TEMPLATE: &str = r#"# citelint configuration. citelint finds this file by walking up from the current
# directory; command-line flags override it. Every key is optional.

# The note style citations are checked against:
# chicago-17 (default), chicago-18, turabian-9, mhra-4, oscola-4.
style = "chicago-17"

# Fail (exit 1) on warnings too, not only on errors.
deny-warnings = false

[rules]
# Run only these rules (codes, code prefixes such as "L", or names); all when absent.
# select = ["N", "U", "C", "L"]
# Never run these.
# ignore = ["C006"]
# Per-rule levels: "allow", "info", "warning" or "error".
# unreferenced-footnote = "allow"
# unverifiable-link = "error"

[links]
# offline = false          # never check links over the network
# timeout = 20             # seconds a request may take
# link-deadline = 90       # seconds one link may take in all; default timeout × (max-retries + 1) + 30
# max-retries = 2
# retry-backoff = 0.5      # seconds; doubled each retry
# max-concurrency = 32
# host-concurrency = 4
# host-interval = 0        # seconds between two requests to one host
# user-agent = "citelint"
# accept = [200, 204]      # status codes that count as working
# exclude = ['^https://intranet\.example\.org/']   # regular expressions; never checked
# allow-private = false    # let links reach private and loopback addresses
# cache = "~/.cache/citelint/links.json"   # `~/` is your home; relative paths are relative to this file
# cache-max-age = 86400    # seconds

[provenance]
# Online checks of the works cited (skipped with --offline); see the README for what is sent where.
# enabled = true           # all of them at once
# dois = true              # every DOI asked at the handle API (unregistered-doi)
# doi-metadata = true      # a DOI's Crossref/DataCite record compared with the citation
# works = true             # articles, chapters and books without DOI/ISBN searched (work-not-found)
# isbns = true             # ISBNs asked at Open Library (isbn-not-found)
# archives = true          # archived copies of dead links, dated against the access date
# pages = true             # first 64 KiB of live HTML pages read for their title (content-drift, soft-404)
# mailto = "you@example.org"   # sent to Crossref only, for its polite pool; recommended
# doi-api = "https://doi.org/api/handles/"
# crossref-api = "https://api.crossref.org"
# datacite-api = "https://api.datacite.org"
# openlibrary-api = "https://openlibrary.org"
# wayback-cdx-api = "https://web.archive.org/cdx/search/cdx"
# wayback-url = "https://web.archive.org/web/"
# cache-max-age = 2592000  # seconds an answer is reused (30 days)
# service-concurrency = 2  # requests in flight at once to one service

[files]
# What a directory on the command line contributes (.gitignore is respected).
# extensions = ["txt"]
# include = ["chapters/**"]
# exclude = ["drafts/**"]

[latex]
# A directory walk reads each main file (the .tex files with a \documentclass) with the
# files it includes; name them when that finds the wrong ones:
# main = ["thesis.tex"]
# bibliography = ["refs.bib"]   # for a main file that names none

# Silence one rule for findings whose text matches a pattern (a regular expression), optionally
# in one file. For PDF extracts, where no comment can be written:
# [[ignore]]
# rule = "unverifiable-link"
# pattern = 'jstor\.org'
# path = "thesis.txt"
# reason = "JSTOR refuses robots; checked by hand"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_checked() {
        assert_eq!(seconds(0.5), Ok(Duration::from_millis(500)));
        assert_eq!(seconds(0.0), Ok(Duration::ZERO));
        assert!(seconds(MAX_SECONDS).is_ok());
        for bad in [-1.0, -0.0001, f64::NAN, f64::INFINITY, MAX_SECONDS * 2.0] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
        assert_eq!(
            seconds(1e300).unwrap_err(),
            "expected a number of seconds from 0 to 1000000000, found `1e300`"
        );
    }

    #[test]
    fn the_template_parses() {
        let config: Config = toml::from_str(TEMPLATE).expect("template parses");
        assert_eq!(config.style.unwrap().into_inner(), "chicago-17");
    }

    #[test]
    fn selection_by_code_prefix_and_name() {
        let mut s = Selection {
            select: Some(vec!["N".into(), "dead-link".into()]),
            ..Selection::default()
        };
        let n001 = rules::find("N001").unwrap();
        let l001 = rules::find("L001").unwrap();
        let u001 = rules::find("U001").unwrap();
        assert_eq!(s.level(n001), Some(Severity::Error));
        assert_eq!(s.level(l001), Some(Severity::Error));
        assert_eq!(s.level(u001), None);
        s.levels.insert("N001", Level::Severity(Severity::Warning));
        assert_eq!(s.level(n001), Some(Severity::Warning));
        s.ignore.push("undefined-footnote".into());
        assert_eq!(s.level(n001), None);
    }
}
