#!/usr/bin/env bash
# Runs the JMH benchmarks: bench/run.sh [JMH options], for example
#   bench/run.sh WrapperOverhead -rf json -rff bench/results/wrapper.json
# JMH forks JVMs, so it needs a plain class path rather than Maven's class loader.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main "$@"
