//! Reporters: one file per output format, all fed the same [`Diagnostic`] data.
//!
//! A reporter writes to the writer it is given and never prints by itself. Findings arrive
//! sorted by file (in the order the paths were given) and then by position.

mod cite;
pub mod excerpt;
mod extract;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
mod short;

pub use cite::{cite_human, cite_json};
pub use extract::{extract_human, extract_json, extract_text};
pub use github::Github;
pub use gitlab::Gitlab;
pub use human::{Human, handler};
pub use json::Json;
pub use junit::Junit;
pub use sarif::Sarif;
pub use short::Short;

use std::io::{self, Write};

use crate::cite::style::Style;
use crate::model::LinkStats;
use crate::model::Manuscript;
use crate::model::ProvenanceStats;
use crate::model::{Diagnostic, Severity};
use crate::model::{Position, Source, Span};

/// One checked manuscript: its files, what was extracted, what was found.
#[derive(Debug)]
pub struct FileReport {
    /// The manuscript's files: the one named on the command line first, then the files it
    /// brings in (a LaTeX chapter, a bibliography). Every span of the report names one of them.
    pub sources: Vec<Source>,
    pub manuscript: Manuscript,
    pub diagnostics: Vec<Diagnostic>,
    /// The note style the citations were checked against.
    pub style: &'static Style,
}

impl FileReport {
    /// The file named on the command line.
    pub fn source(&self) -> &Source {
        &self.sources[0]
    }

    /// The file a span is in (the main file when the span names none of them).
    pub fn source_of(&self, span: Span) -> &Source {
        self.sources
            .iter()
            .find(|s| s.id() == span.file)
            .unwrap_or(&self.sources[0])
    }
}

/// Is this text citelint's rendition of a document that is not text (a DOCX's or an ODT's, whose
/// text has parts; a PDF's, whose text has pages)? A fix to a rendition cannot be written to the
/// file: `--fix` leaves such a file alone and the reports offer no machine-applicable fix for it
/// (the `help` still says what to change).
pub fn is_rendition(source: &Source) -> bool {
    source.part(0).is_some() || source.page(0).is_some()
}

/// Counts by severity over all files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(files: &[FileReport]) -> Self {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for d in files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// `2 errors, 1 warning in 1 file`, for people.
    pub fn line(&self) -> String {
        fn count(n: usize, what: &str) -> String {
            if n == 1 {
                format!("1 {what}")
            } else {
                format!("{n} {what}s")
            }
        }
        let mut parts = vec![count(self.errors, "error"), count(self.warnings, "warning")];
        if self.infos > 0 {
            parts.push(count(self.infos, "info"));
        }
        format!("{} in {}", parts.join(", "), count(self.files, "file"))
    }
}

/// How the human-facing reports look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appearance {
    pub color: bool,
    /// Leave out the closing summary.
    pub quiet: bool,
    /// Wrap width for the human report.
    pub width: usize,
}

impl Default for Appearance {
    fn default() -> Self {
        Appearance {
            color: false,
            quiet: false,
            width: 80,
        }
    }
}

/// What a report says about the run as a whole, besides the findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run<'a> {
    /// The link checker's counts, when links were checked.
    pub links: Option<&'a LinkStats>,
    /// The provenance checks' counts, when registries and archives were asked.
    pub provenance: Option<&'a ProvenanceStats>,
    /// What makes warnings fail the run, when something does: `--deny warnings` or
    /// `deny-warnings = true` in the configuration file.
    pub deny_warnings: Option<&'a str>,
}

/// An output format for findings.
pub trait Reporter {
    fn report(&self, files: &[FileReport], run: &Run<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// The closing lines for people: the link counts, then the findings by severity, and why
/// warnings fail the run when they do.
pub(crate) fn write_summary(
    files: &[FileReport],
    run: &Run<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    if let Some(links) = run.links {
        if let Some(hosts) = links.network_unavailable {
            let (warning, help) = network_unavailable(hosts);
            writeln!(out, "warning: {warning}\nhelp: {help}")?;
        }
        writeln!(out, "links: {}", links.line())?;
    }
    if let Some(p) = run.provenance.filter(|p| p.lookups > 0) {
        writeln!(out, "provenance: {}", p.line())?;
    }
    let summary = Summary::of(files);
    match run.deny_warnings {
        Some(why) if summary.warnings > 0 => writeln!(
            out,
            "summary: {} (warnings fail the run: {why})",
            summary.line()
        ),
        _ => writeln!(out, "summary: {}", summary.line()),
    }
}

/// What to tell the user when none of the `hosts` link host names resolved: a warning and its
/// help. The human and short reports put it before the summary; for the other formats (and
/// `--quiet`) the caller writes it to standard error.
pub fn network_unavailable(hosts: usize) -> (String, &'static str) {
    (
        format!("none of the {hosts} link hosts resolved: the network seems unavailable"),
        "`--offline` (or `offline = true` under `[links]`) runs the offline checks only",
    )
}

/// `warning[C001 missing-page]`: a finding's severity, code and rule name, as the human,
/// short and JUnit reports start it.
pub(crate) fn tag(d: &Diagnostic) -> String {
    format!("{}[{} {}]", d.severity, d.rule.code, d.rule.name)
}

/// A file name as the line-oriented reports print it: control characters (a newline in a
/// path would start a false line) escaped as in Rust strings (`\n`, `\u{1b}`).
pub(crate) fn shown_name(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.chars().any(char::is_control) {
        return name.into();
    }
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Start and end positions of a span; the end is exclusive (the position just after).
pub(crate) fn range(source: &Source, span: &Span) -> (Position, Position) {
    (source.position(span.start), source.position(span.end))
}
