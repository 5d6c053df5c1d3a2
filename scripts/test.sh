#!/usr/bin/env bash
# Set up and run the whole test suite: lint, format check, type check, unit + app + end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
bash scripts/browser.sh
bash scripts/axe.sh
# Debian's nginx for the tests through the proxy (tests/proxy); they start it themselves with scripts/proxy.sh.
bash scripts/proxy.sh install
if [ -f scripts/postgres.sh ] && [ -z "${KUNTALUOTAIN_PG_URL:-}" ]; then
  # A real PostgreSQL server for the workshop store tests, installed and started by the project's script.
  eval "$(bash scripts/postgres.sh start)"
  trap 'bash scripts/postgres.sh stop >/dev/null 2>&1 || true' EXIT
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
