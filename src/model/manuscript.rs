//! The format-independent manuscript model: what the extractors find and the rules read.
//!
//! Every reader (plain text from a PDF, Markdown, and the formats to come) fills the same
//! [`Manuscript`]. Nothing here knows which format it came from beyond [`Manuscript::format`]: a
//! rule that needs to know is in the wrong place. Every item keeps the span it was read from, so
//! that a finding can underline exactly the text that caused it.
//!
//! Notes and references are keyed by their label as printed (`3`, `*`, `smith`); a number is
//! derived where the label is one, and only numbered sequences are checked for order.

use std::collections::HashMap;
use std::ops::Range;

use super::citation::{Citation, ManagedCitation};
use super::entry::Entry;
use super::span::Span;

/// The formats citelint knows of, whether or not it reads them yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Text as extracted from a PDF (copied from a viewer, or `pdftotext`).
    #[default]
    Text,
    /// CommonMark with the footnote and citation forms of pandoc, GitHub and Quarto.
    Markdown,
    Pdf,
    Docx,
    Odt,
    /// A LaTeX source file.
    Latex,
    /// A BibTeX or BibLaTeX bibliography.
    Bibtex,
    /// The old binary Word format.
    Doc,
}

impl Format {
    /// The name used in reports and `extract` output.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Latex => "latex",
            Format::Bibtex => "bibtex",
            Format::Doc => "doc",
        }
    }
}

/// A footnote reference in the body text: the `3` in `in 1950.3 In the letter`, `[^smith]` in
/// Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRef {
    /// The label as written (`3`, `smith`, `*`).
    pub label: String,
    /// The label's number, when it is one.
    pub number: Option<u32>,
    /// The span of the label itself.
    pub span: Span,
    /// A further reference to a note referenced before (Markdown allows `[^a]` twice): not a
    /// step of the numbering.
    pub repeat: bool,
    /// Which numbering sequence (chapter) it belongs to; numbering may start again at 1.
    pub section: usize,
}

/// A footnote's text: `1 The Defense Ministry of South Korea, ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub label: String,
    /// The label's number, when it is one.
    pub number: Option<u32>,
    /// The span of the note's label (for a note with no printed label, such as a Markdown
    /// inline note, its opening).
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
    /// A note whose text is `text_span` of its file verbatim (no folding), as structured
    /// formats give them.
    pub fn verbatim(
        label: String,
        label_span: Span,
        text_span: Span,
        text: String,
        section: usize,
    ) -> Note {
        Note {
            number: label.parse().ok(),
            label,
            label_span,
            text_map: vec![(0, text_span.start)],
            text_span,
            text,
            section,
            citations: Vec::new(),
        }
    }
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

    /// A range of [`Note::text`] as a span of the source.
    pub fn source_span(&self, span: Range<usize>) -> Span {
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
        self.text_span.with_range(start..end.max(start))
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
    /// What a reader sees for this link when that is not the URL itself: the text of a
    /// Markdown or LaTeX link (`here`, or another URL), the visible text over a PDF link
    /// annotation. `None` for a URL written out.
    pub shown: Option<String>,
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

/// A citation by key, as pandoc (`[see @smith, p. 33; @jones]`) and LaTeX (`\\cite[33]{smith}`)
/// write them: the keys are looked up in a bibliography, not parsed from prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cite {
    /// The whole citation, brackets included.
    pub span: Span,
    pub items: Vec<CiteItem>,
    /// Written inside a footnote.
    pub in_note: bool,
}

/// One key of a [`Cite`], with what surrounds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    /// The key itself, without its `@`.
    pub key_span: Span,
    /// Text before the key (`see`).
    pub prefix: Option<String>,
    /// The pinpoint (`p. 33`, `chap. 2`), when one is given.
    pub locator: Option<String>,
    /// Text after the locator.
    pub suffix: Option<String>,
    /// `[-@smith]`: the author's name is not printed.
    pub suppress_author: bool,
}

/// A link to a place inside the document (`\\hyperlink{anchor}{text}`, `\\hyperref[label]{text}`):
/// the target names an anchor, not an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The anchor or label as written.
    pub target: String,
    /// The span of `target`.
    pub span: Span,
}

/// A named link target defined apart from where it is used (Markdown's `[label]: url`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkDefinition {
    pub label: String,
    /// The whole definition.
    pub span: Span,
    /// Some link of the manuscript uses it.
    pub used: bool,
}

/// A bibliography file a manuscript names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bibliography {
    /// The path as written (relative to the manuscript's directory).
    pub path: String,
    /// Where it is named.
    pub span: Span,
    /// Its entries were read into [`Manuscript::entries`] (false for a file that is missing or
    /// in a format citelint does not read, such as CSL JSON).
    pub read: bool,
}

/// What kind of trouble a reader had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Part of the file could not be read (a truncated PDF, a broken cross-reference table,
    /// XML that does not parse): what could be read was.
    Damaged,
    /// Text in a font with no map to Unicode: the characters read may be wrong.
    UnmappedFont,
    /// A file the manuscript includes (`\\input{chapter2}`) does not exist.
    MissingInclude,
    /// A bibliography entry that cannot be read (a `.bib` syntax error, an undefined `@string`
    /// macro): the entries around it are read.
    BadEntry,
    /// A file that includes itself, directly or through others: the inclusion is not followed
    /// again.
    CircularInclude,
}

