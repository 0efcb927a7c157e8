/** A running estimate of how fast a model reads a prompt here, measured from the answers it gives. */
export interface PrefillRate {
  /** Prompt tokens per second, as last measured (a guess before the first measurement). */
  tokensPerSecond(): number;
  /** Records one prompt: `tokens` read before the first token came after `seconds`. */
  record(tokens: number, seconds: number): void;
}

/**
 * Starts from `initial` (default 50 tokens/s, a small model on two CPU cores) and follows each measurement
 * with a moving average; the first measurement replaces the guess. Prompts under `minTokens` say more
 * about fixed costs than about speed, so they are not counted.
 */
export function createPrefillRate(options: { initial?: number; minTokens?: number } = {}): PrefillRate {
  let rate = options.initial ?? 50;
  let measured = false;
  const minTokens = options.minTokens ?? 32;
  return {
    tokensPerSecond: () => rate,
    record(tokens, seconds) {
      if (!(tokens >= minTokens) || !(seconds > 0)) return;
      const sample = tokens / seconds;
      rate = measured ? 0.7 * rate + 0.3 * sample : sample;
      measured = true;
    },
  };
}
