//! A bibliography entry (`@book{key, …}` in a `.bib` file): its key, its type and its fields,
//! each with the span it was read from.
//!
//! An entry also carries a [`Citation`] made of its own fields under the names the citation
//! rules read (`doi`, `isbn`, `url`, `accessed`, `date`, …), so that the rules that check a
//! DOI, an ISBN, an access date or a year in a footnote check them in a bibliography too, once
//! per entry, without knowing where the citation came from.

use super::citation::Citation;
use super::span::Span;

/// One entry of a bibliography.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The citation key as written.
    pub key: String,
    pub key_span: Span,
    /// The entry type, lowercased (`book`, `article`, `online`).
    pub kind: String,
    /// The type as written (`@Book`), for messages and positions.
    pub kind_span: Span,
    /// From the `@` to the entry's end.
    pub span: Span,
    /// The fields with their values resolved (macros expanded, `#` joined, accents decoded),
    /// then the fields inherited from a `crossref` parent that the entry does not set.
    pub fields: Vec<EntryField>,
    /// The entry's own fields read as a citation (see the module documentation).
    pub citation: Citation,
}

/// One field of an [`Entry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryField {
    /// The field's name, lowercased (`author`, `journaltitle`).
    pub name: String,
    /// The value resolved to text.
    pub value: String,
    /// Where the value is written (for an inherited field, in its parent).
    pub span: Span,
    /// Inherited from the `crossref` parent.
    pub inherited: bool,
}

impl Entry {
    /// The field with this (lowercase) name, own or inherited.
    pub fn field(&self, name: &str) -> Option<&EntryField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field with this name when it holds something besides spaces.
    pub fn non_empty(&self, name: &str) -> Option<&EntryField> {
        self.field(name).filter(|f| !f.value.trim().is_empty())
    }
}
