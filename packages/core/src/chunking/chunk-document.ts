import { LoreError } from '../errors.js';
import type { Chunk, LoadedDocument, PageSpan, Section } from '../spec/document.js';
import type { TokenCounter } from '../spec/embedding.js';
import { Boundary, type Piece, splitIntoPieces, wordStarts } from './split.js';

/** How `chunkDocument` sizes chunks; every size is in tokens of the embedding model's own tokenizer. */
export interface ChunkOptions {
  tokenizer: TokenCounter;
  /** Largest chunk in tokens; defaults to the model's limit minus room for special tokens and prefixes, at most 512. */
  maxTokens?: number;
  /** Tokens of the previous chunk's last sentences repeated at the start of the next; defaults to 15% of maxTokens. */
  overlapTokens?: number;
  /**
   * Largest chunk in characters, defaulting to 6 × maxTokens: a guard for tokenizers that fold a
   * whole run of an unknown script (e.g. Chinese in an English-only vocabulary) into one token.
   */
  maxChars?: number;
}

/** Room left for special tokens and instruction prefixes such as "passage: ". */
const MODEL_MARGIN = 16;
const DEFAULT_CAP = 512;

function resolveOptions(options: ChunkOptions) {
  const limit = options.tokenizer.maxTokens;
  const maxTokens =
    options.maxTokens ?? Math.min(DEFAULT_CAP, Math.max(limit - MODEL_MARGIN, Math.ceil(limit / 2)));
  const overlapTokens = options.overlapTokens ?? Math.floor(maxTokens * 0.15);
  const maxChars = options.maxChars ?? maxTokens * 6;
  if (!Number.isInteger(maxTokens) || maxTokens < 8 || maxTokens > limit) {
    throw new LoreError(
      'BAD_REQUEST',
      `Chunk size maxTokens=${maxTokens} is out of range: use a whole number from 8 to the embedding model's limit of ${limit} tokens.`,
    );
  }
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
    throw new LoreError(
      'BAD_REQUEST',
      `Chunk overlap overlapTokens=${overlapTokens} is out of range: use a whole number from 0 to less than half of maxTokens (${maxTokens}).`,
    );
  }
  if (!Number.isInteger(maxChars) || maxChars < 16) {
    throw new LoreError('BAD_REQUEST', `Chunk size maxChars=${maxChars} is too small: use at least 16.`);
  }
  return { maxTokens, overlapTokens, maxChars };
}

/** Section-delimited spans of the text, each with the heading path above it. */
function segmentsOf(document: LoadedDocument): {
  spans: [number, number][];
  headings: (string | undefined)[];
} {
  const sections = [...(document.sections ?? [])]
    .filter((section) => section.start >= 0 && section.start < document.text.length)
    .sort((a, b) => a.start - b.start);
  const spans: [number, number][] = [];
  const headings: (string | undefined)[] = [];
  const stack: Section[] = [];
  let start = 0;
  let heading: string | undefined;
  for (const section of [...sections, undefined]) {
    const end = section?.start ?? document.text.length;
    if (end > start) {
      spans.push([start, end]);
      headings.push(heading);
      start = end;
    }
    if (!section) break;
    while ((stack.at(-1)?.level ?? 0) >= section.level) stack.pop();
    stack.push(section);
    heading = stack.map((entry) => entry.title).join(' > ');
  }
  return { spans, headings };
}

function pageAt(pages: readonly PageSpan[] | undefined, offset: number): number | undefined {
  if (!pages || pages.length === 0) return undefined;
  let low = 0;
  let high = pages.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((pages[middle] as PageSpan).start <= offset) low = middle;
    else high = middle - 1;
  }
  return (pages[low] as PageSpan).page;
}

/** Text repeated at the head of a chunk from the end of the one before. */
interface Overlap {
  start: number;
  tokens: number;
}

const LINE_ORIENTED = /^(text\/csv|application\/json|application\/x-ndjson)$/;

/**
 * Splits a document into chunks that fit the embedding model: by sections, paragraphs, sentences,
 * words and characters as needed, packed up to `maxTokens` with a sliding-window overlap.
 */
