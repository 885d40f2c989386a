//! Note-form training data: metadata records (CSL-JSON, `data/records/`, and the fields of
//! AnyStyle's annotated references) rendered as footnote citations by note styles written here as
//! data and small functions (Chicago full and short notes, Turabian, MHRA, OSCOLA, Bluebook), so
//! that every field's boundaries are known from the rendering. Around the citations it puts what
//! real notes put there: commentary sentences, pinpoints with locator words, role labels on
//! either side of a name. Signals, `Ibid.` and several citations per note are split off by the
//! parser before the tagger sees a citation, so what is generated is what the tagger sees: one
//! citation, with the signal gone.
//!
//! Deterministic: the same records and seed give the same sequences, so a retrain reproduces
//! the shipped model byte for byte. No CSL processor is used: none renders OSCOLA or Bluebook
//! offline, and none reports where each variable landed in its output.

use crate::dataset::Reference;
use serde_json::Value;

/// A reference under construction: labelled pieces joined by single spaces, with punctuation
/// glued to the piece before or after it.
#[derive(Default)]
struct Out {
    pieces: Vec<(String, String)>,
    pending: String,
}

impl Out {
    /// A field's words, with any opening punctuation that is pending.
    fn put(&mut self, label: &str, text: &str) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return;
        }
        let text = format!("{}{}", std::mem::take(&mut self.pending), text);
        self.pieces.push((label.to_string(), text));
    }

    /// Punctuation glued to the end of the last piece.
    fn glue(&mut self, s: &str) {
        if let Some(last) = self.pieces.last_mut() {
            last.1.push_str(s);
        }
    }

    /// Punctuation glued to the start of the next piece.
    fn open(&mut self, s: &str) {
        self.pending.push_str(s);
    }

    fn done(mut self) -> Reference {
        // A full stop that ends the note.
        if let Some(last) = self.pieces.last_mut()
            && !last.1.ends_with(['.', '?', '!'])
        {
            last.1.push('.');
        }
        Reference {
            pieces: self.pieces,
        }
    }
}

/// The note styles rendered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Style {
    Chicago,
    Mhra,
    Oscola,
    Bluebook,
}

const STYLES: [Style; 4] = [Style::Chicago, Style::Mhra, Style::Oscola, Style::Bluebook];

fn s<'a>(r: &'a Value, key: &str) -> Option<&'a str> {
    r.get(key).and_then(Value::as_str).filter(|v| !v.is_empty())
}

/// A record's names of one role as written in a note: `Given Family`.
fn names(r: &Value, key: &str) -> Vec<String> {
    let Some(list) = r.get(key).and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|n| {
            if let Some(l) = s(n, "literal") {
                return Some(l.to_string());
            }
            let family = s(n, "family")?;
            let mut out = match s(n, "given") {
                Some(g) => format!("{g} {family}"),
                None => family.to_string(),
            };
            if let Some(suffix) = s(n, "suffix") {
                out.push_str(&format!(", {suffix}"));
            }
            Some(out)
        })
        .collect()
}

fn families(r: &Value, key: &str) -> Vec<String> {
    let Some(list) = r.get(key).and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|n| s(n, "literal").or_else(|| s(n, "family")).map(String::from))
        .collect()
}

