#!/usr/bin/env bash
# Seed corpora for the docx and odt targets from the fixtures: each file as it is (mode 0) and
# its XML parts (mode 1). Run from the repository root: fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p fuzz/corpus/docx fuzz/corpus/odt
for f in fixtures/docx/*.docx fixtures/docx/*.doc; do
  n=$(basename "$f")
  { printf '\x00'; cat "$f"; } > "fuzz/corpus/docx/raw-$n"
  case "$n" in zip-bomb.docx|encrypted.docx|old.doc|not-a-zip.docx) continue ;; esac
  rm -rf "$tmp/x" && mkdir "$tmp/x" && (cd "$tmp/x" && unzip -q -o "$OLDPWD/$f" 2>/dev/null || true)
  {
    printf '\x01'
    for p in word/document.xml word/footnotes.xml word/endnotes.xml word/settings.xml word/_rels/document.xml.rels; do
      [ -f "$tmp/x/$p" ] && cat "$tmp/x/$p"
      printf '\xff'
    done
  } > "fuzz/corpus/docx/xml-$n"
done
for f in fixtures/odt/*.odt; do
  n=$(basename "$f")
  { printf '\x00'; cat "$f"; } > "fuzz/corpus/odt/raw-$n"
  rm -rf "$tmp/x" && mkdir "$tmp/x" && (cd "$tmp/x" && unzip -q -o "$OLDPWD/$f" 2>/dev/null || true)
  {
    printf '\x01'
    for p in content.xml meta.xml META-INF/manifest.xml; do
      [ -f "$tmp/x/$p" ] && cat "$tmp/x/$p"
      printf '\xff'
    done
  } > "fuzz/corpus/odt/xml-$n"
done
ls fuzz/corpus/docx fuzz/corpus/odt | wc -l
