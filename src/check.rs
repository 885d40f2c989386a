//! The `check` pipeline: read -> extract -> links -> rules -> levels and suppressions. It
//! returns the findings per file; the caller picks the reporter.

use std::collections::HashMap;
use std::io::Read;

use crate::error::Error;
use crate::extract::{Document, FileIds};
use crate::input::{self, Input};
use crate::model::LinkReport;

use crate::model::Span;
use crate::online::provenance::ProvenanceResults;
use crate::online::{self, LinkResults, Progress};
use crate::report::FileReport;
use crate::rules::{self, unused_suppression};
use crate::settings::Settings;
use crate::suppress;

/// What a check run found.
#[derive(Debug)]
pub struct Checked {
    pub files: Vec<FileReport>,
    pub links: Option<LinkResults>,
    /// What the registries and archives said, when they were asked.
    pub provenance: Option<ProvenanceResults>,
    /// For standard error: an unusable cache, an `[[ignore]]` entry that silenced nothing.
    pub warnings: Vec<String>,
}

/// Read every path (citations parsed when `citations` is set).
pub fn read_all(
    paths: &[Input],
    stdin: &mut dyn Read,
    citations: bool,
) -> Result<Vec<Document>, Error> {
    let mut ids = FileIds::default();
    paths
        .iter()
        .map(|path| {
            let bytes = input::read_bytes(path, stdin)?;
            let mut document = crate::extract::read(path, bytes, &mut ids)?;
            if citations {
                crate::cite::annotate(&mut document.manuscript);
                for source in &document.sources {
                    document.manuscript.snap_spans(source.id(), source.text());
                }
            }
            Ok(document)
        })
        .collect()
}

/// Check every path with `settings`, parsing the notes' citations when `citations` is set.
pub fn run(
    paths: &[Input],
    stdin: &mut dyn Read,
    settings: &Settings,
    citations: bool,
    progress: Option<Progress>,
) -> Result<Checked, Error> {
    let ignores = &settings.ignores[..];
    let read = read_all(paths, stdin, citations)?;
    let results = match &settings.links {
        Some(link_options) => {
            let urls: Vec<String> = read
                .iter()
                .flat_map(|d| d.manuscript.links.iter().filter_map(|l| l.checkable_url()))
                .filter(|u| !settings.exclude.iter().any(|r| r.is_match(u)))
                .collect();
            Some(online::check_blocking(&urls, link_options, progress).map_err(Error::Runtime)?)
        }
        None => None,
    };
    let reports: Option<&HashMap<String, LinkReport>> = results.as_ref().map(|r| &r.reports);
    let mut warnings = results
        .as_ref()
        .map(|r| r.warnings.clone())
        .unwrap_or_default();
    if citations {
        warnings.extend(long_citations(&read));
    }
    let provenance = provenance(&read, reports, settings)?;
    warnings.extend(provenance.iter().flat_map(|p| p.warnings.iter().cloned()));
    let found = provenance.as_ref().map(|p| &p.found);
    let mut ignore_used = vec![false; ignores.len()];
    let ignore_index = suppress::Ignores::new(ignores);
    let mut files = Vec::new();
    for Document {
        sources,
        manuscript,
    } in read
    {
        let source = &sources[0];
        let mut diagnostics =
            rules::check_online(source, &manuscript, reports, found, &settings.rules);
        diagnostics.retain_mut(|d| match settings.selection.level(d.rule) {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        });
        let mut directives = suppress::Directives::of(&sources);
        let source_of = |span: Span| {
            sources
                .iter()
                .find(|s| s.id() == span.file)
                .unwrap_or(source)
        };
        diagnostics.retain(|d| {
            let line = source_of(d.span).line_of(d.span.start);
            !directives.silences(d.span.file, line, d.rule)
        });
        diagnostics.retain(|d| {
            let source = source_of(d.span);
            let found = &source.text()[d.span];
            match ignore_index.first_silencing(d, source.name(), found) {
                Some(k) => {
                    ignore_used[k] = true;
                    false
                }
                None => true,
            }
        });
        if let Some(severity) = settings.selection.level(&unused_suppression::INFO) {
            for dir in directives.unused() {
                let mut d = unused_suppression::unused(dir.span);
                d.severity = severity;
                diagnostics.push(d);
            }
            // `rules::check` sorted the rest; the unused directives join them in order.
            rules::sort(&mut diagnostics);
        }
        files.push(FileReport {
            sources,
            manuscript,
            diagnostics,
            style: settings.rules.style,
        });
    }
    for (ignore, used) in ignores.iter().zip(ignore_used) {
        if !used {
            warnings.push(format!(
                "[[ignore]] entry {} (rule {}, pattern `{}`) silenced nothing; delete it",
                ignore.index + 1,
                ignore.rule.code,
                ignore.pattern.as_str()
            ));
        }
    }
    Ok(Checked {
        files,
        links: results,
        provenance,
        warnings,
    })
}

/// A warning for each file with citations longer than [`crate::cite::MAX_CITATION_BYTES`]:
/// only their beginning was read, which the findings alone would not say.
fn long_citations(documents: &[Document]) -> Vec<String> {
    let max = crate::cite::MAX_CITATION_BYTES;
    documents
        .iter()
        .filter_map(|d| {
            let long = (d.manuscript.notes.iter())
                .flat_map(|n| &n.citations)
                .filter(|c| c.span.range().len() > max)
                .count();
            (long > 0).then(|| {
                format!(
                    "`{}`: {long} citation(s) longer than {max} bytes were read on their first {max} bytes only (is a `;` missing between citations?)",
                    d.sources[0].name()
                )
            })
        })
        .collect()
}

/// Ask the registries and archives about the works cited, when the settings say so.
fn provenance(
    read: &[Document],
    links: Option<&HashMap<String, LinkReport>>,
    settings: &Settings,
) -> Result<Option<ProvenanceResults>, Error> {
    let Some(options) = &settings.provenance else {
        return Ok(None);
    };
    let manuscripts = || read.iter().map(|d| &d.manuscript);
    let asks = rules::provenance::asks(manuscripts(), links);
    let mut results = online::provenance::check_blocking(&asks, options).map_err(Error::Runtime)?;
    // Pages that drifted or say they are not there get archived copies, in a second round.
    let matching = &settings.rules.matching;
    let later = rules::provenance::after_pages(manuscripts(), links, &results.found, matching);
    if !later.is_empty() {
        let more = online::provenance::check_blocking(&later, options).map_err(Error::Runtime)?;
        results.extend(more);
    }
    Ok(Some(results))
}
