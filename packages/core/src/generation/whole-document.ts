import { LoreError } from '../errors.js';
import type { SearchResult } from '../retrieval/search.js';
import type { FinishReason, LanguageModel, SamplingOptions, Usage } from '../spec/language-model.js';
import type { ChunkRecord, DocumentRecord } from '../spec/metadata-store.js';
import { sentencesWithMarkers } from './citations.js';
import { type AnswerEvent, type Citation, collectAnswer } from './grounded-answer.js';
import type { PrefillRate } from './prefill-rate.js';
import { NOT_FOUND_ANSWER } from './prompt.js';
import { isRefusal } from './refusal.js';
import { termRecall } from './text-overlap.js';
import {
  coveringOrder,
  type DocumentPart,
  type MapCost,
  mapSeconds,
  type PartGroup,
  planReading,
  readsDirectly,
  spreadWithin,
} from './whole-document-plan.js';
import { documentAnswerMessages, notesMessages } from './whole-document-prompt.js';

/** How much of the document a whole-document answer read. */
export interface Coverage {
  documentId: string;
  title: string;
  /** Chunks the model read (in map steps, or in the answer's own prompt when the document fits). */
  chunksRead: number;
  chunksTotal: number;
}

/** A whole-document answer's map step finished (`done` of `total` sections; the first, with 0, before any). */
export interface ProgressEvent {
  type: 'progress';
  /** Sections reduced to notes so far. */
  done: number;
  /** Sections the document was split into; fewer are read when the time budget runs out (see `coverage`). */
  total: number;
}

/** The events of a whole-document answer: those of a grounded answer, with progress while the map steps run. */
export type WholeDocumentEvent = AnswerEvent | ProgressEvent;

/** The collection's documents as a whole-document answer reads them. */
export interface DocumentReader {
  collectionId: string;
  collection: string;
  list(): Promise<DocumentRecord[]>;
  get(id: string): Promise<DocumentRecord>;
  content(id: string): Promise<string>;
  chunks(documentId: string): Promise<ChunkRecord[]>;
}

export interface WholeDocumentContext {
  model: LanguageModel;
  prefillRate?: PrefillRate;
  search: (query: string, topK: number, abortSignal?: AbortSignal) => Promise<SearchResult[]>;
  documents: DocumentReader;
}

export interface WholeDocumentOptions {
  question: string;
  /** The document to read; default: the best-ranked document for the question, or the collection's only one. */
  documentId?: string;
  sampling?: SamplingOptions;
  abortSignal?: AbortSignal;
  /** Seconds to the answer's first token the reading is planned for (default 30; `Infinity` reads every chunk). */
  firstTokenSeconds?: number;
  /** Most chunk tokens one map step reads (default 1024, less where the context window is smaller). */
  groupTokens?: number;
}

/** Default time to the first token of a whole-document answer: the map steps come before it. */
export const DOCUMENT_FIRST_TOKEN_SECONDS = 30;
const NOTE_TOKENS = 96;
/** Share of the time a single prompt is planned to fill, for long prompts' slower reading. */
const DIRECT_SHARE = 0.6;
const MAP_OVERHEAD_TOKENS = 120;

/** Picks the document: the one named (in this collection), the only one, or the best-ranked for the question. */
async function chooseDocument(
  context: WholeDocumentContext,
  options: WholeDocumentOptions,
): Promise<DocumentRecord | undefined> {
  const { documents } = context;
  if (options.documentId) {
    const document = await documents.get(options.documentId);
    if (document.collectionId !== documents.collectionId) {
      throw new LoreError(
        'NOT_FOUND',
        `Document ${options.documentId} is not in collection ${documents.collection}; pass the id of one of its documents, or none to read the best-ranked one.`,
      );
    }
    return document;
  }
  const indexed = (await documents.list()).filter((document) => document.status === 'indexed');
  if (indexed.length <= 1) return indexed[0];
  const [best] = await context.search(options.question, 5, options.abortSignal);
  return best ? indexed.find((document) => document.id === best.documentId) : undefined;
}

