//! `citelint cite`: parse references, one per line, into typed citations (like `anystyle
//! parse`), and say what the style wants that each lacks.

use clap::ValueEnum;
use std::io::{Read, Write};

use super::{Finished, Outcome};
use crate::cite::style::Style;
use crate::error::Error;
use crate::input;
use crate::model::Citation;
use crate::report;
use crate::settings::style_name;

#[derive(Debug, clap::Args)]
pub struct CiteArgs {
    /// A file of references, one per line; `-` or nothing reads standard input
    #[arg(value_name = "FILE", default_value = "-")]
    pub path: String,
    /// The note style whose requirements `missing` lists
    #[arg(long, default_value = "chicago-17", value_parser = style_name)]
    pub style: &'static Style,
    /// Output format
    #[arg(long, value_enum, default_value_t = CiteFormat::Json)]
    pub format: CiteFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiteFormat {
    Human,
    Json,
}

pub fn run(args: CiteArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<Finished, Error> {
    let source = input::read(&args.path, stdin)?;
    let citations: Vec<(String, Option<Citation>)> = source
        .text()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| (line.to_string(), crate::cite::parse_reference(line)))
        .collect();
    match args.format {
        CiteFormat::Json => report::cite_json(&citations, args.style, out),
        CiteFormat::Human => report::cite_human(&citations, args.style, out),
    }
    .map_err(Error::Output)?;
    Ok(Outcome::Clean.into())
}
