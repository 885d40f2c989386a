//! LaTeX projects: a main file and what it includes, read with the tree-sitter LaTeX grammar
//! (see [`tokens`] for why a tree is flattened), with the bibliographies it names.
//!
//! What is read:
//! - the main file, then every file it brings in where LaTeX would (`\input`, `\include`
//!   (only those `\includeonly` lists; the others still count their notes, as LaTeX does from
//!   the `.aux`), `\subfile` (its body), `\import`/`\subimport` and their `from` forms): paths
//!   are relative to the main file's directory, or to the directory an `\import` names. Each
//!   file is one [`Source`] and every span names it. A missing file is a
//!   [`Problem::MissingInclude`]; a file that includes itself, directly or through others, a
//!   [`Problem::CircularInclude`], and the inclusion is not followed;
//! - footnotes numbered as LaTeX prints them: `\footnote[n]{…}`, `\footnotemark`,
//!   `\footnotetext`, `\tablefootnote`, and the biblatex commands that make a note
//!   (`\footcite`, `\footcites`, `\footfullcite`, `\smartcite`, and `\autocite`/`\textcite`
//!   under a notes style); the counter is reset at each numbered `\chapter` of the main matter
//!   in every class but the article-like ones (unless `\counterwithout{footnote}{chapter}`),
//!   set by `\setcounter`/`\addtocounter`, and set back to 0 by `\maketitle`; `\thanks` notes
//!   and `\endnote`s are sequences of their own;
//! - links: `\url`, `\nolinkurl`, `\href{url}{text}` (its text is what the link shows),
//!   `\doi`, and bare URLs in the text; `\hyperlink`/`\hyperref[…]` targets as internal links;
//! - citations by key: the `\cite` family of natbib and biblatex (`\citet`, `\citep`,
//!   `\parencite`, `\footcite`, `\cites(…)(…)[…][…]{…}[…]{…}`, …), the postnote as locator;
//!   `\nocite` (`\nocite{*}` cites every entry);
//! - the bibliographies of `\bibliography{}` and `\addbibresource{}`, read by [`super::bibtex`].
//!
//! Not prose, so nothing in them is read: comments, `\iffalse…\fi`, math, `verbatim`,
//! `lstlisting`, `minted`, `comment` and the other raw environments, `\verb`, the preamble
//! (except what configures the above), command definitions, and what follows
//! `\end{document}`. Macros the document defines are not expanded.

mod walk;

pub mod tokens;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::extract::FileIds;
use crate::model::{Bibliography, FileId, Format, Manuscript, Problem, ReadProblem, Source, Span};

/// Classes whose footnotes run on across the document (no `\chapter`).
const ARTICLE_CLASSES: &[&str] = &[
    "article",
    "scrartcl",
    "amsart",
    "revtex4",
    "revtex4-1",
    "revtex4-2",
    "llncs",
    "elsarticle",
    "ieeetran",
    "acmart",
    "beamer",
    "letter",
    "subfiles",
];

/// The footnote and endnote counters and what decides them.
#[derive(Debug)]
struct Counters {
    /// The document class, lowercased.
    class: String,
    /// `\counterwithin`/`\counterwithout{footnote}{chapter}` said so.
    per_chapter: Option<bool>,
    footnote: u32,
    endnote: u32,
    thanks: u32,
    /// The numbering sequence footnotes are in, and the next free one.
    section: usize,
    next_section: usize,
    endnote_section: Option<usize>,
    thanks_section: Option<usize>,
    /// `\frontmatter` numbers no chapter (book, memoir).
    mainmatter: bool,
    /// `\autocite` and `\textcite` make footnotes (a biblatex notes style).
    notes_style: bool,
}

impl Counters {
    fn new() -> Self {
        Counters {
            class: String::new(),
            per_chapter: None,
            footnote: 0,
            endnote: 0,
            thanks: 0,
            section: 0,
            next_section: 1,
            endnote_section: None,
            thanks_section: None,
            mainmatter: true,
            notes_style: false,
        }
    }

    fn new_section(&mut self) -> usize {
        let s = self.next_section;
        self.next_section += 1;
        s
    }

    /// A numbered `\chapter`.
    fn chapter(&mut self) {
        let resets = self
            .per_chapter
            .unwrap_or(!ARTICLE_CLASSES.contains(&self.class.as_str()));
        if resets && self.mainmatter {
            self.footnote = 0;
            self.section = self.new_section();
        }
    }

