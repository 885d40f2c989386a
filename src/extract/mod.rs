//! Extractors: one per input format, each turning a [`Source`] into the same [`Manuscript`].
//!
//! Format-specific knowledge stops here: nothing downstream knows whether a note came from a
//! PDF's text or a Markdown footnote.

pub mod plain;
pub mod urls;

use crate::model::Manuscript;
use crate::source::Source;

/// Extract everything from a manuscript. Plain text (as extracted from a PDF) is the only format
/// read so far; every file is read as such.
pub fn extract(source: &Source) -> Manuscript {
    plain::extract(source.text())
}
