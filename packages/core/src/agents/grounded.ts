import { matchTerms, splitSentences, supportShare } from '../generation/sentences.js';
import type { JsonSchema, LanguageModel } from '../spec/language-model.js';
import type { AgentStep, RunAgentOptions, StepSettings } from './agent.js';
import {
  digitNumbers,
  evidenceNumbers,
  expressionPattern,
  questionNumbers,
  questionOperators,
} from './evidence-numbers.js';
import { classifyQuestion, type QuestionKind } from './question-kind.js';
import { questionOptions } from './question-options.js';
import type { Tool } from './tool.js';

/** The answer a grounded agent gives when the documents do not hold one. */
export const NOT_IN_DOCUMENTS = 'not in the documents';

/** Sentences a quote may choose from, and the longest one offered. */
const maxQuotes = 5;
const maxQuoteChars = 300;
/** The search tool's longest query. */
const maxQueryChars = 200;

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
    nextStep(kind, options.input, stepNumber, steps, has('calculator'), collections);
  return policy;
}

/** The step settings for one step of a grounded run, from the question's kind and the steps so far. */
export function nextStep(
  kind: QuestionKind,
  question: string,
  stepNumber: number,
  steps: readonly AgentStep[],
  calculator: boolean,
  collections: readonly string[] = [],
): StepSettings | undefined {
  // The first search is for the question itself: written freely, a small model's query carries its guess
  // ("Fenwick Orchard was founded by a man named John Smith."), which then becomes its answer.
  if (stepNumber === 1) {
    const fixed = collections.length > 0 && question.trim().length <= maxQueryChars;
    return {
      toolChoice: { tool: 'search' },
      ...(fixed && { arguments: { search: searchSchema(collections, question.trim()) } }),
    };
  }
  const last = steps.at(-1);
  const searched = last?.type === 'tool' && last.tool === 'search' && passages([last]).length > 0;
  // "Which is older: A or B?": each of them is looked up (the query fixed by constrained decoding), then the
  // answer is one of them, after a thought that weighs the facts.
  const options = questionOptions(question);
  const found = passages(steps);
  const unseen = options.find(
    (option) =>
      !found.some(({ text }) => supportShare(option, text) >= 0.5) &&
      !steps.some((step) => step.type === 'tool' && (step.input as { query?: unknown })?.query === option),
  );
  if (unseen && collections.length > 0) {
    return { toolChoice: { tool: 'search' }, arguments: { search: searchSchema(collections, unseen) } };
  }
  if (options.length > 0 && found.length > 0) {
    return {
      toolChoice: 'none',
      thought: true,
      answer: { type: 'string', enum: [...options, NOT_IN_DOCUMENTS] },
    };
  }
  if (kind === 'calculation' && calculator) {
    const calculated = steps.some(
      (step) => step.type === 'tool' && step.tool === 'calculator' && !step.error,
    );
    if (calculated) return { toolChoice: 'none' };
    // After a search the numbers are there: calculate. After a failed calculation the model may retry or answer.
    // The call writes a thought first (ReAct): which facts and which operation, then the expression.
    if (last?.type === 'tool' && last.tool !== 'calculator') {
      const { numbers, fromPassages } = evidenceNumbers(question, passageSentences(steps));
      const operators = questionOperators(question, fromPassages);
      return {
        toolChoice: { tool: 'calculator' },
        thought: true,
        ...(numbers.length >= 2 && {
          arguments: { calculator: expressionSchema(numbers, operators) },
        }),
      };
    }
    return undefined;
  }
  if (kind === 'quote') {
    const quotes = quoteCandidates(question, steps);
    if (quotes.length > 0) return { toolChoice: 'none', choices: quotes };
  }
  // A fact is in the first search's passages or nowhere a small model can find: its second queries are
  // noise ("Tool result: {"), so after a search that found passages it answers.
  if (searched) return { toolChoice: 'none' };
  return undefined;
}

/** The search tool's arguments with the query fixed. */
function searchSchema(collections: readonly string[], query: string): JsonSchema {
  return {
    type: 'object',
    properties: { collection: { type: 'string', enum: [...collections] }, query: { const: query } },
    required: ['collection', 'query'],
    additionalProperties: false,
  };
}

/** The calculator's arguments with an expression of two of `numbers` and one of `operators`. */
function expressionSchema(numbers: readonly string[], operators: string): JsonSchema {
  return {
    type: 'object',
    properties: { expression: { type: 'string', pattern: expressionPattern(numbers, operators) } },
    required: ['expression'],
    additionalProperties: false,
  };
}

/** A passage sentence with its weight for a question. */
interface RankedSentence {
  sentence: string;
  score: number;
}

/**
 * The passage sentences by the question's terms they hold, best first (ties in passage order). A term of the
 * passage's title counts a quarter: "the Wexmoor Public Library document … about the late fee" names the
 * document with most of its words, and the sentence wanted is the one about the late fee.
 */
function rankSentences(question: string, steps: readonly AgentStep[]): RankedSentence[] {
  const wanted = matchTerms(question);
  return passageSentences(steps, true)
    .map(({ sentence, title }, index) => {
      const titleTerms = matchTerms(title);
      let score = 0;
      for (const term of matchTerms(sentence)) {
        if (wanted.has(term)) score += titleTerms.has(term) ? 0.25 : 1;
      }
      return { sentence, score, index };
    })
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ sentence, score }) => ({ sentence, score }));
}

