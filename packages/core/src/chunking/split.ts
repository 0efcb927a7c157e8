/** How strong the boundary before a piece is; the packer prefers to cut at stronger ones. */
export const Boundary = { none: 0, sentence: 1, paragraph: 2, section: 3 } as const;
export type Boundary = (typeof Boundary)[keyof typeof Boundary];

/** A trimmed span of the source that fits the budget on its own; chunks are runs of pieces. */
export interface Piece {
  start: number;
  end: number;
  /** Real token count of `text.slice(start, end)`. */
  tokens: number;
  /** Index of the section-delimited segment the piece lies in. */
  segment: number;
  boundary: Boundary;
}

/** What the splitter needs: the text, the real token counter and the budget every piece must fit. */
export interface SplitContext {
  text: string;
  count: (text: string) => number;
  maxTokens: number;
  maxChars: number;
  /** Line-oriented text (code, CSV, JSON): split paragraphs at lines rather than sentences. */
  lines: boolean;
}

type Span = [start: number, end: number];
type Counted = [start: number, end: number, tokens: number];
type Level = 'sentence' | 'line' | 'clause' | 'word';

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const WHITESPACE = /\s/;

/** Narrows a span to exclude leading and trailing whitespace; undefined when nothing is left. */
export function trimSpan(text: string, start: number, end: number): Span | undefined {
  while (start < end && WHITESPACE.test(text[start] as string)) start++;
  while (end > start && WHITESPACE.test(text[end - 1] as string)) end--;
  return start < end ? [start, end] : undefined;
}

/** Cuts [start, end) after every match of `separator`, returning the trimmed non-empty parts. */
function splitAfter(text: string, start: number, end: number, separator: RegExp): Span[] {
  const spans: Span[] = [];
  const pattern = new RegExp(separator.source, 'g');
  const slice = text.slice(start, end);
  let from = 0;
  for (const match of slice.matchAll(pattern)) {
    const to = (match.index ?? 0) + match[0].length;
    const span = trimSpan(text, start + from, start + to);
    if (span) spans.push(span);
    from = to;
  }
  const last = trimSpan(text, start + from, end);
  if (last) spans.push(last);
  return spans;
}

function segment(text: string, start: number, end: number, segmenter: Intl.Segmenter): Span[] {
  const spans: Span[] = [];
  for (const part of segmenter.segment(text.slice(start, end))) {
    const span = trimSpan(text, start + part.index, start + part.index + part.segment.length);
    if (span) spans.push(span);
  }
  return spans;
}

/** Offsets where words start in [start, end), ascending; punctuation never starts one. */
export function wordStarts(text: string, start: number, end: number): number[] {
  const starts: number[] = [];
  for (const part of wordSegmenter.segment(text.slice(start, end))) {
    if (part.isWordLike) starts.push(start + part.index);
  }
  return starts;
}

function splitLevel(text: string, [start, end]: Span, level: Level): Span[] {
  switch (level) {
    case 'sentence':
      return segment(text, start, end, sentenceSegmenter);
    case 'line':
      return splitAfter(text, start, end, /\n/);
    // Clause punctuation, CJK and Latin, for sentences too long to keep whole.
    case 'clause':
      return splitAfter(text, start, end, /[，、；：]\s*|[,;:]\s+/);
    case 'word':
      return segment(text, start, end, wordSegmenter);
  }
}

/** Splits a span into pieces that fit the budget, going to a finer level only where a part is too big. */
function splitSpan(context: SplitContext, span: Span, levels: readonly Level[], out: Counted[]): void {
  const [start, end] = span;
  if (end - start <= context.maxChars) {
    const tokens = context.count(context.text.slice(start, end));
    if (tokens <= context.maxTokens) {
      out.push([start, end, tokens]);
      return;
    }
  }
  const [level, ...finer] = levels;
  if (!level) {
    splitCharacters(context, span, out);
    return;
  }
  const parts = splitLevel(context.text, span, level);
  if (parts.length <= 1) {
    splitSpan(context, parts[0] ?? span, finer, out);
    return;
  }
  for (const part of parts) splitSpan(context, part, finer, out);
}

/** Last resort for a run without any boundary: the longest prefixes that fit, found by binary search. */
function splitCharacters(context: SplitContext, [start, end]: Span, out: Counted[]): void {
  const { text } = context;
  while (start < end) {
    let low = start + 1;
    let high = Math.min(end, start + context.maxChars);
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (context.count(text.slice(start, middle)) <= context.maxTokens) low = middle;
      else high = middle - 1;
    }
    let cut = low;
    // Never cut a surrogate pair in half; the +1 keeps a lone astral character whole.
    if (cut < end && /[\uDC00-\uDFFF]/.test(text[cut] as string)) cut += cut - 1 > start ? -1 : 1;
    const span = trimSpan(text, start, cut);
    if (span) out.push([...span, context.count(text.slice(span[0], span[1]))]);
    start = cut;
  }
}

const PARAGRAPH_BREAK = /\n[ \t]*\n/;

/**
 * Splits each segment into paragraphs (blank lines), then sentences or lines, and finer only where
 * needed; returns the pieces with their real token counts.
 */
export function splitIntoPieces(context: SplitContext, segments: readonly Span[]): Piece[] {
  const pieces: Piece[] = [];
  const levels: Level[] = context.lines ? ['line', 'word'] : ['sentence', 'clause', 'word'];
  for (const [segmentIndex, segmentSpan] of segments.entries()) {
    let boundary: Boundary = Boundary.section;
    for (const paragraph of splitAfter(context.text, segmentSpan[0], segmentSpan[1], PARAGRAPH_BREAK)) {
      const [level, ...finer] = levels as [Level, ...Level[]];
      for (const unit of splitLevel(context.text, paragraph, level)) {
        const parts: Counted[] = [];
        splitSpan(context, unit, finer, parts);
        for (const [start, end, tokens] of parts) {
          pieces.push({ start, end, tokens, segment: segmentIndex, boundary });
          boundary = Boundary.none;
        }
        boundary = Boundary.sentence;
      }
      boundary = pieces.at(-1)?.segment === segmentIndex ? Boundary.paragraph : Boundary.section;
    }
  }
  return pieces;
}
