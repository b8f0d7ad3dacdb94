#!/usr/bin/env bash
# Chaos bench (issue #19): the suite's cluster.ChaosTest at bench size. Three Callout processes on one PostgreSQL
# schema, one sandbox process, alarms over HTTP (spread over the instances) and MQTT (the local Mosquitto, when it
# runs) while a loop kills -9 a random instance and starts it again; then the figures (alarms stored, steps
# notified, doubles, missing, lateness, kills, singleton leadership) are printed. Needs PostgreSQL on 127.0.0.1:5432.
#
#   bash bench/chaos.sh                      # 3,000 alarms over 5 minutes (10 a second)
#   ALARMS=1000 STORM=PT60S bash bench/chaos.sh
#
# Builds offline (mvn -o test-compile) and runs the one test class; the lines starting "chaos:" are the figures
# (also in target/surefire-reports/cluster.ChaosTest-output.txt).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx768m}"
MVN_OFFLINE="${MVN_OFFLINE:--o}"
status=0
mvn -B -q $MVN_OFFLINE test -Dtest=ChaosTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcallout.chaos.alarms="${ALARMS:-3000}" -Dcallout.chaos.storm="${STORM:-PT300S}" \
  ${SEED:+-Dcallout.chaos.seed=$SEED} 2>&1 | grep -E '^(chaos:|\[SKIPPED\]|\[ERROR\] (Tests run|  ChaosTest))' || status=$?
# grep's status is no verdict: the test's is in the report
if grep -q 'failures="0"' target/surefire-reports/TEST-cluster.ChaosTest.xml 2>/dev/null \
    && grep -q 'errors="0"' target/surefire-reports/TEST-cluster.ChaosTest.xml; then
  echo "chaos bench: passed"
else
  echo "chaos bench: FAILED (see target/surefire-reports/cluster.ChaosTest.txt)"
  exit 1
fi
