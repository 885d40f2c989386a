use super::{Context, Needs, Rule, rule_info, with_chain};
use crate::model::Diagnostic;
use crate::model::online::{Outcome, status_text};

rule_info!(
    "L006",
    "server-error",
    Warning,
    "a link whose server fails (5xx after retries, an answer that cannot be read)",
    "server_error.rs"
);

/// ## What it does
/// Reports links whose server answered with a 5xx status on every attempt (retried with
/// backoff, honouring `Retry-After`), or with an answer that cannot be read: response headers
/// too large to accept, or something that is not HTTP at all.
///
/// ## Why is this bad?
/// The page cannot be read now. It may be a passing outage, or a site that is being shut down.
///
/// ## Example
/// ```text
/// https://archive.example.org/search?q=NSC-68
/// ```
/// answering `500 Internal Server Error`.
///
/// ## How to fix
/// Try again later; if the error persists, cite an archived copy.
pub struct ServerError;

impl Rule for ServerError {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::LINKS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (link, report) in cx.link_reports() {
            let d = match &report.outcome {
                Outcome::ServerError { status } => Diagnostic::new(
                    &INFO,
                    link.span,
                    format!(
                        "server error: `{}` after {} request(s)",
                        status_text(*status),
                        report.requests
                    ),
                ),
                Outcome::BadResponse { reason, detail } => Diagnostic::new(
                    &INFO,
                    link.span,
                    format!("server error: {}", reason.describe()),
                )
                .note(detail.clone()),
                _ => continue,
            };
            out.push(with_chain(
                d.label("the server fails")
                    .help("try again later; if the error persists, cite an archived copy"),
                report,
            ));
        }
    }
}
