#!/usr/bin/env bash
# The chaos suite (not part of ./test.sh): the whole system on real servers under a steady
# load, with faults injected one after the other (kill -9 of the Kafka broker, of one of two
# gateways, of persistence-service and chat-service; Redis restarted, and Redis losing its
# data), an outside checker asserting what must hold. Prints each scenario's figures; the
# measured table is in docs/reliability.md. Arguments go to Maven, e.g.
#   ./chaos.sh -Droomcast.chaos.rate=300 -Droomcast.chaos.high-rate=500 -Droomcast.chaos.rooms=4
#   ./chaos.sh -Dtest='ChaosSystemTests#kafka*'
set -euo pipefail
cd "$(dirname "$0")"

results=system-tests/target/chaos-results.md
rm -f "$results"
status=0
# the whole reactor: the services' jars are built from this checkout; only the suite runs
./mvnw -B verify -Pchaos -Dtest=ChaosSystemTests \
  -Dsurefire.failIfNoSpecifiedTests=false "$@" || status=$?
echo
echo "Chaos suite figures ($results; the logs: system-tests/target/surefire-reports, service-logs):"
cat "$results" 2>/dev/null || echo "(no scenario finished)"
exit "$status"
