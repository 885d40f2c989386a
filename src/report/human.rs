//! `human`: miette's graphical report, one block per finding: the code, the message, the file
//! and position, the source lines with the span underlined, and `help:`. Colour only when asked
//! (the caller decides from `--color`, the terminal and `NO_COLOR`).

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::io::{self, Write};

use super::{Appearance, FileReport, Reporter, write_summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::links::LinkStats;

pub struct Human {
    pub style: Appearance,
}

impl Reporter for Human {
    fn report(
        &self,
        files: &[FileReport],
        links: Option<&LinkStats>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let theme = if self.style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(self.style.width)
            .with_links(false);
        for file in files {
            let code = Named {
                name: file.source.name(),
                text: file.source.text(),
            };
            for d in &file.diagnostics {
                let mut rendered = String::new();
                handler
                    .render_report(&mut rendered, &Rendered { d, code: &code })
                    .map_err(io::Error::other)?;
                write!(out, "{rendered}")?;
                if !rendered.ends_with("\n\n") {
                    writeln!(out)?;
                }
            }
        }
        if !self.style.quiet {
            write_summary(files, links, out)?;
        }
        Ok(())
    }
}

/// A source with its name, lent to miette without copying the text.
struct Named<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// One diagnostic as miette sees it.
struct Rendered<'a> {
    d: &'a Diagnostic,
    code: &'a Named<'a>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendered").field("d", self.d).finish()
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}[{}]",
            self.d.severity, self.d.rule.code
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.d.help.as_deref()?;
        Some(Box::new(match &self.d.note {
            Some(note) => format!("{help}\nnote: {note}"),
            None => help.to_string(),
        }))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.code)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary =
            LabeledSpan::new_primary_with_span(self.d.label.clone(), to_miette(&self.d.span));
        let secondary = self
            .d
            .labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), to_miette(&l.span)));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

fn to_miette(span: &std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.end - span.start)
}
