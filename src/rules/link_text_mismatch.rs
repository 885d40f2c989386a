use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "U004",
    "link-text-mismatch",
    Warning,
    "a link whose visible text is a URL other than the one it leads to",
    "link_text_mismatch.rs"
);

/// ## What it does
/// Reports a link that shows one address and leads to another: a PDF link annotation over the
/// printed URL `https://a.example.org/report` whose target is `https://b.example.org/old`, a
/// Markdown link `[https://a.example.org](https://b.example.org)`, a LaTeX
/// `\href{https://b.example.org}{https://a.example.org}`. Addresses are compared without their
/// scheme's case, a trailing `/` or a `www.`. A link whose text is not an address (`here`, a
/// title) is not reported: its target is checked like any other link.
///
/// ## Why is this bad?
/// The reader of the printed page types the address they see; the reader of the PDF clicks and
/// lands elsewhere. One of the two is wrong, usually the target of a link copied from an older
/// draft.
///
/// ## Example
/// ```text
/// [https://www.cia.gov/readingroom/docs/CIA-RDP79R01012A000700020001-1.pdf](https://www.cia.gov/library/readingroom/)
/// ```
///
/// ## How to fix
/// Make the link's target the address it shows, or show the address it leads to.
pub struct LinkTextMismatch;

impl Rule for LinkTextMismatch {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for link in &cx.manuscript.links {
            let Some(shown) = link.shown.as_deref().map(str::trim) else {
                continue;
            };
            if !looks_like_address(shown) || same_address(shown, &link.target) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &INFO,
                    link.span,
                    format!("the link shows `{shown}` but leads to `{}`", link.target),
                )
                .label("this link's target")
                .help(format!(
                    "make the link lead to `{shown}`, or show `{}`",
                    link.target
                )),
            );
        }
    }
}

/// Text that is meant as an address: a scheme, `www.`, or `doi:`.
fn looks_like_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    !text.contains(char::is_whitespace)
        && (lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
            || lower.starts_with("doi:"))
}

/// Two addresses are the same when they differ only in the scheme, a `www.`, case of the host
/// or a trailing `/`.
fn same_address(a: &str, b: &str) -> bool {
    fn key(url: &str) -> String {
        let lower = url.trim();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .unwrap_or(lower);
        let rest = rest.strip_prefix("www.").unwrap_or(rest);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        format!(
            "{}/{}",
            host.to_ascii_lowercase(),
            path.trim_end_matches('/')
        )
    }
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(same_address(
            "https://www.Example.org/a/",
            "http://example.org/a"
        ));
        assert!(!same_address(
            "https://example.org/a",
            "https://example.org/b"
        ));
        assert!(looks_like_address("www.example.org"));
        assert!(!looks_like_address("here"));
        assert!(!looks_like_address("see the report"));
    }
}
