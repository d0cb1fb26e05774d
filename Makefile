PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test browser lint format clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

## run: install, migrate, load the demo newsroom and serve it on PORT (8000)
run: $(STAMP)
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Newsroom demo:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin:          http://127.0.0.1:$(PORT)/admin/"
	@echo "  Sign in as      user name: admin   password: newsroom-demo"
	@echo ""
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## test: install with the test extras (and Chromium, for the browser tests) and run the whole suite
test: $(STAMP) browser
	$(BIN)/python -m pytest

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
