use super::{Context, Needs, Rule, rule_info, with_chain};
use crate::model::Diagnostic;
use crate::model::online::{Outcome, status_text};

rule_info!(
    "L005",
    "unverifiable-link",
    Warning,
    "a site that refused an automated check (401, 403, 429, 999, bot walls)",
    "unverifiable_link.rs"
);

/// ## What it does
/// Reports links whose site answered but refused an automated check: 401, 403, 429 after
/// retries, LinkedIn's 999, and bot challenges (`cf-mitigated: challenge`); and links whose site
/// asked (with `Retry-After`) to be asked again later than citelint waits for one link. The
/// link may well work in a browser: this is not a dead link.
///
/// ## Why is this bad?
/// citelint cannot tell whether the page is there; someone has to look.
///
/// ## Example
/// ```text
/// https://www.jstor.org/stable/123456
/// ```
/// answering `403 Forbidden` to robots.
///
/// ## How to fix
/// Open the link in a browser. If it works, leave it (or silence the finding for that URL); if
/// it does not, treat it as a dead link.
pub struct UnverifiableLink;

impl Rule for UnverifiableLink {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::LINKS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (link, report) in cx.link_reports() {
            let Outcome::Unverifiable {
                status,
                retry_after,
            } = report.outcome
            else {
                continue;
            };
            let d = match retry_after {
                None => Diagnostic::new(
                    &INFO,
                    link.span,
                    format!(
                        "link could not be verified: the site refused an automated check (`{}`)",
                        status_text(status)
                    ),
                )
                .label("refused a robot")
                .help("open the link in a browser to confirm that it works"),
                Some(secs) => Diagnostic::new(
                    &INFO,
                    link.span,
                    format!(
                        "link could not be verified: the site answered `{}`{} and asked to be asked again in {secs} s (`Retry-After`), longer than citelint waits for one link",
                        status_text(status),
                        // A host that asked to wait is not asked again meanwhile.
                        if report.requests == 0 { " to another link" } else { "" },
                    ),
                )
                .label("asked to wait")
                .help("open the link in a browser, or raise `--link-deadline` to wait for it"),
            };
            out.push(with_chain(d, report));
        }
    }
}
