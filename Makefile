# Two commands on a fresh machine (see README): `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: demo test setup install install-embeddings install-dev lint run-worker run-bot

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Optional: torch and sentence-transformers, for an EMBEDDING_MODEL other than the default numpy embedder.
$(VENV)/.embeddings-installed: requirements.txt requirements-embeddings.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-embeddings.txt
	touch $(VENV)/.runtime-installed $@

$(VENV)/.dev-installed: requirements.txt requirements-embeddings.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $(VENV)/.embeddings-installed $@

install: $(VENV)/.runtime-installed
install-embeddings: $(VENV)/.embeddings-installed
install-dev: $(VENV)/.dev-installed

# A development .env: debug on, a fresh secret key and encryption key. An existing .env is never overwritten.
.env: | $(BIN)/python
	$(BIN)/python scripts/make_dev_env.py .env.example .env

# migrate is the whole database set-up: a migration of operations creates the database cache's table.
setup: install .env
	$(MANAGE) migrate --noinput

demo: setup
	$(MANAGE) build_campaign --name "Диваны от фабрики" --url "https://example.com/divany" \
		--description "Диваны и кровати от фабрики: прямые, угловые, модульные" \
		--benefits "Доставка за 1 день, Гарантия 2 года, Рассрочка 0%" \
		--keywords-file sample/keywords.csv --page-file sample/landing.html \
		--region 213 --budget 30000 --out exports/demo-campaign.xlsx

test: install-dev
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	DJANGO_DEBUG=true $(MANAGE) makemigrations --check --dry-run

run-worker: setup
	$(BIN)/celery -A directhelper worker --beat --loglevel=info

run-bot: setup
	$(MANAGE) runbot
