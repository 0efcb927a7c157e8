import { retrievalDefaults } from '../retrieval/defaults.js';
import type { SearchResult } from '../retrieval/search.js';
import type {
  ChatMessage,
  FinishReason,
  LanguageModel,
  SamplingOptions,
  Usage,
} from '../spec/language-model.js';
import { answerability } from './answerability.js';
import { attributeCitations, type CitationCheck } from './citations.js';
import type { PrefillRate } from './prefill-rate.js';
import {
  buildGroundedPrompt,
  GROUNDED_STOP,
  NOT_FOUND_ANSWER,
  type PromptSource,
  rewriteQuestionMessages,
} from './prompt.js';
import { streamAnswer } from './refusal.js';
import { termRecall } from './text-overlap.js';
import type { Coverage } from './whole-document.js';

/** A citation of an answer: its marker, the chunk it points at and whether the chunk supports it. */
export interface Citation {
  marker: number;
  chunkId: string;
  documentId: string;
  title: string;
  page?: number;
  /** Offsets in the document of the part of the chunk the model read (its selected sentences). */
  start: number;
  end: number;
  /** The document's text between `start` and `end`. */
  text: string;
  /** Every sentence citing this source is supported by it. */
  supported: boolean;
  /** Lowest support score among the sentences citing it (0..1). */
  support: number;
  /** Lore attributed the citation; the model wrote no marker for it. */
  inferred: boolean;
}

export type AnswerEvent =
  | { type: 'question'; question: string; standalone: string }
  | { type: 'sources'; sources: (SearchResult & { marker: number })[] }
  | { type: 'text-delta'; text: string }
  | { type: 'citations'; citations: Citation[] }
  | {
      type: 'done';
      answer: string;
      answerable: boolean;
      citations: Citation[];
      usage: Usage;
      /** `abort`: stopped by the caller, so `answer` is partial. */
      finishReason: FinishReason;
      /** The model's probability that the sources state the answer, where it can score tokens. */
      answerability?: number;
      /** Set when the answer read one document whole (see `streamWholeDocumentAnswer`): how much of it. */
      coverage?: Coverage;
    };

export interface AnswerOptions {
  question: string;
  history?: ChatMessage[];
  /** Chunks retrieved for the prompt (before fitting them into the context). */
  topK?: number;
  /** Sampling for the answer (the follow-up rewrite is always greedy). */
  sampling?: SamplingOptions;
  abortSignal?: AbortSignal;
  /** Share of the question's content terms the best source must contain; below it Lore says "not found". */
  minEvidence?: number;
  /**
   * Least probability, as the model judges, that the sources state the answer (see `answerability`); below it
   * Lore says "not found" without generating. Unset: no such check; 0 measures it only.
   */
  minAnswerability?: number;
  /**
   * Seconds from the question to the answer's first token that the prompt is sized for (default 4): the
   * sources get as many tokens as the model reads in the time left after retrieval, at its measured
   * prefill rate. `Infinity` fills the context window instead.
   */
  firstTokenSeconds?: number;
}

/** Fewest tokens of sources a time budget leaves, however slow the model. */
const MIN_SOURCE_TOKENS = 160;

export interface AnswerContext {
  model: LanguageModel;
  /** The model's prompt-reading speed here, updated by each answer; sizes the prompt for the time budget. */
  prefillRate?: PrefillRate;
  search: (query: string, topK: number, abortSignal?: AbortSignal) => Promise<SearchResult[]>;
}

