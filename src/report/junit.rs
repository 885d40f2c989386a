//! `junit`: JUnit XML for CI dashboards: one test case per file, failing with one `<failure>`
//! per finding at error or warning level (an info finding does not fail it).

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io::{self, Write};

use super::{FileReport, Reporter, Run};
use crate::model::Severity;

pub struct Junit;

impl Reporter for Junit {
    fn report(&self, files: &[FileReport], _run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let failing = |f: &FileReport| {
            f.diagnostics
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
                .count()
        };
        let failed_files = files.iter().filter(|f| failing(f) > 0).count();
        let mut w = Writer::new_with_indent(&mut *out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let tests = files.len().to_string();
        let failed = failed_files.to_string();
        let mut suites = BytesStart::new("testsuites");
        suites.push_attribute(("name", "citelint"));
        suites.push_attribute(("tests", tests.as_str()));
        suites.push_attribute(("failures", failed.as_str()));
        w.write_event(Event::Start(suites))?;
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", "citelint"));
        suite.push_attribute(("tests", tests.as_str()));
        suite.push_attribute(("failures", failed.as_str()));
        suite.push_attribute(("errors", "0"));
        w.write_event(Event::Start(suite))?;
        for file in files {
            let mut case = BytesStart::new("testcase");
            case.push_attribute(("name", file.source().name()));
            case.push_attribute(("classname", "citelint"));
            w.write_event(Event::Start(case))?;
            for d in file
                .diagnostics
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
            {
                let source = file.source_of(d.span);
                let p = source.position(d.span.start);
                let message = format!("{}: {}", super::tag(d), d.message);
                let mut failure = BytesStart::new("failure");
                failure.push_attribute(("message", message.as_str()));
                failure.push_attribute(("type", d.rule.name));
                w.write_event(Event::Start(failure))?;
                let mut body = format!("{}:{}:{}: {message}", source.name(), p.line, p.column);
                if let Some(help) = &d.help {
                    body.push_str(&format!("\nhelp: {help}"));
                }
                w.write_event(Event::Text(BytesText::new(&body)))?;
                w.write_event(Event::End(BytesEnd::new("failure")))?;
            }
            w.write_event(Event::End(BytesEnd::new("testcase")))?;
        }
        w.write_event(Event::End(BytesEnd::new("testsuite")))?;
        w.write_event(Event::End(BytesEnd::new("testsuites")))?;
        writeln!(out)
    }
}
