//! The commands the LaTeX reader acts on, and how each takes its arguments.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::super::Project;
use super::super::tokens::Tok;
use super::{NoteBuf, Walk};
use crate::model::{Cite, CiteItem};
use crate::text::urls;

/// Commands whose first argument is a label, a path or a setting, never prose.
const NON_PROSE_ARG: &[&str] = &[
    "label",
    "ref",
    "pageref",
    "eqref",
    "autoref",
    "cref",
    "Cref",
    "vref",
    "Vref",
    "nameref",
    "hypertarget",
    "includegraphics",
    "bibliographystyle",
    "pagestyle",
    "thispagestyle",
    "pagenumbering",
    "vspace",
    "hspace",
    "color",
    "textcolor",
    "index",
    "glossary",
    "usetheme",
    "setlength",
    "addtolength",
    "input@path",
    "graphicspath",
    "hypersetup",
    "urlstyle",
    "defcitealias",
    "DeclareFieldFormat",
    "AtBeginDocument",
    "addcontentsline",
    "renewcommand*",
];

/// Commands that define macros: their arguments are not read.
const DEFINITIONS: &[&str] = &[
    "newcommand",
    "renewcommand",
    "providecommand",
    "DeclareRobustCommand",
    "newenvironment",
    "renewenvironment",
    "NewDocumentCommand",
    "RenewDocumentCommand",
    "ProvideDocumentCommand",
    "DeclareDocumentCommand",
    "NewDocumentEnvironment",
    "newcommandx",
    "def",
    "gdef",
    "edef",
    "xdef",
    "long",
    "let",
];

/// Citation commands that make a footnote wherever they stand outside one.
const FOOT_CITES: &[&str] = &[
    "footcite",
    "footcites",
    "footfullcite",
    "footcitetext",
    "footcitetexts",
    "smartcite",
    "smartcites",
];

/// Citation commands that make a footnote under a notes style of biblatex.
const NOTE_STYLE_CITES: &[&str] = &["autocite", "autocites", "textcite", "textcites"];

/// Commands that print a symbol in a note's text.
const SYMBOLS: &[(&str, &str)] = &[
    ("\\&", "&"),
    ("\\%", "%"),
    ("\\$", "$"),
    ("\\#", "#"),
    ("\\_", "_"),
    ("\\S", "§"),
    ("\\ldots", "…"),
    ("\\dots", "…"),
    ("\\textendash", "–"),
    ("\\textemdash", "—"),
];

/// What kind of note a command makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoteKind {
    Footnote,
    Mark,
    Text,
    Thanks,
    Endnote,
}

