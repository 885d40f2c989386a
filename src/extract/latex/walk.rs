//! The walk over one file's tokens: each command LaTeX would act on takes its arguments here
//! (LaTeX decides a command's arguments at run time, so the reader knows the commands it
//! reads, and leaves the others' braces to be read as text).

use std::ops::Range;
use std::path::PathBuf;

use super::Project;
use super::tokens::{Tok, Token};
use crate::model::{
    Bibliography, Cite, CiteItem, FileId, InternalLink, Note, NoteRef, Problem, ReadProblem, Span,
};
use crate::text::{numbers, urls};

mod commands;

/// How many tokens an optional argument `[…]` may span: a `[` with no `]` near it is text
/// (and looking further would make a file of unclosed `[` quadratic to read).
const MAX_OPTIONAL_TOKENS: usize = 256;

/// A note whose text is being read: its pieces of text and where each starts in the file.
#[derive(Debug, Default)]
struct NoteBuf {
    pieces: Vec<(String, usize)>,
    /// Where the last piece ends.
    end: usize,
}

/// Walking one file.
pub(super) struct Walk<'a> {
    text: &'a str,
    file: FileId,
    toks: &'a [Token],
    /// For each `{`, the index of its `}` (the end of the file when it has none).
    close: Vec<usize>,
    /// Include paths are relative to this directory.
    dir: PathBuf,
    /// Byte ranges that are not prose, for the bare-URL finder.
    skip: Vec<Range<usize>>,
    notes: Vec<NoteBuf>,
    /// Before `\begin{document}` in a main file or subfile.
    preamble: bool,
    ended: bool,
}

impl<'a> Walk<'a> {
    pub(super) fn new(
        text: &'a str,
        file: FileId,
        toks: &'a [Token],
        dir: PathBuf,
        has_preamble: bool,
    ) -> Self {
        Walk {
            text,
            file,
            toks,
            close: Vec::new(),
            dir,
            skip: Vec::new(),
            notes: Vec::new(),
            preamble: has_preamble && text.contains("\\begin{document}"),
            ended: false,
        }
    }

    fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    /// Walk the whole file; `body_only` reads nothing of the preamble (a subfile's).
    pub(super) fn run_file(&mut self, p: &mut Project<'_>, body_only: bool) {
        self.match_braces(p);
        let mut from = 0;
        if body_only && self.preamble {
            from = self
                .toks
                .iter()
                .position(|t| self.is_begin_document(t))
                .unwrap_or(0);
        }
        self.run(p, from, self.toks.len());
        if p.quiet == 0 {
            self.bare_urls(p);
        }
    }

    fn is_begin_document(&self, t: &Token) -> bool {
        t.kind == Tok::Command
            && &self.text[t.range.clone()] == "\\begin"
            && self.text[t.range.end..].starts_with("{document}")
    }

    /// Pair every `{` with its `}`; an unpaired brace is a problem (the first of each kind).
    fn match_braces(&mut self, p: &mut Project<'_>) {
        let n = self.toks.len();
        self.close = vec![n; n];
        let mut open: Vec<usize> = Vec::new();
        let mut stray = None;
        for (i, t) in self.toks.iter().enumerate() {
            match t.kind {
                Tok::Open => open.push(i),
                Tok::Close => match open.pop() {
                    Some(o) => self.close[o] = i,
                    None => stray = stray.or(Some(i)),
                },
                _ => {}
            }
        }
        if p.quiet > 0 {
            return;
        }
        if let Some(&first) = open.first() {
            p.manuscript.problems.push(ReadProblem {
                kind: Problem::Damaged,
                span: self.span(self.toks[first].range.clone()),
                message: "unbalanced braces: this `{` is never closed".to_string(),
                help: "close the group with `}`: LaTeX reads to the end of the file for it, and the rest of the file may not be what it seems".to_string(),
            });
        }
        if let Some(i) = stray {
            p.manuscript.problems.push(ReadProblem {
                kind: Problem::Damaged,
                span: self.span(self.toks[i].range.clone()),
                message: "unbalanced braces: this `}` closes no group".to_string(),
                help: "remove the `}` or add the `{` it closes".to_string(),
            });
        }
    }

