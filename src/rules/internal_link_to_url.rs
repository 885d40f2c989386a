use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "U005",
    "internal-link-to-url",
    Error,
    "a link to an anchor inside the document whose target is a URL",
    "internal_link_to_url.rs"
);

/// ## What it does
/// Reports a link to a place inside the document whose target is written as a web address:
/// `\hyperlink{https://example.org/map}{the map}`, `\hyperref[https://…]{…}`.
///
/// ## Why is this bad?
/// `\hyperlink` and `\hyperref[…]` name an anchor (`\hypertarget`, `\label`) of the PDF; no
/// anchor has that name, so the reader clicks and nothing happens, or lands on the first page.
///
/// ## Example
/// ```text
/// The map is linked as \hyperlink{https://example.org/x}{the map}.
/// ```
///
/// ## How to fix
/// Use `\href{https://example.org/x}{the map}` for a link to the web.
pub struct InternalLinkToUrl;

impl Rule for InternalLinkToUrl {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for l in &cx.manuscript.internal_links {
            let lower = l.target.trim().to_ascii_lowercase();
            if !(lower.contains("://") || lower.starts_with("www.") || lower.starts_with("doi:")) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &INFO,
                    l.span,
                    format!("internal link target `{}` is a URL", l.target.trim()),
                )
                .label("names an anchor of the document, not a web page")
                .help(format!(
                    "link to the web with `\\href{{{}}}{{…}}`",
                    l.target.trim()
                )),
            );
        }
    }
}
