use super::{Context, Needs, Rule, rule_info, with_chain};
use crate::model::Diagnostic;
use crate::model::Outcome;

rule_info!(
    "L004",
    "permanent-redirect",
    Warning,
    "a link that moved for good (301, 308, or http to https)",
    "permanent_redirect.rs"
);

/// ## What it does
/// Reports working links that reach their page through a permanent redirect (301 or 308), or an
/// `http` URL that redirects to its `https` twin. The fix replaces the URL with where it moved
/// (the target of the leading permanent redirects). Temporary redirects (302, 303, 307) are fine.
///
/// ## Why is this bad?
/// The old address works today only because the site keeps a forwarding entry; citing the
/// current address is more durable, and examiners prefer it.
///
/// ## Example
/// ```text
/// http://www.cia.gov/library
/// ```
/// which redirects permanently to `https://www.cia.gov/readingroom/`.
///
/// ## How to fix
/// Cite the address the link moved to (the machine-applicable fix does it).
pub struct PermanentRedirect;

impl Rule for PermanentRedirect {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::LINKS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (link, report) in cx.link_reports() {
            if let (Outcome::Ok { .. }, Some(target)) = (&report.outcome, &report.moved_to) {
                out.push(
                    with_chain(
                        Diagnostic::new(
                            &INFO,
                            link.span,
                            format!("link moved permanently to `{target}`"),
                        )
                        .label("permanently redirected")
                        .help(format!("cite the new address: `{target}`")),
                        report,
                    )
                    .fix(link.span, target.clone()),
                );
            }
        }
    }
}
