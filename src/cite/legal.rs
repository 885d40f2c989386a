//! Legal citations: what a case, an enactment or a parliamentary debate is, and the parts of
//! their citations that have a fixed grammar (a law report's volume, series and page, the
//! Official Journal's series and page, a constitution's article, a debate's volume and column),
//! read here because the tagger, trained mostly on books and articles, often leaves them
//! unlabelled or labels them as a title (`Marbury v Madison 5 US 137`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Field, Read, add_read, read_groups, strip_end};
use crate::model::Kind;

/// A case (`X v Y`, `Case C-6/90`, a neutral citation) or an enactment (an Act, a Directive, a
/// Code with its year or section; `42 U.S.C. § 2000e`), when no publisher says it is a book.
pub(super) fn kind(body: &str, title: Option<&str>, imprint: bool) -> Option<Kind> {
    if imprint {
        return None;
    }
    if body.contains(" Deb") && DEBATE.is_match(body) {
        return Some(Kind::Unknown);
    }
    let title = title.unwrap_or_default();
    if CASE.is_match(title) || CASE_CITE.is_match(body) {
        return Some(Kind::Case);
    }
    if STATUTE.is_match(title) && (STATUTE_CITE.is_match(body) || title.contains(char::is_numeric))
        || STATUTE_CITE.is_match(body) && !body.contains('“')
    {
        return Some(Kind::Legislation);
    }
    None
}

/// Read the parts of a legal citation at `span` of `text` that have a fixed grammar, where the
/// tagger labelled them otherwise, into `fields`:
/// - a law report, `347 U.S. 483`, `5 US 137`, `159 F.2d 169`, `[1994] 1 AC 212`, `597 U.S. at
///   231` (volume, the report series as `container_title`, first page or pinpoint), and a code
///   cited by title and section, `42 U.S.C. § 2000e-2(a)` (the section an `identifier`), in a
///   case, an enactment or a citation that is nothing but the report; a report the tagger
///   already found a container in keeps the tagger's reading;
/// - the Official Journal, `OJ L119/1` (`OJ` the container, `L119` the issue, `1` the page);
/// - a constitution, `U.S. Const. amend. XIV, § 1` (the title, then the article an
///   `identifier`);
/// - a parliamentary debate, `Hansard, HC Deb, 2 August 1956, vol. 557, cols. 1602–12`.
///
/// The fields the tagger labelled inside what a pattern matched give way to it, and one that
/// runs into it from before is cut where it starts.
///
/// Returns the kind when the grammar tells it: a later note's short form of a case, `Walsh, 124
/// P.3d at 215`, `Henningsen, 32 N.J. 358` or `Roe v. Wade, 410 U.S. at 153` (a name, then the
/// report with no bracket after it: a full citation ends with its court and year in brackets;
/// both parties need the `at` of a pinpoint).
pub(super) fn read(text: &str, span: Range<usize>, fields: &mut Vec<Field>) -> Option<Kind> {
    let body = &text[span.clone()];
    // Cheap tests first: most citations are no legal ones.
    if !body.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut kind = None;
    let mut found: Read = Vec::new();
    let mut over = None;
    let debate = body
        .contains(" Deb")
        .then(|| DEBATE.captures(body))
        .flatten();
    let constitution = body
        .contains("Const.")
        .then(|| CONSTITUTION.captures(body))
        .flatten();
    let journal = body
        .contains("OJ ")
        .then(|| JOURNAL.captures(body))
        .flatten();
    if let Some(c) = debate {
        let groups = [
            ("series", "container_title"),
            ("date", "date"),
            ("volume", "volume"),
            ("cols", "pages"),
        ];
        read_groups(&c, &groups, &mut found);
        over = c.get(0).map(|m| m.range());
    } else if let Some(c) = constitution {
        read_groups(
            &c,
            &[("title", "title"), ("article", "identifier")],
            &mut found,
        );
        over = c.get(0).map(|m| m.range());
    } else if let Some(c) = journal {
        let groups = [
            ("series", "container_title"),
            ("issue", "issue"),
            ("page", "pages"),
        ];
        read_groups(&c, &groups, &mut found);
        over = c.get(0).map(|m| m.range());
    } else if let Some(c) = REPORT.captures(body) {
        let whole = c.name("whole").map_or(0..0, |m| m.range());
        let has_container = fields.iter().any(|f| {
            f.name == "container_title"
                && f.span.start < span.start + whole.end
                && span.start + whole.start < f.span.end
        });
        let before = &body[..whole.start];
        let legal = before.trim().is_empty()
            || CASE.is_match(before)
            || STATUTE.is_match(before)
            || STATUTE_CITE.is_match(body)
            || short_form_name(before);
        let imprint = fields
            .iter()
            .any(|f| matches!(f.name, "publisher" | "place"));
        // Both parties and no `at` is a full citation that lacks its date (`Roe v. Wade, 410
        // U.S. 113.`), which C002 should hear about.
        let pinpoint = body[whole.clone()].contains(" at ");
        let undated = !body[whole.end..].contains('(');
        if short_form_name(before)
            && c.name("page").is_some()
            && undated
            && (pinpoint || !CASE.is_match(before))
        {
            kind = Some(Kind::ShortForm);
        }
        if has_container || !legal || imprint {
            return kind;
        }
        let groups = [
            ("volume", "volume"),
            ("series", "container_title"),
            ("page", "pages"),
            ("section", "identifier"),
        ];
        read_groups(&c, &groups, &mut found);
        over = Some(whole);
    }
    let Some(over) = over else {
        return kind;
    };
    let over = span.start + over.start..span.start + over.end;
    fields.retain_mut(|f| {
        if f.span.start >= over.end || f.span.end <= over.start {
            return true;
        }
        if f.span.start < over.start {
            let cut = f.span.end - over.start;
            strip_end(f, cut.min(f.value.len()));
            return !f.value.is_empty();
        }
        false
    });
    add_read(fields, body, span.start, found, &[',']);
    kind
}

