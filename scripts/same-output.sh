#!/usr/bin/env bash
# Checks that a change keeps nwlint's output byte-identical.
#
#   scripts/same-output.sh BASE        # e.g. scripts/same-output.sh main~3
#
# Builds BASE (in a temporary worktree) and the working tree, generates a 1k
# corpus (examples/gen-corpus.rs, seed 1), and compares, byte for byte and
# with the exit codes, what both print for: `check` in every format on the
# shipped content and on the corpus (without the index, then twice with one
# so the second run is warm), `check FILE` (the pre-commit case), `render`
# in every format, `diff ps4 xbox-one` in every format, `rules` and
# `explain`. Prints each difference and exits 1 if there is one.
set -euo pipefail

base=${1:?usage: scripts/same-output.sh BASE}
cd "$(dirname "$0")/.."
work=${SAME_OUTPUT_DIR:-/tmp/nwlint-same-output}
sha=$(git rev-parse --short "$base")
mkdir -p "$work"

if [ ! -x "$work/base-$sha/nwlint" ]; then
  rm -rf "$work/src-$sha"
  git worktree add --detach "$work/src-$sha" "$base" >/dev/null
  CARGO_TARGET_DIR="$work/target-base" cargo build --release --quiet --locked \
    --manifest-path "$work/src-$sha/Cargo.toml" --bin nwlint
  mkdir -p "$work/base-$sha"
  cp "$work/target-base/release/nwlint" "$work/base-$sha/nwlint"
  git worktree remove --force "$work/src-$sha"
fi
cargo build --release --quiet --bin nwlint --example gen-corpus
new=$PWD/target/release/nwlint
old=$work/base-$sha/nwlint

corpus=$work/corpus-1k
if [ ! -d "$corpus/content" ]; then
  target/release/examples/gen-corpus --articles 1000 --seed 1 --out "$corpus" --no-markdown >/dev/null
fi
shipped=$work/shipped
rm -rf "$shipped" && mkdir -p "$shipped" && cp -r content schema "$shipped/"

failed=0
# compare DIR ARGS…: runs both builds in DIR, each with its own user cache
# (so one build never reads the other's index), and compares.
compare() {
  local dir=$1
  shift
  local a b ca cb
  a=$(cd "$dir" && XDG_CACHE_HOME="$work/cache-old" "$old" "$@" 2>&1) && ca=0 || ca=$?
  b=$(cd "$dir" && XDG_CACHE_HOME="$work/cache-new" "$new" "$@" 2>&1) && cb=0 || cb=$?
  if [ "$a" != "$b" ] || [ "$ca" != "$cb" ]; then
    failed=1
    echo "DIFFERS in $(basename "$dir"): nwlint $* (exit $ca → $cb)"
    { diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") || true; } | head -20
  fi
}

for dir in "$shipped" "$corpus"; do
  rm -rf "$dir/.nwlint-cache" "$work/cache-old" "$work/cache-new"  # .nwlint-cache: where bases before 2026-12 kept it
  for format in human concise json github sarif junit; do
    NWLINT_NO_CACHE=1 compare "$dir" check --format "$format" --color never
  done
  for round in cold warm; do
    for format in concise json; do
      compare "$dir" check --format "$format"
    done
  done
  articles=("$dir"/content/articles/*.json)
  first=${articles[0]##*/}
  compare "$dir" check --format concise "content/articles/$first"
  compare "$dir" check --format human --color never "content/articles/$first"
done
for format in text markdown html; do
  compare "$shipped" render NW-6-403 --format "$format"
done
for format in human unified json; do
  compare "$shipped" diff ps4 xbox-one --format "$format" --color never
done
compare "$shipped" rules
compare "$shipped" rules --format json
compare "$shipped" explain drifted-copy

if [ "$failed" = 0 ]; then
  echo "same output as $base ($sha)"
fi
exit "$failed"
