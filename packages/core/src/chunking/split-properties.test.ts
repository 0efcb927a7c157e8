import { describe, expect, it } from 'vitest';
import type { Chunk, LoadedDocument, Section } from '../spec/document.js';
import type { TokenCounter } from '../spec/embedding.js';
import { chunkDocument } from './chunk-document.js';
import { expectSoundChunks } from './fixtures/assertions.js';
import { CHINESE_PROSE } from './fixtures/texts.js';

/** Property-style tests of the splitting logic with simple counters, not stand-ins for the model tokenizer. */
const whitespaceCounter: TokenCounter = {
  maxTokens: 512,
  count: (text) => text.split(/\s+/).filter(Boolean).length,
};
/** One token per non-space character, roughly how multilingual tokenizers treat Chinese. */
const characterCounter: TokenCounter = {
  maxTokens: 512,
  count: (text) => text.replace(/\s/g, '').length,
};

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const WORDS = ['river', 'pump', 'sample', 'the', 'of', 'x'.repeat(40), '水质', '检测', 'a,', 'b;', '—', '🙂'];

function randomDocument(seed: number): LoadedDocument {
  const next = random(seed);
  let text = '';
  const sections: Section[] = [];
  const paragraphs = 1 + Math.floor(next() * 12);
  for (let paragraph = 0; paragraph < paragraphs; paragraph++) {
    if (next() < 0.3) {
      sections.push({ start: text.length, level: 1 + Math.floor(next() * 3), title: `Part ${paragraph}` });
      text += `# Part ${paragraph}\n\n`;
    }
    const sentences = 1 + Math.floor(next() * 8);
    for (let sentence = 0; sentence < sentences; sentence++) {
      const words = 1 + Math.floor(next() * 30);
      const parts = Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]);
      text += `${parts.join(next() < 0.1 ? '' : ' ')}${next() < 0.5 ? '. ' : '。'}`;
      if (next() < 0.1) text += '\n';
    }
    text += next() < 0.2 ? '\n \n\n' : '\n\n';
  }
  return { text, mimeType: 'text/markdown', sections };
}

describe('chunkDocument properties', () => {
  it('holds the invariants on random documents, sizes and overlaps', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const document = randomDocument(seed);
      const next = random(seed * 31);
      const maxTokens = 8 + Math.floor(next() * 60);
      const overlapTokens = Math.floor(next() * (maxTokens / 2));
      for (const tokenizer of [whitespaceCounter, characterCounter]) {
        const chunks = chunkDocument(document, { tokenizer, maxTokens, overlapTokens });
        expectSoundChunks(document, chunks, tokenizer, maxTokens);
      }
    }
  });

  it('never splits inside a surrogate pair', () => {
    const document: LoadedDocument = { text: '🙂'.repeat(300), mimeType: 'text/plain' };
    const chunks = chunkDocument(document, { tokenizer: characterCounter, maxTokens: 9, overlapTokens: 0 });
    expectSoundChunks(document, chunks, characterCounter, 9);
    for (const chunk of chunks) expect(chunk.text).toMatch(/^(🙂)+$/u);
  });

  it('splits Chinese at 。 by token count, and at ，when a sentence alone is too long', () => {
    const document: LoadedDocument = { text: CHINESE_PROSE, mimeType: 'text/plain' };
    const chunks = chunkDocument(document, { tokenizer: characterCounter, maxTokens: 80, overlapTokens: 0 });
    expectSoundChunks(document, chunks, characterCounter, 80);
    expect(chunks.length).toBeGreaterThan(6);
    for (const chunk of chunks) expect(chunk.text).toMatch(/[。！？]$/);
    const tight = chunkDocument(document, { tokenizer: characterCounter, maxTokens: 24, overlapTokens: 0 });
    expectSoundChunks(document, tight, characterCounter, 24);
    expect(tight.filter((chunk) => chunk.text.endsWith('，')).length).toBeGreaterThan(3);
  });

  it('packs tiny sections together but keeps full sections apart', () => {
    const long = Array.from({ length: 35 }, (_, index) => `word${index}`).join(' ');
    const text = `# A\n\nShort.\n\n# B\n\nAlso short.\n\n# C\n\n${long}.`;
    const sections: Section[] = ['# A', '# B', '# C'].map((marker) => ({
      start: text.indexOf(marker),
      level: 1,
      title: marker.slice(2),
    }));
    const document: LoadedDocument = { text, mimeType: 'text/markdown', sections };
    const merged = chunkDocument(document, { tokenizer: whitespaceCounter, maxTokens: 40, overlapTokens: 0 });
    expect(merged.map((chunk: Chunk) => [chunk.text.slice(0, 3), chunk.heading])).toEqual([
      ['# A', 'A'],
      ['# C', 'C'],
    ]);
    const apart = chunkDocument(document, { tokenizer: whitespaceCounter, maxTokens: 8, overlapTokens: 0 });
    expect(apart.every((chunk) => chunk.text.split('# ').length <= 2)).toBe(true);
  });
});
