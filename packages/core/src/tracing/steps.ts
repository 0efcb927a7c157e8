import { type Attributes, context, createContextKey, type Span } from '@opentelemetry/api';
import type { AskEvent, AskOptions } from '../generation/answering.js';
import { iterateIn, startSpan, withSpan, withStreamSpan } from './with-span.js';

/**
 * An answer's step that is seen only from outside (building the prompt happens between retrieval and the
 * first model call): it is started when retrieval ends and ended by the next model call or the answer's end.
 */
const pendingKey = createContextKey('lore.pending-step');
interface Pending {
  span?: Span;
}

/** Ends the step left open in this answer, if any (each model call does, before its own span). */
export function endPendingStep(): void {
  const pending = context.active().getValue(pendingKey) as Pending | undefined;
  pending?.span?.end();
  if (pending) pending.span = undefined;
}

/** Starts a `lore.prompt` span that the next model call of this answer ends. */
export function startPromptStep(attributes: Attributes): void {
  const pending = context.active().getValue(pendingKey) as Pending | undefined;
  if (!pending) return;
  pending.span?.end();
  pending.span = startSpan('lore.prompt', attributes);
}

function askAttributes(options: AskOptions): Attributes {
  return {
    'lore.collection': options.collection,
    ...(options.topK !== undefined ? { 'lore.top_k': options.topK } : {}),
    'lore.rerank': options.rerank === true,
    ...(options.chatId ? { 'lore.chat.id': options.chatId } : {}),
  };
}

function setAnswer(
  span: Span,
  done: {
    usage: { promptTokens: number; completionTokens: number };
    answerable: boolean;
    citations: unknown[];
  },
): void {
  span.setAttributes({
    'gen_ai.usage.input_tokens': done.usage.promptTokens,
    'gen_ai.usage.output_tokens': done.usage.completionTokens,
    'lore.answerable': done.answerable,
    'lore.citations': done.citations.length,
  });
}

/** A `lore.ask` span around a whole answer, with its token totals and how many sources it cited. */
export function traceAsk<T extends Parameters<typeof setAnswer>[1] & { sources: unknown[] }>(
  options: AskOptions,
  answer: () => Promise<T>,
): Promise<T> {
  return withSpan('lore.ask', askAttributes(options), async (span) => {
    const pending: Pending = {};
    try {
      const result = await context.with(context.active().setValue(pendingKey, pending), answer);
      setAnswer(span, result);
      span.setAttribute('lore.sources', result.sources.length);
      return result;
    } finally {
      pending.span?.end();
    }
  });
}

/** `traceAsk` for a streamed answer: the span ends with the stream. */
export function traceAskStream(
  options: AskOptions,
  answer: () => AsyncIterable<AskEvent>,
): AsyncIterable<AskEvent> {
  const pending: Pending = {};
  return withStreamSpan(
    'lore.ask',
    askAttributes(options),
    async function* () {
      try {
        yield* iterateIn(context.active().setValue(pendingKey, pending), answer);
      } finally {
        pending.span?.end();
      }
    },
    (span, event) => {
      if (event.type === 'sources') span.setAttribute('lore.sources', event.sources.length);
      if (event.type === 'done') setAnswer(span, event);
    },
  );
}

/** Runs an answer's retrieval, then opens its `lore.prompt` step. */
export async function retrieveForAnswer<T extends unknown[]>(retrieve: () => Promise<T>): Promise<T> {
  const results = await retrieve();
  startPromptStep({ 'lore.results': results.length });
  return results;
}
