use super::{Context, Rule, rule_info};
use crate::model::{Diagnostic, Format};

rule_info!(
    "I002",
    "unread-footnotes",
    Warning,
    "no footnote was read, but the text shows signs of notes",
    "unread_footnotes.rs"
);

/// ## What it does
/// Warns when citelint found no footnote reference and no footnote text in a manuscript whose
/// text nevertheless shows signs of notes it could not read. The signs looked for:
/// - superscript digits (`¹²³`), as text copied from a word processor keeps them;
/// - bracketed numbers used as markers (`claim.[1]`, `[12]`), as `pandoc -t plain` writes
///   footnotes;
/// - LaTeX footnote commands (`\footnote{`, `\footnotemark`, `\endnote{`) in a file read as
///   text;
/// - Markdown footnotes (`[^1]`) in a file read as plain text (a `.txt`: rename it `.md`);
/// - a `Notes` or `Endnotes` heading followed by numbered lines (`1.`, `1`), when no reference
///   points at them.
///
/// It also warns, in place of `N001` and `N002`, when a PDF (read by its layout) has notes and references that mostly do not pair up: at least
/// [`UNPAIRED_MIN`] of them, and more than half of all. A document whose notes were made by a
/// word processor or LaTeX pairs by construction, so such a count means the reader could not
/// follow the layout (a manual printing example notes, an unusual note style), not that dozens
/// of notes are broken; the warning gives the counts instead of as many false errors.
///
/// Formats whose notes are structure, not layout (LaTeX, BibTeX, DOCX, ODT), are not looked at:
/// their readers find every note there is, and `[1]` in a LaTeX source is a macro's argument
/// count, not a marker.
///
/// ## Why is this bad?
/// A check that found nothing to check is not a clean bill of health: the report would say
/// `0 errors` about footnotes it never saw. This rule makes sure the silence is noticed.
///
/// ## Example
/// ```text
/// The treaty was signed in 1953.¹ It was never ratified.²
/// ¹ Stueck, The Korean War, 45.
/// ```
///
/// ## How to fix
/// Give citelint the manuscript in a form it reads: the source (`.md`), or text extracted from
/// the PDF with `pdftotext`, where notes are numbered lines. If the manuscript really has no
/// notes, allow the rule for it (`[rules] unread-footnotes = "allow"`).
pub struct UnreadFootnotes;

/// The fewest unpaired references and notes that make a layout's pairing unreliable.
pub const UNPAIRED_MIN: usize = 5;

/// Whether the notes of a manuscript read by its layout mostly do not pair up: then `N001` and
/// `N002` stay silent and this rule speaks. `None` when the pairing can be trusted; else the
/// references without a note and the notes without a reference.
pub fn unreliable_pairing(
    m: &crate::model::Manuscript,
) -> Option<(Vec<&crate::model::NoteRef>, Vec<&crate::model::Note>)> {
    if m.format != Format::Pdf {
        return None;
    }
    let (refs, notes) = m.unpaired();
    let unpaired = refs.len() + notes.len();
    (unpaired >= UNPAIRED_MIN && unpaired * 2 > m.refs.len() + m.notes.len())
        .then_some((refs, notes))
}

/// The superscript digits.
const SUPERSCRIPTS: &[char] = &['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰'];

impl Rule for UnreadFootnotes {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let m = cx.manuscript;
        if let Some((refs, notes)) = unreliable_pairing(m) {
            let at = (refs.iter().map(|r| r.span))
                .chain(notes.iter().map(|n| n.label_span))
                .filter(|s| s.file == cx.source.id())
                .min_by_key(|s| s.start);
            if let Some(span) = at {
                out.push(
                    Diagnostic::new(
                        &INFO,
                        span,
                        format!(
                            "the notes could not be paired with their markers: {} of {} markers have no note and {} of {} notes no marker",
                            refs.len(),
                            m.refs.len(),
                            notes.len(),
                            m.notes.len()
                        ),
                    )
                    .label("the first that pairs with nothing")
                    .help("check the notes by hand, or give citelint the source (`.tex`, `.docx`, `.odt`, `.md`), whose notes it reads from their structure"),
                );
            }
            return;
        }
        if !m.refs.is_empty() || !m.notes.is_empty() || structured(m.format) {
            return;
        }
        let text = cx.source.text();
        let Some((at, len, sign)) = first_sign(text, m.format) else {
            return;
        };
        out.push(
            Diagnostic::new(
                &INFO,
                cx.source.span(at..at + len),
                format!("no footnote was read, but the text has {sign}"),
            )
            .label("this looks like a note")
            .help(help(sign, m.format)),
        );
    }
}

/// Whether the format's reader takes notes from the file's structure, so it cannot miss one.
fn structured(format: Format) -> bool {
    matches!(
        format,
        Format::Latex | Format::Bibtex | Format::Docx | Format::Odt
    )
}

