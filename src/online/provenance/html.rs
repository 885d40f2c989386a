//! The titles of an HTML page, from its first bytes: `<title>`, `<meta name="citation_title">`,
//! `<meta property="og:title">` and the first `<h1>`. A small tolerant scan, not a parser: tags
//! are found by `<name`, attributes read with or without quotes, comments, scripts and styles
//! skipped, the common entities decoded.
//!
//! It refuses to build a document tree, run scripts or follow anything: a page whose titles are
//! written by JavaScript gives none, and the drift check then says nothing about it. A title cut
//! off by the read limit is dropped rather than guessed.

use crate::model::provenance::Page;

/// The titles found in `body` (bytes of HTML, perhaps cut off anywhere).
pub fn titles(status: u16, body: &[u8]) -> Page {
    let text = String::from_utf8_lossy(body);
    let mut page = Page {
        status,
        html: true,
        ..Page::default()
    };
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = lower[at..].find('<') {
        let start = at + found;
        let rest = &lower[start..];
        if rest.starts_with("<!--") {
            at = skip_past(&lower, start, "-->");
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - 1);
        let name = &rest[1..1 + name_len];
        let Some(tag_end) = tag_end(&lower, start + 1 + name_len) else {
            break;
        };
        let after = tag_end + 1;
        match name {
            "script" | "style" => {
                at = skip_past(&lower, after, &format!("</{name}"));
                continue;
            }
            "title" | "h1" => {
                let close = format!("</{name}");
                let Some(end) = lower[after..].find(&close).map(|e| after + e) else {
                    break;
                };
                let inner = clean(&strip_tags(&text[after..end]));
                let slot = if name == "title" {
                    &mut page.title
                } else {
                    &mut page.h1
                };
                if slot.is_none() && !inner.is_empty() {
                    *slot = Some(inner);
                }
                at = end;
                continue;
            }
            "meta" => meta(&text[start + 1 + name_len..tag_end], &mut page),
            _ => {}
        }
        at = after;
    }
    page
}

/// The index just past `needle` at or after `from`, or the end.
fn skip_past(lower: &str, from: usize, needle: &str) -> usize {
    lower[from..]
        .find(needle)
        .map_or(lower.len(), |i| from + i + needle.len())
}

/// The `>` closing a tag whose attributes start at `from`, quotes respected.
fn tag_end(lower: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, c) in lower[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(from + i),
            _ => {}
        }
    }
    None
}

/// A `<meta>` tag's attributes: a `citation_title` or `og:title` fills its slot once.
fn meta(attributes: &str, page: &mut Page) {
    let attrs = parse_attributes(attributes);
    let get = |key: &str| {
        attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let Some(content) = get("content").map(clean).filter(|c| !c.is_empty()) else {
        return;
    };
    let key = get("name")
        .or(get("property"))
        .unwrap_or("")
        .to_ascii_lowercase();
    let slot = match key.as_str() {
        "citation_title" => &mut page.citation_title,
        "og:title" => &mut page.og_title,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(content);
    }
}

/// `name="value" name='value' name=value name` as (lowercase name, raw value) pairs.
fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() || c == '/' {
            chars.next();
            continue;
        }
        let mut end = i;
        while let Some(&(j, c)) = chars.peek() {
            if c.is_whitespace() || c == '=' || c == '/' {
                break;
            }
            end = j + c.len_utf8();
            chars.next();
        }
        let name = text[i..end].to_ascii_lowercase();
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek().is_some_and(|(_, c)| *c == '=') {
            chars.next();
            while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                chars.next();
            }
            let quote = chars
                .peek()
                .map(|(_, c)| *c)
                .filter(|c| matches!(c, '"' | '\''));
            if quote.is_some() {
                chars.next();
            }
            for (_, c) in chars.by_ref() {
                if Some(c) == quote || (quote.is_none() && c.is_whitespace()) {
                    break;
                }
                value.push(c);
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

/// Text without its tags (`<span>Page</span> not found` gives `Page not found`).
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            '<' => inside = true,
            '>' if inside => {
                inside = false;
                out.push(' ');
            }
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Entities decoded, whitespace folded to single spaces.
fn clean(text: &str) -> String {
    decode_entities(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The entities titles use: the five of XML, numeric ones, and a few typographic ones.
fn decode_entities(text: &str) -> String {
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("nbsp", " "),
        ("ndash", "–"),
        ("mdash", "—"),
        ("lsquo", "‘"),
        ("rsquo", "’"),
        ("ldquo", "“"),
        ("rdquo", "”"),
        ("hellip", "…"),
        ("middot", "·"),
        ("raquo", "»"),
        ("laquo", "«"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        let entity = tail.find(';').filter(|&e| e <= 10).map(|e| (&tail[..e], e));
        let decoded = entity.and_then(|(name, e)| {
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                char::from_u32(code?)?.to_string()
            } else {
                NAMED.iter().find(|(n, _)| *n == name)?.1.to_string()
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push_str(&c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_meta_and_h1() {
        let html = br#"<!DOCTYPE html><html><head>
            <!-- <title>commented out</title> -->
            <script>var t = "<title>in a script</title>";</script>
            <TITLE>
               Korea Report &amp; Annex &#8211; World&nbsp;Bank
            </TITLE>
            <meta property='og:title' content="Korea Report">
            <meta content="The Korea Report, 2019" name=citation_title />
            </head><body><h1 class="x"><span>Page</span> not found</h1></body></html>"#;
        let page = titles(200, html);
        assert_eq!(
            page.title.as_deref(),
            Some("Korea Report & Annex – World Bank")
        );
        assert_eq!(page.og_title.as_deref(), Some("Korea Report"));
        assert_eq!(
            page.citation_title.as_deref(),
            Some("The Korea Report, 2019")
        );
        assert_eq!(page.h1.as_deref(), Some("Page not found"));
    }

    #[test]
    fn a_title_cut_off_is_dropped_and_nothing_panics() {
        let html = "<html><head><title>Éléments de la guerre de Corée, et";
        let page = titles(200, html.as_bytes());
        assert_eq!(page.title, None);
        for end in 0..html.len() {
            let _ = titles(200, &html.as_bytes()[..end]);
        }
        assert_eq!(titles(200, b"<meta content=\"x").og_title, None);
        assert_eq!(
            decode_entities("a &unknown; b & c &#xZZ;"),
            "a &unknown; b & c &#xZZ;"
        );
    }
}