/// `A`, `A and B`, `A, B, and C`, `A et al.`
fn join_names(list: &[String], rng: &mut fastrand::Rng) -> String {
    match list.len() {
        0 => String::new(),
        1 => list[0].clone(),
        2 => format!("{} and {}", list[0], list[1]),
        3 if rng.bool() => format!("{}, {}, and {}", list[0], list[1], list[2]),
        _ => format!("{} et al.", list[0]),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date's parts: year, month, day (0 when not known).
fn parts(r: &Value, key: &str) -> Option<(i64, usize, i64)> {
    let p = r.get(key)?.get("date-parts")?.get(0)?.as_array()?;
    let year = p.first()?.as_i64()?;
    let month = p.get(1).and_then(Value::as_i64).unwrap_or(0) as usize;
    let day = p.get(2).and_then(Value::as_i64).unwrap_or(0);
    Some((year, month, day))
}

/// A date as a style writes it: `March 5, 1946` (US), `5 March 1946` (British), sometimes ISO or
/// numeric when `loose`.
fn date(r: &Value, key: &str, british: bool, loose: bool, rng: &mut fastrand::Rng) -> String {
    let Some((y, m, d)) = parts(r, key) else {
        return String::new();
    };
    if m == 0 || m > 12 {
        return y.to_string();
    }
    let month = MONTHS[m - 1];
    if loose && d > 0 {
        match rng.usize(0..6) {
            0 => return format!("{y}-{m:02}-{d:02}"),
            1 => return format!("{m}/{d}/{:02}", y % 100),
            _ => {}
        }
    }
    let month = if rng.usize(0..5) == 0 && month.len() > 5 {
        format!("{}.", &month[..3])
    } else {
        month.to_string()
    };
    match (d > 0, british) {
        (true, true) => format!("{d} {month} {y}"),
        (true, false) => format!("{month} {d}, {y}"),
        (false, _) => format!("{month} {y}"),
    }
}

fn year(r: &Value) -> String {
    parts(r, "issued").map_or(String::new(), |(y, _, _)| y.to_string())
}

/// A pinpoint: a page, a range, several, or a locator word (`loc. 2143`, `chap. 3`, `220 n. 23`).
fn pinpoint(r: &Value, rng: &mut fastrand::Rng) -> String {
    let first = s(r, "page")
        .and_then(|p| p.split(['-', '–']).next())
        .and_then(|p| p.trim().parse::<u32>().ok())
        .unwrap_or(0);
    let base = first + rng.u32(1..300);
    match rng.usize(0..12) {
        0..=5 => base.to_string(),
        6 | 7 => format!("{base}–{}", base + rng.u32(1..12)),
        8 => format!("{base}, {}", base + rng.u32(2..30)),
        9 => format!("{base} n. {}", rng.u32(1..60)),
        10 => format!("{base}n{}", rng.u32(1..60)),
        _ if rng.bool() => format!("{base}ff."),
        _ => base.to_string(),
    }
}

/// The words a style puts before a pinpoint.
fn pages(out: &mut Out, style: Style, pin: &str, rng: &mut fastrand::Rng) {
    let several = pin.contains(['–', ',']);
    let label = match style {
        Style::Mhra => Some(if several { "pp." } else { "p." }),
        Style::Chicago if rng.usize(0..6) == 0 => Some(if several { "pp." } else { "p." }),
        _ => None,
    };
    match label {
        Some(l) => out.put("pages", &format!("{l} {pin}")),
        None => out.put("pages", pin),
    }
}

/// Editors, translators, compilers with their role label on either side, the label a word of
/// the field it introduces (as in AnyStyle's data); the parser drops it from the value.
fn role(out: &mut Out, label: &str, who: &str, style: Style, rng: &mut fastrand::Rng) {
    let word = match (label, style) {
        ("editor", Style::Mhra) => "ed. by",
        ("editor", _) => {
            ["ed.", "ed.", "ed.", "edited by", "comp.", "comp. and ed."][rng.usize(0..6)]
        }
        (_, Style::Mhra) => ["trans. by", "trans. and ed. by"][rng.usize(0..2)],
        _ => [
            "trans.",
            "trans.",
            "trans.",
            "translated by",
            "trans. and ed.",
        ][rng.usize(0..5)],
    };
    out.put(label, &format!("{word} {who}"));
}

/// `Name, ed.,` / `Name (ed),` before a title: the label after the name.
fn role_after(
    out: &mut Out,
    label: &str,
    who: &str,
    style: Style,
    plural: bool,
    rng: &mut fastrand::Rng,
) {
    let word = match (label, style, plural) {
        ("editor", Style::Oscola, false) => "(ed)",
        ("editor", Style::Oscola, true) => "(eds)",
        ("editor", _, false) => {
            ["ed.", "ed.", "comp.", "ed. and trans.", "comp. and ed."][rng.usize(0..5)]
        }
        ("editor", _, true) => "eds.",
        (_, Style::Oscola, _) => "(tr)",
        _ => "trans.",
    };
    if word.starts_with('(') {
        out.put(label, &format!("{who} {word}"));
    } else {
        out.put(label, &format!("{who}, {word}"));
    }
}

/// Quotation marks a style puts around an article's or chapter's title.
fn quoted(out: &mut Out, label: &str, title: &str, style: Style, then: &str) {
    let ends = title.ends_with(['?', '!']);
    match style {
        Style::Chicago => {
            out.open("“");
            out.put(label, title);
            if ends {
                out.glue("”");
            } else {
                out.glue(&format!("{then}”"));
            }
        }
        Style::Mhra | Style::Oscola => {
            out.open("‘");
            out.put(label, title);
            out.glue("’");
            out.glue(then);
        }
        Style::Bluebook => {
            out.put(label, title);
            out.glue(then);
        }
    }
}

/// A short title: the part before a colon, sometimes only the first words.
fn short_title(title: &str, rng: &mut fastrand::Rng) -> String {
    let main = title.split([':', '?']).next().unwrap_or(title).trim();
    let main = main
        .strip_prefix("The ")
        .or_else(|| main.strip_prefix("A "))
        .unwrap_or(main);
    let words: Vec<&str> = main.split_whitespace().collect();
    if words.len() > 4 && rng.bool() {
        words[..4].join(" ").trim_end_matches(',').to_string()
    } else {
        main.to_string()
    }
}

/// Render each record in `per_record` styles (all four at most; legal records in their own
/// jurisdiction's styles), full, and in a third of the cases short too.
pub fn generate(records: &[Value], per_record: usize, seed: u64) -> Vec<Reference> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = Vec::new();
    for r in records {
        let mut styles: Vec<Style> = match s(r, "type") {
            Some("legal_case" | "legislation") => {
                if s(r, "jurisdiction") == Some("us") {
                    vec![Style::Bluebook, Style::Chicago, Style::Bluebook]
                } else {
                    vec![Style::Oscola, Style::Oscola, Style::Chicago]
                }
            }
            _ => STYLES.to_vec(),
        };
        rng.shuffle(&mut styles);
        styles.truncate(per_record);
        for style in styles {
            if let Some(full) = full_note(r, style, &mut rng) {
                out.push(full);
            }
            if rng.usize(0..3) == 0
                && let Some(short) = short_note(r, style, &mut rng)
            {
                out.push(short);
            }
        }
    }
    out
}

/// A commentary sentence after a citation, or none.
fn commentary(out: &mut Out, rng: &mut fastrand::Rng) {
    const SENTENCES: &[&str] = &[
        "The argument is developed further in the next chapter.",
        "I am grateful to the archivists for their help.",
        "On this point the evidence is thin.",
        "This view has been widely challenged.",
        "Emphasis in the original.",
        "The translation is my own.",
        "All further references are to this edition.",
        "For the wider context see chapter 2 below.",
        "The date is given differently in other accounts.",
        "Here and below the spelling has been modernised.",
    ];
    if rng.usize(0..10) == 0 {
        out.glue(".");
        out.put("note", SENTENCES[rng.usize(0..SENTENCES.len())]);
    }
}

/// The author's words before a citation that the parser's signals do not take (`The passage is
/// quoted in`, `The older view is in`, `English translation:`), labelled `note`, or none.
fn lead_in(out: &mut Out, rng: &mut fastrand::Rng) {
    const LEADS: &[&str] = &[
        "The passage is quoted in",
        "It is cited in",
        "The older view is in",
        "The standard account remains",
        "English translation:",
        "A fuller version appears in",
        "On the debate, the key text is",
        "The phrase comes from",
        "This is argued at length in",
        "For the original,",
        "As noted by",
        "The figures are from",
    ];
    if rng.usize(0..12) == 0 {
        let lead = LEADS[rng.usize(0..LEADS.len())];
        out.pieces.insert(0, ("note".to_string(), lead.to_string()));
    }
}

/// A full note for a record in a style, or none when the record cannot be rendered in it.
fn full_note(r: &Value, style: Style, rng: &mut fastrand::Rng) -> Option<Reference> {
    let mut out = Out::default();
    match s(r, "type")? {
        "book" => book(&mut out, r, style, rng),
        "chapter" => chapter(&mut out, r, style, rng),
        "article-journal" | "article-magazine" => article(&mut out, r, style, rng),
        "article-newspaper" => newspaper(&mut out, r, style, rng),
        "thesis" => thesis(&mut out, r, style, rng),
        "webpage" | "post-weblog" => web(&mut out, r, style, rng),
        "interview" => interview(&mut out, r, style, rng),
        "manuscript" => manuscript(&mut out, r, style, rng),
        "legal_case" => case(&mut out, r, style, rng),
        "legislation" => legislation(&mut out, r, style, rng),
        _ => return None,
    }
    if out.pieces.is_empty() {
        return None;
    }
    commentary(&mut out, rng);
    lead_in(&mut out, rng);
    Some(out.done())
}

/// Authors, or editors in their place (`Name, ed.,`).
fn creators(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) -> bool {
    let authors = names(r, "author");
    if !authors.is_empty() {
        out.put("author", &join_names(&authors, rng));
        out.glue(",");
        return true;
    }
    let editors = names(r, "editor");
    if !editors.is_empty() {
        role_after(
            out,
            "editor",
            &join_names(&editors, rng),
            style,
            editors.len() > 1,
            rng,
        );
        out.glue(",");
        return true;
    }
    false
}

/// `(Place: Publisher, Year)`, `(Publisher Year)` (OSCOLA), `(Publisher, Year)`.
fn imprint(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    let place = s(r, "publisher-place");
    let publisher = s(r, "publisher");
    let year = year(r);
    out.open("(");
    if let Some(ed) = s(r, "edition").filter(|_| style == Style::Oscola) {
        out.put("edition", &format!("{ed} edn"));
        out.glue(",");
    }
    let with_place = style == Style::Chicago || (style == Style::Mhra && rng.bool());
    if let Some(p) = place.filter(|_| with_place && style != Style::Oscola) {
        out.put("location", p);
        out.glue(":");
    }
    if let Some(p) = publisher {
        out.put("publisher", p);
        if style != Style::Oscola {
            out.glue(",");
        }
    }
    if let Some(orig) = parts(r, "original-date").filter(|_| rng.bool()) {
        out.put("date", &orig.0.to_string());
        out.glue(";");
        out.put("note", "repr.");
        out.glue(",");
    }
    out.put("date", &year);
    out.glue(")");
}

fn book(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    if style == Style::Bluebook {
        return bluebook_book(out, r, rng);
    }
    let has_author = !names(r, "author").is_empty();
    creators(out, r, style, rng);
    out.put("title", s(r, "title").unwrap_or_default());
    out.glue(",");
    let editors = names(r, "editor");
    let translators = names(r, "translator");
    let mut roles = [("editor", editors), ("translator", translators)];
    if rng.bool() {
        roles.swap(0, 1);
    }
    for (label, who) in roles {
        if !who.is_empty() && (has_author || label == "translator") {
            role(out, label, &join_names(&who, rng), style, rng);
            out.glue(",");
        }
    }
    if let Some(ed) = s(r, "edition").filter(|_| style != Style::Oscola) {
        let ed = if ed.chars().all(|c| c.is_ascii_digit()) {
            format!("{ed}{} ed.", ordinal(ed))
        } else {
            ed.to_string()
        };
        out.put("edition", &ed);
        out.glue(",");
    }
    if let Some(v) = s(r, "volume") {
        out.put("volume", &format!("vol. {v}"));
        out.glue(",");
    } else if let Some(n) = s(r, "number-of-volumes").filter(|_| rng.bool()) {
        out.put("note", &format!("{n} vols."));
    }
    if let Some(series) = s(r, "collection-title") {
        out.put("collection-title", series);
    }
    strip_comma(out);
    imprint(out, r, style, rng);
    if rng.usize(0..5) > 0 {
        if style != Style::Oscola {
            out.glue(",");
        }
        let pin = pinpoint(r, rng);
        match s(r, "number-of-volumes").and_then(|n| n.parse::<u32>().ok()) {
            // `2:517`: the volume and the page, both labelled pages (the parser splits them).
            Some(n) if style == Style::Chicago => {
                out.put("pages", &format!("{}:{pin}", rng.u32(1..=n)));
            }
            _ => pages(out, style, &pin, rng),
        }
    }
}

/// Bluebook: `Author, Title pin (ed. Editor, edition Year)`.
fn bluebook_book(out: &mut Out, r: &Value, rng: &mut fastrand::Rng) {
    creators(out, r, Style::Bluebook, rng);
    out.put("title", s(r, "title").unwrap_or_default());
    if rng.usize(0..4) > 0 {
        let pin = pinpoint(r, rng);
        out.put("pages", &pin);
    }
    out.open("(");
    let editors = names(r, "editor");
    if !editors.is_empty() && !names(r, "author").is_empty() {
        out.put("editor", &format!("{} ed.", join_names(&editors, rng)));
        out.glue(",");
    }
    if let Some(ed) = s(r, "edition") {
        out.put("edition", &format!("{ed}{} ed.", ordinal(ed)));
    }
    out.put("date", &year(r));
    out.glue(")");
}

fn ordinal(n: &str) -> &'static str {
    match n {
        "1" => "st",
        "2" => "nd",
        "3" => "rd",
        _ => "th",
    }
}

