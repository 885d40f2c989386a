//! `short`: one line per finding, `path:line:col: severity[CODE name]: message`, as compilers
//! and grep print them, for editors' quickfix lists and for people scanning a long report. A
//! control character in a path is escaped (`\n`), so a finding is always one line. In a
//! rendition with pages (a PDF's), the page comes before the line: `thesis.pdf:p12:40:5:` is
//! page 12, and line 40, column 5 of the rendition (`citelint extract --format text`).

use std::io::{self, Write};

use super::{Appearance, FileReport, Reporter, Run, shown_name, tag, write_summary};

pub struct Short {
    pub style: Appearance,
}

impl Reporter for Short {
    fn report(&self, files: &[FileReport], run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        for file in files {
            for d in &file.diagnostics {
                let source = file.source_of(d.span);
                let p = source.position(d.span.start);
                let page = source
                    .page(d.span.start)
                    .map(|n| format!("p{n}:"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}:{page}{}:{}: {}: {}",
                    shown_name(source.name()),
                    p.line,
                    p.column,
                    tag(d),
                    d.message
                )?;
            }
        }
        if !self.style.quiet {
            write_summary(files, run, out)?;
        }
        Ok(())
    }
}
