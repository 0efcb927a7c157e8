#!/usr/bin/env bash
# Copies the use-lite-en test model into the cache and adds int8 weights, onnx/model_quantized.onnx (what
# transformers.js loads for dtype "q8"), made by ONNX Runtime's dynamic quantization in a venv in the cache.
# Idempotent: an up-to-date copy is reused. Prints the models folder (the parent of use-lite-en) last.
# Usage: scripts/prepare-embedding-model.sh [SOURCE_MODELS_DIR]
#   SOURCE_MODELS_DIR holds use-lite-en/; default $LORE_TEST_MODELS_DIR, else ../shared/models beside the repo.
#   e.g. export LORE_TEST_QUANTIZED_MODELS_DIR="$(scripts/prepare-embedding-model.sh | tail -1)"
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="use-lite-en"
source_root="${1:-${LORE_TEST_MODELS_DIR:-$repo/../shared/models}}"
source="$source_root/$model"
cache="${LORE_CACHE_DIR:-$HOME/.cache/lore}"
models="$cache/models"
target="$models/$model"
venv="$cache/venvs/onnx-quantize"
python="${PYTHON:-python3}"
# Pinned so the int8 weights are reproducible; bump both together.
requirements=(onnxruntime==1.32.0 onnx==1.23.2)
quantize_args=(--weight-type qint8 --ops MatMul,Gather)

if [ ! -s "$source/onnx/model.onnx" ] || [ ! -s "$source/tokenizer.json" ]; then
  echo "No $model model in $source_root (need $model/onnx/model.onnx and tokenizer.json)." \
    "Pass the folder that holds $model/ as the first argument or set LORE_TEST_MODELS_DIR." >&2
  exit 1
fi

# The stamp names everything the output depends on; a match means the copy is current.
stamp="$(
  sha256sum "$source/onnx/model.onnx" "$source/tokenizer.json" "$source/config.json" \
    "$repo/scripts/quantize_onnx.py" | cut -d' ' -f1
  echo "${requirements[*]} ${quantize_args[*]}"
)"
if [ -s "$target/onnx/model_quantized.onnx" ] && [ "$(cat "$target/.lore-stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "$models"
  exit 0
fi

if ! "$venv/bin/python" -c 'import onnx, onnxruntime' 2>/dev/null; then
  echo "Installing ${requirements[*]} into $venv" >&2
  "$python" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}" >&2
fi

mkdir -p "$models"
work="$(mktemp -d "$models/.$model.XXXXXX")"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cp -R "$source/." "$work/"
chmod -R u+w "$work" # the shared copy is read-only; a later refresh must be able to replace this one
"$venv/bin/python" "$repo/scripts/quantize_onnx.py" \
  "$source/onnx/model.onnx" "$work/onnx/model_quantized.onnx" "${quantize_args[@]}" >&2
printf '%s\n' "$stamp" >"$work/.lore-stamp"

rm -rf "$target"
mv "$work" "$target"
echo "$models"