/// Drop a trailing comma from the last piece (before a bracket).
fn strip_comma(out: &mut Out) {
    if let Some(last) = out.pieces.last_mut() {
        while last.1.ends_with(',') {
            last.1.pop();
        }
    }
}

fn chapter(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    creators(out, r, style, rng);
    quoted(out, "title", s(r, "title").unwrap_or_default(), style, ",");
    // `in` joins the container's field, as in AnyStyle's data; the parser drops it.
    let container = s(r, "container-title").unwrap_or_default();
    out.put("container-title", &format!("in {container}"));
    out.glue(",");
    let editors = names(r, "editor");
    if !editors.is_empty() {
        role(out, "editor", &join_names(&editors, rng), style, rng);
    }
    strip_comma(out);
    imprint(out, r, style, rng);
    out.glue(",");
    if let Some(p) = s(r, "page").filter(|_| style == Style::Mhra || rng.bool()) {
        pages(out, style, &p.replace('-', "–"), rng);
        if rng.bool() {
            out.open("(");
            let pin = pinpoint(r, rng);
            pages(out, style, &pin, rng);
            out.glue(")");
        }
    } else {
        let pin = pinpoint(r, rng);
        pages(out, style, &pin, rng);
    }
}

/// `33, no. 2 (1969): 44–68` (Chicago), `33.2 (1969), 44–68` (MHRA), `(1969) 33 Journal 44`
/// (OSCOLA), `33 Journal 44 (1969)` (Bluebook).
fn article(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    creators(out, r, style, rng);
    let title = s(r, "title").unwrap_or_default();
    let journal = s(r, "container-title").unwrap_or_default();
    let (volume, issue) = (s(r, "volume"), s(r, "issue"));
    let page = s(r, "page").map(|p| p.replace('-', "–"));
    let year = year(r);
    match style {
        Style::Chicago => {
            quoted(out, "title", title, style, ",");
            out.put("container-title", journal);
            match (volume, issue, rng.usize(0..4)) {
                (Some(v), Some(i), 0) => {
                    out.glue(",");
                    out.put("volume", &format!("Vol. {v}"));
                    out.glue(",");
                    out.put("issue", &format!("Issue {i}"));
                }
                (Some(v), Some(i), _) => {
                    out.put("volume", v);
                    out.glue(",");
                    out.put("issue", &format!("no. {i}"));
                }
                (Some(v), None, _) => out.put("volume", v),
                (None, Some(i), _) => {
                    out.glue(",");
                    out.put("issue", &format!("no. {i}"));
                }
                _ => {}
            }
            out.open("(");
            let d = if volume.is_none() || rng.usize(0..4) == 0 {
                date(r, "issued", false, false, rng)
            } else {
                year.clone()
            };
            out.put("date", &d);
            out.glue(")");
            let pin = pinpoint(r, rng);
            match (page, rng.usize(0..3)) {
                (Some(p), 0) => {
                    out.glue(":");
                    out.put("pages", &p);
                    out.glue(",");
                    out.put("pages", &format!("at {pin}"));
                }
                (Some(p), 1) => {
                    out.glue(":");
                    out.put("pages", &p);
                }
                _ => {
                    out.glue(":");
                    out.put("pages", &pin);
                }
            }
            if let Some(doi) = s(r, "DOI").filter(|_| rng.bool()) {
                out.glue(",");
                doi_piece(out, doi, rng);
            }
        }
        Style::Mhra => {
            quoted(out, "title", title, style, ",");
            out.put("container-title", journal);
            out.glue(",");
            match (volume, issue) {
                (Some(v), Some(i)) => out.put("volume", &format!("{v}.{i}")),
                (Some(v), None) => out.put("volume", v),
                (None, Some(i)) => out.put("issue", &format!("no. {i}")),
                _ => {}
            }
            out.open("(");
            out.put("date", &year);
            out.glue("),");
            let pin = pinpoint(r, rng);
            if let Some(p) = page {
                out.put("pages", &format!("pp. {p}"));
                out.open("(");
                pages(out, style, &pin, rng);
                out.glue(")");
            } else {
                pages(out, style, &pin, rng);
            }
        }
        Style::Oscola => {
            quoted(out, "title", title, style, "");
            let square = volume.is_none();
            out.open(if square { "[" } else { "(" });
            out.put("date", &year);
            out.glue(if square { "]" } else { ")" });
            if let Some(v) = volume {
                out.put("volume", v);
            }
            out.put("container-title", journal);
            if let Some(p) = page.as_deref().and_then(|p| p.split('–').next()) {
                out.put("pages", p);
                out.glue(",");
            }
            let pin = pinpoint(r, rng);
            out.put("pages", &pin);
        }
        Style::Bluebook => {
            out.put("title", title);
            out.glue(",");
            if let Some(v) = volume {
                out.put("volume", v);
            }
            out.put("container-title", journal);
            if let Some(p) = page.as_deref().and_then(|p| p.split('–').next()) {
                out.put("pages", p);
                out.glue(",");
            }
            let pin = pinpoint(r, rng);
            out.put("pages", &pin);
            out.open("(");
            out.put("date", &year);
            out.glue(")");
        }
    }
}

