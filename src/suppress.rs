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

use std::collections::HashMap;

use crate::config::CompiledIgnore;
use crate::model::{Diagnostic, FileId, RuleInfo};
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

/// The directives of a manuscript's files by the line they silence: a finding looks up its own
/// line instead of trying every directive (findings x directives was quadratic).
#[derive(Debug)]
pub struct Directives {
    list: Vec<Directive>,
    by_line: HashMap<(FileId, usize), Vec<usize>>,
}

impl Directives {
    /// Every directive of `sources`, in their order.
    pub fn of(sources: &[Source]) -> Self {
        let list: Vec<Directive> = sources.iter().flat_map(directives).collect();
        let mut by_line: HashMap<(FileId, usize), Vec<usize>> = HashMap::new();
        for (k, d) in list.iter().enumerate() {
            by_line
                .entry((d.span.file, d.target_line))
                .or_default()
                .push(k);
        }
        Directives { list, by_line }
    }

    /// Does a directive silence `rule` on 1-based `line` of `file`? The first (in text order)
    /// that lists the rule is marked used.
    pub fn silences(&mut self, file: FileId, line: usize, rule: &RuleInfo) -> bool {
        let Some(on_line) = self.by_line.get(&(file, line)) else {
            return false;
        };
        for &k in on_line {
            let d = &mut self.list[k];
            if d.rules.iter().any(|r| std::ptr::eq(*r, rule)) {
                d.used = true;
                return true;
            }
        }
        false
    }

    /// The directives that silenced nothing, in text order.
    pub fn unused(&self) -> impl Iterator<Item = &Directive> {
        self.list.iter().filter(|d| !d.used)
    }
}

/// The `[[ignore]]` entries grouped by rule, so that a finding is tried against the entries of
/// its own rule only, and against those all at once (a [`regex::RegexSet`] per rule): 10,000
/// entries against 20,000 findings took 31.5 s when every finding tried every entry.
#[derive(Debug)]
pub struct Ignores<'a> {
    by_rule: HashMap<&'static str, RuleIgnores<'a>>,
}

#[derive(Debug)]
struct RuleIgnores<'a> {
    /// The entries of one rule with their positions in the configuration's list, in order.
    entries: Vec<(usize, &'a CompiledIgnore)>,
    /// Their patterns as one set; `None` if the set could not be built (too large): the
    /// entries are then tried one by one.
    set: Option<regex::RegexSet>,
}

