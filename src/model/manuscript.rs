//! The format-independent manuscript model: what the extractors find and the rules read.
//!
//! Every extractor (plain text from a PDF today; Markdown, LaTeX and DOCX later) fills the same
//! [`Manuscript`]. Nothing here knows which format it came from: a rule that needs to know is in
//! the wrong place. Every item keeps the byte span it was read from, so that a finding can
//! underline exactly the text that caused it.

use std::collections::HashMap;

use crate::cite::Citation;
use crate::source::Span;

/// A footnote reference in the body text: the `3` in `in 1950.3 In the letter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRef {
    /// The number as written.
    pub label: String,
    pub number: u32,
    /// The span of the number itself.
    pub span: Span,
    /// Which numbering sequence (chapter) it belongs to; numbering may start again at 1.
    pub section: usize,
}

/// A footnote's text: `1 The Defense Ministry of South Korea, ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub label: String,
    pub number: u32,
    /// The span of the note's number.
    pub label_span: Span,
    /// From the first to the last character of the note's text (it may cross page furniture
    /// and line breaks).
    pub text_span: Span,
    /// The text with its line breaks folded into single spaces.
    pub text: String,
    pub section: usize,
    /// Where the words of `text` stand in the source: (offset in `text`, offset in the source),
    /// one entry per word, in order.
    pub text_map: Vec<(usize, usize)>,
    /// The citations in the note, with spans into the source.
    pub citations: Vec<Citation>,
}

impl Note {
    /// The source offset of an offset into [`Note::text`].
    pub fn source_offset(&self, offset: usize) -> usize {
        let k = self.text_map.partition_point(|&(t, _)| t <= offset);
        match k.checked_sub(1) {
            Some(k) => self.text_map[k].1 + (offset - self.text_map[k].0),
            None => self.text_span.start,
        }
    }

    /// A span of [`Note::text`] as a span of the source.
    pub fn source_span(&self, span: &Span) -> Span {
        let start = self.source_offset(span.start);
        // The end is mapped through the span's last character, which lies in a word (a span
        // ending at a folded line break would otherwise map to the next line's start).
        let last = self.text[..span.end.min(self.text.len())]
            .char_indices()
            .next_back()
            .filter(|&(i, _)| i >= span.start);
        let end = match last {
            Some((i, c)) => self.source_offset(i) + c.len_utf8(),
            None => start,
        };
        start..end.max(start)
    }
}

/// A URL, DOI or bare `www.` host found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The URL as written, with any whitespace or line break it was split by.
    pub text: String,
    /// The span of `text`.
    pub span: Span,
    /// The URL as written with the split removed (equal to `text` when nothing was joined),
    /// and `doi:` and `www.` forms made absolute.
    pub target: String,
    /// The URL as the `url` crate parses `target`, or the parse error.
    pub parsed: Result<url::Url, String>,
    /// True when whitespace or a line break inside the URL was removed.
    pub repaired: bool,
    /// What `target` was joined from: the URL as written minus the whitespace that split it.
    pub joined: String,
    /// The spans the URL was read from; more than one when it was split.
    pub pieces: Vec<Span>,
}

impl Link {
    /// The URL the link checker asks: the parsed URL without its fragment (a fragment is never
    /// sent, so `page#a` and `page#b` are one request), when it is http(s) with a host that can
    /// be public (see [`host_problem`]).
    pub fn checkable_url(&self) -> Option<String> {
        let url = self.parsed.as_ref().ok()?;
        let web = url.scheme() == "http" || url.scheme() == "https";
        if !web || host_problem(url).is_some() {
            return None;
        }
        let mut url = url.clone();
        url.set_fragment(None);
        Some(url.to_string())
    }

    /// The URL as parsed, or as joined when it does not parse.
    pub fn url(&self) -> String {
        match &self.parsed {
            Ok(url) => url.to_string(),
            Err(_) => self.target.clone(),
        }
    }
}

/// Everything extracted from one manuscript.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manuscript {
    pub refs: Vec<NoteRef>,
    pub notes: Vec<Note>,
    pub links: Vec<Link>,
}

impl Manuscript {
    /// The indices of the notes by numbering sequence and number, in text order.
    pub fn notes_by_number(&self) -> HashMap<(usize, u32), Vec<usize>> {
        let mut index: HashMap<(usize, u32), Vec<usize>> = HashMap::new();
        for (i, n) in self.notes.iter().enumerate() {
            index.entry((n.section, n.number)).or_default().push(i);
        }
        index
    }

    /// The indices of the references by numbering sequence and number, in text order.
    pub fn refs_by_number(&self) -> HashMap<(usize, u32), Vec<usize>> {
        let mut index: HashMap<(usize, u32), Vec<usize>> = HashMap::new();
        for (i, r) in self.refs.iter().enumerate() {
            index.entry((r.section, r.number)).or_default().push(i);
        }
        index
    }
}

/// Why the host of `url` cannot be a public host, if it cannot.
pub fn host_problem(url: &url::Url) -> Option<String> {
    match url.host() {
        None if url.scheme() == "http" || url.scheme() == "https" || url.scheme() == "ftp" => {
            Some("URL has no host".to_string())
        }
        None | Some(url::Host::Ipv4(_)) | Some(url::Host::Ipv6(_)) => None,
        Some(url::Host::Domain(domain)) => {
            let domain = domain.trim_end_matches('.');
            let Some((_, tld)) = domain.rsplit_once('.') else {
                return Some(format!(
                    "URL host `{domain}` has no dot, so it cannot be a public host"
                ));
            };
            let tld_ok = tld.len() >= 2
                && (tld.chars().all(|c| c.is_ascii_alphabetic()) || tld.starts_with("xn--"));
            (!tld_ok).then(|| format!("URL host `{domain}` does not end in a top-level domain"))
        }
    }
}
