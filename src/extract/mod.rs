//! Readers: one per input format, each turning a file into the same [`Manuscript`].
//!
//! [`read`] is the seam: it learns a file's [`Format`] (`input::format`), refuses a format
//! citelint does not read yet with a message saying what to do (never a silent pass), and hands
//! the bytes to the format's reader. A reader returns the text its positions refer to (the file
//! itself for plain text and Markdown; a rendition for formats that are not text) and what it
//! found there. Format-specific knowledge stops here: nothing downstream knows whether a note
//! came from a PDF's text or a Markdown footnote.
//!
//! Parsing the notes' citations is not a reader's job: it knows nothing of formats, and the
//! pipeline runs it only when a rule or report needs citations ([`crate::cite::annotate`]).

pub mod bibtex;
pub mod latex;
pub mod markdown;
pub mod office;
pub mod pdf;
pub mod plain;

use crate::error::Error;
use crate::input::{Input, format};
use crate::model::{FileId, Format, Manuscript, Problem, ReadProblem, Source};

/// What reading one manuscript gave.
#[derive(Debug)]
pub struct Document {
    /// The texts positions refer to: the file read first (named after it), then any file it
    /// brings in (a reader of a format with includes adds them, with ids from [`FileIds`]).
    pub sources: Vec<Source>,
    pub manuscript: Manuscript,
}

/// Hands out the run's file ids, one per file read, in order.
#[derive(Debug, Default)]
pub struct FileIds(u32);

impl FileIds {
    pub fn next_id(&mut self) -> FileId {
        let id = FileId(self.0);
        self.0 = self.0.saturating_add(1);
        id
    }
}

/// Read the manuscript `input` holding `bytes`; its files get their ids from `ids`.
pub fn read(input: &Input, bytes: Vec<u8>, ids: &mut FileIds) -> Result<Document, Error> {
    let file = ids.next_id();
    let format = format::detect(input.path.as_deref(), &bytes);
    if let Format::Docx | Format::Odt | Format::Doc = format {
        return office::read(input, format, &bytes, file);
    }
    if let Some((what, help)) = format::unread(format, &input.name) {
        return Err(Error::Unsupported {
            path: input.name.clone(),
            what,
            help,
        });
    }
    if format == Format::Pdf {
        return read_pdf(input, bytes, file);
    }
    if bytes.contains(&0) {
        return Err(Error::Binary {
            path: input.name.clone(),
        });
    }
    let source = Source::from_bytes(input.name.clone(), bytes)
        .with_path(input.path.clone())
        .with_id(file);
    if format == Format::Latex {
        let (sources, manuscript) = latex::read(source, &input.bibliographies, ids);
        return Ok(Document {
            sources,
            manuscript,
        });
    }
    if format == Format::Bibtex {
        let read = bibtex::read(source.text(), file);
        let manuscript = Manuscript {
            format,
            entries: read.entries,
            links: read.links,
            problems: read.problems,
            ..Manuscript::default()
        };
        return Ok(Document {
            sources: vec![source],
            manuscript,
        });
    }
    let mut manuscript = match format {
        Format::Markdown => markdown::extract(source.text()),
        _ => plain::extract(source.text()),
    };
    manuscript.format = format;
    note_missing_bibliographies(&mut manuscript, input);
    manuscript.stamp(file);
    let mut sources = vec![source];
    read_bibliographies(&mut manuscript, input, &mut sources, ids);
    Ok(Document {
        sources,
        manuscript,
    })
}

/// Read a PDF: its rendition is the source, with its pages.
fn read_pdf(input: &Input, bytes: Vec<u8>, file: FileId) -> Result<Document, Error> {
    let path = input.name.clone();
    let reading = pdf::read(bytes, &pdf::LayoutOptions::default()).map_err(|r| match r {
        pdf::Refusal::Encrypted => Error::Encrypted { path },
        pdf::Refusal::UnsupportedEncryption => Error::Encrypted { path },
        pdf::Refusal::Invalid => Error::BrokenPdf { path },
        pdf::Refusal::NoText { pages, .. } => Error::NoText { path, pages },
    })?;
    let source = Source::new(input.name.clone(), reading.text)
        .with_path(input.path.clone())
        .with_id(file)
        .with_pages(reading.pages);
    let mut manuscript = reading.manuscript;
    manuscript.stamp(file);
    Ok(Document {
        sources: vec![source],
        manuscript,
    })
}

/// Read the `.bib` files a Markdown manuscript's front matter names (each once), so that its
/// pandoc citations are checked against their entries. Other bibliography formats (CSL JSON,
/// YAML) are not read, and leave the citations unchecked.
fn read_bibliographies(
    manuscript: &mut Manuscript,
    input: &Input,
    sources: &mut Vec<Source>,
    ids: &mut FileIds,
) {
    let dir = input
        .path
        .as_deref()
        .and_then(std::path::Path::parent)
        .unwrap_or(std::path::Path::new(""));
    let mut seen: Vec<std::path::PathBuf> = Vec::new();
    for k in 0..manuscript.bibliographies.len() {
        let written = manuscript.bibliographies[k].path.clone();
        let is_bib = std::path::Path::new(&written)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("bib"));
        let Ok(path) = crate::paths::expand(std::path::Path::new(&written)).map(|p| dir.join(p))
        else {
            continue;
        };
        if !is_bib || !path.is_file() {
            continue;
        }
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        if seen.contains(&canonical) {
            manuscript.bibliographies[k].read = true;
            continue;
        }
        let Ok(bytes) = latex::read_limited(&path) else {
            continue;
        };
        let id = ids.next_id();
        let source = Source::from_bytes(path.display().to_string(), bytes)
            .with_path(Some(path.clone()))
            .with_id(id);
        let read = bibtex::read(source.text(), id);
        manuscript.entries.extend(read.entries);
        manuscript.links.extend(read.links);
        manuscript.problems.extend(read.problems);
        manuscript.bibliographies[k].read = true;
        sources.push(source);
        seen.push(canonical);
    }
}

/// A bibliography the manuscript names that is not there (relative paths are relative to the
/// manuscript's directory; for standard input, to the current directory).
fn note_missing_bibliographies(manuscript: &mut Manuscript, input: &Input) {
    let dir = input
        .path
        .as_deref()
        .and_then(std::path::Path::parent)
        .unwrap_or(std::path::Path::new(""));
    for b in &manuscript.bibliographies {
        let path = crate::paths::expand(std::path::Path::new(&b.path))
            .map(|p| dir.join(p))
            .ok();
        if path.is_none_or(|p| !p.is_file()) {
            manuscript.problems.push(ReadProblem {
                kind: Problem::MissingInclude,
                span: b.span,
                message: format!("bibliography `{}` does not exist", b.path),
                help: "correct the path (relative to this file), or add the file".to_string(),
            });
        }
    }
}

/// Read a source as plain text extracted from a PDF, citations parsed: the whole pipeline up
/// to the rules, for one text in memory.
pub fn extract(source: &Source) -> Manuscript {
    let mut manuscript = plain::extract(source.text());
    manuscript.stamp(source.id());
    crate::cite::annotate(&mut manuscript);
    manuscript
}
