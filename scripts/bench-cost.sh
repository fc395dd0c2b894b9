#!/usr/bin/env bash
# bench-cost.sh — CPU and context switches per article of the service that
# `newsenrich bench` runs as its child, measured from /proc over a window in
# the middle of a paced run (start-up, group join and drain left out), and
# the run's latency. For comparing builds and settings on a noisy machine:
# alternate the builds and repeat.
#
#   scripts/bench-cost.sh BINARY MODE RATE [bench flags...]
#   e.g. scripts/bench-cost.sh ./newsenrich enrich 450 --batch-timeout 1ms
#
# Settings (environment):
#   BROKERS   Kafka bootstrap address (default 127.0.0.1:19092, see kafka.sh)
#   DATA      articles (default ../shared/data/topics/ant_v2.1_multisource.train.jsonl.gz)
#   WINDOW    seconds measured (default 8); the run lasts WINDOW + 7 seconds
# Prints: cpu-ms/article, voluntary and involuntary context switches per
# article (all threads), and p50/p95/p99 in ms.
set -euo pipefail
BIN=$1 MODE=$2 RATE=$3
shift 3
BROKERS="${BROKERS:-127.0.0.1:19092}"
DATA="${DATA:-../shared/data/topics/ant_v2.1_multisource.train.jsonl.gz}"
WINDOW="${WINDOW:-8}"
COUNT=$(awk -v r="$RATE" -v w="$WINDOW" 'BEGIN{print int(r*(w+7))}')
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
"$BIN" bench --brokers "$BROKERS" --modes "$MODE" --rate "$RATE" --count "$COUNT" \
    --min-bytes 3000 --max-bytes 6000 --limit 2000 "$@" "$DATA" >"$OUT" 2>&1 &
BP=$!
sleep 4
CP=$(pgrep -P "$BP" | head -1)
snap() {
    cat /proc/"$CP"/task/*/status 2>/dev/null | awk '/^voluntary/{v+=$2} /^nonvoluntary/{n+=$2} END{printf "%d %d ", v, n}'
    awk '{print $14+$15}' /proc/"$CP"/stat
}
A=$(snap)
sleep "$WINDOW"
B=$(snap)
wait "$BP"
TICK=$(getconf CLK_TCK)
LINE=$(awk '/^ *(passthrough|enrich) +[0-9]/' "$OUT")
awk -v a="$A" -v b="$B" -v n="$((RATE * WINDOW))" -v tick="$TICK" -v line="$LINE" 'BEGIN{
    split(a, x, " "); split(b, y, " "); split(line, l, " ")
    printf "cpu-ms/article %.3f  voluntary %.2f  involuntary %.2f  p50 %s p95 %s p99 %s ms\n",
        (y[3]-x[3])*1000/tick/n, (y[1]-x[1])/n, (y[2]-x[2])/n, l[11], l[12], l[13]
}'
