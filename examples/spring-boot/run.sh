#!/usr/bin/env bash
# Builds the sandbox and the example, starts a 3-node sandbox cluster, and runs the example against
# it with only the cluster's URL and credentials. Arguments go to the example (Spring Boot options),
# e.g. --server.port=8081, or --spring.main.web-application-type=none to stop after the demo.
# The cluster stops when the example does (Ctrl-C).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

mvn -B -q -pl sandbox,examples/spring-boot -am package -DskipTests

work="$(mktemp -d)"
mkfifo "$work/input"
# The sandbox runs until its input ends: this script holds the input open on fd 3 and closes it on exit.
java -jar sandbox/target/obproxy-sandbox.jar --nodes 3 --password example <"$work/input" >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox=$!
exec 3>"$work/input"
stop() {
  exec 3>&-
  wait "$sandbox" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

until grep -q '^ready' "$work/sandbox.out"; do
  if ! kill -0 "$sandbox" 2>/dev/null; then
    echo "run.sh: the sandbox did not start:" >&2
    cat "$work/sandbox.err" >&2
    exit 1
  fi
  sleep 1
done
url="$(awk '$1 == "jdbc" { print $2 }' "$work/sandbox.out")"
user="$(awk '$1 == "user" { print $2 }' "$work/sandbox.out")"
echo "run.sh: sandbox cluster up, ${url%%\?*} as $user"

java -jar examples/spring-boot/target/obproxy-spring-boot-example.jar \
  --spring.datasource.url="${url%%\?*}" \
  --spring.datasource.username="$user" \
  --spring.datasource.password=example \
  "$@"
