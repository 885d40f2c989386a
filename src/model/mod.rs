//! The nouns of citelint: what a manuscript is made of, what a finding is, what checking a link
//! found. Every reader fills these types and every rule and reporter reads them.
//!
//! This is the bottom layer: nothing here imports anything else from the crate, so that a new
//! reader, rule or online check needs only these types, never the parser, the network or another
//! reader. (`tests/architecture.rs` checks that, and that no module imports form a cycle.)

pub mod citation;
pub mod diagnostic;
pub mod entry;
pub mod manuscript;
pub mod online;
pub mod provenance;
pub mod source;
pub mod span;

pub use citation::{Citation, CitedWork, Field, Kind, ManagedCitation, Manager, fold_whitespace};
pub use diagnostic::{Diagnostic, Fix, Label, RuleInfo, Severity};
pub use entry::{Entry, EntryField};
pub use manuscript::{
    Bibliography, Cite, CiteItem, Format, InternalLink, Link, LinkDefinition, Manuscript, Note,
    NoteRef, Problem, ReadProblem,
};
pub use online::{Hop, LinkReport, LinkStats, Outcome, Unreachable};
pub use provenance::{ArchivedCopy, Provenance, ProvenanceStats};
pub use source::{Position, Source};
pub use span::{FileId, Span};