fn doi_piece(out: &mut Out, doi: &str, rng: &mut fastrand::Rng) {
    match rng.usize(0..3) {
        0 => out.put("doi", &format!("doi:{doi}")),
        1 => out.put("doi", &format!("https://doi.org/{doi}")),
        _ => out.put("doi", &format!("doi: {doi}")),
    }
}

fn newspaper(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    let british = matches!(style, Style::Mhra | Style::Oscola);
    creators(out, r, style, rng);
    quoted(out, "title", s(r, "title").unwrap_or_default(), style, ",");
    out.put(
        "container-title",
        s(r, "container-title").unwrap_or_default(),
    );
    if let Some(place) = s(r, "publisher-place").filter(|_| rng.usize(0..3) == 0) {
        out.open("(");
        out.put("location", place);
        out.glue(")");
    }
    out.glue(",");
    out.put("date", &date(r, "issued", british, false, rng));
    if let Some(p) = s(r, "page").filter(|_| rng.bool()) {
        out.glue(",");
        pages(out, style, p, rng);
    }
    if let Some(url) = s(r, "URL").filter(|_| rng.bool()) {
        out.glue(",");
        out.put("url", url);
    }
}

fn thesis(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    creators(out, r, style, rng);
    let genre = s(r, "genre").unwrap_or("PhD diss.");
    quoted(out, "title", s(r, "title").unwrap_or_default(), style, "");
    out.open("(");
    let genre = if style == Style::Mhra && rng.bool() {
        "unpublished doctoral thesis"
    } else {
        genre
    };
    out.put("genre", genre);
    out.glue(",");
    out.put("publisher", s(r, "publisher").unwrap_or_default());
    out.glue(",");
    out.put("date", &year(r));
    out.glue(")");
    if rng.usize(0..3) > 0 {
        out.glue(",");
        let pin = pinpoint(r, rng);
        pages(out, style, &pin, rng);
    }
}

