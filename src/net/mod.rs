//! The network layer every online check shares: an HTTP client whose every connection goes
//! through the address policy (checked after DNS resolution, on every hop), per-host and global
//! limits, and the on-disk cache of results.
//!
//! This is the only place citelint opens a connection. It knows nothing of what a check asks
//! or concludes: that is in `online/` (liveness today). It never prints.

pub mod cache;
pub mod client;
pub mod limits;
pub mod policy;
pub mod resolver;
