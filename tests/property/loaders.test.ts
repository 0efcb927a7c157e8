import { type LoadedDocument, LoreError, loadDocument } from '@lore/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

const fileNames = [
  undefined,
  'notes.txt',
  'readme.md',
  'page.html',
  'table.csv',
  'data.json',
  'rows.jsonl',
  'main.ts',
  'script.py',
  'paper.pdf',
  'letter.docx',
  'archive.zip',
  'no-extension',
];
const mimeTypes = [
  undefined,
  'text/plain',
  'text/markdown',
  'text/html',
  'text/csv',
  'application/json',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/octet-stream',
  'image/png',
];
const encoder = new TextEncoder();

/** Pieces that steer text towards the paths of the markdown, HTML, CSV and JSON parsers. */
const syntax = fc.constantFrom(
  '# ',
  '\n',
  '\n\n',
  '|',
  '---',
  '```',
  '<html>',
  '<p>',
  '</',
  '<!--',
  '<script>',
  '&amp;',
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '\\',
  '\r\n',
  '\u0000',
  '\ufeff',
  '水',
  '🙂',
  'word ',
);
const structuredText = fc
  .array(fc.oneof(syntax, fc.string({ maxLength: 8 })), { maxLength: 200 })
  .map((parts) => parts.join(''));

/** Magic numbers followed by noise: the PDF and zip (docx) readers get damaged files. */
const damagedBinary = fc
  .tuple(
    fc.constantFrom('%PDF-1.4\n', '%PDF-1.7\n1 0 obj\n<<', 'PK\u0003\u0004', ''),
    fc.uint8Array({ maxLength: 2048 }),
  )
  .map(([magic, noise]) => new Uint8Array([...encoder.encode(magic), ...noise]));

function checkLoaded(document: LoadedDocument): void {
  expect(document.text.trim().length).toBeGreaterThan(0);
  for (const section of document.sections ?? []) {
    expect(section.start).toBeGreaterThanOrEqual(0);
    expect(section.start).toBeLessThanOrEqual(document.text.length);
  }
  let previousEnd = 0;
  for (const page of document.pages ?? []) {
    expect(page.start).toBeGreaterThanOrEqual(previousEnd);
    expect(page.end).toBeGreaterThanOrEqual(page.start);
    expect(page.end).toBeLessThanOrEqual(document.text.length);
    previousEnd = page.end;
  }
}

/** Loads the input; the only failure allowed is a LoreError with a message. */
async function loadsOrFailsCleanly(input: { bytes: Uint8Array; fileName?: string; mimeType?: string }) {
  let document: LoadedDocument;
  try {
    document = await loadDocument(input);
  } catch (error) {
    expect(error).toBeInstanceOf(LoreError);
    expect((error as LoreError).message.length).toBeGreaterThan(0);
    return;
  }
  checkLoaded(document);
}

const named = { fileName: fc.constantFrom(...fileNames), mimeType: fc.constantFrom(...mimeTypes) };

describe('loaders on arbitrary input', () => {
  test('arbitrary bytes load or fail with a LoreError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ bytes: fc.uint8Array({ maxLength: 4096 }), ...named }),
        loadsOrFailsCleanly,
      ),
      { numRuns: 300 },
    );
  });

  test('arbitrary Unicode text loads or fails with a LoreError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          text: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 500 }), structuredText),
          ...named,
        }),
        ({ text, ...rest }) => loadsOrFailsCleanly({ bytes: encoder.encode(text), ...rest }),
      ),
      { numRuns: 400 },
    );
  });

  test('damaged PDF and docx files fail with a LoreError', async () => {
    await fc.assert(fc.asyncProperty(fc.record({ bytes: damagedBinary, ...named }), loadsOrFailsCleanly), {
      numRuns: 150,
    });
  });
});
