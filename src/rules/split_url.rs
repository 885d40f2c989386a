use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "U001",
    "split-url",
    Warning,
    "a URL broken by whitespace or a line wrap",
    "split_url.rs"
);

/// ## What it does
/// Finds URLs that a space or a line break cuts in two, where the continuation is unambiguous
/// (`http://www.digitalarchive. wilsoncenter.org`, or a path wrapped after `/` or `-`). The fix
/// joins the pieces.
///
/// ## Why is this bad?
/// A reader who copies the link, and every link checker that does not know how the PDF was
/// laid out, gets half a URL: `http://www.digitalarchive.` leads nowhere.
///
/// ## Example
/// ```text
/// Woodrow Wilson International Centre for Scholars
/// (http://www.digitalarchive. wilsoncenter.org) to be accessed via the internet.
/// ```
///
/// ## How to fix
/// Write the URL without the break (`http://www.digitalarchive.wilsoncenter.org`); in LaTeX use
/// `\url{}` so that a wrapped URL is still one link.
pub struct SplitUrl;

impl Rule for SplitUrl {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for link in cx.manuscript.links.iter().filter(|l| l.repaired) {
            let across_lines = link.text.contains('\n');
            let message = if across_lines {
                "URL is split across lines"
            } else {
                "URL is split by whitespace"
            };
            out.push(
                Diagnostic::new(&INFO, link.span, message)
                    .label("this URL has a break in it")
                    .help(format!("join the URL: `{}`", link.joined))
                    .fix(link.span, link.joined.clone()),
            );
        }
    }
}
