//! The rules: one file per rule, and the table of rule codes.
//!
//! Each rule file holds one unit struct whose doc comment is the rule's user documentation
//! (`citelint explain CODE` prints it), with the sections *What it does*, *Why is this bad?*,
//! *Example* and *How to fix*. Rules read the [`Manuscript`], the [`Source`] and, for the link
//! rules, the link checker's results; they never touch the network or the file system.

mod bibliography;
mod blocked_address;
mod citation_key_case;
mod citations;
mod content_drift;
mod damaged_file;
mod dangling_ibid;
mod dead_link;
mod doi_available;
mod doi_metadata_mismatch;
mod duplicate_bibliography_key;
mod duplicate_footnote;
mod footnote_sequence;
mod hand_edited_citation;
mod implausible_date;
mod incomplete_archival_citation;
mod internal_link_to_url;
mod invalid_isbn;
mod invalid_utf8;
mod isbn_not_found;
mod link_text_mismatch;
mod link_timeout;
mod malformed_bibliography_entry;
mod malformed_doi;
mod malformed_url;
mod missing_access_date;
mod missing_date;
mod missing_entry_field;
mod missing_include;
mod missing_page;
mod missing_publisher;
mod permanent_redirect;
pub mod provenance;
mod redirect_loop;
pub mod renamed_archives;
mod server_error;
mod short_form_before_full;
mod soft_404;
mod split_url;
mod undefined_citation_key;
mod undefined_footnote;
mod unmapped_font;
mod unreachable_host;
mod unread_footnotes;
mod unreferenced_footnote;
mod unregistered_doi;
mod unresolved_crossref;
mod unused_bibliography_entry;
mod unused_link_definition;
pub(crate) mod unused_suppression;
mod unverifiable_link;
mod work_index;
mod work_not_found;

use std::collections::HashMap;

use crate::cite::style::Style;
use crate::model::Citation;
use crate::model::LinkReport;
use crate::model::Provenance;
use crate::model::Source;
use crate::model::{Diagnostic, RuleInfo};
use crate::model::{Link, Manuscript, Note};

/// The read problems of `kinds` as findings of the rule `info`: their message and help as the
/// reader wrote them, the span labelled by `label` (which may tell the kinds apart). The rules
/// that report what a reader could not read are this and their documentation.
fn report_problems(
    cx: &Context<'_>,
    info: &'static crate::model::RuleInfo,
    kinds: &[crate::model::Problem],
    label: impl Fn(crate::model::Problem) -> &'static str,
    out: &mut Vec<Diagnostic>,
) {
    for p in cx
        .manuscript
        .problems
        .iter()
        .filter(|p| kinds.contains(&p.kind))
    {
        out.push(
            Diagnostic::new(info, p.span, p.message.clone())
                .label(label(p.kind))
                .help(p.help.clone()),
        );
    }
}

/// What a rule sees.
pub struct Context<'a> {
    pub source: &'a Source,
    pub manuscript: &'a Manuscript,
    /// The link checker's results by URL; `None` when links were not checked (`--offline`).
    pub links: Option<&'a HashMap<String, LinkReport>>,
    /// The note style citations are checked against.
    pub style: &'a Style,
    /// Today's date (year, month, day), for dates in the future.
    pub today: (u32, u32, u32),
    /// What the provenance checks found; `None` when they did not run.
    pub provenance: Option<&'a Provenance>,
    /// How closely a citation must agree with a registry's record.
    pub matching: provenance::Matching,
}

impl Context<'_> {
    /// Every citation of every note, in text order, with its note.
    pub fn citations(&self) -> impl Iterator<Item = (&Note, &Citation)> {
        self.manuscript
            .notes
            .iter()
            .flat_map(|n| n.citations.iter().map(move |c| (n, c)))
    }

    /// Every citation whose fields are checked, once each: the notes' citations, then the
    /// citation each bibliography entry makes (an entry is checked once, however often it is
    /// cited).
    pub fn field_citations(&self) -> impl Iterator<Item = &Citation> {
        self.citations()
            .map(|(_, c)| c)
            .chain(self.manuscript.entries.iter().map(|e| &e.citation))
    }

    /// Each link of the manuscript that was checked, with its result, in text order.
    pub fn link_reports(&self) -> impl Iterator<Item = (&Link, &LinkReport)> {
        let reports = self.links;
        self.manuscript.links.iter().filter_map(move |link| {
            let report = reports?.get(&link.checkable_url()?)?;
            Some((link, report))
        })
    }
}

