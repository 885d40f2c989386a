//! Finds URLs in running text, trims what is not part of them, and joins the ones a PDF split.
//!
//! Recognised forms: `http://`, `https://`, `ftp://`, bare `www.` hosts, and DOIs written as
//! `doi:10.…` (made `https://doi.org/10.…`) or `https://doi.org/10.…`.
//!
//! What is not part of a URL: trailing sentence punctuation (`.,;:!?` and closing quotes), and a
//! closing bracket that has no opening partner inside the URL, so that
//! `(http://www.cia.gov/library).` gives `http://www.cia.gov/library`.
//!
//! Joining a split URL happens only when the continuation is unambiguous:
//! - a space (or a line break) after a host that ends in `.`, followed by a lowercase domain
//!   continuation such as `wilsoncenter.org` (`http://www.digitalarchive. wilsoncenter.org`);
//! - a line that ends inside a URL right after `/`, `-`, `_`, `=`, `&`, `?`, `#` or `%`, followed
//!   by a line whose first word is made of URL characters and looks like a path (it holds one of
//!   `/-_.=&?#%` or a digit; after `-` a plain lowercase word is enough, since LaTeX breaks long
//!   URLs after hyphens and URLs rarely end with one);
//! - a line that ends a URL, followed by a line that starts with `/` and URL characters.
//!
//! A plain word after a URL that ends in `/` (`https://example.org/` + `for details`) is left
//! alone: that is prose as often as it is a path.
//!
//! This module refuses to guess beyond that: a URL split in the middle of a word with nothing to
//! show it is recorded as written and left to the `malformed-url` rule or the link checker.

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_while1},
    character::complete::space0,
    combinator::recognize,
};

use std::ops::Range;

use crate::model::{FileId, Link, Span};

/// Schemes recognised before `://`.
const SCHEMES: &[&str] = &["http", "https", "ftp"];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Every recognised form has a `:` (`http://`, `doi:`) or is `www.`: the text is scanned for
/// these with SIMD searches ([`markers`]), and each hit is checked here. This is what keeps URL
/// finding faster than a case-insensitive regex on prose full of `w`s and `h`s.
///
/// Returns where the URL that the byte at `at` belongs to starts, if it is one of ours: the start
/// of its scheme before `://`, of `doi` before `doi:`, of `www` before `www.`. The URL must not
/// continue a word (`awww.example.org`, `xhttp://`).
fn url_start(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let letters_before = bytes[..at]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let start = at - letters_before;
    let word = &text[start..at];
    let ok = match bytes[at] {
        b':' if bytes[at..].starts_with(b"://") || scheme_split(text, at).is_some() => {
            SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(word))
        }
        b':' => word.eq_ignore_ascii_case("doi"),
        _ => word == "www" || word == "WWW",
    };
    if !ok || (start > 0 && is_word_byte(bytes[start - 1])) {
        return None;
    }
    Some(start)
}

/// The positions, in order, of every `:` and of the `.` of every `www.` or `WWW.` in `bytes`:
/// where [`url_start`] looks for a URL. Each is found with SIMD searches (`memchr`, `memmem`);
/// full stops are too common in prose to stop at each.
fn markers(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let colons = memchr::memchr_iter(b':', bytes);
    let lower = memchr::memmem::find_iter(bytes, b"www.").map(|i| i + 3);
    let upper = memchr::memmem::find_iter(bytes, b"WWW.").map(|i| i + 3);
    merge(merge(colons, lower), upper)
}

/// Two ascending iterators merged into one.
fn merge(
    a: impl Iterator<Item = usize>,
    b: impl Iterator<Item = usize>,
) -> impl Iterator<Item = usize> {
    let mut a = a.peekable();
    let mut b = b.peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if x <= y => a.next(),
        (Some(_), Some(_)) => b.next(),
        (Some(_), None) => a.next(),
        (None, _) => b.next(),
    })
}

/// Does `text` begin a URL of one of the recognised forms?
fn starts_url(text: &str) -> bool {
    url_prefix(text).is_ok()
}

