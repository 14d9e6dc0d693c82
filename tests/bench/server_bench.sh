#!/usr/bin/env bash
# The server's ingest figures: assent-server on a fresh SQLite file, driven
# by assent-load with real batches (20 events each) over 16 kept-alive
# connections, first as fast as it answers, then paced at 2,000 requests a
# second for its latency (over 16 connections, then 64), each with the
# server's CPU time a request and how many batches shared a commit. Prints
# figures only. The driver runs on the same cores as the server, so on a
# 2-core machine both share them.
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
# The server's CPU time (user + system, in clock ticks) and its commits of
# events (/metrics), before and after each load: on a machine shared with
# other work the CPU time a request costs moves less than the wall clock.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
commits() {  # "COMMITS BATCHES", one line
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^assent_event_commits_total/ {c = $2} /^assent_event_batches_committed_total/ {b = $2} END {print c + 0, b + 0}'
}
# Where a batch's time went, from /metrics before and after a load: each
# stage of its intake (assent_intake_stage_seconds) and the whole handler
# (assent_request_duration_seconds of /v1/events), as a mean and a p99 read
# off the histogram's buckets (so "<= 0.05" means between the bucket below
# and 50 ms). The driver's latency less the handler's is time outside it:
# the connection's queue, the HTTP threads, the network.
stages() {  # BEFORE AFTER (two /metrics texts)
  awk '
    function key(line) { sub(/ [^ ]*$/, "", line); return line }
    FNR == NR { if ($0 !~ /^#/) before[key($0)] = $NF; next }
    /^assent_intake_stage_seconds|^assent_request_duration_seconds.*route="POST \/v1\/events"/ {
      k = key($0); d = $NF - before[k]
      match(k, /(stage|route)="[^"]*"/); name = substr(k, RSTART, RLENGTH)
      if (k ~ /_bucket/) { match(k, /le="[^"]*"/); le = substr(k, RSTART + 4, RLENGTH - 5)
        n[name]++; les[name, n[name]] = le; cum[name, n[name]] = d }
      else if (k ~ /_sum/) sum[name] = d
      else if (k ~ /_count/) count[name] = d
    }
    END {
      for (name in count) if (count[name] > 0) {
        p99 = "+Inf"
        for (i = 1; i <= n[name]; i++) if (cum[name, i] >= 0.99 * count[name]) { p99 = les[name, i]; break }
        printf "  %s: %d, mean %.2f ms, p99 <= %s s\n", name, count[name], 1000 * sum[name] / count[name], p99
      }
    }' "$1" "$2"
}
load() {
  local ticks0 commits0 batches0 ticks1 commits1 batches1 requests
  curl -s "http://127.0.0.1:$port/metrics" > "$dir/metrics0"
  ticks0=$(cpu_ticks); read -r commits0 batches0 < <(commits)
  "${ASSENT_LOAD_BIN:-build/native/tests/load/assent-load}" --port "$port" --site-config "$dir/assent.config.json" \
    --connections 16 --seconds "$seconds" "$@" | tee "$dir/load"
  ticks1=$(cpu_ticks); read -r commits1 batches1 < <(commits)
  requests=$(grep -o 'requests: [0-9]*' "$dir/load" | grep -o '[0-9]*')
  echo "server: $(( (ticks1 - ticks0) * 1000000 / $(getconf CLK_TCK) / requests )) us CPU a request (receipts included)," \
       "$(( batches1 - batches0 )) batches in $(( commits1 - commits0 )) commits; load $(cut -d' ' -f1-3 /proc/loadavg)"
  curl -s "http://127.0.0.1:$port/metrics" > "$dir/metrics1"
  stages "$dir/metrics0" "$dir/metrics1"
}
echo "-- as fast as answered"
load
echo "-- paced at 2,000 requests/s (40,000 events/s)"
load --rate 2000
# 16 connections paced at 125 requests/s each run close to what each can
# carry one request at a time, so a stall leaves them behind schedule for
# long and p99 measures the driver's queue as much as the server. A site's
# traffic comes over many more connections.
echo "-- paced at 2,000 requests/s over 64 connections"
load --rate 2000 --connections 64
echo "-- the file: $(du -h "$dir/assent.db" | cut -f1), $(sqlite3 "$dir/assent.db" 'SELECT COUNT(*) FROM events') events"
