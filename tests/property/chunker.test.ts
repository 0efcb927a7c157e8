import { type Chunk, chunkDocument, type LoadedDocument, type TokenCounter } from '@lore/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestEmbedder } from '../support/lore.js';

const whitespaceCounter: TokenCounter = {
  maxTokens: 512,
  count: (text) => text.split(/\s+/).filter(Boolean).length,
};

const word = fc.oneof(
  fc.constantFrom('river', 'the', 'of', 'sample', '水质', '检测', '🙂', 'x'.repeat(60), 'a,', '—', '.', '。'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
);
const separator = fc.constantFrom(' ', ' ', ' ', '. ', '\n', '\n\n', '\t', '', '  \n \n');
/** Prose-like text with arbitrary graphemes mixed in, up to a few thousand characters. */
const text = fc
  .array(fc.tuple(word, separator), { minLength: 1, maxLength: 400 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));

/** A document with headings and pages at arbitrary (valid) offsets. */
const loadedDocument: fc.Arbitrary<LoadedDocument> = text.chain((body) =>
  fc
    .record({
      sectionStarts: fc.array(fc.nat({ max: Math.max(0, body.length - 1) }), { maxLength: 6 }),
      pageBreaks: fc.array(fc.nat({ max: body.length }), { maxLength: 5 }),
      paged: fc.boolean(),
    })
    .map(({ sectionStarts, pageBreaks, paged }) => {
      const breaks = [...new Set([0, ...pageBreaks, body.length])].sort((a, b) => a - b);
      const pages = breaks
        .slice(0, -1)
        .map((start, i) => ({ page: i + 1, start, end: breaks[i + 1] ?? start }));
      return {
        text: body,
        mimeType: 'text/markdown',
        sections: sectionStarts.map((start, i) => ({ start, level: 1 + (i % 3), title: `Part ${i}` })),
        ...(paged && pages.length > 0 ? { pages } : {}),
      };
    }),
);

function checkChunks(
  document: LoadedDocument,
  chunks: Chunk[],
  tokenizer: TokenCounter,
  maxTokens: number,
  overlapTokens: number,
): void {
  const covered = new Uint8Array(document.text.length);
  chunks.forEach((chunk, index) => {
    // Offsets slice the source exactly; sizes hold with the real token count.
    expect(chunk.index).toBe(index);
    expect(chunk.text).toBe(document.text.slice(chunk.start, chunk.end));
    expect(chunk.text.trim().length).toBeGreaterThan(0);
    expect(chunk.tokens).toBe(tokenizer.count(chunk.text));
    expect(chunk.tokens).toBeLessThanOrEqual(maxTokens);
    const previous = chunks[index - 1];
    if (previous) {
      expect(chunk.start).toBeGreaterThan(previous.start);
      expect(chunk.end).toBeGreaterThan(previous.end);
      // The text repeated from the previous chunk stays within the overlap budget.
      if (chunk.start < previous.end) {
        expect(tokenizer.count(document.text.slice(chunk.start, previous.end))).toBeLessThanOrEqual(
          overlapTokens,
        );
      }
    }
    if (document.pages && chunk.page !== undefined) {
      const page = document.pages.find((span) => chunk.start >= span.start && chunk.start < span.end);
      if (page) expect(chunk.page).toBe(page.page);
    }
    covered.fill(1, chunk.start, chunk.end);
  });
  // Every non-space code unit of the document is inside some chunk.
  for (let offset = 0; offset < document.text.length; offset++) {
    if (covered[offset] === 0) expect(document.text[offset]).toMatch(/\s/);
  }
}

describe('chunkDocument properties', () => {
  let modelTokenizer: TokenCounter;
  beforeAll(async () => {
    modelTokenizer = await createTestEmbedder().tokenizer();
  });

  test.each([
    ['whitespace counter', () => whitespaceCounter],
    ['the embedding model tokenizer', () => modelTokenizer],
  ])('offsets, coverage, token limits and overlap hold (%s)', (_name, tokenizer) => {
    fc.assert(
      fc.property(
        loadedDocument,
        fc.integer({ min: 8, max: 200 }),
        fc.double({ min: 0, max: 0.49, noNaN: true }),
        (document, requestedMax, overlapShare) => {
          const counter = tokenizer();
          const maxTokens = Math.min(requestedMax, counter.maxTokens);
          const overlapTokens = Math.floor(maxTokens * overlapShare);
          const options = { tokenizer: counter, maxTokens, overlapTokens };
          const chunks = chunkDocument(document, options);
          checkChunks(document, chunks, counter, maxTokens, overlapTokens);
        },
      ),
      { numRuns: 200 },
    );
  });
});