/// A character that can be part of a URL as written in prose.
pub(crate) fn is_url_char(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !matches!(
            c,
            '"' | '<'
                | '>'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '`'
                | '{'
                | '}'
                | '|'
                | '\\'
                | '^'
        )
}

/// The prefix of a URL: its scheme, `www.` or `doi:`.
fn url_prefix(input: &str) -> IResult<&str, &str> {
    alt((
        tag_no_case("https://"),
        tag_no_case("http://"),
        tag_no_case("ftp://"),
        tag_no_case("www."),
        recognize((tag_no_case("doi:"), space0, tag("10."))),
    ))
    .parse(input)
}

/// A run of URL characters.
fn url_run(input: &str) -> IResult<&str, &str> {
    take_while1(is_url_char).parse(input)
}

/// Characters that end a sentence or a clause and are never the last character of a URL.
fn is_trailing_punct(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*')
}

/// The length of `run` once trailing punctuation and unbalanced closing brackets are dropped.
pub(crate) fn trimmed_len(run: &str) -> usize {
    // Bracket balance is counted once, then updated as characters are dropped, so that a run
    // of a million `)` is linear, not quadratic.
    let count = |c: char| run.chars().filter(|&x| x == c).count();
    let (mut open_paren, mut close_paren) = (count('('), count(')'));
    let (mut open_square, mut close_square) = (count('['), count(']'));
    let mut end = run.len();
    while let Some(last) = run[..end].chars().next_back() {
        let drop = match last {
            ')' => open_paren < close_paren,
            ']' => open_square < close_square,
            c => is_trailing_punct(c),
        };
        if !drop {
            break;
        }
        match last {
            ')' => close_paren -= 1,
            ']' => close_square -= 1,
            '(' => open_paren -= 1,
            '[' => open_square -= 1,
            _ => {}
        }
        end -= last.len_utf8();
    }
    end
}

/// Does `token` (trimmed) look like the rest of a host name: `wilsoncenter.org`, `org/path`?
fn is_host_continuation(token: &str) -> bool {
    let host = token.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let well_formed = labels.iter().all(|l| {
        !l.is_empty()
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    });
    let tld_ok = labels
        .last()
        .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_lowercase()));
    // `cc/ABCD-1234` after `https://perma.`: a top-level domain alone, followed by a path.
    let tld_and_path = labels.len() == 1 && token.contains('/');
    well_formed && tld_ok && (labels.len() >= 2 || tld_and_path)
}

/// Does `token` look like the continuation of a URL path after `marker`?
fn is_path_continuation(token: &str, marker: char) -> bool {
    let first_ok = token
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '/');
    if !first_ok {
        return false;
    }
    let urlish = token.chars().any(|c| {
        matches!(c, '/' | '-' | '_' | '.' | '=' | '&' | '?' | '#' | '%') || c.is_ascii_digit()
    });
    let plain_lower = token.chars().all(|c| c.is_ascii_lowercase());
    urlish || (marker == '-' && plain_lower)
}

/// The URL as written so far has a path (something after the host).
#[cfg(test)]
fn has_path(url: &str) -> bool {
    let after_scheme = url.find("://").map(|i| &url[i + 3..]).unwrap_or(url);
    after_scheme.contains('/')
}

/// A URL's pieces joined so far, and what [`continuation`] asks of them, kept up to date as
/// each piece is added: a URL split over thousands of lines is joined in linear time (it was
/// joined again for every piece, quadratic in the number of lines).
#[derive(Debug, Default)]
struct SoFar {
    joined: String,
    /// Where the first `://` ends.
    after_scheme: Option<usize>,
    /// Where the last `/` is.
    last_slash: Option<usize>,
}

impl SoFar {
    fn push(&mut self, piece: &str) {
        let at = self.joined.len();
        self.joined.push_str(piece);
        if self.after_scheme.is_none() {
            // A `://` may straddle the joint: look from two bytes before it.
            let mut from = at.saturating_sub(2);
            while !self.joined.is_char_boundary(from) {
                from -= 1;
            }
            self.after_scheme = self.joined[from..].find("://").map(|i| from + i + 3);
        }
        if let Some(i) = piece.rfind('/') {
            self.last_slash = Some(at + i);
        }
    }

