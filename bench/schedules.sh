#!/usr/bin/env bash
# Schedule benchmark: who is on call for 1,000 schedules of 3 layers and 100 overrides each, on the pure resolver.
# Compiles the service classes (no jar, no database, no server) and runs bench/schedule/ScheduleBench.java as a
# single-file program on them; a few seconds. Options: -Dbench.schedules=1000 -Dbench.overrides=100 -Dbench.rounds=200
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q -o compile || mvn -q compile
exec java -Xmx512m "$@" -cp "$root/target/classes" "$root/bench/schedule/ScheduleBench.java"
