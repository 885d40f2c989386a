//! URLs of a PDF: link annotations first, then the URLs its text shows.
//!
//! A link annotation (a `/Link` with a `/URI` action) gives the address a click leads to,
//! whatever its rectangle shows. The text under the rectangle is found among the page's glyphs;
//! one link broken across lines (LaTeX makes one annotation per line, with the same address)
//! is read as one link whose pieces are the lines' parts. The visible text is joined without
//! its line breaks (and without a hyphen at a line end when the address has none there) and
//! kept as [`Link::shown`] when it differs from the address, so `U004 link-text-mismatch`
//! reports a visible URL that leads elsewhere, and a link shown as `here` still has its target
//! checked.
//!
//! URLs shown with no annotation are found by the shared URL finder over the rendition; a URL
//! wrapped at a line end is joined as it joins them in plain text, and is not a split URL
//! (`U001`): a PDF wraps lines, its reader does not see the break. Running heads and feet are
//! searched too.

use std::ops::Range;

use hayro_interpret::hayro_syntax::object::{Array, Dict, Name, Rect};
use hayro_interpret::hayro_syntax::page::Page;

use super::lines::Placed;
use crate::model::{FileId, Link, Span};
use crate::text::urls;

/// A link annotation, and where the text under it is in the rendition.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub uri: String,
    pub pieces: Vec<Range<usize>>,
}

/// The URI link annotations of a page, with the text under each (`placed`: where the page's
/// glyphs went).
pub fn annotations(page: &Page<'_>, placed: &[Placed], text: &str) -> Vec<Annotation> {
    let Some(annots) = page.raw().get::<Array<'_>>(b"Annots") else {
        return Vec::new();
    };
    let t = page.initial_transform(true).as_coeffs();
    let to_device = |x: f64, y: f64| (t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]);
    let mut out = Vec::new();
    for annot in annots.iter::<Dict<'_>>() {
        let is_link = annot
            .get::<Name<'_>>(b"Subtype")
            .is_some_and(|n| n.as_ref() == b"Link");
        let Some(uri) = is_link.then(|| uri_of(&annot)).flatten() else {
            continue;
        };
        let Some(rect) = annot.get::<Rect>(b"Rect") else {
            continue;
        };
        let (ax, ay) = to_device(rect.x0, rect.y0);
        let (bx, by) = to_device(rect.x1, rect.y1);
        let area = (ax.min(bx), ay.min(by), ax.max(bx), ay.max(by));
        let pieces = text_under(placed, text, area);
        out.push(Annotation { uri, pieces });
    }
    out
}

/// The address of a link annotation's URI action.
fn uri_of(annot: &Dict<'_>) -> Option<String> {
    let action = annot.get::<Dict<'_>>(b"A")?;
    if action.get::<Name<'_>>(b"S")?.as_ref() != b"URI" {
        return None;
    }
    let uri = action.get::<hayro_interpret::hayro_syntax::object::String<'_>>(b"URI")?;
    let uri = String::from_utf8_lossy(uri.as_bytes()).trim().to_string();
    (!uri.is_empty()).then_some(uri)
}

/// The rendition's ranges (one per line) of the glyphs whose centres lie in `area`.
fn text_under(placed: &[Placed], text: &str, area: (f64, f64, f64, f64)) -> Vec<Range<usize>> {
    const SLACK: f64 = 1.0;
    let (x0, y0, x1, y1) = area;
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for g in placed {
        let cx = f64::from(g.x0 + g.x1) / 2.0;
        let cy = f64::from(g.y - 0.3 * g.size);
        let inside = cx >= x0 && cx <= x1 && cy >= y0 - SLACK && cy <= y1 + SLACK;
        if !inside {
            continue;
        }
        match pieces.last_mut() {
            Some(p) if p.end <= g.start && !text[p.end..g.start].contains('\n') => p.end = g.end,
            _ => pieces.push(g.start..g.end),
        }
    }
    pieces
}