/** The document's chunks in order, counted in the model's tokens (a chunk's own count is the embedder's). */
async function readParts(context: WholeDocumentContext, document: DocumentRecord): Promise<DocumentPart[]> {
  const [content, chunks] = await Promise.all([
    context.documents.content(document.id),
    context.documents.chunks(document.id),
  ]);
  const parts: DocumentPart[] = [];
  for (const chunk of [...chunks].sort((a, b) => a.index - b.index)) {
    const text = content.slice(chunk.start, chunk.end);
    parts.push({
      chunkId: chunk.id,
      index: chunk.index,
      start: chunk.start,
      end: chunk.end,
      ...(chunk.page != null ? { page: chunk.page } : {}),
      text,
      tokens: await context.model.countTokens(text),
    });
  }
  return parts;
}

/** A note for the answer's prompt and the chunks it was taken from. */
interface Note {
  marker: number;
  text: string;
  parts: DocumentPart[];
}

/**
 * Answers a question about a document as a whole by map-reduce: groups of its chunks, in order, are each
 * reduced by the model to notes for the question, and the answer is written from the notes, citing the chunk
 * of each cited note that best supports the sentence. When the time budget cannot cover every chunk, chunks
 * spread over the document are read instead, and the `done` event's `coverage` says how many.
 */
