//! `short`: one line per finding, `path:line:col: severity[CODE]: message`, as compilers and
//! grep print them, for editors' quickfix lists and for people scanning a long report.

use std::io::{self, Write};

use super::{Appearance, FileReport, Reporter, write_summary};
use crate::links::LinkStats;

pub struct Short {
    pub style: Appearance,
}

impl Reporter for Short {
    fn report(
        &self,
        files: &[FileReport],
        links: Option<&LinkStats>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for file in files {
            for d in &file.diagnostics {
                let p = file.source.position(d.span.start);
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}]: {}",
                    file.source.name(),
                    p.line,
                    p.column,
                    d.severity,
                    d.rule.code,
                    d.message
                )?;
            }
        }
        if !self.style.quiet {
            write_summary(files, links, out)?;
        }
        Ok(())
    }
}
