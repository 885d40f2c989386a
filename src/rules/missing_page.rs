#[allow(unused_imports)]
use super::citations::{article, doi_valid, isbn_valid, same_work};
use super::{Context, Needs, Rule, rule_info};
#[allow(unused_imports)]
use crate::cite;
use crate::model::Diagnostic;
#[allow(unused_imports)]
use crate::model::{Citation, Kind};

rule_info!(
    "C001",
    "missing-page",
    Warning,
    "a citation of a book, chapter or article with no page",
    "missing_page.rs"
);

/// ## What it does
/// Reports a full citation of a book, a chapter or an article (as the citation parser classifies
/// it) that gives no pinpoint: no page (`363`, `p.363`, `pp. 12-15`, `at 45`, `fol. 3r`). For
/// a citation a reference manager inserted (Zotero, Mendeley, EndNote in a DOCX or ODT), the
/// page is the locator in its data. A citation by key in a note
/// (`\footnote{\citet{Acheson1969}.}`, `\footcite{Acheson1969}`, pandoc's `^[@acheson1969]`)
/// of a bibliography entry of those kinds needs a locator (the postnote:
/// `\footcite[45]{Acheson1969}`, `[@acheson1969, p. 45]`).
///
/// ## Why is this bad?
/// Every note style asks a note to point at the page that supports the claim; without it the
/// examiner cannot check the source.
///
/// ## Example
/// ```text
/// 1 The Defense Ministry of South Korea, The Korean War, Seoul: Ministry of Defense, 1954.
/// ```
///
/// ## How to fix
/// Add the page you cite: `…, 1954, 12.`
pub struct MissingPage;

impl Rule for MissingPage {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::CITATIONS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (_, c) in cx.citations() {
            if matches!(c.kind, Kind::Book | Kind::Chapter | Kind::Article) && !c.has("pages") {
                let d = Diagnostic::new(
                    &INFO,
                    c.span,
                    format!("citation of {} has no page number", article(c.kind)),
                )
                .label("no pinpoint");
                // A reference manager's citation takes its page from its data (the locator).
                let managed = cx.manuscript.managed.iter().find(|m| {
                    m.span.file == c.span.file
                        && m.span.start <= c.span.start
                        && c.span.end <= m.span.end
                });
                out.push(match managed {
                    Some(m) => d
                        .help(format!(
                            "add the page as the citation's locator in {}, which rewrites the text",
                            m.manager.name()
                        ))
                        .note(format!(
                            "{}'s data for this citation has no locator",
                            m.manager.name()
                        )),
                    None => d.help("add the page that supports the claim, e.g. `…, 1954, 12.`"),
                });
            }
        }
        let keys = super::bibliography::Keys::new(&cx.manuscript.entries);
        for cite in cx.manuscript.cites.iter().filter(|c| c.in_note) {
            for item in cite.items.iter().filter(|i| i.locator.is_none()) {
                let Some(entry) = keys.find(&item.key) else {
                    continue;
                };
                let kind = entry.citation.kind;
                if !matches!(kind, Kind::Book | Kind::Chapter | Kind::Article) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &INFO,
                        item.key_span,
                        format!(
                            "citation of {} (`{}`) has no page number",
                            article(kind),
                            entry.key
                        ),
                    )
                    .label("no pinpoint")
                    .help(format!(
                        "give the page as the citation's locator: `\\cite[45]{{{0}}}`, `[@{0}, p. 45]`",
                        entry.key
                    )),
                );
            }
        }
    }
}