fn web(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    let british = matches!(style, Style::Mhra | Style::Oscola);
    creators(out, r, style, rng);
    quoted(out, "title", s(r, "title").unwrap_or_default(), style, ",");
    if s(r, "type") == Some("post-weblog") && rng.bool() {
        out.put("genre", "blog");
        out.glue(",");
    }
    if let Some(site) = s(r, "container-title") {
        out.put("container-title", site);
        out.glue(",");
    }
    if let Some(p) = s(r, "publisher").filter(|_| rng.bool()) {
        out.put("publisher", p);
        out.glue(",");
    }
    let issued = date(r, "issued", british, true, rng);
    if !issued.is_empty() {
        out.put("date", &issued);
        out.glue(",");
    }
    let url = s(r, "URL").unwrap_or_default();
    let accessed = date(r, "accessed", british, false, rng);
    if british || issued.is_empty() || rng.bool() {
        if style == Style::Chicago {
            out.put("note", "accessed");
            out.put("note", &accessed);
            out.glue(",");
            out.put("url", url);
        } else {
            out.open("<");
            out.put("url", url);
            out.glue(">");
            out.open("[");
            out.put("note", "accessed");
            out.put("note", &accessed);
            out.glue("]");
        }
    } else {
        out.put("url", url);
    }
}

