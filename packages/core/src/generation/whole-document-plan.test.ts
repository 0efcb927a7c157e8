import { describe, expect, test } from 'vitest';
import {
  coveringOrder,
  type DocumentPart,
  groupParts,
  planReading,
  readsDirectly,
  spreadParts,
  spreadWithin,
} from './whole-document-plan.js';

const parts: DocumentPart[] = Array.from({ length: 20 }, (_, index) => ({
  chunkId: `c${index}`,
  index,
  start: index * 100,
  end: index * 100 + 100,
  text: 'x'.repeat(100),
  tokens: 100,
}));
const cost = { prefillRate: 100, overheadTokens: 0, noteSeconds: 0 };

describe('reading a document within a time budget', () => {
  test('groups keep document order and stay within the token limit', () => {
    const groups = groupParts(parts, 350);
    expect(groups.map((group) => group.parts.length)).toEqual([3, 3, 3, 3, 3, 3, 2]);
    expect(groups.flatMap((group) => group.parts.map((part) => part.index))).toEqual(
      parts.map((p) => p.index),
    );
  });

  test('a budget that covers every chunk reads every chunk', () => {
    const plan = planReading(parts, { groupTokens: 400, seconds: 25, cost });
    expect(plan.flatMap((group) => group.parts)).toHaveLength(20);
  });

  test('a budget too small reads chunks spread from the start to the end of the document', () => {
    const plan = planReading(parts, { groupTokens: 400, seconds: 5, cost });
    const read = plan.flatMap((group) => group.parts.map((part) => part.index));
    expect(read.length).toBeLessThanOrEqual(5);
    expect(read[0]).toBe(0);
    expect(read.at(-1)).toBe(19);
    expect(spreadParts(parts, 3).map((part) => part.index)).toEqual([0, 10, 19]);
  });

  test('groups are read ends first, then the middle, each once', () => {
    const order = coveringOrder(7);
    expect(order.slice(0, 3)).toEqual([0, 6, 3]);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  test('one prompt reads the parts, spread, when map steps would read no more in the time', () => {
    const picked = spreadWithin(parts, 500);
    expect(picked.map((part) => part.index)).toEqual([0, 5, 10, 14, 19]);
    const slow = { prefillRate: 50, overheadTokens: 100, noteSeconds: 5 };
    const plan = { documentTokens: 2000, room: 7000, groupTokens: 1000 };
    expect(readsDirectly({ ...plan, seconds: 30, cost: slow })).toBe(true);
    expect(readsDirectly({ ...plan, room: 500, seconds: Number.POSITIVE_INFINITY, cost: slow })).toBe(false);
    expect(readsDirectly({ ...plan, room: 500, seconds: 600, cost: slow })).toBe(false);
  });
});
