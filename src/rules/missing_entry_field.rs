use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "B005",
    "missing-entry-field",
    Error,
    "a bibliography entry without a field its type requires",
    "missing_entry_field.rs"
);

/// ## What it does
/// Checks each bibliography entry against the fields its type requires in the biblatex data
/// model: an `@article` needs `author`, `title`, `journaltitle` (or BibTeX's `journal`) and
/// `date` (or `year`); an `@book` needs `author` (or, as BibTeX allows, `editor`), `title` and
/// `date`/`year`; an
/// `@incollection` also `booktitle`; … (the table is `REQUIRED` in this rule's source, as
/// data). Fields inherited through `crossref` count. What a note style wants beyond the data
/// model (Chicago's publisher and place for a book) is checked by the citation rules (`C002`,
/// `C003`), which read bibliography entries too.
///
/// ## Why is this bad?
/// biber warns and the style prints the entry without it: an article with no journal cannot
/// be found.
///
/// ## Example
/// ```text
/// @article{Kim2003, author = {Kim Dong-choon}, title = {The War against the Enemy Within}, year = {2003}}
/// ```
///
/// ## How to fix
/// Add the missing fields (`journal = {Journal of Korean Studies}`).
pub struct MissingEntryField;

impl Rule for MissingEntryField {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for e in &cx.manuscript.entries {
            let Some((_, required)) = REQUIRED.iter().find(|(t, _)| t.contains(&e.kind.as_str()))
            else {
                continue;
            };
            let missing: Vec<String> = required
                .iter()
                .filter(|alts| !alts.split('|').any(|f| e.non_empty(f).is_some()))
                .map(|alts| format!("`{}`", alts.replace('|', "`/`")))
                .collect();
            if missing.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &INFO,
                    e.key_span,
                    format!(
                        "`@{}` entry `{}` has no {}",
                        e.kind,
                        e.key,
                        missing.join(", ")
                    ),
                )
                .label(format!("required for `@{}`", e.kind))
                .help(format!("add {} to the entry", missing.join(", "))),
            );
        }
    }
}

/// The fields each entry type requires in the biblatex data model (its manual, section 2.1.1),
/// BibTeX's names for the same types included. `a|b` is satisfied by either field; fields
/// inherited through `crossref` count. A type not listed requires nothing.
pub const REQUIRED: &[(&[&str], &[&str])] = &[
    (
        &["article"],
        &["author", "title", "journaltitle|journal", "date|year"],
    ),
    (
        &["book", "mvbook"],
        &["author|editor", "title", "date|year"],
    ),
    (
        &["inbook", "bookinbook", "suppbook"],
        &["author", "title", "booktitle", "date|year"],
    ),
    (
        &["booklet", "manual", "misc", "dataset", "software"],
        &["author|editor", "title", "date|year"],
    ),
    (
        &[
            "collection",
            "mvcollection",
            "reference",
            "mvreference",
            "periodical",
        ],
        &["editor", "title", "date|year"],
    ),
    (
        &[
            "incollection",
            "suppcollection",
            "inreference",
            "inproceedings",
            "conference",
        ],
        &["author", "title", "booktitle", "date|year"],
    ),
    (&["proceedings", "mvproceedings"], &["title", "date|year"]),
    (
        &["online", "electronic", "www"],
        &["author|editor", "title", "date|year", "doi|eprint|url"],
    ),
    (&["patent"], &["author", "title", "number", "date|year"]),
    (
        &["report"],
        &["author", "title", "type", "institution", "date|year"],
    ),
    (
        &["techreport"],
        &["author", "title", "institution", "date|year"],
    ),
    (
        &["thesis"],
        &["author", "title", "type", "institution|school", "date|year"],
    ),
    (
        &["phdthesis", "mastersthesis"],
        &["author", "title", "institution|school", "date|year"],
    ),
    (&["unpublished"], &["author", "title", "date|year"]),
];
