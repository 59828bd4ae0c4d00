# Functions behind ./platform. Sourced by it, not run on their own.
# State lives under .tandem/ (git-ignored): data/ (Kafka, PostgreSQL), keys/, logs/, pids/.

MVN=(mvn -B -ntp)
SERVICES=(ingest triage incident change inventory kpi)
STATE="$TANDEM_ROOT/.tandem"
KAFKA_PORT="${TANDEM_KAFKA_PORT:-9092}"
PG_PORT="${TANDEM_PG_PORT:-5432}"
UP_TIMEOUT="${TANDEM_UP_TIMEOUT:-120}"

port_of() {
  case "$1" in
    ingest) echo 8081 ;; triage) echo 8082 ;; incident) echo 8083 ;;
    change) echo 8084 ;; inventory) echo 8085 ;; kpi) echo 8086 ;;
    *) return 1 ;;
  esac
}

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# --- build -------------------------------------------------------------------------------------------------

service_jar() { echo "$TANDEM_ROOT/$1-service/target/quarkus-app/quarkus-run.jar"; }

needs_build() {
  local svc jar oldest=""
  [ -f "$TANDEM_ROOT/testkit/target/classpath.txt" ] || return 0
  for svc in "${SERVICES[@]}"; do
    jar="$(service_jar "$svc")"
    [ -f "$jar" ] || return 0
    if [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ]; then oldest="$jar"; fi
  done
  [ -n "$(find "$TANDEM_ROOT" -path "$STATE" -prune -o -path '*/target' -prune -o \
            \( -name pom.xml -o -path '*/src/main/*' \) -newer "$oldest" -print -quit)" ]
}

build_if_needed() {
  if needs_build; then
    log "building (mvn install -DskipTests); this takes a few minutes the first time"
    (cd "$TANDEM_ROOT" && "${MVN[@]}" -q install -DskipTests) || die "build failed"
  fi
}

# --- the testkit's JVM entry point (Kafka + PostgreSQL, keys, tokens) ----------------------------------------

cli() {
  local cp="$TANDEM_ROOT/testkit/target/classes:$(cat "$TANDEM_ROOT/testkit/target/classpath.txt")"
  java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$cp" io.tandem.testkit.PlatformCli "$@"
}

# --- processes ---------------------------------------------------------------------------------------------

pid_file() { echo "$STATE/pids/$1.pid"; }

