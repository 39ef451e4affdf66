# Two commands on a fresh machine: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)
TEST_DEBS := chromium kannel kannel-extras postgresql gettext
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup run test test-sqlite test-postgres system-packages messages bench-login lint clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

system-packages:
	scripts/ensure-debian-packages $(TEST_DEBS)

run: setup
	ZGODA_DEV_OUTBOX=1 ZGODA_ALLOW_OUTBOX_IN_PRODUCTION=1 scripts/serve-demo $(PORT)

test: setup system-packages
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: setup
	ZGODA_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: setup
	ZGODA_DATA_DIR=$(CURDIR)/var/test scripts/with-postgres $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

messages: setup
	cd zgoda && ../$(BIN)/django-admin makemessages -l pl -l en --no-obsolete && ../$(BIN)/django-admin compilemessages

bench-login: setup
	$(BIN)/python bench/login.py

clean:
	rm -rf $(VENV) var test-output
