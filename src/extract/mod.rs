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
    let mut manuscript = plain::extract(source.text());
    for note in &mut manuscript.notes {
        let mut citations = cite::parse_note(&note.text);
        for c in &mut citations {
            c.span = note.source_span(&c.span);
            for f in &mut c.fields {
                f.span = note.source_span(&f.span);
            }
        }
        note.citations = citations;
    }
    manuscript
}
