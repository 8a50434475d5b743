#!/usr/bin/env bash
# Install everything the workbook needs on a fresh Debian 12 machine (offline except for the npm
# registry and Debian's apt), idempotently and quickly when everything is already present:
#   - apt (only what is missing, --no-install-recommends): python3-nbclient (headless notebook runner),
#     chromium + fonts-dejavu-core (PNG figures). Nothing else is needed at run or test time.
#   - npm: `npm ci` when node_modules does not match package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
/usr/bin/python3 -c "import nbclient, nbformat" >/dev/null 2>&1 || missing+=(python3-nbclient)
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install: apt packages ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# onnxruntime-node's install script would fetch CUDA binaries from the network; the CPU binaries are in
# the npm tarball. The .npmrc says the same (onnxruntime-node-install=skip).
export ONNXRUNTIME_NODE_INSTALL=skip
stamp=node_modules/.install-package-lock.sha256
if [ -f "$stamp" ] && sha256sum --check --status "$stamp" 2>/dev/null; then
  echo "install: node_modules matches package-lock.json" >&2
else
  npm ci --no-audit --no-fund
  sha256sum package-lock.json > "$stamp"
fi
