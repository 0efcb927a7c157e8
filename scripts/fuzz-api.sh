#!/usr/bin/env bash
# Drives the OpenAPI document with schemathesis against the real server on a temporary data folder.
# Checks: no 5xx (not_a_server_error) and responses that match the documented schemas.
# Usage: scripts/fuzz-api.sh [max examples per operation, default 30]. Exit status: schemathesis's.
# Env: LORE_FUZZ_VENV (default ~/.cache/lore/venv-schemathesis), LORE_FUZZ_SEED, LORE_TEST_MODELS_DIR
# (folder with use-lite-en), LORE_FUZZ_LLM (a GGUF for the answer routes; without one they answer 503
# MODEL_UNAVAILABLE by design, so they are left out).
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-30}"
venv="${LORE_FUZZ_VENV:-$HOME/.cache/lore/venv-schemathesis}"
seed="${LORE_FUZZ_SEED:-$RANDOM}"
models="${LORE_TEST_MODELS_DIR:-$(cd ../shared/models && pwd)}"

[ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
# Pinned; a no-op when already installed. Hypothesis after 6.131.14 breaks schemathesis 3.x.
"$venv/bin/pip" install -q --disable-pip-version-check 'schemathesis==3.39.16' 'hypothesis==6.131.14'

data="$(mktemp -d -t lore-fuzz-XXXXXX)"
log="$data/server.log"
# LORE_FUZZ_LLM=<gguf> also drives the answer routes through a real model (slow: minutes per route).
llm="${LORE_FUZZ_LLM:-none}"
HOST=127.0.0.1 PORT=0 LORE_DATA_DIR="$data/lore" LORE_MODELS_DIR="$models" LORE_EMBEDDING_MODEL=use-lite-en \
  LORE_LLM_MODEL="$llm" LORE_LLM_CONTEXT=2048 LORE_RATE_LIMIT_PER_MINUTE=0 LORE_SHUTDOWN_TIMEOUT_MS=5000 \
  node --conditions=lore-source --import tsx apps/api/src/main.ts >"$log" 2>&1 &
server=$!
cleanup() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

url=""
for _ in $(seq 1 600); do
  url="$(grep -o 'listening on http://[^ ]*' "$log" | head -n 1 | cut -d' ' -f3 || true)"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; echo "fuzz-api: the server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$log"; echo "fuzz-api: the server did not start in 60 s" >&2; exit 1; }

# A collection with one document, so the collection routes get past 404 and reach their handlers.
curl -sf -X POST "$url/v1/collections" -H 'content-type: application/json' -d '{"name":"fuzz"}' >/dev/null
curl -sf -X POST "$url/v1/collections/fuzz/documents?wait=true" -H 'content-type: application/json' \
  -d '{"text":"Owls hunt at night and can turn their heads 270 degrees.","title":"Owls"}' >/dev/null

echo "fuzz-api: $url, $examples examples per operation, seed $seed, LLM $llm"
# Without an LLM the answer routes are 503 MODEL_UNAVAILABLE by design, so they are left out.
answers='^/v1/(collections/[^/]+/ask|chat|chats|classify|agents|objects)'
# With a model the answer routes are driven too: an agent run can take tens of seconds on 2 cores, so a
# longer request timeout and hypothesis' deadline per example at its maximum (5 min; schemathesis' own
# default is 15 s).
timing=(--request-timeout 60000)
if [ "$llm" != "none" ]; then
  answers='^$'
  timing=(--request-timeout 240000 --hypothesis-deadline 300000)
fi
run() {
  SCHEMATHESIS_TELEMETRY=false "$venv/bin/st" run "$url/openapi.json" --base-url "$url" \
    --experimental=openapi-3.1 \
    --checks not_a_server_error,response_schema_conformance \
    --data-generation-method "${LORE_FUZZ_GENERATION:-all}" \
    --set-path name=fuzz \
    --hypothesis-max-examples "$examples" --hypothesis-seed "$seed" \
    --hypothesis-suppress-health-check all --generation-with-security-parameters false \
    "${timing[@]}" --workers 2 \
    --exclude-path-regex "$answers" ${LORE_FUZZ_CASSETTE:+--cassette-path "$LORE_FUZZ_CASSETTE"} "$@"
}
# Reads and writes first, deletes last: a DELETE of the seeded collection would leave the rest at 404.
# (schemathesis ANDs different --include-*/--exclude-* options, hence two runs.)
status=0
run --include-method-regex '^(GET|POST|PUT|PATCH)$' || status=$?
run --include-method DELETE || status=$?
if [ "$status" != 0 ]; then
  echo "fuzz-api: failures above; replay with LORE_FUZZ_SEED=$seed. Server log:" >&2
  grep -v '^\s*$' "$log" | tail -n 60 >&2
fi
exit "$status"
