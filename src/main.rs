//! The `citelint` binary: parse the flags, call the library, map the outcome to an exit code.
//!
//! Exit codes: 0 no error-level finding; 1 at least one error-level finding; 2 usage, input or
//! internal error. A closed pipe (`citelint check x | head`) exits 0. A progress bar for link
//! checking is drawn on standard error when it is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use citelint::cli::{self, Cli, Outcome, Terminal};
use citelint::input::Error;

fn main() -> ExitCode {
    let cli = Cli::parse_with_default_command(std::env::args_os());
    let progress_bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("checking links {bar:30} {pos}/{len}")
                .expect("valid template"),
        );
        bar
    });
    let terminal = Terminal {
        is_terminal: std::io::stdout().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        progress: progress_bar.clone().map(|bar| {
            Arc::new(move |done: usize, total: usize| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }) as cli::Progress
        }),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = cli::run(cli, terminal, &mut std::io::stdin().lock(), &mut out);
    if let Some(bar) = progress_bar {
        bar.finish_and_clear();
    }
    let flushed = out.flush();
    if let Ok(finished) = &result {
        for warning in &finished.warnings {
            eprintln!("warning: {warning}");
        }
        for notice in &finished.notices {
            eprintln!("{notice}");
        }
    }
    match (result, flushed) {
        (Err(Error::Output(e)), _) | (Ok(_), Err(e))
            if e.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        (Ok(finished), Ok(())) => match finished.outcome {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Errors => ExitCode::from(1),
        },
        (Ok(_), Err(e)) => report_error(Error::Output(e)),
        (Err(e), _) => report_error(e),
    }
}

fn report_error(error: Error) -> ExitCode {
    eprintln!("{:?}", miette::Report::new(error));
    ExitCode::from(2)
}
