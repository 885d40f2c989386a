#!/usr/bin/env bash
# Times citelint (extraction + offline rules, whole binary) against `lychee --dump` (URL
# extraction only) on the 12 MB manuscript that `cargo bench --bench extract` writes.
# Needs hyperfine (Debian) and lychee (`cargo install lychee --locked`) on PATH or in $LYCHEE.
set -euo pipefail
cd "$(dirname "$0")/.."
file=target/bench/manuscript-12mb.txt
[ -f "$file" ] || cargo bench --bench extract
cargo build --release --quiet
lychee=${LYCHEE:-lychee}
hyperfine --warmup 1 --runs 5 \
  "target/release/citelint check --offline --format short --quiet $file > /dev/null || true" \
  "$lychee --dump $file > /dev/null"
