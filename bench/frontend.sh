#!/usr/bin/env bash
# Front-end measurements (docs/benchmarks.md, "Front end"):
#   bench/frontend.sh compare [seconds] [java]   sysbench oltp_point_select, oltp_read_only and oltp_read_write
#                                                at 4 and 16 threads: direct to the node, through HAProxy (TCP
#                                                mode), through the front end passing replies through
#                                                (frontend) and decoding them (decode: --pass-through off); a
#                                                warm-up each, then 3 rounds in turn; medians, ratios, and CPU
#                                                and thread switches per query of HAProxy and both front ends
#   bench/frontend.sh alloc [seconds] [java]     heap allocated per query by the front end, passing replies
#                                                through and decoding them (JFR's per-thread allocation
#                                                counters around one sysbench run per test, 4 threads)
#   bench/frontend.sh idle [clients] [java] [heap]   idle clients held, memory per client (FrontendIdleConnections)
# Needs sysbench and haproxy (Debian packages). The front end runs in its own JVM ([java], default: the one on
# the PATH; options for it in FRONTEND_JAVA_OPTS, its own options in FRONTEND_OPTS); the sandbox node and its
# relay run in another. TESTS, THREADS and ROUNDS narrow a comparison (defaults: the three tests, "4 16",
# 3 rounds), WARMUP sets each path's warm-up run in seconds (5), JIT_WARMUP a first run of every test on each
# front end before any measurement (0: none); SYSBENCH_OPTS adds sysbench options (--db-ps-mode=disable: texts instead of prepared statements).
# RELAY=1 adds two paths through a byte relay that knows nothing of MySQL (bench's ByteRelay, in a JVM of its own):
# relay (a thread per direction, the front end's model) and loop (two event loops, HAProxy's model), the floor of a
# Java proxy here. BEFORE_JAR=<an -all.jar of another build> adds the path before: that build's front end, passing
# replies through, for a comparison of two builds in the same run. PATHS narrows and orders the paths measured (e.g.
# "frontend before": an A/B of two builds with more rounds in the same time). Per query, CPU is reported with its
# user-mode part (the proxy's own code, beside the kernel's).
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
echo $! > "$work/haproxy.pid"
pids+=($!)

echo "$user $password" > "$work/users"
start_frontend() { # name jar extra-options...: a front end in a JVM of its own, waited for until ready
  local name=$1 front_end_jar=$2; shift 2
  # shellcheck disable=SC2086
  "$java_bin" ${FRONTEND_JAVA_OPTS:-} -jar "$front_end_jar" --listen 127.0.0.1:0 --url "jdbc:obproxy://$node/test" \
    --users "$work/users" ${FRONTEND_OPTS:-} "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=($!)
  echo $! > "$work/$name.pid"
  for _ in $(seq 1 60); do grep -q '^ready' "$work/$name.out" 2>/dev/null && break; sleep 1; done
}
start_frontend frontend "$jar" --pass-through on
start_frontend decode "$jar" --pass-through off
frontend_port() { awk '/^frontend/{split($2,a,":"); print a[2]}' "$work/$1.out"; }

declare -A port=([direct]=${node##*:} [haproxy]=$haproxy_port [frontend]=$(frontend_port frontend)
                 [decode]=$(frontend_port decode))
paths=(direct haproxy frontend decode)
if [ -n "${BEFORE_JAR:-}" ]; then
  start_frontend before "$BEFORE_JAR" --pass-through on
  port[before]=$(frontend_port before)
  paths+=(before)
fi
if [ "${RELAY:-0}" = 1 ]; then
  for relay in relay:threads loop:loop:2; do
    name=${relay%%:*}
    "$java_bin" -cp bench/target/classes io.obproxy.bench.ByteRelay "${relay#*:}" 0 "$node" > "$work/$name.out" 2>&1 &
    pids+=($!)
    echo $! > "$work/$name.pid"
    for _ in $(seq 1 30); do grep -q '^ready' "$work/$name.out" 2>/dev/null && break; sleep 1; done
    port[$name]=$(awk '/^listening/{print $2}' "$work/$name.out")
    paths+=("$name")
  done
fi
if [ -n "${PATHS:-}" ]; then
  read -r -a paths <<< "$PATHS"  # narrowed: only these, in this order
fi
proxies=()  # the paths through a proxy process of this script's: not direct, not HAProxy
for path in "${paths[@]}"; do
  case "$path" in direct|haproxy) ;; *) proxies+=("$path") ;; esac
