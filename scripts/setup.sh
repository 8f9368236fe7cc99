#!/usr/bin/env bash
# `npm run setup`: install everything, then build the web app so `npm start` serves it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run build -w @switchboard/web --if-present
echo "[setup] done — run: npm start"
