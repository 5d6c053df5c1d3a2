#!/usr/bin/env bash
# Create .venv-ref with the benchmark's outside reference (statsforecast, pinned) — its own environment,
# never the app's .venv: statsforecast brings its own pandas, numba and scipy versions. Idempotent and
# quiet when done. Then: .venv-ref/bin/python bench/reference_statsforecast.py
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
PKGS=(statsforecast==2.1.1 pyarrow==26.0.1)
if [ ! -x .venv-ref/bin/python ]; then
  "$PY" -m venv .venv-ref
fi
STAMP=".venv-ref/.installed-$(printf '%s\n' "${PKGS[@]}" | sha256sum | cut -c1-16)"
if [ ! -f "$STAMP" ]; then
  .venv-ref/bin/python -m pip install --quiet --disable-pip-version-check "${PKGS[@]}"
  touch "$STAMP"
fi
