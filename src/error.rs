//! The errors that stop a run before any finding is reported: they reach the user through
//! miette in `main`, with exit code 2.

/// Everything that stops a run before any finding is reported (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("cannot read `{path}`: no such file or directory")]
    #[diagnostic(
        code(citelint::input),
        help("check the path, or use `-` to read standard input")
    )]
    NotFound { path: String },

    #[error("`{path}` is {what}, which citelint does not read yet")]
    #[diagnostic(code(citelint::input), help("{help}"))]
    Unsupported {
        path: String,
        /// `a PDF file`, `a Word document (DOCX)`, …
        what: String,
        /// What to do instead.
        help: String,
    },

    #[error("cannot read `{path}`: {problem}")]
    #[diagnostic(code(citelint::input), help("{help}"))]
    Document {
        path: String,
        /// What is wrong with the document (`it is a password-protected Word document`).
        problem: String,
        /// What to do instead.
        help: String,
    },

    #[error("`{path}` is a binary file (it contains NUL bytes)")]
    #[diagnostic(
        code(citelint::input),
        help(
            "citelint reads text, Markdown and the formats listed under `Formats` in the README; extract the manuscript's text first"
        )
    )]
    Binary { path: String },

    #[error("`{path}` is an encrypted PDF, which citelint cannot read without its password")]
    #[diagnostic(
        code(citelint::input),
        help(
            "save a copy without the password (`qpdf --decrypt --password=PASSWORD {path} thesis.pdf`) and check that"
        )
    )]
    Encrypted { path: String },

    #[error("`{path}` is a PDF without text: its {pages} page(s) hold only images (a scan)")]
    #[diagnostic(
        code(citelint::input),
        help(
            "give it a text layer with OCR first (`ocrmypdf {path} thesis-ocr.pdf`), then check the result"
        )
    )]
    NoText { path: String, pages: usize },

    #[error("`{path}` starts like a PDF but cannot be read as one")]
    #[diagnostic(
        code(citelint::input),
        help("make the PDF again from its source, or repair it (`qpdf {path} repaired.pdf`)")
    )]
    BrokenPdf { path: String },

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

    #[error("invalid path {0}")]
    #[diagnostic(code(citelint::usage))]
    BadPath(String),

    #[error("unknown rule `{0}`")]
    #[diagnostic(
        code(citelint::usage),
        help("`citelint rules` lists every rule code and name")
    )]
    UnknownRule(String),

    #[error("cannot start the link checker")]
    #[diagnostic(code(citelint::internal))]
    Runtime(#[source] std::io::Error),

    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] Box<crate::config::ConfigError>),

    #[error("no manuscript found in `{path}`")]
    #[diagnostic(
        code(citelint::input),
        help(
            "citelint reads the files with the extensions in `[files] extensions` (by default those of every format it knows: `txt`, `md`, `pdf`, `docx`, `odt`, `tex`, ...)"
        )
    )]
    Empty { path: String },

    #[error("`{path}` exists already")]
    #[diagnostic(code(citelint::usage), help("pass `--force` to replace it"))]
    Exists { path: String },

    #[error("cannot write `{path}`")]
    #[diagnostic(code(citelint::output))]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write the report")]
    #[diagnostic(code(citelint::output))]
    Output(#[source] std::io::Error),
}
