import { softmax } from '../classification/classify.js';
import type { ChatMessage, LanguageModel } from '../spec/language-model.js';

/** What a question asks of a grounded agent: a fact, a calculation with facts, or an exact quote. */
export type QuestionKind = 'lookup' | 'calculation' | 'quote';

const kinds: QuestionKind[] = ['lookup', 'calculation', 'quote'];

const system =
  'Classify each question: "lookup" (find one fact), "calculation" (compute a number from facts, e.g. add, subtract, multiply, divide) or "quote" (copy text word for word). Reply with the label only.';

// Few-shot turns: a small model follows examples in chat turns far better than a definition or a list of
// examples in one message (measured with Qwen2.5 0.5B). Other topics than any evaluation set, both languages.
const shots: [string, QuestionKind][] = [
  ['When was the museum founded?', 'lookup'],
  ['What is the total price of three concert tickets?', 'calculation'],
  ['Quote the sentence about the opening hours.', 'quote'],
  ['Who wrote the report on river pollution?', 'lookup'],
  ['How many days passed between the storm and the flood?', 'calculation'],
  ['What exactly does the contract say about refunds? Give the exact words.', 'quote'],
  ['Which of the two hotels has a pool?', 'lookup'],
  ['How much rain falls in a month if 4 mm fall each day?', 'calculation'],
  ['How many years after the war did the bridge reopen?', 'calculation'],
  ['这家公司的创始人是谁？', 'lookup'],
  ['两座塔的高度一共是多少米？', 'calculation'],
  ['这家公司的两个工厂一共有多少名工人？', 'calculation'],
  ['引用原文中关于价格的那句话。', 'quote'],
];

/** The classifier's messages for one question: the instruction, the example turns, then the question. */
export function questionKindMessages(question: string): ChatMessage[] {
  return [
    { role: 'system', content: system },
    ...shots.flatMap(([text, kind]): ChatMessage[] => [
      { role: 'user', content: text },
      { role: 'assistant', content: kind },
    ]),
    { role: 'user', content: question },
  ];
}

/**
 * Classifies a question with the LLM as a classifier: the probability of each kind as the reply, after
 * few-shot example turns. A model that cannot score continuations (a remote server) gets `lookup`, which
 * leaves every step to the model.
 */
export async function classifyQuestion(
  model: LanguageModel,
  question: string,
  abortSignal?: AbortSignal,
): Promise<QuestionKind> {
  if (!model.scoreContinuations) return 'lookup';
  const scores = await model.scoreContinuations({
    messages: questionKindMessages(question),
    continuations: kinds,
    ...(abortSignal && { abortSignal }),
  });
  const probabilities = softmax(scores);
  let best = 0;
  probabilities.forEach((probability, index) => {
    if (probability > (probabilities[best] as number)) best = index;
  });
  return kinds[best] as QuestionKind;
}
