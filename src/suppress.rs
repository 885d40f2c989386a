//! Silencing findings: inline directives in the manuscript and `[[ignore]]` entries in the
//! configuration, and which of them silenced nothing.
//!
//! An inline directive is a line of its own that silences the listed rules (codes or names) on
//! the next non-blank line:
//!
//! ```text
//! citelint: allow U001, N002
//! citelint-disable-next-line unverifiable-link
//! ```
//!
//! The directive may sit inside a comment of the manuscript's format, so that the same
//! mechanism serves every format: `<!-- citelint: allow U001 -->` (Markdown, HTML),
//! `% citelint: allow U001` (LaTeX), `# …` and `// …`. A PDF extract cannot carry comments: its
//! findings are silenced from the configuration instead.

use crate::model::RuleInfo;
use crate::model::{Source, Span};
use crate::rules;

/// One inline directive.
#[derive(Debug, Clone)]
pub struct Directive {
    /// The directive's text, for the report when it silences nothing.
    pub span: Span,
    /// The 1-based line it silences.
    pub target_line: usize,
    pub rules: Vec<&'static RuleInfo>,
    pub used: bool,
}

/// Strip a comment wrapper: `<!-- x -->`, `% x`, `# x`, `// x`.
fn uncomment(line: &str) -> &str {
    let t = line.trim();
    if let Some(inner) = t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")) {
        return inner.trim();
    }
    for prefix in ["%", "//", "#"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return rest.trim();
        }
    }
    t
}

/// The rule list of a directive line, if the line is one.
fn directive_rules(line: &str) -> Option<&str> {
    let t = uncomment(line);
    t.strip_prefix("citelint-disable-next-line")
        .or_else(|| {
            t.strip_prefix("citelint:")
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix("allow"))
        })
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map(str::trim)
}

/// Every directive in a source.
pub fn directives(source: &Source) -> Vec<Directive> {
    let mut out: Vec<Directive> = Vec::new();
    let text = source.text();
    if !text.contains("citelint") {
        return out;
    }
    let lines = source.line_count();
    for n in 1..=lines {
        let Some(span) = source.line_span(n) else {
            continue;
        };
        let line = &text[span.clone()];
        if !line.contains("citelint") {
            continue;
        }
        let Some(list) = directive_rules(line) else {
            continue;
        };
        let found: Vec<&'static RuleInfo> = list
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .filter_map(rules::find)
            .collect();
        let mut target = n + 1;
        while target <= lines
            && source
                .line_span(target)
                .is_some_and(|s| text[s].trim().is_empty())
        {
            target += 1;
        }
        let lead = line.len() - line.trim_start().len();
        out.push(Directive {
            span: source.span(span.start + lead..span.end),
            target_line: target,
            rules: found,
            used: false,
        });
    }
    out
}