    fn last_char(&self) -> Option<char> {
        self.joined.chars().next_back()
    }

    /// Something after the host: a `/` after the scheme (or anywhere, without one).
    fn has_path(&self) -> bool {
        self.last_slash
            .is_some_and(|s| s >= self.after_scheme.unwrap_or(0))
    }
}

/// Find every URL in `text[range]`, skipping the spans in `skip` (sorted, non-overlapping),
/// which hold page furniture.
pub fn find_links(text: &str, skip: &[Range<usize>]) -> Vec<Link> {
    let mut links = Vec::new();
    let mut from = 0;
    for at in markers(text.as_bytes()) {
        if at < from {
            continue;
        }
        let Some(start) = url_start(text, at) else {
            continue;
        };
        if start < from {
            continue;
        }
        let k = skip.partition_point(|s| s.end <= start);
        if let Some(s) = skip.get(k).filter(|s| s.contains(&start)) {
            from = s.end.max(start + 1);
            continue;
        }
        match read_link(text, start) {
            Some(link) => {
                from = link.span.end;
                links.push(link);
            }
            None => from = at + 1,
        }
    }
    links
}

/// Where the `//` of a URL split right after its scheme's colon (`https:` at a line's end,
/// `//example.org/…` on the next) starts.
fn scheme_split(text: &str, colon: usize) -> Option<usize> {
    let after = &text[colon + 1..];
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    let rest = &after[gap..];
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let next = &rest[indent..];
    (next.starts_with("//") && next[2..].starts_with(|c: char| c.is_ascii_alphanumeric()))
        .then(|| text.len() - next.len())
}

/// Read one URL starting at `start`, joining its split continuations.
fn read_link(text: &str, start: usize) -> Option<Link> {
    let scheme_end = start + text[start..].find(':').unwrap_or(0);
    if let Some(slashes) = text[start..]
        .starts_with(|c: char| c.is_ascii_alphabetic())
        .then(|| scheme_split(text, scheme_end))
        .flatten()
    {
        // `https:` + line break + `//host/…`: read the rest as a URL, and put the scheme back.
        let rest = read_link_from(text, slashes, true)?;
        let mut pieces: Vec<Range<usize>> = std::iter::once(start..scheme_end + 1).collect();
        pieces.extend(rest.pieces.iter().map(Span::range));
        return Some(build_link(text, pieces));
    }
    read_link_from(text, start, false)
}

/// Read one URL starting at `start` (at its `//`, when its scheme stands apart), joining its
/// split continuations.
fn read_link_from(text: &str, start: usize, after_scheme: bool) -> Option<Link> {
    if after_scheme {
        let (_, run) = url_run(&text[start..]).ok()?;
        let mut pieces: Vec<Range<usize>> = std::iter::once(start..start + run.len()).collect();
        extend_and_trim(text, &mut pieces)?;
        return Some(build_link(text, pieces));
    }
    let rest = &text[start..];
    let (_, prefix) = url_prefix(rest).ok()?;
    // `doi: 10.…` may have a space after the colon: the URL's characters run on after it.
    let run_from = prefix.len()
        - prefix
            .trim_start_matches(|c: char| !c.is_whitespace())
            .len();
    let run_from = if run_from < prefix.len() {
        prefix.len() - 3
    } else {
        0
    };
    let (_, run) = url_run(&rest[run_from..]).ok()?;
    let run_end = run_from + run.len();
    if run_end <= prefix.len() {
        return None;
    }
    // Pieces: spans of URL text; the gaps between them are the whitespace that split it.
    let mut pieces: Vec<Range<usize>> = std::iter::once(start..start + run_end).collect();
    extend_and_trim(text, &mut pieces)?;
    if pieces[0].len() <= prefix.len() {
        return None;
    }
    Some(build_link(text, pieces))
}

