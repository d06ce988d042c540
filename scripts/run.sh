#!/usr/bin/env bash
# Start the action server, the Rasa server(s) and the static web server together; stop them on Ctrl-C.
#   scripts/run.sh           REST channel on $RASA_PORT (default 5005)
#   scripts/run.sh --shell   chat in this terminal instead
# Messaging channels (SMS/WhatsApp, Telegram, Slack, Messenger) are switched on by environment variables:
# see docs/channels.md. The effective credentials file is written to $LOG_DIR/credentials.yml.
# Web: the demo clinic page with the chat widget and the kiosk on http://localhost:$WEB_PORT (default
# 8080), talking socket.io to Rasa; pages from other origins need MISS_WEB_ORIGINS (see docs/web.md).
# Rasa's HTTP API (/status, /conversations/...) is on only with MISS_API_TOKEN, and then needs it
# (MISS_API_JWT_SECRET: HS256 JWTs too); REST rate limits: MISS_RATE_*; see docs/security.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT="${ACTION_PORT:-5055}"
MODEL="${MODEL:-models/miss-assistant.tar.gz}"
# A second instance (other ports) keeps its logs, settings files and database apart, under .run/<port>/
if [ "$RASA_PORT" = 5005 ]; then LOG_DIR="${LOG_DIR:-.run}"; else LOG_DIR="${LOG_DIR:-.run/$RASA_PORT}"; fi
WEB_PORT="${WEB_PORT:-8080}"
WEB_HOST="${WEB_HOST:-localhost}"                            # where the static web server listens
WEB_RASA_URL="${WEB_RASA_URL:-http://localhost:$RASA_PORT}"  # where browsers reach Rasa
# Pages allowed to talk to Rasa from a browser: never "*". Read by addons/channels/web_socketio.py and given to --cors.
export MISS_WEB_ORIGINS="${MISS_WEB_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}"
mkdir -p "$LOG_DIR"
export TF_CPP_MIN_LOG_LEVEL=2

if [ "${1:-}" = "--shell" ]; then
  # endpoints.yml with the storage and action server that MISS_* variables choose (scripts/endpoints.py)
  export MISS_ACTION_URL="${MISS_ACTION_URL:-http://localhost:$ACTION_PORT/webhook}"
  export MISS_SQLITE_PATH="${MISS_SQLITE_PATH:-$LOG_DIR/conversations.sqlite}"
  endpoints="$LOG_DIR/endpoints-shell.yml"
  .venv/bin/python -m scripts.endpoints --out "$endpoints"
  # The action server is reached only by the Rasa server: it listens on loopback (SANIC_HOST).
  SANIC_HOST=127.0.0.1 .venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" > "$LOG_DIR/actions-$ACTION_PORT.log" 2>&1 &
  actions=$!
  trap 'kill "$actions" 2>/dev/null || true' EXIT INT TERM
  .venv/bin/python -m addons.rasa_server shell --model "$MODEL" --endpoints "$endpoints"  # rasa shell + the patches
  exit 0
fi

# The action server, the Rasa server(s) (two behind nginx where nginx and redis-server are installed: both
# cores; MISS_RASA_REPLICAS chooses), the channels and API the variables switch on, and the web server:
# scripts/serve.py, the same set-up `make bench` measures.
exec .venv/bin/python -m scripts.serve --model "$MODEL" --rasa-port "$RASA_PORT" --action-port "$ACTION_PORT" \
  --log-dir "$LOG_DIR" --web-host "$WEB_HOST" --web-port "$WEB_PORT" --web-rasa-url "$WEB_RASA_URL"