/// `X, interview by Y, date, place, medium, Collection, Archive.`, `Interview with X by Y, date,
/// place.`, `Interview with X, conducted by Y on date, for Programme.`, `X, oral history
/// interview by Y, date.`: the word `interview` is the genre, `with` and `by Y` are neither.
fn interview(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    let british = matches!(style, Style::Mhra | Style::Oscola);
    let interviewers = names(r, "interviewer");
    let who = if rng.usize(0..3) == 0 || interviewers.is_empty() {
        "the author".to_string()
    } else {
        join_names(&interviewers, rng)
    };
    let interviewee = join_names(&names(r, "author"), rng);
    let when = date(r, "issued", british, true, rng);
    match rng.usize(0..5) {
        0 | 1 => {
            out.put("author", &interviewee);
            out.glue(",");
            if rng.bool() {
                quoted(out, "title", s(r, "title").unwrap_or_default(), style, ",");
            }
            let genre = [
                "interview",
                "interview",
                "oral history interview",
                "telephone interview",
            ];
            out.put("genre", genre[rng.usize(0..genre.len())]);
            out.put("note", &format!("by {who}"));
            out.glue(",");
        }
        2 => {
            out.put("genre", "Interview");
            out.put("note", "with");
            out.put("author", &interviewee);
            out.put("note", &format!("by {who}"));
            out.glue(",");
        }
        3 => {
            out.put("genre", "Interview");
            out.put("note", "with");
            out.put("author", &interviewee);
            out.glue(",");
            out.put("note", &format!("conducted by {who} on"));
            out.put("date", &when);
            out.glue(",");
            if let Some(c) = s(r, "container-title") {
                out.put("note", "for");
                out.put("container-title", c);
                out.glue(",");
            }
            interview_rest(out, r, rng);
            return;
        }
        _ => {
            out.put("author", &interviewee);
            out.glue(",");
            out.put("note", &format!("interviewed by {who}"));
            out.glue(",");
        }
    }
    if let Some(c) = s(r, "container-title") {
        out.put("container-title", c);
        out.glue(",");
    }
    if let Some(p) = s(r, "publisher") {
        out.put("publisher", p);
        out.glue(",");
    }
    if rng.usize(0..4) == 0 {
        out.put("note", "conducted");
    }
    out.put("date", &when);
    if let Some(p) = s(r, "publisher-place")
        .or(s(r, "archive-place"))
        .filter(|_| rng.bool())
    {
        out.glue(",");
        out.put("location", p);
    }
    if let Some(m) = s(r, "medium").filter(|_| rng.bool()) {
        out.glue(",");
        out.put("note", m);
    }
    out.glue(",");
    interview_rest(out, r, rng);
}

/// An interview's collection and archive, if it has them.
fn interview_rest(out: &mut Out, r: &Value, rng: &mut fastrand::Rng) {
    if let Some(c) = s(r, "collection-title") {
        out.put("collection-title", c);
        out.glue(",");
    }
    if let Some(a) = s(r, "archive") {
        out.put("archive", a);
        out.glue(",");
        if let Some(p) = s(r, "archive-place").filter(|_| rng.bool()) {
            out.put("location", p);
        }
    }
    strip_comma(out);
}

/// `X to Y, genre, date, box 3, folder 5, Collection, Repository, Place.`
fn manuscript(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    let british = matches!(style, Style::Mhra | Style::Oscola);
    let title = s(r, "title").unwrap_or_default();
    let letter = title.contains(" to ");
    if letter {
        out.put("title", title);
        out.glue(",");
    } else {
        if let Some(a) = names(r, "author").first() {
            out.put("author", a);
            out.glue(",");
        }
        quoted(out, "title", title, style, ",");
        if style != Style::Chicago {
            out.glue(",");
        }
    }
    if let Some(g) = s(r, "genre").filter(|_| !letter || rng.usize(0..3) == 0) {
        out.put("genre", g);
        out.glue(",");
    }
    out.put("date", &date(r, "issued", british, false, rng));
    let location = s(r, "archive_location");
    let first = rng.bool();
    if let Some(l) = location.filter(|_| first) {
        out.glue(",");
        out.put("identifier", l);
    }
    if let Some(c) = s(r, "collection-title") {
        out.glue(",");
        out.put("collection-title", c);
    }
    if let Some(l) = location.filter(|_| !first) {
        out.glue(",");
        out.put("identifier", l);
    }
    if let Some(a) = s(r, "archive") {
        out.glue(",");
        out.put("archive", a);
    }
    if let Some(p) = s(r, "archive-place").filter(|_| rng.usize(0..3) > 0) {
        out.glue(",");
        out.put("location", p);
    }
}

/// OSCOLA `Name [1994] 1 AC 212 (HL) 230`, `Name [2004] UKHL 30, [2004] 2 AC 557 [33]`;
/// Bluebook `Name, 347 U.S. 483, 495 (1954)`.
fn case(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    let title = s(r, "title").unwrap_or_default();
    let number = s(r, "number");
    let year = year(r);
    let page = s(r, "page");
    let pin = rng.u32(2..400).to_string();
    let court = s(r, "authority").map(court_abbreviation);
    if style == Style::Oscola {
        let eu = s(r, "jurisdiction") == Some("eu");
        if let Some(n) = number.filter(|_| eu) {
            out.put("identifier", n);
        }
        out.put("title", title);
        if let Some(n) = number.filter(|n| !eu && n.starts_with('[')) {
            out.put("identifier", n);
            out.glue(",");
        }
        let square = s(r, "oscola-year-brackets") != Some("round");
        out.open(if square { "[" } else { "(" });
        out.put("date", &year);
        out.glue(if square { "]" } else { ")" });
        if let Some(v) = s(r, "volume") {
            out.put("volume", v);
        }
        if let Some(c) = s(r, "container-title") {
            out.put("container-title", c);
        }
        if let Some(p) = page {
            out.put("pages", p);
        }
        if let Some(c) = court.filter(|c| c.len() < 8 && number.is_none()) {
            out.open("(");
            out.put("note", c);
            out.glue(")");
        }
        if rng.bool() {
            if rng.bool() {
                out.glue(",");
                out.put("pages", &pin);
            } else {
                out.open("[");
                out.put("pages", &pin);
                out.glue("]");
            }
        }
    } else {
        out.put("title", title);
        out.glue(",");
        if let Some(v) = s(r, "volume") {
            out.put("volume", v);
        }
        if let Some(c) = s(r, "container-title") {
            out.put("container-title", c);
        }
        if let Some(p) = page {
            out.put("pages", p);
            if rng.bool() {
                out.glue(",");
                out.put("pages", &pin);
            }
        }
        out.open("(");
        if let Some(c) = court.filter(|c| c.len() < 12 && !c.contains("Supreme")) {
            out.put("note", c);
        }
        out.put("date", &year);
        out.glue(")");
    }
}