export function chunkDocument(document: LoadedDocument, options: ChunkOptions): Chunk[] {
  const { maxTokens, overlapTokens, maxChars } = resolveOptions(options);
  const { text } = document;
  const count = (value: string) => options.tokenizer.count(value);
  const { spans, headings } = segmentsOf(document);
  const lines = document.language !== undefined || LINE_ORIENTED.test(document.mimeType);
  const pieces = splitIntoPieces({ text, count, maxTokens, maxChars, lines }, spans);

  // Whitespace between pieces costs tokens too (a newline may be one); estimate it once per distinct gap.
  const gapCosts = new Map<string, number>();
  const single = count('a');
  const gapCost = (left: Piece, right: Piece): number => {
    const gap = text.slice(left.end, right.start);
    let cost = gapCosts.get(gap);
    if (cost === undefined) {
      cost = Math.max(0, count(`a${gap}a`) - 2 * single);
      if (gapCosts.size < 256) gapCosts.set(gap, cost);
    }
    return cost;
  };
  const at = (index: number) => pieces[index] as Piece;
  const tiny = maxTokens / 4;

  const chunks: Chunk[] = [];
  let next = 0; // first piece no earlier chunk holds
  let overlap: Overlap | undefined; // text repeated from the previous chunk, ending where it ended
  while (next < pieces.length) {
    const first = at(next);
    if (overlap) {
      const joined = overlap.tokens + gapCost(at(next - 1), first) + first.tokens;
      if (joined > maxTokens || first.end - overlap.start > maxChars) overlap = undefined;
    }
    const start = overlap?.start ?? first.start;
    let estimate = overlap?.tokens ?? 0;
    const totals: number[] = [];
    let end = next;
    while (end < pieces.length) {
      const piece = at(end);
      const joins = end > next || overlap !== undefined;
      const cost = joins ? gapCost(at(end - 1), piece) + piece.tokens : piece.tokens;
      const crossesSection = piece.boundary === Boundary.section && estimate >= tiny;
      if (end > next && (crossesSection || piece.end - start > maxChars || estimate + cost > maxTokens))
        break;
      estimate += cost;
      totals.push(estimate);
      end++;
    }
    // A section merged in at the end that goes on past the chunk moves whole to the next one, heading and all.
    if (end < pieces.length && at(end).segment === at(end - 1).segment) {
      for (let index = end - 1; index > next; index--) {
        if (at(index).segment !== at(end).segment) break;
        if (at(index).boundary === Boundary.section) end = index;
      }
    }
    // Rather than cutting mid-paragraph, end at the last paragraph break if the chunk stays half full.
    if (end < pieces.length && at(end).boundary < Boundary.paragraph) {
      for (let index = end - 1; index > next; index--) {
        if (at(index).boundary >= Boundary.paragraph && (totals[index - 1 - next] ?? 0) >= maxTokens / 2) {
          end = index;
          break;
        }
      }
    }
    // The estimate is a sum of parts; the real count of the joined text decides.
    let chunkStart = start;
    let tokens = count(text.slice(chunkStart, at(end - 1).end));
    while (tokens > maxTokens && (end - 1 > next || chunkStart < first.start)) {
      if (end - 1 > next) end--;
      else chunkStart = first.start;
      tokens = count(text.slice(chunkStart, at(end - 1).end));
    }
    const chunkEnd = at(end - 1).end;
    const page = pageAt(document.pages, chunkStart);
    const heading = headings[first.segment];
    chunks.push({
      index: chunks.length,
      text: text.slice(chunkStart, chunkEnd),
      start: chunkStart,
      end: chunkEnd,
      tokens,
      ...(page === undefined ? {} : { page }),
      ...(heading ? { heading } : {}),
    });
    next = end;
    overlap = next < pieces.length ? slideBack(chunkStart, end) : undefined;
  }
  return chunks;

  /** The next chunk's head start: whole trailing sentences of the same section, else trailing words. */
  function slideBack(chunkStart: number, end: number): Overlap | undefined {
    if (overlapTokens === 0 || at(end - 1).segment !== at(end).segment) return undefined;
    let tokens = 0;
    let from = end;
    while (from - 1 >= 0 && at(from - 1).start > chunkStart && at(from - 1).segment === at(end).segment) {
      const cost = at(from - 1).tokens + gapCost(at(from - 1), at(from));
      if (tokens + cost > overlapTokens) break;
      tokens += cost;
      from--;
    }
    if (from < end) return { start: at(from).start, tokens };
    // No whole sentence fits: binary-search the earliest word start whose tail fits.
    const last = at(end - 1);
    const starts = wordStarts(text, Math.max(last.start, chunkStart + 1), last.end);
    let low = 0;
    let high = starts.length;
    let found: Overlap | undefined;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const tail = count(text.slice(starts[middle], last.end));
      if (tail <= overlapTokens) {
        found = { start: starts[middle] as number, tokens: tail };
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return found;
  }
}
