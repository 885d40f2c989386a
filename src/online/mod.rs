//! The online checks: each asks the network (through [`crate::net`]) and returns its results
//! as data (`model::online`), which the rules read. Nothing here decides what is a finding.
//!
//! - [`liveness`]: does every cited URL still lead somewhere?
//! - [`provenance`]: does every cited work exist as cited, and where is a dead page archived?

mod checker;
pub mod liveness;
pub mod provenance;

pub use liveness::{LinkOptions, LinkResults, Progress, check, check_blocking};
