# Shared by scripts/run and scripts/test: system packages, the virtualenv, Python packages.
# Sourced, not executed; leaves the repository as the working directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SYSTEM_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core chromium fonts-liberation)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "==> Memasang paket sistem: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        echo "Paket sistem belum terpasang: ${missing[*]}" >&2
        echo "Jalankan: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "Dibutuhkan Python 3.11 (ditemukan: $("$PYTHON" --version 2>&1))." >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    echo "==> Membuat virtualenv .venv"
    "$PYTHON" -m venv .venv
fi
echo "==> Memasang dependensi Python"
.venv/bin/python -m pip install -qq --disable-pip-version-check -e ".[dev]"