done
common=(--mysql-host=127.0.0.1 --mysql-user="$user" --mysql-password="$password" --mysql-db=test
        --tables=4 --table-size=10000 --mysql-ignore-errors=1213 ${SYSBENCH_OPTS:-})
sysbench oltp_read_write "${common[@]}" --mysql-port="${port[direct]}" prepare > /dev/null

cpu() { # pid -> "all user" clock ticks used so far (user + system, and user alone)
  awk '{print $14 + $15, $14}' "/proc/$1/stat"
}
switches() { # pid -> "tid switches" per live thread so far (voluntary and not)
  local task
  for task in /proc/"$1"/task/*; do
    awk -v tid="${task##*/}" '/ctxt_switches/{s += $2} END{print tid, s + 0}' "$task/status" 2>/dev/null || true
  done
}
switched() { # before-file after-file -> switches between them: threads in both, and new ones from zero
  awk 'NR == FNR {before[$1] = $2; next} {s += $2 - ($1 in before ? before[$1] : 0)} END{print s + 0}' "$1" "$2"
}
run() { # test path threads seconds -> "tps p95 cpu-us-per-query switches-per-query user-cpu-us-per-query" (of the
  # proxy, else 0)
  local pidfile="$work/$2.pid" before=0 user_before=0 out
  [ -f "$pidfile" ] && read -r before user_before < <(cpu "$(cat "$pidfile")") &&
    switches "$(cat "$pidfile")" > "$work/switches.before"
  out=$(sysbench "$1" "${common[@]}" --threads="$3" --mysql-port="${port[$2]}" --time="$4" run 2>&1) ||
    echo "sysbench failed: $1, $3 threads, $2: $(grep -m3 -iE 'fatal|error' <<< "$out")" >&2
  local used=0 user=0 sw=0 all user_now
  if [ -f "$pidfile" ]; then
    read -r all user_now < <(cpu "$(cat "$pidfile")")
    used=$(( all - before )) user=$(( user_now - user_before ))
    switches "$(cat "$pidfile")" > "$work/switches.after"
    sw=$(switched "$work/switches.before" "$work/switches.after")  # a thread that ended meanwhile does not count
  fi
  awk -v used="$used" -v user="$user" -v sw="$sw" -v hz="$(getconf CLK_TCK)" '/transactions:/{gsub("\\(","",$3); tps=$3}
    /queries:/{q=$2} /95th percentile/{p95=$3}
    END{printf "%s %s %.1f %.2f %.1f\n", tps, p95, (q > 0 ? used * 1e6 / hz / q : 0), (q > 0 ? sw / q : 0),
      (q > 0 ? user * 1e6 / hz / q : 0)}' <<< "$out"
}
median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

if [ "$what" = alloc ]; then
  cat > "$work/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
</configuration>
JFC
  for test in ${TESTS:-oltp_point_select oltp_read_write}; do
    for path in frontend decode; do
      pid=$(cat "$work/$path.pid")
      sysbench "$test" "${common[@]}" --threads=4 --mysql-port="${port[$path]}" --time=5 run > /dev/null  # warm-up
      jcmd "$pid" JFR.start name=alloc settings="$work/alloc.jfc" filename="$work/$path.jfr" > /dev/null
      sleep 1.5  # a first sample of every thread's counter
      queries=$(sysbench "$test" "${common[@]}" --threads=4 --mysql-port="${port[$path]}" --time="$seconds" run |
        awk '/queries:/{print $2}')
      sleep 1.5
      jcmd "$pid" JFR.stop name=alloc > /dev/null
      jfr print --json --events jdk.ThreadAllocationStatistics "$work/$path.jfr" | python3 -c '
