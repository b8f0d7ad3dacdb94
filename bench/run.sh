#!/usr/bin/env bash
# Callout benchmark: builds the service jar and the bench module, runs the four scenarios against the real
# service (sandbox mode, loopback), prints a table and writes BENCHMARKS.md at the repository root.
# Callout is started with bin/callout (JVM options from bin/jvm.options, the build's class-data-sharing archive);
# CALLOUT_JVM_OPTS are added after those and win. Options are Java system properties for the bench, e.g.
#   BENCH_OPTS="-Dbench.storm.count=2000" CALLOUT_JVM_OPTS="-Xmx256m" bash bench/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
MVN_OFFLINE="${MVN_OFFLINE:--o}"
# offline first (fast); on a fresh machine whose ~/.m2 lacks something, once more with downloads
mvn -q $MVN_OFFLINE -DskipTests package || mvn -q -DskipTests package
mvn -q $MVN_OFFLINE -f bench/pom.xml package || mvn -q -f bench/pom.xml package
exec java -Xmx1g -cp "$root/bench/target/callout-bench.jar:$root/bench/target/lib/*" \
  -Dbench.root="$root" -Dbench.callout.jvm="${CALLOUT_JVM_OPTS:-}" ${BENCH_OPTS:-} bench.Bench
