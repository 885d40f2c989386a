//! `citelint man` and `citelint completions`: the manual pages and shell completion scripts,
//! generated from the command line's own definition so that they never drift from it.

use clap::CommandFactory;
use std::io::Write;
use std::path::PathBuf;

use super::{Cli, Finished, Outcome, write_out};
use crate::error::Error;

/// The exit codes, for the manual pages.
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
no error-level finding (warnings may have been reported)
.TP
\fB1\fR
at least one error-level finding, or a warning with \fB--deny warnings\fR
.TP
\fB2\fR
usage, configuration or input error, or an internal error, reported on standard error
"#;

/// The manual pages: `citelint.1` first, then `citelint-COMMAND.1` for every command, each
/// with its options; the pages of `citelint` and `citelint check` end with the exit codes.
fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut top = Cli::command().disable_help_subcommand(true);
    top.build();
    let mut commands = vec![top.clone()];
    commands.extend(top.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
    commands
        .into_iter()
        .map(|command| {
            // `build` named each command's page after its full name (`citelint-check`).
            let man = clap_mangen::Man::new(command);
            let name = man.get_filename();
            let mut page = Vec::new();
            man.render(&mut page)?;
            if name == "citelint.1" || name == "citelint-check.1" {
                page.extend_from_slice(EXIT_STATUS.as_bytes());
            }
            Ok((name, page))
        })
        .collect()
}

/// Print `citelint.1`, or write every page into `dir`.
pub fn run(dir: Option<PathBuf>, out: &mut dyn Write) -> Result<Finished, Error> {
    let pages = man_pages().map_err(Error::Output)?;
    let Some(dir) = dir else {
        out.write_all(&pages[0].1).map_err(Error::Output)?;
        return Ok(Outcome::Clean.into());
    };
    for (name, page) in &pages {
        let path = dir.join(name);
        crate::atomic::write_atomically(&path, page).map_err(|source| Error::Write {
            path: path.display().to_string(),
            source,
        })?;
        write_out(out, &format!("wrote {}\n", path.display()))?;
    }
    Ok(Outcome::Clean.into())
}

/// Print a completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<Finished, Error> {
    clap_complete::generate(shell, &mut Cli::command(), "citelint", out);
    Ok(Outcome::Clean.into())
}
