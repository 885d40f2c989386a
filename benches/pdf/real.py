#!/usr/bin/env python3
"""Measures the PDF reader on real documents: LaTeX sources with their published PDFs.

  real.py BIN [--root DIR] [--json OUT.jsonl] [--show N]

Finds, under DIR (default /usr/share/doc/texlive-doc, Debian's texlive-*-doc packages), every
`X.tex` or `X.tex.gz` that has `X.pdf` beside it and holds `\\footnote`. For each pair it runs
BIN (a citelint binary) on both:

  - the source, through citelint's LaTeX reader (`extract --format json`; the directory's
    `.tex`, `.tex.gz` and `.bib` files are copied, uncompressed, to a scratch directory so
    that `\\input` and bibliographies resolve): an independent witness of the notes;
  - the PDF (`extract --format json` and `check --offline --format json`).

and compares them: notes per numbering sequence and their labels. The PDF's notes match the
source's by a longest common subsequence, two notes matching when their labels are equal or
their texts alike (as `score.py` says: the first 30 letters, folded): LaTeX's reader labels
`\\thanks` notes by number where the PDF prints symbols, and gives a citation command where the
PDF prints the citation. Missed notes are the source's unmatched, extra ones the PDF's. N
findings (N001-N004) on a published PDF are false alarms nearly always; I002 (unread footnotes)
is counted apart: it is the reader saying it is unsure, not a false alarm. The witness is not
truth: a document that prints its examples' output, typesets `\\footnote` in verbatim or builds
notes by macros can differ honestly; look at the PDF (`cargo run --example pdf_layout -- X.pdf`,
`pdftotext -layout X.pdf -`).

Prints one line per pair that disagrees or has N findings (the worst first, `--show N` of them)
and the totals. Run by hand: nothing under `cargo test` needs DIR.
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from score import alike, norm_label  # noqa: E402


def source_text(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        return f.read()


def pairs(root):
    out = []
    for dirpath, _, files in os.walk(root):
        names = set(files)
        for f in sorted(files):
            base = f[:-7] if f.endswith(".tex.gz") else f[:-4] if f.endswith(".tex") else None
            if base is None or base + ".pdf" not in names:
                continue
            src = Path(dirpath, f)
            if "\\footnote" in source_text(src):
                out.append((src, Path(dirpath, base + ".pdf")))
    return sorted(out)


def stage(src, scratch):
    """The source's directory copied to `scratch`, uncompressed; the staged main file."""
    for f in src.parent.iterdir():
        if not f.is_file():
            continue
        name = f.name
        if name.endswith((".tex.gz", ".bib.gz")):
            with gzip.open(f, "rb") as a, open(scratch / name[:-3], "wb") as b:
                shutil.copyfileobj(a, b)
        elif name.endswith((".tex", ".bib")):
            shutil.copy(f, scratch / name)
    return scratch / (src.name[:-3] if src.name.endswith(".gz") else src.name)


def run_json(cmd):
    try:
        c = subprocess.run(cmd, capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return None
    try:
        return json.loads(c.stdout)
    except json.JSONDecodeError:
        return None


def notes_of(dump):
    """(section, label, text) of every note, in order, over all files of an extract dump."""
    if not dump:
        return []
    out = []
    for f in dump["files"]:
        out.extend((n["section"], norm_label(n["label"]), n["text"]) for n in f["notes"])
    return out


def lcs(a, b):
    """The pairs of a longest common subsequence of notes with one label or alike texts."""
    n, m = len(a), len(b)
    eq = [[x[1] == y[1] or alike(x[2], y[2]) for y in b] for x in a]
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = dp[i + 1][j + 1] + 1 if eq[i][j] else max(dp[i + 1][j], dp[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if eq[i][j] and dp[i][j] == dp[i + 1][j + 1] + 1:
            pairs.append((a[i], b[j]))
            i, j = i + 1, j + 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def measure(binary, src, pdf):
    with tempfile.TemporaryDirectory() as scratch:
        main = stage(src, Path(scratch))
        tex = notes_of(run_json([binary, "extract", "--format", "json", str(main)]))
    dump = run_json([binary, "extract", "--format", "json", str(pdf)])
    got = notes_of(dump)
    refs = sum(len(f["refs"]) for f in dump["files"]) if dump else 0
    check = run_json([binary, "check", "--offline", "--format", "json", str(pdf)]) or {}
    codes = Counter(d["code"] for d in check.get("diagnostics", []))
    pairs = lcs(tex, got)
    return {
        "source": str(src),
        "pdf": str(pdf),
        "read": dump is not None,
        "tex_notes": len(tex),
        "tex_sequences": len({s for s, _, _ in tex}),
        "pdf_notes": len(got),
        "pdf_sequences": len({s for s, _, _ in got}),
        "pdf_refs": refs,
        "matched": len(pairs),
        "same_label": sum(1 for x, y in pairs if x[1] == y[1]),
        "n_findings": sum(v for k, v in codes.items() if k in ("N001", "N002", "N003", "N004")),
        "codes": dict(sorted(codes.items())),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--root", default="/usr/share/doc/texlive-doc")
    ap.add_argument("--json", help="write one JSON line per pair here")
    ap.add_argument("--show", type=int, default=40)
    args = ap.parse_args()
    found = pairs(args.root)
    rows = [measure(args.binary, s, p) for s, p in found]
    if args.json:
        with open(args.json, "w") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
    bad = [r for r in rows if r["n_findings"] or r["matched"] < max(r["tex_notes"], r["pdf_notes"])]
    bad.sort(key=lambda r: -(r["n_findings"] + abs(r["tex_notes"] - r["matched"])
                             + abs(r["pdf_notes"] - r["matched"])))
    for r in bad[: args.show]:
        name = os.path.relpath(r["pdf"], args.root)
        n = {k: v for k, v in r["codes"].items() if k[0] == "N" or k == "I002"}
        print(f"{name}: tex {r['tex_notes']} ({r['tex_sequences']} seq), pdf {r['pdf_notes']} "
              f"({r['pdf_sequences']} seq), matched {r['matched']}, refs {r['pdf_refs']} {n}")
    tex = sum(r["tex_notes"] for r in rows)
    got = sum(r["pdf_notes"] for r in rows)
    matched = sum(r["matched"] for r in rows)
    agree = sum(1 for r in rows if r["matched"] == r["tex_notes"] == r["pdf_notes"])
    nfind = sum(r["n_findings"] for r in rows)
    ndocs = sum(1 for r in rows if r["n_findings"])
    i002 = sum(1 for r in rows if r["codes"].get("I002"))
    by_code = Counter()
    for r in rows:
        by_code.update({k: v for k, v in r["codes"].items() if k[0] == "N"})
    print(f"pairs {len(rows)} (unreadable PDFs {sum(1 for r in rows if not r['read'])}); "
          f"notes in sources {tex}, read in PDFs {got}, matched {matched} "
          f"(recall {matched / max(tex, 1):.1%}, precision {matched / max(got, 1):.1%}; "
          f"same label {sum(r['same_label'] for r in rows) / max(matched, 1):.1%}); "
          f"pairs that agree exactly {agree}")
    print(f"N findings {nfind} in {ndocs} PDFs {dict(sorted(by_code.items()))}; "
          f"PDFs with I002 {i002}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
