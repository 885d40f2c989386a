//! Note styles as data: what a first full note needs for each kind of source, whether the place
//! of publication is wanted, when an access date is required, and which repeat forms are
//! allowed. A style is a row of tables, not a code path: adding one is adding a `Style` value.

use serde::Serialize;

use super::Kind;

/// When a cited URL needs an access date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessDate {
    /// For every URL (MHRA, OSCOLA).
    Always,
    /// Only when the source has no date of its own (Chicago, Turabian).
    WhenUndated,
}

/// Whether a style wants the place of publication of a book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    Always,
    /// Only for books published before 1900 (Chicago 18).
    Before1900,
    Never,
}

/// How `Ibid.` may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IbidUse {
    /// Allowed for the single source of the note just before.
    Allowed,
    /// Allowed, but the style prefers a short form (Chicago 18).
    Discouraged,
}

/// A note style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Style {
    pub name: &'static str,
    pub title: &'static str,
    pub place: Place,
    pub access_date: AccessDate,
    pub ibid: IbidUse,
    /// For each kind, the fields a first full note needs (`pages` is the pinpoint).
    pub requires: &'static [(Kind, &'static [&'static str])],
}

impl Style {
    /// The fields a first full note of `kind` needs in this style.
    pub fn required(&self, kind: Kind) -> &'static [&'static str] {
        self.requires
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(&[], |(_, fields)| fields)
    }

    pub fn needs(&self, kind: Kind, field: &str) -> bool {
        self.required(kind).contains(&field)
    }
}

/// What a first full note needs, by kind of source (`pages` is the pinpoint). The styles
/// citelint knows agree on this table; they differ in the policies of [`Style`] (place of
/// publication, access dates, `Ibid.`), which [`super::missing`] applies on top of it.
const FIRST_NOTE: &[(Kind, &[&str])] = &[
    (Kind::Book, &["title", "publisher", "date", "pages"]),
    (
        Kind::Chapter,
        &["title", "container_title", "publisher", "date", "pages"],
    ),
    (
        Kind::Article,
        &["title", "container_title", "date", "pages"],
    ),
    (Kind::Newspaper, &["title", "container_title", "date"]),
    (Kind::Report, &["title", "date"]),
    (Kind::Thesis, &["title", "date"]),
    (Kind::WebPage, &["title", "url"]),
    (Kind::Archival, &["archive", "identifier"]),
    (Kind::Interview, &["date"]),
    (Kind::Case, &["title", "date"]),
    (Kind::Legislation, &["title"]),
];

/// Every style, the default first.
pub const STYLES: &[Style] = &[
    Style {
        name: "chicago-17",
        title: "The Chicago Manual of Style, 17th edition (notes and bibliography)",
        place: Place::Always,
        access_date: AccessDate::WhenUndated,
        ibid: IbidUse::Allowed,
        requires: FIRST_NOTE,
    },
    Style {
        name: "chicago-18",
        title: "The Chicago Manual of Style, 18th edition (notes and bibliography)",
        place: Place::Before1900,
        access_date: AccessDate::WhenUndated,
        ibid: IbidUse::Discouraged,
        requires: FIRST_NOTE,
    },
    Style {
        name: "turabian-9",
        title: "Turabian, A Manual for Writers, 9th edition (notes-bibliography style)",
        place: Place::Always,
        access_date: AccessDate::WhenUndated,
        ibid: IbidUse::Allowed,
        requires: FIRST_NOTE,
    },
    Style {
        name: "mhra-4",
        title: "MHRA Style Guide, 4th edition",
        place: Place::Never,
        access_date: AccessDate::Always,
        ibid: IbidUse::Allowed,
        requires: FIRST_NOTE,
    },
    Style {
        name: "oscola-4",
        title: "OSCOLA, 4th edition",
        place: Place::Never,
        access_date: AccessDate::Always,
        ibid: IbidUse::Allowed,
        requires: FIRST_NOTE,
    },
];

/// The style with this name.
pub fn find(name: &str) -> Option<&'static Style> {
    STYLES.iter().find(|s| s.name.eq_ignore_ascii_case(name))
}

/// The default style, `chicago-17`.
pub fn default_style() -> &'static Style {
    &STYLES[0]
}

impl Style {
    /// Does this style want the place of publication for a book of `year`?
    pub fn wants_place(&self, year: Option<u32>) -> bool {
        match self.place {
            Place::Always => true,
            Place::Never => false,
            Place::Before1900 => year.is_some_and(|y| y < 1900),
        }
    }
}
