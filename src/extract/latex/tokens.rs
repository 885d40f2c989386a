//! A LaTeX file as a flat list of tokens, from the tree-sitter LaTeX grammar.
//!
//! The grammar knows what is not prose (comments, `\iffalse … \fi`, `verbatim`, `lstlisting`,
//! `minted` and the other raw environments, inline and display math) and lexes `\url{…}`
//! verbatim, so that a `%` in a URL starts no comment. Its command nodes cannot know how many
//! arguments a command takes (LaTeX decides that at run time), so the tree is flattened into
//! commands, braces, brackets and words, and the reader takes each command's arguments itself
//! (`walk`). A file with unbalanced braces still gives its tokens: tree-sitter recovers, and
//! the missing brace it invents has no width, so it is dropped here.

use std::ops::Range;

use tree_sitter::{Node, Parser};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// A control sequence, backslash included (`\footnote`, `\\`, `\%`).
    Command,
    Open,
    Close,
    OpenBracket,
    CloseBracket,
    /// A word or punctuation of prose (or of an argument).
    Word,
    /// Not prose: a comment, a raw environment, math, inline code.
    Skip,
    /// The verbatim argument of `\url`, `\nolinkurl`, `\path`, `\doi` or `\href` (its
    /// first), without its braces: read as written, `%` and `#` included.
    Verbatim,
}

/// One token and its byte range in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    pub range: Range<usize>,
}

/// Node kinds whose content is not prose and is not read.
const OPAQUE: &[&str] = &[
    "line_comment",
    "block_comment",
    "comment_environment",
    "verbatim_environment",
    "listing_environment",
    "minted_environment",
    "asy_environment",
    "asydef_environment",
    "pycode_environment",
    "luacode_environment",
    "sagesilent_environment",
    "sageblock_environment",
    "inline_formula",
    "displayed_equation",
    "math_environment",
];

/// The tokens of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut parser = Parser::new();
    let mut out = Vec::new();
    if parser
        .set_language(&codebook_tree_sitter_latex::LANGUAGE.into())
        .is_err()
    {
        return out;
    }
    let Some(tree) = parser.parse(text, None) else {
        return out;
    };
    flatten(tree.root_node(), &mut out);
    mask(text, out)
}

/// How far a verbatim argument may reach: an unclosed `\url{` is not followed to the end of
/// the file (which would make a file of them quadratic to read); no URL is this long.
const MAX_VERBATIM_BYTES: usize = 4096;

/// Commands whose (first) argument is read verbatim and is a URL or DOI.
const URL_ARGS: &[&str] = &["\\url", "\\nolinkurl", "\\path", "\\doi", "\\href"];

/// Environments read verbatim that the grammar does not know.
const RAW_ENVIRONMENTS: &[&str] = &[
    "Verbatim",
    "Verbatim*",
    "BVerbatim",
    "LVerbatim",
    "verbatim*",
    "filecontents",
    "filecontents*",
    "lstlisting",
    "minted",
    "comment",
];

/// Replace what LaTeX reads verbatim but the grammar lexed as LaTeX: URL arguments (one
/// [`Tok::Verbatim`]), `\verb|…|`, `\lstinline`, `\mintinline` and raw environments (one
/// [`Tok::Skip`]). Tokens inside are dropped.
fn mask(text: &str, toks: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(toks.len());
    let mut until = 0;
    for t in toks {
        if t.range.start < until {
            continue;
        }
        let name = &text[t.range.clone()];
        let hidden = if t.kind != Tok::Command {
            None
        } else if URL_ARGS.contains(&name) {
            verbatim_arg(text, t.range.end, true).map(|(inner, end)| (Tok::Verbatim, inner, end))
        } else {
            inline_code(text, name, t.range.end)
                .or_else(|| raw_environment(text, name, t.range.end))
                .map(|(r, end)| (Tok::Skip, r, end))
        };
        out.push(t);
        if let Some((kind, range, end)) = hidden {
            out.push(Token { kind, range });
            until = end;
        }
    }
    out
}

/// The argument of `\verb`, `\lstinline` or `\mintinline` after the command ending at `at`.
fn inline_code(text: &str, name: &str, at: usize) -> Option<(Range<usize>, usize)> {
    match name {
        "\\verb" | "\\verb*" => verbatim_arg(text, at, false),
        "\\lstinline" => verbatim_arg(text, skip_optional(text, at), true),
        "\\mintinline" => {
            let (_, after_language) = verbatim_arg(text, skip_optional(text, at), true)?;
            verbatim_arg(text, after_language, true)
        }
        _ => None,
    }
    .map(|(inner, end)| (at..end.max(inner.end), end))
}

