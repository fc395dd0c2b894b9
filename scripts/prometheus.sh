#!/usr/bin/env bash
# Prometheus for tests and local runs, from Debian's `prometheus` package.
#
#   scripts/prometheus.sh install          install prometheus + promtool if missing, print their folder
#   scripts/prometheus.sh start TARGET...  start a Prometheus on 127.0.0.1 with the repo's OWN
#                                          deploy/prometheus/prometheus.yml and rules, scraping
#                                          TARGET (host:port, default 127.0.0.1:9100)
#   scripts/prometheus.sh stop             stop the Prometheus started by `start`
#   scripts/prometheus.sh check            promtool check config + check rules + test rules
#
# Environment: PROMETHEUS_PORT (default 19090), PROMETHEUS_DIR (state folder,
# default ${TMPDIR:-/tmp}/newsenrich-prometheus).
#
# How `start` uses the repo's files without copying them: Prometheus resolves the
# relative paths of prometheus.yml (rules/*.rules.yml, targets/*.yml) against the
# folder of the config file it is given. `start` makes a state folder with SYMLINKS
# to the repo's prometheus.yml and rules/, and its own targets/ file. docker compose
# mounts deploy/prometheus/ as a whole, so there targets/newsenrich.yml (the compose
# service name) is used. Same config, same rules; only the target list differs.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PROMETHEUS_PORT:-19090}"
state="${PROMETHEUS_DIR:-${TMPDIR:-/tmp}/newsenrich-prometheus}"

# find_tools prints the folder holding both prometheus and promtool, or fails.
find_tools() {
  local d
  for d in "$(dirname "$(command -v promtool 2>/dev/null || echo /nonexistent/x)")" /usr/bin /usr/local/bin; do
    if [[ -x "$d/promtool" && -x "$d/prometheus" ]]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

install() {
  if find_tools >/dev/null; then
    find_tools
    return 0
  fi
  if [[ "$(id -u)" != 0 ]]; then
    echo "prometheus.sh: prometheus/promtool missing and not root; run: sudo apt-get install -y prometheus" >&2
    return 1
  fi
  echo "prometheus.sh: installing Debian's prometheus package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  # The package's own service is never started here (no init system in
  # containers/CI; policy-rc.d or systemctl absence prevents it).
  apt-get install -y -q --no-install-recommends prometheus </dev/null >&2
  find_tools
}

start() {
  local bin
  bin="$(install)"
  local targets=("$@")
  if [[ ${#targets[@]} -eq 0 ]]; then targets=(127.0.0.1:9100); fi
  stop_quiet
  mkdir -p "$state/targets" "$state/data"
  ln -sfn "$repo/deploy/prometheus/prometheus.yml" "$state/prometheus.yml"
  ln -sfn "$repo/deploy/prometheus/rules" "$state/rules"
  {
    echo "# written by scripts/prometheus.sh start"
    echo "- targets:"
    for t in "${targets[@]}"; do echo "    - \"$t\""; done
    echo "  labels:"
    echo "    env: local"
  } >"$state/targets/newsenrich.yml"
  "$bin/prometheus" \
    --config.file="$state/prometheus.yml" \
    --storage.tsdb.path="$state/data" \
    --web.listen-address="127.0.0.1:$port" \
    --web.enable-lifecycle \
    >"$state/prometheus.log" 2>&1 &
  echo $! >"$state/pid"
  local i
  for i in $(seq 1 50); do
    if curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then
      echo "prometheus.sh: Prometheus ready on http://127.0.0.1:$port (pid $(cat "$state/pid"), log $state/prometheus.log)"
      return 0
    fi
    if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "prometheus.sh: Prometheus did not become ready; log:" >&2
  cat "$state/prometheus.log" >&2
  return 1
}

stop_quiet() {
  if [[ -f "$state/pid" ]]; then
    local pid
    pid="$(cat "$state/pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      local i
      for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$state/pid"
  fi
}

check() {
  local bin
  bin="$(install)"
  "$bin/promtool" check config "$repo/deploy/prometheus/prometheus.yml"
  "$bin/promtool" check rules "$repo"/deploy/prometheus/rules/*.rules.yml
  "$bin/promtool" test rules "$repo"/deploy/prometheus/rules/*.test.yml
}

case "${1:-}" in
  install) install ;;
  start) shift; start "$@" ;;
  stop) stop_quiet ;;
  check) check ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