/// Add a note naming the redirects a link went through, when it went through any.
pub(crate) fn with_chain(d: Diagnostic, report: &LinkReport) -> Diagnostic {
    if report.redirects.is_empty() {
        return d;
    }
    let hops: Vec<String> = report
        .redirects
        .iter()
        .map(|h| format!("`{}` ({})", h.url, h.status))
        .collect();
    d.note(format!(
        "redirected: {} -> `{}`",
        hops.join(" -> "),
        report.final_url
    ))
}

/// What a rule reads that costs work to produce: the pipeline parses citations, and asks the
/// network, only when a selected rule (or the report) needs them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// The notes' parsed citations.
    pub citations: bool,
    /// The link checker's results.
    pub links: bool,
    /// The provenance checks' results (registries, archives); they read the citations.
    pub provenance: bool,
    /// The first bytes of live pages, for their titles (a part of the provenance checks).
    pub pages: bool,
}

impl Needs {
    pub const CITATIONS: Needs = Needs {
        citations: true,
        links: false,
        provenance: false,
        pages: false,
    };
    pub const LINKS: Needs = Needs {
        citations: false,
        links: true,
        provenance: false,
        pages: false,
    };
    pub const PROVENANCE: Needs = Needs {
        citations: true,
        links: false,
        provenance: true,
        pages: false,
    };
    /// Live pages' titles, read after the links are checked.
    pub const PAGES: Needs = Needs {
        citations: true,
        links: true,
        provenance: true,
        pages: true,
    };

    /// What either needs.
    pub fn or(self, other: Needs) -> Needs {
        Needs {
            citations: self.citations || other.citations,
            links: self.links || other.links,
            provenance: self.provenance || other.provenance,
            pages: self.pages || other.pages,
        }
    }
}

/// A check over one manuscript.
pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    /// What the rule reads besides the manuscript's notes, references and links.
    fn needs(&self) -> Needs {
        Needs::default()
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Declares a rule's [`RuleInfo`] next to its struct; the doc comment is read from `$file`.
macro_rules! rule_info {
    ($code:literal, $name:literal, $severity:ident, $summary:literal, $file:literal) => {
        pub static INFO: $crate::model::RuleInfo = $crate::model::RuleInfo::new(
            $code,
            $name,
            $crate::model::Severity::$severity,
            $summary,
            include_str!($file),
        );
    };
}
pub(crate) use rule_info;

/// What the rules are checked against besides the manuscript.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub style: &'static Style,
    pub today: (u32, u32, u32),
    /// How closely a citation must agree with a registry's record.
    pub matching: provenance::Matching,
}

impl Default for Options {
    /// The default style and today's date (UTC).
    fn default() -> Self {
        Options {
            style: crate::cite::style::default_style(),
            today: crate::text::dates::today(),
            matching: provenance::Matching::default(),
        }
    }
}

