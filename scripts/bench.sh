#!/usr/bin/env bash
# End-to-end benchmark of `nwlint check` on generated corpora.
#
#   scripts/bench.sh                 # 1k, 10k and 20k articles
#   SIZES="1000" RUNS=1 scripts/bench.sh   # a quick look
#
# For each size: generates the corpus (examples/gen-corpus.rs, seed 1) under
# $BENCH_DIR unless it is already there, then in one hyperfine run per size
# times the floor (examples/floor.rs: read + serde_json::from_slice::<Value>
# of every file, on every core), `nwlint check --format concise` (warm
# persisted index, as on a writer's machine after the first run) and the
# same with NWLINT_NO_CACHE=1 (as on a fresh CI machine), so the
# ratio compares figures taken under the same machine load. Then one run
# each under /usr/bin/time (peak RSS) and with NWLINT_TIMINGS=1 (phase
# split). On the 10k corpus: the pre-commit case (one article named on the
# command line), the persisted index (examples/precommit.rs), the recall of
# injected drifts (examples/recall.rs), and jscpd on the Markdown twin if
# jscpd is installed (or JSCPD=/path/to/jscpd).
#
# Results: a Markdown report on stdout and in $BENCH_DIR/results.md.
# Needs: cargo, hyperfine (apt-get install hyperfine), GNU time.
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/nwlint-bench}
SIZES=${SIZES:-"1000 10000 20000"}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
BIN=$CARGO_TARGET_DIR/release
mkdir -p "$BENCH_DIR"
OUT=$BENCH_DIR/results.md
: >"$OUT"
say() { printf '%s\n' "$*" | tee -a "$OUT"; }

command -v hyperfine >/dev/null || { echo "bench.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }

cargo build --release --quiet --bin nwlint --example gen-corpus --example floor \
  --example precommit --example recall

say "# nwlint benchmark"
say ""
say "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
say "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') (family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), model $(grep -m1 '^model\s' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), $(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2 | tr -d ' ') MHz), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(grep -m1 -o 'hypervisor' /proc/cpuinfo >/dev/null && echo 'virtual machine' || echo 'bare metal')"
say "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
say "- nwlint $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'), $(rustc --version)"
say "- hyperfine runs per command: $RUNS (mean ± σ; the ratio uses means of the same run)"
say ""

ms() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000 }'; }
json_mean() { # hyperfine export, command index → mean seconds
  sed -n 's/.*"mean": *\([0-9.e-]*\).*/\1/p' "$1" | sed -n "$(($2 + 1))p"
}
json_sd() {
  sed -n 's/.*"stddev": *\([0-9.e-]*\).*/\1/p' "$1" | sed -n "$(($2 + 1))p"
}

