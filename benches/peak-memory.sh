#!/usr/bin/env bash
# Wall time and peak memory (maximum resident set size) of the release binary running
# `citelint check --offline --isolated --format json` on the manuscripts that
# `cargo bench --bench extract -- --write-only` leaves in target/bench/, with the peak as a
# multiple of the input's size. One core by default (`taskset -c 0`); CORES=0,1 for two.
#
#   benches/peak-memory.sh                       # every note-dense and seed size
#   benches/peak-memory.sh target/bench/note-dense-64mb.txt
#
# Needs GNU time at /usr/bin/time (Debian: `apt-get install time`).
set -euo pipefail
cd "$(dirname "$0")/.."
cores=${CORES:-0}
bin=${CITELINT:-target/release/citelint}
[ -n "${CITELINT:-}" ] || cargo build --release --quiet
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  [ -f target/bench/note-dense-64mb.txt ] || cargo bench --bench extract -- --write-only
  files=(target/bench/seed-{1,4,16,64}mb.txt target/bench/note-dense-{1,4,16,64}mb.txt)
fi
printf '%-36s %9s %9s %9s %10s %8s\n' file "MB" "seconds" "MB/s" "peak MB" "x input"
for f in "${files[@]}"; do
  log=$(mktemp)
  # Exit code 1 (error-level findings) is a normal outcome here.
  taskset -c "$cores" /usr/bin/time -v "$bin" check --offline --isolated --format json "$f" \
    >/dev/null 2>"$log" || [ $? -eq 1 ]
  size=$(stat -c %s "$f")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  awk -v f="$f" -v size="$size" -v rss="$rss_kb" -v s="$secs" 'BEGIN {
    mb = size / 1e6; peak = rss * 1024 / 1e6;
    printf "%-36s %9.1f %9.2f %9.1f %10.1f %8.1f\n", f, mb, s, mb / s, peak, peak / mb }'
  rm -f "$log"
done
