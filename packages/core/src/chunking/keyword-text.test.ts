import { describe, expect, test } from 'vitest';
import type { Chunk } from '../spec/document.js';
import { keywordText } from './keyword-text.js';

const text = 'Alpha one. Beta two. Gamma three. Delta four.';
const spans = [
  [0, 10],
  [11, 20],
  [21, 33],
  [34, 45],
] as const;
const chunks: Chunk[] = spans.map(([start, end], index) => ({
  index,
  start,
  end,
  text: text.slice(start, end),
  tokens: 3,
  ...(index >= 2 ? { heading: 'Later' } : {}),
}));

describe('keywordText', () => {
  test('adds the title and heading path, and the neighbouring chunks', () => {
    expect(keywordText({ title: 'Greek letters', text, chunks, index: 2 })).toBe(
      'Greek letters > Later\n\nBeta two. Gamma three. Delta four.',
    );
  });

  test('stops at the ends of the document', () => {
    expect(keywordText({ title: 'Greek letters', text, chunks, index: 0 })).toBe(
      'Greek letters\n\nAlpha one. Beta two.',
    );
  });

  test('leaves out a header the text already starts with', () => {
    expect(keywordText({ title: 'Alpha one.', text, chunks, index: 0 })).toBe('Alpha one. Beta two.');
  });

  test('a window of 0 keeps the chunk alone', () => {
    expect(keywordText({ title: '', text, chunks, index: 1, window: 0 })).toBe('Beta two.');
  });
});
