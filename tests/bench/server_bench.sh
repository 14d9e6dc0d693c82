#!/usr/bin/env bash
# The server's ingest figures: assent-server on a fresh SQLite file, driven
# by assent-load with real batches (20 events each) over 16 kept-alive
# connections, first as fast as it answers, then paced at 2,000 requests a
# second for its latency. Prints figures only. The driver runs on the same
# cores as the server, so on a 2-core machine both share them.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${ASSENT_LOAD_SECONDS:-10}"
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
cp demo/site/assent.config.json "$dir/"
cat > "$dir/assent-server.json" <<JSON
{ "listen": { "port": 0 }, "database": "assent.db", "site": { "config": "assent.config.json" },
  "http": { "clientRequestsPerSecond": 0 } }
JSON
"${ASSENT_SERVER_BIN:-build/native/server/assent-server}" --config "$dir/assent-server.json" > "$dir/out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q listening "$dir/out" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$dir/out" | head -1 | cut -d: -f2)
load() { build/native/tests/load/assent-load --port "$port" --site-config "$dir/assent.config.json" \
  --connections 16 --seconds "$seconds" "$@"; }
echo "-- as fast as answered"
load
echo "-- paced at 2,000 requests/s (40,000 events/s)"
load --rate 2000
echo "-- the file: $(du -h "$dir/assent.db" | cut -f1), $(sqlite3 "$dir/assent.db" 'SELECT COUNT(*) FROM events') events"
