#!/usr/bin/env python3
"""Scores citelint's `extract --format json` output against a truth file of fixtures/pdf.

  score.py TRUTH.json EXTRACT.json [--check CHECK.json] [--json]
      one document: EXTRACT is `citelint extract --format json` of the document (its pdftotext
      output today, the PDF itself once citelint reads PDFs); CHECK, if given, is
      `citelint check --offline --format json` of the same input.
  score.py --baseline BIN [--corpus DIR] [--markdown]
      runs BIN (e.g. /work/bin/citelint-base) on DIR/NAME.txt and DIR/NAME-layout.txt of every
      document that has a truth file and a text layer, and prints the table of all scores.

Matching. Texts are compared after NFKC folding, lower-casing, and removing whitespace, hyphens
and soft hyphens (pdftotext keeps a line-end hyphen; a ligature may come out as one character);
quotes are unified. A note's text "starts alike" when the first 30 such characters of the
extracted text and of the truth's text (60 printed characters at most) have a difflib ratio
of at least 0.8 (over the shorter of the two prefixes).
  - Input without pages (text files: the extract output has no page field): truth items and
    extracted items are aligned in document order by a longest-common-subsequence alignment, so
    an item matches at most one item and order is kept. A note matches when its label is equal
    and its text starts alike; a marker (citelint's "ref") when its label is equal. Labels are
    compared after NFKC, with ∗ (U+2217, what LaTeX's \\fnsymbol prints) taken as *.
  - Input with pages (a future PDF reader: refs, notes and links carry "page", 1-based physical
    page): an item matches an unmatched truth item on the same page with the same label (and,
    for notes, a text that starts alike); greedy in document order.
  - Label accuracy: notes aligned by text alone (same alignment, label ignored); the share of
    those pairs whose labels are equal.
  - URLs: multiset equality of normalised URLs (scheme and host lower-cased, trailing / . , ; )
    dropped, whitespace removed), and the same page when both sides have pages. Recall over all
    truth URLs, and over the printed ones only (a \\href whose visible text is "here" cannot be
    found in extracted text: only a link annotation has it).
  - False N-findings: every N001-N004 diagnostic of the check output (the corpus plants none).
"""
import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "∗": "*"})


def fold(s):
    s = unicodedata.normalize("NFKC", s or "").translate(QUOTES).lower()
    return re.sub(r"[\s\-\u00ad‐–]+", "", s)


def norm_label(s):
    return unicodedata.normalize("NFKC", s or "").translate(QUOTES).strip()


def alike(truth_text, text):
    a, b = fold(truth_text)[:30], fold(text)[:30]
    n = min(len(a), len(b))
    if n == 0:
        return False
    return difflib.SequenceMatcher(None, a[:n], b[:n]).ratio() >= 0.8


def norm_url(u):
    u = re.sub(r"\s+", "", u or "").rstrip("/.,;)")
    m = re.match(r"(?i)^([a-z][a-z0-9+.-]*://)([^/?#]*)(.*)$", u)
    if m:
        u = m.group(1).lower() + m.group(2).lower() + m.group(3)
    return u.rstrip("/")


