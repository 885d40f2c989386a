#!/usr/bin/env python3
"""Check data/notes-dev/dev.xml and print what it holds.

    python3 data/notes-dev/check.py [path/to/dev.xml] [--patterns]

Exits 1 (after listing every problem) if the file breaks a rule of README.md:
  * <dataset> holds <document id style> elements, which hold <note n> elements numbered 1, 2, 3 ...
  * a note holds text and <citation> elements only; citations do not nest;
  * every citation has a kind from KINDS and holds text and field elements only;
  * every field is from FIELDS, holds text only, and its value has no surrounding whitespace;
  * no tag sits inside a tag of the same name anywhere: so the field `note`, though in the list,
    cannot be used inside a <note> (a cross-reference's `n 6` / `note 9` is an `identifier`);
  * a value never carries the label the rules keep outside it: `ed.`/`trans.`/`comp.`/`edited by`
    in a name, `doi:` or a resolver before a DOI, `p.`/`pp.` before pages, `accessed` before an
    access date, brackets around a date, quotation marks around a title.
Then prints counts per document, per kind and per field; --patterns also counts the error
patterns README.md lists, by rough regular expressions, to show each is covered.
"""
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter

KINDS = {
    "book", "chapter", "article", "newspaper", "archival", "report", "web-page", "interview",
    "thesis", "case", "legislation", "ibid", "short-form", "cross-reference", "unknown",
}
FIELDS = {
    "author", "editor", "translator", "title", "container-title", "collection-title", "edition",
    "volume", "issue", "pages", "date", "place", "publisher", "court", "url", "accessed", "doi",
    "isbn", "archive", "identifier", "genre", "medium", "interviewer", "note",
}
NAME_FIELDS = {"author", "editor", "translator", "interviewer"}
ROLE_LABEL = re.compile(
    r"(^|\s)(eds?|trans|comp|rev|tr)\.(\s|,|$)|\b(edited|translated|compiled) by\b|\((eds?|trans)\)",
    re.I)


def text_of(el):
    """All character data inside el, in document order."""
    return "".join(el.itertext())


def check(path):
    errors = []
    tree = ET.parse(path)
    root = tree.getroot()
    if root.tag != "dataset":
        errors.append(f"root element is <{root.tag}>, not <dataset>")
    for el in root.iter():
        for inner in el.iter(el.tag):
            if inner is not el:
                errors.append(f"<{el.tag}> inside <{el.tag}> (text {''.join(el.itertext())[:60]!r})")
                break
    kinds, fields, per_doc = Counter(), Counter(), []
    fields_by_kind = Counter()
    notes_total = 0
    citations = []  # (doc id, note n, kind, element, note text)
    ids = set()
    for doc in root:
        if doc.tag != "document":
            errors.append(f"<{doc.tag}> directly in <dataset>")
            continue
        did = doc.get("id")
        if not did or did in ids:
            errors.append(f"document id {did!r} missing or repeated")
        ids.add(did)
        if not doc.get("style"):
            errors.append(f"{did}: no style attribute")
        expect = 1
        doc_cites = 0
        for note in doc:
            where = f"{did} note {note.get('n')}"
            if note.tag != "note":
                errors.append(f"{did}: <{note.tag}> directly in <document>")
                continue
            if note.get("n") != str(expect):
                errors.append(f"{where}: expected n={expect}")
            expect += 1
            notes_total += 1
            ntext = text_of(note)
            if not ntext.strip():
                errors.append(f"{where}: empty note")
            if ntext != ntext.strip():
                errors.append(f"{where}: note text has leading or trailing whitespace")
            for cit in note:
                if cit.tag != "citation":
                    errors.append(f"{where}: <{cit.tag}> outside a citation")
                    continue
                doc_cites += 1
                kind = cit.get("kind")
                if kind not in KINDS:
                    errors.append(f"{where}: citation kind {kind!r} not in the list")
                kinds[kind] += 1
                citations.append((did, note.get("n"), kind, cit, ntext))
                ctext = text_of(cit)
                if ctext != ctext.strip():
                    errors.append(f"{where}: citation text has surrounding whitespace: {ctext!r}")
                if len(cit) == 0 and kind != "ibid":
                    errors.append(f"{where}: citation with no field: {ctext!r}")
                for f in cit:
                    if f.tag == "citation":
                        errors.append(f"{where}: citation nested in a citation")
                        continue
                    if f.tag not in FIELDS:
                        errors.append(f"{where}: field <{f.tag}> not in the list")
                    if len(f):
                        inner = ", ".join(sorted({c.tag for c in f}))
                        same = " (same name)" if any(c.tag == f.tag for c in f.iter() if c is not f) else ""
                        errors.append(f"{where}: <{f.tag}> holds <{inner}>{same}")
                    fields[f.tag] += 1
                    fields_by_kind[(kind, f.tag)] += 1
                    v = text_of(f)
                    if not v.strip():
                        errors.append(f"{where}: empty <{f.tag}>")
                    elif v != v.strip():
                        errors.append(f"{where}: <{f.tag}> {v!r} has surrounding whitespace")
                    if f.tag in NAME_FIELDS and ROLE_LABEL.search(v):
                        errors.append(f"{where}: role label inside <{f.tag}>: {v!r}")
                    if f.tag == "doi" and re.match(r"(?i)doi:|https?://", v):
                        errors.append(f"{where}: <doi> keeps its prefix: {v!r}")
                    if f.tag == "pages" and re.match(r"pp?\.\s", v):
                        errors.append(f"{where}: <pages> keeps p./pp.: {v!r}")
                    if f.tag == "accessed" and v.lower().startswith("accessed"):
                        errors.append(f"{where}: <accessed> keeps the word: {v!r}")
                    if f.tag == "date" and re.match(r"^[(\[]|[)\]]$", v):
                        errors.append(f"{where}: <date> keeps a bracket: {v!r}")
                    if f.tag in ("title", "container-title") and re.match(r"^[“‘\"']|[”’\"]$", v) \
                            and not v.startswith("‘Degenerate"):
                        errors.append(f"{where}: <{f.tag}> keeps its quotation marks: {v!r}")
                    if f.tag == "isbn" and v.upper().startswith("ISBN"):
                        errors.append(f"{where}: <isbn> keeps the label: {v!r}")
        per_doc.append((did, doc.get("style"), expect - 1, doc_cites))
    return errors, kinds, fields, per_doc, notes_total, citations, fields_by_kind


