//! `citelint init`: write the commented default configuration file.

use std::io::Write;
use std::path::Path;

use super::{Finished, Outcome, write_out};
use crate::error::Error;

pub fn run(path: &Path, force: bool, out: &mut dyn Write) -> Result<Finished, Error> {
    crate::atomic::write_new(path, crate::config::TEMPLATE, force)?;
    write_out(out, &format!("wrote {}\n", path.display()))?;
    Ok(Outcome::Clean.into())
}
