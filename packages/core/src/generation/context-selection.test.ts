import { describe, expect, test } from 'vitest';
import type { SearchResult } from '../retrieval/search.js';
import { selectExcerpts } from './context-selection.js';

function chunk(id: string, text: string, start = 0): SearchResult {
  return {
    chunkId: id,
    documentId: `doc-${id}`,
    title: id,
    text,
    start,
    end: start + text.length,
    score: 1,
  } as SearchResult;
}

// A word is a token here: the selector only needs a counter that agrees with itself.
const countTokens = async (text: string) => text.split(/\s+/).filter(Boolean).length;

const ferry =
  'A ferry links the harbor with the island. The crossing takes forty minutes in calm water. ' +
  'The ferry carries up to 180 passengers. In winter there are only three crossings a day. ' +
  'A return ticket costs 9 euros for adults.';
const bakery =
  'The bakery opened in 1888. It is closed on Mondays. Its saffron buns are baked with currants.';

describe('selectExcerpts', () => {
  test('a tight budget keeps the sentence that answers, with offsets that slice it from the chunk', async () => {
    const results = [chunk('ferry', ferry, 500), chunk('bakery', bakery)];
    const excerpts = await selectExcerpts({
      question: 'How much does a return ticket cost?',
      results,
      maxTokens: 12,
      countTokens,
    });
    expect(excerpts.map((excerpt) => excerpt.result.chunkId)).toEqual(['ferry']);
    const [excerpt] = excerpts;
    expect(excerpt?.text).toContain('A return ticket costs 9 euros for adults.');
    expect(excerpt?.text).not.toContain('forty minutes');
    for (const span of excerpt?.spans ?? []) {
      expect(excerpt?.text).toContain(ferry.slice(span.start, span.end));
    }
  });

  test('a budget that holds everything sends every chunk whole, in rank order', async () => {
    const excerpts = await selectExcerpts({
      question: 'When did the bakery open?',
      results: [chunk('ferry', ferry), chunk('bakery', bakery)],
      maxTokens: 1000,
      countTokens,
    });
    expect(excerpts.map((excerpt) => excerpt.text)).toEqual([ferry, bakery]);
  });

  test('left-out sentences are marked with an ellipsis, and a source header counts against the budget', async () => {
    const excerpts = await selectExcerpts({
      question: 'How many passengers, and what does a ticket cost?',
      results: [chunk('ferry', ferry)],
      maxTokens: 20,
      countTokens,
      overheadTokens: async () => 4,
    });
    expect(excerpts[0]?.text).toBe(
      'The ferry carries up to 180 passengers. … A return ticket costs 9 euros for adults.',
    );
  });

  test('Chinese sentences are matched by their characters, without spaces between words', async () => {
    const text =
      '深度学习使用三层或更多层的神经网络。困惑度衡量模型对文本的预测能力。温度参数决定概率分布的尖锐度。';
    const excerpts = await selectExcerpts({
      question: '什么是困惑度？',
      results: [chunk('zh', text)],
      maxTokens: 1,
      countTokens: async () => 1,
    });
    expect(excerpts[0]?.text).toBe('困惑度衡量模型对文本的预测能力。');
  });
});