/// The links of the document: its annotations (one link per address broken across lines),
/// then the URLs its text shows outside them.
pub fn links(text: &str, mut annotations: Vec<Annotation>) -> Vec<Link> {
    // A page lists its annotations in any order: read them in the order of their text.
    annotations.retain(|a| !a.pieces.is_empty());
    annotations.sort_by_key(|a| a.pieces[0].start);
    let mut merged: Vec<Annotation> = Vec::new();
    for a in annotations {
        if let Some(last) = merged.last_mut()
            && last.uri == a.uri
            && continues(text, &last.pieces, &a.pieces)
        {
            last.pieces.extend(a.pieces);
            continue;
        }
        merged.push(a);
    }
    let mut links: Vec<Link> = merged
        .into_iter()
        .filter(|a| !a.pieces.is_empty())
        .map(|a| annotated(text, a))
        .collect();
    links.sort_by_key(|l| l.span.start);
    let shown = urls::find_links(text, &[]);
    for mut link in shown {
        let covered = links
            .iter()
            .any(|l| l.span.start < link.span.end && link.span.start < l.span.end);
        if covered {
            continue;
        }
        // A line wrap is the PDF's layout, not a break in the URL.
        let gaps_are_wraps = link
            .pieces
            .windows(2)
            .all(|w| text[w[0].end..w[1].start].contains('\n'));
        if gaps_are_wraps {
            link.repaired = false;
        }
        links.push(link);
    }
    links.sort_by_key(|l| l.span.start);
    links
}

/// Does an annotation whose text is `next` carry on one whose text is `before`, on the next
/// line?
fn continues(text: &str, before: &[Range<usize>], next: &[Range<usize>]) -> bool {
    match (before.last(), next.first()) {
        (Some(a), Some(b)) => {
            b.start >= a.end && {
                let gap = &text[a.end..b.start];
                gap.chars().all(char::is_whitespace) && gap.contains('\n')
                    || gap.chars().all(|c| c.is_whitespace() || c == '\x0c')
            }
        }
        _ => false,
    }
}

/// The link of an annotation: its address, and what it shows when that is not the address.
fn annotated(text: &str, a: Annotation) -> Link {
    let span = a.pieces[0].start..a.pieces.last().map_or(a.pieces[0].end, |p| p.end);
    let parts: Vec<&str> = a.pieces.iter().map(|p| &text[p.clone()]).collect();
    let visible = join_visible(&parts, &a.uri);
    let target = a.uri.clone();
    let parsed = url::Url::parse(&target).map_err(|e| e.to_string());
    let same = same_text(&visible, &target);
    let file = FileId::default();
    Link {
        text: text[span.clone()].to_string(),
        span: Span::new(file, span),
        target,
        parsed,
        repaired: false,
        joined: visible.clone(),
        pieces: a.pieces.into_iter().map(|p| Span::new(file, p)).collect(),
        shown: (!same).then_some(visible),
    }
}

/// The visible text of a link over several lines, joined: no space at a line break inside a
/// URL, and a hyphen at a line end dropped when the address has none there.
fn join_visible(parts: &[&str], uri: &str) -> String {
    let urlish = parts.first().is_some_and(|p| {
        let p = p.to_ascii_lowercase();
        p.starts_with("http")
            || p.starts_with("www.")
            || p.starts_with("doi:")
            || p.starts_with("ftp")
    });
    let mut out = String::new();
    for (k, part) in parts.iter().enumerate() {
        if k > 0 && !urlish {
            out.push(' ');
        }
        if k > 0 && urlish && out.ends_with('-') {
            let without = format!("{}{}", &out[..out.len() - 1], part);
            let with = format!("{out}{part}");
            if !uri.contains(&with) && uri.contains(&without) {
                out.pop();
            }
        }
        out.push_str(part);
    }
    out
}

/// Do the visible text and the address name the same place (scheme, `www.`, a trailing slash
/// and case of the host aside)?
fn same_text(visible: &str, target: &str) -> bool {
    fn key(url: &str) -> String {
        let url = url.trim().trim_end_matches(['.', ',', ';', ')']);
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .unwrap_or(url);
        let rest = rest.strip_prefix("www.").unwrap_or(rest);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        format!(
            "{}/{}",
            host.to_ascii_lowercase(),
            path.trim_end_matches('/')
        )
    }
    key(visible) == key(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_is_joined_as_the_address_says() {
        assert_eq!(
            join_visible(
                &["https://example.org/research-", "files/a"],
                "https://example.org/research-files/a"
            ),
            "https://example.org/research-files/a"
        );
        assert_eq!(
            join_visible(
                &["https://example.org/learn-", "ing"],
                "https://example.org/learning"
            ),
            "https://example.org/learning"
        );
        assert_eq!(
            join_visible(&["the full", "report"], "https://x.org"),
            "the full report"
        );
        assert!(same_text("www.Example.org/a/", "https://www.example.org/a"));
        assert!(!same_text("here", "https://www.example.org/a"));
    }
}
