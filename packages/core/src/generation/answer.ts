import type { SearchResult } from '../retrieval/search.js';
import type {
  ChatMessage,
  FinishReason,
  LanguageModel,
  SamplingOptions,
  Usage,
} from '../spec/language-model.js';
import { type CitationCheck, checkCitations } from './citations.js';
import { buildGroundedPrompt, GROUNDED_STOP, NOT_FOUND_ANSWER, rewriteQuestionMessages } from './prompt.js';
import { termRecall } from './text-overlap.js';

/** A citation of an answer: its marker, the chunk it points at and whether the chunk supports it. */
export interface Citation {
  marker: number;
  chunkId: string;
  documentId: string;
  title: string;
  page?: number;
  start: number;
  end: number;
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
}

export interface AnswerContext {
  model: LanguageModel;
  search: (query: string, topK: number, abortSignal?: AbortSignal) => Promise<SearchResult[]>;
}

/** Answers from the documents, streaming: the sources, the tokens, then the checked citations. */
export async function* streamGroundedAnswer(
  context: AnswerContext,
  options: AnswerOptions,
): AsyncGenerator<AnswerEvent> {
  const { model } = context;
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

  const results = await context.search(standalone, options.topK ?? 8, options.abortSignal);
  const maxAnswerTokens = options.sampling?.maxTokens ?? 512;
  const { messages, sources } = await buildGroundedPrompt({
    model,
    question: standalone,
    results,
    maxAnswerTokens,
  });
  yield { type: 'sources', sources: sources.map(({ marker, result }) => ({ ...result, marker })) };

  const evidence = Math.max(0, ...sources.map(({ result }) => termRecall(standalone, result.text)));
  if (sources.length === 0 || evidence < (options.minEvidence ?? 0.2)) {
    yield { type: 'text-delta', text: NOT_FOUND_ANSWER };
    yield { type: 'citations', citations: [] };
    yield {
      type: 'done',
      answer: NOT_FOUND_ANSWER,
      answerable: false,
      citations: [],
      usage,
      finishReason: 'stop',
    };
    return;
  }

  let answer = '';
  let finishReason: FinishReason = 'stop';
  const stop = [...GROUNDED_STOP, ...(options.sampling?.stop ?? [])];
  const request = {
    ...options.sampling,
    messages,
    maxTokens: maxAnswerTokens,
    stop,
    abortSignal: options.abortSignal,
  };
  for await (const part of model.stream(request)) {
    if (part.type === 'text-delta') {
      answer += part.text;
      yield part;
    } else {
      finishReason = part.finishReason;
      usage.promptTokens += part.usage.promptTokens;
      usage.completionTokens += part.usage.completionTokens;
    }
  }
  const answerable = !/not in the documents/i.test(answer);
  const checks = answerable
    ? checkCitations(
        answer,
        sources.map(({ marker, result }) => ({ marker, text: result.text })),
      )
    : [];
  const citations = toCitations(checks, sources);
  yield { type: 'citations', citations };
  yield { type: 'done', answer: answer.trim(), answerable, citations, usage, finishReason };
}

function toCitations(
  checks: CitationCheck[],
  sources: { marker: number; result: SearchResult }[],
): Citation[] {
  const citations: Citation[] = [];
  for (const { marker, result } of sources) {
    const mine = checks.filter((check) => check.marker === marker);
    if (mine.length === 0) continue;
    citations.push({
      marker,
      chunkId: result.chunkId,
      documentId: result.documentId,
      title: result.title,
      ...(result.page != null ? { page: result.page } : {}),
      start: result.start,
      end: result.end,
      text: result.text,
      supported: mine.every((check) => check.supported),
      support: Math.min(...mine.map((check) => check.support)),
      inferred: mine.every((check) => check.inferred),
    });
  }
  return citations;
}

/** Collects `streamGroundedAnswer` into one result. */
export async function groundedAnswer(context: AnswerContext, options: AnswerOptions) {
  let sources: (SearchResult & { marker: number })[] = [];
  let standalone = options.question;
  for await (const event of streamGroundedAnswer(context, options)) {
    if (event.type === 'sources') sources = event.sources;
    if (event.type === 'question') standalone = event.standalone;
    if (event.type === 'done') return { ...event, sources, question: standalone };
  }
  throw new Error('unreachable: the answer stream ended without a done event');
}
