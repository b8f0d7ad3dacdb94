#!/usr/bin/env bash
# Issues #19 and #17: sustained notifications/s on H2 (one instance), PostgreSQL (one instance) and PostgreSQL with two
# instances (separate JVMs, one schema), all sharing one standalone sandbox (bin/callout-sandbox) and one load
# generator; then the 10,000-alarm storm with storm control on. Needs the local PostgreSQL (127.0.0.1:5432, trust,
# db test; each configuration gets a throw-away schema). Options are Java system properties in BENCH_OPTS, e.g.
#   BENCH_OPTS="-Dbench.pg.configs=pg1,pg2 -Dbench.pg.passes=1" bash bench/pg.sh
# Extra JVM options for every Callout instance in CALLOUT_JVM_OPTS (after bin/jvm.options's, so they win).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
MVN_OFFLINE="${MVN_OFFLINE:--o}"
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -q $MVN_OFFLINE -DskipTests package || mvn -q -DskipTests package
  mvn -q $MVN_OFFLINE -f bench/pom.xml package || mvn -q -f bench/pom.xml package
fi
exec java -Xmx512m -cp "$root/bench/target/callout-bench.jar:$root/bench/target/lib/*" \
  -Dbench.root="$root" -Dbench.callout.jvm="${CALLOUT_JVM_OPTS:-}" ${BENCH_OPTS:-} bench.PgBench
