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
