import { beforeAll, describe, expect, it } from 'vitest';
import { buildDocx, buildPdf, utf8 } from '../ingestion/loaders/fixtures/build.js';
import { loadDocument } from '../ingestion/loaders/load-document.js';
import type { Chunk, LoadedDocument } from '../spec/document.js';
import type { TokenCounter } from '../spec/embedding.js';
import { chunkDocument } from './chunk-document.js';
import { expectSoundChunks } from './fixtures/assertions.js';
import { CHINESE_PROSE, GUIDE_MARKDOWN } from './fixtures/texts.js';
import { loadUseLiteTokenizer } from './fixtures/use-lite-en.js';

let tokenizer: TokenCounter;
beforeAll(async () => {
  tokenizer = await loadUseLiteTokenizer();
});

const markdown = (text: string): Promise<LoadedDocument> =>
  loadDocument({ bytes: utf8(text), fileName: 'guide.md' });

describe('chunkDocument with the real use-lite-en tokenizer', () => {
  it('keeps every chunk within the model limit by default, with a real token count', async () => {
    const document = await markdown(GUIDE_MARKDOWN);
    const chunks = chunkDocument(document, { tokenizer });
    const defaultMax = tokenizer.maxTokens - 16;
    expectSoundChunks(document, chunks, tokenizer, defaultMax);
    expect(chunks.length).toBeGreaterThan(3);
    // Packing, not one sentence per chunk: the longest chunks come close to the limit.
    expect(Math.max(...chunks.map((chunk) => chunk.tokens))).toBeGreaterThan(defaultMax * 0.7);
  });

  it('keeps offsets exact and the limit for every loader format', async () => {
    const paragraphs = GUIDE_MARKDOWN.split('\n\n').filter((part) => !part.startsWith('#'));
    const inputs = [
      { fileName: 'guide.txt', bytes: utf8(paragraphs.join('\n\n')) },
      { fileName: 'guide.md', bytes: utf8(GUIDE_MARKDOWN) },
      {
        fileName: 'guide.html',
        bytes: utf8(`<h1>Guide</h1>${paragraphs.map((part) => `<p>${part}</p>`).join('')}`),
      },
      {
        fileName: 'guide.pdf',
        bytes: await buildPdf(paragraphs.map((part) => part.match(/.{1,80}(\s|$)/g) ?? [])),
      },
      { fileName: 'guide.docx', bytes: await buildDocx(paragraphs.map((text) => ({ text }))) },
      {
        fileName: 'rows.csv',
        bytes: utf8(
          `post,note\n${paragraphs.map((part, row) => `${row},"${part.replace(/"/g, '""')}"`).join('\n')}`,
        ),
      },
      {
        fileName: 'notes.json',
        bytes: utf8(JSON.stringify({ notes: paragraphs, meta: { count: paragraphs.length } })),
      },
      {
        fileName: 'station.py',
        bytes: utf8(
          paragraphs
            .map((part, index) => `def step_${index}():\n    """${part}"""\n    return ${index}\n`)
            .join('\n'),
        ),
      },
    ];
    for (const input of inputs) {
      const document = await loadDocument(input);
      const chunks = chunkDocument(document, { tokenizer, maxTokens: 40 });
      expect(chunks.length, input.fileName).toBeGreaterThan(2);
      expectSoundChunks(document, chunks, tokenizer, 40);
    }
  });

  it('overlaps consecutive chunks by whole trailing sentences when they fit', async () => {
    const text = Array.from({ length: 30 }, (_, post) => `The pump at post ${post + 1} was checked.`).join(
      ' ',
    );
    const document = await loadDocument({ bytes: utf8(text), fileName: 'log.txt' });
    const chunks = chunkDocument(document, { tokenizer, maxTokens: 60, overlapTokens: 20 });
    expectSoundChunks(document, chunks, tokenizer, 60);
    expect(chunks.length).toBeGreaterThan(3);
    chunks.slice(1).forEach((chunk, index) => {
      const shared = document.text.slice(chunk.start, (chunks[index] as Chunk).end);
      expect(shared).toMatch(/^The pump at post \d+ was checked\. The pump at post \d+ was checked\.$/);
      expect(tokenizer.count(shared)).toBeLessThanOrEqual(20);
    });
  });

  it('overlaps by trailing words when sentences are longer than the overlap, never across sections', async () => {
    const document = await markdown(GUIDE_MARKDOWN);
    const chunks = chunkDocument(document, { tokenizer, maxTokens: 60, overlapTokens: 20 });
    expectSoundChunks(document, chunks, tokenizer, 60);
    const overlapping = chunks.slice(1).filter((chunk, index) => chunk.start < (chunks[index] as Chunk).end);
    expect(overlapping.length).toBeGreaterThan(4);
    for (const chunk of overlapping) {
      const previous = chunks[chunk.index - 1] as Chunk;
      expect(tokenizer.count(document.text.slice(chunk.start, previous.end))).toBeLessThanOrEqual(20);
      expect(chunk.heading).toBe(previous.heading);
      expect(chunk.text).toMatch(/^\w/); // starts at a word, not at punctuation
      expect(document.text[chunk.start - 1]).toMatch(/\s/);
    }
    const none = chunkDocument(document, { tokenizer, maxTokens: 60, overlapTokens: 0 });
    none.slice(1).forEach((chunk, index) => {
      expect(chunk.start).toBeGreaterThanOrEqual((none[index] as Chunk).end);
    });
  });

  it('follows headings: no chunk runs into the next section, and each carries its heading path', async () => {
    const document = await markdown(GUIDE_MARKDOWN);
    const chunks = chunkDocument(document, { tokenizer, maxTokens: 100 });
    const starts = (document.sections ?? []).map((section) => section.start).filter((start) => start > 0);
    for (const chunk of chunks) {
      const crossed = starts.filter((start) => start > chunk.start && start < chunk.end);
      // Only a heading with barely any text under it may share a chunk with the next section.
      if (crossed.length > 0)
        expect(tokenizer.count(document.text.slice(chunk.start, crossed[0]))).toBeLessThan(25);
    }
    const heading = (needle: string) => chunks.find((chunk) => chunk.text.includes(needle))?.heading;
    expect(heading('Never wade in')).toBe('Field Guide > Collecting samples');
    expect(heading('swapping the labels')).toBe('Field Guide > Checking the data > Common mistakes');
    expect(heading('first working day')).toBe('Field Guide > Publishing');
  });

  it('gives each PDF chunk the page it starts on', async () => {
    const page = (name: string) =>
      Array.from(
        { length: 6 },
        (_, line) => `${name} line ${line + 1} says the readings on this page are fine.`,
      );
    const document = await loadDocument({
      bytes: await buildPdf([page('Alpha'), page('Beta'), page('Gamma')]),
      fileName: 'pages.pdf',
    });
    const chunks = chunkDocument(document, { tokenizer, maxTokens: 30 });
    expectSoundChunks(document, chunks, tokenizer, 30);
    const pageStarts = ['Beta line 1', 'Gamma line 1'].map((marker) => document.text.indexOf(marker));
    for (const chunk of chunks) {
      const expected = 1 + pageStarts.filter((start) => start >= 0 && chunk.start >= start).length;
      expect(chunk.page, chunk.text).toBe(expected);
    }
    expect(new Set(chunks.map((chunk) => chunk.page))).toEqual(new Set([1, 2, 3]));
  });

  it('chunks Chinese prose without spaces at sentence ends, with exact offsets', async () => {
    const document = await loadDocument({ bytes: utf8(CHINESE_PROSE), fileName: 'xihu.txt' });
    const chunks = chunkDocument(document, { tokenizer, maxTokens: 32 });
    expectSoundChunks(document, chunks, tokenizer, 32);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      // use-lite-en folds Chinese into <unk>, so the character guard (6 × maxTokens) sizes these chunks.
      expect(chunk.text.length).toBeLessThanOrEqual(32 * 6);
      expect(chunk.text).toMatch(/[。！？]$/);
    }
  });

  it('still chunks a 5000-character run without any space or punctuation', async () => {
    const word = Array.from({ length: 5000 }, (_, index) => 'abcdefghij'[(index * 7) % 10]).join('');
    const document = await loadDocument({
      bytes: utf8(`Before it.\n\n${word}\n\nAfter it.`),
      fileName: 'long.txt',
    });
    const chunks = chunkDocument(document, { tokenizer });
    expectSoundChunks(document, chunks, tokenizer, tokenizer.maxTokens - 16);
    expect(chunks.length).toBeGreaterThan(5);
  });

  it('rejects sizes the model cannot take', async () => {
    const document = await markdown('# A\n\nText.');
    expect(() => chunkDocument(document, { tokenizer, maxTokens: 4096 })).toThrow(/limit of 128 tokens/);
    expect(() => chunkDocument(document, { tokenizer, maxTokens: 64, overlapTokens: 40 })).toThrow(
      /overlapTokens/,
    );
  });
});
