use super::{Context, Rule, rule_info};
use crate::model::{Diagnostic, Problem};

rule_info!(
    "I004",
    "unmapped-font",
    Warning,
    "text in a font with no map to Unicode, which may read wrong",
    "unmapped_font.rs"
);

/// ## What it does
/// Reports a PDF whose text is partly set in fonts that do not say which characters their
/// glyphs are (no `ToUnicode` map and no standard glyph names): bitmap fonts made by old TeX
/// set-ups, symbol fonts, subset fonts from some word processors. Those glyphs are read as
/// their codes where the codes are ASCII and as `�` elsewhere, so a note or a URL set in them
/// may be missed or misread. A share of such glyphs below 1% (a stray math symbol) is not
/// reported.
///
/// ## Why is this bad?
/// What citelint cannot read, a search engine, a screen reader or a plagiarism checker cannot
/// either; copying a citation out of the PDF gives garbage.
///
/// ## Example
/// A thesis made with pdfLaTeX and `\usepackage[T1]{fontenc}` without the `cm-super` or
/// `lmodern` fonts installed: its text is in Type 3 bitmap fonts.
///
/// ## How to fix
/// Make the PDF with fonts that map to Unicode: with pdfLaTeX, `\usepackage{lmodern}` (or
/// `cm-super`) and `\input{glyphtounicode}\pdfgentounicode=1`; with a word processor, embed
/// the fonts when exporting.
pub struct UnmappedFont;

impl Rule for UnmappedFont {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        super::report_problems(
            cx,
            &INFO,
            &[Problem::UnmappedFont],
            |_| "the first text in such a font",
            out,
        );
    }
}
