//! The whole offline check (`citelint check --offline --isolated -`) on arbitrary bytes given
//! on standard input, in one of the report formats (picked by the first byte): no panic. An
//! input error (binary, unsupported format) is a normal outcome.
#![no_main]

use citelint::cli::{self, Cli, Terminal};
use libfuzzer_sys::fuzz_target;

const FORMATS: &[&str] = &[
    "human", "short", "json", "sarif", "github", "gitlab", "junit",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, text)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(first) % FORMATS.len()];
    let args = [
        "citelint",
        "check",
        "--offline",
        "--isolated",
        "--format",
        format,
        "-",
    ];
    let cli = Cli::parse_with_default_command(args);
    let mut stdin = text;
    let mut out = Vec::new();
    let _ = cli::run(cli, Terminal::default(), &mut stdin, &mut out);
});
