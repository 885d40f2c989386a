//! The one type every finding is: rules produce [`Diagnostic`]s, reporters render them.
//!
//! A diagnostic holds spans only; lines and columns are computed by the reporters from the
//! [`Source`](super::Source), so that rules never deal with presentation.

use serde::Serialize;

use super::provenance::ArchivedCopy;
use super::span::Span;

/// A rule's identity: its stable code, its name, its default severity, its documentation.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable, never reused: `N001`.
    pub code: &'static str,
    /// kebab-case, named after the problem: `undefined-footnote`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line for `citelint rules`.
    pub summary: &'static str,
    /// The rule's source file, whose doc comment is the documentation.
    source: &'static str,
}

impl RuleInfo {
    /// The rule's documentation: the doc comment of its struct, as Markdown.
    pub fn doc(&self) -> String {
        doc_comment(self.source)
    }

    /// A rule's identity; `source` is the text of the file whose first doc comment documents it.
    pub const fn new(
        code: &'static str,
        name: &'static str,
        severity: Severity,
        summary: &'static str,
        source: &'static str,
    ) -> Self {
        RuleInfo {
            code,
            name,
            severity,
            summary,
            source,
        }
    }
}

/// The first block of `///` lines in a Rust source file, without the slashes.
fn doc_comment(source: &str) -> String {
    let mut lines = Vec::new();
    for line in source.lines() {
        let trimmed = line.trim_start();
        if let Some(doc) = trimmed.strip_prefix("///") {
            lines.push(doc.strip_prefix(' ').unwrap_or(doc));
        } else if !lines.is_empty() {
            break;
        }
    }
    let mut doc = lines.join("\n");
    doc.push('\n');
    doc
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A secondary span with its own message (`first defined here`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A machine-applicable edit: replace `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

/// One finding of one rule in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static RuleInfo,
    pub severity: Severity,
    /// rustc style: lowercase, no trailing period, identifiers in backticks.
    pub message: String,
    /// The smallest span that shows the problem.
    pub span: Span,
    /// What to print under the primary span.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    /// What to change.
    pub help: Option<String>,
    /// Context.
    pub note: Option<String>,
    pub fix: Option<Fix>,
    /// An archived copy of a dead link's page, chosen against the citation's access date.
    pub archive: Option<ArchivedCopy>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at its default severity.
    pub fn new(rule: &'static RuleInfo, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            help: None,
            note: None,
            fix: None,
            archive: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn archive(mut self, archive: ArchivedCopy) -> Self {
        self.archive = Some(archive);
        self
    }

    pub fn fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }
}
