//! What `citelint cite` prints: each input line parsed into a typed citation. The JSON form
//! (`{"version":1,"citations":[{"input","kind","commentary","fields","missing"}]}`) is the same
//! shape `extract --format json` and `check --format json` give each note's citations.

use std::io::{self, Write};

use crate::cite::{self, style::Style};
use crate::model::Citation;

/// `cite --format json`.
pub fn cite_json(
    citations: &[(String, Option<Citation>)],
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let items: Vec<serde_json::Value> = citations
        .iter()
        .map(|(input, c)| match c {
            Some(c) => cite::to_json(c, input, style),
            None => serde_json::json!({
                "input": input, "kind": "unknown", "commentary": null, "fields": {}, "missing": []
            }),
        })
        .collect();
    let doc = serde_json::json!({ "version": 1, "style": style.name, "citations": items });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// `cite --format human`: the kind, then one field a line.
pub fn cite_human(
    citations: &[(String, Option<Citation>)],
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    for (i, (input, c)) in citations.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{input}")?;
        let Some(c) = c else {
            writeln!(out, "  kind: unknown")?;
            continue;
        };
        writeln!(out, "  kind: {}", c.kind.as_str())?;
        if let Some(words) = &c.commentary {
            writeln!(out, "  commentary: {words}")?;
        }
        for f in &c.fields {
            writeln!(out, "  {}: {}", f.name, f.value)?;
        }
        let missing = cite::missing(c, style);
        if !missing.is_empty() {
            writeln!(out, "  missing ({}): {}", style.name, missing.join(", "))?;
        }
    }
    Ok(())
}
