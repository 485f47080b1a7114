#!/usr/bin/env bash
# Several machines on one (issue 11): `make cluster`, `make cluster-stop`, `make cluster-load`.
#
#   deploy/cluster.sh         start everything, print what runs where, stop it all on Ctrl-C
#   deploy/cluster.sh start   start everything and return (the processes keep running)
#   deploy/cluster.sh stop    stop what `start` left running
#   deploy/cluster.sh load    start, run the locust scenario (loadtest/locustfile.py) for
#                             LOAD_SECONDS with LOAD_USERS people, check that nothing was
#                             lost or doubled (manage.py loadcheck), stop
#
# Over a throwaway PostgreSQL cluster and Redis (as CI and deploy/recipe_check.sh
# start them): the production settings, two gunicorn instances, two Celery
# workers, exactly one beat (its lock in the database) and a round-robin load
# balancer in front (deploy/roundrobin.py). CLUSTER_MEDIA=s3 puts the media on an
# S3-compatible server (moto in server mode) through django-storages.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT=${CLUSTER_PG_PORT:-5461}
REDIS_PORT=${CLUSTER_REDIS_PORT:-6416}
PROXY_PORT=${CLUSTER_PORT:-8206}
WEB_PORTS=(${CLUSTER_WEB_PORTS:-8216 8217})
S3_PORT=${CLUSTER_S3_PORT:-8226}
MEDIA=${CLUSTER_MEDIA:-local}
LOAD_USERS=${LOAD_USERS:-50}
LOAD_SECONDS=${LOAD_SECONDS:-60}
PG_BIN=${CLUSTER_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
STATE=${CLUSTER_DIR:-/tmp/portal-cluster-$PG_PORT}
LOCUST_VENV=${LOCUST_VENV:-var/locust-venv}
PY=.venv/bin/python

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# One process group per service, recorded so that `stop` (or Ctrl-C) ends each once.
service() {  # name, command...
  local name=$1
  shift
  setsid "$@" >"$STATE/$name.log" 2>&1 &
  echo "$! $name" >>"$STATE/pids"
}

stop() {
  [ -d "$STATE" ] || return 0
  if [ -f "$STATE/pids" ]; then
    while read -r pid name; do kill -TERM -- "-$pid" 2>/dev/null || true; done <"$STATE/pids"
    for _ in $(seq 100); do  # workers finish their task, gunicorn its requests
      alive=0
      while read -r pid name; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done <"$STATE/pids"
      [ "$alive" = 0 ] && break
      sleep 0.2
    done
    while read -r pid name; do kill -KILL -- "-$pid" 2>/dev/null || true; done <"$STATE/pids"
  fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  if [ -f "$STATE/pg/PG_VERSION" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$STATE/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$STATE"
  echo "cluster arrêté"
}

wait_http() {  # url: until it answers 200 (60 s at most)
  for _ in $(seq 300); do
    curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$1 ne répond pas; journaux sous $STATE" >&2
  return 1
}

write_env() {
  local secret keys
  secret="cluster-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')-key"
  keys=$($PY -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')
  cat >"$STATE/env" <<ENV
export PORTAL_ENV=production
export SECRET_KEY=$secret
export ENCRYPTION_KEYS=$keys
export ALLOWED_HOSTS=127.0.0.1,localhost
export SITE_URL=http://127.0.0.1:$PROXY_PORT
export SECURE_SSL_REDIRECT=false
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/portal
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export PORTAL_VAR_DIR=$STATE/var
export EMAIL_BACKEND=portal.core.mailfiles.OneFilePerMessageBackend
export EMAIL_FILE_PATH=$STATE/mail
export LOG_LEVEL=WARNING
ENV
  if [ "$MEDIA" = s3 ]; then
    cat >>"$STATE/env" <<ENV
export MEDIA_STORAGE=s3
export AWS_STORAGE_BUCKET_NAME=portail-media
export AWS_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
export AWS_S3_REGION_NAME=eu-west-3
export AWS_ACCESS_KEY_ID=cluster
export AWS_SECRET_ACCESS_KEY=cluster-secret
ENV
  fi
}

start_databases() {
  mkdir -p "$STATE/pg" "$STATE/mail" "$STATE/var"
  chmod 755 "$STATE"  # the postgres user reaches its data folder through it
  [ "$(id -u)" = 0 ] && chown postgres "$STATE/pg"
  as_postgres "$PG_BIN/initdb" -D "$STATE/pg" -U postgres --auth=trust >/dev/null
  as_postgres "$PG_BIN/pg_ctl" -D "$STATE/pg" -l "$STATE/pg/log" \
    -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200" \
    -w start >/dev/null
  as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres portal
  redis-server --port "$REDIS_PORT" --daemonize yes --bind 127.0.0.1 --save '' --appendonly no \
    --logfile "$STATE/redis.log"
  if [ "$MEDIA" = s3 ]; then
    service s3 .venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT"
    wait_http "http://127.0.0.1:$S3_PORT/moto-api/"
    $PY -c "import boto3, os; boto3.client('s3', endpoint_url=os.environ['AWS_S3_ENDPOINT_URL'],
region_name='eu-west-3').create_bucket(Bucket='portail-media',
CreateBucketConfiguration={'LocationConstraint': 'eu-west-3'})"
  fi
}

refuse_if_running() {
  if [ -d "$STATE" ]; then
    echo "Un cluster tourne déjà ($STATE) : make cluster-stop d'abord." >&2
    exit 1
  fi
  test -x "$PY" || { echo "Lancez d'abord : make .venv/.installed-stamp" >&2; exit 1; }
}

start() {
  mkdir -p "$STATE"
  write_env
  # shellcheck disable=SC1091
  source "$STATE/env"
  start_databases
  # The README's release block, on one machine.
  # (plain HTTP on loopback: the SSL redirect is off, check --deploy warns W008 only)
  $PY manage.py check --deploy >/dev/null 2>&1 || $PY manage.py check --deploy
  $PY manage.py migrate --noinput -v0
  $PY manage.py collectstatic --noinput -v0
  $PY manage.py seed_demo >/dev/null
  # The services block, once per "machine".
  for port in "${WEB_PORTS[@]}"; do
    service "web-$port" .venv/bin/gunicorn portal.wsgi --workers 2 --timeout 30 \
      --bind "127.0.0.1:$port"
  done
  service worker1 .venv/bin/celery -A portal worker --loglevel=INFO --concurrency 2 -n worker1@%h
  service worker2 .venv/bin/celery -A portal worker --loglevel=INFO --concurrency 2 -n worker2@%h
  service beat .venv/bin/celery -A portal beat --loglevel=INFO --pidfile "$STATE/beat.pid"
  local backends=()
  for port in "${WEB_PORTS[@]}"; do backends+=("127.0.0.1:$port"); done
  service balancer python3 deploy/roundrobin.py --listen "127.0.0.1:$PROXY_PORT" "${backends[@]}"
  for port in "${WEB_PORTS[@]}"; do wait_http "http://127.0.0.1:$port/healthz/ready/"; done
  wait_http "http://127.0.0.1:$PROXY_PORT/healthz/ready/"
  summary
}

summary() {
  cat <<TXT

Cluster en route (journaux et état sous $STATE) :
  répartiteur     http://127.0.0.1:$PROXY_PORT/   (deploy/roundrobin.py, tour à tour)
  gunicorn        $(for p in "${WEB_PORTS[@]}"; do printf 'http://127.0.0.1:%s/  ' "$p"; done)(2 workers chacun)
  Celery          worker1, worker2 (2 processus chacun), un seul beat (verrou en base)
  PostgreSQL      127.0.0.1:$PG_PORT (base portal)
  Redis           127.0.0.1:$REDIS_PORT (broker, cache, limites de débit)
  fichiers        $([ "$MEDIA" = s3 ] && echo "S3 (moto) http://127.0.0.1:$S3_PORT, bucket portail-media" || echo "$STATE/var/media")
  e-mails         un fichier chacun sous $STATE/mail
  santé           /healthz/ (vivant), /healthz/ready/ (base, cache, broker)
  manage.py       source $STATE/env && .venv/bin/python manage.py …
TXT
  $PY manage.py demo_logins >"$STATE/logins.txt"
  head -n 3 "$STATE/logins.txt"
}

locust_venv() {
  if [ ! -x "$LOCUST_VENV/bin/locust" ]; then
    python3 -m venv "$LOCUST_VENV"
    "$LOCUST_VENV/bin/pip" install --quiet "locust~=2.47"
  fi
}

load() {
  refuse_if_running
  locust_venv
  trap stop EXIT
  start
  $PY manage.py seed_load --clients 45 --agents 5 --out "$STATE/tokens.json"
  echo "charge avant : $(cut -d' ' -f1-3 /proc/loadavg)"
  local status=0
  LOAD_TOKENS="$STATE/tokens.json" LOAD_RECORD="$STATE/record.json" \
    "$LOCUST_VENV/bin/locust" -f loadtest/locustfile.py --headless --only-summary \
    -u "$LOAD_USERS" -r 10 -t "${LOAD_SECONDS}s" --stop-timeout 10 \
    --host "http://127.0.0.1:$PROXY_PORT" --csv "$STATE/locust" >"$STATE/locust.out" 2>&1 ||
    status=1
  grep -v "^\s*$" "$STATE/locust.out" | tail -n 45
  [ -f "$STATE/record.json" ] || { echo "locust n'a rien enregistré" >&2; exit 1; }
  echo "charge après : $(cut -d' ' -f1-3 /proc/loadavg)"
  $PY manage.py loadcheck --filed "$STATE/record.json" --mail-dir "$STATE/mail" || status=1
  mkdir -p var/cluster-load  # kept after the cluster is gone
  cp "$STATE"/locust* "$STATE/record.json" var/cluster-load/
  echo "résultats de locust : var/cluster-load/"
  return $status
}

case "${1:-run}" in
  start)
    refuse_if_running
    trap stop EXIT  # a half-started cluster is not left behind
    start
    trap - EXIT
    ;;
  stop) stop ;;
  load) load ;;
  run)
    refuse_if_running
    trap stop EXIT
    sleeper=""
    trap 'kill $sleeper 2>/dev/null; exit 130' INT TERM  # Ctrl-C or kill: stop it all
    start
    echo "Ctrl-C pour tout arrêter."
    while true; do
      sleep 3600 &
      sleeper=$!
      wait $sleeper
    done
    ;;
  *) echo "usage: $0 [run|start|stop|load]" >&2; exit 2 ;;
esac