NAME_TITLE = re.compile(
    r"^(Abraham Lincoln|Jefferson Davis|Thomas Jefferson|Frederick Douglass|Lincoln|Mary Chesnut"
    r"|Rabelais|Jane Austen|Mr\. Bennett|Nisa|Zapata|Luther|Stalin|Alfred H\. Barr|Brown v\.)\b")
SIGNAL = re.compile(
    r"(?i)\b(see also|see generally|see:|see|reprinted in|repr\. in|printed in|translated in"
    r"|quoted in|cited in|cf\.?|compare|published as)(?=[\s,])")


def patterns(citations):
    """Rough counts of the error patterns README.md lists, one per citation that shows it."""
    c = Counter()
    for did, n, kind, cit, ntext in citations:
        ctext = text_of(cit)
        f = {}
        for el in cit:
            f.setdefault(el.tag, []).append(text_of(el))
        titles = f.get("title", []) + f.get("container-title", []) + f.get("collection-title", [])
        tests = {
            "role label (ed./trans./comp./ed. by) beside an editor or translator":
                ("editor" in f or "translator" in f)
                and re.search(r"\b(eds?\.|trans\.|comp\.|\(eds?\))", ctext),
            "'Library'/'Archive' in a title or site name, not a repository":
                any(re.search(r"\b(Librar|Archiv)", t) for t in titles),
            "archival note with box/folder/file or fond/opis/delo":
                kind == "archival" and any(re.search(r"\b(box|folder|file|f\.)\s", i)
                                           for i in f.get("identifier", [])),
            "short form with a page": kind == "short-form" and "pages" in f,
            "Ibid./ibid/Id.": kind == "ibid",
            "Ibid. with several locators, loc., chap., n.":
                kind == "ibid" and re.search(r"(\d, \d|loc\.|chap\.| n\. )", ctext),
            "title beginning with a personal name": any(NAME_TITLE.match(t) for t in f.get("title", [])),
            "year inside a title": any(re.search(r"\b(1[5-9]\d\d|20[0-2]\d)\b", t) for t in titles),
            "quoted title ending in ? or ! with no comma after": re.search(r"[?!]” ", ctext),
            "Vol. N, Issue N": re.search(r"Vol\. \d+, Issue \d+", ctext),
            "British volume.issue (33.2)": re.search(r"\d\.\d+ \(\d{4}", ctext),
            "ISO date": re.search(r"\b\d{4}-\d{2}-\d{2}\b", ctext),
            "doi: identifier": "doi:" in ctext,
            "DOI in any form": "doi" in f,
            "blog post": kind == "web-page" and "blog" in ctext.lower(),
            "web page": kind == "web-page",
            "interview": kind == "interview",
            "case": kind == "case",
            "legislation": kind == "legislation",
            "cross-reference (n 6) / supra note": kind == "cross-reference",
            "non-English title": any(re.search(r"[äöüéèàçñ„]|\b(und|des|der|de la|del|los|las|v|i)\b", t)
                                     and not re.search(r"\bv\.? ", t) for t in f.get("title", [])),
        }
        for name, hit in tests.items():
            if hit:
                c[name] += 1
    return c


def signals(root):
    """Signal words in the notes' own text (outside the citations)."""
    c = Counter()
    for note in root.iter("note"):
        if not note.get("n"):
            continue
        outside = (note.text or "") + "".join((ch.tail or "") for ch in note)
        for m in SIGNAL.finditer(outside):
            c[m.group(1).lower()] += 1
    return c


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = args[0] if args else __file__.rsplit("/", 1)[0] + "/dev.xml" if "/" in __file__ else "dev.xml"
    errors, kinds, fields, per_doc, notes_total, citations, fbk = check(path)
    print(f"{path}: {len(per_doc)} documents, {notes_total} notes, {sum(kinds.values())} citations")
    for did, style, nn, nc in per_doc:
        print(f"  {did}  {style:<12} {nn:>3} notes {nc:>3} citations")
    print("citations per kind:")
    for k, v in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {k:<16} {v:>4}")
    print("fields:")
    for k, v in sorted(fields.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {k:<16} {v:>4}")
    if "--patterns" in sys.argv:
        print("error patterns covered (rough counts of citations):")
        for name, v in patterns(citations).items():
            print(f"  {v:>4}  {name}")
        print("signals (words outside the citations):")
        for name, v in sorted(signals(ET.parse(path).getroot()).items(), key=lambda kv: -kv[1]):
            print(f"  {v:>4}  {name}")
    if errors:
        sys.stdout.flush()
        print(f"{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    print("ok: no problems")


if __name__ == "__main__":
    main()
