//! The `citelint` binary: parse the flags, call the library, map the outcome to an exit code.
//!
//! Exit codes: 0 no error-level finding; 1 at least one error-level finding; 2 usage, input or
//! internal error. A closed pipe (`citelint check x | head`) exits 0; a closed standard error
//! loses what would have been written there, nothing else. A progress bar for link
//! checking is drawn on standard error when it is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use citelint::cli::{self, Cli, Outcome, Terminal};
use citelint::error::Error;
use citelint::report::{self, Appearance};

fn main() -> ExitCode {
    let cli = Cli::parse_with_default_command(std::env::args_os());
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&w: &usize| w >= 20);
    // Errors on standard error are drawn like findings: never wrapped inside a path or a URL.
    let error_look = Appearance {
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        quiet: false,
        width: width.unwrap_or(80),
    };
    let _ = miette::set_hook(Box::new(move |_| Box::new(report::handler(error_look))));
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
        width,
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
            to_stderr(&format!("warning: {warning}"));
        }
        for notice in &finished.notices {
            to_stderr(notice);
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
    to_stderr(&format!("{:?}", miette::Report::new(error)));
    ExitCode::from(2)
}

/// A line for standard error. A closed or broken standard error loses the line, never the run
/// (`eprintln!` would panic).
fn to_stderr(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