/// `\begin{Verbatim}` … `\end{Verbatim}` for the environments of [`RAW_ENVIRONMENTS`].
fn raw_environment(text: &str, name: &str, at: usize) -> Option<(Range<usize>, usize)> {
    if name != "\\begin" {
        return None;
    }
    let rest = text.get(at..)?;
    let close = rest.find('}')?;
    let env = rest.strip_prefix('{')?.get(..close - 1)?;
    if !RAW_ENVIRONMENTS.contains(&env) {
        return None;
    }
    let end_tag = format!("\\end{{{env}}}");
    let end = rest
        .find(&end_tag)
        .map_or(text.len(), |k| at + k + end_tag.len());
    Some((at..end, end))
}

/// The offset after an optional argument `[…]` starting at `at` (spaces before it allowed).
fn skip_optional(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    if !trimmed.starts_with('[') {
        return at;
    }
    let start = at + rest.len() - trimmed.len();
    text[start..].find(']').map_or(at, |k| start + k + 1)
}

/// A verbatim argument starting at `at`: `{…}` with balanced braces (spaces before it allowed
/// when `spaces`), or `|…|` with any delimiter on one line. Returns what is inside and where
/// the argument ends.
pub fn verbatim_arg(text: &str, at: usize, spaces: bool) -> Option<(Range<usize>, usize)> {
    let bytes = text.as_bytes();
    let mut k = at;
    if spaces {
        let mut newlines = 0;
        while k < bytes.len() && matches!(bytes[k], b' ' | b'\t' | b'\r' | b'\n') {
            newlines += usize::from(bytes[k] == b'\n');
            if newlines > 1 {
                return None;
            }
            k += 1;
        }
    }
    let first = *bytes.get(k)?;
    if first == b'{' {
        let mut depth = 0usize;
        let mut j = k;
        let end = bytes.len().min(k + MAX_VERBATIM_BYTES);
        while j < end {
            match bytes[j] {
                b'\\' => j += 1,
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some((k + 1..j, j + 1));
                    }
                }
                _ => {}
            }
            j += 1;
        }
        return None;
    }
    if first.is_ascii_alphanumeric() || first.is_ascii_whitespace() || !first.is_ascii() {
        return None;
    }
    let close = text[k + 1..].find([first as char, '\n'])?;
    if close > MAX_VERBATIM_BYTES {
        return None;
    }
    let end = k + 1 + close;
    (bytes[end] == first).then_some((k + 1..end, end + 1))
}

/// Push the tokens of `node` (iteratively: a deeply nested file must not exhaust the stack).
fn flatten(root: Node<'_>, out: &mut Vec<Token>) {
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        let range = node.byte_range();
        let opaque = OPAQUE.contains(&node.kind());
        if opaque || node.child_count() == 0 {
            if !range.is_empty() && !node.is_missing() {
                out.push(Token {
                    kind: if opaque { Tok::Skip } else { leaf(node) },
                    range,
                });
            }
        } else if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

fn leaf(node: Node<'_>) -> Tok {
    match node.kind() {
        "{" => Tok::Open,
        "}" => Tok::Close,
        "[" => Tok::OpenBracket,
        "]" => Tok::CloseBracket,
        "command_name" => Tok::Command,
        k if k.starts_with('\\') => Tok::Command,
        _ => Tok::Word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Tok, &str)> {
        tokens(text)
            .into_iter()
            .map(|t| (t.kind, &text[t.range]))
            .collect()
    }

    #[test]
    fn comments_math_and_verbatim_are_skipped_whole() {
        let k = kinds("a % \\footnote{x}\n$\\footnote{y}$ b");
        assert_eq!(
            k,
            [
                (Tok::Word, "a"),
                (Tok::Skip, "% \\footnote{x}"),
                (Tok::Skip, "$\\footnote{y}$"),
                (Tok::Word, "b")
            ]
        );
    }

    #[test]
    fn commands_braces_and_brackets() {
        let k = kinds("\\footnote[3]{A}");
        let kinds: Vec<Tok> = k.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            kinds,
            [
                Tok::Command,
                Tok::OpenBracket,
                Tok::Word,
                Tok::CloseBracket,
                Tok::Open,
                Tok::Word,
                Tok::Close
            ]
        );
    }

    #[test]
    fn unbalanced_input_gives_tokens() {
        let k = kinds("\\footnote{open\n\\section{x}");
        assert!(k.iter().any(|(_, s)| *s == "\\section"), "{k:?}");
    }
}
