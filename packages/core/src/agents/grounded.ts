import { matchTerms, splitSentences, supportShare } from '../generation/sentences.js';
import type { JsonSchema, LanguageModel } from '../spec/language-model.js';
import type { AgentStep, RunAgentOptions, StepSettings } from './agent.js';
import { classifyQuestion, type QuestionKind } from './question-kind.js';
import type { Tool } from './tool.js';

/** The answer a grounded agent gives when the documents do not hold one. */
export const NOT_IN_DOCUMENTS = 'not in the documents';

/** Sentences a quote may choose from, and the longest one offered. */
const maxQuotes = 5;
const maxQuoteChars = 300;

interface GroundedOptions {
  model: LanguageModel;
  input: string;
  collections: string[];
  tools: Tool[];
  /** The caller's own settings; each one given replaces the grounded default. */
  caller: Pick<
    RunAgentOptions,
    'instructions' | 'prepareStep' | 'toolChoice' | 'maxAnswerChars' | 'checkAnswer'
  >;
  abortSignal?: AbortSignal;
}

/**
 * The policy of an agent that answers from documents, made for small local models, which pick the wrong next
 * step far more often than they misread a passage:
 * - the first step searches, so the model neither answers from memory nor guesses a document id;
 * - the LLM as a classifier (few-shot, from token probabilities) says whether the question needs a
 *   calculation or a quote: a calculation gets a calculator step after the search, a quote is decoded as one
 *   of the sentences the tools returned (constrained decoding), so it is word for word by construction;
 * - the final answer stands only if the tool results hold it (`isGroundedAnswer`); otherwise the agent
 *   answers "not in the documents". (Asked as a yes/no judge, a 0.5B model scored right and wrong answers
 *   alike, so the check reads the evidence instead.)
 */
export async function groundedPolicy(
  options: GroundedOptions,
): Promise<Pick<RunAgentOptions, 'instructions' | 'prepareStep' | 'maxAnswerChars' | 'checkAnswer'>> {
  const { caller, tools, collections } = options;
  if (collections.length === 0 || !tools.some((tool) => tool.name === 'search')) return {};
  const has = (name: string) => tools.some((tool) => tool.name === name);
  const names = collections.map((name) => `"${name}"`).join(', ');
  const arithmetic = has('calculator')
    ? ' For any arithmetic, call calculator with the numbers from the documents.'
    : '';
  const policy: Pick<RunAgentOptions, 'instructions' | 'prepareStep' | 'maxAnswerChars' | 'checkAnswer'> = {
    instructions:
      caller.instructions ??
      `You answer questions from the documents in the collection ${names}. Search first, and answer only with facts from the tool results, in the language of the question.${arithmetic} To quote, copy the exact words of a passage. If the documents do not contain the answer, answer "${NOT_IN_DOCUMENTS}".`,
    // Facts and quotes are short; a bound keeps a small model from rambling until maxTokens.
    maxAnswerChars: caller.maxAnswerChars ?? 400,
    checkAnswer:
      caller.checkAnswer ??
      (async ({ answer, steps }) =>
        isGroundedAnswer(options.input, answer, steps) ? answer : NOT_IN_DOCUMENTS),
  };
  if (caller.prepareStep || caller.toolChoice) return policy;
  const kind = await classifyQuestion(options.model, options.input, options.abortSignal);
  policy.prepareStep = ({ stepNumber, steps }) =>
    nextStep(kind, options.input, stepNumber, steps, has('calculator'));
  return policy;
}

/** The step settings for one step of a grounded run, from the question's kind and the steps so far. */
export function nextStep(
  kind: QuestionKind,
  question: string,
  stepNumber: number,
  steps: readonly AgentStep[],
  calculator: boolean,
): StepSettings | undefined {
  if (stepNumber === 1) return { toolChoice: { tool: 'search' } };
  const last = steps.at(-1);
  if (kind === 'calculation' && calculator) {
    const calculated = steps.some(
      (step) => step.type === 'tool' && step.tool === 'calculator' && !step.error,
    );
    if (calculated) return { toolChoice: 'none' };
    // After a search the numbers are there: calculate. After a failed calculation the model may retry or answer.
    // The call writes a thought first (ReAct): which facts and which operation, then the expression.
    if (last?.type === 'tool' && last.tool !== 'calculator') {
      return { toolChoice: { tool: 'calculator' }, thought: true };
    }
    return undefined;
  }
  if (kind === 'quote') {
    const quotes = quoteCandidates(question, steps);
    if (quotes.length > 0)
      return { toolChoice: 'none', answer: { type: 'string', enum: quotes } as JsonSchema };
  }
  return undefined;
}

/**
 * The passage sentences a quote may be, those sharing most terms with the question first: a small model
 * choosing among many sentences takes the first one offered far too often.
 */
export function quoteCandidates(question: string, steps: readonly AgentStep[]): string[] {
  const wanted = matchTerms(question);
  const overlap = (sentence: string) => [...matchTerms(sentence)].filter((term) => wanted.has(term)).length;
  return passageSentences(steps)
    .map((sentence, index) => ({ sentence, index, score: overlap(sentence) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, maxQuotes)
    .map((entry) => entry.sentence);
}

/** The sentences of the passages that search and read_document returned, in order, each once. */
export function passageSentences(steps: readonly AgentStep[]): string[] {
  const sentences = new Set<string>();
  for (const text of passageTexts(steps)) {
    for (const span of splitSentences(text)) {
      const sentence = text.slice(span.start, span.end);
      // Headings and fragments are not what anyone quotes.
      if (sentence.length >= 20 && sentence.length <= maxQuoteChars && !sentence.startsWith('#')) {
        sentences.add(sentence);
      }
    }
  }
  return [...sentences];
}

function passageTexts(steps: readonly AgentStep[]): string[] {
  const texts: string[] = [];
  for (const step of steps) {
    if (step.type !== 'tool' || step.error) continue;
    const outputs = Array.isArray(step.output) ? step.output : [step.output];
    for (const output of outputs) {
      const text = (output as { text?: unknown } | undefined)?.text;
      if (typeof text === 'string') texts.push(text);
    }
  }
  return texts;
}

/**
 * Whether the tool results hold the answer: it is a refusal or a calculation's result, or a passage holds
 * most of its terms and also some term of the question that is not in the answer. The second condition
 * catches a small model's favourite mistakes: a document id, or a fact from a passage about something else.
 */
export function isGroundedAnswer(question: string, answer: string, steps: readonly AgentStep[]): boolean {
  if (answer.toLowerCase().includes(NOT_IN_DOCUMENTS)) return true;
  for (const step of steps) {
    if (step.type !== 'tool' || step.tool !== 'calculator' || step.error) continue;
    const { result } = step.output as { result: number };
    if (answer.includes(String(result))) return true;
  }
  const answerTerms = matchTerms(answer);
  const questionTerms = [...matchTerms(question)].filter((term) => !answerTerms.has(term));
  return passageTexts(steps).some((text) => {
    if (supportShare(answer, text) < 0.5) return false;
    const terms = matchTerms(text);
    return questionTerms.length === 0 || questionTerms.some((term) => terms.has(term));
  });
}
