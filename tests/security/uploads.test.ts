import { createApp } from '@lore/api';
import { loadDocument } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore, type DatabaseKind } from '../support/lore.js';
import { keyed } from './support.js';
import { buildDocx } from './zip.js';

const form = (...files: File[]) => {
  const data = new FormData();
  for (const file of files) data.append('file', file);
  return data;
};
const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const paragraph = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

describe.each<DatabaseKind>(['pglite', 'postgres'])('upload limits on %s', (kind) => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let app: ReturnType<typeof createApp>;
  const upload = async (...files: File[]) =>
    keyed(app, undefined, 'POST', '/v1/collections/inbox/documents?wait=true', form(...files));
  const titles = async () =>
    (await env.lore.documents.list('inbox')).map((document) => document.title).sort();

  beforeAll(async () => {
    env = await createTestLore(kind);
    app = createApp(env.lore, {
      maxRequestBytes: 2 * 1024 * 1024,
      maxFileBytes: 1024 * 1024,
      log: () => {},
    });
    await env.lore.collections.create({ name: 'inbox' });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('a file over the per-file limit and a request over the per-request limit are 413', async () => {
    const big = await upload(new File(['word '.repeat(250_000)], 'big.txt'));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('LORE_MAX_FILE_MB'),
    });
    const files = Array.from(
      { length: 20 },
      (_, index) => new File(['x '.repeat(60_000)], `part-${index}.txt`),
    );
    const request = await upload(...files);
    expect(request.status).toBe(413);
    expect(request.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await titles()).toEqual([]);
  });

  test('archive bombs are refused before anything is stored, a real .docx is read', async () => {
    const zeros = buildDocx(paragraph('0'.repeat(30 * 1024 * 1024)));
    expect(zeros.byteLength).toBeLessThan(64 * 1024); // 30 MiB inside
    const lying = buildDocx(paragraph('a'.repeat(2 * 1024 * 1024)), [], 900);
    const manyMegabytes = buildDocx(paragraph('ok'), [
      ...Array.from({ length: 3 }, (_, index) => ({
        name: `word/media/blob${index}.bin`,
        data: new Uint8Array(100 * 1024 * 1024),
      })),
    ]);
    const fine = new File([buildDocx(paragraph('Herons wait motionless in shallow water.'))], 'heron.docx', {
      type: docx,
    });
    for (const [name, bytes] of [
      ['zeros.docx', zeros],
      ['lying.docx', lying],
      ['huge.docx', manyMegabytes],
    ] as const) {
      // The good file goes first: a refused batch must leave nothing behind.
      const response = await upload(fine, new File([bytes], name, { type: docx }));
      expect(response.status, name).toBe(413);
      expect(response.body.error.message, name).toMatch(/archive bomb/);
      expect(response.body.error.message, name).toContain(name);
    }
    expect(await titles()).toEqual([]);
    const ok = await upload(fine);
    expect(ok.status).toBe(201);
    expect(ok.body.documents[0]).toMatchObject({ title: 'heron.docx', status: 'indexed' });
    expect(await env.lore.documents.content(ok.body.documents[0].id)).toContain('Herons wait');
  });

  test('an archive whose end record under-counts its entries is still judged by every entry', async () => {
    // 300 MiB of zeros in an entry the end record leaves out of its count (it claims 3 of 4).
    const hidden = buildDocx(
      paragraph('Herons'),
      [{ name: 'word/media/hidden.bin', data: new Uint8Array(300 * 1024 * 1024) }],
      undefined,
      3,
    );
    expect(hidden.byteLength).toBeLessThan(400 * 1024);
    const response = await upload(new File([hidden], 'hidden.docx', { type: docx }));
    expect(response.status).toBe(413);
    expect(response.body.error.message).toMatch(/hidden\.docx.*archive bomb/);
    expect(await titles()).not.toContain('hidden.docx');
  });

  test('deeply nested JSON, JSON Lines and HTML are refused with 422; ordinary nesting is read', async () => {
    const deepJson = `${'['.repeat(5_000)}1${']'.repeat(5_000)}`;
    const cases = [
      new File([deepJson], 'deep.json', { type: 'application/json' }),
      new File([`{"a":1}\n${deepJson}\n`], 'deep.jsonl'),
      new File([`<html><body>${'<div>'.repeat(5_000)}deep</body></html>`], 'deep.html'),
      // Named as text, but its content is an HTML page: judged by content.
      new File([`<!doctype html><html>${'<span>'.repeat(5_000)}deep</html>`], 'notes.txt'),
    ];
    for (const file of cases) {
      const response = await upload(file);
      expect(response.status, file.name).toBe(422);
      expect(response.body.error).toMatchObject({
        code: 'UNPROCESSABLE',
        message: expect.stringMatching(/nests \d+ levels/),
      });
    }
    const nested = JSON.stringify({ a: { b: { c: [{ d: 'Kingfishers dive for fish.' }] } } });
    const ok = await upload(new File([nested], 'birds.json'));
    expect(ok.status).toBe(201);
    expect(ok.body.documents[0].status).toBe('indexed');
  });

  test('file names are labels, never paths', async () => {
    const response = await upload(
      new File(['Egrets nest in colonies.'], '../../../../tmp/escape.txt'),
      new File(['Storks migrate far.'], 'C:\\Windows\\..\\storks.md'),
    );
    expect(response.status).toBe(201);
    expect(response.body.documents.map((document: { title: string }) => document.title).sort()).toEqual([
      'escape.txt',
      'storks.md',
    ]);
  });

  test('a file whose name lies about its type is judged by its content', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const response = await upload(new File([png], 'report.txt', { type: 'text/plain' }));
    expect(response.status).toBe(201);
    expect(response.body.documents[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('PNG'),
    });
  });
});

describe('loaders on the worker path (CLI ingest)', () => {
  test('the docx loader refuses a bomb before mammoth unzips it, and JSON too deep', async () => {
    const bomb = buildDocx(paragraph('0'.repeat(30 * 1024 * 1024)));
    await expect(loadDocument({ bytes: bomb, fileName: 'bomb.docx' })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/bomb\.docx.*archive bomb/),
    });
    const deep = new TextEncoder().encode(`${'{"a":'.repeat(1_000)}1${'}'.repeat(1_000)}`);
    await expect(loadDocument({ bytes: deep, fileName: 'deep.json' })).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      message: expect.stringMatching(/nests 1000 levels/),
    });
  });
});
