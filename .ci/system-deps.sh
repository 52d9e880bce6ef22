#!/usr/bin/env bash
# System packages the build and the tests need, installed with apt when missing.
# Where apt cannot be used, say what to install instead of failing obscurely.
set -euo pipefail
# `system-deps.sh site`: what `make site` needs (Pango and HarfBuzz for the PDFs; ICU, pkg-config and a C++
# compiler to build PyICU, which PyPI ships as source only).
# `system-deps.sh` (for `make test`): also Chromium, Poppler, fonts and Java for the browser and PDF tests.
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libicu-dev pkg-config g++)
if [ "${1:-test}" != "site" ]; then
  packages+=(chromium poppler-utils fonts-noto-core openjdk-17-jre-headless)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi
