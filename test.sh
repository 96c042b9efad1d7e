#!/usr/bin/env bash
# Runs every test: first installs, where missing, the programs the tests need besides Java
# (Debian/Ubuntu packages: redis-server, chromium and chromium-driver for the browser test,
# prometheus for promtool's alert-rule tests), then the Maven build. Arguments go to Maven:
#   ./test.sh                      the whole suite
#   ./test.sh -pl gateway -am      one module and what it needs
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v promtool >/dev/null || need+=(prometheus)
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "The tests need ${need[*]} and this is not a Debian/Ubuntu machine: install them with your package manager" >&2
    echo "(macOS: brew install redis chromium chromedriver prometheus), then run ./test.sh again." >&2
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  echo "Installing what the tests need: ${need[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

exec ./mvnw verify "$@"