/** Answers from the documents, streaming: the sources, the tokens, then the checked citations. */
export async function* streamGroundedAnswer(
  context: AnswerContext,
  options: AnswerOptions,
): AsyncGenerator<AnswerEvent> {
  const { model } = context;
  const started = performance.now();
  const usage: Usage = { promptTokens: 0, completionTokens: 0 };
  let standalone = options.question.trim();
  if (options.history && options.history.length > 0) {
    const rewritten = await model.generate({
      messages: rewriteQuestionMessages(options.history, standalone),
      temperature: 0,
      maxTokens: 96,
      abortSignal: options.abortSignal,
    });
    usage.promptTokens += rewritten.usage.promptTokens;
    usage.completionTokens += rewritten.usage.completionTokens;
    const line = rewritten.text.trim().split('\n')[0]?.trim();
    if (line) standalone = line;
  }
  yield { type: 'question', question: options.question, standalone };

  const results = await context.search(
    standalone,
    options.topK ?? retrievalDefaults.ask.topK,
    options.abortSignal,
  );
  const maxAnswerTokens = options.sampling?.maxTokens ?? 512;
  const budget = options.firstTokenSeconds ?? 4;
  const left = budget - (performance.now() - started) / 1000;
  const rate = context.prefillRate?.tokensPerSecond();
  const maxSourceTokens =
    Number.isFinite(budget) && rate ? Math.max(MIN_SOURCE_TOKENS, Math.floor(rate * left)) : undefined;
  const { messages, checkMessages, sources, prefixTokens } = await buildGroundedPrompt({
    model,
    question: standalone,
    results,
    maxAnswerTokens,
    ...(maxSourceTokens !== undefined ? { maxSourceTokens } : {}),
  });
  yield { type: 'sources', sources: sources.map(({ marker, result }) => ({ ...result, marker })) };

  const evidence = Math.max(0, ...sources.map(({ result }) => termRecall(standalone, result.text)));
  if (sources.length === 0 || evidence < (options.minEvidence ?? 0.2)) {
    yield* refuse(usage);
    return;
  }

  // Opt-in: Qwen2.5-Coder 0.5B's yes/no did not tell answerable from unanswerable questions in eval:answers.
  const checked = performance.now();
  let judged: number | undefined;
  if (options.minAnswerability !== undefined) {
    try {
      judged = await answerability(model, checkMessages, options.abortSignal);
    } catch (error) {
      if (!options.abortSignal?.aborted) throw error;
      yield* refuse(usage, 'abort', true);
      return;
    }
  }
  const checkSeconds = (performance.now() - checked) / 1000;
  const verdict = judged !== undefined ? { answerability: judged } : {};
  if (judged !== undefined && judged < (options.minAnswerability ?? 0)) {
    yield* refuse(usage, 'stop', false, verdict);
    return;
  }

  const stop = [...GROUNDED_STOP, ...(options.sampling?.stop ?? [])];
  const answered = yield* streamAnswer(
    model,
    { ...options.sampling, messages, maxTokens: maxAnswerTokens, stop, abortSignal: options.abortSignal },
    {
      sources: sources.map((source) => source.text),
      titles: sources.map((source) => source.result.title),
      question: standalone,
    },
  );
  usage.promptTokens += answered.usage.promptTokens;
  usage.completionTokens += answered.usage.completionTokens;
  // The system prompt is a cached prefix, so the model read the rest of the prompt before its first token
  // (in the answerability check, whose cache the answer reuses, and in the answer's own last line).
  if (answered.firstTokenSeconds !== undefined) {
    context.prefillRate?.record(
      answered.usage.promptTokens - prefixTokens,
      checkSeconds + answered.firstTokenSeconds,
    );
  }
  if (answered.refused) {
    // An answer already streamed and then found unsupported is replaced by the refusal in `done`.
    yield* refuse(usage, answered.finishReason, answered.shown, verdict);
    return;
  }
  const answer = answered.text;
  const numbered = sources.map(({ marker, text }) => ({ marker, text }));
  const citations = toCitations(attributeCitations(answer, numbered), sources);
  yield { type: 'citations', citations };
  yield {
    type: 'done',
    answer: answer.trim(),
    answerable: true,
    citations,
    usage,
    finishReason: answered.finishReason,
    ...verdict,
  };
}

async function* refuse(
  usage: Usage,
  finishReason: FinishReason = 'stop',
  streamed = false,
  verdict: { answerability?: number } = {},
): AsyncGenerator<AnswerEvent> {
  if (!streamed) yield { type: 'text-delta', text: NOT_FOUND_ANSWER };
  yield { type: 'citations', citations: [] };
  yield {
    type: 'done',
    answer: NOT_FOUND_ANSWER,
    answerable: false,
    citations: [],
    usage,
    finishReason,
    ...verdict,
  };
}

/** One citation per cited source, pointing at the stretch of the document the model read from it. */
function toCitations(checks: CitationCheck[], sources: PromptSource[]): Citation[] {
  const citations: Citation[] = [];
  for (const { marker, result, spans } of sources) {
    const mine = checks.filter((check) => check.marker === marker);
    if (mine.length === 0) continue;
    const from = spans[0]?.start ?? 0;
    const to = spans.at(-1)?.end ?? result.text.length;
    citations.push({
      marker,
      chunkId: result.chunkId,
      documentId: result.documentId,
      title: result.title,
      ...(result.page != null ? { page: result.page } : {}),
      start: result.start + from,
      end: result.start + to,
      text: result.text.slice(from, to),
      supported: mine.every((check) => check.supported),
      support: Math.min(...mine.map((check) => check.support)),
      inferred: mine.every((check) => check.inferred),
    });
  }
  return citations;
}

/** Collects `streamGroundedAnswer` into one result. */
export function groundedAnswer(context: AnswerContext, options: AnswerOptions) {
  return collectAnswer(streamGroundedAnswer(context, options), options.question);
}

/** Collects an answer stream (top-k or whole-document) into one result: its done event, sources and question. */
export async function collectAnswer(events: AsyncIterable<AnswerEvent>, question: string) {
  let sources: (SearchResult & { marker: number })[] = [];
  let standalone = question;
  for await (const event of events) {
    if (event.type === 'sources') sources = event.sources;
    if (event.type === 'question') standalone = event.standalone;
    if (event.type === 'done') return { ...event, sources, question: standalone };
  }
  throw new Error('unreachable: the answer stream ended without a done event');
}
