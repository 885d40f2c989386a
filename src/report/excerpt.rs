//! The few lines around a finding, each clipped to a window, as miette reads them.
//!
//! miette renders whatever text its `SourceCode` hands it, and a manuscript can hold a line of
//! megabytes (a PDF extract with no line breaks, a minified file). Lending it the whole source
//! made the report cost O(findings x line length) and, past column 65,535, panic inside miette.
//! An [`Excerpt`] holds only the lines a finding's spans touch, with one line of context on
//! each side, each clipped to [`WINDOW`] bytes around the spans on it (`…` marks what was cut).
//! Line numbers and the header's `line:col` stay those of the real source, with the column
//! counted in characters as in every other format. Building one costs O(spans x WINDOW), never
//! the length of a line.
//!
//! It refuses to show a span that crosses more than [`MAX_SPAN_LINES`] lines whole: such a span
//! is shown up to the end of its first lines.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use std::ops::Range;

use crate::model::Source;

/// A byte range of the source shown.
type Span = Range<usize>;

/// The most bytes of one line shown, starting [`LEAD`] bytes before the first span on it.
pub const WINDOW: usize = 240;

/// Bytes shown before the first span on a line (and after the last), when the line is cut.
const LEAD: usize = 80;

/// The most lines one span is shown across.
const MAX_SPAN_LINES: usize = 6;

/// What is shown where a line was cut.
const CUT: &str = "…";

/// Some lines of a source, clipped, with the real line numbers and columns.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    lines: Vec<Shown>,
}

/// One line of the excerpt.
#[derive(Debug, Clone, Copy)]
struct Shown {
    /// Where it starts in the excerpt's text (at the `…` when the start was cut).
    start: usize,
    /// Where it ends in the excerpt's text, before its line break.
    end: usize,
    /// Which block of consecutive real lines it belongs to.
    block: usize,
    /// The real line, 0-based.
    line: usize,
    /// The real byte range shown.
    real: (usize, usize),
    /// Bytes of `…` before the shown text.
    cut: usize,
    /// The real character column (0-based) of `real.0`.
    column: usize,
}

