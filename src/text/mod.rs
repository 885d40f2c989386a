//! Text helpers every reader shares: finding URLs in prose (and joining the ones a PDF split),
//! dates, the numbers notes are labelled with, and the headings that matter to notes.
//!
//! They work on `&str` and byte ranges, know nothing of formats, and import only the model.

pub mod dates;
pub mod headings;
pub mod numbers;
pub mod urls;
