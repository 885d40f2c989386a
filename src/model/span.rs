//! Where a thing was read: a byte range in one file of the run.
//!
//! A manuscript may come from several files (a LaTeX main file, its chapters and its `.bib`), so
//! a span names its file by a [`FileId`], the file's place in the run. Spans order by file, then
//! by position, which is the order findings are reported in.

use std::ops::Range;

/// A file of the run: its index in the order files were read (0 for a run of one file).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range of one file's text, always on char boundaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            start: range.start,
            end: range.end,
        }
    }

    /// The byte range, without the file.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Another range of the same file.
    pub fn with_range(&self, range: Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

/// `&text[span]`: the text a span covers (the caller knows it is the span's file).
impl std::ops::Index<Span> for str {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}
