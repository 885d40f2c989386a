use super::provenance::{cited_title, redirects_home, says_not_found, with_archive};
use super::{Context, Needs, Rule, rule_info, with_chain};
use crate::model::Diagnostic;
use crate::model::online::{Outcome, status_text};

rule_info!(
    "L010",
    "soft-404",
    Warning,
    "a link that answers but leads to the home page or a page saying it is not found",
    "soft_404.rs"
);

/// ## What it does
/// Reports a link that works by its status but whose page is gone in fact:
/// - it redirects to its site's home page (`/`, an index file such as `/index.html`, or a
///   language's root such as `/en/`) when the cited address was not a home page itself;
/// - or, online with `[provenance] pages`, its page answers 2xx but its `<title>` or first
///   `<h1>` says `404`, `not found`, `page not found` or `no longer available` (read from the
///   first 64 KiB of the page, one request per link), unless the cited title says so too.
///
/// ## Why is this bad?
/// Many sites answer a missing page with a redirect to their home page, or with an error page
/// sent as `200 OK`. A link checker that trusts the status calls the link working; a reader
/// finds nothing of what was cited.
///
/// ## Example
/// ```text
/// CIA, "Reading Room," http://www.cia.gov/library (accessed 2 May 2012).
/// ```
/// where the address now redirects to `https://www.cia.gov/`.
///
/// ## How to fix
/// Find where the page moved and cite that, or cite an archived copy: the finding's `help:`
/// names the Wayback Machine's capture nearest before your access date, and the current address
/// of a document whose archive renamed itself. In HTML, the Robust Links form keeps both: `<a
/// href="URL" data-originalurl="URL" data-versionurl="ARCHIVED URL" data-versiondate="2019-03-02">`.
pub struct Soft404;

impl Rule for Soft404 {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::PAGES
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (link, report) in cx.link_reports() {
            let Outcome::Ok { status } = report.outcome else {
                continue;
            };
            let d = if redirects_home(report) {
                let host = url::Url::parse(&report.final_url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string))
                    .unwrap_or_default();
                with_chain(
                    Diagnostic::new(
                        &INFO,
                        link.span,
                        format!("the link redirects to the home page of `{host}`: the cited page is gone"),
                    )
                    .label("leads to the home page"),
                    report,
                )
            } else {
                let page = cx.provenance.and_then(|p| p.pages.get(&report.url));
                let cited = cited_title(cx.manuscript, link);
                let Some(says) = page.and_then(|p| says_not_found(p, cited.as_deref())) else {
                    continue;
                };
                Diagnostic::new(
                    &INFO,
                    link.span,
                    format!(
                        "the page answers `{}` but says `{says}`",
                        status_text(status)
                    ),
                )
                .label("a page saying it is not there")
            };
            let d = d.help("cite where the page moved, or an archived copy (for example in the Wayback Machine)");
            out.push(with_archive(d, cx, link, report));
        }
    }
}
