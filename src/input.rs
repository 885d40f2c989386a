//! Reading manuscripts from paths or standard input, and the errors that stop a run.
//!
//! Input problems are typed errors, reported by `main` through miette with exit code 2: a
//! missing file, a directory, a binary file (NUL bytes; a PDF gets a hint to extract its text),
//! a file over the size limit. Invalid UTF-8 is not an error: it is decoded lossily and the
//! `invalid-utf8` rule reports it.

use std::io::Read;
use std::path::Path;

use crate::source::Source;

/// The largest manuscript read, in bytes. Extraction is linear, so this is about memory: the
/// text and its model are held at once.
pub const MAX_FILE_SIZE: u64 = 1 << 30;

/// Everything that stops a run before any finding is reported (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("cannot read `{path}`: no such file or directory")]
    #[diagnostic(
        code(citelint::input),
        help("check the path, or use `-` to read standard input")
    )]
    NotFound { path: String },

    #[error("`{path}` is a directory")]
    #[diagnostic(code(citelint::input), help("name the manuscript files inside it"))]
    Directory { path: String },

    #[error("`{path}` is a PDF file, not text")]
    #[diagnostic(
        code(citelint::input),
        help(
            "extract its text first: `pdftotext -enc UTF-8 {path} thesis.txt`, then check `thesis.txt`"
        )
    )]
    Pdf { path: String },

    #[error("`{path}` is a binary file (it contains NUL bytes)")]
    #[diagnostic(
        code(citelint::input),
        help("citelint reads text: extract the manuscript's text first")
    )]
    Binary { path: String },

    #[error("`{path}` is too large ({size} bytes; the limit is {limit} bytes)")]
    #[diagnostic(
        code(citelint::input),
        help("split the manuscript into chapters and check them together")
    )]
    TooLarge { path: String, size: u64, limit: u64 },

    #[error("cannot read `{path}`")]
    #[diagnostic(code(citelint::input))]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("unknown rule `{0}`")]
    #[diagnostic(
        code(citelint::usage),
        help("`citelint rules` lists every rule code and name")
    )]
    UnknownRule(String),

    #[error("cannot start the link checker")]
    #[diagnostic(code(citelint::internal))]
    Runtime(#[source] std::io::Error),

    #[error("cannot write the report")]
    #[diagnostic(code(citelint::output))]
    Output(#[source] std::io::Error),
}

/// The name standard input is reported under.
pub const STDIN_NAME: &str = "<stdin>";

/// Read one manuscript: a path, or `-` for `stdin`.
pub fn read(path: &str, stdin: &mut dyn Read) -> Result<Source, Error> {
    let io = |source| Error::Io {
        path: path.to_string(),
        source,
    };
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        stdin
            .take(MAX_FILE_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        bytes
    } else {
        let p = Path::new(path);
        let meta = match std::fs::metadata(p) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotFound {
                    path: path.to_string(),
                });
            }
            Err(e) => return Err(io(e)),
        };
        if meta.is_dir() {
            return Err(Error::Directory {
                path: path.to_string(),
            });
        }
        if meta.len() > MAX_FILE_SIZE {
            return Err(Error::TooLarge {
                path: path.to_string(),
                size: meta.len(),
                limit: MAX_FILE_SIZE,
            });
        }
        // `fs::read` sizes its buffer from the metadata in one allocation; the size was checked
        // above, and is checked again below in case the file grew in between.
        std::fs::read(p).map_err(io)?
    };
    let name = if path == "-" { STDIN_NAME } else { path };
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(Error::TooLarge {
            path: name.to_string(),
            size: bytes.len() as u64,
            limit: MAX_FILE_SIZE,
        });
    }
    if bytes.starts_with(b"%PDF-") {
        return Err(Error::Pdf {
            path: name.to_string(),
        });
    }
    if bytes.contains(&0) {
        return Err(Error::Binary {
            path: name.to_string(),
        });
    }
    Ok(Source::from_bytes(name, bytes))
}
