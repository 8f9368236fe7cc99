#!/usr/bin/env bash
# Installs everything Switchboard needs on a fresh Debian machine: system packages (browser,
# speech in/out, audio tools) and the npm workspaces. Used by `npm run setup` and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# chromium: e2e + browser bench; espeak-ng: TTS and test speech; sox: audio conversion;
# pocketsphinx(+en-us): the embedded, grammar-constrained speech recogniser.
# postgresql: the compliance store's PostgreSQL test starts a throw-away server of its own.
DEBS=(chromium espeak-ng sox pocketsphinx pocketsphinx-en-us postgresql)
missing=()
for p in "${DEBS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# onnxruntime-node's postinstall tries to download CUDA, which is unreachable here (shared/FACTS.md).
export ONNXRUNTIME_NODE_INSTALL=skip
echo "[setup] installing npm workspaces"
npm ci --no-audit --no-fund

# The real LiveKit server, LiveKit SIP, Redis and SIPp for the LiveKit tests (issue 12).
# `npm start` does not need them; without Go they are skipped and those tests say what is missing.
if command -v go >/dev/null 2>&1; then
  bash scripts/install-livekit.sh
else
  echo "[setup] Go not found: skipping the LiveKit server/SIP build (the LiveKit tests will name what is missing)"
fi
