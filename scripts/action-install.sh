#!/usr/bin/env bash
# Installs nwlint for the GitHub Action (action.yml) and puts it on PATH.
#
# Inputs (environment):
#   INPUT_INSTALL      auto (release binary, else build from source),
#                      release (binary only) or cargo (build from source)
#   INPUT_VERSION      release tag (v0.2.0) or "latest"; empty: the action's
#                      own ref when it is a full version tag, else latest
#   ACTION_REPOSITORY  owner/name the action was used from
#   ACTION_REF         the ref it was used at (v1, v0.2.0, main, a commit)
#   ACTION_PATH        the action's checkout (for `cargo install --path`)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH  (set by the runner)
#   NWLINT_RELEASES    base URL of the releases (default
#                      https://github.com/$ACTION_REPOSITORY/releases)
#
# A downloaded archive is used only if its SHA-256 matches the release's
# SHA256SUMS.
set -euo pipefail

install=${INPUT_INSTALL:-auto}
case "$install" in
  auto | release | cargo) ;;
  *)
    echo "::error::install must be auto, release or cargo, not '$install'"
    exit 2
    ;;
esac
dest="${RUNNER_TEMP:?}/nwlint"
bin="$dest/bin"
mkdir -p "$bin"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# The release target for this runner, or nothing when none is published.
target=
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-gnu ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
esac

version=${INPUT_VERSION:-}
if [ -z "$version" ]; then
  if [[ ${ACTION_REF:-} =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    version=$ACTION_REF
  else
    version=latest
  fi
fi

# Downloads, verifies and unpacks the release binary into $bin.
from_release() {
  if [ -z "$target" ]; then
    echo "no nwlint release binary for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}"
    return 1
  fi
  local releases=${NWLINT_RELEASES:-}
  if [ -z "$releases" ]; then
    if [ -z "${ACTION_REPOSITORY:-}" ]; then
      echo "the action's repository is unknown: cannot find its releases"
      return 1
    fi
    releases="https://github.com/$ACTION_REPOSITORY/releases"
  fi
  local base
  if [ "$version" = latest ]; then
    base="$releases/latest/download"
  else
    base="$releases/download/$version"
  fi
  local archive="nwlint-$target.tar.gz"
  case "$target" in *windows*) archive="nwlint-$target.zip" ;; esac
  local work
  work=$(mktemp -d)
  echo "downloading $base/$archive"
  if ! curl -fsSL --retry 3 -o "$work/$archive" "$base/$archive" ||
    ! curl -fsSL --retry 3 -o "$work/SHA256SUMS" "$base/SHA256SUMS"; then
    echo "cannot download nwlint $version for $target"
    return 1
  fi
  local want got
  want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$work/SHA256SUMS")
  got=$(sha256 "$work/$archive")
  if [ -z "$want" ] || [ "$want" != "$got" ]; then
    # Not a reason to fall back: the download is not what was published.
    echo "::error::checksum mismatch for $archive: SHA256SUMS says '${want:-nothing}', the download is $got"
    exit 1
  fi
  echo "$archive: SHA-256 $got verified"
  case "$archive" in
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q "$work/$archive" -d "$work" || return 1
      else
        7z x -bd -o"$work" "$work/$archive" >/dev/null || return 1
      fi
      cp "$work/nwlint-$target/nwlint.exe" "$bin/" || return 1
      ;;
    *)
      tar -xzf "$work/$archive" -C "$work" || return 1
      cp "$work/nwlint-$target/nwlint" "$bin/" || return 1
      chmod +x "$bin/nwlint" || return 1
      ;;
  esac
  rm -rf "$work"
}

# Builds the action's own source.
from_source() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "::error::building nwlint needs cargo (Rust) on the runner"
    exit 1
  fi
  echo "building nwlint from ${ACTION_PATH:?} (cargo install --path)"
  cargo install --locked --path "$ACTION_PATH" --root "$dest"
}

case "$install" in
  cargo) from_source ;;
  release)
    if ! from_release; then
      echo "::error::no nwlint release binary (install: release); use install: auto or cargo to build it"
      exit 1
    fi
    ;;
  auto)
    if ! from_release; then
      echo "falling back to building nwlint from source"
      from_source
    fi
    ;;
esac

echo "$bin" >>"${GITHUB_PATH:?}"
"$bin/nwlint" --version
