#!/usr/bin/env bash
# Start the action server, the Rasa server and the static web server together; stop them on Ctrl-C.
#   scripts/run.sh           REST channel on $RASA_PORT (default 5005)
#   scripts/run.sh --shell   chat in this terminal instead
# Messaging channels (SMS/WhatsApp, Telegram, Slack, Messenger) are switched on by environment variables:
# see docs/channels.md. The effective credentials file is written to $LOG_DIR/credentials-$RASA_PORT.yml.
# Web: the demo clinic page with the chat widget and the kiosk on http://localhost:$WEB_PORT (default
# 8080), talking socket.io to Rasa; pages from other origins need MISS_WEB_ORIGINS (see docs/web.md).
# Rasa's HTTP API (/status, /conversations/...) is on only with MISS_API_TOKEN, and then needs it
# (MISS_API_JWT_SECRET: HS256 JWTs too); REST rate limits: MISS_RATE_*; see docs/security.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT="${ACTION_PORT:-5055}"
MODEL="${MODEL:-models/miss-assistant.tar.gz}"
LOG_DIR="${LOG_DIR:-.run}"
WEB_PORT="${WEB_PORT:-8080}"
WEB_HOST="${WEB_HOST:-localhost}"                            # where the static web server listens
WEB_RASA_URL="${WEB_RASA_URL:-http://localhost:$RASA_PORT}"  # where browsers reach Rasa
# Pages allowed to talk to Rasa from a browser: never "*". Read by addons/channels/web_socketio.py and given to --cors.
export MISS_WEB_ORIGINS="${MISS_WEB_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}"
read -ra web_origins <<< "${MISS_WEB_ORIGINS//,/ }"
mkdir -p "$LOG_DIR"
export TF_CPP_MIN_LOG_LEVEL=2

# endpoints.yml, with the storage and action server that MISS_* variables choose (default: SQLite under
# .run/; PostgreSQL + Redis when MISS_TRACKER_DIALECT / MISS_REDIS_HOST are set; see scripts/endpoints.py).
if [ "$ACTION_PORT" != 5055 ]; then  # a second instance gets its own action server and database
  export MISS_ACTION_URL="${MISS_ACTION_URL:-http://localhost:$ACTION_PORT/webhook}"
  export MISS_SQLITE_PATH="${MISS_SQLITE_PATH:-$LOG_DIR/conversations-$RASA_PORT.sqlite}"
fi
endpoints="$LOG_DIR/endpoints-$RASA_PORT.yml"
storage=$(.venv/bin/python -m scripts.endpoints --out "$endpoints")

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# The action server is reached only by the Rasa server: it listens on loopback (SANIC_HOST).
SANIC_HOST="${ACTION_HOST:-127.0.0.1}" .venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" > "$LOG_DIR/actions-$ACTION_PORT.log" 2>&1 &
pids+=($!)

if [ "${1:-}" = "--shell" ]; then
  .venv/bin/python -m addons.rasa_server shell --model "$MODEL" --endpoints "$endpoints"  # rasa shell + the patches
  exit 0
fi

# credentials.yml + the channels whose environment variables are set (${VAR} references, no secrets).
credentials="$LOG_DIR/credentials-$RASA_PORT.yml"
channels=$(.venv/bin/python -m scripts.credentials --out "$credentials")
echo "$channels"
# --enable-api --auth-token only from MISS_API_TOKEN, added inside scripts/rasa_run.py (never on a command line)
api=$(.venv/bin/python -m scripts.rasa_run --describe)
echo "$api"

.venv/bin/python -m scripts.rasa_run --model "$MODEL" --port "$RASA_PORT" --credentials "$credentials" \
  --endpoints "$endpoints" --cors "${web_origins[@]}" > "$LOG_DIR/rasa-$RASA_PORT.log" 2>&1 &
pids+=($!)

.venv/bin/python -m scripts.web_server --host "$WEB_HOST" --port "$WEB_PORT" --rasa-url "$WEB_RASA_URL" --endpoints "$endpoints" \
  > "$LOG_DIR/web-$WEB_PORT.log" 2>&1 &
pids+=($!)

echo "Starting (about a minute)... logs in $LOG_DIR/"
for _ in $(seq 1 180); do
  if curl -sf "http://localhost:$RASA_PORT/" >/dev/null && curl -sf "http://localhost:$ACTION_PORT/health" >/dev/null \
     && curl -sf "http://$WEB_HOST:$WEB_PORT/runtime.js" >/dev/null; then
    cat <<MSG

The assistant is ready.
  REST channel: POST http://localhost:$RASA_PORT/webhooks/rest/webhook
  Website widget (demo clinic page): http://$WEB_HOST:$WEB_PORT/
  Front-desk kiosk:                  http://$WEB_HOST:$WEB_PORT/kiosk/
  Staff console (login):             http://$WEB_HOST:$WEB_PORT/console/  (accounts: make console-user, docs/console.md)
  socket.io for pages from:          $MISS_WEB_ORIGINS
  $channels
  $storage
  $api
  try:  curl -s -XPOST localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"what is a dural tear?"}'
  Ctrl-C stops the servers.
MSG
    wait -n "${pids[@]}"
    echo "A server stopped; see $LOG_DIR/ for its log." >&2
    exit 1
  fi
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "A server failed to start; see $LOG_DIR/:" >&2; tail -20 "$LOG_DIR"/*-"$RASA_PORT".log "$LOG_DIR"/actions-"$ACTION_PORT".log "$LOG_DIR/web-$WEB_PORT.log" >&2; exit 1; }; done
  sleep 1
done
echo "Timed out waiting for the servers; see $LOG_DIR/" >&2
exit 1