/// A court as OSCOLA and Bluebook abbreviate it (`HL`, `CA`, `N.Y.`).
fn court_abbreviation(court: &str) -> &str {
    match court {
        "House of Lords" => "HL",
        "Court of Appeal" => "CA",
        "Privy Council" => "PC",
        "Queen's Bench Division" => "QB",
        "Court of Common Pleas" => "CP",
        "Court of Exchequer" => "Ex",
        "Court of King's Bench" => "KB",
        "Court of Appeals of New York" => "N.Y.",
        "Supreme Court of New Hampshire" => "N.H.",
        other => other,
    }
}

/// `Human Rights Act 1998, s 3`; `Civil Rights Act of 1964, Pub. L. No. 88-352, 78 Stat. 241`;
/// `Council Directive 93/104/EC … [1993] OJ L307/18, art 2`.
fn legislation(out: &mut Out, r: &Value, style: Style, rng: &mut fastrand::Rng) {
    let title = s(r, "title").unwrap_or_default();
    let year = year(r);
    let has_year = title.contains(&year);
    if style == Style::Oscola {
        if has_year || year.is_empty() {
            out.put("title", title);
        } else {
            out.put("title", &format!("{title} {year}"));
        }
        if let Some(c) = s(r, "container-title") {
            out.open("[");
            out.put("date", &year);
            out.glue("]");
            out.put("container-title", c);
            let issue = s(r, "issue").unwrap_or_default();
            if let Some(p) = s(r, "page") {
                out.put("pages", &format!("{issue}/{p}"));
            }
        }
        if let Some(sec) = s(r, "section").filter(|_| rng.usize(0..4) > 0) {
            out.glue(",");
            out.put("identifier", sec);
        } else if rng.bool() {
            out.glue(",");
            out.put("identifier", &format!("s {}", rng.u32(1..60)));
        }
    } else {
        out.put("title", title);
        if let Some(n) = s(r, "number") {
            out.glue(",");
            out.put("identifier", n);
        }
        if let (Some(v), Some(c)) = (s(r, "volume"), s(r, "container-title")) {
            out.glue(",");
            out.put("volume", v);
            out.put("container-title", c);
            if let Some(p) = s(r, "page") {
                out.put("pages", p);
            }
        }
        if let Some(sec) = s(r, "section") {
            out.glue(",");
            out.put("identifier", sec);
        }
        if !has_year {
            out.open("(");
            out.put("date", &year);
            out.glue(")");
        }
    }
}

/// A short note: `Family, Short Title, 45.`, `Family, “Short,” 45.`, OSCOLA `Family (n 3) 45`
/// is left to the parser's grammar; Bluebook `Family, supra note 3, at 45` likewise.
fn short_note(r: &Value, style: Style, rng: &mut fastrand::Rng) -> Option<Reference> {
    let kind = s(r, "type")?;
    if matches!(kind, "legislation" | "manuscript") {
        return None;
    }
    let title = short_title(s(r, "title")?, rng);
    let mut out = Out::default();
    let who = families(r, "author");
    let who = if who.is_empty() {
        families(r, "editor")
    } else {
        who
    };
    if kind == "legal_case" {
        // `Brown, 347 U.S. at 495`: the first party's name, the report, the pinpoint.
        let party = s(r, "title")?.split(" v").next().unwrap_or_default();
        out.put("title", party);
        out.glue(",");
        let pin = rng.u32(2..400).to_string();
        match (s(r, "volume"), s(r, "container-title")) {
            (Some(v), Some(c)) if style == Style::Bluebook => {
                out.put("volume", v);
                out.put("container-title", c);
                if rng.bool() {
                    out.put("pages", &format!("at {pin}"));
                } else {
                    out.put("pages", s(r, "page").unwrap_or("1"));
                }
            }
            _ => out.put("pages", &pin),
        }
        return Some(out.done());
    }
    if !who.is_empty() && kind != "manuscript" {
        let who = if who.len() > 2 {
            format!("{} et al.", who[0])
        } else {
            who.join(" and ")
        };
        out.put("author", &who);
        out.glue(",");
    }
    let quoted_kinds = [
        "chapter",
        "article-journal",
        "article-newspaper",
        "thesis",
        "webpage",
        "post-weblog",
        "interview",
    ];
    if quoted_kinds.contains(&kind) {
        quoted(&mut out, "title", &title, style, ",");
    } else {
        out.put("title", &title);
        out.glue(",");
    }
    if kind != "webpage" && kind != "post-weblog" {
        let pin = pinpoint(r, rng);
        pages(&mut out, style, &pin, rng);
    } else {
        strip_comma(&mut out);
    }
    Some(out.done())
}

