//! The online checks: each asks the network (through [`crate::net`]) and returns its results
//! as data (`model::online`), which the rules read. Nothing here decides what is a finding.
//!
//! - [`liveness`]: does every cited URL still lead somewhere?

mod checker;
pub mod liveness;

pub use liveness::{LinkOptions, LinkResults, Progress, check, check_blocking};