declare -A CHECK_S
say "| articles | JSON on disk (MB) | floor 1 thread (ms) | floor all cores (ms) | nwlint check (ms) | ratio to floor | no index (ms) | ratio | throughput (MB/s) | peak RSS (MiB) | RSS / corpus | findings |"
say "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
SPLITS=""
for n in $SIZES; do
  dir=$BENCH_DIR/corpus-$n
  if ! grep -q "\"articles\": $n," "$dir/manifest.json" 2>/dev/null || ! grep -q "\"seed\": $SEED," "$dir/manifest.json"; then
    "$BIN/examples/gen-corpus" --articles "$n" --seed "$SEED" --out "$dir" 2>/dev/null
  fi
  bytes=$(du -sb "$dir/content" | cut -f1)
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
  single=$("$BIN/examples/floor" "$dir" --mode single --repeat 1 | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
  (cd "$dir" && hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$BENCH_DIR/hf-$n.json" \
    "$BIN/examples/floor . --mode parallel --repeat 1" \
    "$BIN/nwlint check --format concise" \
    "env NWLINT_NO_CACHE=1 $BIN/nwlint check --format concise" >/dev/null 2>&1) || true
  floor=$(json_mean "$BENCH_DIR/hf-$n.json" 0)
  check=$(json_mean "$BENCH_DIR/hf-$n.json" 1)
  sd=$(json_sd "$BENCH_DIR/hf-$n.json" 1)
  cold=$(json_mean "$BENCH_DIR/hf-$n.json" 2)
  cold_sd=$(json_sd "$BENCH_DIR/hf-$n.json" 2)
  CHECK_S[$n]=$check
  rss_kb=$(cd "$dir" && { /usr/bin/time -f '%M' "$BIN/nwlint" check --format concise >/dev/null; } 2>&1 | tail -1)
  findings=$(cd "$dir" && "$BIN/nwlint" check --format concise | wc -l)
  split=$(cd "$dir" && NWLINT_TIMINGS=1 "$BIN/nwlint" check --format concise 2>&1 >/dev/null | grep '^nwlint timings' || true)
  split=${split#nwlint timings }
  SPLITS+="| $n | ${split//|/;} |"$'\n'
  say "| $n | $mb | $(ms "$single") | $(ms "$floor") | $(ms "$check") ± $(ms "$sd") | $(awk -v a="$check" -v b="$floor" 'BEGIN { printf "%.2f×", a / b }') | $(ms "$cold") ± $(ms "$cold_sd") | $(awk -v a="$cold" -v b="$floor" 'BEGIN { printf "%.2f×", a / b }') | $(awk -v b="$bytes" -v s="$check" 'BEGIN { printf "%.0f", b / 1e6 / s }') | $((rss_kb / 1024)) | $(awk -v r="$rss_kb" -v b="$bytes" 'BEGIN { printf "%.2f×", r * 1024 / b }') | $findings |"
done
say ""
if [ -n "${CHECK_S[10000]:-}" ] && [ -n "${CHECK_S[20000]:-}" ]; then
  say "Scaling: 20k articles cost $(awk -v a="${CHECK_S[20000]}" -v b="${CHECK_S[10000]}" 'BEGIN { printf "%.2f×", a / b }') the time of 10k (target ≤ 2.2×)."
  say ""
fi

say "Split of one run (NWLINT_TIMINGS=1; wall ms per phase of \`check\`; then CPU ms summed over threads for the per-file steps of the load):"
say ""
say "| articles | timings |"
say "|---:|---|"
printf '%s' "$SPLITS" | tee -a "$OUT"
say ""

if [ -d "$BENCH_DIR/corpus-10000" ]; then
  dir=$BENCH_DIR/corpus-10000
  one=$(cd "$dir" && ls content/articles | sed -n '5000p')
  # The first article in path order leads every class of identical
  # sections: the hook run words those findings in full (worst case).
  first=$(cd "$dir" && ls content/articles | sed -n '1p')
  (cd "$dir" && hyperfine -N --warmup 2 --runs $((RUNS * 3)) --export-json "$BENCH_DIR/hf-precommit.json" \
    "$BIN/nwlint check --format concise content/articles/$one" \
    "$BIN/nwlint check --format concise content/articles/$first" >/dev/null 2>&1) || true
  pc=$(json_mean "$BENCH_DIR/hf-precommit.json" 0)
  pc_sd=$(json_sd "$BENCH_DIR/hf-precommit.json" 0)
  pcf=$(json_mean "$BENCH_DIR/hf-precommit.json" 1)
  pcf_sd=$(json_sd "$BENCH_DIR/hf-precommit.json" 1)
  say "Pre-commit case, 10k articles, warm index (target < 150 ms):"
  say ""
  say "- \`nwlint check --format concise content/articles/$one\`: $(ms "$pc") ± $(ms "$pc_sd") ms"
  say "- \`nwlint check --format concise content/articles/$first\` (first in path order: leads every class): $(ms "$pcf") ± $(ms "$pcf_sd") ms"
  say ""
  (cd "$dir" && hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$BENCH_DIR/hf-human.json" \
    "$BIN/nwlint check" >/dev/null 2>&1) || true
  hu=$(json_mean "$BENCH_DIR/hf-human.json" 0)
  hrss=$(cd "$dir" && { /usr/bin/time -f '%M' "$BIN/nwlint" check >/dev/null; } 2>&1 | tail -1)
  say "Default (human) format, 10k articles, \`nwlint check\`: $(ms "$hu") ms, peak RSS $((hrss / 1024)) MiB."
  say ""
  say "Persisted index (examples/precommit.rs, best of $RUNS; load only, before rules and drift):"
  say ""
  say '```'
  "$BIN/examples/precommit" "$dir" "$dir/content/articles/$one" --repeat "$RUNS" | tee -a "$OUT"
  say '```'
  say ""
  (cd "$dir" && "$BIN/nwlint" check --format json >"$BENCH_DIR/report-10000.json") || true
  say "Recall of the injected drifts (examples/recall.rs), 10k articles:"
  say ""
  say '```'
  "$BIN/examples/recall" "$dir/manifest.json" "$BENCH_DIR/report-10000.json" | tee -a "$OUT"
  say '```'
  say ""
fi

JSCPD=${JSCPD:-$(command -v jscpd || true)}
if [ -n "$JSCPD" ] && [ -x "$JSCPD" ]; then
  say "jscpd ($("$JSCPD" --version 2>/dev/null | head -1)) on the Markdown twin, same corpora:"
  say ""
  say "| articles | Markdown (MB) | jscpd (ms) | jscpd peak RSS (MiB) | nwlint check (ms) |"
  say "|---:|---:|---:|---:|---:|"
  for n in $SIZES; do
    dir=$BENCH_DIR/corpus-$n
    mdmb=$(du -sb "$dir/markdown" | awk '{ printf "%.1f", $1 / 1e6 }')
    (hyperfine -N --runs 1 --export-json "$BENCH_DIR/hf-jscpd-$n.json" "$JSCPD --reporters silent $dir/markdown" >/dev/null 2>&1) || true
    j=$(json_mean "$BENCH_DIR/hf-jscpd-$n.json" 0)
    jrss=$({ /usr/bin/time -f '%M' "$JSCPD" --reporters silent "$dir/markdown" >/dev/null; } 2>&1 | tail -1)
    say "| $n | $mdmb | $(ms "$j") | $((jrss / 1024)) | $(ms "${CHECK_S[$n]}") |"
  done
  say ""
fi
echo "results: $OUT" >&2
