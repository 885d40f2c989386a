use super::{Context, Needs, Rule, rule_info, with_chain};
use crate::model::Diagnostic;
use crate::model::Outcome;

rule_info!(
    "L008",
    "blocked-address",
    Error,
    "a link that resolves to an address the policy forbids (loopback, private, link-local, ...)",
    "blocked_address.rs"
);

/// ## What it does
/// Reports links that resolve (directly, or on a redirect hop) to an address that a manuscript
/// must not make citelint reach: loopback, private, link-local (such as the cloud metadata
/// service `169.254.169.254`), shared, documentation and other non-public ranges. The address is
/// checked after DNS resolution, so a public-looking name that resolves to `127.0.0.1` is caught.
/// No request is sent.
///
/// ## Why is this bad?
/// citelint runs in CI on untrusted manuscripts: without this policy a link could make it probe
/// internal services. And no reader outside your network can follow such a link anyway.
///
/// ## Example
/// ```text
/// http://169.254.169.254/latest/meta-data/
/// ```
///
/// ## How to fix
/// Cite a public address. If the address is meant to be reached (an intranet thesis
/// repository), pass `--allow-private`.
pub struct BlockedAddress;

impl Rule for BlockedAddress {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::LINKS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (link, report) in cx.link_reports() {
            if let Outcome::Blocked { address, reason } = &report.outcome {
                out.push(with_chain(
                    Diagnostic::new(
                        &INFO,
                        link.span,
                        format!("link resolves to a blocked address `{address}` ({reason})"),
                    )
                    .label("not a public address")
                    .help("cite a public address, or pass `--allow-private` if this one is meant to be reached"),
                    report,
                ));
            }
        }
    }
}
