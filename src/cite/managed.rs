//! Reference-manager data beside a note's text: a citation Zotero, Mendeley or EndNote
//! inserted carries the data of the works it cites ([`ManagedCitation`](crate::model::ManagedCitation)), and the citations
//! parsed from the note's text are completed from it, so that the completeness rules judge
//! what the author's library holds rather than guess it from the words.
//!
//! For each managed citation, the citations parsed inside its text are paired with its works
//! in order. A full citation takes the work's kind and the fields its text lacks (the text's
//! own fields stay as printed, with their spans; a field from the data gets the citation's
//! span); its pinpoint is the work's locator, so a work cited without a locator has no page,
//! whatever the text says (a page typed into the citation by hand is lost when the manager
//! refreshes it). A repeat form (`Ibid.`, a short form) is left as the text gives it. A URL in
//! the data is added only to a web page: a work's URL that the note does not print is not
//! cited, and would ask for an access date.

use crate::model::{Citation, CitedWork, Field, Kind, Manuscript};

/// Complete the parsed citations of every note from the reference-manager data over them.
pub fn apply(manuscript: &mut Manuscript) {
    let Manuscript { notes, managed, .. } = manuscript;
    for m in managed.iter() {
        let Some(note) = notes.iter_mut().find(|n| {
            n.text_span.file == m.span.file
                && n.text_span.start <= m.span.start
                && m.span.start < n.text_span.end
        }) else {
            continue;
        };
        let inside = note
            .citations
            .iter_mut()
            .filter(|c| c.span.start < m.span.end && m.span.start < c.span.end);
        for (c, work) in inside.zip(&m.works) {
            complete(c, work);
        }
    }
}

/// Complete one citation from the work it cites.
fn complete(c: &mut Citation, work: &CitedWork) {
    if matches!(c.kind, Kind::Ibid | Kind::ShortForm | Kind::CrossReference) {
        return;
    }
    if work.kind != Kind::Unknown {
        c.kind = work.kind;
    }
    for (name, value) in &work.fields {
        if *name == "url" && c.kind != Kind::WebPage {
            continue;
        }
        if !c.has(name) {
            c.fields.push(Field {
                name,
                value: value.clone(),
                span: c.span,
            });
        }
    }
    match &work.locator {
        Some(locator) if !c.has("pages") => c.fields.push(Field {
            name: "pages",
            value: locator.clone(),
            span: c.span,
        }),
        Some(_) => {}
        None => c.fields.retain(|f| f.name != "pages"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileId, ManagedCitation, Manager, Note, Span};

    fn work(kind: Kind, locator: Option<&str>) -> CitedWork {
        CitedWork {
            source_type: String::new(),
            kind,
            fields: vec![
                ("title", "Present".into()),
                ("publisher", "Norton".into()),
                ("place", "New York".into()),
                ("date", "1969".into()),
                ("url", "https://books.example.org/1".into()),
            ],
            locator: locator.map(str::to_string),
        }
    }

    fn manuscript(text: &str, works: Vec<CitedWork>) -> Manuscript {
        let span = Span::new(FileId(0), 0..text.len());
        let mut note = Note::verbatim("1".into(), span, span, text.into(), 0);
        note.citations = crate::cite::parse_note(text);
        Manuscript {
            notes: vec![note],
            managed: vec![ManagedCitation {
                manager: Manager::Zotero,
                span,
                visible: text.into(),
                generated: None,
                works,
            }],
            ..Manuscript::default()
        }
    }

    #[test]
    fn the_data_completes_the_text_and_the_locator_is_the_page() {
        let mut m = manuscript(
            "Dean Acheson, Present at the Creation (1969), 357.",
            vec![work(Kind::Book, Some("357"))],
        );
        apply(&mut m);
        let c = &m.notes[0].citations[0];
        assert_eq!(c.kind, Kind::Book);
        assert!(c.has("publisher") && c.has("date") && c.has("pages"));
        assert!(!c.has("url"), "a book's URL is not cited");
        // No locator: no page, whatever the text says.
        let mut m = manuscript(
            "Dean Acheson, Present (New York: Norton, 1969), 357.",
            vec![work(Kind::Book, None)],
        );
        apply(&mut m);
        assert!(!m.notes[0].citations[0].has("pages"));
    }

    #[test]
    fn repeat_forms_are_left_alone() {
        let mut m = manuscript("Ibid.", vec![work(Kind::Book, Some("4"))]);
        apply(&mut m);
        let c = &m.notes[0].citations[0];
        assert_eq!((c.kind, c.fields.len()), (Kind::Ibid, 0));
    }
}
