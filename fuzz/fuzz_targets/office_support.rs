//! What the `docx` and `odt` targets share: reading the bytes as the named document, then the
//! citation parser and every offline rule, with the links' spans checked against their text.

/// Read `bytes` as the document `name` and check whatever is read; panics are the findings.
pub fn check_document(name: &str, bytes: Vec<u8>) {
    let input = citelint::input::Input::new(name);
    let mut ids = citelint::extract::FileIds::default();
    if let Ok(doc) = citelint::extract::read(&input, bytes, &mut ids) {
        let mut m = doc.manuscript;
        citelint::cite::annotate(&mut m);
        let text = doc.sources[0].text();
        for l in &m.links {
            assert_eq!(&text[l.span], l.text);
        }
        let _ = citelint::rules::check(&doc.sources[0], &m, None, &Default::default());
    }
}
