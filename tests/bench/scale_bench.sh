#!/usr/bin/env bash
# Scaled mode's figures (docs/scale-out.md), printed, never asserted: events
# a second and acknowledgement latency at a fixed rate (ASSENT_SCALE_RATE
# requests a second, default 1,000, of 20 events each, for
# ASSENT_LOAD_SECONDS, default 10), for
#   1. one server on SQLite;
#   2. one server on PostgreSQL (no stream);
#   3. two servers on one port publishing to a three-node JetStream stream,
#      and the consumer writing it into PostgreSQL;
# then the stream's lag: from a batch's arrival at a server to its rows in
# PostgreSQL (the rows keep the arrival, not the acknowledgement, which
# follows it by the ack latency: an upper bound of the issue's "from
# acknowledgement to row"). The driver (assent-load) shares the machine's cores.
# ASSENT_SCALE_SETUPS picks some of them ("2": one server on PostgreSQL
# only); ASSENT_SERVER_BIN and ASSENT_LOAD_BIN run other builds (a before).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${ASSENT_LOAD_SECONDS:-10}" rate="${ASSENT_SCALE_RATE:-1000}"
bin="${ASSENT_SERVER_BIN:-build/native/server/assent-server}"
setups="${ASSENT_SCALE_SETUPS:-1 2 3}"
dir=$(mktemp -d /tmp/assent-scale-bench.XXXXXX)
chmod 755 "$dir"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  server/scale/nats.sh stop "$dir/nats" 2>/dev/null || true
  server/scale/postgres.sh stop "$dir/pg" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
wanted() { [[ " $setups " == *" $1 "* ]]; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pg=$(server/scale/postgres.sh start "$dir/pg" "$(free_port)")
# nats.sh takes base+{0,1,2,10,11,12,20,21,22}: a block below the system's
# ephemeral ports (32768 and up), where the driver's thousands of outgoing
# connections took one now and then ("bind: address already in use"),
# and free now.
nats_block_free() { python3 -c 'import socket, sys
for p in (0, 1, 2, 10, 11, 12, 20, 21, 22):
    s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]) + p)); s.close()' "$1" 2>/dev/null; }
if wanted 3; then
  for _ in $(seq 100); do nats_base=$((20000 + RANDOM % 1200 * 10)); nats_block_free "$nats_base" && break; done
  server/scale/nats.sh start "$dir/nats" "$nats_base" >/dev/null
fi
cp demo/site/assent.config.json "$dir/"
psql_() { psql "$pg" -qtAX -c "$1"; }

# serve NAME PORT EXTRA_JSON: a server config, and the servers' load
config() {  # NAME PORT EXTRA
  cat > "$dir/$1.json" <<JSON
{ "listen": { "port": $2, "reusePort": true }, "database": "$1.db", "site": { "config": "assent.config.json" },
  "http": { "clientRequestsPerSecond": 0 } $3 }
JSON
}
start() {  # NAME [consume]
  "$bin" ${2:-} --config "$dir/$1.json" >> "$dir/$1.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do grep -qE "listening on|consuming" "$dir/$1.out" 2>/dev/null && return; sleep 0.1; done
  echo "scale_bench: $1 did not start:"; tail -5 "$dir/$1.out"; exit 1
}
load() {  # PORT
  "${ASSENT_LOAD_BIN:-build/native/tests/load/assent-load}" --port "$1" --site-config "$dir/assent.config.json" \
    --connections 32 --seconds "$seconds" --rate "$rate" | grep -E "requests:|events stored|latency|answers"
  echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"  # the figures mean little without it
}
# The group commit's counters of the server on PORT (/metrics): batches a commit.
commits() {  # PORT
  curl -s "http://127.0.0.1:$1/metrics" | awk '/^assent_event_commits_total/ {c = $2}
    /^assent_event_batches_committed_total/ {b = $2} END {if (c) printf "   %d batches in %d commits\n", b, c}'
}
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $rate requests/s x 20 events, ${seconds} s each"
if wanted 1; then
  echo "-- 1. one server, SQLite"
  port=$(free_port); config sqlite "$port" ""; start sqlite; load "$port"; commits "$port"; stop_all
fi

if wanted 2; then
  echo "-- 2. one server, PostgreSQL"
  psql_ "CREATE SCHEMA single"
  port=$(free_port); config single "$port" ", \"postgresql\": { \"url\": \"$pg?options=-csearch_path%3Dsingle\" }"
  start single; load "$port"; commits "$port"; stop_all
fi
wanted 3 || exit 0

echo "-- 3. two servers on one port, JetStream (3 replicas), the consumer into PostgreSQL"
psql_ "CREATE SCHEMA scaled"
nodes="\"nats://127.0.0.1:$nats_base\", \"nats://127.0.0.1:$((nats_base + 1))\", \"nats://127.0.0.1:$((nats_base + 2))\""
port=$(free_port)
config scaled "$port" ", \"postgresql\": { \"url\": \"$pg?options=-csearch_path%3Dscaled\" }, \"stream\": { \"servers\": [$nodes] }"
start scaled; start scaled; start scaled consume
figures=$(load "$port"); echo "$figures"
# The consumer catches up, a fetch (up to 512 batches) a transaction: wait
# until every acknowledged event is a row (a commit can take seconds here,
# so a count that stays still for a while does not mean it is done).
acked=$(sed -n 's/^events stored: \([0-9]*\).*/\1/p' <<<"$figures")
for _ in $(seq 240); do
  now=$(psql_ "SELECT count(*) FROM scaled.events"); [ "$now" -ge "$acked" ] && break; sleep 0.5
done
echo "   rows in PostgreSQL: $now of $acked acknowledged"
psql_ "SELECT '   lag from arrival to row, ms: p50 ' || percentile_cont(0.5) WITHIN GROUP (ORDER BY stored_ms - received_ms)
       || ', p99 ' || percentile_cont(0.99) WITHIN GROUP (ORDER BY stored_ms - received_ms)
       || ', max ' || max(stored_ms - received_ms) FROM scaled.events"