/// The soft hyphen: a word processor's hint where a word may break, invisible unless it does.
const SOFT_HYPHEN: char = '\u{ad}';

/// Characters a URL copied from a PDF or a word processor may hold that no one sees: zero-width
/// spaces and joiners, the word joiner, a byte-order mark, soft hyphens. They are not part of the
/// address.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | SOFT_HYPHEN
    )
}

/// Add the unambiguous continuations of a URL's first piece, then trim the last piece of
/// trailing punctuation and unbalanced brackets (judged on the whole URL). `None` when nothing
/// of the URL is left.
fn extend_and_trim(text: &str, pieces: &mut Vec<Range<usize>>) -> Option<()> {
    let mut so_far = SoFar::default();
    so_far.push(&text[pieces[0].clone()]);
    loop {
        let last = pieces.last().expect("one piece at least").clone();
        let Some(next) = continuation(text, &last, &so_far) else {
            break;
        };
        so_far.push(&text[next.clone()]);
        pieces.push(next);
    }
    // Trim the last piece of trailing punctuation and unbalanced brackets, judging brackets on
    // the whole URL.
    let joined_untrimmed = so_far.joined;
    let cut = joined_untrimmed.len() - trimmed_len(&joined_untrimmed);
    let last = pieces.last_mut().expect("one piece at least");
    if cut >= last.len() {
        // Trimming ate the whole continuation: it was punctuation, not URL.
        pieces.pop();
        if pieces.is_empty() {
            return None;
        }
        let piece = pieces.last_mut().expect("one piece at least");
        let len = trimmed_len(&text[piece.clone()]);
        piece.end = piece.start + len;
    } else {
        last.end -= cut;
    }
    Some(())
}

/// A link made of `pieces` of `text`, the gaps between them being the whitespace that split it;
/// invisible characters inside it are dropped from the address too.
fn build_link(text: &str, pieces: Vec<Range<usize>>) -> Link {
    let span = pieces[0].start..pieces.last().expect("non-empty").end;
    let file = FileId::default();
    let written: String = pieces.iter().map(|p| &text[p.clone()]).collect();
    let joined: String = written.chars().filter(|&c| !is_invisible(c)).collect();
    let hidden = joined.len() != written.len();
    let target = absolute(&joined);
    let parsed = url::Url::parse(&target).map_err(|e| e.to_string());
    Link {
        text: text[span.clone()].to_string(),
        span: Span::new(file, span),
        target,
        parsed,
        repaired: pieces.len() > 1 || hidden,
        joined,
        pieces: pieces.into_iter().map(|p| Span::new(file, p)).collect(),
        shown: None,
    }
}

/// The link written exactly as `text[range]` (a Markdown link's destination, a LaTeX `\\url`),
/// in file 0: nothing is joined or trimmed, but `doi:` and `www.` forms are made absolute.
pub fn exact_link(text: &str, range: Range<usize>) -> Link {
    build_link(text, vec![range])
}

/// The link cut to end at `end` (which lies inside its last piece): used when the digits glued
/// to the end of a URL turn out to be a footnote reference (`www.cia.gov/readingroom.4`).
pub(crate) fn truncate(text: &str, link: &Link, end: usize) -> Link {
    let mut pieces: Vec<Range<usize>> = link.pieces.iter().map(Span::range).collect();
    let last = pieces.last_mut().expect("non-empty");
    last.end = last.start + trimmed_len(&text[last.start..end]);
    build_link(text, pieces)
}