def lcs_pairs(a, b, eq):
    """Longest order-preserving alignment of a and b under eq; returns the matched index pairs."""
    n, m = len(a), len(b)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = dp[i + 1][j + 1] + 1 if eq(a[i], b[j]) else max(dp[i + 1][j], dp[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if eq(a[i], b[j]) and dp[i][j] == dp[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def greedy_pairs(a, b, eq):
    used, pairs = set(), []
    for j, y in enumerate(b):
        for i, x in enumerate(a):
            if i not in used and x["page"] == y.get("page") and eq(x, y):
                used.add(i)
                pairs.append((i, j))
                break
    return pairs


def ratio(num, den):
    return num / den if den else None


def score(truth, extract, check=None):
    files = extract.get("files", [])
    refs = [r for f in files for r in f.get("refs", [])]
    notes = [n for f in files for n in f.get("notes", [])]
    links = [x for f in files for x in f.get("links", [])]
    paged = bool(notes or refs or links) and all("page" in x for x in notes + refs + links)
    tn, tm, tu = truth.get("notes", []), truth.get("markers", []), truth.get("urls", [])

    def note_eq(t, e):
        return norm_label(t["label"]) == norm_label(e.get("label")) and alike(t["text"], e.get("text", ""))

    def text_eq(t, e):
        return alike(t["text"], e.get("text", ""))

    def mark_eq(t, e):
        return norm_label(t["label"]) == norm_label(e.get("label"))

    align = greedy_pairs if paged else lcs_pairs
    note_pairs = align(tn, notes, note_eq)
    mark_pairs = align(tm, refs, mark_eq)
    text_pairs = align(tn, notes, text_eq)
    label_ok = sum(1 for i, j in text_pairs if mark_eq(tn[i], notes[j]))

    def url_key(u, page):
        return (norm_url(u["url"]), u.get("page") if page else None)

    pool = {}
    for x in links:
        k = url_key(x, paged)
        pool[k] = pool.get(k, 0) + 1
    found = found_printed = printed = 0
    for u in tu:
        k = url_key(u, paged)
        is_printed = u.get("visible") == u["url"]
        printed += is_printed
        if pool.get(k, 0) > 0:
            pool[k] -= 1
            found += 1
            found_printed += is_printed
    n_findings = None
    if check is not None:
        diags = check.get("diagnostics", [])
        n_findings = sum(1 for d in diags if d.get("code") in ("N001", "N002", "N003", "N004"))
    return dict(
        document=truth["document"], paged=paged,
        notes=dict(truth=len(tn), found=len(notes), matched=len(note_pairs),
                   recall=ratio(len(note_pairs), len(tn)), precision=ratio(len(note_pairs), len(notes))),
        markers=dict(truth=len(tm), found=len(refs), matched=len(mark_pairs),
                     recall=ratio(len(mark_pairs), len(tm)), precision=ratio(len(mark_pairs), len(refs))),
        label_accuracy=dict(text_matched=len(text_pairs), label_ok=label_ok,
                            accuracy=ratio(label_ok, len(text_pairs))),
        urls=dict(truth=len(tu), printed=printed, found=len(links), matched=found, matched_printed=found_printed,
                  recall=ratio(found, len(tu)), recall_printed=ratio(found_printed, printed),
                  precision=ratio(found, len(links))),
        false_n_findings=n_findings,
    )


def pct(x):
    return "–" if x is None else "%.0f" % (100 * x)


def row(name, mode, s):
    n, m, la, u = s["notes"], s["markers"], s["label_accuracy"], s["urls"]
    return "| %s | %s | %s / %s | %s / %s | %s | %s / %s | %s |" % (
        name, mode, pct(n["recall"]), pct(n["precision"]), pct(m["recall"]), pct(m["precision"]),
        pct(la["accuracy"]), pct(u["recall"]), pct(u["recall_printed"]),
        "–" if s["false_n_findings"] is None else s["false_n_findings"])


def total(scores):
    t = dict(notes=dict(truth=0, found=0, matched=0), markers=dict(truth=0, found=0, matched=0),
             label_accuracy=dict(text_matched=0, label_ok=0), urls=dict(truth=0, printed=0, found=0, matched=0,
                                                                        matched_printed=0), false_n_findings=0)
    for s in scores:
        for k in ("notes", "markers", "label_accuracy", "urls"):
            for kk in t[k]:
                t[k][kk] += s[k][kk]
        t["false_n_findings"] += s["false_n_findings"] or 0
    for k in ("notes", "markers"):
        t[k]["recall"] = ratio(t[k]["matched"], t[k]["truth"])
        t[k]["precision"] = ratio(t[k]["matched"], t[k]["found"])
    t["label_accuracy"]["accuracy"] = ratio(t["label_accuracy"]["label_ok"], t["label_accuracy"]["text_matched"])
    u = t["urls"]
    u["recall"], u["recall_printed"] = ratio(u["matched"], u["truth"]), ratio(u["matched_printed"], u["printed"])
    return t


def run_json(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if not r.stdout.strip():
        raise SystemExit("%s: no output (exit %d): %s" % (" ".join(cmd), r.returncode, r.stderr[:500]))
    return json.loads(r.stdout)


def baseline(binary, corpus):
    header = ("| document | input | notes R / P % | markers R / P % | label acc. % | URL recall all / printed % "
              "| false N-findings |\n|---|---|---|---|---|---|---|")
    lines = [header]
    per_mode = {"plain": [], "layout": []}
    for tp in sorted(Path(corpus).glob("*.truth.json")):
        truth = json.loads(tp.read_text())
        name = tp.name[:-len(".truth.json")]
        if truth.get("expect_error") or truth.get("text_layer") is not True:
            continue
        for mode, suffix in (("plain", ".txt"), ("layout", "-layout.txt")):
            txt = Path(corpus) / (name + suffix)
            ext = run_json([binary, "extract", "--format", "json", str(txt)])
            chk = run_json([binary, "check", "--offline", "--isolated", "--format", "json", str(txt)])
            s = score(truth, ext, chk)
            per_mode[mode].append(s)
            lines.append(row(name, mode, s))
    for mode in ("plain", "layout"):
        lines.append(row("**total**", mode, total(per_mode[mode])))
    return "\n".join(lines), per_mode


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("truth", nargs="?")
    ap.add_argument("extract", nargs="?")
    ap.add_argument("--check")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--baseline", metavar="BIN")
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "fixtures" / "pdf"))
    a = ap.parse_args()
    if a.baseline:
        table, per_mode = baseline(a.baseline, a.corpus)
        if a.json:
            print(json.dumps(per_mode, indent=1))
        else:
            print(table)
        return
    if not (a.truth and a.extract):
        ap.error("TRUTH and EXTRACT are required without --baseline")
    truth = json.loads(Path(a.truth).read_text())
    ext = json.loads(Path(a.extract).read_text())
    chk = json.loads(Path(a.check).read_text()) if a.check else None
    s = score(truth, ext, chk)
    if a.json:
        print(json.dumps(s, indent=1))
    else:
        print(row(Path(a.truth).name[:-len(".truth.json")], "paged" if s["paged"] else "text", s))


if __name__ == "__main__":
    sys.exit(main())