/// Whether the words before a report are a short form's name: `Brown, ` of `Brown, 347 U.S. 483`,
/// `Dudley and Stephens, `, `Regal (Hastings) Ltd., `.
fn short_form_name(before: &str) -> bool {
    let Some(name) = before.trim_end().strip_suffix(',') else {
        return false;
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    let named = |w: &&str| {
        w.trim_start_matches('(').starts_with(char::is_uppercase)
            || matches!(*w, "and" | "&" | "of" | "v." | "v")
    };
    !words.is_empty() && words.len() <= 4 && words.iter().all(named)
}

/// A law report or code: volume, series, then the page (`at` before a pinpoint) or a section.
/// The series is one to four abbreviations: dotted (`U.S.`, `F.2d`, `S. Ct.`, `L. Ed. 2d`, `F.
/// Supp.`), capitals (`US`, `AC`, `WLR`, `QB`), or `All ER`, `Ch`.
static REPORT: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"(?:[A-Z](?:[A-Za-z]*\.)+(?:\d[a-z]{1,2}\.?)?|[A-Z]{2,5}|All|Ch|\d[a-z]{1,2}\.?)";
    Regex::new(&format!(
        r"(?:^|[\s,\]])(?P<whole>(?P<volume>\d{{1,4}}) (?P<series>{word}(?: {word}){{0,3}}) (?:(?:at )?(?P<page>\d+)\b|(?P<section>§§? ?[0-9A-Za-z][0-9A-Za-z().–-]*[0-9A-Za-z)])))"
    ))
    .expect("a valid pattern")
});

/// The Official Journal of the European Union: `OJ L119/1`, `OJ C 326/47`.
static JOURNAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<series>OJ) (?P<issue>[LC] ?\d+)/(?P<page>\d+)\b").expect("a valid pattern")
});

/// A constitution cited Bluebook-style: `U.S. Const. art. I, § 8`, `Cal. Const. amend. XIV`,
/// `Ark. Const. of 1868, art. III, § 2 (superseded 1874)`.
static CONSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<title>(?:[A-Z][A-Za-z]*\.)+ Const\.(?: of \d{4})?)(?:,? (?P<article>(?:art|amend|pmbl)\.[^;]*?))?[.,]?$")
        .expect("a valid pattern")
});

/// A parliamentary debate, OSCOLA-style: `HC Deb 3 February 1977, vol 925, col 973`, with or
/// without `Hansard,` before it and commas between its parts.
static DEBATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?P<series>Hansard),? )?\bH[CL] Deb,? (?:\((?:\d+)\) )?(?P<date>\d{1,2} [A-Z][a-z]+\.? \d{4}),? vol\.? (?P<volume>\d+),? cols?\.? (?P<cols>\d+(?:[–-]\d+)?)",
    )
    .expect("a valid pattern")
});

pub(super) static CASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Re |In re |Ex parte )|\S v\.? \S|^(?:Joined )?Cases? [CT]?-?\d")
        .expect("a valid pattern")
});

static CASE_CITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Joined )?Cases? [CT]?-?\d|\[\d{4}\] (?:UKHL|UKSC|UKPC|EWCA|EWHC|ECR|AC|QB|KB|Ch|WLR|All ER)\b|\d (?:U\.S\.|S\. ?Ct\.|F\.[234]d|F\. Supp\.) \d",
    )
    .expect("a valid pattern")
});

static STATUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:Act|Code|Regulations?|Directive|Treaty|Convention|Charter|Constitution|Const\.|Statute|Order|Amendment)(?:\W|$)",
    )
    .expect("a valid pattern")
});

static STATUTE_CITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\bU\.S\.C\.|\d Stat\. \d|Pub\. ?L\.|, (?:ss?|art|arts|reg|sch|para) \d|§|\bc \d+\b|\bOJ [LC]|\bConst\. (?:art|amend)\.",
    )
    .expect("a valid pattern")
});
