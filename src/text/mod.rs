//! Text helpers every reader shares: finding URLs in prose (and joining the ones a PDF split),
//! dates, and the numbers notes are labelled with.
//!
//! They work on `&str` and byte ranges, know nothing of formats, and import only the model.

pub mod dates;
pub mod numbers;
pub mod urls;
