#!/usr/bin/env bash
# Starts `./parley serve` on an empty data dir, checks /health and a signed getToken call,
# and stops it. Exercises the packaged jar and the first-start credentials file.
set -euo pipefail
cd "$(dirname "$0")/.."

data=$(mktemp -d)
log="$data/serve.log"
# Ports 0: the node takes free ones and says which, so the smoke never collides with anything.
./parley serve --data-dir "$data/node" --http-port 0 --tcp-port 0 --host 127.0.0.1 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT

http=""
for _ in $(seq 1 240); do
  http=$(sed -n 's/^Parley is up: HTTP \([0-9]*\),.*/\1/p' "$log")
  [ -n "$http" ] && curl -fs "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$log"; echo "smoke: server exited"; exit 1; }
  sleep 0.5
done
[ -n "$http" ] || { cat "$log"; echo "smoke: server did not come up"; exit 1; }
curl -fs "http://127.0.0.1:$http/health"; echo

creds="$data/node/initial-credentials.json"
[ "$(stat -c %a "$creds")" = "600" ] || { echo "smoke: credentials file is not owner-only"; exit 1; }
key=$(sed -n 's/.*"appKey" : "\(.*\)".*/\1/p' "$creds")
secret=$(sed -n 's/.*"appSecret" : "\(.*\)".*/\1/p' "$creds")
nonce=$RANDOM
ts=$(date +%s)
sig=$(printf '%s%s%s' "$secret" "$nonce" "$ts" | sha1sum | cut -d' ' -f1)
answer=$(curl -s -X POST "http://127.0.0.1:$http/user/getToken.json" \
  -H "App-Key: $key" -H "Nonce: $nonce" -H "Timestamp: $ts" -H "Signature: $sig" \
  -d "userId=smoke&name=Smoke")
echo "$answer"
echo "$answer" | grep -q '"code":200' || { echo "smoke: getToken failed"; exit 1; }
echo "smoke: ok"