impl<'a> Ignores<'a> {
    pub fn new(ignores: &'a [CompiledIgnore]) -> Self {
        let mut by_rule: HashMap<&'static str, Vec<(usize, &'a CompiledIgnore)>> = HashMap::new();
        for (k, ignore) in ignores.iter().enumerate() {
            by_rule
                .entry(ignore.rule.code)
                .or_default()
                .push((k, ignore));
        }
        let by_rule = by_rule
            .into_iter()
            .map(|(code, entries)| {
                let patterns = entries.iter().map(|(_, i)| i.pattern.as_str());
                let set = regex::RegexSet::new(patterns).ok();
                (code, RuleIgnores { entries, set })
            })
            .collect();
        Ignores { by_rule }
    }

    /// The position (in the configuration's list) of the first entry that silences `d`, found
    /// in the file named `file_name` as `found`: the entry names the finding's rule, its path
    /// glob (if any) matches the file, and its pattern matches `found` or the message.
    pub fn first_silencing(&self, d: &Diagnostic, file_name: &str, found: &str) -> Option<usize> {
        let rule = self.by_rule.get(d.rule.code)?;
        let applies = |ignore: &CompiledIgnore| {
            ignore
                .path
                .as_ref()
                .is_none_or(|glob| glob.is_match(file_name))
        };
        match &rule.set {
            Some(set) => {
                let mut matched: Vec<usize> = set.matches(found).into_iter().collect();
                matched.extend(set.matches(&d.message));
                matched.sort_unstable();
                matched
                    .into_iter()
                    .map(|m| rule.entries[m])
                    .find(|(_, ignore)| applies(ignore))
                    .map(|(k, _)| k)
            }
            None => rule
                .entries
                .iter()
                .find(|(_, ignore)| {
                    applies(ignore)
                        && (ignore.pattern.is_match(found) || ignore.pattern.is_match(&d.message))
                })
                .map(|&(k, _)| k),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ignore(index: usize, rule: &str, pattern: &str, path: Option<&str>) -> CompiledIgnore {
        CompiledIgnore {
            rule: rules::find(rule).expect("a rule"),
            pattern: regex::Regex::new(pattern).expect("a pattern"),
            path: path.map(|p| globset::Glob::new(p).expect("a glob").compile_matcher()),
            index,
        }
    }

    /// The first entry that silences `d`, as trying every entry in order finds it.
    fn scan(ignores: &[CompiledIgnore], d: &Diagnostic, name: &str, found: &str) -> Option<usize> {
        ignores.iter().position(|i| {
            std::ptr::eq(i.rule, d.rule)
                && i.path.as_ref().is_none_or(|g| g.is_match(name))
                && (i.pattern.is_match(found) || i.pattern.is_match(&d.message))
        })
    }

    #[test]
    fn the_ignore_index_finds_the_first_entry_the_scan_finds() {
        let mut rng = fastrand::Rng::with_seed(9);
        let codes = ["U001", "N001", "C001", "L001"];
        let words = ["alpha", "beta", "gamma", "delta", "epsilon"];
        let paths = [None, Some("*.md"), Some("ch*.txt")];
        let ignores: Vec<CompiledIgnore> = (0..300)
            .map(|k| {
                let pattern = match rng.u8(..3) {
                    0 => words[rng.usize(..words.len())].to_string(),
                    1 => format!("^{}", words[rng.usize(..words.len())]),
                    _ => format!("{}.*{}", words[rng.usize(..5)], words[rng.usize(..5)]),
                };
                let code = codes[rng.usize(..codes.len())];
                ignore(k, code, &pattern, paths[rng.usize(..paths.len())])
            })
            .collect();
        let index = Ignores::new(&ignores);
        let mut silenced = 0;
        for _ in 0..2_000 {
            let rule = rules::find(codes[rng.usize(..codes.len())]).expect("a rule");
            let message = format!("{} {}", words[rng.usize(..5)], words[rng.usize(..5)]);
            let found = words[rng.usize(..5)];
            let name = ["ch1.txt", "notes.md", "x.txt"][rng.usize(..3)];
            let d = Diagnostic::new(rule, Span::default(), message);
            let expected = scan(&ignores, &d, name, found);
            assert_eq!(index.first_silencing(&d, name, found), expected);
            silenced += usize::from(expected.is_some());
        }
        assert!(silenced > 100 && silenced < 2_000);
    }

    #[test]
    fn a_directive_silences_its_line_in_its_file() {
        let a = Source::new(
            "a",
            "citelint: allow U001 N001\nline\n\n% citelint: allow C001\n\nx\n",
        )
        .with_id(FileId(0));
        let b = Source::new("b", "citelint: allow U001\nline\n").with_id(FileId(1));
        let mut d = Directives::of(&[a, b]);
        let u001 = rules::find("U001").expect("U001");
        let c001 = rules::find("C001").expect("C001");
        assert!(!d.silences(FileId(0), 1, u001));
        assert!(d.silences(FileId(0), 2, u001));
        assert!(!d.silences(FileId(0), 2, c001));
        assert!(d.silences(FileId(0), 6, c001));
        assert!(!d.silences(FileId(1), 6, c001));
        let unused: Vec<usize> = d.unused().map(|d| d.target_line).collect();
        assert_eq!(unused, [2]);
        assert!(d.silences(FileId(1), 2, u001));
        assert_eq!(d.unused().count(), 0);
    }
}