    /// Labels of `\thanks` are symbols in article-like classes and memoir, numbers in the
    /// title pages of report and book.
    fn thanks_label(&self) -> String {
        let symbols = self.class == "memoir" || ARTICLE_CLASSES.contains(&self.class.as_str());
        if symbols {
            fnsymbol(self.thanks)
        } else {
            self.thanks.to_string()
        }
    }
}

/// LaTeX's `\fnsymbol`: `*`, `†`, `‡`, `§`, `¶`, `‖`, `**`, `††`, `‡‡`.
fn fnsymbol(n: u32) -> String {
    const SYMBOLS: &[&str] = &["*", "†", "‡", "§", "¶", "‖", "**", "††", "‡‡"];
    match n.checked_sub(1).and_then(|k| SYMBOLS.get(k as usize)) {
        Some(s) => s.to_string(),
        None => n.to_string(),
    }
}

/// A file of the project already read: its id and tokens, so that a second inclusion reads it
/// again without a second copy.
struct Loaded {
    index: usize,
    tokens: std::rc::Rc<Vec<tokens::Token>>,
}

/// The project being read.
struct Project<'i> {
    ids: &'i mut FileIds,
    sources: Vec<Source>,
    /// The main file's directory: include paths are relative to it.
    root: PathBuf,
    /// The files being read, innermost last (canonical paths).
    stack: Vec<PathBuf>,
    loaded: HashMap<PathBuf, Loaded>,
    manuscript: Manuscript,
    counters: Counters,
    /// `\includeonly`'s list.
    include_only: Option<Vec<String>>,
    /// Reading a file `\includeonly` leaves out: counters run, nothing is recorded.
    quiet: usize,
    /// The bibliographies named, with where.
    bib_files: Vec<(PathBuf, Bibliography)>,
}

/// Read a LaTeX project from its main file `main` (already file `main.id()` of the run); the
/// files it includes and its bibliographies get ids from `ids`. `bibliographies` (relative to
/// the main file's directory) are read when the project names none.
pub fn read(
    main: Source,
    bibliographies: &[PathBuf],
    ids: &mut FileIds,
) -> (Vec<Source>, Manuscript) {
    let root = main
        .path()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let canonical = main.path().and_then(|p| p.canonicalize().ok());
    let mut project = Project {
        ids,
        sources: Vec::new(),
        root: root.clone(),
        stack: Vec::new(),
        loaded: HashMap::new(),
        manuscript: Manuscript {
            format: Format::Latex,
            ..Manuscript::default()
        },
        counters: Counters::new(),
        include_only: None,
        quiet: 0,
        bib_files: Vec::new(),
    };
    let toks = std::rc::Rc::new(tokens::tokens(main.text()));
    if let Some(c) = &canonical {
        project.loaded.insert(
            c.clone(),
            Loaded {
                index: 0,
                tokens: toks.clone(),
            },
        );
    }
    project.sources.push(main);
    project.read_file(0, canonical, root.clone(), false);
    if project.bib_files.is_empty() {
        for b in bibliographies {
            let span = Span::new(project.sources[0].id(), 0..0);
            let bib = Bibliography {
                path: b.display().to_string(),
                span,
                read: false,
            };
            project.bib_files.push((root.join(b), bib));
        }
    }
    project.read_bibliographies();
    let mut manuscript = project.manuscript;
    manuscript.notes_are_commentary = manuscript.bibliographies.iter().any(|b| b.read);
    manuscript.owns_bibliographies = true;
    (project.sources, manuscript)
}

