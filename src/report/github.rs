//! `github`: GitHub Actions workflow commands, one per finding
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`), so that
//! each finding appears as an annotation on its line of the pull request. Values are escaped
//! as the runner requires: `%`, CR and LF everywhere, and `:` and `,` in properties.

use std::io::{self, Write};

use super::{FileReport, Reporter, Run, range};
use crate::model::Severity;

pub struct Github;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn report(&self, files: &[FileReport], _run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        for file in files {
            for d in &file.diagnostics {
                let (start, end) = range(file.source_of(d.span), &d.span);
                let command = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                let mut message = d.message.clone();
                if let Some(help) = &d.help {
                    message.push_str(&format!("\nhelp: {help}"));
                }
                writeln!(
                    out,
                    "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    escape_property(file.source_of(d.span).name()),
                    start.line,
                    start.column,
                    end.line,
                    end.column,
                    escape_property(&format!("{} {}", d.rule.code, d.rule.name)),
                    escape_data(&message)
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("a%b\nc\r"), "a%25b%0Ac%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
