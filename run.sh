#!/usr/bin/env bash
# Runs the whole of Roomcast on this machine: builds what is needed, starts a real Kafka broker,
# Redis and the MongoDB-compatible store, then the four services; prints the URL once all are
# healthy. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")"

if [ -f .data/run.pid ] && kill -0 "$(cat .data/run.pid)" 2>/dev/null; then
  echo "Roomcast is already running (pid $(cat .data/run.pid)): open http://localhost:8080/ or stop it with Ctrl-C in its terminal." >&2
  exit 2
fi

echo "Building Roomcast (first run downloads dependencies)..."
./mvnw -q -B package -Dmaven.test.skip=true -Dspring-javaformat.skip=true

exec java -Droomcast.root="$PWD" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "infra/target/classes:infra/target/launcher-libs/*" dev.roomcast.infra.launcher.RoomcastLauncher "$@"
