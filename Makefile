PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run serve test test-sqlite test-postgres services browser bench lint format clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

## run: install, migrate, load the demo newsroom and serve it on PORT (8000)
run: $(STAMP)
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py createcachetable
	DEBUG=true $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Newsroom demo:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin:          http://127.0.0.1:$(PORT)/admin/"
	@echo "  Sign in as      user name: admin   password: newsroom-demo"
	@echo ""
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The PostgreSQL pass uses this server; its test database is test_<name>.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/newsroom
REDIS_TEST_URL ?= redis://127.0.0.1:6379/0

## test: install with the test extras (and Chromium), then run the whole suite on SQLite and on PostgreSQL
test: test-sqlite test-postgres

test-sqlite: $(STAMP) browser services
	REDIS_TEST_URL=$(REDIS_TEST_URL) $(BIN)/python -m pytest

test-postgres: $(STAMP) browser services
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		echo "== The suite again, on PostgreSQL"; \
		DATABASE_URL=$(TEST_POSTGRES_URL) REDIS_TEST_URL=$(REDIS_TEST_URL) $(BIN)/python -m pytest; \
	else \
		echo ""; \
		echo "!!! ====================================================================="; \
		echo "!!! No PostgreSQL on 127.0.0.1:5432: the PostgreSQL pass was SKIPPED."; \
		echo "!!! ====================================================================="; \
	fi

# Start the local PostgreSQL and Redis when they are installed but stopped.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || { \
		command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ] \
		&& pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start \
		&& sleep 2; } || true
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || { \
		command -v redis-server >/dev/null && mkdir -p /var/lib/redis /var/log/redis \
		&& redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
		--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log && sleep 1; } || true

## serve: the production configuration under gunicorn on PORT (needs SECRET_KEY, reCAPTCHA keys, ...)
serve: $(STAMP)
	$(BIN)/python manage.py collectstatic --no-input -v0
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	PORT=$(PORT) $(BIN)/gunicorn newsroom.wsgi

## bench: seed a large newsroom into its own PostgreSQL database and measure it under load
bench: $(STAMP) services
	$(BIN)/python -m bench

# The browser tests drive Debian's Chromium and chromedriver. Installed here when
# this runs as root on Debian; elsewhere install them yourself, or those tests skip.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests..."; \
		apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 \
		|| { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }; \
	else \
		echo "!!! Chromium or chromedriver is missing: the browser tests will be SKIPPED."; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media
