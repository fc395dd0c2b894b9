#!/usr/bin/env bash
# kafka.sh — a single-node Apache Kafka (KRaft: broker + controller) on
# 127.0.0.1 for the real-Kafka tests, fetched from Maven Central with mvn.
#
#   scripts/kafka.sh start    fetch the jars (cached), format storage, start, wait until ready
#   scripts/kafka.sh resume   start again on the data of a broker that was stopped or killed
#   scripts/kafka.sh stop     stop the broker and delete its data
#   scripts/kafka.sh status   say whether it runs; exit 0 if it does
#
# Settings (environment):
#   KAFKA_VERSION         Apache Kafka release (default 4.1.1)
#   KAFKA_PORT            client port on 127.0.0.1 (default 19092; the controller uses +1)
#   NEWSENRICH_CACHE      jar cache (default ~/.cache/newsenrich)
#   KAFKA_STATE_DIR       data, config, log and pid (default /tmp/newsenrich-kafka-$KAFKA_PORT)
#   KAFKA_START_TIMEOUT   seconds to wait for readiness (default 120)
#   KAFKA_EXTRA_PROPS     lines appended to server.properties (e.g. message.max.bytes=12582912)
# An extra SASL_SSL listener (SASL PLAIN and SCRAM-SHA-512 over TLS) when
# KAFKA_SASL_SSL_PORT is set; PLAINTEXT stays on KAFKA_PORT for admin work:
#   KAFKA_SASL_SSL_PORT   its port on 127.0.0.1
#   KAFKA_TLS_KEYSTORE    PEM file: the broker's PKCS#8 private key and certificate chain
#   KAFKA_TLS_CA_FILE     PEM file of the CA (the listener's truststore)
#   KAFKA_SASL_USERS      space-separated name:password pairs, accepted by PLAIN and
#                         created as SCRAM-SHA-512 credentials at format time
# Needs Java 17+ and Maven. Prints the bootstrap address on success.
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
LOG4J_VERSION="2.24.3"
KAFKA_PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT=$((KAFKA_PORT + 1))
CACHE="${NEWSENRICH_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/newsenrich}"
LIBS="$CACHE/kafka-$KAFKA_VERSION/libs"
STATE="${KAFKA_STATE_DIR:-/tmp/newsenrich-kafka-$KAFKA_PORT}"
PIDFILE="$STATE/kafka.pid"
LOG="$STATE/kafka.log"
TIMEOUT="${KAFKA_START_TIMEOUT:-120}"

say() { echo "kafka.sh: $*" >&2; }

running() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE")"
  # A killed process not yet reaped (state Z) is not running.
  kill -0 "$pid" 2>/dev/null && [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]]
}