    /// Walk tokens `from..to`.
    fn run(&mut self, p: &mut Project<'_>, from: usize, to: usize) {
        let mut i = from;
        while i < to.min(self.toks.len()) && !self.ended {
            let t = &self.toks[i];
            match t.kind {
                Tok::Command => i = self.command(p, i, to).max(i + 1),
                Tok::Word => {
                    self.piece(&self.text[t.range.clone()], t.range.start);
                    i += 1;
                }
                Tok::Skip | Tok::Verbatim => {
                    self.skip.push(t.range.clone());
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }

    /// Text of the note being read, if one is.
    fn piece(&mut self, text: &str, at: usize) {
        let Some(buf) = self.notes.last_mut() else {
            return;
        };
        if !buf.pieces.is_empty() {
            let gap = self.text.get(buf.end..at).unwrap_or("");
            if gap.contains(|c: char| c.is_whitespace() || c == '~') || gap.contains("\\\\") {
                buf.pieces.push((" ".to_string(), buf.end));
            }
        }
        buf.pieces.push((text.replace('~', " "), at));
        buf.end = at + text.len().max(1);
    }

    /// The group opening at token `j`, if one does: (its `{`, its `}` or `to`).
    fn group(&self, j: usize, to: usize) -> Option<(usize, usize)> {
        let t = self.toks.get(j).filter(|_| j < to)?;
        (t.kind == Tok::Open).then(|| (j, self.close[j].min(to)))
    }

    /// The optional argument `[…]` at token `j`, if there is one: its `[` and `]`.
    fn optional(&self, j: usize, to: usize) -> Option<(usize, usize)> {
        let t = self.toks.get(j).filter(|_| j < to)?;
        if t.kind != Tok::OpenBracket {
            return None;
        }
        let mut k = j + 1;
        let end = to.min(self.toks.len()).min(j + MAX_OPTIONAL_TOKENS);
        while k < end {
            match self.toks[k].kind {
                Tok::Open => k = self.close[k] + 1,
                Tok::CloseBracket => return Some((j, k)),
                Tok::Close => return None,
                _ => k += 1,
            }
        }
        None
    }

    /// The bytes between a group's (or optional argument's) delimiters.
    fn inner(&self, (open, close): (usize, usize)) -> Range<usize> {
        let start = self.toks[open].range.end;
        let end = match self.toks.get(close) {
            Some(t) if matches!(t.kind, Tok::Close | Tok::CloseBracket) => t.range.start,
            _ => self
                .toks
                .get(close.saturating_sub(1))
                .map_or(start, |t| t.range.end),
        };
        start..end.max(start)
    }

    /// The raw text of a group, trimmed, and its span.
    fn raw(&self, g: (usize, usize)) -> (String, Range<usize>) {
        let r = self.inner(g);
        let s = &self.text[r.clone()];
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        (t.to_string(), r.start + lead..r.start + lead + t.len())
    }

    /// Walk a group as text, and return the token after it.
    fn walk_group(&mut self, p: &mut Project<'_>, g: (usize, usize)) -> usize {
        self.run(p, g.0 + 1, g.1);
        g.1 + 1
    }

    /// Mark a group as not prose, and return the token after it.
    fn skip_group(&mut self, g: (usize, usize)) -> usize {
        let r = self.inner(g);
        self.skip.push(r);
        g.1 + 1
    }

    /// Bare URLs in the prose of the file.
    fn bare_urls(&mut self, p: &mut Project<'_>) {
        let mut skip = std::mem::take(&mut self.skip);
        skip.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(skip.len());
        for r in skip {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        for mut link in urls::find_links(self.text, &merged) {
            link.span.file = self.file;
            for piece in &mut link.pieces {
                piece.file = self.file;
            }
            p.manuscript.links.push(link);
        }
    }

    /// A reference to a note, unless the file is read for its counters only.
    fn push_ref(&self, p: &mut Project<'_>, label: &str, span: Range<usize>, section: usize) {
        if p.quiet > 0 {
            return;
        }
        p.manuscript.refs.push(NoteRef {
            label: label.to_string(),
            number: numbers::label_number(label),
            span: self.span(span),
            repeat: false,
            section,
        });
    }

    /// A note from the text read into `buf`.
    fn push_note(
        &self,
        p: &mut Project<'_>,
        buf: NoteBuf,
        label: &str,
        label_span: Range<usize>,
        fallback: Range<usize>,
        section: usize,
    ) {
        if p.quiet > 0 {
            return;
        }
        let mut text = String::new();
        let mut text_map = Vec::new();
        for (piece, at) in &buf.pieces {
            if piece == " " && (text.is_empty() || text.ends_with(' ')) {
                continue;
            }
            text_map.push((text.len(), *at));
            text.push_str(piece);
        }
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
        let text_span = match (buf.pieces.first(), buf.pieces.last()) {
            (Some((_, start)), Some(_)) => *start..buf.end.min(self.text.len()).max(*start),
            _ => fallback.start..fallback.start,
        };
        p.manuscript.notes.push(Note {
            label: label.to_string(),
            number: numbers::label_number(label),
            label_span: self.span(label_span),
            text_span: self.span(text_span),
            text,
            section,
            text_map,
            citations: Vec::new(),
        });
    }

    /// A citation by key (or `\nocite{*}`).
    fn push_cite(&self, p: &mut Project<'_>, cite: Cite) {
        if p.quiet == 0 {
            p.manuscript.cites.push(cite);
        }
    }

    fn push_internal(&self, p: &mut Project<'_>, target: String, span: Range<usize>) {
        if p.quiet == 0 {
            p.manuscript.internal_links.push(InternalLink {
                target,
                span: self.span(span),
            });
        }
    }

    fn push_bibliography(
        &self,
        p: &mut Project<'_>,
        path: PathBuf,
        written: &str,
        at: Range<usize>,
    ) {
        if p.quiet == 0 {
            p.bib_files.push((
                path,
                Bibliography {
                    path: written.to_string(),
                    span: self.span(at),
                    read: false,
                },
            ));
        }
    }

    fn cite_item(&self, key: &str, at: usize) -> CiteItem {
        CiteItem {
            key: key.to_string(),
            key_span: self.span(at..at + key.len()),
            prefix: None,
            locator: None,
            suffix: None,
            suppress_author: false,
        }
    }
}
