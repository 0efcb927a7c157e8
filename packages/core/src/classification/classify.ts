import { LoreError, requireLanguageModel } from '../errors.js';
import type { LanguageModel } from '../spec/language-model.js';
import { requireScoring } from './require-scoring.js';

export interface ClassifyOptions {
  input: string;
  /** Two or more distinct labels; the model's reply is scored as each label in turn. */
  labels: string[];
  /** Optional guidance placed before the labels, e.g. "Is the review positive or negative?". */
  instruction?: string;
  abortSignal?: AbortSignal;
}

export interface ClassifyResult {
  /** The most probable label. */
  label: string;
  /** Every label with its probability; the probabilities sum to 1. */
  labels: { label: string; probability: number }[];
}

/**
 * Classifies `input` with the LLM as a classifier: each label is scored as the total log-probability of its
 * tokens as the reply, then the scores are normalised over the labels (softmax).
 */
export async function classifyWithModel(
  model: LanguageModel | undefined,
  options: ClassifyOptions,
): Promise<ClassifyResult> {
  const scorer = requireScoring(requireLanguageModel(model, 'Classifications'), 'classification');
  const labels = options.labels.map((label) => label.trim());
  if (labels.length < 2 || labels.some((label) => label.length === 0)) {
    throw new LoreError('BAD_REQUEST', 'Send at least two non-empty labels.');
  }
  if (new Set(labels).size !== labels.length) throw new LoreError('BAD_REQUEST', 'The labels must differ.');
  if (options.input.trim().length === 0)
    throw new LoreError('BAD_REQUEST', 'The input to classify is empty.');
  const instruction = options.instruction?.trim() || 'Classify the text.';
  const scores = await scorer.scoreContinuations({
    messages: [
      {
        role: 'user',
        content: `${instruction} Answer with one of these labels: ${labels.join(', ')}.\n\nText: ${options.input}\n\nLabel:`,
      },
    ],
    continuations: labels,
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  const probabilities = softmax(scores);
  const ranked = labels.map((label, index) => ({ label, probability: probabilities[index] as number }));
  const best = ranked.reduce((top, entry) => (entry.probability > top.probability ? entry : top));
  return { label: best.label, labels: ranked };
}

/** Normalises log-probabilities into probabilities that sum to 1. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const weights = logits.map((value) => Math.exp(value - max));
  const total = weights.reduce((sum, value) => sum + value, 0);
  return weights.map((value) => value / total);
}
