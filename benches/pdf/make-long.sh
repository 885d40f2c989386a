#!/usr/bin/env bash
# Generates benches/pdf/long-thesis.pdf, a ~300-page report-class thesis with 3-6 footnotes a
# page and URLs, for speed benchmarks of citelint's PDF reader; and its truth file and
# pdftotext outputs (long-thesis.truth.json, long-thesis.txt, long-thesis-layout.txt).
# The document is composed by fixtures/pdf/src/gen.py (build_long), like the corpus.
# The outputs are not committed when large (see .gitignore): run this script first.
#   hyperfine 'citelint extract --format json benches/pdf/long-thesis.pdf'
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../fixtures/pdf/src
export SOURCE_DATE_EPOCH=1700000000 FORCE_SOURCE_DATE=1 TZ=UTC LC_ALL=C.UTF-8
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
name=long-thesis
python3 "$src/gen.py" tex "$name" "$build"
cp "$src/citelint-truth.sty" "$build/"
for _ in 1 2 3; do
  (cd "$build" && pdflatex -interaction=nonstopmode -halt-on-error "$name.tex" >/dev/null) \
    || { tail -30 "$build/$name.log"; exit 1; }
done
cp "$build/$name.pdf" "$here/"
python3 "$src/gen.py" truth "$build/$name.plan.json" "$build/$name.ct" "$here/$name.pdf" >"$here/$name.truth.json"
pdftotext -enc UTF-8 "$here/$name.pdf" "$here/$name.txt"
pdftotext -enc UTF-8 -layout "$here/$name.pdf" "$here/$name-layout.txt"
python3 - "$here/$name.truth.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
print("%s: %d pages, %d notes, %d markers, %d URLs" % (t["document"], t["pages"], len(t["notes"]), len(t["markers"]), len(t["urls"])))
PY
ls -l "$here/$name.pdf"