export async function* streamWholeDocumentAnswer(
  context: WholeDocumentContext,
  options: WholeDocumentOptions,
): AsyncGenerator<WholeDocumentEvent> {
  const { model } = context;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const usage: Usage = { promptTokens: 0, completionTokens: 0 };
  const question = options.question.trim();
  const document = await chooseDocument(context, options);
  yield { type: 'question', question: options.question, standalone: question };
  if (!document) {
    yield { type: 'sources', sources: [] };
    yield* finish(usage, NOT_FOUND_ANSWER, false, [], 'stop');
    return;
  }
  const parts = await readParts(context, document);
  const budget = options.firstTokenSeconds ?? DOCUMENT_FIRST_TOKEN_SECONDS;
  const contextSize = await model.contextSize();
  const groupTokens = Math.max(
    64,
    Math.min(options.groupTokens ?? 1024, contextSize - NOTE_TOKENS - MAP_OVERHEAD_TOKENS - 64),
  );
  const answerTokens = options.sampling?.maxTokens ?? 384;
  // What the answer's own prompt can hold of chunks (one header line each).
  const room = Math.max(64, contextSize - answerTokens - MAP_OVERHEAD_TOKENS - 8 * parts.length - 64);
  const rate = () => context.prefillRate?.tokensPerSecond() ?? 50;
  // Writing notes costs about as much as reading four times their length (a guess until one is measured).
  let cost: MapCost = {
    prefillRate: rate(),
    overheadTokens: MAP_OVERHEAD_TOKENS,
    noteSeconds: (4 * NOTE_TOKENS) / rate(),
  };
  const whole = parts.reduce((sum, part) => sum + part.tokens, 0);
  let notes: Note[];
  const seconds = Number.isFinite(budget) ? 0.9 * (budget - elapsed()) : Number.POSITIVE_INFINITY;
  if (readsDirectly({ documentTokens: whole, room, groupTokens, seconds, cost })) {
    // One prompt reads as much as map steps would: the answer reads the chunks (spread, if not all fit) directly.
    // Long prompts read slower than the shorter ones the rate was measured on (zh, 4,000 tokens: 1.6 times the plan).
    const fits = spreadWithin(parts, Math.min(room, DIRECT_SHARE * seconds * cost.prefillRate));
    notes = fits.map((part, index) => ({ marker: index + 1, text: part.text, parts: [part] }));
  } else {
    // Time for the notes: the budget less what is spent, less reading the notes in the answer's prompt.
    const mapBudget = (seconds: number) => seconds * 0.85;
    const plan = planReading(parts, {
      groupTokens,
      seconds: Number.isFinite(budget) ? mapBudget(budget - elapsed()) : Number.POSITIVE_INFINITY,
      cost,
    });
    const taken = new Map<number, string>();
    let mapped = 0;
    yield { type: 'progress', done: 0, total: plan.length };
    for (const position of coveringOrder(plan.length)) {
      const group = plan[position] as PartGroup;
      const left = mapBudget(budget) - elapsed();
      if (taken.size > 0 && Number.isFinite(budget) && mapSeconds(group, cost) > left) break;
      if (options.abortSignal?.aborted) break;
      const note = await takeNotes(context, {
        title: document.title,
        part: position + 1,
        parts: plan.length,
        group,
        question,
        abortSignal: options.abortSignal,
      });
      usage.promptTokens += note.usage.promptTokens;
      usage.completionTokens += note.usage.completionTokens;
      cost = { ...cost, prefillRate: rate(), noteSeconds: note.noteSeconds };
      if (note.finishReason === 'abort') break;
      if (note.text.trim()) taken.set(position, note.text);
      yield { type: 'progress', done: ++mapped, total: plan.length };
    }
    notes = [...taken.keys()]
      .sort((a, b) => a - b)
      .map((position, index) => ({
        marker: index + 1,
        text: taken.get(position) ?? '',
        parts: (plan[position] as PartGroup).parts,
      }));
  }
  const read = notes.flatMap((note) => note.parts);
  const coverage: Coverage = {
    documentId: document.id,
    title: document.title,
    chunksRead: read.length,
    chunksTotal: parts.length,
  };
  yield {
    type: 'sources',
    sources: notes.flatMap((note) =>
      note.parts.map((part) => ({ ...toResult(document, part), marker: note.marker })),
    ),
  };
  if (notes.length === 0 || options.abortSignal?.aborted) {
    const reason = options.abortSignal?.aborted ? 'abort' : 'stop';
    yield* finish(usage, NOT_FOUND_ANSWER, false, [], reason, coverage);
    return;
  }

  let answer = '';
  let finishReason: FinishReason = 'stop';
  const asked = performance.now();
  let firstToken: number | undefined;
  const stream = model.stream({
    ...options.sampling,
    messages: documentAnswerMessages({ title: document.title, notes, question }),
    maxTokens: answerTokens,
    abortSignal: options.abortSignal,
  });
  for await (const part of stream) {
    if (part.type === 'text-delta') {
      firstToken ??= performance.now();
      answer += part.text;
      yield { type: 'text-delta', text: part.text };
    } else {
      if (firstToken !== undefined)
        context.prefillRate?.record(part.usage.promptTokens, (firstToken - asked) / 1000);
      finishReason = part.finishReason;
      usage.promptTokens += part.usage.promptTokens;
      usage.completionTokens += part.usage.completionTokens;
    }
  }
  answer = answer.trim();
  if (!answer || isRefusal(answer)) {
    yield* finish(usage, NOT_FOUND_ANSWER, false, [], finishReason, coverage, answer === '');
    return;
  }
  const citations = toCitations(answer, notes, document);
  yield { type: 'citations', citations };
  yield* finish(usage, answer, true, citations, finishReason, coverage, false);
}

/** One map step, timed: the notes on a group, and how long writing them took. */
async function takeNotes(
  context: WholeDocumentContext,
  options: {
    title: string;
    part: number;
    parts: number;
    group: PartGroup;
    question: string;
    abortSignal?: AbortSignal;
  },
) {
  const started = performance.now();
  let firstToken: number | undefined;
  let text = '';
  let usage: Usage = { promptTokens: 0, completionTokens: 0 };
  let finishReason: FinishReason = 'stop';
  const messages = notesMessages({
    title: options.title,
    part: options.part,
    parts: options.parts,
    text: options.group.parts.map((part) => part.text).join('\n\n'),
    question: options.question,
  });
  for await (const part of context.model.stream({
    messages,
    temperature: 0,
    maxTokens: NOTE_TOKENS,
    abortSignal: options.abortSignal,
  })) {
    if (part.type === 'text-delta') {
      firstToken ??= performance.now();
      text += part.text;
    } else {
      usage = part.usage;
      finishReason = part.finishReason;
    }
  }
  const ended = performance.now();
  if (firstToken !== undefined) {
    context.prefillRate?.record(usage.promptTokens, (firstToken - started) / 1000);
  }
  const noteSeconds = (ended - (firstToken ?? started)) / 1000;
  return { text, usage, finishReason, noteSeconds };
}

