#!/usr/bin/env bash
# A three-node NATS cluster with JetStream on loopback (Debian's
# nats-server), for scaled mode on one machine (docs/scale-out.md), the tests
# and the benchmark:
#   server/scale/nats.sh start DIR PORT   nodes 1..3 take client ports PORT..PORT+2,
#                                        cluster ports PORT+10..PORT+12 and
#                                        monitoring ports PORT+20..PORT+22;
#                                        prints the nats:// URLs, comma-separated
#   server/scale/nats.sh kill DIR N       kill -9 node N
#   server/scale/nats.sh restart DIR N    start node N again (same folder, same data)
#   server/scale/nats.sh stop DIR
set -euo pipefail
cmd=$1 dir=$2
command -v nats-server >/dev/null || { echo "nats.sh: nats-server is not installed (apt-get install nats-server)" >&2; exit 1; }

node_up() {  # N: starts node N from its config, waits until its client port answers
  local n=$1 port
  port=$(cat "$dir/n$n.port")
  nats-server -c "$dir/n$n.conf" >>"$dir/n$n.log" 2>&1 &
  echo $! >"$dir/n$n.pid"
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nats.sh: node $n did not start; its log:" >&2
  tail -20 "$dir/n$n.log" >&2
  return 1
}

case "$cmd" in
  start)
    base=$3
    mkdir -p "$dir"
    routes=""
    for n in 1 2 3; do routes+="nats-route://127.0.0.1:$((base + 9 + n)),"; done
    for n in 1 2 3; do
      echo $((base + n - 1)) >"$dir/n$n.port"
      cat >"$dir/n$n.conf" <<CONF
server_name: n$n
listen: 127.0.0.1:$((base + n - 1))
http: 127.0.0.1:$((base + 19 + n))
jetstream { store_dir: "$dir/n$n" }
cluster {
  name: assent
  listen: 127.0.0.1:$((base + 9 + n))
  routes: [${routes%,}]
}
CONF
      node_up "$n"
    done
    # JetStream answers once the nodes have elected a leader among them:
    # until then a publish finds "no responders".
    for _ in $(seq 200); do
      curl -sf "http://127.0.0.1:$((base + 20))/healthz" >/dev/null && break
      sleep 0.1
    done
    curl -sf "http://127.0.0.1:$((base + 20))/healthz" >/dev/null ||
      { echo "nats.sh: JetStream did not become ready" >&2; exit 1; }
    echo "nats://127.0.0.1:$base,nats://127.0.0.1:$((base + 1)),nats://127.0.0.1:$((base + 2))"
    ;;
  kill)
    kill -9 "$(cat "$dir/n$3.pid")" 2>/dev/null || true
    ;;
  restart)
    node_up "$3"
    ;;
  stop)
    for n in 1 2 3; do
      [ -f "$dir/n$n.pid" ] && kill "$(cat "$dir/n$n.pid")" 2>/dev/null || true
    done
    for n in 1 2 3; do
      [ -f "$dir/n$n.pid" ] && while kill -0 "$(cat "$dir/n$n.pid")" 2>/dev/null; do sleep 0.1; done
    done
    ;;
  *) echo "usage: nats.sh start DIR PORT | kill DIR N | restart DIR N | stop DIR" >&2; exit 2 ;;
esac