alive() {
  local f; f="$(pid_file "$1")"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

# Starts a command in its own session, so `down` can stop it with everything it spawned (PostgreSQL too).
spawn() {
  local name="$1"; shift
  mkdir -p "$STATE/logs" "$STATE/pids"
  setsid "$@" >"$STATE/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
}

# Stops the named processes together: TERM to each one's session, up to 20 s for all, then KILL what is left.
stop_all() {
  local name f pid i pids=() names=()
  for name in "$@"; do
    f="$(pid_file "$name")"
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping $name"
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name")
    fi
    rm -f "$f"
  done
  for i in $(seq 1 100); do
    local left=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
    [ "$left" = 0 ] && return 0
    sleep 0.2
  done
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      log "${names[$i]} did not stop in 20 s; killing it"
      kill -KILL -- "-${pids[$i]}" 2>/dev/null || kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
  done
}

tail_log() {
  echo "----- last lines of $STATE/logs/$1.log -----" >&2
  tail -n "${2:-40}" "$STATE/logs/$1.log" >&2 2>/dev/null || true
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- commands ----------------------------------------------------------------------------------------------

external_kafka() { [ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; }
external_db() { [ -n "${TANDEM_DB_URL:-}" ]; }

start_infra() {
  if external_kafka && external_db; then
    log "using Kafka at $KAFKA_BOOTSTRAP_SERVERS and PostgreSQL at $TANDEM_DB_URL"
    return
  fi
  if alive infra; then
    log "infra (Kafka :$KAFKA_PORT, PostgreSQL :$PG_PORT) already running"
    return
  fi
  stop_postgres_leftover
  local kafka_port="$KAFKA_PORT" pg_port="$PG_PORT" i
  external_kafka && kafka_port=-
  external_db && pg_port=-
  for p in $kafka_port $pg_port; do
    [ "$p" = - ] && continue
    port_open "$p" && die "port $p is already in use; stop what holds it or set TANDEM_KAFKA_PORT / TANDEM_PG_PORT"
  done
  log "starting Kafka (KRaft) and PostgreSQL with data under $STATE/data"
  spawn infra java -Xmx768m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$TANDEM_ROOT/testkit/target/classes:$(cat "$TANDEM_ROOT/testkit/target/classpath.txt")" \
    io.tandem.testkit.PlatformCli infra "$STATE/data" "$kafka_port" "$pg_port"
  for i in $(seq 1 300); do
    grep -q '^READY' "$STATE/logs/infra.log" 2>/dev/null && return
    alive infra || { tail_log infra; die "Kafka/PostgreSQL did not start"; }
    sleep 0.2
  done
  tail_log infra
  stop_all infra
  die "Kafka/PostgreSQL not ready within 60 s"
}

start_service() {
  local svc="$1" port; port="$(port_of "$svc")"
  if alive "$svc"; then return; fi
  port_open "$port" && die "port $port ($svc) is already in use"
  spawn "$svc" env \
    KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}" \
    TANDEM_DB_URL="${TANDEM_DB_URL:-postgresql://127.0.0.1:$PG_PORT/tandem}" \
    TANDEM_DB_USER="${TANDEM_DB_USER:-postgres}" \
    TANDEM_DB_PASSWORD="${TANDEM_DB_PASSWORD:-}" \
    TANDEM_JWT_PUBLIC_KEY="file:$STATE/keys/jwt-public.pem" \
    TANDEM_STATE_DIR="$STATE/data/$svc-state" \
    java -Xmx384m -XX:+UseSerialGC -jar "$(service_jar "$svc")"
}

ready() { curl -fsS -o /dev/null "http://127.0.0.1:$(port_of "$1")/q/health/ready" 2>/dev/null; }

platform_up() {
  command -v curl >/dev/null || die "curl is required"
  local started svc pending deadline
  started=$(date +%s)
  build_if_needed
  cli keys "$STATE/keys" >/dev/null
  start_infra
  for svc in "${SERVICES[@]}"; do start_service "$svc"; done
  log "waiting for ${SERVICES[*]} to be ready (up to ${UP_TIMEOUT} s)"
  deadline=$(( $(date +%s) + UP_TIMEOUT ))
  while :; do
    pending=()
    for svc in "${SERVICES[@]}"; do
      alive "$svc" || { tail_log "$svc"; platform_down >/dev/null; die "$svc exited during start-up; everything was stopped"; }
      ready "$svc" || pending+=("$svc")
    done
    [ ${#pending[@]} -eq 0 ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for svc in "${pending[@]}"; do tail_log "$svc"; done
      platform_down >/dev/null
      die "not ready within ${UP_TIMEOUT} s: ${pending[*]}; everything was stopped"
    fi
    sleep 1
  done
  log "all services ready in $(( $(date +%s) - started )) s"
  echo
  for svc in "${SERVICES[@]}"; do
    printf '  %-10s http://localhost:%s   (OpenAPI: /q/swagger-ui, health: /q/health, metrics: /q/metrics)\n' "$svc" "$(port_of "$svc")"
  done
  echo
  echo "  admin token (12 h): $(cli token "$STATE/keys" admin admin)"
  echo "  more tokens: ./platform token ROLE [SUBJECT]; stop with ./platform down"
}

# PostgreSQL runs in a session of its own (pg_ctl detaches it); the infra JVM stops it on TERM, and this catches
# the case where that JVM died without its shutdown hook.
stop_postgres_leftover() {
  local pidfile="$STATE/data/postgres/postmaster.pid" pid i
  [ -f "$pidfile" ] || return 0
  pid="$(head -n 1 "$pidfile")"
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping a PostgreSQL left behind (pid $pid)"
  kill -INT "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

platform_down() {
  stop_all "${SERVICES[@]}"
  stop_all infra
  stop_postgres_leftover
  log "stopped"
}

platform_status() {
  local svc state
  for svc in infra "${SERVICES[@]}"; do
    if ! alive "$svc"; then state="stopped"
    elif [ "$svc" = infra ]; then state="running (Kafka :$KAFKA_PORT, PostgreSQL :$PG_PORT)"
    elif ready "$svc"; then state="ready on :$(port_of "$svc")"
    else state="starting or unhealthy on :$(port_of "$svc") (see ./platform logs $svc)"
    fi
    printf '%-10s %s\n' "$svc" "$state"
  done
}

platform_logs() {
  local name="${1:-}"
  [ -n "$name" ] || die "usage: ./platform logs SERVICE (infra ${SERVICES[*]})"
  [ -f "$STATE/logs/$name.log" ] || die "no log for '$name' (infra ${SERVICES[*]})"
  if [ -t 1 ]; then tail -n 200 -F "$STATE/logs/$name.log"; else cat "$STATE/logs/$name.log"; fi
}

platform_token() {
  local role="${1:-}" subject="${2:-${1:-}}"
  case "$role" in
    viewer|responder|change-manager|admin|ingest) ;;
    *) die "usage: ./platform token ROLE [SUBJECT]; ROLE is viewer, responder, change-manager, admin or ingest" ;;
  esac
  build_if_needed
  cli token "$STATE/keys" "$role" "$subject"
}

platform_integration_key() {
  local source="${1:-}"
  [ -n "$source" ] || die "usage: ./platform integration-key SOURCE  (needs a running platform: ./platform up)"
  ready ingest || die "ingest is not running; start the platform with ./platform up"
  curl -fsS -X POST "http://127.0.0.1:$(port_of ingest)/api/v1/integration-keys" \
    -H "Authorization: Bearer $(cli token "$STATE/keys" admin platform-cli)" -H 'Content-Type: application/json' \
    -d "{\"source\":\"$source\",\"description\":\"issued by ./platform\"}"
  echo
}

# The system tests run a real Prometheus (and the benchmark a real Alertmanager) from Debian's packages. CI starts
# from a bare Debian with only a JDK and Maven, as root; elsewhere sudo is used when it needs no password.
ensure_test_packages() {
  command -v prometheus >/dev/null && command -v promtool >/dev/null && command -v prometheus-alertmanager >/dev/null \
    && return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
      log "prometheus/prometheus-alertmanager are missing and cannot be installed without root; the tests that need them skip (and fail under CI=true)"
      return 0
    fi
  fi
  command -v apt-get >/dev/null || { log "no apt-get: install prometheus and prometheus-alertmanager by hand"; return 0; }
  log "installing prometheus and prometheus-alertmanager (Debian packages) for the system tests"
  local out; out="$(mktemp)"
  if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager; } >"$out" 2>&1; then
    cat "$out" >&2; rm -f "$out"
    die "installing prometheus and prometheus-alertmanager failed"
  fi
  rm -f "$out"
}

platform_test() {
  cd "$TANDEM_ROOT"
  ensure_test_packages
  "${MVN[@]}" install "$@"
}
