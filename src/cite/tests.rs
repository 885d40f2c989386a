use super::*;

fn cite(text: &str) -> Citation {
    parse_reference(text).expect("a citation")
}

#[test]
fn splits_at_top_level_semicolons_only() {
    let spans = split_citations("A, “B; C,” 1999; D (E; F), 2000; G");
    assert_eq!(spans.len(), 3);
}

#[test]
fn ibid_forms() {
    for text in ["Ibid.", "Ibid., 45.", "ibid p. 3", "Id. at 45", "Ibid"] {
        assert_eq!(cite(text).kind, Kind::Ibid, "{text}");
    }
    assert_eq!(cite("Ibid., 45.").get("pages").unwrap().value, "45");
    assert_eq!(
        cite("Ibid., pp. 12-15.").get("pages").unwrap().value,
        "12-15"
    );
}

#[test]
fn commentary_is_kept_apart() {
    let c = cite("See Ibid., 4.");
    assert_eq!(c.commentary.as_deref(), Some("See"));
    assert_eq!(c.kind, Kind::Ibid);
    let c = cite("For a different view see Ibid.");
    assert_eq!(c.commentary.as_deref(), Some("For a different view see"));
}

#[test]
fn oscola_cross_reference() {
    let c = cite("Acheson (n 2) 365");
    assert_eq!(c.kind, Kind::CrossReference);
    assert_eq!(c.get("author").unwrap().value, "Acheson");
    assert_eq!(c.get("pages").unwrap().value, "365");
}

#[test]
fn patterns() {
    let c = cite(
        "World Bank, “Learning Poverty,” accessed 12 March 2019, https://www.worldbank.org/en/topic/education.",
    );
    assert_eq!(c.get("accessed").unwrap().value, "12 March 2019");
    assert_eq!(
        c.get("url").unwrap().value,
        "https://www.worldbank.org/en/topic/education"
    );
    let c = cite("Stalin to Gottwald, 27 August 1950, RGASPI, f. 558, op. 11, d. 62, l. 71–72.");
    assert_eq!(c.kind, Kind::Archival);
    assert_eq!(
        c.get("identifier").unwrap().value,
        "f. 558, op. 11, d. 62, l. 71–72"
    );
    assert_eq!(c.get("archive").unwrap().value, "RGASPI");
    let c = cite(
        "Dean Acheson, Present at the Creation (New York: Norton, 1969), ISBN 978-0-393-07448-0, 365.",
    );
    assert_eq!(c.get("isbn").unwrap().value, "978-0-393-07448-0");
    let c =
        cite("K. Weathersby, “Should We Fear This?,” Bulletin 14 (2004), p. 10, doi:10.1000/182.");
    assert_eq!(c.get("doi").unwrap().value, "10.1000/182");
}

#[test]
fn spans_point_at_the_values() {
    let text = "Dean Acheson, Present at the Creation (New York: Norton, 1969), 363.";
    let c = cite(text);
    for f in &c.fields {
        assert_eq!(&text[f.span], f.value, "{f:?}");
    }
}

#[test]
fn dates() {
    assert_eq!(parse_date("12 March 2019"), Some((2019, 3, 12)));
    assert_eq!(parse_date("March 12, 2019"), Some((2019, 3, 12)));
    assert_eq!(parse_date("2019-03-12"), Some((2019, 3, 12)));
    assert_eq!(parse_date("March 2019"), Some((2019, 3, 1)));
    assert_eq!(parse_date("1969"), Some((1969, 1, 1)));
    assert_eq!(parse_date("soon"), None);
}

#[test]
fn names() {
    assert_eq!(split_names("Dean Acheson"), ["Dean Acheson"]);
    assert_eq!(
        split_names("Romero, C., Paunesku, D., & Dweck, C."),
        ["Romero, C", "Paunesku, D", "Dweck, C"]
    );
    assert_eq!(
        split_names("Sergei N. Goncharov, John W. Lewis and Xue Litai"),
        ["Sergei N. Goncharov", "John W. Lewis", "Xue Litai"]
    );
    assert_eq!(split_names("Hearn, Lafcadio"), ["Hearn, Lafcadio"]);
}

#[test]
fn a_field_does_not_end_inside_a_bracket_it_opened() {
    let text = "Bioinformatics (2. Aufl., S. 83";
    let tokens = tagger::tokenize(text);
    // `(2.` opens a bracket that the run never closes: the field ends before it.
    assert_eq!(unclosed_end(text, &tokens), Some(1));
    // Closed within the run, or opened by the first token: the run stands.
    let closed = "Spixiana (Munich) 14";
    assert_eq!(unclosed_end(closed, &tagger::tokenize(closed)), None);
    let first = "(New York:";
    assert_eq!(unclosed_end(first, &tagger::tokenize(first)), None);
}

#[test]
fn a_container_after_in_loses_its_quotes() {
    let text = "H. M. Gibbs, “Optical Switching,” in “Optical Bistability: Controlling Light with \
                Light,” (Academic Press, 1985), 195–239.";
    let c = cite(text);
    let container = c.get("container_title").expect("a container");
    assert_eq!(
        container.value,
        "Optical Bistability: Controlling Light with Light"
    );
    assert_eq!(&text[container.span], container.value);
}
