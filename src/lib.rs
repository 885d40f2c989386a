//! citelint: a verifier of citations and provenance for thesis drafts.
//!
//! The data flows one way: read ([`input`]) -> extract ([`extract`], one reader per format,
//! into the [`model`]) -> citations ([`cite`]) -> online checks ([`online`], over the network layer [`net`]) -> rules ([`rules`],
//! producing [`Diagnostic`](model::Diagnostic)s) -> report ([`report`]); [`check`] runs the
//! pipeline. The nouns live in [`model`], which imports nothing else from the crate; text
//! helpers every reader shares in [`text`]. The library never prints and never exits:
//! [`cli::run`] writes to the writer it is given and returns the outcome; `main` maps it to an
//! exit code.
//!
//! ```
//! use citelint::model::Source;
//! use citelint::{extract, rules};
//!
//! let source = Source::new("draft.txt", "It ended in 1953.1 It resumed later.2\n1 Ibid., p. 4.\n");
//! let manuscript = extract::extract(&source);
//! assert_eq!(manuscript.refs.len(), 2);
//! let findings = rules::check(&source, &manuscript, None, &rules::Options::default());
//! assert_eq!(findings[0].rule.code, "N001"); // footnote 2 has no text
//! ```
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic;
pub mod check;
pub mod cite;
pub mod cli;
pub mod config;
pub mod error;
pub mod extract;
pub mod fix;
pub mod input;
pub mod model;
pub mod net;
pub mod online;
pub mod paths;
pub mod report;
pub mod rules;
pub mod settings;
pub mod suppress;
pub mod text;
