#!/usr/bin/env bash
# npm run test:cluster: the Ray executor against a real Ray head on this machine.
# Installs ray[default] from PyPI into a cached venv, starts a head bound to 127.0.0.1 only,
# runs test/cluster/*.test.ts (sweeps submitted through Ray's Jobs REST API), and stops Ray
# whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

RAY_VERSION=2.60.0
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/tensorscope
VENV=$CACHE/ray-venv
DASHBOARD_PORT=${TENSORSCOPE_RAY_DASHBOARD_PORT:-8265}
GCS_PORT=${TENSORSCOPE_RAY_PORT:-6380}
# Ray's temp folder holds a socket path, which must stay short (107 bytes).
RAY_TMP=$(mktemp -d /tmp/tsray.XXXX)
export RAY_USAGE_STATS_ENABLED=0

if [ ! -x "$VENV/bin/ray" ] || [ "$(cat "$VENV/.tensorscope-ray" 2>/dev/null)" != "$RAY_VERSION" ]; then
  echo "installing ray[default]==$RAY_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "ray[default]==$RAY_VERSION"
  echo "$RAY_VERSION" > "$VENV/.tensorscope-ray"
fi
[ -f dist/cli.js ] || node esbuild.js

stop_ray() {
  "$VENV/bin/ray" stop --force >/dev/null 2>&1 || true
  rm -rf "$RAY_TMP"
}
trap stop_ray EXIT INT TERM

started=$SECONDS
"$VENV/bin/ray" start --head --node-ip-address 127.0.0.1 --port "$GCS_PORT" \
  --dashboard-host 127.0.0.1 --dashboard-port "$DASHBOARD_PORT" --include-dashboard true \
  --temp-dir "$RAY_TMP" --disable-usage-stats >/dev/null
address=http://127.0.0.1:$DASHBOARD_PORT
for _ in $(seq 1 60); do
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$address/api/version" && break
  sleep 1
done
echo "ray head up in $((SECONDS - started)) s; Jobs API at $address"

TENSORSCOPE_RAY_ADDRESS=$address node --import tsx --test --test-concurrency=1 test/cluster/*.test.ts