impl Walk<'_> {
    /// Act on the command at token `i`; returns the token after what it took.
    pub(super) fn command(&mut self, p: &mut Project<'_>, i: usize, to: usize) -> usize {
        let range = self.toks[i].range.clone();
        let name = &self.text[range.clone()];
        if let Some((_, s)) = SYMBOLS.iter().find(|(c, _)| *c == name) {
            self.piece(s, range.start);
            return i + 1;
        }
        let bare = name.trim_start_matches('\\');
        let star = bare.ends_with('*');
        let base = bare.trim_end_matches('*');
        let lower = base.to_ascii_lowercase();
        match base {
            "footnote" | "tablefootnote" => self.note(p, i, to, NoteKind::Footnote),
            "footnotemark" => self.note(p, i, to, NoteKind::Mark),
            "footnotetext" => self.note(p, i, to, NoteKind::Text),
            "thanks" => self.note(p, i, to, NoteKind::Thanks),
            "endnote" => self.note(p, i, to, NoteKind::Endnote),
            "url" | "nolinkurl" | "path" => self.url(p, i),
            "href" => self.href(p, i, to),
            "doi" => self.doi(p, i),
            "hyperlink" | "hyperref" => self.hyperlink(p, i, to),
            "nocite" => self.nocite(p, i, to),
            "citetext" => i + 1,
            _ if is_cite(&lower) => self.cite(p, i, to, &lower),
            "input" | "include" | "subfile" | "subfileinclude" => self.input(p, i, to, base),
            "import" | "subimport" | "inputfrom" | "subinputfrom" | "includefrom"
            | "subincludefrom" => self.import(p, i, to, base),
            "includeonly" => self.include_only(p, i, to),
            "bibliography" | "addbibresource" | "addglobalbib" | "addsectionbib" => {
                self.bibliography(p, i, to, base)
            }
            "begin" => self.begin(p, i, to),
            "end" => {
                if self.text[range.end..].starts_with("{document}") && !self.preamble {
                    self.ended = true;
                    self.skip.push(range.start..self.text.len());
                }
                i + 1
            }
            _ if DEFINITIONS.contains(&base) => self.definition(i, to, base),
            _ if NON_PROSE_ARG.contains(&base) => {
                let mut j = i + 1;
                while let Some(o) = self.optional(j, to) {
                    j = o.1 + 1;
                }
                self.group(j, to).map_or(j, |g| self.skip_group(g))
            }
            _ => self.setting(p, i, to, base, star),
        }
    }

    /// Commands that change the counters or say how notes are numbered.
    fn setting(
        &mut self,
        p: &mut Project<'_>,
        i: usize,
        to: usize,
        base: &str,
        star: bool,
    ) -> usize {
        let c = &mut p.counters;
        match base {
            "chapter" if !star => c.chapter(),
            "frontmatter" | "backmatter" => c.mainmatter = false,
            "mainmatter" => c.mainmatter = true,
            "maketitle" => {
                c.footnote = 0;
                c.thanks = 0;
                c.thanks_section = None;
            }
            "setcounter" | "addtocounter" | "stepcounter" | "refstepcounter" => {
                return self.counter(p, i, to, base);
            }
            "counterwithin" | "counterwithout" => {
                let j = i + 1;
                if let Some(g) = self.group(j, to) {
                    let (counter, _) = self.raw(g);
                    if let Some(h) = self.group(g.1 + 1, to) {
                        let (within, _) = self.raw(h);
                        if counter == "footnote" && within == "chapter" {
                            p.counters.per_chapter = Some(base == "counterwithin");
                        }
                        return self.skip_group(h);
                    }
                }
            }
            "documentclass" => return self.class(p, i, to),
            "usepackage" | "RequirePackage" | "ExecuteBibliographyOptions" => {
                return self.package(p, i, to, base);
            }
            _ => {}
        };
        i + 1
    }

    fn counter(&mut self, p: &mut Project<'_>, i: usize, to: usize, base: &str) -> usize {
        let Some(g) = self.group(i + 1, to) else {
            return i + 1;
        };
        let (name, _) = self.raw(g);
        let mut next = self.skip_group(g);
        let value = if base.ends_with("stepcounter") {
            Some(1)
        } else {
            match self.group(next, to) {
                Some(h) => {
                    next = self.skip_group(h);
                    self.raw(h).0.parse::<i64>().ok()
                }
                None => None,
            }
        };
        let Some(value) = value else {
            return next;
        };
        let counter = match name.as_str() {
            "footnote" => &mut p.counters.footnote,
            "endnote" => &mut p.counters.endnote,
            _ => return next,
        };
        let new = if base == "setcounter" {
            value
        } else {
            i64::from(*counter) + value
        };
        *counter = u32::try_from(new.max(0)).unwrap_or(u32::MAX);
        next
    }

    fn class(&mut self, p: &mut Project<'_>, i: usize, to: usize) -> usize {
        let mut j = i + 1;
        if let Some(o) = self.optional(j, to) {
            j = o.1 + 1;
        }
        match self.group(j, to) {
            Some(g) => {
                if p.counters.class.is_empty() {
                    p.counters.class = self.raw(g).0.to_ascii_lowercase();
                }
                self.skip_group(g)
            }
            None => j,
        }
    }

    /// `\usepackage[style=verbose]{biblatex}`, `\usepackage[notes]{biblatex-chicago}`,
    /// `\ExecuteBibliographyOptions{autocite=footnote}`: whether `\autocite` makes a note.
    fn package(&mut self, p: &mut Project<'_>, i: usize, to: usize, base: &str) -> usize {
        let mut j = i + 1;
        let mut options = String::new();
        if let Some(o) = self.optional(j, to) {
            options = self.text[self.inner(o)].replace(' ', "");
            j = o.1 + 1;
        }
        let Some(g) = self.group(j, to) else {
            return j;
        };
        let (names, _) = self.raw(g);
        let has = |o: &str| options.split(',').any(|x| x == o);
        let style = options
            .split(',')
            .find_map(|o| {
                o.strip_prefix("style=")
                    .or_else(|| o.strip_prefix("citestyle="))
            })
            .unwrap_or("");
        let notes_style = [
            "verbose",
            "authortitle",
            "chicago-notes",
            "oscola",
            "footnote-dw",
        ]
        .iter()
        .any(|s| style.starts_with(s));
        for name in names.split(',').map(str::trim) {
            match name {
                "biblatex" if notes_style || has("autocite=footnote") => {
                    p.counters.notes_style = true
                }
                "biblatex-chicago" => {
                    p.counters.notes_style = !has("authordate") && !has("authordate-trad")
                }
                _ => {}
            }
        }
        if base == "ExecuteBibliographyOptions" {
            let (opts, _) = self.raw(g);
            if opts.replace(' ', "").contains("autocite=footnote") {
                p.counters.notes_style = true;
            }
        }
        self.skip_group(g)
    }

    /// A note-making command: its label as LaTeX prints it, its reference and its text.
    fn note(&mut self, p: &mut Project<'_>, i: usize, to: usize, kind: NoteKind) -> usize {
        let cmd = self.toks[i].range.clone();
        let mut j = i + 1;
        let mut explicit = None;
        if let Some(o) = self.optional(j, to) {
            explicit = Some(self.raw(o).0);
            j = o.1 + 1;
        }
        let group = match kind {
            NoteKind::Mark => None,
            _ => self.group(j, to),
        };
        let (label, section) = label_of(&mut p.counters, kind, explicit);
        if kind != NoteKind::Text {
            self.push_ref(p, &label, cmd.clone(), section);
        }
        let Some(g) = group else {
            return j;
        };
        if kind == NoteKind::Mark {
            return j;
        }
        self.notes.push(NoteBuf::default());
        let next = self.walk_group(p, g);
        let buf = self.notes.pop().unwrap_or_default();
        let inner = self.inner(g);
        self.push_note(p, buf, &label, cmd, inner, section);
        next
    }

    /// `\url{…}`, `\nolinkurl{…}`, `\path{…}`: a link written out.
    fn url(&mut self, p: &mut Project<'_>, i: usize) -> usize {
        let Some(arg) = self.verbatim(i + 1) else {
            return i + 1;
        };
        self.skip.push(arg.clone());
        if p.quiet == 0 && !arg.is_empty() {
            let mut link = urls::exact_link(self.text, arg.clone());
            link.span.file = self.file;
            for piece in &mut link.pieces {
                piece.file = self.file;
            }
            p.manuscript.links.push(link);
        }
        self.piece(&self.text[arg.clone()], arg.start);
        i + 2
    }

    /// The verbatim argument at token `j`, if there is one.
    fn verbatim(&self, j: usize) -> Option<Range<usize>> {
        let t = self.toks.get(j)?;
        (t.kind == Tok::Verbatim).then(|| t.range.clone())
    }

    /// `\href{url}{text}`: a link that shows its text.
    fn href(&mut self, p: &mut Project<'_>, i: usize, to: usize) -> usize {
        let Some(arg) = self.verbatim(i + 1) else {
            return i + 1;
        };
        self.skip.push(arg.clone());
        let Some(g) = self.group(i + 2, to) else {
            return i + 2;
        };
        let shown_range = self.inner(g);
        let shown = shown_text(&self.text[shown_range.clone()]);
        if p.quiet == 0 && !arg.is_empty() {
            let mut link = urls::exact_link(self.text, trim(self.text, arg));
            link.span.file = self.file;
            for piece in &mut link.pieces {
                piece.file = self.file;
            }
            link.shown = Some(shown);
            p.manuscript.links.push(link);
        }
        // The link's text is read as text, but is not searched for bare URLs.
        self.skip.push(shown_range);
        self.walk_group(p, g)
    }

    /// `\doi{10.…}`: printed `doi:10.…`, a link to `https://doi.org/10.…`.
    fn doi(&mut self, p: &mut Project<'_>, i: usize) -> usize {
        let Some(arg) = self.verbatim(i + 1) else {
            return i + 1;
        };
        self.skip.push(arg.clone());
        let arg = trim(self.text, arg);
        if p.quiet == 0 && !arg.is_empty() {
            let mut link = urls::exact_link(self.text, arg.clone());
            link.span.file = self.file;
            for piece in &mut link.pieces {
                piece.file = self.file;
            }
            link.target = format!("https://doi.org/{}", &self.text[arg.clone()]);
            link.parsed = url::Url::parse(&link.target).map_err(|e| e.to_string());
            p.manuscript.links.push(link);
        }
        self.piece("doi:", self.toks[i].range.start);
        self.piece(&self.text[arg.clone()], arg.start);
        i + 2
    }

    /// `\hyperlink{anchor}{text}`, `\hyperref[label]{text}`: links inside the document.
    fn hyperlink(&mut self, p: &mut Project<'_>, i: usize, to: usize) -> usize {
        let target = match self.optional(i + 1, to) {
            Some(o) => Some((o, self.raw(o))),
            None => self.group(i + 1, to).map(|g| (g, self.raw(g))),
        };
        let Some((g, (name, at))) = target else {
            return i + 1;
        };
        self.push_internal(p, name, at);
        let next = self.skip_group(g);
        match self.group(next, to) {
            Some(h) => self.walk_group(p, h),
            None => next,
        }
    }

    /// `\nocite{a,b}` cites without printing; `\nocite{*}` cites every entry.
    fn nocite(&mut self, p: &mut Project<'_>, i: usize, to: usize) -> usize {
        let Some(g) = self.group(i + 1, to) else {
            return i + 1;
        };
        let items = self.keys(g);
        if items.iter().any(|k| k.key == "*") {
            if p.quiet == 0 {
                p.manuscript.cites_all = true;
            }
        } else if !items.is_empty() {
            let span = self
                .span(self.toks[i].range.start..self.toks[g.1.min(self.toks.len() - 1)].range.end);
            self.push_cite(
                p,
                Cite {
                    span,
                    items,
                    in_note: !self.notes.is_empty(),
                },
            );
        }
        self.skip_group(g)
    }

    /// The keys of a group `{a, b}`, each with its span.
    fn keys(&self, g: (usize, usize)) -> Vec<CiteItem> {
        let r = self.inner(g);
        let mut out = Vec::new();
        let mut at = r.start;
        for part in self.text[r.clone()].split(',') {
            let lead = part.len() - part.trim_start().len();
            let key = part.trim();
            if !key.is_empty() && !key.contains(char::is_whitespace) {
                out.push(self.cite_item(key, at + lead));
            }
            at += part.len() + 1;
        }
        out
    }

    /// A command of the `\cite` family: `\cmd[pre][post]{keys}`, or for the multi-cite
    /// commands `\cmds(pre)(post)[pre][post]{keys}[post]{keys}…`.
    fn cite(&mut self, p: &mut Project<'_>, i: usize, to: usize, lower: &str) -> usize {
        let start = self.toks[i].range.start;
        let multi = lower.ends_with("cites") || lower.ends_with("citetexts");
        let mut j = i + 1;
        if multi {
            for _ in 0..2 {
                match self.parenthesised(j, to) {
                    Some(end) => j = end,
                    None => break,
                }
            }
        }
        let mut items = Vec::new();
        let mut end = self.toks[i].range.end;
        loop {
            let (pre, post, after) = self.notes_of(j, to);
            let Some(g) = self.group(after, to) else {
                break;
            };
            let mut keys = self.keys(g);
            if let Some(first) = keys.first_mut() {
                first.prefix = pre;
            }
            if let Some(last) = keys.last_mut() {
                last.locator = post;
            }
            items.extend(keys);
            end = self.inner(g).end + 1;
            j = self.skip_group(g);
            if !multi {
                break;
            }
        }
        if items.is_empty() {
            return i + 1;
        }
        let makes_note = self.notes.is_empty()
            && (FOOT_CITES.contains(&lower)
                || (p.counters.notes_style && NOTE_STYLE_CITES.contains(&lower)));
        let span = start..end.min(self.text.len());
        if makes_note {
            let (label, section) = label_of(&mut p.counters, NoteKind::Footnote, None);
            let cmd = self.toks[i].range.clone();
            self.push_ref(p, &label, cmd.clone(), section);
            self.push_note(p, NoteBuf::default(), &label, cmd, span.clone(), section);
        }
        let in_note = makes_note || !self.notes.is_empty();
        self.skip.push(span.clone());
        let span = self.span(span);
        self.push_cite(
            p,
            Cite {
                span,
                items,
                in_note,
            },
        );
        j
    }

    /// Up to two optional arguments before a key group: (prenote, postnote, next token). One
    /// alone is the postnote.
    fn notes_of(&self, j: usize, to: usize) -> (Option<String>, Option<String>, usize) {
        let Some(a) = self.optional(j, to) else {
            return (None, None, j);
        };
        let note = |o: (usize, usize)| {
            let t = self.raw(o).0.replace('~', " ");
            (!t.is_empty()).then_some(t)
        };
        match self.optional(a.1 + 1, to) {
            Some(b) => (note(a), note(b), b.1 + 1),
            None => (None, note(a), a.1 + 1),
        }
    }

    /// `(…)` at token `j` (the global notes of a multi-cite): the token after it.
    fn parenthesised(&self, j: usize, to: usize) -> Option<usize> {
        let t = self.toks.get(j).filter(|_| j < to)?;
        if &self.text[t.range.clone()] != "(" {
            return None;
        }
        (j + 1..to.min(self.toks.len()).min(j + super::MAX_OPTIONAL_TOKENS))
            .find(|&k| &self.text[self.toks[k].range.clone()] == ")")
            .map(|k| k + 1)
    }

    /// A macro definition: its arguments are skipped.
    fn definition(&mut self, i: usize, to: usize, base: &str) -> usize {
        let mut j = i + 1;
        if base == "let" {
            return (j + 3).min(to.max(j));
        }
        if matches!(base, "def" | "gdef" | "edef" | "xdef" | "long") {
            // `\def\name#1#2{body}`: up to the body's group.
            let end = to.min(self.toks.len()).min(i + super::MAX_OPTIONAL_TOKENS);
            while j < end && self.toks[j].kind != Tok::Open {
                j += 1;
            }
            return self.group(j, to).map_or(j, |g| self.skip_group(g));
        }
        // The name: `\name` or `{\name}`.
        match self.group(j, to) {
            Some(g) => j = self.skip_group(g),
            None if self.toks.get(j).is_some_and(|t| t.kind == Tok::Command) => j += 1,
            None => return j,
        }
        // `[n][default]{body}`, `{begin}{end}` for environments, `{spec}{body}` for xparse.
        let bodies = if base.contains("nvironment") || base.contains("Document") {
            2
        } else {
            1
        };
        while let Some(o) = self.optional(j, to) {
            j = o.1 + 1;
        }
        for _ in 0..bodies {
            match self.group(j, to) {
                Some(g) => j = self.skip_group(g),
                None => break,
            }
        }
        j
    }

    /// `\begin{name}`: the document's start, or an environment read as text.
    fn begin(&mut self, p: &mut Project<'_>, i: usize, to: usize) -> usize {
        let Some(g) = self.group(i + 1, to) else {
            return i + 1;
        };
        let (name, _) = self.raw(g);
        let next = self.skip_group(g);
        if name == "document" && self.preamble {
            self.preamble = false;
            self.skip
                .push(0..self.toks[g.1.min(self.toks.len() - 1)].range.end);
            let _ = p;
        }
        next
    }

    /// `\input{path}`, `\include{path}`, `\subfile{path}`.
    fn input(&mut self, p: &mut Project<'_>, i: usize, to: usize, base: &str) -> usize {
        let Some(g) = self.group(i + 1, to) else {
            return i + 1;
        };
        let (name, at) = self.raw(g);
        let next = self.skip_group(g);
        if name.is_empty() {
            return next;
        }
        let with_tex = if has_extension(&name) {
            vec![name.clone()]
        } else {
            vec![format!("{name}.tex"), name.clone()]
        };
        let files: Vec<String> = if base == "include" {
            vec![with_tex[0].clone()]
        } else {
            with_tex
        };
        let dirs = [self.dir.clone(), p.root.clone()];
        let candidates: Vec<PathBuf> = dirs
            .iter()
            .flat_map(|d| files.iter().map(move |f| d.join(f)))
            .collect();
        let left_out = base == "include"
            && p.include_only
                .as_ref()
                .is_some_and(|list| !list.iter().any(|x| x == &name));
        p.quiet += usize::from(left_out);
        let dir = self.dir.clone();
        p.include(
            &candidates,
            &name,
            self.span(at),
            dir,
            base.starts_with("subfile"),
        );
        p.quiet -= usize::from(left_out);
        next
    }

    /// `\import{dir/}{file}` (from the main file's directory) and `\subimport{dir/}{file}`
    /// (from this file's): the file's own includes are relative to `dir`.
    fn import(&mut self, p: &mut Project<'_>, i: usize, to: usize, base: &str) -> usize {
        let Some(g) = self.group(i + 1, to) else {
            return i + 1;
        };
        let Some(h) = self.group(g.1 + 1, to) else {
            return self.skip_group(g);
        };
        let (dir, _) = self.raw(g);
        let (name, at) = self.raw(h);
        self.skip_group(g);
        let next = self.skip_group(h);
        let dir = if base.starts_with("sub") {
            self.dir.join(&dir)
        } else if Path::new(&dir).is_absolute() {
            PathBuf::from(&dir)
        } else {
            p.root.join(&dir)
        };
        let mut candidates = vec![dir.join(format!("{name}.tex"))];
        if has_extension(&name) {
            candidates.insert(0, dir.join(&name));
        }
        let shown = format!("{}{name}", self.raw(g).0);
        p.include(&candidates, &shown, self.span(at), dir, false);
        next
    }

    fn include_only(&mut self, p: &mut Project<'_>, i: usize, to: usize) -> usize {
        let Some(g) = self.group(i + 1, to) else {
            return i + 1;
        };
        let (list, _) = self.raw(g);
        p.include_only = Some(list.split(',').map(|s| s.trim().to_string()).collect());
        self.skip_group(g)
    }

    /// `\bibliography{a,b}` (`.bib` added) and `\addbibresource{a.bib}`.
    fn bibliography(&mut self, p: &mut Project<'_>, i: usize, to: usize, base: &str) -> usize {
        let mut j = i + 1;
        let mut remote = false;
        if let Some(o) = self.optional(j, to) {
            remote = self.text[self.inner(o)].contains("remote");
            j = o.1 + 1;
        }
        let Some(g) = self.group(j, to) else {
            return j;
        };
        let r = self.inner(g);
        let mut at = r.start;
        for part in self.text[r.clone()].split(',') {
            let lead = part.len() - part.trim_start().len();
            let name = part.trim();
            let range = at + lead..at + lead + name.len();
            at += part.len() + 1;
            if name.is_empty() || remote || name.contains("://") {
                continue;
            }
            let file = if base == "bibliography" && !name.ends_with(".bib") {
                format!("{name}.bib")
            } else {
                name.to_string()
            };
            let path = p.root.join(&file);
            self.push_bibliography(p, path, name, range);
        }
        self.skip_group(g)
    }
}

