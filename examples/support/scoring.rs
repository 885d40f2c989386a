//! Field scoring shared by the accuracy examples (cross-validation on AnyStyle, the development
//! set of real footnotes): values compared after the same folding, counted the same way.

use citelint::cite;

/// A value as it is compared: trimmed, lowercase, spaces folded; a page without its label
/// (`pp. 12`, `page 12`, `S. 12`), a container without the `In` that joins it to a chapter.
pub fn canon(field: &str, value: &str) -> String {
    let mut v = cite::trim_value(value).to_lowercase();
    if field == "pages" {
        for prefix in ["pages", "page", "pp.", "pp", "p.", "p", "s."] {
            if let Some(rest) = v.strip_prefix(prefix)
                && rest.starts_with(|c: char| c == ' ' || c.is_ascii_digit())
            {
                v = rest.trim().to_string();
                break;
            }
        }
    }
    if field == "container_title" {
        // `In` connects a chapter to its book; it is not part of the book's title.
        for prefix in ["in: ", "in "] {
            if let Some(rest) = v.strip_prefix(prefix) {
                v = cite::trim_value(rest).to_string();
            }
        }
    }
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True and false positives and false negatives of one field.
#[derive(Default, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// Count one citation's values: each predicted value matches at most one gold value.
    pub fn add(&mut self, mut gold: Vec<String>, predicted: Vec<String>) {
        for p in predicted {
            if let Some(k) = gold.iter().position(|g| *g == p) {
                gold.remove(k);
                self.tp += 1;
            } else {
                self.fp += 1;
            }
        }
        self.fn_ += gold.len();
    }

    /// Precision, recall and F1.
    pub fn scores(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f1)
    }
}
