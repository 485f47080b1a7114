# Two commands for a newcomer: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench totp worker clean faults typecheck

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

var:
	mkdir -p var/broker/queue var/broker/processed var/cache var/media var/mail

# SITE_URL (links in e-mails) follows HOST and PORT unless set in the environment.
run: SITE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP) var
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py seed_demo
	@echo ""
	@$(BIN)/python manage.py demo_logins
	@echo ""
	@echo "Portail : $(SITE_URL)/  (Ctrl-C pour arrêter le serveur et le worker Celery)"
	@echo "E-mails envoyés : un fichier chacun sous var/mail/ ; journal du worker : var/celery.log"
	@SITE_URL=$(SITE_URL) exec $(BIN)/python manage.py rundev $(HOST):$(PORT)

test: $(STAMP) typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# mypy with django-stubs on services, selectors and rule modules ([tool.mypy] in pyproject.toml).
typecheck: $(STAMP)
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# A throwaway SQLite database under var/bench: migrate, seed, measure (see docs/performance.md).
BENCH_DEMANDES ?= 100000
BENCH_ORGANISATIONS ?= 1000
BENCH_ENV := PORTAL_VAR_DIR=$(CURDIR)/var/bench DATABASE_URL=sqlite:///$(CURDIR)/var/bench/bench.sqlite3 DEBUG=false

bench: $(STAMP)
	rm -rf var/bench && mkdir -p var/bench/static
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(BENCH_ENV) $(BIN)/python manage.py seed_bench --demandes $(BENCH_DEMANDES) --organisations $(BENCH_ORGANISATIONS)
	sync  # let the seed's writes settle: the measures are CPU-bound
	$(BENCH_ENV) $(BIN)/python manage.py bench
	$(BENCH_ENV) $(BIN)/python manage.py kb_bench --seed  # knowledge base: 20,000 articles, 1,000,000 views
	$(BENCH_ENV) $(BIN)/python manage.py bench_learning  # learning catalogue, Private, 5,000 items
	$(BENCH_ENV) $(BIN)/python manage.py bench_dataouverture

# HTTP load (issue 11): gunicorn 2 sync workers on make bench's database (seeded if missing),
# wrk 8 connections x 20 s per page; see docs/performance.md. LOADTEST_SECONDS, LOADTEST_CONNECTIONS.
.PHONY: loadtest
loadtest: $(STAMP)
	@command -v wrk >/dev/null || { echo "wrk est introuvable : installez-le (apt-get install -y wrk), puis relancez make loadtest." >&2; exit 2; }
	@test -f var/bench/bench.sqlite3 || { mkdir -p var/bench/static && $(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v0 && $(BENCH_ENV) $(BIN)/python manage.py seed_bench --demandes $(BENCH_DEMANDES) --organisations $(BENCH_ORGANISATIONS); }
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python loadtest/run.py

# The API keeps its contract: schemathesis on a live server with the demo data (tests/api_fuzz.py).
.PHONY: fuzz-api
fuzz-api: $(STAMP)
	$(BIN)/python tests/api_fuzz.py

totp: $(STAMP)
	@$(BIN)/python manage.py demo_totp

# Fault tests (issue 16): restart PostgreSQL, stop Redis, SIGKILL workers; own cluster on 5448.
faults: $(STAMP)
	tests/faults/run.sh

clean:
	rm -rf var $(VENV)

# Several machines on one (issue 11): PostgreSQL 5461, Redis 6416, two gunicorns
# (8216, 8217) behind a round-robin balancer on 8206, two workers, one beat.
# CLUSTER_MEDIA=s3 puts the media on an S3-compatible server (moto). See README.
.PHONY: cluster cluster-stop cluster-load
cluster: $(STAMP)
	deploy/cluster.sh run

cluster-stop:
	deploy/cluster.sh stop

# locust (its own venv under var/locust-venv): 50 people for 60 s, then manage.py loadcheck.
cluster-load: $(STAMP)
	deploy/cluster.sh load
