import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLore, type DatabaseKind } from '../support/lore.js';

const cats =
  'Cats are small carnivorous mammals. The domestic cat sleeps for about fifteen hours a day and hunts mice at night.';
const rockets =
  'A rocket engine burns liquid hydrogen with liquid oxygen. The exhaust leaves the nozzle at supersonic speed.';
const tea =
  '# Tea\n\nGreen tea is made from unoxidised leaves of Camellia sinensis.\n\n## Brewing\n\nSteep it at 80 degrees.';

describe.each<DatabaseKind>(['pglite', 'postgres'])('REST API on %s', (kind) => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    env = await createTestLore(kind);
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('health and OpenAPI document', async () => {
    expect(await call(env.app, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const openapi = await call(env.app, 'GET', '/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/collections',
        '/v1/collections/{name}',
        '/v1/collections/{name}/documents',
        '/v1/collections/{name}/search',
        '/v1/documents/{id}',
        '/v1/jobs/{id}',
        '/v1/jobs/{id}/events',
      ]),
    );
  });

  test('collections: create, conflict, bad name, list, delete', async () => {
    expect(await call(env.app, 'POST', '/v1/collections', { name: 'notes' })).toMatchObject({
      status: 201,
      body: { name: 'notes' },
    });
    const again = await call(env.app, 'POST', '/v1/collections', { name: 'notes' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    for (const name of ['', 'has space', '../etc', 'x'.repeat(65)]) {
      const bad = await call(env.app, 'POST', '/v1/collections', { name });
      expect(bad.status, name).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String) });
    }
    const missingBody = await call(env.app, 'POST', '/v1/collections', {});
    expect(missingBody.status).toBe(400);
    const list = await call(env.app, 'GET', '/v1/collections');
    expect(list.body.data.map((c: { name: string }) => c.name)).toContain('notes');
    expect((await call(env.app, 'DELETE', '/v1/collections/notes')).status).toBe(204);
    expect((await call(env.app, 'DELETE', '/v1/collections/notes')).status).toBe(404);
  });

  test('upload files with ?wait=true, search every mode, read, filter and delete documents', async () => {
    await call(env.app, 'POST', '/v1/collections', { name: 'library' });
    const form = new FormData();
    form.append('file', new File([cats], 'cats.txt', { type: 'text/plain' }));
    form.append('file', new File([tea], 'tea.md', { type: 'text/markdown' }));
    form.append('metadata', JSON.stringify({ shelf: 'home' }));
    const upload = await env.app.request('/v1/collections/library/documents?wait=true', {
      method: 'POST',
      body: form,
    });
    expect(upload.status).toBe(201);
    const uploaded = (await upload.json()) as { documents: { id: string; status: string; chunks: number }[] };
    expect(uploaded.documents).toHaveLength(2);
    for (const document of uploaded.documents) {
      expect(document).toMatchObject({ status: 'indexed', chunks: expect.any(Number) });
      expect(document.chunks).toBeGreaterThan(0);
    }

    const text = await call(env.app, 'POST', '/v1/collections/library/documents?wait=true', {
      text: rockets,
      title: 'Rockets',
      metadata: { shelf: 'work' },
    });
    expect(text.status).toBe(201);
    const rocketId = text.body.documents[0].id;

    for (const mode of ['hybrid', 'vector', 'keyword']) {
      const search = await call(env.app, 'POST', '/v1/collections/library/search', {
        query: 'liquid hydrogen rocket engine',
        mode,
        topK: 3,
      });
      expect(search.status, mode).toBe(200);
      const [best] = search.body.results;
      expect(best, mode).toMatchObject({
        documentId: rocketId,
        title: 'Rockets',
        metadata: { shelf: 'work' },
      });
      expect(best.text).toBe(rockets.slice(best.start, best.end));
      const scores = search.body.results.map((r: { score: number }) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }

    const filtered = await call(env.app, 'POST', '/v1/collections/library/search', {
      query: 'liquid hydrogen rocket engine',
      filter: { metadata: { shelf: 'home' } },
    });
    expect(filtered.body.results.length).toBeGreaterThan(0);
    expect(filtered.body.results.every((r: { documentId: string }) => r.documentId !== rocketId)).toBe(true);

    const documents = await call(env.app, 'GET', '/v1/collections/library/documents');
    expect(documents.body.data).toHaveLength(3);
    const got = await call(env.app, 'GET', `/v1/documents/${rocketId}`);
    expect(got.body).toMatchObject({ id: rocketId, title: 'Rockets', status: 'indexed' });
    const content = await call(env.app, 'GET', `/v1/documents/${rocketId}/content`);
    expect(content.body.text).toBe(rockets);

    expect((await call(env.app, 'DELETE', `/v1/documents/${rocketId}`)).status).toBe(204);
    expect((await call(env.app, 'GET', `/v1/documents/${rocketId}`)).status).toBe(404);
    const after = await call(env.app, 'POST', '/v1/collections/library/search', {
      query: 'liquid hydrogen',
      mode: 'keyword',
    });
    expect(after.body.results.every((r: { documentId: string }) => r.documentId !== rocketId)).toBe(true);
  });

  test('asynchronous upload: 202 with a job, then job state and server-sent events', async () => {
    await call(env.app, 'POST', '/v1/collections', { name: 'async' });
    const queued = await call(env.app, 'POST', '/v1/collections/async/documents', {
      text: cats,
      title: 'Cats',
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ jobId: expect.any(String), documents: [{ title: 'Cats' }] });

    const events = await env.app.request(`/v1/jobs/${queued.body.jobId}/events`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const stream = await events.text();
    expect(stream).toContain('event: done');
    const last =
      stream
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .pop() ?? '';
    expect(JSON.parse(last.slice(6))).toMatchObject({
      status: 'completed',
      progress: { done: 1, total: 1 },
      errors: [],
    });

    const job = await call(env.app, 'GET', `/v1/jobs/${queued.body.jobId}`);
    expect(job.body).toMatchObject({
      id: queued.body.jobId,
      status: 'completed',
      progress: { done: 1, total: 1 },
    });
    expect((await call(env.app, 'GET', '/v1/jobs/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  test('a corrupt file fails with its reason while the rest of the batch indexes', async () => {
    await call(env.app, 'POST', '/v1/collections', { name: 'mixed' });
    const form = new FormData();
    form.append(
      'file',
      new File(['%PDF-1.7\nthis is not really a pdf'], 'broken.pdf', { type: 'application/pdf' }),
    );
    form.append('file', new File([new Uint8Array([0, 159, 146, 150, 0, 1, 2])], 'blob.bin'));
    form.append('file', new File([cats], 'cats.txt'));
    const response = await env.app.request('/v1/collections/mixed/documents?wait=true', {
      method: 'POST',
      body: form,
    });
    const body = (await response.json()) as {
      documents: { title: string; status: string; error: string | null }[];
      jobId: string;
    };
    const byTitle = Object.fromEntries(body.documents.map((d) => [d.title, d]));
    expect(byTitle['cats.txt']?.status).toBe('indexed');
    expect(byTitle['broken.pdf']).toMatchObject({ status: 'failed', error: expect.stringMatching(/pdf/i) });
    expect(byTitle['blob.bin']).toMatchObject({ status: 'failed', error: expect.any(String) });
    const job = await call(env.app, 'GET', `/v1/jobs/${body.jobId}`);
    expect(job.body.status).toBe('completed');
    expect(job.body.errors).toHaveLength(2);
  });

  test('bad input gets a 4xx with { error: { code, message } }', async () => {
    const cases: [string, string, unknown, number][] = [
      ['POST', '/v1/collections/none/search', { query: 'x' }, 404],
      ['POST', '/v1/collections/none/documents', { text: 'x' }, 404],
      ['GET', '/v1/documents/nope', undefined, 404],
      ['GET', '/v1/nowhere', undefined, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const response = await call(env.app, method, path, body);
      expect(response.status, path).toBe(status);
      expect(response.body.error, path).toMatchObject({
        code: expect.any(String),
        message: expect.any(String),
      });
    }
    await call(env.app, 'POST', '/v1/collections', { name: 'strict' });
    const badSearch = [
      { query: '' },
      { query: 'x', topK: 0 },
      { query: 'x', mode: 'magic' },
      { query: 'x', extra: 1 },
    ];
    for (const body of badSearch) {
      const response = await call(env.app, 'POST', '/v1/collections/strict/search', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('BAD_REQUEST');
    }
    const notJson = await env.app.request('/v1/collections/strict/documents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{ nope',
    });
    expect(notJson.status).toBe(400);
    const emptyText = await call(env.app, 'POST', '/v1/collections/strict/documents', { text: '' });
    expect(emptyText.status).toBe(400);
    const noFile = new FormData();
    noFile.append('metadata', '{}');
    const noFileResponse = await env.app.request('/v1/collections/strict/documents', {
      method: 'POST',
      body: noFile,
    });
    expect(noFileResponse.status).toBe(400);
    const huge = new FormData();
    huge.append('file', new File([new Uint8Array(3 * 1024 * 1024).fill(97)], 'big.txt'));
    const tooBig = await env.app.request('/v1/collections/strict/documents', { method: 'POST', body: huge });
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    const documents = await call(env.app, 'GET', '/v1/collections/strict/documents');
    expect(documents.body.data).toHaveLength(0);
  });
});
