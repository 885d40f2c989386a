//! citelint: a verifier of citations and provenance for thesis drafts.
//!
//! The data flows one way: read ([`input`], [`source`]) -> extract ([`extract`], into the
//! [`model`]) -> rules ([`rules`], producing [`diagnostic`]s) -> report ([`report`]). The library
//! never prints and never exits: [`cli::run`] writes to the writer it is given and returns the
//! outcome; `main` maps it to an exit code.
//!
//! ```
//! use citelint::{extract, rules, source::Source};
//!
//! let source = Source::new("draft.txt", "It ended in 1953.1 It resumed later.2\n1 Ibid., p. 4.\n");
//! let manuscript = extract::extract(&source);
//! assert_eq!(manuscript.refs.len(), 2);
//! let findings = rules::check(&source, &manuscript, None, &rules::Options::default());
//! assert_eq!(findings[0].rule.code, "N001"); // footnote 2 has no text
//! ```
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod cite;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod extract;
pub mod fix;
pub mod input;
pub mod links;
pub mod model;
pub mod paths;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