impl Excerpt {
    /// The excerpt showing `spans` (byte ranges of `source`), and the spans moved into it.
    pub fn new(source: &Source, spans: &[Span]) -> (Excerpt, Vec<Span>) {
        let text = source.text();
        let clamp = |s: &Span| {
            let start = floor(text, s.start.min(text.len()));
            start..ceil(text, s.end.clamp(start, text.len()))
        };
        let spans: Vec<Span> = spans.iter().map(clamp).collect();
        // Each span's first and last line (1-based), the last cut to MAX_SPAN_LINES.
        let extents: Vec<(usize, usize)> = spans
            .iter()
            .map(|s| {
                let first = source.position(s.start).line;
                let last_byte = if s.end > s.start {
                    floor(text, s.end - 1)
                } else {
                    s.start
                };
                let last = source.position(last_byte).line;
                (first, last.min(first + MAX_SPAN_LINES - 1))
            })
            .collect();
        // A trailing line break does not start a line, unless a span lies after it.
        let last_line = extents
            .iter()
            .map(|e| e.1)
            .fold(source.line_count(), usize::max);
        let mut ranges: Vec<(usize, usize)> = extents
            .iter()
            .map(|&(a, b)| (a.saturating_sub(1).max(1), (b + 1).min(last_line)))
            .collect();
        ranges.sort_unstable();
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        for (a, b) in ranges {
            match blocks.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => blocks.push((a, b)),
            }
        }
        // The byte offsets, on each line, that must be shown: span starts and ends.
        let mut points: Vec<(usize, usize)> = Vec::new();
        for (s, &(first, last)) in spans.iter().zip(&extents) {
            points.push((first, s.start));
            let end_line = source.position(s.end).line;
            if end_line <= last {
                points.push((end_line, s.end));
            }
        }
        points.sort_unstable();
        // A rendition with pages (a PDF's) names the page of the first span: `thesis.pdf:p12`.
        let name = super::shown_name(source.name()).into_owned();
        let name = match spans.first().and_then(|s| source.page(s.start)) {
            Some(page) => format!("{name}:p{page}"),
            None => name,
        };
        let mut excerpt = Excerpt {
            name,
            text: String::new(),
            lines: Vec::new(),
        };
        for (k, &(a, b)) in blocks.iter().enumerate() {
            for line in a..=b {
                excerpt.push_line(source, line, k, &points);
            }
        }
        let moved = spans
            .iter()
            .zip(&extents)
            .map(|(s, &(first, last))| {
                let start = excerpt.locate(first, s.start);
                let end_line = source.position(s.end).line;
                let end = if end_line <= last {
                    excerpt.locate(end_line, s.end)
                } else {
                    excerpt.line_end(last)
                };
                start..end.max(start)
            })
            .collect();
        (excerpt, moved)
    }

    /// Append real line `line` (1-based), clipped around its points, or around the points of
    /// the nearest line of its block that has some.
    fn push_line(&mut self, source: &Source, line: usize, block: usize, points: &[(usize, usize)]) {
        let text = source.text();
        let span = source.line_span(line).unwrap_or(text.len()..text.len());
        let on = |l: usize| -> Vec<usize> {
            let from = points.partition_point(|p| p.0 < l);
            points[from..]
                .iter()
                .take_while(|p| p.0 == l)
                .map(|p| p.1)
                .collect()
        };
        // A context line takes the columns of a neighbouring line's points.
        let (relative, here) = [line, line + 1, line.wrapping_sub(1)]
            .into_iter()
            .map(|l| (l, on(l)))
            .find(|(_, p)| !p.is_empty())
            .map_or((None, Vec::new()), |(l, p)| {
                let base = source.line_span(l).map_or(0, |s| s.start);
                (Some(base), p)
            });
        let (lo, hi) = if span.len() <= WINDOW || here.is_empty() {
            (span.start, span.start + span.len().min(WINDOW))
        } else {
            let base = relative.unwrap_or(span.start);
            let first = span.start + (here[0] - base).min(span.len());
            let lo = first.saturating_sub(LEAD).max(span.start);
            let hi = (lo + WINDOW).min(span.end);
            // Near the end of the line, show more of what comes before.
            (hi.saturating_sub(WINDOW).max(span.start).min(lo), hi)
        };
        let (lo, hi) = (floor(text, lo), ceil(text, hi.max(lo)));
        let start = self.text.len();
        let cut = if lo > span.start { CUT.len() } else { 0 };
        if cut > 0 {
            self.text.push_str(CUT);
        }
        self.text.push_str(&text[lo..hi]);
        let end = self.text.len();
        if hi < span.end {
            self.text.push_str(CUT);
        }
        self.text.push('\n');
        self.lines.push(Shown {
            start,
            end,
            block,
            line: line - 1,
            real: (lo, hi),
            cut,
            column: source.position(lo).column - 1,
        });
    }

    /// The excerpt offset of real byte `offset` on real line `line` (1-based), clamped to
    /// what is shown of it.
    fn locate(&self, line: usize, offset: usize) -> usize {
        match self.lines.iter().find(|l| l.line + 1 == line) {
            Some(l) => l.start + l.cut + (offset.clamp(l.real.0, l.real.1) - l.real.0),
            None => self.text.len(),
        }
    }

    /// The excerpt offset of the end of real line `line` (1-based), as shown.
    fn line_end(&self, line: usize) -> usize {
        self.lines
            .iter()
            .find(|l| l.line + 1 == line)
            .map_or(self.text.len(), |l| l.end)
    }

    /// The index of the shown line holding excerpt offset `offset`.
    fn line_at(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= offset)
            .saturating_sub(1)
    }

    /// The excerpt's text.
    #[cfg(test)]
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        if self.lines.is_empty() || span.offset() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.line_at(span.offset());
        let last = self
            .line_at((span.offset() + span.len()).saturating_sub(usize::from(!span.is_empty())))
            .max(first);
        let block = self.lines[first].block;
        let mut top = first;
        while top > 0 && first - top < before && self.lines[top - 1].block == block {
            top -= 1;
        }
        let mut bottom = last;
        while bottom + 1 < self.lines.len()
            && bottom - last < after
            && self.lines[bottom + 1].block == block
        {
            bottom += 1;
        }
        let from = self.lines[top].start;
        let to = (self.lines[bottom].end + 1).min(self.text.len());
        let shown = self.lines[first];
        let into = span.offset().saturating_sub(shown.start + shown.cut);
        let into = into.min(shown.end.saturating_sub(shown.start + shown.cut));
        let column = shown.column
            + self.text[shown.start + shown.cut..shown.start + shown.cut + into]
                .chars()
                .count();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            self.lines[top].line,
            column,
            bottom - top + 1,
        )))
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole_with_their_neighbours() {
        let source = Source::new("t", "one\ntwo “x” three\nfour\nfive\n");
        let at = source.text().find("three").unwrap();
        let (excerpt, spans) = Excerpt::new(&source, std::slice::from_ref(&(at..at + 5)));
        assert_eq!(excerpt.text(), "one\ntwo “x” three\nfour\n");
        assert_eq!(&excerpt.text()[spans[0].clone()], "three");
        let contents = excerpt
            .read_span(&SourceSpan::new(spans[0].start.into(), 5), 0, 0)
            .unwrap();
        assert_eq!(contents.line(), 1);
        assert_eq!(
            contents.column(),
            8,
            "a character column, not a byte column"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line = format!("{}TARGET{}", "“".repeat(70_000), "y".repeat(70_000));
        let source = Source::new("t", format!("before\n{line}\nafter\n"));
        let at = source.text().find("TARGET").unwrap();
        let (excerpt, spans) = Excerpt::new(&source, std::slice::from_ref(&(at..at + 6)));
        assert!(
            excerpt.text().len() < 3 * WINDOW,
            "{}",
            excerpt.text().len()
        );
        assert_eq!(&excerpt.text()[spans[0].clone()], "TARGET");
        assert!(excerpt.text().contains("…“"));
        let contents = excerpt
            .read_span(&SourceSpan::new(spans[0].start.into(), 6), 0, 0)
            .unwrap();
        assert_eq!((contents.line(), contents.column()), (1, 70_000));
    }

    #[test]
    fn distant_spans_make_separate_blocks() {
        let text: String = (1..=100).map(|n| format!("line {n}\n")).collect();
        let source = Source::new("t", text);
        let a = source.text().find("line 3\n").unwrap();
        let b = source.text().find("line 90\n").unwrap();
        let (excerpt, spans) = Excerpt::new(&source, &[a..a + 6, b..b + 7]);
        assert_eq!(
            excerpt.text(),
            "line 2\nline 3\nline 4\nline 89\nline 90\nline 91\n"
        );
        let second = excerpt
            .read_span(&SourceSpan::new(spans[1].start.into(), 7), 1, 1)
            .unwrap();
        assert_eq!(second.line(), 88);
        assert_eq!(second.line_count(), 3);
    }
}
