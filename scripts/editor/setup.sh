#!/usr/bin/env bash
# Set-up for the editor tests (test/e2e, test/exthost, test/nvim) and `npm start`.
# Idempotent: run it as often as you like; what is already there is kept.
#
#   scripts/editor/setup.sh            apt packages (root only) + code-server
#   scripts/editor/setup.sh --no-apt   code-server only
#
# What it installs:
#   - Debian packages: chromium (driven by playwright-core), neovim (the second editor),
#     ripgrep (code-server's search, see below), libkrb5-dev and a C++ toolchain (code-server's
#     native modules compile from source).
#   - code-server@4.100.3 (VS Code 1.100 in the browser; the last release that runs on Node 20)
#     into $CODING_NOTES_EDITOR_CACHE (default ~/.cache/clinical-coding-notes), outside
#     node_modules, so `npm ci` and clean clones keep it.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE="${CODING_NOTES_EDITOR_CACHE:-$HOME/.cache/clinical-coding-notes}"
PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
APT_PACKAGES=(chromium neovim ripgrep libkrb5-dev build-essential python3 fonts-dejavu-core)
WITH_APT=1
[[ "${1:-}" == "--no-apt" ]] && WITH_APT=0

say() { printf '[editor set-up] %s\n' "$*"; }
die() { printf '[editor set-up] ERROR: %s\n' "$*" >&2; exit 1; }

node_major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$node_major" -ge 20 ]] || die "Node.js 20 or later is needed (found $(node --version))."

# --- Debian packages ---------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  say "Debian packages present: ${APT_PACKAGES[*]}"
elif [[ $WITH_APT -eq 0 ]]; then
  say "skipping apt (--no-apt); missing: ${missing[*]}"
elif ! command -v apt-get >/dev/null; then
  die "no apt-get here. Install these yourself: ${missing[*]} (Chromium at /usr/bin/chromium or set CHROMIUM_PATH; Neovim >= 0.7 as nvim)."
elif [[ "$(id -u)" -ne 0 ]]; then
  die "these Debian packages are missing: ${missing[*]}. Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}  (or run this script as root)."
else
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q || die "apt-get update failed (is a Debian mirror reachable?)."
  apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed for: ${missing[*]}"
fi

# --- code-server ---------------------------------------------------------------
CODE_SERVER="$PREFIX/node_modules/.bin/code-server"
if [[ -x "$CODE_SERVER" ]] && [[ -f "$PREFIX/.complete" ]]; then
  say "code-server $CODE_SERVER_VERSION present: $CODE_SERVER"
  exit 0
fi
command -v rg >/dev/null || die "ripgrep (rg) is needed to install code-server offline: apt-get install ripgrep"
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' \
  || [[ -f /usr/include/gssapi/gssapi.h ]] \
  || die "libkrb5-dev is needed to build code-server's kerberos module: apt-get install libkrb5-dev"

say "installing code-server@$CODE_SERVER_VERSION into $PREFIX (about 300 MB, a minute or two)"
rm -rf "$PREFIX"
mkdir -p "$PREFIX"
echo '{ "name": "coding-notes-editor-cache", "private": true }' > "$PREFIX/package.json"

# @vscode/ripgrep's postinstall downloads rg from GitHub, which fails offline and rolls the
# whole install back. It first looks for a cached download in $TMPDIR; give it Debian's rg.
TMP="${TMPDIR:-/tmp}"
RG_CACHE="$TMP/vscode-ripgrep-cache-1.15.11"
RG_TGZ="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
mkdir -p "$RG_CACHE"
if [[ ! -s "$RG_TGZ" ]]; then
  work="$(mktemp -d)"
  cp "$(command -v rg)" "$work/rg"
  tar -czf "$RG_TGZ" -C "$work" rg
  rm -rf "$work"
fi

log="$CACHE/code-server-install.log"
if ! (cd "$PREFIX" && \
      npm_config_yes=true npm_config_unsafe_perm=true npm_config_audit=false npm_config_fund=false \
      npm install --no-save --no-package-lock "code-server@$CODE_SERVER_VERSION" >"$log" 2>&1); then
  tail -40 "$log" >&2
  die "npm could not install code-server@$CODE_SERVER_VERSION (full log: $log). It needs the npm registry, libkrb5-dev and a C++ toolchain."
fi
[[ -x "$CODE_SERVER" ]] || die "code-server installed but $CODE_SERVER is missing (log: $log)"
"$CODE_SERVER" --version >/dev/null 2>&1 || die "code-server does not start: $CODE_SERVER --version (log: $log)"
touch "$PREFIX/.complete"
say "code-server $CODE_SERVER_VERSION installed: $CODE_SERVER"
