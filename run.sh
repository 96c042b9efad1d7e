#!/usr/bin/env bash
# Runs the whole of Roomcast on this machine: builds what changed since the last run, starts a
# real Kafka broker, Redis and the MongoDB-compatible store, then the four services; prints the
# start-up timings and the URL once all are healthy. Ctrl-C stops everything it started.
#   ./run.sh            run it
#   ./run.sh --demo     run it and add demo users with contacts, a group and messages
# ROOMCAST_JAVA_OPTS adds options to the launcher, e.g. -Droomcast.service.heap=256m
set -euo pipefail
cd "$(dirname "$0")"

now_ms() {
  local ms
  ms=$(date +%s%3N)
  case "$ms" in *N) echo "$(date +%s)000" ;; *) echo "$ms" ;; esac
}
started_at=$(now_ms)

if [ -f .data/run.pid ] && kill -0 "$(cat .data/run.pid)" 2>/dev/null; then
  echo "Roomcast is already running (pid $(cat .data/run.pid)): open http://localhost:8080/ or stop it with Ctrl-C in its terminal." >&2
  exit 2
fi

# Build only what changed since the last successful build here (the stamp): a file of a module's
# pom or src/main newer than the stamp. A change to a service rebuilds that service (with what it
# depends on, unchanged and quick); a change to a shared module (events, session, infra) or to the
# parent pom rebuilds everything.
stamp=target/run-build.stamp
shared=(events session kafka-support infra)
services=(account-service chat-service persistence-service gateway)
changed=()
full=false
if [ ! -f "$stamp" ] || [ -n "$(find pom.xml .mvn -newer "$stamp" 2>/dev/null | head -n 1)" ]; then
  full=true
fi
for jar in account-service/target/account-service.jar chat-service/target/chat-service.jar \
  persistence-service/target/persistence-service.jar gateway/target/gateway.jar infra/target/launcher-libs; do
  [ -e "$jar" ] || full=true
done
newer() {
  [ -n "$(find "$1/pom.xml" "$1/src/main" -newer "$stamp" 2>/dev/null | head -n 1)" ]
}
if [ "$full" = false ]; then
  for module in "${shared[@]}"; do
    if newer "$module"; then full=true; fi
  done
  for module in "${services[@]}"; do
    if newer "$module"; then changed+=("$module"); fi
  done
fi
build_at=$(now_ms)
if [ "$full" = true ] || [ ${#changed[@]} -gt 0 ]; then
  mkdir -p target
  touch target/run-build.started
  # compiled output of the modules to build goes first: Maven does not remove a resource that
  # was deleted from src/main (a stale META-INF/spring.factories naming a removed class stops
  # a service from starting)
  if [ "$full" = true ]; then
    rm -rf ./*/target/classes
    echo "Building Roomcast (a first run also downloads the dependencies)..."
    ./mvnw -q -B package -Dmaven.test.skip=true -Dspring-javaformat.skip=true -pl '!system-tests'
    what="all modules"
  else
    for module in "${changed[@]}"; do rm -rf "$module/target/classes"; done
    what=$(IFS=,; echo "${changed[*]}")
    echo "Building what changed: $what..."
    ./mvnw -q -B package -Dmaven.test.skip=true -Dspring-javaformat.skip=true -pl "$what" -am
  fi
  mv target/run-build.started "$stamp"
  build="$(( ($(now_ms) - build_at) / 1000 )) s ($what)"
else
  build="skipped: nothing changed since the last build"
fi

# shellcheck disable=SC2206
launcher=(java ${ROOMCAST_JAVA_OPTS:-} -Droomcast.root="$PWD" -Droomcast.run.started-at="$started_at"
  -Droomcast.run.build="$build" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -cp "infra/target/classes:infra/target/launcher-libs/*" dev.roomcast.infra.launcher.RoomcastLauncher "$@")
if ! command -v setsid >/dev/null; then
  exec "${launcher[@]}"
fi
# The launcher and everything it starts run in a session of their own, so that Ctrl-C reaches
# only the launcher (as SIGTERM), which stops the services first and then the servers under them.
# In the terminal's process group, Ctrl-C would stop Kafka and Redis at once, and the services,
# hanging in their graceful shutdown without them, would be killed and lose their class archives.
setsid "${launcher[@]}" &
pid=$!
interrupted=false
trap 'interrupted=true; kill -TERM "$pid" 2>/dev/null || true' INT
trap 'kill -TERM "$pid" 2>/dev/null || true' TERM
status=0
while kill -0 "$pid" 2>/dev/null; do
  status=0
  wait "$pid" || status=$?
done
# Ctrl-C ends with the shell's usual status for it (130), not the launcher's SIGTERM one
if [ "$interrupted" = true ]; then
  exit 130
fi
exit "$status"
