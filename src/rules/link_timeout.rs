use super::{Context, Needs, Rule, rule_info, with_chain};
use crate::model::Diagnostic;
use crate::model::Outcome;

rule_info!(
    "L003",
    "link-timeout",
    Warning,
    "a link that gave no answer within the timeout",
    "link_timeout.rs"
);

/// ## What it does
/// Reports links that gave no answer within `--timeout` (default 20 s) on any attempt
/// (`--max-retries` retries, default 2), or whose requests were still unanswered when the
/// link's time ran out (`--link-deadline`).
///
/// ## Why is this bad?
/// The site may be down, overloaded, or dropping automated requests; a reader may not get
/// through either.
///
/// ## Example
/// ```text
/// http://slow.example.org/archive/1950/letter.pdf
/// ```
///
/// ## How to fix
/// Open the link in a browser. If it works but is slow, raise `--timeout`; if it does not, cite
/// an archived copy.
pub struct LinkTimeout;

impl Rule for LinkTimeout {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::LINKS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (link, report) in cx.link_reports() {
            if report.outcome == Outcome::Timeout {
                out.push(with_chain(
                    Diagnostic::new(
                        &INFO,
                        link.span,
                        format!("link timed out: no answer after {} request(s)", report.requests),
                    )
                    .label("no answer")
                    .help("open the link in a browser; if it is slow rather than gone, raise `--timeout`"),
                    report,
                ));
            }
        }
    }
}