/// The span of the next piece of a URL split after `last`, if the split is unambiguous.
fn continuation(text: &str, last: &Range<usize>, so_far: &SoFar) -> Option<Range<usize>> {
    let after = &text[last.end..];
    let gap_len = after.len() - after.trim_start_matches([' ', '\t']).len();
    let after_gap = &after[gap_len..];
    let (newline, indent) = if let Some(rest) = after_gap
        .strip_prefix("\r\n")
        .or_else(|| after_gap.strip_prefix('\n'))
    {
        let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        (after_gap.len() - rest.len(), indent)
    } else {
        (0, 0)
    };
    let token_start = last.end + gap_len + newline + indent;
    let (_, token) = url_run(&text[token_start..]).ok()?;
    let token_trimmed = &token[..trimmed_len(token)];
    if token_trimmed.is_empty() || starts_url(token) {
        return None;
    }
    let marker = so_far.last_char()?;
    let joined = if marker == '.' && !so_far.has_path() && gap_len + newline > 0 && gap_len <= 2 {
        // `http://www.digitalarchive. wilsoncenter.org`
        is_host_continuation(token_trimmed)
    } else if newline > 0 && gap_len == 0 {
        if matches!(marker, '/' | '-' | '_' | '=' | '&' | '?' | '#' | '%') {
            is_path_continuation(token_trimmed, marker)
        } else if marker == SOFT_HYPHEN {
            is_path_continuation(token_trimmed, '-')
        } else {
            token.starts_with('/') && token_trimmed.len() > 1
        }
    } else {
        false
    };
    joined.then(|| token_start..token_start + token.len())
}

