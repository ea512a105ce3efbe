#!/usr/bin/env bash
# Provisions the native addon of @tensorflow/tfjs-node.
#
# Its own install script downloads libtensorflow from Google's storage, which firewalled
# machines cannot reach, and a failed install script rolls back a whole `npm ci`, so
# .npmrc keeps npm from running it and scripts/setup.js runs this instead:
#   1. the addon already loads (stamp file): nothing to do;
#   2. the official install script (downloads libtensorflow), unless TENSORSCOPE_SKIP_DOWNLOAD=1;
#   3. otherwise the addon is built against the TensorFlow shared libraries and C headers
#      that ship in the tensorflow-cpu wheel from PyPI (cached outside the repository).
# Never fails the install: without a native addon the trainer falls back to pure JS and says so.
set -uo pipefail

TF_WHEEL_VERSION="${TENSORSCOPE_TF_WHEEL_VERSION:-2.21.0}"
CACHE_DIR="${TENSORSCOPE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tensorscope}"
WHEEL_DIR="$CACHE_DIR/wheels"

log() { echo "[tensorscope] $*" >&2; }

pkg_json=$(node -p "require.resolve('@tensorflow/tfjs-node/package.json')" 2>/dev/null) || {
  log "@tensorflow/tfjs-node is not installed; skipping native provisioning."
  exit 0
}
PKG=$(dirname "$pkg_json")
DEPS="$PKG/deps"
STAMP="$PKG/.tensorscope-provisioned"

# macOS has no `timeout` unless coreutils is installed.
with_timeout() {
  if command -v timeout >/dev/null; then timeout "$@"; else "${@:2}"; fi
}

addon_loads() {
  (cd "$PKG" && TF_CPP_MIN_LOG_LEVEL=3 node -e "require('./dist/index.js')" >/dev/null 2>&1)
}

if [ -f "$STAMP" ] && addon_loads; then
  log "native TensorFlow already provisioned ($(cat "$STAMP"))."
  exit 0
fi

if [ "${TENSORSCOPE_SKIP_DOWNLOAD:-0}" != "1" ]; then
  log "trying the official tfjs-node install (downloads libtensorflow)..."
  if (cd "$PKG" && with_timeout 300 node scripts/install.js >/dev/null 2>&1) && addon_loads; then
    echo "official install" >"$STAMP"
    log "native TensorFlow installed by the official route."
    exit 0
  fi
  rm -rf "$DEPS" "$PKG/lib"
  if [ "$(uname -s)" != "Linux" ]; then
    log "ERROR: the official download is unreachable (the wheel route builds for Linux only)."
    log "Training will fall back to the pure-JS backend, which is 7-370x slower."
    exit 0
  fi
  log "the official download is unreachable; building against the TensorFlow wheel from PyPI."
fi

wheel=$(ls "$WHEEL_DIR"/tensorflow_cpu-"$TF_WHEEL_VERSION"-*.whl 2>/dev/null | head -n 1)
if [ -z "$wheel" ]; then
  mkdir -p "$WHEEL_DIR"
  log "downloading tensorflow-cpu==$TF_WHEEL_VERSION from PyPI into $WHEEL_DIR (about 270 MB, once)..."
  if ! python3 -m pip download --quiet --no-deps --only-binary=:all: \
    "tensorflow-cpu==$TF_WHEEL_VERSION" -d "$WHEEL_DIR" >&2; then
    log "ERROR: could not download the tensorflow-cpu wheel (needs python3 with pip and access to PyPI)."
    log "Training will fall back to the pure-JS backend, which is 7-370x slower."
    exit 0
  fi
  wheel=$(ls "$WHEEL_DIR"/tensorflow_cpu-"$TF_WHEEL_VERSION"-*.whl | head -n 1)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  log "ERROR: $*"
  log "Training will fall back to the pure-JS backend, which is 7-370x slower."
  rm -rf "$DEPS" "$PKG/lib" "$STAMP"
  exit 0
}

mkdir -p "$DEPS/lib" "$DEPS/include"
unzip -q -o -j "$wheel" tensorflow/libtensorflow_cc.so.2 tensorflow/libtensorflow_framework.so.2 -d "$DEPS/lib" ||
  fail "could not extract the TensorFlow libraries from $wheel"
strip --strip-unneeded "$DEPS"/lib/*.so.2 2>/dev/null || true
# unzip exits 11 when one of the patterns matches nothing; the headers that matter are checked below.
unzip -q -o "$wheel" 'tensorflow/include/tensorflow/c/*' 'tensorflow/include/tensorflow/core/platform/ctstring*' \
  'tensorflow/include/tsl/platform/ctstring*' 'tensorflow/include/xla/tsl/c/*' -d "$tmp" || [ $? -eq 11 ] ||
  fail "could not extract the TensorFlow C headers from $wheel"
[ -f "$tmp/tensorflow/include/tensorflow/c/c_api.h" ] || fail "the wheel has no tensorflow/c/c_api.h"
cp -r "$tmp/tensorflow/include/." "$DEPS/include/"
ln -sf libtensorflow_cc.so.2 "$DEPS/lib/libtensorflow.so"
ln -sf libtensorflow_framework.so.2 "$DEPS/lib/libtensorflow_framework.so"

pre_gyp=$(cd "$PKG" && node -p "require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp')") ||
  fail "@mapbox/node-pre-gyp is missing"
log "compiling the tfjs-node addon (about 10 s)..."
node_dir="${npm_config_nodedir:-/usr}"
(cd "$PKG" && npm_config_nodedir="$node_dir" node "$pre_gyp" install --build-from-source >"$tmp/build.log" 2>&1) || {
  tail -n 20 "$tmp/build.log" >&2
  fail "the addon did not compile (log above)"
}
addon_loads || fail "the compiled addon does not load"
echo "tensorflow-cpu $TF_WHEEL_VERSION wheel" >"$STAMP"
log "native TensorFlow ready (built against the tensorflow-cpu $TF_WHEEL_VERSION wheel)."
