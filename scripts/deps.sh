#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages diglot builds with, typesets with and
# tests with. Runs apt-get as root, through sudo otherwise, and when neither
# is possible prints the list so a person can install it.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libglib2.0-dev libpango1.0-dev libcairo2-dev libharfbuzz-dev libfreetype-dev
  libfontconfig-dev libzip-dev libqpdf-dev libcmark-gfm-dev
  libcmark-gfm-extensions-dev libhyphen-dev hyphen-en-us libcmocka-dev
  fonts-noto-cjk fonts-ebgaramond
  poppler-utils qpdf mupdf-tools epubcheck default-jre-headless unzip
  time python3 valgrind
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "deps: need root to install packages; please run:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
