import type { ChatMessage, LanguageModel } from '../spec/language-model.js';

/**
 * How the answerability check's user message ends, after the same sources and question as the answer's: the
 * two prompts share everything before it, so the model's cache of the check serves the answer.
 */
export const ANSWERABILITY_REQUEST = 'Do the sources state the answer to the question? Reply yes or no.';

const yes = ['Yes', 'yes'];
const no = ['No', 'no'];

/** log(sum(exp(values))), computed stably. */
function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  return max + Math.log(values.reduce((sum, value) => sum + Math.exp(value - max), 0));
}

/**
 * The LLM as a classifier of the evidence: the probability that it replies "yes" rather than "no" when asked
 * whether the sources state the answer, from the log-probabilities of the reply's first token (either case).
 * Undefined when the model cannot score tokens. The prefix shared with the answer prompt is kept in the
 * model's cache, so the answer after it evaluates only its own last line.
 */
export async function answerability(
  model: LanguageModel,
  messages: ChatMessage[],
  abortSignal?: AbortSignal,
): Promise<number | undefined> {
  if (!model.scoreContinuations) return undefined;
  const scores = await model.scoreContinuations({
    messages,
    continuations: [...yes, ...no],
    reusePrefix: true,
    ...(abortSignal && { abortSignal }),
  });
  return yesShare(scores.slice(0, yes.length), scores.slice(yes.length));
}

/** P(yes) / (P(yes) + P(no)) from the log-probabilities of the ways to say each. */
export function yesShare(yesScores: number[], noScores: number[]): number {
  return 1 / (1 + Math.exp(logSumExp(noScores) - logSumExp(yesScores)));
}
