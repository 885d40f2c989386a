//! Which `.tex` files of a directory walk are the main files of LaTeX projects.
//!
//! A LaTeX project is read from its main file, which brings in its chapters (`extract::latex`);
//! a walk that also read each chapter on its own would read it twice, and number its notes
//! wrongly. So a walk keeps, of the `.tex` files it finds, the main files: those named in
//! `[latex] main`, or else those with a `\documentclass` (outside comments) of a class other
//! than `subfiles` and `standalone` (whose files are written to be included). A directory with
//! no main file keeps all its `.tex` files, each read on its own. Only the first bytes of each
//! file are read here.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::config::Latex;

/// How much of a file is read to find its `\documentclass`.
const HEAD: u64 = 64 * 1024;

/// Classes whose files are meant to be included by a main file.
const INCLUDED_CLASSES: &[&str] = &["subfiles", "standalone"];

/// A LaTeX source, by its extension.
pub fn is_tex(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tex") || e.eq_ignore_ascii_case("ltx"))
}

/// The files of a walk of `dir` with only the main files among its `.tex` files.
pub fn mains(found: Vec<PathBuf>, dir: &Path, latex: &Latex) -> Vec<PathBuf> {
    let is_main = |p: &Path| {
        if latex.main.is_empty() {
            declares_class(p)
        } else {
            let relative = p.strip_prefix(dir).unwrap_or(p);
            latex.main.iter().any(|m| Path::new(m) == relative)
        }
    };
    let mains: Vec<bool> = found.iter().map(|p| is_tex(p) && is_main(p)).collect();
    if !mains.contains(&true) {
        return found;
    }
    found
        .into_iter()
        .zip(mains)
        .filter(|(p, main)| *main || !is_tex(p))
        .map(|(p, _)| p)
        .collect()
}

/// The file declares a document class of its own (`\documentclass{report}`).
fn declares_class(path: &Path) -> bool {
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(HEAD).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    text.lines()
        .map(|l| l.split('%').next().unwrap_or(""))
        .filter_map(|l| l.split_once("\\documentclass").map(|(_, rest)| rest))
        .any(|rest| {
            let class = rest
                .split_once('{')
                .and_then(|(_, c)| c.split_once('}'))
                .map_or("", |(c, _)| c.trim());
            !class.is_empty() && !INCLUDED_CLASSES.contains(&class)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_keeps_the_main_files() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            p
        };
        let main = write("main.tex", "% thesis\n\\documentclass[12pt]{report}\n");
        let chapter = write("ch/one.tex", "\\chapter{One}\n% \\documentclass{article}\n");
        let sub = write("ch/two.tex", "\\documentclass[../main.tex]{subfiles}\n");
        let notes = write("notes.md", "# Notes\n");
        let found = vec![chapter.clone(), sub.clone(), main.clone(), notes.clone()];
        let latex = Latex::default();
        assert_eq!(
            mains(found.clone(), dir.path(), &latex),
            [main.clone(), notes.clone()]
        );
        let named = Latex {
            main: vec!["ch/one.tex".into()],
            ..Latex::default()
        };
        assert_eq!(mains(found, dir.path(), &named), [chapter.clone(), notes]);
        // Only fragments: each is read.
        assert_eq!(mains(vec![chapter.clone()], dir.path(), &latex), [chapter]);
    }
}