import json, sys
events = sorted(json.load(sys.stdin)["recording"]["events"], key=lambda e: e["values"]["startTime"])
opening = events[0]["values"]["startTime"][:19]  # the first sample: threads alive before the run
first, last = {}, {}
for event in events:
    values = event["values"]
    thread = values["thread"]["javaThreadId"]
    # a thread first seen later started during the run (a client connection): from zero
    first.setdefault(thread, values["allocated"] if values["startTime"][:19] == opening else 0)
    last[thread] = values["allocated"]
total = sum(last[t] - first[t] for t in last)
print("%s %s: %d queries, %.0f bytes allocated per query" % (sys.argv[1], sys.argv[2], int(sys.argv[3]), total / int(sys.argv[3])))
' "$test" "$path" "$queries"
    done
  done
  sysbench oltp_read_write "${common[@]}" --mysql-port="${port[direct]}" cleanup > /dev/null
  exit 0
fi

echo "front end: $("$java_bin" -version 2>&1 | head -1) ${FRONTEND_JAVA_OPTS:-} ${FRONTEND_OPTS:-}; $(nproc) cores;" \
     "${seconds} s a run; $(grep -o '[a-z]* threads' "$work/frontend.err" | head -1); sysbench ${SYSBENCH_OPTS:-}"
# the JVMs' compilers at their steady state first: JIT_WARMUP seconds of every test on each front end
if [ "${JIT_WARMUP:-0}" -gt 0 ]; then
  for test in ${TESTS:-oltp_point_select oltp_read_only oltp_read_write}; do
    for path in "${proxies[@]}"; do run "$test" "$path" 16 "$JIT_WARMUP" > /dev/null; done  # the JVMs' paths
  done
fi
for test in ${TESTS:-oltp_point_select oltp_read_only oltp_read_write}; do
  for threads in ${THREADS:-4 16}; do
    key="$test.$threads"
    for path in "${paths[@]}"; do run "$test" "$path" "$threads" "${WARMUP:-5}" > /dev/null; done   # warm-up
    for round in $(seq 1 "${ROUNDS:-3}"); do
      for path in "${paths[@]}"; do
        read -r tps p95 us sw user < <(run "$test" "$path" "$threads" "$seconds")
        echo "$tps" >> "$work/$key.$path.tps"; echo "$p95" >> "$work/$key.$path.p95"; echo "$us" >> "$work/$key.$path.us"
        echo "$sw" >> "$work/$key.$path.sw"; echo "$user" >> "$work/$key.$path.user"
        echo "  $test $threads threads round $round $path: $tps tps, p95 $p95 ms, $us us CPU ($user us user) and $sw" \
             "thread switches per query"
      done
    done
    line="$test $threads threads medians:"
    for path in "${paths[@]}"; do
      printf -v "tps_$path" '%s' "$(median < "$work/$key.$path.tps")"
      printf -v "p95_$path" '%s' "$(median < "$work/$key.$path.p95")"
      printf -v "us_$path" '%s' "$(median < "$work/$key.$path.us")"
      printf -v "sw_$path" '%s' "$(median < "$work/$key.$path.sw")"
      printf -v "user_$path" '%s' "$(median < "$work/$key.$path.user")"
      tps_var="tps_$path"; p95_var="p95_$path"; us_var="us_$path"; sw_var="sw_$path"; user_var="user_$path"
      line+=" $path ${!tps_var} tps p95 ${!p95_var} ms cpu ${!us_var} us (user ${!user_var}) switches ${!sw_var};"
    done
    echo "$line"
    if [ -n "${tps_haproxy:-}" ]; then
      for path in "${proxies[@]}"; do  # every proxy but HAProxy, against it
        tps_var="tps_$path"; p95_var="p95_$path"
        awk -v name="$path" -v t="${!tps_var}" -v h="$tps_haproxy" -v p="${!p95_var}" -v ph="$p95_haproxy" \
          'BEGIN{printf "  %s / haproxy: throughput %.2fx p95 %.2fx\n", name, t/h, p/ph}'
      done
    fi
  done
done
sysbench oltp_read_write "${common[@]}" --mysql-port="${port[direct]}" cleanup > /dev/null
