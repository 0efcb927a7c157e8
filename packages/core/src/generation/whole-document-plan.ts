/** A chunk of the document being read whole, with its text and token count. */
export interface DocumentPart {
  chunkId: string;
  /** Position of the chunk in its document, from 0. */
  index: number;
  start: number;
  end: number;
  page?: number;
  text: string;
  tokens: number;
}

/** Chunks read together in one map step, in document order. */
export interface PartGroup {
  parts: DocumentPart[];
  tokens: number;
}

/** Packs parts, in order, into groups of at most `maxTokens` (a part larger than that gets a group alone). */
export function groupParts(parts: DocumentPart[], maxTokens: number): PartGroup[] {
  const groups: PartGroup[] = [];
  let current: PartGroup = { parts: [], tokens: 0 };
  for (const part of parts) {
    if (current.parts.length > 0 && current.tokens + part.tokens > maxTokens) {
      groups.push(current);
      current = { parts: [], tokens: 0 };
    }
    current.parts.push(part);
    current.tokens += part.tokens;
  }
  if (current.parts.length > 0) groups.push(current);
  return groups;
}

/** `count` of `parts` spread evenly over the document (the first and the last included), in order. */
export function spreadParts(parts: DocumentPart[], count: number): DocumentPart[] {
  if (count >= parts.length) return parts;
  if (count <= 1) return parts.slice(0, Math.max(0, count));
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (parts.length - 1)) / (count - 1)));
  return parts.filter((_, index) => picked.has(index));
}

/**
 * The order to read `count` groups in so that stopping early still covers the document: the first, the last,
 * then the middle, then the quarters, and so on (a van der Corput sequence over the positions).
 */
export function coveringOrder(count: number): number[] {
  if (count <= 2) return Array.from({ length: count }, (_, index) => index);
  const order = [0, count - 1];
  const seen = new Set(order);
  for (let k = 1; order.length < count; k++) {
    let fraction = 0;
    for (let bit = 0.5, n = k; n > 0; bit /= 2, n >>= 1) if (n & 1) fraction += bit;
    const index = Math.round(fraction * (count - 1));
    if (!seen.has(index)) {
      seen.add(index);
      order.push(index);
    }
    if (k > 64 * count) break;
  }
  for (let index = 0; index < count; index++) if (!seen.has(index)) order.push(index);
  return order;
}

/** What one map step is expected to cost, in seconds, from the model's measured speed. */
export interface MapCost {
  /** Prompt tokens read per second. */
  prefillRate: number;
  /** Tokens each map prompt adds to its parts (instructions, question, template). */
  overheadTokens: number;
  /** Seconds each map step spends writing its notes. */
  noteSeconds: number;
}

export const mapSeconds = (group: PartGroup, cost: MapCost) =>
  (group.tokens + cost.overheadTokens) / cost.prefillRate + cost.noteSeconds;

/**
 * The groups to read within `seconds`: every part when the estimate allows, otherwise as many parts as fit,
 * spread over the document by position, regrouped. At least one group, however tight the time.
 */
export function planReading(
  parts: DocumentPart[],
  options: { groupTokens: number; seconds: number; cost: MapCost },
): PartGroup[] {
  const { groupTokens, seconds, cost } = options;
  const total = (groups: PartGroup[]) => groups.reduce((sum, group) => sum + mapSeconds(group, cost), 0);
  let groups = groupParts(parts, groupTokens);
  if (total(groups) <= seconds) return groups;
  // Fewer parts until the plan fits; each try spreads the parts anew over the whole document.
  let count = Math.max(1, Math.floor((parts.length * seconds) / Math.max(total(groups), 1e-9)));
  for (;;) {
    groups = groupParts(spreadParts(parts, count), groupTokens);
    if (count <= 1 || total(groups) <= seconds) return groups;
    count = Math.max(1, Math.floor(count * 0.8));
  }
}

/** The most parts, spread over the document, whose tokens add up to at most `maxTokens` (every part if they fit). */
export function spreadWithin(parts: DocumentPart[], maxTokens: number): DocumentPart[] {
  const tokens = (picked: DocumentPart[]) => picked.reduce((sum, part) => sum + part.tokens, 0);
  if (tokens(parts) <= maxTokens) return parts;
  let low = 0;
  let high = parts.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (tokens(spreadParts(parts, middle)) <= maxTokens) low = middle;
    else high = middle - 1;
  }
  return spreadParts(parts, Math.max(1, low));
}

/**
 * Whether to read the document in the answer's own prompt rather than in map steps: when the document fits it, or
 * when map steps, which also spend time writing notes, would read no more of it in `seconds` than one prompt of
 * `room` tokens can hold (on a slow machine with a tight budget, one prompt reads more).
 */
export function readsDirectly(options: {
  documentTokens: number;
  room: number;
  groupTokens: number;
  seconds: number;
  cost: MapCost;
}): boolean {
  const { documentTokens, room, groupTokens, seconds, cost } = options;
  const direct = Math.min(room, seconds * cost.prefillRate);
  if (documentTokens <= direct) return true;
  if (!Number.isFinite(seconds)) return false;
  const mapped = Math.floor(seconds / mapSeconds({ parts: [], tokens: groupTokens }, cost)) * groupTokens;
  return mapped <= direct;
}
