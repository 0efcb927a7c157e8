import { describe, expect, it } from 'vitest';
import { LoreError } from '../../errors.js';
import { utf8 } from './fixtures/build.js';
import { loadDocument, loadDocuments } from './load-document.js';

async function failure(promise: Promise<unknown>): Promise<LoreError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!LoreError.is(error)) throw new Error(`expected a LoreError, got ${String(error)}`);
  return error;
}

describe('loadDocument for text formats', () => {
  it('reads plain text unchanged, with or without a file name', async () => {
    const text = 'Line one.\n\nLine two — with “quotes” and ünïcödé.\n';
    expect(await loadDocument({ bytes: utf8(text), fileName: 'notes.txt' })).toEqual({
      text,
      mimeType: 'text/plain',
    });
    expect((await loadDocument({ bytes: utf8(text) })).text).toBe(text);
  });

  it('keeps markdown as is and turns headings into sections at their offsets', async () => {
    const text =
      '# Guide\n\nIntro.\n\n```\n# not a heading\n```\n\n## Install\n\nRun it.\n\nUsage\n-----\n\nCall it.\n';
    const document = await loadDocument({ bytes: utf8(text), fileName: 'README.md' });
    expect(document.text).toBe(text);
    expect(document.title).toBe('Guide');
    expect(document.sections?.map(({ level, title }) => [level, title])).toEqual([
      [1, 'Guide'],
      [2, 'Install'],
      [2, 'Usage'],
    ]);
    for (const section of document.sections ?? []) {
      expect(text.slice(section.start)).toMatch(new RegExp(`^(#+ )?${section.title}`));
    }
  });

  it('extracts html text without scripts or styles, decodes entities and finds title and headings', async () => {
    const html = `<!doctype html><html><head><title>The  Page</title><style>p{color:red}</style></head>
      <body><script>alert("x")</script><h1>Main &amp; Only</h1><p>First   paragraph with&nbsp;<b>bold</b> text.</p>
      <ul><li>one</li><li>two</li></ul><h2>Details</h2><table><tr><td>a</td><td>b</td></tr></table></body></html>`;
    const document = await loadDocument({ bytes: utf8(html), fileName: 'page.html' });
    expect(document.title).toBe('The Page');
    expect(document.text).toBe(
      'Main & Only\n\nFirst paragraph with bold text.\n\none\ntwo\n\nDetails\n\na | b',
    );
    expect(document.text).not.toContain('alert');
    expect(document.sections).toEqual([
      { start: 0, level: 1, title: 'Main & Only' },
      { start: document.text.indexOf('Details'), level: 2, title: 'Details' },
    ]);
  });

  it('renders csv rows as "header: value" lines', async () => {
    const csv = 'name,city,note\nAda,London,"wrote, the first program"\nLinus,Helsinki,\n';
    const document = await loadDocument({ bytes: utf8(csv), fileName: 'people.csv' });
    expect(document.mimeType).toBe('text/csv');
    expect(document.text).toBe(
      'name: Ada; city: London; note: wrote, the first program\nname: Linus; city: Helsinki',
    );
  });

  it('flattens json into path lines with a section per top-level container', async () => {
    const json = JSON.stringify({
      title: 'Config',
      server: { port: 8080, hosts: ['a', 'b'] },
      'odd key': null,
    });
    const document = await loadDocument({ bytes: utf8(json), fileName: 'config.json' });
    expect(document.text).toBe(
      'title: Config\nserver.port: 8080\nserver.hosts[0]: a\nserver.hosts[1]: b\n["odd key"]: null',
    );
    expect(document.sections).toEqual([{ start: 'title: Config\n'.length, level: 1, title: 'server' }]);
    const lines = await loadDocument({ bytes: utf8('{"a":1}\n{"a":2}\n'), fileName: 'rows.jsonl' });
    expect(lines.text).toBe('[0].a: 1\n[1].a: 2');
  });

  it('reads source code as is, with the language and top-level declarations as sections', async () => {
    const code = [
      "import { x } from './x.js';",
      '',
      '/** Adds. */',
      'export function add(a: number, b: number) {',
      '  return a + b;',
      '}',
      '',
      'export class Counter {',
      '  count = 0;',
      '}',
    ].join('\n');
    const document = await loadDocument({ bytes: utf8(code), fileName: 'src/math.ts' });
    expect(document).toMatchObject({ text: code, language: 'typescript', mimeType: 'text/x-typescript' });
    expect(
      document.sections?.map((section) => [code.slice(section.start).split('\n')[0], section.title]),
    ).toEqual([
      ['/** Adds. */', 'export function add(a: number, b: number)'],
      ['export class Counter {', 'export class Counter'],
    ]);
    const python = await loadDocument({
      bytes: utf8('import os\n\n@cache\ndef main():\n    pass\n'),
      fileName: 'a.py',
    });
    expect(python.language).toBe('python');
    expect(python.sections).toEqual([{ start: 11, level: 1, title: 'def main()' }]);
  });
});

describe('loadDocument failures', () => {
  it('refuses binary garbage as unsupported, saying what to upload instead', async () => {
    const garbage = new Uint8Array(2048).map((_, index) => (index * 7919 + 13) % 256);
    const error = await failure(loadDocument({ bytes: garbage, fileName: 'data.bin' }));
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toMatch(/"data.bin".*binary data.*Upload a txt, md, html, pdf, docx, csv, json/);
  });

  it('refuses invalid UTF-8 named as text, and images by their magic bytes', async () => {
    const latin1 = await failure(
      loadDocument({ bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]), fileName: 'a.txt' }),
    );
    expect(latin1.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(latin1.message).toMatch(/UTF-8/);
    const png = await failure(
      loadDocument({
        bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        fileName: 'scan.txt',
      }),
    );
    // PNG is read by OCR whatever its name; a header with no size is reported as a damaged image.
    expect(png.code).toBe('UNPROCESSABLE');
    expect(png.message).toMatch(/"scan.txt": The image is damaged/);
  });

  it('refuses an unknown extension, naming it and the supported formats', async () => {
    const error = await failure(loadDocument({ bytes: utf8('hello'), fileName: 'drawing.xyz' }));
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toMatch(
      /\.xyz.*Lore reads txt, md, html, pdf, docx, csv, json, png, jpeg or source code/,
    );
  });

  it('reports invalid json and files without text as unprocessable', async () => {
    const json = await failure(loadDocument({ bytes: utf8('{"a": 1,'), fileName: 'broken.json' }));
    expect(json.code).toBe('UNPROCESSABLE');
    expect(json.message).toMatch(/"broken.json".*not valid JSON.*Fix the syntax/);
    const empty = await failure(
      loadDocument({ bytes: utf8('<html><script>x()</script></html>'), fileName: 'a.html' }),
    );
    expect(empty.code).toBe('UNPROCESSABLE');
    expect(empty.message).toMatch(/No text could be extracted from "a.html"/);
  });

  it('fails only the bad files of a batch', async () => {
    const results = await loadDocuments([
      { bytes: utf8('good one'), fileName: 'a.txt' },
      { bytes: utf8('hello'), fileName: 'b.xyz' },
      { bytes: utf8('# Still good'), fileName: 'c.md' },
    ]);
    expect(results.map((result) => (result.ok ? result.document.text : result.error.code))).toEqual([
      'good one',
      'UNSUPPORTED_MEDIA_TYPE',
      '# Still good',
    ]);
  });
});
