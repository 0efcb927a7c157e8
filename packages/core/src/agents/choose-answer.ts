import type { ChatMessage, LanguageModel } from '../spec/language-model.js';

/**
 * The answer the model finds likeliest among `choices`, each scored as its whole reply (`{"answer": …}`) by
 * mean log-probability per token; undefined when the model cannot score continuations. Constrained decoding
 * of an enum commits to the likeliest first token, so it picks a sentence that starts like most others
 * ("The …"); scoring each whole reply does not.
 */
export async function chooseAnswer(
  model: LanguageModel,
  messages: ChatMessage[],
  choices: readonly string[],
  abortSignal?: AbortSignal,
): Promise<{ text: string; answer: string } | undefined> {
  if (choices.length === 1)
    return { text: JSON.stringify({ answer: choices[0] }), answer: choices[0] as string };
  if (!model.scoreContinuations || choices.length === 0) return undefined;
  const replies = choices.map((choice) => JSON.stringify({ answer: choice }));
  const [scores, lengths] = await Promise.all([
    model.scoreContinuations({
      messages,
      continuations: replies,
      reusePrefix: true,
      ...(abortSignal && { abortSignal }),
    }),
    Promise.all(replies.map((reply) => model.countTokens(reply))),
  ]);
  let best = 0;
  const mean = (index: number) => (scores[index] as number) / Math.max(1, lengths[index] as number);
  for (let index = 1; index < choices.length; index++) if (mean(index) > mean(best)) best = index;
  return { text: replies[best] as string, answer: choices[best] as string };
}
