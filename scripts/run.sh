#!/usr/bin/env bash
# Start the action server and the Rasa server together; stop both on Ctrl-C.
#   scripts/run.sh           REST channel on $RASA_PORT (default 5005)
#   scripts/run.sh --shell   chat in this terminal instead
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT="${ACTION_PORT:-5055}"
MODEL="${MODEL:-models/miss-assistant.tar.gz}"
LOG_DIR="${LOG_DIR:-.run}"
mkdir -p "$LOG_DIR"
export PYTHONPATH="$PWD" TF_CPP_MIN_LOG_LEVEL=2

endpoints=endpoints.yml
if [ "$ACTION_PORT" != 5055 ]; then  # a second instance (tests) gets its own endpoints file
  endpoints="$LOG_DIR/endpoints-$ACTION_PORT.yml"
  sed "s#localhost:5055#localhost:$ACTION_PORT#" endpoints.yml > "$endpoints"
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

.venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" > "$LOG_DIR/actions-$ACTION_PORT.log" 2>&1 &
pids+=($!)

if [ "${1:-}" = "--shell" ]; then
  .venv/bin/rasa shell --model "$MODEL" --endpoints "$endpoints"
  exit 0
fi

.venv/bin/rasa run --model "$MODEL" --port "$RASA_PORT" --credentials credentials.yml \
  --endpoints "$endpoints" > "$LOG_DIR/rasa-$RASA_PORT.log" 2>&1 &
pids+=($!)

echo "Starting (about a minute)... logs in $LOG_DIR/"
for _ in $(seq 1 180); do
  if curl -sf "http://localhost:$RASA_PORT/" >/dev/null && curl -sf "http://localhost:$ACTION_PORT/health" >/dev/null; then
    cat <<MSG

The assistant is ready.
  REST channel: POST http://localhost:$RASA_PORT/webhooks/rest/webhook
  try:  curl -s -XPOST localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"what is a dural tear?"}'
  Ctrl-C stops both servers.
MSG
    wait -n "${pids[@]}"
    echo "A server stopped; see $LOG_DIR/ for its log." >&2
    exit 1
  fi
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "A server failed to start; see $LOG_DIR/:" >&2; tail -20 "$LOG_DIR"/*-"$RASA_PORT".log "$LOG_DIR"/actions-"$ACTION_PORT".log >&2; exit 1; }; done
  sleep 1
done
echo "Timed out waiting for the servers; see $LOG_DIR/" >&2
exit 1
