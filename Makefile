# Two commands on a fresh machine: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)
TEST_DEBS := chromium kannel kannel-extras postgresql gettext
export PYTHONDONTWRITEBYTECODE := 1
TEST_DATA := $(CURDIR)/var/test
define SHOW_DB
import django
django.setup()
from django.db import connection as c
c.ensure_connection()
v = "PostgreSQL %d.%d" % divmod(c.pg_version, 10000) if c.vendor == "postgresql" else "SQLite " + c.Database.sqlite_version
print("Test database: vendor=%s (%s)" % (c.vendor, v))
endef
export SHOW_DB

.PHONY: setup run test test-sqlite test-postgres test-current-db system-packages messages bench-login lint clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

system-packages:
	scripts/ensure-debian-packages $(TEST_DEBS)

# A demonstration: ZGODA_DEMO=1 lets it start with the shipped consent texts and no data
# controller, which `zgoda check --deploy` refuses in production (docs/operations.md).
# It listens on 127.0.0.1 only (PORT is a number) and creates its files 0600/0700: the demo
# accounts and the dev phone are for this machine alone.
run: setup
	ZGODA_DEMO=1 ZGODA_DEV_OUTBOX=1 ZGODA_ALLOW_OUTBOX_IN_PRODUCTION=1 scripts/serve-demo $(PORT)

# Lint first (fast, no database), then the suite on SQLite, then on a throw-away PostgreSQL
# cluster (scripts/with-postgres).
test: setup system-packages
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# ruff: the bug-finding rules in pyproject.toml ([tool.ruff.lint]), no style or formatting.
# lint-imports: the import contracts in pyproject.toml ([tool.importlinter]): dependencies
# point one way, and apps use each other only through api.py. Both run, so one failure
# does not hide the other's findings. Caches live in .venv.
lint: setup
	$(BIN)/ruff check zgoda bench conftest.py; rc=$$?; \
	$(BIN)/lint-imports --config pyproject.toml --cache-dir $(VENV)/.import_linter_cache || rc=1; exit $$rc

test-sqlite: setup
	env -u DATABASE_URL ZGODA_DATA_DIR=$(TEST_DATA) $(MAKE) --no-print-directory test-current-db EXPECT_DB=sqlite

test-postgres: setup
	ZGODA_DATA_DIR=$(TEST_DATA) scripts/with-postgres $(MAKE) --no-print-directory test-current-db EXPECT_DB=postgresql

# The whole suite on whatever DATABASE_URL names; EXPECT_DB is checked by a test
# (zgoda/tests/test_suite_database.py), and a missing Chromium fails instead of skipping.
# pytest's exit code 5 (no tests collected) is a failure, said out loud.
test-current-db: setup
	@mkdir -p $(TEST_DATA)/static
	@DJANGO_SETTINGS_MODULE=zgoda.test_settings $(BIN)/python -c "$$SHOW_DB"
	ZGODA_TEST_EXPECT_DB=$(EXPECT_DB) ZGODA_REQUIRE_BROWSER=1 $(BIN)/pytest $(PYTEST_ARGS) \
	  || { rc=$$?; [ $$rc -ne 5 ] || echo "pytest collected no tests: that is a failure"; exit $$rc; }

# Catalogs in zgoda/locale (the .mo files are committed; zgoda/tests/test_translations.py
# fails when a .po and its .mo disagree or an English entry is untranslated or fuzzy).
messages: setup
	cd zgoda && ../$(BIN)/django-admin makemessages -l pl -l en --ignore='tests/*' --ignore='*/tests/*' --no-obsolete
	cd zgoda && ../$(BIN)/django-admin compilemessages
	@for l in pl en; do printf '%s: ' $$l; msgfmt --statistics -o /dev/null zgoda/locale/$$l/LC_MESSAGES/django.po; done

bench-login: setup
	$(BIN)/python bench/login.py

# Instructions per complete login (valgrind): what a change costs, unmoved by a busy machine.
.PHONY: bench-login-instructions
bench-login-instructions: setup
	scripts/ensure-debian-packages valgrind
	$(BIN)/python bench/profile_login.py --instructions --logins 30

clean:
	rm -rf $(VENV) var test-output

.PHONY: bench-export
bench-export: setup
	$(BIN)/python bench/export.py

.PHONY: bench-sms
bench-sms: setup
	$(BIN)/python bench/sms.py

.PHONY: bench-erasure
bench-erasure: setup
	$(BIN)/python bench/erasure.py

.PHONY: bench-campaign
bench-campaign: setup
	$(BIN)/python bench/campaign.py $(BENCH_CAMPAIGN_ARGS)
