//! Headings that matter to notes, as text shows them: a chapter's opening (notes are often
//! numbered again from it) and the heading of a list of endnotes.

/// Does this line head a list of endnotes: `Notes`, `Endnotes`, `Notes to Chapter 3` (any case,
/// perhaps with a colon)?
pub fn is_notes_heading(line: &str) -> bool {
    let t = line.trim().trim_end_matches(':').trim().to_lowercase();
    matches!(t.as_str(), "notes" | "endnotes" | "end notes")
        || t.strip_prefix("notes to chapter ")
            .is_some_and(|n| n.split_whitespace().count() == 1)
        || t.strip_prefix("notes to ")
            .is_some_and(|n| n.split_whitespace().count() <= 4)
}

/// Does this line open a chapter or a part: `Chapter 2`, `CHAPTER TWO`, `Part II`,
/// `Chapter 3. The armistice`?
pub fn is_chapter_heading(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let t = line.trim();
    if t.len() > 100 {
        return false;
    }
    let lower = t.to_lowercase();
    let Some(rest) = ["chapter ", "part "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
    else {
        return false;
    };
    let word = rest
        .split(|c: char| c.is_whitespace() || c == '.' || c == ':')
        .next()
        .unwrap_or("");
    (!word.is_empty() && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()))
        || super::numbers::roman(word).is_some()
        || WORDS.contains(&word)
}

/// Does this line open a list that ends the notes: a bibliography, references, an index?
pub fn is_back_matter_heading(line: &str) -> bool {
    let t = line.trim().trim_end_matches(':').trim().to_lowercase();
    matches!(
        t.as_str(),
        "bibliography"
            | "references"
            | "works cited"
            | "sources"
            | "index"
            | "appendix"
            | "select bibliography"
            | "sources and bibliography"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_headings() {
        for t in [
            "Notes",
            "NOTES",
            "Endnotes",
            "Notes:",
            "Notes to Chapter 3",
            "Notes to the Introduction",
        ] {
            assert!(is_notes_heading(t), "{t}");
        }
        for t in [
            "Notes on method and sources of the data we used here",
            "Footnotes are",
            "1 Notes",
        ] {
            assert!(!is_notes_heading(t), "{t}");
        }
    }

    #[test]
    fn chapter_headings() {
        for t in [
            "Chapter 2",
            "CHAPTER TWO",
            "Part II",
            "Chapter 3. The armistice",
            "Chapter 12: War",
        ] {
            assert!(is_chapter_heading(t), "{t}");
        }
        for t in [
            "Chapter and verse",
            "Chapters 2 and 3 show",
            "Particle 2",
            "part of the war",
        ] {
            assert!(!is_chapter_heading(t), "{t}");
        }
    }
}
