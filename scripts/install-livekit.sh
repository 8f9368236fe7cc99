#!/usr/bin/env bash
# Installs the real LiveKit peers the LiveKit tests run against (issue 12): LiveKit server and
# LiveKit SIP, built from their published Go modules (there is no npm or Debian package, and
# Docker does not run here), Redis (LiveKit SIP talks to the server through it) and SIPp (the
# phone). `npm start` never needs any of them: WebSocket stays the default door.
#
# Idempotent: a binary already at the pinned version is kept. Binaries land in $(go env GOPATH)/bin
# (override with SWITCHBOARD_LIVEKIT_BIN); tests find them there (apps/server/test/support/livekit-peers.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

LIVEKIT_SERVER_VERSION="v1.13.5"
LIVEKIT_SIP_VERSION="v1.11.0"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! command -v go >/dev/null 2>&1; then
  echo "[livekit] Go is not installed: the LiveKit server and LiveKit SIP are built from Go modules." >&2
  echo "[livekit] Install Go >= 1.24 (https://go.dev/doc/install), then re-run: bash scripts/install-livekit.sh" >&2
  exit 1
fi

# redis-server: LiveKit SIP <-> server bus; sip-tester: SIPp, the test phone; iproute2: namespaces;
# pkg-config + opus + soxr headers: LiveKit SIP is a cgo build.
DEBS=(redis-server sip-tester iproute2 pkg-config libopus-dev libopusfile-dev libsoxr-dev)
missing=()
for p in "${DEBS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[livekit] installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

GOBIN_DIR="${SWITCHBOARD_LIVEKIT_BIN:-$(go env GOPATH)/bin}"
mkdir -p "$GOBIN_DIR"
stamp_ok() { [ -x "$GOBIN_DIR/$1" ] && [ -f "$GOBIN_DIR/.$1.version" ] && [ "$(cat "$GOBIN_DIR/.$1.version")" = "$2" ]; }

if stamp_ok server "$LIVEKIT_SERVER_VERSION"; then
  echo "[livekit] livekit server $LIVEKIT_SERVER_VERSION already built"
else
  echo "[livekit] building livekit server $LIVEKIT_SERVER_VERSION (go install, a few minutes)"
  GOBIN="$GOBIN_DIR" GOFLAGS=-buildvcs=false go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_SERVER_VERSION"
  echo "$LIVEKIT_SERVER_VERSION" > "$GOBIN_DIR/.server.version"
fi

if stamp_ok livekit-sip "$LIVEKIT_SIP_VERSION"; then
  echo "[livekit] livekit-sip $LIVEKIT_SIP_VERSION already built"
else
  # The module proxy does not serve github.com/livekit/sip here: build the vendored source
  # (third_party/README.md says what is in it and why).
  echo "[livekit] building livekit-sip $LIVEKIT_SIP_VERSION from third_party (cgo, a minute or two)"
  src="$(mktemp -d)"
  trap 'rm -rf "$src"' EXIT
  tar -xJf "third_party/livekit-sip-$LIVEKIT_SIP_VERSION-src.tar.xz" -C "$src"
  (cd "$src/livekit-sip" && CGO_ENABLED=1 GOFLAGS="-mod=mod -buildvcs=false" go build -o "$GOBIN_DIR/livekit-sip" ./cmd/livekit-sip)
  echo "$LIVEKIT_SIP_VERSION" > "$GOBIN_DIR/.livekit-sip.version"
fi

# Debian starts redis-server as a service on install; the tests run their own on a free port.
echo "[livekit] ready: $GOBIN_DIR/server, $GOBIN_DIR/livekit-sip, $(command -v redis-server), $(command -v sipp)"