/// Records from AnyStyle's annotated references, for rendering in note form: each field's value
/// as the reference wrote it, names read from the author field.
pub fn records_of(refs: &[&Reference]) -> Vec<Value> {
    refs.iter().filter_map(|r| record_of(r)).collect()
}

fn clean(v: &str) -> String {
    let v = v.trim_matches(|c: char| {
        matches!(
            c,
            ',' | '.' | ';' | ':' | '(' | ')' | '[' | ']' | '“' | '”' | '"' | ' ' | '‘' | '’'
        )
    });
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn record_of(r: &Reference) -> Option<Value> {
    let mut rec = serde_json::Map::new();
    let get = |label: &str| {
        r.pieces
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| clean(v))
            .filter(|v| !v.is_empty())
    };
    let title = get("title")?;
    rec.insert("title".into(), title.into());
    for (from, to) in [
        ("publisher", "publisher"),
        ("location", "publisher-place"),
        ("edition", "edition"),
        ("genre", "genre"),
        ("url", "URL"),
    ] {
        if let Some(v) = get(from) {
            rec.insert(to.into(), v.into());
        }
    }
    let container = get("journal").or_else(|| get("container-title"));
    if let Some(c) = &container {
        let c = c
            .strip_prefix("In ")
            .or_else(|| c.strip_prefix("in "))
            .unwrap_or(c);
        rec.insert("container-title".into(), clean(c).into());
    }
    if let Some(v) = get("volume") {
        let v = v
            .trim_start_matches("Vol")
            .trim_start_matches("vol")
            .trim_matches(['.', ' ']);
        let (vol, issue) = match v.split_once(['(', ',']) {
            Some((a, b)) => (clean(a), Some(clean(b.trim_start_matches(" no")))),
            None => (clean(v), None),
        };
        if vol.chars().all(|c| c.is_ascii_digit()) && !vol.is_empty() {
            rec.insert("volume".into(), vol.into());
            if let Some(i) = issue.filter(|i| !i.is_empty() && i.len() < 6) {
                rec.insert("issue".into(), i.into());
            }
        }
    }
    if let Some(p) = get("pages") {
        let p = p
            .trim_start_matches("pp")
            .trim_start_matches('p')
            .trim_matches(['.', ' ']);
        if p.starts_with(|c: char| c.is_ascii_digit()) {
            rec.insert("page".into(), p.to_string().into());
        }
    }
    let date = get("date")?;
    let year = date
        .split(|c: char| !c.is_ascii_digit())
        .find(|p| p.len() == 4)?
        .parse::<i64>()
        .ok()?;
    rec.insert("issued".into(), serde_json::json!({"date-parts": [[year]]}));
    let raw = |label: &str| {
        r.pieces
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
    };
    for (from, to) in [
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
    ] {
        if let Some(v) = raw(from) {
            let list: Vec<Value> = person_names(&v);
            if !list.is_empty() {
                rec.insert(to.into(), list.into());
            }
        }
    }
    let kind = if rec.contains_key("genre")
        && get("genre").is_some_and(|g| g.to_lowercase().contains("diss") || g.contains("thesis"))
    {
        "thesis"
    } else if get("journal").is_some() || (container.is_some() && rec.contains_key("volume")) {
        "article-journal"
    } else if container.is_some() {
        "chapter"
    } else if rec.contains_key("publisher") {
        "book"
    } else if rec.contains_key("URL") {
        "webpage"
    } else {
        return None;
    };
    rec.insert("type".into(), kind.into());
    Some(Value::Object(rec))
}

/// `Romero, C., & Dweck, C.` -> `{family: Romero, given: C.}`, … (role words dropped).
fn person_names(v: &str) -> Vec<Value> {
    let v = v
        .replace("(Hrsg.)", "")
        .replace("(Eds)", "")
        .replace("(Ed)", "")
        .replace("(Eds.)", "")
        .replace("(Ed.)", "")
        .replace("(eds.)", "")
        .replace("(ed.)", "")
        .replace("edited by", "")
        .replace("Edited by", "")
        .replace("trans.", "")
        .replace("eds.", "")
        .replace("ed.", "");
    citelint::cite::split_names(&v)
        .into_iter()
        .map(|n| {
            let n = clean(&n);
            match n.split_once(", ") {
                Some((family, given)) => serde_json::json!({"family": family, "given": given}),
                None => match n.rsplit_once(' ') {
                    Some((given, family)) => serde_json::json!({"family": family, "given": given}),
                    None => serde_json::json!({"literal": n}),
                },
            }
        })
        .filter(|n| {
            n.as_object()
                .is_some_and(|o| o.values().all(|v| v.as_str() != Some("")))
        })
        .collect()
}

/// The records in `data/records/`.
pub fn read_records() -> Vec<Value> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir("data/records")
        .expect("data/records")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("a record file");
        let list: Vec<Value> = serde_json::from_str(&text).expect("CSL-JSON");
        out.extend(list);
    }
    out
}
