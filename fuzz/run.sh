#!/bin/sh
# Runs one fuzz target on one core until RUNS executions or SECONDS pass, whichever is first,
# in this one process (one core), and appends its output and final statistics to
# logs/TARGET.log. Build first:
#   cargo +nightly fuzz build -a -s none   (add --no-trace-compares for about 3x the rate on a grown corpus)
# Usage: fuzz/run.sh TARGET [RUNS] [SECONDS]   (from fuzz/; defaults 10,000,000 runs, 3 hours)
set -eu
target=$1
runs=${2:-10000000}
seconds=${3:-10800}
mkdir -p corpus/"$target" artifacts/"$target" logs
# On a fresh machine, start from the committed regression set (a copy: libFuzzer writes into its
# corpus directory).
if [ -z "$(ls -A corpus/"$target")" ] && [ -d ../tests/fuzz-corpus/"$target" ]; then
  cp ../tests/fuzz-corpus/"$target"/* corpus/"$target"/
fi
exec target/x86_64-unknown-linux-gnu/release/"$target" -runs="$runs" -max_total_time="$seconds" \
  -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix=artifacts/"$target"/ corpus/"$target" >> logs/"$target".log 2>&1
