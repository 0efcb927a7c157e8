"""Dynamic int8 quantization of an ONNX model's weights with ONNX Runtime, then a sanity check.

Weights become signed int8 with one scale per output channel; activations are quantized at run time
(DynamicQuantizeLinear + MatMulInteger), so no calibration data is needed. Signed weights matter on
x86: ONNX Runtime's VNNI kernels multiply uint8 activations by int8 weights, and uint8 weights fall back
to a slower path (use-lite-en on AVX512-VNNI: qint8 about 1.9x faster than quint8, equally accurate).

Usage: python quantize_onnx.py INPUT.onnx OUTPUT.onnx [--weight-type qint8|quint8] [--per-tensor]
       [--ops MatMul,Gather] [--min-cosine 0.98]
"""

import argparse
import os
import sys

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import QuantType, quantize_dynamic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--weight-type", choices=["qint8", "quint8"], default="qint8")
    parser.add_argument("--per-tensor", action="store_true", help="one scale per weight tensor, not per channel")
    parser.add_argument(
        "--ops",
        default="MatMul,Gather",
        help="op types to quantize (default MatMul,Gather: the int8 embedding table halves the file)",
    )
    parser.add_argument("--min-cosine", type=float, default=0.98, help="fail below this fp32-to-int8 cosine")
    args = parser.parse_args()

    partial = f"{args.output}.partial"
    quantize_dynamic(
        args.input,
        partial,
        op_types_to_quantize=args.ops.split(","),
        per_channel=not args.per_tensor,
        weight_type=QuantType.QInt8 if args.weight_type == "qint8" else QuantType.QUInt8,
        # Only MatMuls with a constant weight: attention's activation-by-activation products stay fp32.
        extra_options={"MatMulConstBOnly": True},
    )
    worst = min_cosine(args.input, partial)
    if worst < args.min_cosine:
        os.remove(partial)
        sys.exit(f"Quantized model drifts too far: min cosine {worst:.4f} < {args.min_cosine} on random inputs")
    os.replace(partial, args.output)
    size = os.path.getsize(args.output) / 1e6
    print(f"{args.output}: {size:.1f} MB, min cosine to fp32 on random token ids {worst:.4f}", file=sys.stderr)


def min_cosine(reference: str, quantized: str) -> float:
    """Runs both models on fixed random token ids and returns the worst cosine between their first outputs."""
    sessions = [ort.InferenceSession(path, providers=["CPUExecutionProvider"]) for path in (reference, quantized)]
    feeds = {}
    rng = np.random.default_rng(0)
    for model_input in sessions[0].get_inputs():
        if "mask" in model_input.name:
            feeds[model_input.name] = np.ones((8, 48), dtype=np.int64)
        elif "token_type" in model_input.name:  # one segment: XLM-R style models have a single type id
            feeds[model_input.name] = np.zeros((8, 48), dtype=np.int64)
        else:
            feeds[model_input.name] = rng.integers(5, 4000, size=(8, 48), dtype=np.int64)
    a, b = (session.run(None, feeds)[0].reshape(8, -1) for session in sessions)
    cosine = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return float(cosine.min())


if __name__ == "__main__":
    main()