/// Every rule, in code order. This table is append-only: a code, once published, keeps its
/// meaning forever; a retired rule keeps its row.
pub static RULES: &[&dyn Rule] = &[
    &undefined_footnote::UndefinedFootnote,
    &unreferenced_footnote::UnreferencedFootnote,
    &duplicate_footnote::DuplicateFootnote,
    &footnote_sequence::FootnoteSequence,
    &split_url::SplitUrl,
    &malformed_url::MalformedUrl,
    &invalid_utf8::InvalidUtf8,
    &dead_link::DeadLink,
    &unreachable_host::UnreachableHost,
    &link_timeout::LinkTimeout,
    &permanent_redirect::PermanentRedirect,
    &unverifiable_link::UnverifiableLink,
    &server_error::ServerError,
    &redirect_loop::RedirectLoop,
    &blocked_address::BlockedAddress,
    &missing_page::MissingPage,
    &missing_date::MissingDate,
    &missing_publisher::MissingPublisher,
    &missing_access_date::MissingAccessDate,
    &dangling_ibid::DanglingIbid,
    &short_form_before_full::ShortFormBeforeFull,
    &invalid_isbn::InvalidIsbn,
    &malformed_doi::MalformedDoi,
    &implausible_date::ImplausibleDate,
    &incomplete_archival_citation::IncompleteArchivalCitation,
    &unused_suppression::UnusedSuppression,
    &unused_link_definition::UnusedLinkDefinition,
    &unread_footnotes::UnreadFootnotes,
    &link_text_mismatch::LinkTextMismatch,
    &missing_include::MissingInclude,
    &hand_edited_citation::HandEditedCitation,
    &damaged_file::DamagedFile,
    &unmapped_font::UnmappedFont,
    &undefined_citation_key::UndefinedCitationKey,
    &unused_bibliography_entry::UnusedBibliographyEntry,
    &duplicate_bibliography_key::DuplicateBibliographyKey,
    &citation_key_case::CitationKeyCase,
    &missing_entry_field::MissingEntryField,
    &malformed_bibliography_entry::MalformedBibliographyEntry,
    &unresolved_crossref::UnresolvedCrossref,
    &internal_link_to_url::InternalLinkToUrl,
    &unregistered_doi::UnregisteredDoi,
    &doi_metadata_mismatch::DoiMetadataMismatch,
    &work_not_found::WorkNotFound,
    &isbn_not_found::IsbnNotFound,
    &content_drift::ContentDrift,
    &soft_404::Soft404,
    &doi_available::DoiAvailable,
];

/// The rule with this code or name (case-insensitive).
pub fn find(code_or_name: &str) -> Option<&'static RuleInfo> {
    RULES.iter().map(|r| r.info()).find(|info| {
        info.code.eq_ignore_ascii_case(code_or_name) || info.name.eq_ignore_ascii_case(code_or_name)
    })
}

/// Run every rule over one manuscript; findings sorted by position, then code. The link rules
/// fire only when `links` holds the link checker's results.
pub fn check(
    source: &Source,
    manuscript: &Manuscript,
    links: Option<&HashMap<String, LinkReport>>,
    options: &Options,
) -> Vec<Diagnostic> {
    check_online(source, manuscript, links, None, options)
}

/// [`check`], with the provenance checks' results when they ran.
pub fn check_online(
    source: &Source,
    manuscript: &Manuscript,
    links: Option<&HashMap<String, LinkReport>>,
    provenance: Option<&Provenance>,
    options: &Options,
) -> Vec<Diagnostic> {
    let cx = Context {
        source,
        manuscript,
        links,
        style: options.style,
        today: options.today,
        provenance,
        matching: options.matching,
    };
    let mut out = Vec::new();
    for rule in RULES {
        rule.check(&cx, &mut out);
    }
    sort(&mut out);
    out
}

/// Findings in report order: by file (in the order the files were read), position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.file, a.span.start, a.span.end, a.rule.code).cmp(&(
            b.span.file,
            b.span.start,
            b.span.end,
            b.rule.code,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_round_trip() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in RULES {
            let info = rule.info();
            assert!(codes.insert(info.code), "duplicate code {}", info.code);
            assert!(names.insert(info.name), "duplicate name {}", info.name);
            assert_eq!(find(info.code), Some(info));
            assert_eq!(find(info.name), Some(info));
            assert_eq!(find(&info.code.to_lowercase()), Some(info));
        }
    }

    #[test]
    fn codes_have_a_letter_and_three_digits_and_names_are_kebab_case() {
        for rule in RULES {
            let info = rule.info();
            let (letter, digits) = info.code.split_at(1);
            assert!(
                letter.chars().all(|c| c.is_ascii_uppercase()),
                "{}",
                info.code
            );
            assert!(
                digits.len() == 3 && digits.chars().all(|c| c.is_ascii_digit()),
                "{}",
                info.code
            );
            assert!(
                info.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                info.name
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in RULES {
            let info = rule.info();
            let doc = info.doc();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## How to fix",
            ] {
                assert!(doc.contains(section), "{} lacks `{section}`", info.code);
            }
            assert!(
                !info.summary.ends_with('.'),
                "{} summary ends with a period",
                info.code
            );
            assert!(
                info.summary.chars().next().is_some_and(char::is_lowercase),
                "{} summary is not lowercase",
                info.code
            );
        }
    }
}
