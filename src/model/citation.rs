//! A citation as the parser reads it: what it cites ([`Kind`]) and its typed fields, with
//! spans. The parser (`cite/`) fills it; rules and reports read it.

use serde::Serialize;

use super::span::Span;

/// What a citation cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Book,
    Chapter,
    Article,
    Newspaper,
    Archival,
    Report,
    WebPage,
    Interview,
    Thesis,
    /// A court decision: `R v Brown [1994] 1 AC 212 (HL) 230`, `Brown v. Board of Education, 347
    /// U.S. 483 (1954)`.
    Case,
    /// A statute, treaty or other enactment: `Human Rights Act 1998, s 3`, `42 U.S.C. § 2000e`.
    Legislation,
    /// `Ibid.`, `Id.`.
    Ibid,
    /// `Acheson, Present at the Creation, 365.`, `Acheson, op. cit.`.
    ShortForm,
    /// OSCOLA `Acheson (n 2) 365`.
    CrossReference,
    Unknown,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Book => "book",
            Kind::Chapter => "chapter",
            Kind::Article => "article",
            Kind::Newspaper => "newspaper",
            Kind::Archival => "archival",
            Kind::Report => "report",
            Kind::WebPage => "web-page",
            Kind::Interview => "interview",
            Kind::Thesis => "thesis",
            Kind::Case => "case",
            Kind::Legislation => "legislation",
            Kind::Ibid => "ibid",
            Kind::ShortForm => "short-form",
            Kind::CrossReference => "cross-reference",
            Kind::Unknown => "unknown",
        }
    }
}

/// One field of a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// `author`, `title`, `container_title`, `pages`, `accessed`, …
    pub name: &'static str,
    /// The value, trimmed of the punctuation that separates fields (`p.363` gives `363`).
    pub value: String,
    /// Where it stands in the text the citation was read from.
    pub span: Span,
}

/// One citation in a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The citation's span in the text it was read from (commentary excluded).
    pub span: Span,
    /// The citation's text (from the note's text, line breaks folded).
    pub text: String,
    /// `See`, `Cf.`, `cited in`… introducing it.
    pub commentary: Option<String>,
    pub kind: Kind,
    pub fields: Vec<Field>,
}

impl Citation {
    /// The first field with this name.
    pub fn get(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every value of a field (`author` may have several).
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|f| f.name == name)
            .map(|f| f.value.as_str())
            .collect()
    }
}

/// The reference manager that inserted a citation into a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Manager {
    Zotero,
    Mendeley,
    EndNote,
}

impl Manager {
    /// The product's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Manager::Zotero => "Zotero",
            Manager::Mendeley => "Mendeley",
            Manager::EndNote => "EndNote",
        }
    }
}

/// One work a reference-manager citation cites, as the author's library describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedWork {
    /// The manager's own type (CSL `book`, `article-journal`, …; EndNote `Book Section`, …).
    pub source_type: String,
    /// What it is, in the citation parser's terms ([`Kind::Unknown`] for a type with no match).
    pub kind: Kind,
    /// The work's fields under the citation parser's names (`author` once per author as
    /// `Family, Given`, `title`, `container_title`, `publisher`, `place`, `date`, `accessed`,
    /// `doi`, `isbn`, `url`, `archive`, `identifier`), dates as `YYYY[-MM[-DD]]`.
    pub fields: Vec<(&'static str, String)>,
    /// The pinpoint cited (CSL `locator`, EndNote `Pages`), if any: its absence is a citation
    /// without a page.
    pub locator: Option<String>,
}

impl CitedWork {
    /// The first value of a field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A citation a reference manager (Zotero, Mendeley, EndNote) inserted into a document: the data
/// of the works it cites, held beside the text the document shows (which the note's parsed
/// [`Citation`]s are read from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedCitation {
    pub manager: Manager,
    /// The citation's visible text (a field's result, a reference mark's content).
    pub span: Span,
    /// The visible text, whitespace folded.
    pub visible: String,
    /// The text the manager generated for it, whitespace folded, when the document keeps it
    /// (Zotero's `plainCitation`, Mendeley's `plainTextFormattedCitation`, EndNote's
    /// `DisplayText`).
    pub generated: Option<String>,
    pub works: Vec<CitedWork>,
}

impl ManagedCitation {
    /// The visible text is not what the manager generated: someone edited it by hand.
    pub fn edited(&self) -> bool {
        self.generated.as_ref().is_some_and(|g| *g != self.visible)
    }
}

/// `text` with every run of whitespace (no-break spaces included) folded into one space, and
/// trimmed: how a citation's visible and generated texts are compared.
pub fn fold_whitespace(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
