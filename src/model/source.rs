//! A manuscript's text as citelint sees it: its name, its decoded text and a line index.
//!
//! Every span in citelint is a byte range into the [`Source::text`] of the file it names. Lines
//! and columns exist only for people: they are computed here, at the edge, and are 1-based with
//! columns counted in characters (not bytes), as editors and the JSON output expect.
//!
//! For a format that is not text (a PDF, a DOCX), the text is the reader's rendition of it
//! (`citelint extract --format text` prints it), and positions refer to that.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::span::{FileId, Span};

/// A line and column, both 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One manuscript: the name it is reported under and its decoded text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file's place in the run; every span read from it carries it.
    id: FileId,
    name: String,
    /// The file it was read from; `None` for standard input and text made in memory.
    path: Option<PathBuf>,
    text: String,
    line_starts: Vec<usize>,
    /// How many characters start before each multiple of [`BLOCK`] bytes; built on the first
    /// column asked beyond a block from its line's start.
    char_blocks: OnceLock<Vec<usize>>,
    /// Where each page starts, when the text is a rendition with pages (a PDF's): page `k`
    /// (1-based) starts at `pages[k - 1]`. Empty otherwise.
    pages: Vec<usize>,
    /// Named parts of a rendition, by where they start (a DOCX's `body`, `footnotes`,
    /// `endnotes`). Empty otherwise.
    parts: Vec<(usize, &'static str)>,
    /// True when the bytes were not valid UTF-8 and were decoded lossily.
    pub lossy: bool,
}

impl Source {
    /// A source from text that is already valid UTF-8.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(memchr_lines(&text))
            .collect::<Vec<_>>();
        Source {
            id: FileId::default(),
            name: name.into(),
            path: None,
            text,
            line_starts,
            char_blocks: OnceLock::new(),
            pages: Vec::new(),
            parts: Vec::new(),
            lossy: false,
        }
    }

    /// A source from raw bytes; invalid UTF-8 is replaced with U+FFFD and remembered in
    /// [`Source::lossy`].
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Source::new(name, text),
            Err(err) => {
                let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
                let mut source = Source::new(name, text);
                source.lossy = true;
                source
            }
        }
    }

    /// The source with the file it was read from.
    pub fn with_path(mut self, path: Option<PathBuf>) -> Self {
        self.path = path;
        self
    }

    /// The source with pages starting at `starts` (sorted byte offsets, the first 0).
    pub fn with_pages(mut self, starts: Vec<usize>) -> Self {
        self.pages = starts;
        self
    }

    /// The source with named parts starting at the given offsets (sorted).
    pub fn with_parts(mut self, parts: Vec<(usize, &'static str)>) -> Self {
        self.parts = parts;
        self
    }

    /// The 1-based page an offset is on, when the text has pages.
    pub fn page(&self, offset: usize) -> Option<usize> {
        (!self.pages.is_empty()).then(|| self.pages.partition_point(|&s| s <= offset).max(1))
    }

    /// The name of the part an offset is in, when the text has parts.
    pub fn part(&self, offset: usize) -> Option<&'static str> {
        let k = self.parts.partition_point(|&(s, _)| s <= offset);
        k.checked_sub(1).map(|k| self.parts[k].1)
    }

    /// The source as the file `id` of the run.
    pub fn with_id(mut self, id: FileId) -> Self {
        self.id = id;
        self
    }

    pub fn id(&self) -> FileId {
        self.id
    }

    /// A span of this source.
    pub fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.id, range)
    }

    /// The name it is reported under (a path as given, or `<stdin>`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file it was read from, if it was read from one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The 1-based line and character column of a byte offset (clamped to the text; inside a
    /// character, the character's column).
    ///
    /// The line is found by binary search; the column is counted from the line's start, or, more
    /// than [`BLOCK`] bytes into a line, from an index of character counts per block built once:
    /// a finding on a 16 MB line costs a block, not the line.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        let column = if offset - start <= BLOCK {
            char_starts(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        Position {
            line,
            column: column + 1,
        }
    }

    /// The 1-based line of a byte offset (clamped to the text), by binary search.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// How many characters start before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let blocks = self.char_blocks.get_or_init(|| {
            let mut total = 0;
            std::iter::once(0)
                .chain(bytes.chunks_exact(BLOCK).map(|block| {
                    total += char_starts(block);
                    total
                }))
                .collect()
        });
        let k = offset / BLOCK;
        blocks[k] + char_starts(&bytes[k * BLOCK..offset])
    }

    /// The byte range of 1-based line `line`, without its line break.
    pub fn line_span(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let body = self.text[start..end].trim_end_matches(['\n', '\r']);
        Some(start..start + body.len())
    }

    /// How many lines the text has (a trailing newline does not start a new line).
    pub fn line_count(&self) -> usize {
        if self.text.ends_with('\n') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }
}

/// The stride, in bytes, of the index of character counts: a column costs at most two blocks.
const BLOCK: usize = 4_096;

/// How many characters start in `bytes`: the bytes that do not continue a UTF-8 sequence.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

fn memchr_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let s = Source::new("t", "ab\n“c”d\n");
        assert_eq!(s.position(0), Position { line: 1, column: 1 });
        assert_eq!(s.position(3), Position { line: 2, column: 1 });
        let d = s.text().find('d').unwrap();
        assert_eq!(s.position(d), Position { line: 2, column: 4 });
        assert_eq!(s.line_count(), 2);
        assert_eq!(&s.text()[s.line_span(2).unwrap()], "“c”d");
    }

    /// The position as counting from the start of the text gives it.
    fn naive(s: &Source, offset: usize) -> Position {
        let before = &s.text()[..offset];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[start..].chars().count() + 1;
        Position { line, column }
    }

    #[test]
    fn the_position_index_agrees_with_counting() {
        // Lines longer than a block, of characters of every width, some straddling blocks; and
        // short lines between them.
        let mut text = String::new();
        for k in 0..5_000 {
            text.push_str(["a", "é", "“", "𝄞", " "][k % 5]);
        }
        text.push_str("\nshort ’\n");
        text.push_str(&"ab€".repeat(4_000));
        text.push_str("\n\nend\n");
        let s = Source::new("t", text.clone());
        let boundaries = (0..=text.len()).filter(|&o| text.is_char_boundary(o));
        for offset in boundaries {
            assert_eq!(s.position(offset), naive(&s, offset), "offset {offset}");
        }
        // Past the end: the end.
        assert_eq!(s.position(text.len() + 5), naive(&s, text.len()));
        // Inside a character: that character's column.
        let inside = text.find('é').unwrap() + 1;
        assert_eq!(s.position(inside), naive(&s, inside - 1));
        let far = text.rfind('€').unwrap() + 2;
        assert_eq!(s.position(far), naive(&s, far - 2));
    }

    #[test]
    fn pages_and_parts() {
        let s = Source::new("t", "one\x0ctwo\x0cthree");
        assert_eq!(s.page(0), None);
        let s = s
            .with_pages(vec![0, 4, 8])
            .with_parts(vec![(0, "body"), (8, "footnotes")]);
        assert_eq!(
            (s.page(0), s.page(4), s.page(9)),
            (Some(1), Some(2), Some(3))
        );
        assert_eq!((s.part(3), s.part(8)), (Some("body"), Some("footnotes")));
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let s = Source::from_bytes("t", b"a\xffb".to_vec());
        assert!(s.lossy);
        assert_eq!(s.text(), "a\u{fffd}b");
    }
}