/// The label and numbering sequence of a new note of `kind` (`explicit` from `[n]`).
fn label_of(
    c: &mut super::super::Counters,
    kind: NoteKind,
    explicit: Option<String>,
) -> (String, usize) {
    match kind {
        NoteKind::Thanks => {
            let section = match c.thanks_section {
                Some(s) => s,
                None => {
                    let s = c.new_section();
                    c.thanks_section = Some(s);
                    s
                }
            };
            c.thanks += 1;
            (c.thanks_label(), section)
        }
        NoteKind::Endnote => {
            let section = match c.endnote_section {
                Some(s) => s,
                None => {
                    let s = c.new_section();
                    c.endnote_section = Some(s);
                    s
                }
            };
            let label = explicit.unwrap_or_else(|| {
                c.endnote += 1;
                c.endnote.to_string()
            });
            (label, section)
        }
        NoteKind::Text => (
            explicit.unwrap_or_else(|| c.footnote.to_string()),
            c.section,
        ),
        NoteKind::Footnote | NoteKind::Mark => {
            let label = explicit.unwrap_or_else(|| {
                c.footnote += 1;
                c.footnote.to_string()
            });
            (label, c.section)
        }
    }
}

/// A command of the `\cite` family (natbib, biblatex and its styles).
fn is_cite(lower: &str) -> bool {
    const NOT: &[&str] = &[
        "citetext",
        "citestyle",
        "citereset",
        "citesetup",
        "citeindexfalse",
        "citeindextrue",
    ];
    (lower.starts_with("cite")
        || lower.ends_with("cite")
        || lower.ends_with("cites")
        || lower.ends_with("citetext")
        || lower.ends_with("citetexts")
        || matches!(
            lower,
            "citealp" | "citealt" | "citenum" | "citetalias" | "citepalias"
        ))
        && !NOT.contains(&lower)
}

fn has_extension(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tex") || e.eq_ignore_ascii_case("ltx"))
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    range.start + lead..range.start + lead + s.trim().len()
}

/// What the text of `\href` shows: its words, commands and braces dropped.
fn shown_text(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                while chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    chars.next();
                }
            }
            '{' | '}' => {}
            '~' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
