#!/usr/bin/env bash
# test.sh — THE test command: starts a real single-node Kafka (scripts/kafka.sh),
# installs Prometheus if missing, runs go vet, a short fuzz pass and the whole
# Go test suite against the broker (NEWSENRICH_TEST_BROKERS),
# and stops the broker again, also on failure or interrupt.
#
#   bash scripts/test.sh [go test flags...]     e.g. bash scripts/test.sh -run Kafka -v
#
# Without Java/Maven the real-Kafka suite cannot run, and this script fails:
# plain `go test ./...` runs everything that needs only Go.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export KAFKA_PORT="${KAFKA_PORT:-19092}"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"

cleanup() {
  local rc=$?
  bash scripts/kafka.sh stop || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== starting Kafka"
brokers="$(bash scripts/kafka.sh start)"
export NEWSENRICH_TEST_BROKERS="$brokers"
echo "   NEWSENRICH_TEST_BROKERS=$NEWSENRICH_TEST_BROKERS"

# Debian's prometheus/promtool for the monitoring tests (they start their own
# Prometheus on the repo's config); installed if missing.
echo "== Prometheus"
promdir="$(bash scripts/prometheus.sh install)"
export PATH="$promdir:$PATH"

echo "== go vet ./..."
go vet ./...

echo "== fuzz (scripts/fuzz.sh: every Fuzz target, ${FUZZTIME:-3s} each)"
bash scripts/fuzz.sh
echo "== go test ./..."
go test -count=1 -timeout 15m "$@" ./...