/**
 * The sentences a quote may be: the best-ranked one alone when it leads, else those tied for first (at most
 * 5) for the model to choose from. Measured with Qwen2.5 0.5B, the model's own choice among the five best
 * picked a wrong sentence in 2 of 3 quotes where the first by terms was right.
 */
export function quoteCandidates(question: string, steps: readonly AgentStep[]): string[] {
  const ranked = rankSentences(question, steps);
  const top = ranked[0]?.score ?? 0;
  const tied = top > 0 ? ranked.filter((entry) => entry.score === top) : ranked;
  return tied.slice(0, maxQuotes).map((entry) => entry.sentence);
}

/** The sentences of the passages that search and read_document returned, in order, each once. */
export function passageSentences(steps: readonly AgentStep[]): string[];
export function passageSentences(
  steps: readonly AgentStep[],
  titled: true,
): { sentence: string; title: string }[];
export function passageSentences(steps: readonly AgentStep[], titled = false) {
  const sentences = new Map<string, string>();
  for (const { text, title } of passages(steps)) {
    for (const span of splitSentences(text)) {
      const sentence = text.slice(span.start, span.end);
      // Headings and fragments are not what anyone quotes.
      if (sentence.length >= 20 && sentence.length <= maxQuoteChars && !sentence.startsWith('#')) {
        if (!sentences.has(sentence)) sentences.set(sentence, title);
      }
    }
  }
  return titled ? [...sentences].map(([sentence, title]) => ({ sentence, title })) : [...sentences.keys()];
}

function passages(steps: readonly AgentStep[]): { text: string; title: string }[] {
  const found: { text: string; title: string }[] = [];
  for (const step of steps) {
    if (step.type !== 'tool' || step.error) continue;
    const outputs = Array.isArray(step.output) ? step.output : [step.output];
    for (const output of outputs) {
      const { text, title } = (output ?? {}) as { text?: unknown; title?: unknown };
      if (typeof text === 'string') found.push({ text, title: typeof title === 'string' ? title : '' });
    }
  }
  return found;
}

/**
 * Whether each number of a calculation that the question does not give comes from a passage that speaks of
 * what the question names (its capitalised words after the first): the price of a railway ticket is no
 * answer to "How much does a ticket for the Salt River ferry cost?".
 */
export function operandsAreAbout(question: string, expression: string, steps: readonly AgentStep[]): boolean {
  const words = question.match(/\p{L}[\p{L}\p{N}'-]*/gu) ?? [];
  const names = new Set(
    words
      .slice(1)
      .filter((word) => /^\p{Lu}/u.test(word))
      .flatMap((word) => [...matchTerms(word)]),
  );
  if (names.size === 0) return true;
  const given = new Set(questionNumbers(question));
  const texts = passages(steps).map(({ text, title }) => ({
    numbers: new Set(digitNumbers(text)),
    terms: matchTerms(`${title} ${text}`),
  }));
  return digitNumbers(expression)
    .filter((number) => !given.has(number))
    .every((number) =>
      texts.some((text) => text.numbers.has(number) && [...names].some((name) => text.terms.has(name))),
    );
}

/** Two match terms of one word, also where the crude stemmer cut them differently ("rehearse", "rehears"). */
function sameStem(a: string, b: string): boolean {
  return a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));
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
    const { result, expression } = step.output as { result: number; expression: string };
    if (answer.includes(String(result))) return operandsAreAbout(question, expression, steps);
  }
  // One of the things the question names to choose from: the passages must speak of it.
  if (questionOptions(question).includes(answer)) {
    return passages(steps).some(({ text }) => supportShare(answer, text) >= 0.5);
  }
  const answerTerms = matchTerms(answer);
  // A verbatim passage sentence that shares two terms with the question is a quote of it, whatever
  // instruction words ("quote", "sentence") the question adds.
  const shared = [...matchTerms(question)].filter((term) => answerTerms.has(term)).length;
  if (shared >= 2 && passageSentences(steps).includes(answer.trim())) return true;
  const questionTerms = [...matchTerms(question)].filter((term) => !answerTerms.has(term));
  if (questionTerms.length === 0)
    return passages(steps).some(({ text }) => supportShare(answer, text) >= 0.5);
  // The sentence that states the answer must also say something the question asks besides the name of
  // the passage's subject: asked the year of the choir's first album, a small model gives the year the
  // choir was founded, from a sentence that names no album.
  const holding = passageSentences(steps, true).filter(
    ({ sentence }) => supportShare(answer, sentence) >= 0.5,
  );
  if (holding.length > 0) {
    return holding.some(({ sentence, title }) => {
      const terms = [...matchTerms(sentence)];
      const titleTerms = matchTerms(title);
      return questionTerms.some(
        (term) => !titleTerms.has(term) && terms.some((other) => sameStem(term, other)),
      );
    });
  }
  return passages(steps).some(({ text }) => {
    if (supportShare(answer, text) < 0.5) return false;
    const terms = matchTerms(text);
    return questionTerms.some((term) => terms.has(term));
  });
}
