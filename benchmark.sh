#!/usr/bin/env bash
# End-to-end benchmark of the whole system on this machine (not a test): prints latency
# percentiles and throughput. Arguments: rate rooms subscribers seconds warmup
#   ./benchmark.sh 2000 10 5 30 60
# ROOMCAST_JVM_GC replaces the garbage collector options of every JVM it starts, e.g.
#   ROOMCAST_JVM_GC="-XX:+UseG1GC -Xlog:gc:file=/tmp/gc-%p.log" ./benchmark.sh 2000 10 5 30 60
# ROOMCAST_BENCH_OPTS adds JVM options to the driver, e.g. -Droomcast.jvm.gc.kafka=...
set -euo pipefail
cd "$(dirname "$0")"
# ./benchmark.sh replay events=1000000 rooms=100: the audit replay over a long log instead
# (persistence-service's ReplayBenchmark: events/s, CPU, peak heap; docs/benchmarks.md)
if [ "${1:-}" = replay ]; then
  shift
  ./mvnw -q -B -pl persistence-service -am package -DskipTests dependency:build-classpath \
    -Dspring-javaformat.skip=true -Dmdep.includeScope=test -Dmdep.outputFile=target/replay-benchmark-classpath.txt
  exec java -XX:+UseSerialGC ${ROOMCAST_BENCH_OPTS:-} -cp \
    "persistence-service/target/test-classes:persistence-service/target/classes:$(cat persistence-service/target/replay-benchmark-classpath.txt)" \
    dev.roomcast.persistence.audit.ReplayBenchmark "$@"
fi
# One reactor build: the services' jars, the driver's classes, and the driver's classpath with
# the project's own modules taken from their target folders (nothing is installed into ~/.m2).
./mvnw -q -B package dependency:build-classpath -DskipTests -Dspring-javaformat.skip=true \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark-classpath.txt
classpath="system-tests/target/test-classes:$(cat system-tests/target/benchmark-classpath.txt)"
# the driver gets the same collector options as the system's JVMs
# shellcheck disable=SC2086
exec java ${ROOMCAST_JVM_GC:--XX:+UseSerialGC -Xmn48m} ${ROOMCAST_BENCH_OPTS:-} -Droomcast.root="$PWD" \
  ${ROOMCAST_JVM_GC:+"-Droomcast.jvm.gc=$ROOMCAST_JVM_GC"} -cp "$classpath" \
  dev.roomcast.system.bench.LatencyBenchmark "$@"
