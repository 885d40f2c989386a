#!/usr/bin/env bash
# Times citelint against `lychee --dump` (URL extraction only) on the 12 MB manuscript that
# `cargo bench --bench extract` writes: citelint with every offline rule (citations parsed), and
# with the footnote and URL rules only (`--select N,U`, no citation parsing), which is the work
# comparable to lychee's.
# Needs hyperfine (Debian) and lychee (`cargo install lychee --locked`) on PATH or in $LYCHEE.
set -euo pipefail
cd "$(dirname "$0")/.."
file=target/bench/manuscript-12mb.txt
[ -f "$file" ] || cargo bench --bench extract
cargo build --release --quiet
lychee=${LYCHEE:-lychee}
hyperfine -N -i --warmup 2 --runs 20 \
  "target/release/citelint check --offline --format short --quiet $file" \
  "target/release/citelint check --offline --select N,U --format short --quiet $file" \
  "$lychee --dump $file"
