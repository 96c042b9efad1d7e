#!/usr/bin/env bash
# End-to-end benchmark of the whole system on this machine (not a test): prints latency
# percentiles and throughput. Arguments: rate rooms subscribers seconds warmup
#   ./benchmark.sh 2000 10 5 30 60
# ROOMCAST_JVM_GC replaces the garbage collector options of every JVM it starts, e.g.
#   ROOMCAST_JVM_GC="-XX:+UseG1GC -Xlog:gc:file=/tmp/gc-%p.log" ./benchmark.sh 2000 10 5 30 60
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -B package -DskipTests -Dspring-javaformat.skip=true
# the driver runs in Maven's JVM: it gets the same collector options as the system's JVMs
MAVEN_OPTS="${MAVEN_OPTS:-} ${ROOMCAST_JVM_GC:--XX:+UseSerialGC -Xmn48m}" ./mvnw -q -B -pl system-tests exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.roomcast.system.bench.LatencyBenchmark -Dexec.args="$*" -Droomcast.root="$PWD" \
  ${ROOMCAST_JVM_GC:+"-Droomcast.jvm.gc=$ROOMCAST_JVM_GC"}
