import { LoreError } from '@lore/core/errors';
import type { Pooling } from './known-models.js';

/** The parts of a transformers.js Tensor pooling reads. */
export interface TensorLike {
  dims: readonly number[];
  data: ArrayLike<number | bigint>;
}

/**
 * Turns a model output into one vector per input, straight from the flat output buffer (no tensor copies):
 * `mean` averages the tokens the attention mask keeps, `cls` takes the first position, `none` takes an
 * output that is already one vector per input (`[batch, dim]` or `[batch, 1, dim]`).
 */
export function poolEmbeddings(
  output: TensorLike,
  attentionMask: TensorLike,
  pooling: Pooling,
  normalize: boolean,
): number[][] {
  const [batch = 0, second = 1, third] = output.dims;
  const tokens = third === undefined ? 1 : second;
  const width = third ?? second;
  const data = output.data as ArrayLike<number>;
  if (pooling === 'none' && tokens !== 1) {
    throw new LoreError(
      'BAD_REQUEST',
      `Pooling "none" needs a model that outputs one vector per input, but this one outputs ${tokens} token vectors. Use pooling "mean" or "cls".`,
    );
  }
  const mask = attentionMask.data;
  const maskTokens = attentionMask.dims[1] ?? 0;
  if (pooling === 'mean' && tokens !== maskTokens && tokens !== 1) {
    throw new LoreError(
      'BAD_REQUEST',
      `Pooling "mean" cannot apply: the model outputs ${tokens} positions for ${maskTokens} tokens.`,
    );
  }
  const vectors: number[][] = [];
  for (let row = 0; row < batch; row++) {
    const base = row * tokens * width;
    const vector = new Float64Array(width);
    if (pooling === 'mean' && tokens > 1) {
      let kept = 0;
      for (let token = 0; token < tokens; token++) {
        if (!Number(mask[row * maskTokens + token])) continue;
        kept++;
        const offset = base + token * width;
        for (let k = 0; k < width; k++) vector[k] = (vector[k] as number) + (data[offset + k] as number);
      }
      if (kept) for (let k = 0; k < width; k++) vector[k] = (vector[k] as number) / kept;
    } else {
      for (let k = 0; k < width; k++) vector[k] = data[base + k] as number;
    }
    if (normalize) normalizeInPlace(vector);
    vectors.push(Array.from(vector));
  }
  return vectors;
}

function normalizeInPlace(vector: Float64Array): void {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let k = 0; k < vector.length; k++) vector[k] = (vector[k] as number) / norm;
}
