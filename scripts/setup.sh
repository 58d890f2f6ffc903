#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Set up everything straitwatch needs on a fresh machine: Debian packages, the Python
# virtual environment from the lock file, and the web UI's npm packages.
#   scripts/setup.sh demo   what the live demo needs
#   scripts/setup.sh test   what the test suite needs too
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-demo}"

# --- Debian packages --------------------------------------------------------------
missing=()
while read -r pkg when; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  [[ "$want" == demo && "$when" == test ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < deps/apt.txt
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python -------------------------------------------------------------------------
command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv
[[ -x .venv/bin/python ]] || uv venv -q -p 3.11 .venv
stamp=.venv/.lock-installed
if [[ ! -f $stamp ]] || ! cmp -s requirements.lock "$stamp"; then
  echo "setup: installing Python packages from requirements.lock"
  uv pip install -q -p .venv -r requirements.lock
  cp requirements.lock "$stamp"
fi
uv pip install -q -p .venv --no-deps -e .

# --- Web UI (npm, lock file; no CDN) ----------------------------------------------
if [[ -f web/package.json ]]; then
  if [[ ! -d web/node_modules ]] || ! cmp -s web/package-lock.json web/node_modules/.package-lock.json; then
    echo "setup: installing npm packages for the web UI"
    (cd web && npm ci --no-audit --no-fund --silent)
  fi
  (cd web && npm run --silent build)
fi
echo "setup: ready ($want)"
