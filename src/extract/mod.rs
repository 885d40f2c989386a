//! Extractors: one per input format, each turning a [`Source`] into the same [`Manuscript`].
//!
//! Format-specific knowledge stops here: nothing downstream knows whether a note came from a
//! PDF's text or a Markdown footnote.

pub mod plain;
pub mod urls;

use crate::cite;
use crate::model::Manuscript;
use crate::source::Source;

/// Extract everything from a manuscript. Plain text (as extracted from a PDF) is the only format
/// read so far; every file is read as such. Each note's citations are then parsed (that part
/// knows nothing of formats) and their spans mapped back to the source.
pub fn extract(source: &Source) -> Manuscript {
    extract_with(source, true)
}

/// [`extract`], parsing the notes' citations only when `citations` is set: a run whose rules
/// and report do not look at citations skips the most expensive step.
pub fn extract_with(source: &Source, citations: bool) -> Manuscript {
    let mut manuscript = plain::extract(source.text());
    if !citations {
        return manuscript;
    }
    // Notes are independent: a long manuscript's are parsed on every core.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = manuscript.notes.len().div_ceil(threads).max(64);
    std::thread::scope(|scope| {
        for notes in manuscript.notes.chunks_mut(chunk) {
            scope.spawn(move || notes.iter_mut().for_each(parse_citations));
        }
    });
    manuscript
}

/// Parse a note's citations and map their spans back to the source.
fn parse_citations(note: &mut crate::model::Note) {
    let mut citations = cite::parse_note(&note.text);
    for c in &mut citations {
        c.span = note.source_span(&c.span);
        for f in &mut c.fields {
            f.span = note.source_span(&f.span);
        }
    }
    note.citations = citations;
}
