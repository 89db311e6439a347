#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine, then nothing else:
# - Debian packages: chromium (the real browser the site tests drive through Playwright),
#   poppler-utils (pdftotext/pdftoppm read the PDFs back), fonts and Pango for WeasyPrint,
#   git (the audit trail tests make real repositories), git-lfs (evidence PDFs checked out as
#   LFS pointers, as a CI job without `git lfs pull` sees them), openssh-client (ssh-keygen
#   makes the real signing keys of the trust tests, and git verifies SSH signatures with it),
#   rsync (gitlab-ci-local copies the project with it), g++ and make (npm builds
#   gitlab-ci-local's native re2 module), npm when the machine has none;
# - axe-core from the npm registry, pinned by tests/browser/package-lock.json (with its
#   integrity hash), into tests/browser/node_modules (git-ignored): the browser tests inject
#   it into every page type for the accessibility check; the site never loads it;
# - gitlab-ci-local from the npm registry, pinned by tests/pipeline/package-lock.json, into
#   tests/pipeline/node_modules (git-ignored): the pipeline tests run .gitlab-ci.yml for real
#   with it (4.60: later versions need Node 22, the machines have Node 20);
# - a virtual environment .venv with Pelihara and its test extras, at the versions of
#   constraints.txt.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(git git-lfs openssh-client chromium poppler-utils fonts-dejavu-core
                 fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
                 rsync g++ make)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install: ${missing[*]} (no apt-get on this machine)" >&2
    exit 1
  fi
fi

axe=tests/browser/node_modules/axe-core/axe.min.js
if [ ! -f "$axe" ] || [ tests/browser/package-lock.json -nt "$axe" ]; then
  echo "setup: installing axe-core (npm ci in tests/browser)"
  npm ci --prefix tests/browser --no-audit --no-fund --ignore-scripts --loglevel=error
  touch "$axe"
fi

glcl=tests/pipeline/node_modules/.bin/gitlab-ci-local
if [ ! -x "$glcl" ] || [ tests/pipeline/package-lock.json -nt "$glcl" ]; then
  echo "setup: installing gitlab-ci-local (npm ci in tests/pipeline; builds re2, a few minutes)"
  # Its regular-expression module re2 is native. Its install script would first fetch a
  # prebuilt binary from GitHub (unreachable: only the package registries are); the variable
  # skips that, and node-gyp builds it from source with g++ and the machine's Node headers.
  DEVELOPMENT_SKIP_GETTING_ASSET=1 \
    npm ci --prefix tests/pipeline --no-audit --no-fund --loglevel=error
  touch "$glcl"
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# constraints.txt pins every package (made by tests/lock.sh): every run, CI's included, tests
# the same versions.
.venv/bin/python -m pip install -q -c constraints.txt -e ".[test]"
echo "setup: ready (.venv)"
