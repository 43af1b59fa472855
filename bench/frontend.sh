#!/usr/bin/env bash
# Front-end measurements (docs/benchmarks.md, "Front end"):
#   bench/frontend.sh compare [seconds] [java]   sysbench oltp_point_select and oltp_read_write, 4 threads:
#                                                direct to the node, through HAProxy (TCP mode), through the
#                                                front end; a warm-up each, then 3 rounds; medians and ratios
#   bench/frontend.sh idle [clients] [java] [heap]   idle clients held, memory per client (FrontendIdleConnections)
# Needs sysbench and haproxy (Debian packages). The front end runs in its own JVM ([java], default: the one on
# the PATH; options for it in FRONTEND_JAVA_OPTS, its own options in FRONTEND_OPTS); the sandbox node and its
# relay run in another. TESTS and ROUNDS narrow a comparison (defaults: both tests, 3 rounds).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-compare}
mvn -B -q install -DskipTests
jar=$(ls driver/target/obproxy-jdbc-*-all.jar)

if [ "$what" = idle ]; then
  mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
  exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.obproxy.bench.FrontendIdleConnections \
    "${2:-10000}" "${3:-java}" "${4:-512m}" "$jar"
fi

seconds=${2:-15}
java_bin=${3:-java}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# a one-node sandbox: its node's address is its relay, which every path below goes through; it runs
# until its input ends (or SIGTERM), so its input is a pipe held open by this script
mkfifo "$work/sandbox.in"
java -jar sandbox/target/obproxy-sandbox.jar --nodes 1 < "$work/sandbox.in" > "$work/sandbox.out" 2> "$work/sandbox.err" &
pids+=($!)
exec 3> "$work/sandbox.in"
for _ in $(seq 1 120); do grep -q '^ready' "$work/sandbox.out" 2>/dev/null && break; sleep 1; done
node=$(awk '/^node 1/{print $3}' "$work/sandbox.out")
user=$(awk '/^user/{print $2}' "$work/sandbox.out")
password=$(awk '/^user/{print $3}' "$work/sandbox.out")

haproxy_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/haproxy.cfg" <<CFG
global
    maxconn 4096
defaults
    mode tcp
    timeout connect 5s
    timeout client 1h
    timeout server 1h
listen mysql
    bind 127.0.0.1:$haproxy_port
    server node1 $node
CFG
haproxy -f "$work/haproxy.cfg" -db > "$work/haproxy.log" 2>&1 &
pids+=($!)

echo "$user $password" > "$work/users"
# shellcheck disable=SC2086
"$java_bin" ${FRONTEND_JAVA_OPTS:-} -jar "$jar" --listen 127.0.0.1:0 --url "jdbc:obproxy://$node/test" \
  --users "$work/users" ${FRONTEND_OPTS:-} > "$work/frontend.out" 2> "$work/frontend.err" &
pids+=($!)
for _ in $(seq 1 60); do grep -q '^ready' "$work/frontend.out" 2>/dev/null && break; sleep 1; done
frontend_port=$(awk '/^frontend/{split($2,a,":"); print a[2]}' "$work/frontend.out")

declare -A port=([direct]=${node##*:} [haproxy]=$haproxy_port [frontend]=$frontend_port)
common=(--mysql-host=127.0.0.1 --mysql-user="$user" --mysql-password="$password" --mysql-db=test
        --tables=4 --table-size=10000 --threads=4 --mysql-ignore-errors=1213)
sysbench oltp_read_write "${common[@]}" --mysql-port="${port[direct]}" prepare > /dev/null

run() { # test path seconds -> "tps p95"
  sysbench "$1" "${common[@]}" --mysql-port="${port[$2]}" --time="$3" run 2>&1 |
    awk '/transactions:/{gsub("\\(","",$3); tps=$3} /95th percentile/{p95=$3} END{print tps, p95}'
}
median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

echo "front end: $("$java_bin" -version 2>&1 | head -1) ${FRONTEND_JAVA_OPTS:-} ${FRONTEND_OPTS:-}; $(nproc) cores;" \
     "${seconds} s a run; $(grep -o '[a-z]* threads' "$work/frontend.err" | head -1)"
for test in ${TESTS:-oltp_point_select oltp_read_write}; do
  for path in direct haproxy frontend; do run "$test" "$path" "$seconds" > /dev/null; done   # warm-up
  for round in $(seq 1 "${ROUNDS:-3}"); do
    for path in direct haproxy frontend; do
      read -r tps p95 < <(run "$test" "$path" "$seconds")
      echo "$tps" >> "$work/$test.$path.tps"; echo "$p95" >> "$work/$test.$path.p95"
      echo "  $test round $round $path: $tps tps, p95 $p95 ms"
    done
  done
  for path in direct haproxy frontend; do
    printf -v "tps_$path" '%s' "$(median < "$work/$test.$path.tps")"
    printf -v "p95_$path" '%s' "$(median < "$work/$test.$path.p95")"
  done
  echo "$test medians: direct $tps_direct tps p95 $p95_direct ms; haproxy $tps_haproxy tps p95 $p95_haproxy ms;" \
       "front end $tps_frontend tps p95 $p95_frontend ms"
  awk -v f="$tps_frontend" -v h="$tps_haproxy" -v pf="$p95_frontend" -v ph="$p95_haproxy" \
    'BEGIN{printf "  front end / haproxy: throughput %.2fx, p95 %.2fx\n", f/h, pf/ph}'
done
sysbench oltp_read_write "${common[@]}" --mysql-port="${port[direct]}" cleanup > /dev/null
