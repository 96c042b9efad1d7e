#!/usr/bin/env bash
# End-to-end benchmark of the whole system on this machine (not a test); docs/benchmarks.md.
#   ./benchmark.sh RATE ROOMS SUBSCRIBERS SECONDS WARMUP        e.g. ./benchmark.sh 2000 10 5 30 60
#     latency percentiles with the cores' idle share, throughput, CPU per process (% of a core
#     and CPU-ms per message sent, all but the driver and with it)
#   ./benchmark.sh ramp ROOMS SUBSCRIBERS [START] [STEP] [STEP_SECONDS] [MAX]
#     e.g. ./benchmark.sh ramp 10 5 250 250 15 5000: one start, rates rising by STEP until a step's
#     p99 reaches 250 ms or a delivery is lost or late or out of order; prints each step and the knee
#   ./benchmark.sh cold RATE ROOMS SUBSCRIBERS SECONDS           e.g. ./benchmark.sh cold 1000 10 5 120
#     start-up time, then RATE at once with no warm-up: p99, deliveries and backlog of every second,
#     the second from which p99 stays < 250 ms, the backlog at 90 s
#   ./benchmark.sh idle [SESSIONS] [ROOM_SIZE] [MESSAGES] [RATE]  e.g. ./benchmark.sh idle 10000 1000
#     SESSIONS idle signed-in sessions on one gateway (20 per user), ROOM_SIZE of them in one room:
#     the gateway's RSS and heap before and after, per session; then MESSAGES (100) at RATE/s (10)
#     into that room: p50/p99 of their delivery to every one of its sessions
#   ./benchmark.sh replay events=1000000 rooms=100               the audit replay (ReplayBenchmark)
# ROOMCAST_ROOT=/path/to/other/checkout runs this checkout's driver against the system of another
# checkout, built there with ./mvnw -q -B package -DskipTests: its services' jars, its servers'
# libraries, and its infra and events classes (the servers' settings, the topics, the services'
# command lines), for A/B runs on one machine. ROOMCAST_ROOT_INFRA=driver keeps this checkout's
# infra and events classes instead (only jars and server libraries from there).
# ROOMCAST_JVM_GC replaces the garbage collector options of every JVM it starts, e.g.
#   ROOMCAST_JVM_GC="-XX:+UseG1GC -Xlog:gc:file=/tmp/gc-%p.log" ./benchmark.sh 2000 10 5 30 60
# ROOMCAST_BENCH_OPTS adds JVM options to the driver, e.g. -Droomcast.jvm.gc.kafka=...
set -euo pipefail
cd "$(dirname "$0")"
# the audit replay over a long log (persistence-service's ReplayBenchmark: events/s, CPU, peak heap)
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
# ROOMCAST_SKIP_BUILD=1 reuses the last build (runs alternating with another checkout's).
if [ -z "${ROOMCAST_SKIP_BUILD:-}" ] || [ ! -f system-tests/target/benchmark-classpath.txt ]; then
  ./mvnw -q -B package dependency:build-classpath -DskipTests -Dspring-javaformat.skip=true \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark-classpath.txt
fi
classpath="system-tests/target/test-classes:$(cat system-tests/target/benchmark-classpath.txt)"
main=dev.roomcast.system.bench.LatencyBenchmark
case "${1:-}" in
  ramp) main=dev.roomcast.system.bench.RampBenchmark; shift ;;
  cold) main=dev.roomcast.system.bench.ColdStartBenchmark; shift ;;
  idle) main=dev.roomcast.system.bench.IdleSessionsBenchmark; shift ;;
esac
root="$PWD"
if [ -n "${ROOMCAST_ROOT:-}" ]; then
  root="$(cd "$ROOMCAST_ROOT" && pwd)"
  for built in gateway/target/gateway.jar chat-service/target/chat-service.jar account-service/target/account-service.jar \
    persistence-service/target/persistence-service.jar infra/target/server-libs infra/target/classes events/target/classes; do
    if [ ! -e "$root/$built" ]; then
      echo "$root/$built is missing: build that checkout first (./mvnw -q -B package -DskipTests there)" >&2
      exit 1
    fi
  done
  if [ "${ROOMCAST_ROOT_INFRA:-}" != driver ] && [ "$root" != "$PWD" ]; then
    # the other checkout's infra and events in place of this one's, ahead of everything else
    classpath="$root/infra/target/classes:$root/events/target/classes:$(echo "$classpath" | tr ':' '\n' \
      | grep -v -e "^$PWD/infra/target/" -e "^$PWD/events/target/" | paste -sd:)"
  fi
fi
# the driver gets the same collector options as the system's JVMs
# shellcheck disable=SC2086
exec java ${ROOMCAST_JVM_GC:--XX:+UseSerialGC -Xmn48m} ${ROOMCAST_BENCH_OPTS:-} -Droomcast.root="$root" \
  ${ROOMCAST_JVM_GC:+"-Droomcast.jvm.gc=$ROOMCAST_JVM_GC"} -cp "$classpath" "$main" "$@"