impl Project<'_> {
    /// Walk source `index` (whose canonical path is `path`), with includes relative to `dir`;
    /// `body_only` skips the preamble of a subfile.
    fn read_file(&mut self, index: usize, path: Option<PathBuf>, dir: PathBuf, body_only: bool) {
        let text = self.sources[index].text().to_string();
        let file = self.sources[index].id();
        let toks = match path.as_ref().and_then(|p| self.loaded.get(p)) {
            Some(l) => l.tokens.clone(),
            None => std::rc::Rc::new(tokens::tokens(&text)),
        };
        if let Some(p) = &path {
            self.stack.push(p.clone());
        }
        let mut w = walk::Walk::new(&text, file, &toks, dir, index == 0 || body_only);
        w.run_file(self, body_only);
        if let Some(p) = &path
            && self.stack.last() == Some(p)
        {
            self.stack.pop();
        }
    }

    /// Include the file `target` (as written: `name`, at `span`), reading it relative to `dir`
    /// from now on.
    fn include(
        &mut self,
        candidates: &[PathBuf],
        name: &str,
        span: Span,
        dir: PathBuf,
        body_only: bool,
    ) {
        let Some(found) = candidates.iter().find(|p| p.is_file()) else {
            if self.quiet == 0 {
                self.manuscript.problems.push(ReadProblem {
                    kind: Problem::MissingInclude,
                    span,
                    message: format!("included file `{name}` does not exist"),
                    help:
                        "correct the path (relative to the main file's directory), or add the file"
                            .to_string(),
                });
            }
            return;
        };
        let canonical = found.canonicalize().unwrap_or_else(|_| found.clone());
        if self.stack.contains(&canonical) {
            if self.quiet == 0 {
                self.circular(&canonical, name, span);
            }
            return;
        }
        let index = match self.loaded.get(&canonical) {
            Some(l) => l.index,
            None => match self.load(found, &canonical, span) {
                Some(index) => index,
                None => return,
            },
        };
        self.read_file(index, Some(canonical), dir, body_only);
    }

    fn circular(&mut self, canonical: &Path, name: &str, span: Span) {
        let chain: Vec<String> = self
            .stack
            .iter()
            .skip_while(|p| p.as_path() != canonical)
            .chain(std::iter::once(&canonical.to_path_buf()))
            .map(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        let message = if chain.len() <= 2 {
            format!("`{name}` includes itself")
        } else {
            format!("circular inclusion: {}", chain.join(" -> "))
        };
        self.manuscript.problems.push(ReadProblem {
            kind: Problem::CircularInclude,
            span,
            message,
            help: "remove this inclusion: LaTeX would include the file again and again until it runs out of memory".to_string(),
        });
    }

    /// Read the file at `path` as a new source; `None` (and a problem) when it cannot be read.
    fn load(&mut self, path: &Path, canonical: &Path, span: Span) -> Option<usize> {
        let bytes = match read_limited(path) {
            Ok(bytes) => bytes,
            Err(why) => {
                self.manuscript.problems.push(ReadProblem {
                    kind: Problem::MissingInclude,
                    span,
                    message: format!("included file `{}` cannot be read: {why}", path.display()),
                    help: "check the file's permissions and size".to_string(),
                });
                return None;
            }
        };
        let id: FileId = self.ids.next_id();
        let source = Source::from_bytes(path.display().to_string(), bytes)
            .with_path(Some(path.to_path_buf()))
            .with_id(id);
        let toks = std::rc::Rc::new(tokens::tokens(source.text()));
        self.sources.push(source);
        let index = self.sources.len() - 1;
        self.loaded.insert(
            canonical.to_path_buf(),
            Loaded {
                index,
                tokens: toks,
            },
        );
        Some(index)
    }

    /// Read the bibliographies named, each once.
    fn read_bibliographies(&mut self) {
        let mut seen: Vec<PathBuf> = Vec::new();
        for (path, mut bib) in std::mem::take(&mut self.bib_files) {
            let canonical = path.canonicalize().ok();
            if let Some(c) = &canonical
                && seen.contains(c)
            {
                bib.read = true;
                self.manuscript.bibliographies.push(bib);
                continue;
            }
            match read_limited(&path) {
                Ok(bytes) => {
                    let id = self.ids.next_id();
                    let source = Source::from_bytes(path.display().to_string(), bytes)
                        .with_path(Some(path.clone()))
                        .with_id(id);
                    let read = crate::extract::bibtex::read(source.text(), id);
                    self.manuscript.entries.extend(read.entries);
                    self.manuscript.links.extend(read.links);
                    self.manuscript.problems.extend(read.problems);
                    self.sources.push(source);
                    seen.extend(canonical);
                    bib.read = true;
                }
                Err(_) => self.manuscript.problems.push(ReadProblem {
                    kind: Problem::MissingInclude,
                    span: bib.span,
                    message: format!("bibliography `{}` does not exist", path.display()),
                    help:
                        "correct the path (relative to the main file's directory), or add the file"
                            .to_string(),
                }),
            }
            self.manuscript.bibliographies.push(bib);
        }
    }
}

/// A file's bytes, within the size limit of a manuscript.
pub(crate) fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a file".to_string());
    }
    if meta.len() > crate::input::MAX_FILE_SIZE {
        return Err(format!("larger than {} bytes", crate::input::MAX_FILE_SIZE));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}