/// The first sign of unread notes: where, how long, and what it is.
fn first_sign(text: &str, format: Format) -> Option<(usize, usize, &'static str)> {
    let mut signs: Vec<(usize, usize, &'static str)> = Vec::new();
    if let Some(at) = text.find(SUPERSCRIPTS) {
        let len = text[at..]
            .chars()
            .take_while(|c| SUPERSCRIPTS.contains(c))
            .map(char::len_utf8)
            .sum();
        signs.push((at, len, "superscript note markers"));
    }
    if let Some(at) = bracketed_marker(text) {
        let len = text[at..].find(']').map_or(1, |k| k + 1);
        signs.push((at, len, "bracketed note markers such as `[1]`"));
    }
    for command in ["\\footnote{", "\\footnotemark", "\\endnote{", "\\footnote["] {
        if let Some(at) = text.find(command) {
            signs.push((
                at,
                command.trim_end_matches(['{', '[']).len(),
                "LaTeX footnote commands",
            ));
        }
    }
    if format != Format::Markdown
        && let Some(at) = text.find("[^")
        && text[at + 2..]
            .split(']')
            .next()
            .is_some_and(|l| !l.is_empty() && l.len() < 20)
    {
        let len = text[at..].find(']').map_or(2, |k| k + 1);
        signs.push((at, len, "Markdown footnotes such as `[^1]`"));
    }
    if let Some(at) = notes_heading(text) {
        signs.push((
            at,
            text[at..].find('\n').unwrap_or(text.len() - at),
            "a `Notes` section",
        ));
    }
    signs.into_iter().min_by_key(|s| s.0)
}

/// `[12]` glued to the end of a word or punctuation, or starting a line: a pandoc-plain marker
/// or note (not `[sic]`, nor a bracketed year).
fn bracketed_marker(text: &str) -> Option<usize> {
    text.match_indices('[').map(|(at, _)| at).find(|&at| {
        let digits: String = text[at + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let closed = text[at + 1 + digits.len()..].starts_with(']');
        let before = text[..at].chars().next_back();
        let glued = before.is_none_or(|c| c == '\n' || !c.is_whitespace());
        (1..=3).contains(&digits.len()) && closed && glued
    })
}

/// A line reading `Notes` or `Endnotes` followed, within three lines, by a numbered line.
fn notes_heading(text: &str) -> Option<usize> {
    let mut offset = 0;
    let lines: Vec<&str> = text.split('\n').collect();
    for (k, line) in lines.iter().enumerate() {
        let heading = line.trim().trim_start_matches('#').trim().to_lowercase();
        if matches!(heading.as_str(), "notes" | "endnotes" | "footnotes") {
            let numbered = lines.iter().skip(k + 1).take(3).any(|l| {
                let l = l.trim_start();
                let digits = l.chars().take_while(char::is_ascii_digit).count();
                (1..=3).contains(&digits) && l[digits..].starts_with(['.', ' ', '\t'])
            });
            if numbered {
                return Some(offset + (line.len() - line.trim_start().len()));
            }
        }
        offset += line.len() + 1;
    }
    None
}

fn help(sign: &str, format: Format) -> String {
    if sign.starts_with("Markdown") {
        "rename the file with the `.md` extension so that it is read as Markdown".to_string()
    } else if sign.starts_with("LaTeX") {
        "give citelint the LaTeX source itself (`.tex`), or the compiled PDF".to_string()
    } else if format == Format::Markdown {
        "write the notes as Markdown footnotes (`[^1]` and `[^1]: text`) so that citelint can check them".to_string()
    } else {
        "give citelint the manuscript's source (Markdown), or text from `pdftotext`, in which notes are numbered lines".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_whose_notes_mostly_do_not_pair_is_unreliable() {
        use crate::model::{FileId, Manuscript, Note, NoteRef, Span};
        let span = |k: usize| Span::new(FileId(0), k..k + 1);
        let mut m = Manuscript {
            format: Format::Text,
            refs: (1..=6)
                .map(|k| NoteRef {
                    label: k.to_string(),
                    number: Some(k as u32),
                    span: span(k),
                    repeat: false,
                    section: 0,
                })
                .collect(),
            notes: vec![Note::verbatim(
                "1".into(),
                span(10),
                span(11),
                "Cumings, Origins, 117.".into(),
                0,
            )],
            ..Manuscript::default()
        };
        assert_eq!((m.refs.len(), m.notes.len()), (6, 1));
        // Text keeps its N findings; a PDF's layout that pairs so little is I002's.
        assert!(unreliable_pairing(&m).is_none());
        m.format = Format::Pdf;
        let (refs, notes) = unreliable_pairing(&m).expect("unreliable");
        assert_eq!((refs.len(), notes.len()), (5, 0));
        assert_eq!(refs[0].label, "2");
        // A few unpaired among many are real findings.
        m.refs.truncate(2);
        assert!(unreliable_pairing(&m).is_none());
    }

    #[test]
    fn signs() {
        let sign = |t: &str| first_sign(t, Format::Text).map(|s| s.2);
        assert_eq!(
            sign("It was signed.¹ Never.²"),
            Some("superscript note markers")
        );
        assert_eq!(
            sign("It was signed.[1] Never."),
            Some("bracketed note markers such as `[1]`")
        );
        assert_eq!(sign("In 1953 [sic] and [1953] and [ 1]."), None);
        assert_eq!(
            sign("Signed.\\footnote{Stueck, 45.}"),
            Some("LaTeX footnote commands")
        );
        assert_eq!(
            sign("Signed.[^1]\n\n[^1]: Stueck."),
            Some("Markdown footnotes such as `[^1]`")
        );
        assert_eq!(first_sign("Signed.[^1]", Format::Markdown), None);
        assert_eq!(
            sign("Body.\n\nNotes\n\n1. Stueck, 45.\n"),
            Some("a `Notes` section")
        );
        assert_eq!(sign("Body.\n\nNotes\n\nWe thank the archive.\n"), None);
        assert_eq!(sign("Plain prose with no notes at all."), None);
    }
}
