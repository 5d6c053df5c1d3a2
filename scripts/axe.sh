#!/usr/bin/env bash
# axe-core (the accessibility rules engine) for the end-to-end accessibility test, pinned, cached in .cache/.
# `npm pack` fetches the package from npm's registry; Debian's npm is installed with apt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="4.14.1"
DEST=".cache/axe-core-$VERSION"
if [ -f "$DEST/axe.min.js" ]; then exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "axe-core@$VERSION" >/dev/null && tar -xzf "axe-core-$VERSION.tgz")
mkdir -p "$DEST"
cp "$TMP/package/axe.min.js" "$TMP/package/LICENSE" "$DEST/"
echo "axe-core $VERSION in $DEST"
