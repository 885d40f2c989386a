use super::provenance::{cited_title, drifted, redirects_home, says_not_found, with_archive};
use super::{Context, Needs, Rule, rule_info};
use crate::model::Diagnostic;
use crate::model::online::Outcome;

rule_info!(
    "L009",
    "content-drift",
    Warning,
    "a live link whose page's title shares almost nothing with the cited title",
    "content_drift.rs"
);

/// ## What it does
/// For every link that works (online, `[provenance] pages`), reads the first 64 KiB of its page
/// when it is HTML (never the whole page, one request per link) and takes the titles the page
/// gives: `<meta name="citation_title">`, `<meta property="og:title">`, `<title>` and the first
/// `<h1>`. When every one of them shares almost nothing with the title of the citation the link
/// stands in, the link is reported with both titles.
///
/// Titles are compared by their words: case, punctuation and Latin diacritics ignored, words of
/// three letters or more (or numbers), common short words and the site's own name left out, a
/// plural `s` dropped. A page title has drifted when less than a quarter of the shorter title's
/// words are in the other. A cited title of one word, a page whose only title is its site's
/// name, a page that is not HTML, and a link with no cited title are not judged. A page that
/// says it is not there is `soft-404` instead.
///
/// ## Why is this bad?
/// The address still answers, but with another page: a site redesign, a reused address, a
/// domain that changed hands. A reader following the citation finds something other than what
/// was cited, and a link checker that only asks whether the address answers says all is well.
///
/// ## Example
/// ```text
/// World Bank, "Korea Report," https://www.example.org/reports/korea (accessed 19 March 2019).
/// ```
/// where the page is now titled `Learning Poverty Brief | World Bank`.
///
/// ## How to fix
/// Find the cited page where it moved and cite that, or cite an archived copy from around your
/// access date (the finding's `help:` names the Wayback Machine's capture nearest before it). In
/// HTML, the Robust Links form keeps both: `<a href="URL" data-originalurl="URL"
/// data-versionurl="ARCHIVED URL" data-versiondate="2019-03-02">`. If the page is right and only
/// its title changed, silence the finding with an inline directive.
pub struct ContentDrift;

impl Rule for ContentDrift {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::PAGES
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(found) = cx.provenance else {
            return;
        };
        for (link, report) in cx.link_reports() {
            if !matches!(report.outcome, Outcome::Ok { .. }) || redirects_home(report) {
                continue;
            }
            let Some(page) = found.pages.get(&report.url) else {
                continue;
            };
            let Some(cited) = cited_title(cx.manuscript, link) else {
                continue;
            };
            if says_not_found(page, Some(&cited)).is_some() {
                continue;
            }
            let Some(shown) = drifted(&cited, page, &report.final_url, &cx.matching) else {
                continue;
            };
            let d = Diagnostic::new(
                &INFO,
                link.span,
                "the page's title shares almost nothing with the cited title",
            )
            .label("this page now shows something else")
            .note(format!("cited: `{cited}`; page: `{shown}`"))
            .help("check that the page still shows what you cited; if not, cite an archived copy from around your access date");
            out.push(with_archive(d, cx, link, report));
        }
    }
}
