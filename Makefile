# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# print_demo_logins (and anything else run by make) reads where the server listens.
export HOST PORT

.PHONY: run test install browser bench lint format migrations-check clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Starts the product on SQLite (var/db.sqlite3) with the demo data.
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py print_demo_logins --address $(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

# Runs every test: on PostgreSQL when DATABASE_URL is set, on SQLite otherwise.
test: install browser
	$(PY) -m pytest

# Debian's Chromium drives the browser tests; Playwright never downloads a browser.
browser:
	@test -x /usr/bin/chromium || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null; }

bench: install
	$(PY) -m bench

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# Refreshes the Persian catalog from the code and compiles it: translate every new or fuzzy
# entry of locale/fa/LC_MESSAGES/django.po, run this again, and commit the .po with the .mo.
.PHONY: messages
messages: install
	@command -v msgfmt >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq gettext >/dev/null; }
	$(PY) manage.py makemessages -l fa --ignore=.venv --ignore=var --ignore=static/vendor --no-obsolete
	$(PY) manage.py compilemessages -l fa --ignore=.venv --ignore=var

clean:
	rm -rf $(VENV) var/db.sqlite3 var/static
