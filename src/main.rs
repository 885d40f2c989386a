//! The `citelint` binary: parse the flags, call the library, map the outcome to an exit code.
//!
//! Exit codes: 0 no error-level finding; 1 at least one error-level finding; 2 usage, input or
//! internal error. A closed pipe (`citelint check x | head`) exits 0.

use clap::Parser;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use citelint::cli::{self, Cli, Outcome, Terminal};
use citelint::input::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let terminal = Terminal {
        is_terminal: std::io::stdout().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = cli::run(cli, terminal, &mut std::io::stdin().lock(), &mut out);
    let flushed = out.flush();
    match (result, flushed) {
        (Err(Error::Output(e)), _) | (Ok(_), Err(e))
            if e.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        (Ok(Outcome::Clean), Ok(())) => ExitCode::SUCCESS,
        (Ok(Outcome::Errors), Ok(())) => ExitCode::from(1),
        (Ok(_), Err(e)) => report_error(Error::Output(e)),
        (Err(e), _) => report_error(e),
    }
}

fn report_error(error: Error) -> ExitCode {
    eprintln!("{:?}", miette::Report::new(error));
    ExitCode::from(2)
}
