import { LoreError, throwIfAborted } from '@lore/core/errors';
import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { commonPrefixLength } from './llama-cpp-sampling.js';

/**
 * Log-probability of each continuation (as tokens) after `prompt`, evaluated on one context sequence.
 * The prompt is evaluated once; each continuation is appended, scored from the
 * logits of the tokens before it, then erased again.
 */
export async function scoreOnSequence(
  sequence: LlamaContextSequence,
  prompt: readonly Token[],
  continuations: readonly (readonly Token[])[],
  abortSignal?: AbortSignal,
  options: { reusePrefix?: boolean } = {},
): Promise<number[]> {
  if (prompt.length === 0)
    throw new LoreError('BAD_REQUEST', 'Cannot score continuations of an empty prompt.');
  const longest = Math.max(0, ...continuations.map((tokens) => tokens.length));
  if (prompt.length + longest > sequence.contextSize) {
    throw new LoreError(
      'BAD_REQUEST',
      `The prompt and continuation need ${prompt.length + longest} tokens but the context holds ${sequence.contextSize}. Shorten the input.`,
    );
  }
  // By default the prompt is evaluated afresh: reusing a cached prefix splits it into other batches, which
  // moves the log-probabilities by ~1e-3, enough to flip close labels. The last prompt token is evaluated
  // with each continuation, since its logits score the continuation's first token.
  const kept = options.reusePrefix ? commonPrefixLength(sequence.contextTokens, prompt.slice(0, -1)) : 0;
  await eraseFrom(sequence, kept);
  if (prompt.length - 1 > kept) await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(kept, -1));
  const last = prompt[prompt.length - 1] as Token;
  const scores: number[] = [];
  for (const tokens of continuations) {
    throwIfAborted(abortSignal);
    if (tokens.length === 0) {
      scores.push(0);
      continue;
    }
    const inputs = [last, ...tokens.slice(0, -1)];
    const results = await sequence.controlledEvaluate(
      inputs.map((token, index) => [
        token,
        {
          generateNext: {
            logits: { filter: { tokens: [tokens[index] as Token], includeTop: 1 } },
            totalLogitWeight: true,
            // `includeTop: 1` brings the max logit (`includeMax` does not in 3.22); no top-k/top-p truncation.
            options: { temperature: 1, topK: 0, topP: 1, minP: 0 },
          },
        },
      ]),
    );
    let total = 0;
    tokens.forEach((token, index) => {
      const next = results[index]?.next;
      const logits = next?.logits;
      if (!logits?.has(token) || next?.totalLogitWeight === undefined) {
        throw new LoreError('INTERNAL', 'llama.cpp returned no logits for a scored token.');
      }
      const max = Math.max(...logits.values());
      // log softmax: logit - max - log(sum(exp(logit - max))).
      total += (logits.get(token) as number) - max - Math.log(next.totalLogitWeight);
    });
    scores.push(total);
    await eraseFrom(sequence, prompt.length - 1);
  }
  return scores;
}

async function eraseFrom(sequence: LlamaContextSequence, start: number): Promise<void> {
  const end = sequence.nextTokenIndex;
  if (start < end) await sequence.eraseContextTokenRanges([{ start, end }]);
}
