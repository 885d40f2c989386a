use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;
use crate::model::manuscript::host_problem;

rule_info!(
    "U002",
    "malformed-url",
    Error,
    "a URL that does not parse or cannot name a public host",
    "malformed_url.rs"
);

/// ## What it does
/// Parses every URL with the WHATWG URL rules and reports those that fail, and those whose host
/// cannot be a public host: a name with no dot (`http://www/`, `http://localhost/`) or whose last
/// label is not a top-level domain (`http://example.a1/`). IP addresses are left to the link
/// checker's address policy.
///
/// ## Why is this bad?
/// No reader can follow such a link. In a PDF extraction it is usually a link annotation that
/// was cut short (`http://www/`).
///
/// ## Example
/// ```text
/// http://www/
/// ```
///
/// ## How to fix
/// Write the whole URL (`http://www.example.org/page`), or remove it.
pub struct MalformedUrl;

impl Rule for MalformedUrl {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for link in &cx.manuscript.links {
            let problem = match &link.parsed {
                Err(e) => Some((
                    format!("URL does not parse: {e}"),
                    "not a valid URL".to_string(),
                )),
                Ok(url) => {
                    host_problem(url).map(|p| (p, "this host cannot be reached".to_string()))
                }
            };
            if let Some((message, label)) = problem {
                out.push(
                    Diagnostic::new(&INFO, link.span, message)
                        .label(label)
                        .help("write the complete URL, with a full host name such as `www.example.org`, or remove it"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::manuscript::host_problem;

    fn problem(u: &str) -> Option<String> {
        host_problem(&url::Url::parse(u).unwrap())
    }

    #[test]
    fn hosts() {
        assert!(problem("http://www/").is_some());
        assert!(problem("http://localhost:8080/").is_some());
        assert!(problem("http://example.c/").is_some());
        assert!(problem("http://example.a1/").is_some());
        assert!(problem("http://www.cia.gov/library").is_none());
        assert!(problem("http://127.0.0.1/").is_none());
        assert!(problem("https://xn--bcher-kva.example/").is_none());
        assert!(problem("https://example.xn--p1ai/").is_none());
    }
}
