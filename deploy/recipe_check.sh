#!/usr/bin/env bash
# Deploy the README's production recipe exactly as written (its two blocks,
# <!-- recipe:release --> and <!-- recipe:services -->) over a throwaway
# PostgreSQL cluster, Redis and SMTP server, then file a Demande through
# gunicorn and wait for its acknowledgment to reach the SMTP server, once.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT=${RECIPE_PG_PORT:-5448}
REDIS_PORT=${RECIPE_REDIS_PORT:-6428}
SMTP_PORT=${RECIPE_SMTP_PORT:-2528}
export PORT=${RECIPE_WEB_PORT:-8208}
PG_BIN=${FAULTS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
WORK=$(mktemp -d /tmp/portal-recipe.XXXXXX)
chmod 755 "$WORK"  # the postgres user reaches its data folder through it
PIDS=()

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  for pid in "${PIDS[@]}"; do kill -- -"$pid" 2>/dev/null || true; done
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
[ -n "${RECIPE_KEEP:-}" ] && trap - EXIT

recipe_block() {  # the fenced block after the marker $1 in README.md
  awk -v marker="<!-- recipe:$1 -->" '
    $0 == marker {found = 1; next}
    found && /^```/ {if (inside) exit; inside = 1; next}
    inside {print}' README.md
}

mkdir -p "$WORK/pg" && [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
as_postgres "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" \
  -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres portal
redis-server --port "$REDIS_PORT" --daemonize yes --bind 127.0.0.1 --save '' --appendonly no
setsid python3 -u -W ignore -m smtpd -n -c DebuggingServer "127.0.0.1:$SMTP_PORT" >"$WORK/smtp.log" 2>&1 &
PIDS+=($!)

# The site's own values: what the operator puts in the environment.
export PORTAL_ENV=production
export SECRET_KEY="recipe-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')-check"
export ALLOWED_HOSTS=127.0.0.1 SITE_URL=https://127.0.0.1
export ENCRYPTION_KEYS="$(.venv/bin/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/portal"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export PORTAL_VAR_DIR="$WORK/var" EMAIL_HOST=127.0.0.1 EMAIL_PORT="$SMTP_PORT"

echo "--- release block"
recipe_block release | tee "$WORK/release.sh"
bash -euo pipefail "$WORK/release.sh"

echo "--- services block"
n=0
while IFS= read -r line; do
  n=$((n + 1))
  echo "$line"
  setsid bash -c "exec $line" >"$WORK/service$n.log" 2>&1 &
  PIDS+=($!)
done < <(recipe_block services)

# A client and an API token (the operator would invite one through the portal).
TOKEN=$(.venv/bin/python manage.py shell -c "
from django.utils import timezone
from portal.accounts.models import User
from portal.accounts.rights import DEFAULT_USER_RIGHTS
from portal.accounts.services import create_api_token
from portal.core.demo import siren_with_key
from portal.organisations.models import Organisation
from subscriptions.models import Contract
org = Organisation.objects.create(name='Recette SA', siren=siren_with_key('73282932'), city='Lyon')
Contract.objects.create(organisation=org, formula='open', support_started_on=timezone.localdate())
user = User.objects.create_user(email='client@recette.test', organisation=org, role='client_user',
    rights=list(DEFAULT_USER_RIGHTS), activated_at=timezone.now(), is_active=True)
print(create_api_token(user=user).key)" | tail -n 1)

URL="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "$URL/healthz/" && break; sleep 0.2; done
curl -fsS -H "X-Forwarded-Proto: https" "$URL/healthz/ready/"; echo
curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "$URL/accounts/login/"  # static manifest
STATUS=$(curl -sS -o "$WORK/filed.json" -w '%{http_code}' -H "X-Forwarded-Proto: https" \
  -H "Authorization: Token $TOKEN" -H "Idempotency-Key: recipe-1" \
  -d subject="Recette de production" -d kind=customer_service -d category=billing \
  "$URL/api/v1/demandes/")
if [ "$STATUS" != 201 ]; then echo "filing answered $STATUS: $(cat "$WORK/filed.json")" >&2; exit 1; fi
REFERENCE=$(.venv/bin/python -c 'import json,sys; print(json.load(open(sys.argv[1]))["reference"])' "$WORK/filed.json")
echo "filed $REFERENCE"
# The only e-mail of this run is the acknowledgment: count the messages received.
for _ in $(seq 150); do grep -q "MESSAGE FOLLOWS" "$WORK/smtp.log" && break; sleep 0.2; done
sleep 2  # a duplicate would show up now
COUNT=$(grep -c "Message-ID: <outbox-" "$WORK/smtp.log" || true)
if [ "$COUNT" != 1 ]; then
  echo "acknowledgment of $REFERENCE received $COUNT times (expected 1)" >&2
  tail -n 30 "$WORK"/service*.log >&2
  exit 1
fi
echo "recipe OK: $REFERENCE acknowledged once"
