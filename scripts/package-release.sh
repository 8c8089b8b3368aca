#!/usr/bin/env bash
# Packages one release binary the way the release workflow publishes it and
# the GitHub Action (action.yml) downloads it:
#
#   scripts/package-release.sh TARGET BINARY OUTDIR
#
# writes OUTDIR/nwlint-TARGET.tar.gz (OUTDIR/nwlint-TARGET.zip for Windows
# targets) holding nwlint-TARGET/{nwlint[.exe],README.md,schema/}, and
# beside it ARCHIVE.sha256 in `sha256sum` format. Asset names carry no
# version, so `releases/latest/download/nwlint-TARGET.tar.gz` works.
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: $0 TARGET BINARY OUTDIR" >&2
  exit 2
fi
target=$1
binary=$2
outdir=$3
root=$(cd "$(dirname "$0")/.." && pwd)

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

name="nwlint-$target"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/schema"
case "$target" in
  *windows*) exe=nwlint.exe ;;
  *) exe=nwlint ;;
esac
cp "$binary" "$stage/$name/$exe"
cp "$root/README.md" "$stage/$name/"
cp "$root"/schema/*.schema.json "$stage/$name/schema/"

case "$target" in
  *windows*)
    archive="$name.zip"
    rm -f "$outdir/$archive"
    if command -v 7z >/dev/null 2>&1; then
      (cd "$stage" && 7z a -tzip -bd "$outdir/$archive" "$name" >/dev/null)
    else
      (cd "$stage" && zip -qr "$outdir/$archive" "$name")
    fi
    ;;
  *)
    archive="$name.tar.gz"
    tar -C "$stage" -czf "$outdir/$archive" "$name"
    ;;
esac
printf '%s  %s\n' "$(sha256 "$outdir/$archive")" "$archive" >"$outdir/$archive.sha256"
echo "$outdir/$archive"
