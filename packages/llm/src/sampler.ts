import type { SamplingOptions } from '@lore/core/spec';

/** Picks the next token from a row of logits; stateful only through its seeded random source. */
export type Sampler = (logits: ArrayLike<number>, previous: readonly number[]) => number;

/** A small seeded PRNG (mulberry32): the same seed gives the same stream of numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Creates a sampler: repetition penalty, then top-k, then top-p and min-p over the tempered distribution;
 * a temperature of 0 (the default) is greedy.
 */
export function createSampler(options: SamplingOptions): Sampler {
  const temperature = options.temperature ?? 0;
  const random = createRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  const penalty = options.repetitionPenalty ?? 1;

  return (row, previous) => {
    const logits = Float64Array.from(row as ArrayLike<number>);
    if (penalty !== 1) {
      // CTRL-style penalty over the last 64 tokens, as llama.cpp does by default.
      for (const token of new Set(previous.slice(-64))) {
        const value = logits[token] as number;
        logits[token] = value > 0 ? value / penalty : value * penalty;
      }
    }
    if (temperature <= 0) return argmax(logits);

    let candidates = Array.from(logits.keys()).sort((a, b) => (logits[b] as number) - (logits[a] as number));
    if (options.topK && options.topK > 0) candidates = candidates.slice(0, options.topK);
    const top = logits[candidates[0] as number] as number;
    const weights = candidates.map((token) => Math.exp(((logits[token] as number) - top) / temperature));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let keep = candidates.length;
    if (options.topP !== undefined && options.topP < 1) {
      let cumulative = 0;
      keep = candidates.findIndex((_, index) => {
        cumulative += (weights[index] as number) / total;
        return cumulative >= (options.topP as number);
      });
      keep = keep < 0 ? candidates.length : keep + 1;
    }
    if (options.minP !== undefined && options.minP > 0) {
      const floor = (weights[0] as number) * options.minP;
      const below = weights.findIndex((weight) => weight < floor);
      if (below >= 0) keep = Math.min(keep, Math.max(1, below));
    }
    const kept = weights.slice(0, keep);
    let target = random() * kept.reduce((sum, weight) => sum + weight, 0);
    for (let index = 0; index < keep; index++) {
      target -= kept[index] as number;
      if (target <= 0) return candidates[index] as number;
    }
    return candidates[keep - 1] as number;
  };
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let index = 1; index < values.length; index++)
    if ((values[index] as number) > (values[best] as number)) best = index;
  return best;
}

/** Merges per-request settings over the model's defaults, ignoring keys set to `undefined`. */
export function mergeSampling(defaults: SamplingOptions, request: SamplingOptions): SamplingOptions {
  const merged: SamplingOptions = { ...defaults };
  for (const [key, value] of Object.entries(request)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
