#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for SECONDS each.
#
#   scripts/fuzz.sh 900          # 15 minutes per target
#   JOBS=1 scripts/fuzz.sh 60    # one target at a time
#   scripts/fuzz.sh 900 report   # only the targets named
#
# Needs nightly Rust and cargo-fuzz (`cargo install cargo-fuzz`). Targets
# run JOBS at a time (default 2), under `nice` (so an input is a hang only
# after 30 s: a niced process on a busy machine waits its turn), each with its own corpus in
# fuzz/corpus/TARGET, seeded from content/ and the test fixtures. A crash
# leaves its input in fuzz/artifacts/TARGET/; keep it as a regression test.
# Prints each target's last libFuzzer status line (execs, coverage,
# features, corpus) and its exit status; exits 1 if any target failed.
set -euo pipefail

seconds=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
jobs=${JOBS:-2}
cd "$(dirname "$0")/.."
cargo +nightly fuzz --version >/dev/null 2>&1 || {
  echo "fuzz.sh: needs nightly Rust and cargo-fuzz (cargo install cargo-fuzz)" >&2
  exit 2
}
cargo +nightly fuzz build -O

targets=${*:-$(cargo +nightly fuzz list)}
seeds=$(find content tests/fixtures -name '*.json' -type f)
logs=fuzz/logs
mkdir -p "$logs"
for t in $targets; do
  mkdir -p "fuzz/corpus/$t"
  for s in $seeds; do
    cp "$s" "fuzz/corpus/$t/seed-$(printf '%s' "$s" | tr '/' '_')"
  done
done

run() {
  local t=$1
  nice -n 19 cargo +nightly fuzz run -O "$t" -- \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 >"$logs/$t.log" 2>&1
}

failed=0
pids=()
names=()
for t in $targets; do
  run "$t" &
  pids+=($!)
  names+=("$t")
  if [ "${#pids[@]}" -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done

for t in $targets; do
  last=$(grep -E '^#[0-9]+' "$logs/$t.log" | tail -1 || true)
  execs=$(grep -E '^stat::number_of_executed_units' "$logs/$t.log" | awk '{print $2}' || true)
  crashes=$(ls "fuzz/artifacts/$t" 2>/dev/null | wc -l)
  echo "$t: ${execs:-?} execs; last: ${last:-none}; artifacts: $crashes"
done
exit "$failed"
