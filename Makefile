# The MISS-risks assistant. `make run` and `make test` are all a fresh clone needs (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/miss-assistant.tar.gz
PIPELINE := build/spacy/miss_en/meta.json
WEB_DEPS := build/web/node_modules/.installed
# Everything the trained model depends on (its NLU components included; data/reviewed/ is what the staff
# console's review queue labels, docs/console.md); content/, the triage rules and
# the channels are read by the servers at start-up instead.
MODEL_INPUTS := config.yml domain.yml $(wildcard data/*.yml data/reviewed/*.yml) addons/input_guard.py addons/linear_intent_classifier.py \
  addons/intent_router.py addons/misspelt_terms.py $(PIPELINE)
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help cluster bench-cluster test-scale purge setup pipeline train run shell test lint typecheck test-unit test-data test-stories test-e2e test-channels web test-web test-console test-handoff console-user content-sync eval bench clean

.DEFAULT_GOAL := setup  # `make` alone sets up, as before `make help` existed

# Every target has a `## target: what it does` line (continued on the `##` lines below it): `make help`
# prints them. Plain `#` lines are notes for whoever reads this file.
## help: list every target with what it does
help:
	@awk '/^## [a-z][a-z0-9-]*:/ { line = substr($$0, 4); i = index(line, ":"); \
	    printf "%-15s%s\n", substr(line, 1, i - 1), substr(line, i + 2); more = 1; next } \
	  more && /^## / { printf "%-15s%s\n", "", substr($$0, 4); next } { more = 0 }' $(firstword $(MAKEFILE_LIST))

## setup: find Python 3.10, create .venv, install the pinned dependency set (requirements.lock) and the
## project itself in editable mode (pyproject.toml), so that its packages import from anywhere
setup: $(VENV)/.installed
$(VENV)/.installed: requirements.lock pyproject.toml
	@PY310=$$(scripts/find_python310.sh) || exit 1; \
	  [ -x $(PY) ] || { echo "Creating $(VENV) with $$PY310"; $$PY310 -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade "pip==24.0"
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

## pipeline: build the project's own spaCy pipeline and data/synonyms.yml from spacy_pipeline/terms.yml
pipeline: $(PIPELINE)
$(PIPELINE): spacy_pipeline/terms.yml spacy_pipeline/build.py $(VENV)/.installed
	$(PY) spacy_pipeline/build.py

## train: train only when data, domain, config, NLU add-ons or the spaCy pipeline changed
train: $(MODEL)
$(MODEL): $(MODEL_INPUTS) $(VENV)/.installed
	@mkdir -p build; start=$$(date +%s); \
	  $(RASA) train --force --fixed-model-name miss-assistant --out models && \
	  echo $$(( $$(date +%s) - start )) > build/train_seconds.txt
	@touch $@

## run: start the action server and the Rasa server(s) (REST at http://localhost:5005/webhooks/rest/webhook;
## two Rasa servers behind nginx where nginx and redis-server are installed: both cores)
run: $(MODEL) $(WEB_DEPS)
	scripts/run.sh

## shell: chat with the assistant in this terminal
shell: $(MODEL)
	scripts/run.sh --shell

## test: lint, type check, secret scan, unit tests, data validation, conversation tests, end-to-end over REST, messaging
## channels, browser, the staff console, and the scaled-out set (PostgreSQL, Redis, nginx, 2+2 replicas)
test: lint typecheck scan-secrets test-unit test-data test-stories test-e2e test-channels test-web test-console test-handoff test-scale

## lint: ruff's lint rules and its formatter's check over all Python files (settings in pyproject.toml)
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## typecheck: mypy over actions/, addons/, console/, scripts/ and spacy_pipeline/ (settings in pyproject.toml)
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

## test-unit: the unit tests: everything in tests/ but e2e, channels, web, the console's browser tests and scale
## (no server started)
test-unit: $(PIPELINE)
	$(PY) -m pytest -q tests --ignore=tests/e2e --ignore=tests/web --ignore=tests/channels --ignore=tests/scale \
	  --ignore=tests/console/browser --ignore=tests/handoff/browser

## test-data: rasa data validate --fail-on-warning (domain, NLU data, rules and stories agree)
test-data: $(PIPELINE)
	$(RASA) data validate --fail-on-warning

## test-stories: the conversation tests of tests/test_stories.yml against the trained model (results/core)
test-stories: $(MODEL)
	$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml --fail-on-prediction-errors --out results/core

## test-e2e: end-to-end tests over REST against the real action and Rasa servers (tests/e2e)
test-e2e: $(MODEL)
	$(PY) -m pytest -q tests/e2e

## test-channels: SMS, WhatsApp, Telegram, Slack, Messenger webhooks, and live handoff on each, against the servers (ports 5605/5655)
## and a loopback stub of each platform's API (port 5705); nothing reaches the internet
test-channels: $(MODEL)
	$(PY) -m pytest -q tests/channels

## test-scale: the scaled-out set on loopback (ports 5800-5840): 40 conversations x 6 turns through nginx
## over 2 Rasa replicas, then again with one replica killed mid-run; figures in results/scale/replicas.json;
## the default run's two replicas (follow-ups across them, socket.io through nginx); and the staff console over
## the cluster (the dashboard counting both replicas from the PostgreSQL event stream, a deletion from both
## databases, an approved content change and phone number live on every replica within a minute:
## results/scale/console.json)
test-scale: $(MODEL)
	$(PY) -m pytest -q -s tests/scale

## cluster: the scaled-out set on this machine (nginx :5200 -> 2 Rasa replicas, 2 action servers,
## PostgreSQL with the tracker store's and the event stream's databases, Redis; needs Debian's postgresql
## redis-server nginx); Ctrl-C stops it. docs/scaling.md
cluster: $(MODEL)
	$(PY) -m scripts.cluster

## bench-cluster: per-replica capacity of the scaled-out set (1 Rasa + 1 action server, PostgreSQL, Redis,
## nginx; ~3 min) -> reports/cluster-capacity.json, the figures docs/scaling.md plans from
bench-cluster: $(MODEL)
	$(PY) -m scripts.bench_cluster

## web: the browser packages (rasa-webchat, socket.io-client, axe-core) from npm into build/web, exactly as
## web/package-lock.json pins them; the pages load them from our own server, never from a CDN
web: $(WEB_DEPS)
$(WEB_DEPS): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the web pages (Debian: apt-get install -y npm)"; exit 1; }
	mkdir -p build/web
	cp web/package.json web/package-lock.json build/web/
	npm ci --prefix build/web --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

## test-web: the website widget and the kiosk in headless Chromium (/usr/bin/chromium, driven by Playwright;
## servers on ports 5505/5555 and 8180); screenshots in results/screenshots/
test-web: $(MODEL) $(WEB_DEPS) $(VENV)/.installed
	@command -v chromium >/dev/null || { echo "Chromium is needed: apt-get install -y chromium"; exit 1; }
	$(PY) -m pytest -q tests/web

## test-console: the staff console in headless Chromium (login, lockout, roles, CSRF, audit, dashboard, axe) against
## the real servers (Rasa 6205, actions 6255, web 6280); screenshots in results/screenshots/console-*
test-console: $(MODEL) $(WEB_DEPS) $(VENV)/.installed
	@command -v chromium >/dev/null || { echo "Chromium is needed: apt-get install -y chromium"; exit 1; }
	$(PY) -m pytest -q tests/console/browser

## test-handoff: live handoff in headless Chromium, the patient's widget and the staff console side by side (ask for
## a person, take, reply, an emergency during it, hand back; outside hours; nobody in time; roles; the offer after
## two declines) against the real servers (Rasa 6805, actions 6855, web 6880), and with two Rasa replicas behind
## nginx (6905-6908, 6955, 6980); times in results/web-tests.json (handoff_seconds)
test-handoff: $(MODEL) $(WEB_DEPS) $(VENV)/.installed
	@command -v chromium >/dev/null || { echo "Chromium is needed: apt-get install -y chromium"; exit 1; }
	$(PY) -m pytest -q tests/handoff/browser

## console-user: create a staff console account: make console-user NAME=alice ROLE=admin (viewer, editor,
## approver or admin; asks for the password; docs/console.md)
console-user: $(VENV)/.installed
	@[ -n "$(NAME)" ] && [ -n "$(ROLE)" ] || { echo "usage: make console-user NAME=alice ROLE=viewer|editor|approver|admin"; exit 2; }
	$(PY) -m console add-user "$(NAME)" --role "$(ROLE)"

## content-sync: bring content/ and domain.yml (clinic numbers, English emergency replies) up to date from the
## versions approved in the staff console (the content store, MISS_CONTENT_STORE; drafts never); logged in the
## console's audit log
content-sync: $(VENV)/.installed
	$(PY) -m console content-sync

## eval: NLU cross-validation, the held-out sets over REST, a keyword-search baseline, reading grades
## (~7 min) -> reports/eval.md
eval: $(MODEL)
	$(PY) -m scripts.evaluate

## bench: the assistant beside a bare `rasa init` bot over REST on loopback (~5 min): latency, throughput,
## start-up, CPU and memory -> reports/bench.md
bench: $(MODEL)
	$(PY) -m scripts.bench

## purge: delete conversations idle longer than the retention period (endpoints.yml, default 30 days), from the
## tracker store and the console's event stream, and console audit entries past MISS_AUDIT_RETENTION_DAYS
purge: $(VENV)/.installed
	$(PY) -m scripts.purge_conversations
	$(PY) -m console purge

## clean: delete what setup, builds and runs leave besides .venv (build/, models/, results/, .rasa/)
clean:
	rm -rf build models results .rasa

## scan-secrets: fail when a file of the repository (tracked, or new and not git-ignored) holds a possible
## secret that .secrets.baseline does not list as reviewed (detect-secrets 1.5.0; --no-verify: nothing is
## sent anywhere to check a finding), or when a baseline entry is not marked reviewed as not a secret
# A finding in your change: remove the secret (use an environment variable or a Kubernetes Secret). Only
# if it is not a secret (a test fixture, a variable's name), add it to the baseline and mark it reviewed:
#   .venv/bin/detect-secrets scan --no-verify --baseline .secrets.baseline $(git ls-files -co --exclude-standard)
#   .venv/bin/detect-secrets audit .secrets.baseline   # "Should this string be committed?": y (not a secret)
# Moved lines are fine (entries are matched by file and hash); the hook's rewrite of the line numbers goes
# to a temporary copy.
scan-secrets: $(VENV)/.installed
	@$(PY) -c 'import json, sys; r = json.load(open(".secrets.baseline"))["results"]; bad = [f + ":" + str(s["line_number"]) for f in r for s in r[f] if s.get("is_secret") is not False]; bad and sys.exit("scan-secrets: entries of .secrets.baseline not reviewed as false positives (detect-secrets audit .secrets.baseline): " + " ".join(bad))'
	@baseline=$$(mktemp); trap 'rm -f "$$baseline"' EXIT; cp .secrets.baseline "$$baseline"; \
	  mapfile -d '' listed < <(git ls-files -z --cached --others --exclude-standard); files=(); \
	  for f in "$${listed[@]}"; do [ -f "$$f" ] && [ "$$f" != .secrets.baseline ] && files+=("$$f"); done; \
	  out=$$($(VENV)/bin/detect-secrets-hook --no-verify --baseline "$$baseline" "$${files[@]}" 2>&1); rc=$$?; \
	  if [ $$rc = 0 ] || [ $$rc = 3 ]; then echo "scan-secrets: no new secret in $${#files[@]} files"; exit 0; fi; \
	  echo "$$out" >&2; echo "scan-secrets: FAILED: possible secrets above are not in .secrets.baseline (see the Makefile)" >&2; exit 1
.PHONY: scan-secrets
