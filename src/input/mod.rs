//! Finding and reading manuscripts: the paths of a run (directories walked), each file's bytes
//! (within a size limit), and its [`Format`](crate::model::Format) ([`format`]).
//!
//! Input problems are typed errors ([`crate::error::Error`]), reported by `main` through miette
//! with exit code 2: a missing file, a directory with no manuscript, a file over the size limit.
//! What the bytes mean is the readers' business (`extract/`): nothing here refuses a file for
//! its content.

pub mod format;
pub mod latex;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::Source;

/// The largest manuscript read, in bytes. Extraction is linear, so this is about memory: the
/// text and its model are held at once.
pub const MAX_FILE_SIZE: u64 = 1 << 30;

/// The name standard input is reported under.
pub const STDIN_NAME: &str = "<stdin>";

/// One manuscript to read: a file, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file, or `None` for standard input.
    pub path: Option<PathBuf>,
    /// The name it is reported under: the path as given (lossily decoded when it is not valid
    /// UTF-8), or `<stdin>`.
    pub name: String,
    /// Bibliographies to read for a LaTeX main file that names none (`[latex] bibliography`).
    pub bibliographies: Vec<PathBuf>,
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn new(arg: &str) -> Input {
        if arg == "-" {
            Input {
                path: None,
                name: STDIN_NAME.to_string(),
                bibliographies: Vec::new(),
            }
        } else {
            Input::file(PathBuf::from(arg))
        }
    }

    pub fn file(path: PathBuf) -> Input {
        Input {
            name: path.to_string_lossy().into_owned(),
            path: Some(path),
            bibliographies: Vec::new(),
        }
    }
}

/// Read a text file (a list of paths, a file of references): a path, or `-` for `stdin`. A
/// binary file is refused.
pub fn read(path: &str, stdin: &mut dyn Read) -> Result<Source, Error> {
    let input = Input::new(&expand_arg(path)?);
    let bytes = read_bytes(&input, stdin)?;
    if bytes.contains(&0) {
        return Err(Error::Binary { path: input.name });
    }
    Ok(Source::from_bytes(input.name, bytes).with_path(input.path))
}

/// Read the bytes of one manuscript, within [`MAX_FILE_SIZE`].
pub fn read_bytes(input: &Input, stdin: &mut dyn Read) -> Result<Vec<u8>, Error> {
    let path = input.name.as_str();
    let io = |source| Error::Io {
        path: path.to_string(),
        source,
    };
    let bytes = if input.path.is_none() {
        let mut bytes = Vec::new();
        stdin
            .take(MAX_FILE_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        bytes
    } else {
        let p = input.path.as_deref().unwrap_or(Path::new(path));
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
            return Err(Error::Empty {
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
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(Error::TooLarge {
            path: path.to_string(),
            size: bytes.len() as u64,
            limit: MAX_FILE_SIZE,
        });
    }
    Ok(bytes)
}

/// The files a run reads: each path as given, directories walked (`.gitignore` respected,
/// hidden files skipped, only the configured extensions, `include`/`exclude` globs applied),
/// then the paths listed in `files_from`. A walked file whose name is not valid UTF-8 is read
/// all the same, under its name decoded lossily.
pub fn collect_paths(
    paths: &[String],
    files_from: Option<&str>,
    files: &crate::config::Files,
    latex: &crate::config::Latex,
    stdin: &mut dyn Read,
) -> Result<Vec<Input>, Error> {
    let mut given: Vec<String> = paths.to_vec();
    if let Some(list) = files_from {
        let source = read(list, stdin)?;
        given.extend(
            source
                .text()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }
    let extensions: Vec<String> = files
        .extensions
        .clone()
        .unwrap_or_else(|| format::WALKED.iter().map(|e| e.to_string()).collect());
    let globs = |patterns: &[String]| -> Result<Option<globset::GlobSet>, Error> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut builder = globset::GlobSetBuilder::new();
        for p in patterns {
            let glob = globset::Glob::new(p).map_err(|e| Error::Io {
                path: p.clone(),
                source: std::io::Error::other(e),
            })?;
            builder.add(glob);
        }
        builder.build().map(Some).map_err(|e| Error::Io {
            path: patterns.join(", "),
            source: std::io::Error::other(e),
        })
    };
    let include = globs(&files.include)?;
    let exclude = globs(&files.exclude)?;
    let mut out = Vec::new();
    for path in given {
        let path = expand_arg(&path)?;
        let p = Path::new(&path);
        if path == "-" || !p.is_dir() {
            out.push(Input::new(&path));
            continue;
        }
        let mut found = Vec::new();
        // .gitignore applies even outside a git checkout (a thesis folder often is not one).
        for entry in ignore::WalkBuilder::new(p)
            .require_git(false)
            .build()
            .flatten()
        {
            let file = entry.path();
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let ext_ok = file
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
            let relative = file.strip_prefix(p).unwrap_or(file);
            let included = include.as_ref().is_none_or(|g| g.is_match(relative));
            let excluded = exclude.as_ref().is_some_and(|g| g.is_match(relative));
            if ext_ok && included && !excluded {
                found.push(file.to_path_buf());
            }
        }
        if found.is_empty() {
            return Err(Error::Empty { path });
        }
        found.sort();
        out.extend(latex::mains(found, p, latex).into_iter().map(Input::file));
    }
    for input in &mut out {
        if input.path.as_ref().is_some_and(|p| latex::is_tex(p)) {
            input.bibliographies = latex.bibliography.iter().map(PathBuf::from).collect();
        }
    }
    Ok(out)
}

/// A path argument with a leading `~/` expanded (see [`crate::paths`]).
fn expand_arg(path: &str) -> Result<String, Error> {
    if !path.starts_with('~') {
        return Ok(path.to_string());
    }
    let expanded = crate::paths::expand(Path::new(path)).map_err(Error::BadPath)?;
    Ok(expanded.to_string_lossy().into_owned())
}
