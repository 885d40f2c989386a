//! `human`: one block per finding, as rustc prints them: a header line
//! `warning[C001 missing-page]: message`, then `╭─[file:line:col]` with the source lines and the
//! span underlined (miette draws this part), then `help:`. Colour only when asked (the caller
//! decides from `--color`, the terminal and `NO_COLOR`).
//!
//! miette is lent an [`Excerpt`] of the lines around each finding, never the whole text: lines
//! are clipped around the span, so a finding on a line of megabytes costs a few hundred bytes
//! and the column in the header counts characters. Help text is wrapped between words only: a
//! URL or a `code span` is never broken, so a fix can be copied from the terminal whole.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, SourceSpan};
use std::fmt;
use std::io::{self, Write};

use super::excerpt::Excerpt;
use super::{Appearance, FileReport, Reporter, Run, write_summary};
use crate::model::{Diagnostic, Severity};

pub struct Human {
    pub style: Appearance,
}

impl Reporter for Human {
    fn report(&self, files: &[FileReport], run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let handler = handler(self.style);
        for file in files {
            for d in &file.diagnostics {
                // Labels in the primary span's file are drawn in its excerpt; a label in
                // another file of the manuscript (a `.bib` entry) is named in a note.
                let (here, elsewhere): (Vec<_>, Vec<_>) =
                    d.labels.iter().partition(|l| l.span.file == d.span.file);
                let mut spans = vec![d.span.range()];
                spans.extend(here.iter().map(|l| l.span.range()));
                let (excerpt, spans) = Excerpt::new(file.source_of(d.span), &spans);
                let elsewhere: Vec<String> = elsewhere
                    .iter()
                    .map(|l| {
                        let source = file.source_of(l.span);
                        let p = source.position(l.span.start);
                        format!("{}: {}:{}:{}", l.message, source.name(), p.line, p.column)
                    })
                    .collect();
                let mut rendered = String::new();
                handler
                    .render_report(
                        &mut rendered,
                        &Rendered {
                            d,
                            labels: here,
                            elsewhere,
                            code: &excerpt,
                            spans,
                        },
                    )
                    .map_err(io::Error::other)?;
                // miette's first line is the message line, which the header replaces.
                let body = rendered.split_once('\n').map_or("", |(_, rest)| rest);
                writeln!(out, "{}", header(d, self.style.color))?;
                write!(out, "{body}")?;
                if !body.ends_with("\n\n") {
                    writeln!(out)?;
                }
            }
        }
        if !self.style.quiet {
            write_summary(files, run, out)?;
        }
        Ok(())
    }
}

/// The handler every finding and every error is drawn with: a fixed width, no links, and text
/// wrapped only between words (see [`words`]).
pub fn handler(style: Appearance) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_word_separator(textwrap::WordSeparator::Custom(words))
}

/// `warning[C001 missing-page]: citation of a book has no page number`, in bold and the
/// severity's colour when colour is on.
pub(crate) fn header(d: &Diagnostic, color: bool) -> String {
    let tag = super::tag(d);
    if !color {
        return format!("{tag}: {}", d.message);
    }
    let paint = match d.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    };
    format!("\x1b[{paint}m{tag}\x1b[0m\x1b[1m: {}\x1b[0m", d.message)
}

/// The words text is wrapped between: runs separated by spaces, where a `code span` (spaces
/// and all) is one word, so that a wrap never falls inside one. Words longer than the line
/// stay whole (the handler does not break words).
fn words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b' ' if !in_code && bytes.get(i + 1) != Some(&b' ') => {
                out.push(textwrap::core::Word::from(&line[start..=i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < line.len() {
        out.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(out.into_iter())
}

/// One diagnostic as miette sees it: its spans moved into the excerpt. Its message is a
/// placeholder on one line, which the reporter replaces by the header.
struct Rendered<'a> {
    d: &'a Diagnostic,
    /// The secondary labels drawn in the excerpt.
    labels: Vec<&'a crate::model::Label>,
    /// The secondary labels in other files, as `message: path:line:column`.
    elsewhere: Vec<String>,
    code: &'a Excerpt,
    /// The primary span, then the secondary labels', in the excerpt.
    spans: Vec<std::ops::Range<usize>>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendered").field("d", self.d).finish()
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("-")
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.d.help.as_deref()?;
        let mut text = help.to_string();
        for note in self.d.note.iter().chain(&self.elsewhere) {
            text.push_str("\nnote: ");
            text.push_str(note);
        }
        Some(Box::new(text))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.code)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary =
            LabeledSpan::new_primary_with_span(self.d.label.clone(), to_miette(&self.spans[0]));
        let secondary =
            self.labels.iter().zip(&self.spans[1..]).map(|(l, span)| {
                LabeledSpan::new_with_span(Some(l.message.clone()), to_miette(span))
            });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

fn to_miette(span: &std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.end - span.start)
}