# starts prints how many times the broker of $LOG has finished starting.
starts() {
  local n=0
  if [[ -f "$LOG" ]]; then
    n="$(grep -c "Kafka Server started" "$LOG" || true)"
  fi
  echo "${n:-0}"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

fetch() {
  if [[ -f "$LIBS/.complete" ]]; then
    return
  fi
  command -v mvn >/dev/null || { say "mvn is needed to fetch Kafka"; exit 1; }
  say "fetching Apache Kafka $KAFKA_VERSION and its runtime dependencies into $LIBS"
  local pom
  pom="$(mktemp -d)"
  cat >"$pom/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.newsenrich</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <!-- Kafka logs through SLF4J 1.x; route it to Log4j 2 as the Kafka distribution does. -->
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
  </dependencies>
</project>
POM
  rm -rf "$LIBS"
  mkdir -p "$LIBS"
  (cd "$pom" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS" </dev/null >&2)
  rm -rf "$pom"
  touch "$LIBS/.complete"
}

start() {
  if running; then
    say "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$KAFKA_PORT"
    echo "127.0.0.1:$KAFKA_PORT"
    return
  fi
  if port_open "$KAFKA_PORT" || port_open "$CONTROLLER_PORT"; then
    say "port $KAFKA_PORT or $CONTROLLER_PORT is taken by another process; set KAFKA_PORT"
    exit 1
  fi
  command -v java >/dev/null || { say "java (17+) is needed"; exit 1; }
  fetch
  rm -rf "$STATE"
  mkdir -p "$STATE/data"
  local listeners="PLAINTEXT://127.0.0.1:$KAFKA_PORT" protomap="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
  if [[ -n "${KAFKA_SASL_SSL_PORT:-}" ]]; then
    listeners="$listeners,SASL_SSL://127.0.0.1:$KAFKA_SASL_SSL_PORT"
    protomap="$protomap,SASL_SSL:SASL_SSL"
  fi
  cat >"$STATE/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=$listeners,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=$listeners
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=$protomap
log.dirs=$STATE/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
group.classic.min.session.timeout.ms=6000
PROPS
  local scram=()
  if [[ -n "${KAFKA_SASL_SSL_PORT:-}" ]]; then
    sasl_ssl_props >>"$STATE/server.properties"
    local u
    for u in ${KAFKA_SASL_USERS:-}; do
      scram+=(--add-scram "SCRAM-SHA-512=[name=${u%%:*},password=${u#*:}]")
    done
  fi
  if [[ -n "${KAFKA_EXTRA_PROPS:-}" ]]; then
    printf '%s\n' "$KAFKA_EXTRA_PROPS" >>"$STATE/server.properties"
  fi
  cat >"$STATE/log4j2.properties" <<'L4J'
status = warn
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = out
logger.kafka.name = kafka
logger.kafka.level = info
logger.apache.name = org.apache.kafka
logger.apache.level = warn
L4J
  local cp="$LIBS/*"
  local cluster_id
  cluster_id="$(java "${java_opts[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
  java "${java_opts[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$STATE/server.properties" "${scram[@]}" >"$STATE/format.log" 2>&1 ||
    { say "formatting storage failed:"; cat "$STATE/format.log" >&2; exit 1; }
  launch
}

# sasl_ssl_props prints the properties of the SASL_SSL listener.
sasl_ssl_props() {
  [[ -f "${KAFKA_TLS_KEYSTORE:-}" && -f "${KAFKA_TLS_CA_FILE:-}" ]] ||
    { say "KAFKA_SASL_SSL_PORT needs KAFKA_TLS_KEYSTORE and KAFKA_TLS_CA_FILE (PEM files)"; exit 1; }
  local plain_users="" u
  for u in ${KAFKA_SASL_USERS:-}; do
    plain_users="$plain_users user_${u%%:*}=\"${u#*:}\""
  done
  cat <<PROPS
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512
listener.name.sasl_ssl.ssl.keystore.type=PEM
listener.name.sasl_ssl.ssl.keystore.location=$KAFKA_TLS_KEYSTORE
listener.name.sasl_ssl.ssl.truststore.type=PEM
listener.name.sasl_ssl.ssl.truststore.location=$KAFKA_TLS_CA_FILE
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required$plain_users;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
PROPS
}

java_opts=(-Xms256m -Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$STATE/log4j2.properties")

# resume starts the broker again on its existing data (after stop -9 or a
# crash), keeping topics, records and committed offsets.
resume() {
  if running; then
    say "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$KAFKA_PORT"
    echo "127.0.0.1:$KAFKA_PORT"
    return
  fi
  [[ -f "$STATE/server.properties" ]] || { say "no broker state in $STATE to resume; use start"; exit 1; }
  launch
}

# launch starts the formatted broker of $STATE and waits until it is ready.
launch() {
  local cp="$LIBS/*"
  say "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (state in $STATE)"
  local waited=0 started_before
  started_before="$(starts)"
  nohup java "${java_opts[@]}" -cp "$cp" kafka.Kafka "$STATE/server.properties" >>"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  until (($(starts) > started_before)) && port_open "$KAFKA_PORT"; do
    if ! running; then
      say "Kafka exited during start-up; last lines of $LOG:"
      tail -n 40 "$LOG" >&2
      exit 1
    fi
    if ((waited >= TIMEOUT)); then
      say "Kafka not ready after ${TIMEOUT}s; last lines of $LOG:"
      tail -n 40 "$LOG" >&2
      stop
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "ready after ${waited}s"
  echo "127.0.0.1:$KAFKA_PORT"
}

stop() {
  if running; then
    local pid
    pid="$(cat "$PIDFILE")"
    say "stopping Kafka (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$STATE"
}

status() {
  if running; then
    echo "running (pid $(cat "$PIDFILE")) on 127.0.0.1:$KAFKA_PORT"
  else
    echo "not running"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  resume) resume ;;
  stop) stop ;;
  status) status ;;
  fetch) fetch ;;
  *) echo "usage: $0 start|resume|stop|status|fetch" >&2; exit 2 ;;
esac
