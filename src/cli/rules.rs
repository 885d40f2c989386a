//! `citelint rules` and `citelint explain`: the rule table, and one rule's documentation.

use std::io::Write;

use super::{Finished, Outcome, write_out};
use crate::error::Error;
use crate::rules::{self, RULES};

/// Every rule: code, name, default severity, summary.
pub fn list(out: &mut dyn Write) -> Result<Finished, Error> {
    let mut text = String::new();
    for rule in RULES {
        let info = rule.info();
        text.push_str(&format!(
            "{}  {:<30} {:<8} {}\n",
            info.code, info.name, info.severity, info.summary
        ));
    }
    write_out(out, &text)?;
    Ok(Outcome::Clean.into())
}

/// The documentation of the rule with this code or name.
pub fn explain(rule: &str, out: &mut dyn Write) -> Result<Finished, Error> {
    let info = rules::find(rule).ok_or_else(|| Error::UnknownRule(rule.to_string()))?;
    let text = format!(
        "# {} {} ({} by default)\n\n{}\n\n{}",
        info.code,
        info.name,
        info.severity,
        info.summary,
        info.doc()
    );
    write_out(out, &text)?;
    Ok(Outcome::Clean.into())
}
