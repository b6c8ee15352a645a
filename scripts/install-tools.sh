#!/usr/bin/env bash
# Installs every tool the build and the tests need, skipping each one whose
# binary already reports the expected version. Everything comes from
# crates.io, Debian or npm, because downloads from anywhere else fail here.
#
# Tools go under $GUMNUT_TOOLS (default ~/.cache/gumnut-faces/tools), so a
# kept machine reuses them and a fresh one installs them once.
set -euo pipefail

TRUNK_VERSION=0.22.1
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0

tools_dir="${GUMNUT_TOOLS:-$HOME/.cache/gumnut-faces/tools}"
mkdir -p "$tools_dir/bin"
export PATH="$tools_dir/bin:$tools_dir/npm/bin:$PATH"

log() { printf '[install-tools] %s\n' "$*" >&2; }

has_version() {
    # has_version BINARY EXPECTED: true when BINARY --version prints EXPECTED.
    command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"
}

install_wasm_target() {
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        return
    fi
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
}

install_trunk() {
    if has_version trunk "$TRUNK_VERSION"; then
        return
    fi
    # trunk declares a newer minimum Rust than this machine has, but builds
    # and works on it.
    log "installing trunk $TRUNK_VERSION (about 13 minutes on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version \
        --root "$tools_dir"
}

install_wasm_bindgen() {
    if has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
        return
    fi
    # Without --locked: the crate's lockfile names a webpki-roots release that
    # the registry no longer has.
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$tools_dir"
}

install_wasm_opt() {
    if has_version wasm-opt "version ${BINARYEN_VERSION%%.*}"; then
        return
    fi
    # Debian's binaryen (version 108) writes bundles that fail to load in the
    # browser, so use the npm build.
    log "installing binaryen $BINARYEN_VERSION from npm"
    npm install --global --prefix "$tools_dir/npm" "binaryen@$BINARYEN_VERSION" >&2
}

install_browser() {
    if [ "${1:-}" != "--browser" ]; then
        return
    fi
    if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
        return
    fi
    log "installing chromium and chromium-driver from Debian"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver >&2
}

install_wasm_target
install_wasm_opt
install_browser "${1:-}"
install_wasm_bindgen
install_trunk
log "tools ready in $tools_dir"