/// `doi:` and `www.` forms made into absolute URLs.
fn absolute(url: &str) -> String {
    let lower = url.get(..4).map(str::to_ascii_lowercase);
    match lower.as_deref() {
        Some("doi:") => format!("https://doi.org/{}", url[4..].trim_start()),
        Some("www.") => format!("https://{url}"),
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<(String, String, bool)> {
        find_links(text, &[])
            .into_iter()
            .map(|l| (l.text, l.joined, l.repaired))
            .collect()
    }

    #[test]
    fn what_is_kept_of_the_pieces_agrees_with_the_joined_url() {
        for pieces in [
            &["http://a.org/b"][..],
            &["http:/", "/a.org"],
            &["http:", "//a.org/"],
            &["www.a.org/", "b:", "//c"],
            &["www.a.", "org"],
            &["https://www.", "é.org/", "x"],
            &["ftp://x", "/"],
            &["é:/", "/x"],
        ] {
            let mut so_far = SoFar::default();
            for p in pieces {
                so_far.push(p);
            }
            let joined: String = pieces.concat();
            assert_eq!(so_far.joined, joined);
            assert_eq!(so_far.has_path(), has_path(&joined), "{joined}");
            assert_eq!(so_far.last_char(), joined.chars().next_back());
        }
    }

    #[test]
    fn a_url_over_many_lines_is_joined() {
        // Each line ends in `-` and the next goes on with a word: 20,000 pieces.
        let mut text = String::from("see https://example.org/a-");
        let mut expected = String::from("https://example.org/a-");
        for _ in 0..20_000 {
            text.push_str("\nb-");
            expected.push_str("b-");
        }
        text.push_str("\nend for the rest");
        expected.push_str("end");
        let found = find_links(&text, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].joined, expected);
        assert_eq!(found[0].pieces.len(), 20_002);
    }

    fn one(text: &str) -> String {
        let found = find_links(text, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        found[0].joined.clone()
    }

    #[test]
    fn trailing_punctuation_and_brackets() {
        assert_eq!(
            one("via internet (http://www.cia.gov/library)."),
            "http://www.cia.gov/library"
        );
        assert_eq!(
            one("see https://en.wikipedia.org/wiki/Foo_(bar)."),
            "https://en.wikipedia.org/wiki/Foo_(bar)"
        );
        assert_eq!(one("at http://x.org/a, and"), "http://x.org/a");
        assert_eq!(one("“http://x.org/q?a=1”"), "http://x.org/q?a=1");
        assert_eq!(one("[https://x.org/]"), "https://x.org/");
    }

    #[test]
    fn forms() {
        let l = &find_links("see doi:10.1000/182.", &[])[0];
        assert_eq!(l.target, "https://doi.org/10.1000/182");
        let l = &find_links("see doi: 10.1000/182.", &[])[0];
        assert_eq!(l.target, "https://doi.org/10.1000/182");
        let l = &find_links("at www.cia.gov/readingroom today", &[])[0];
        assert_eq!(l.target, "https://www.cia.gov/readingroom");
        assert_eq!(
            one("ftp://ftp.example.org/pub"),
            "ftp://ftp.example.org/pub"
        );
        assert_eq!(
            one("https://doi.org/10.1000/182"),
            "https://doi.org/10.1000/182"
        );
        assert!(find_links("the www is big; http:// alone", &[]).is_empty());
        assert!(find_links("awww.example.org", &[]).is_empty());
    }

    #[test]
    fn split_host_is_joined() {
        let found = urls("Scholars\n(http://www.digitalarchive. wilsoncenter.org) to be");
        assert_eq!(
            found,
            vec![(
                "http://www.digitalarchive. wilsoncenter.org".to_string(),
                "http://www.digitalarchive.wilsoncenter.org".to_string(),
                true
            )]
        );
    }

    #[test]
    fn end_of_sentence_is_not_joined() {
        assert_eq!(
            urls("visit www.example.com. Then we"),
            vec![("www.example.com".into(), "www.example.com".into(), false)]
        );
        assert_eq!(
            urls("see https://example.org/\nfor details"),
            vec![(
                "https://example.org/".into(),
                "https://example.org/".into(),
                false
            )]
        );
    }

    #[test]
    fn wrapped_path_is_joined() {
        assert_eq!(
            one(
                "brief at https://www.worldbank.org/en/\ntopic/education/brief/learning-poverty for"
            ),
            "https://www.worldbank.org/en/topic/education/brief/learning-poverty"
        );
        assert_eq!(
            one(
                "x https://www.worldbank.org/en/topic/education/brief/learning-\n   poverty for the method."
            ),
            "https://www.worldbank.org/en/topic/education/brief/learning-poverty"
        );
        assert_eq!(
            one(
                "https://www.trumanlibrary.gov/library/research-files/report-national-security-council-\nnsc-68 (accessed 3 March 2019)."
            ),
            "https://www.trumanlibrary.gov/library/research-files/report-national-security-council-nsc-68"
        );
        assert_eq!(
            one("https://www.worldbank.org\n/en/topic. Next"),
            "https://www.worldbank.org/en/topic"
        );
    }

    #[test]
    fn invisible_characters_are_not_part_of_the_address() {
        let l = &find_links("see https://exam\u{200b}ple.org/learn\u{ad}ing now", &[])[0];
        assert_eq!(l.joined, "https://example.org/learning");
        assert!(l.repaired);
        // A soft hyphen at a line end breaks the path like a hyphen, and is dropped.
        assert_eq!(
            one("at https://example.org/learn\u{ad}\ning-poverty for"),
            "https://example.org/learning-poverty"
        );
    }

    #[test]
    fn a_url_broken_after_its_scheme() {
        let l = &find_links(
            "accessed 3 February 2023, https:\n//history.state.gov/frus1950v07.",
            &[],
        )[0];
        assert_eq!(l.joined, "https://history.state.gov/frus1950v07");
        assert_eq!(l.text, "https:\n//history.state.gov/frus1950v07");
        // A colon that ends a clause is not a scheme.
        assert!(find_links("as follows:\n//comment", &[]).is_empty());
    }

    #[test]
    fn a_host_broken_after_its_last_dot() {
        assert_eq!(
            one("archived at https://perma.\ncc/ABCD-1234 in 2020"),
            "https://perma.cc/ABCD-1234"
        );
        // A sentence's next word is not a top-level domain.
        assert_eq!(one("visit www.example.com.\nit is"), "www.example.com");
    }

    #[test]
    fn a_url_on_the_next_line_is_its_own() {
        let found = urls("http://www/\nhttp://www.cia.gov/library\n");
        assert_eq!(found.len(), 2);
        assert!(!found[0].2 && !found[1].2);
    }

    #[test]
    fn skipped_spans_are_not_searched() {
        let text = "http://a.org http://b.org";
        let skip: Vec<Range<usize>> = std::iter::once(0..12).collect();
        assert_eq!(find_links(text, &skip).len(), 1);
    }
}
