#!/usr/bin/env bash
# Installs the Debian packages cnm needs, only those missing. Idempotent; safe to run often.
# The list grows with the features that need it (LibreOffice for workbook recalculation tests,
# CJK fonts for reports, Chromium for browser tests); see scripts/system-packages.txt.
set -euo pipefail
cd "$(dirname "$0")"
missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < system-packages.txt
# Debian's own python3 needs python3-venv for `python3 -m venv` (pyenv and python.org builds have it)
if ! "${PYTHON:-python3}" -c "import ensurepip, venv" 2>/dev/null; then
  dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "install ok installed" || missing+=("python3-venv")
fi
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "installing system packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