function toResult(document: DocumentRecord, part: DocumentPart): SearchResult {
  return {
    chunkId: part.chunkId,
    documentId: document.id,
    title: document.title,
    text: part.text,
    score: 0,
    start: part.start,
    end: part.end,
    ...(part.page != null ? { page: part.page } : {}),
    metadata: document.metadata ?? {},
  };
}

/**
 * Each answer sentence cites the chunk that best supports it among the chunks of the notes it names, or, when it
 * names none (small models rarely do in a summary), of the note that shares most of its terms, if that holds at
 * least a quarter of them. A summary's sentences draw on different parts, so they are attributed one by one.
 */
function toCitations(answer: string, notes: Note[], document: DocumentRecord): Citation[] {
  const byMarker = new Map(notes.map((note) => [note.marker, note]));
  const byChunk = new Map<string, Citation>();
  for (const { sentence, markers } of sentencesWithMarkers(answer)) {
    const named = [...new Set(markers)].filter((marker) => byMarker.has(marker));
    let cited = named.map((marker) => ({ marker, inferred: false }));
    if (cited.length === 0) {
      let best: { marker: number; support: number } | undefined;
      for (const note of notes) {
        const support = termRecall(sentence, note.text);
        if (!best || support > best.support) best = { marker: note.marker, support };
      }
      if (best && best.support >= 0.25) cited = [{ marker: best.marker, inferred: true }];
    }
    for (const { marker, inferred } of cited) {
      const note = byMarker.get(marker) as Note;
      let part = note.parts[0] as DocumentPart;
      let support = -1;
      for (const candidate of note.parts) {
        const share = termRecall(sentence, candidate.text);
        if (share > support) {
          part = candidate;
          support = share;
        }
      }
      const previous = byChunk.get(part.chunkId);
      byChunk.set(part.chunkId, {
        marker,
        chunkId: part.chunkId,
        documentId: document.id,
        title: document.title,
        ...(part.page != null ? { page: part.page } : {}),
        start: part.start,
        end: part.end,
        text: part.text,
        supported: (previous?.supported ?? true) && support >= 0.5,
        support: Math.min(previous?.support ?? 1, support),
        inferred: (previous?.inferred ?? true) && inferred,
      });
    }
  }
  return [...byChunk.values()].sort((a, b) => a.start - b.start);
}

async function* finish(
  usage: Usage,
  answer: string,
  answerable: boolean,
  citations: Citation[],
  finishReason: FinishReason,
  coverage?: Coverage,
  /** Stream the refusal's text (none was streamed) and the citations event. */
  announce = true,
): AsyncGenerator<AnswerEvent> {
  if (announce && !answerable) yield { type: 'text-delta', text: answer };
  if (announce || !answerable) yield { type: 'citations', citations };
  yield {
    type: 'done',
    answer,
    answerable,
    citations,
    usage,
    finishReason,
    ...(coverage ? { coverage } : {}),
  };
}

/** Collects `streamWholeDocumentAnswer` into one result, as `groundedAnswer` does (progress is dropped). */
export function wholeDocumentAnswer(context: WholeDocumentContext, options: WholeDocumentOptions) {
  return collectAnswer(withoutProgress(streamWholeDocumentAnswer(context, options)), options.question);
}

async function* withoutProgress(events: AsyncIterable<WholeDocumentEvent>): AsyncGenerator<AnswerEvent> {
  for await (const event of events) if (event.type !== 'progress') yield event;
}
