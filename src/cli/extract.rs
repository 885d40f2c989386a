//! `citelint extract`: what the readers found (references, notes, links, citations), with
//! positions, or the text positions refer to. No rule runs, no link is asked.

use clap::ValueEnum;
use std::io::{Read, Write};

use super::{Finished, Outcome};
use crate::cite::style::Style;
use crate::error::Error;
use crate::input;
use crate::report::{self, FileReport};
use crate::settings::{ConfigArgs, load_config, style_name, style_of};

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Manuscripts to read, or directories to walk; `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format: a table, JSON, or the text that positions refer to
    #[arg(long, value_enum, default_value_t = DumpFormat::Human)]
    pub format: DumpFormat,
    /// The note style whose requirements each citation's `missing` lists [default: chicago-17]
    #[arg(long, value_parser = style_name)]
    pub style: Option<&'static Style>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// What `extract` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// A table per file
    Human,
    /// Machine-readable JSON (see the README)
    Json,
    /// The text that lines and columns refer to (the file itself for text and Markdown)
    Text,
}

pub fn run(
    args: ExtractArgs,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
) -> Result<Finished, Error> {
    let loaded = load_config(&args.config)?;
    let style = style_of(args.style, &loaded);
    let paths = input::collect_paths(
        &args.paths,
        None,
        &loaded.config.files,
        &loaded.config.latex,
        stdin,
    )?;
    let citations = args.format != DumpFormat::Text;
    let files: Vec<FileReport> = crate::check::read_all(&paths, stdin, citations)?
        .into_iter()
        .map(|document| FileReport {
            sources: document.sources,
            manuscript: document.manuscript,
            diagnostics: Vec::new(),
            style,
        })
        .collect();
    match args.format {
        DumpFormat::Human => report::extract_human(&files, out),
        DumpFormat::Json => report::extract_json(&files, out),
        DumpFormat::Text => report::extract_text(&files, out),
    }
    .map_err(Error::Output)?;
    Ok(Outcome::Clean.into())
}