/// Something a reader could not read as it should, reported as a finding so that the run is
/// never a silent pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadProblem {
    pub kind: Problem,
    /// Where it shows (the start of the file when nowhere better).
    pub span: Span,
    /// rustc style: lowercase, no trailing period.
    pub message: String,
    pub help: String,
}

/// Everything extracted from one manuscript.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manuscript {
    /// The format it was read as.
    pub format: Format,
    pub refs: Vec<NoteRef>,
    pub notes: Vec<Note>,
    pub links: Vec<Link>,
    /// Citations by key (pandoc, LaTeX), in text order.
    pub cites: Vec<Cite>,
    /// Bibliography files the manuscript names (Markdown front matter `bibliography:`,
    /// LaTeX `\\bibliography{}` and `\\addbibresource{}`).
    pub bibliographies: Vec<Bibliography>,
    /// The entries of the bibliographies read, in file order.
    pub entries: Vec<Entry>,
    /// Every entry of the bibliography is cited (`\\nocite{*}`, pandoc's `nocite: '@*'`).
    pub cites_all: bool,
    /// The manuscript is the whole document its bibliographies serve (a LaTeX main file), so
    /// an entry it does not cite is cited nowhere. A Markdown chapter may share its
    /// bibliography with the other chapters.
    pub owns_bibliographies: bool,
    /// The notes' text is commentary, not citations to parse: the manuscript cites by key
    /// from a bibliography that was read (a LaTeX document with `\\bibliography{}`), so its
    /// citations are its keys and its entries.
    pub notes_are_commentary: bool,
    /// Link targets defined by name (Markdown reference definitions).
    pub link_definitions: Vec<LinkDefinition>,
    /// Links to anchors inside the document.
    pub internal_links: Vec<InternalLink>,
    /// What the reader could not read as it should.
    pub problems: Vec<ReadProblem>,
    /// Citations a reference manager inserted, with the data of the works they cite (DOCX and
    /// ODT), in text order.
    pub managed: Vec<ManagedCitation>,
}

impl Manuscript {
    /// Move every span into file `file`: a reader of one file builds its model in file 0 and
    /// is stamped with the file's place in the run.
    pub fn stamp(&mut self, file: super::FileId) {
        for r in &mut self.refs {
            r.span.file = file;
        }
        for n in &mut self.notes {
            n.label_span.file = file;
            n.text_span.file = file;
            for c in &mut n.citations {
                c.span.file = file;
                for f in &mut c.fields {
                    f.span.file = file;
                }
            }
        }
        for l in &mut self.links {
            l.span.file = file;
            for p in &mut l.pieces {
                p.file = file;
            }
        }
        for c in &mut self.cites {
            c.span.file = file;
            for i in &mut c.items {
                i.key_span.file = file;
            }
        }
        for d in &mut self.link_definitions {
            d.span.file = file;
        }
        for l in &mut self.internal_links {
            l.span.file = file;
        }
        for p in &mut self.problems {
            p.span.file = file;
        }
        for b in &mut self.bibliographies {
            b.span.file = file;
        }
        for c in &mut self.managed {
            c.span.file = file;
        }
        for e in &mut self.entries {
            for s in [&mut e.key_span, &mut e.kind_span, &mut e.span] {
                s.file = file;
            }
            for f in &mut e.fields {
                f.span.file = file;
            }
            e.citation.span.file = file;
            for f in &mut e.citation.fields {
                f.span.file = file;
            }
        }
    }

    /// Move every span of file `file` onto the char boundaries of its `text` (and within it): a
    /// safety net for spans mapped from a note's folded text back into the file.
    pub fn snap_spans(&mut self, file: super::FileId, text: &str) {
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let ceil = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i += 1;
            }
            i
        };
        let snap = |s: &mut Span| {
            if s.file == file {
                s.start = floor(s.start);
                s.end = ceil(s.end).max(s.start);
            }
        };
        for n in &mut self.notes {
            for c in &mut n.citations {
                snap(&mut c.span);
                c.fields.iter_mut().for_each(|f| snap(&mut f.span));
            }
        }
    }

    /// The indices of the notes by numbering sequence and label, in text order.
    pub fn notes_by_label(&self) -> HashMap<(usize, &str), Vec<usize>> {
        let mut index: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
        for (i, n) in self.notes.iter().enumerate() {
            index
                .entry((n.section, n.label.as_str()))
                .or_default()
                .push(i);
        }
        index
    }

    /// The references with no note and the notes with no reference (same numbering sequence
    /// and label), each in text order: what `N001` and `N002` report.
    pub fn unpaired(&self) -> (Vec<&NoteRef>, Vec<&Note>) {
        let notes = self.notes_by_label();
        let refs = self.refs_by_label();
        let lone_refs = (self.refs.iter())
            .filter(|r| !notes.contains_key(&(r.section, r.label.as_str())))
            .collect();
        let lone_notes = (self.notes.iter())
            .filter(|n| !refs.contains_key(&(n.section, n.label.as_str())))
            .collect();
        (lone_refs, lone_notes)
    }

    /// The indices of the references by numbering sequence and label, in text order.
    pub fn refs_by_label(&self) -> HashMap<(usize, &str), Vec<usize>> {
        let mut index: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
        for (i, r) in self.refs.iter().enumerate() {
            index
                .entry((r.section, r.label.as_str()))
                .or_default()
                .push(i);
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
