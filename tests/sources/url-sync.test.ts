import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Lore, SourceRecord } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLore, type DatabaseKind } from '../support/lore.js';

const boilerplate =
  '<nav><a href="/">Home</a> <a href="/about">About us</a></nav><footer>Subscribe to the newsletter of Example Gazette</footer>';
const page = (title: string, body: string, links = '') =>
  `<!doctype html><html><head><title>${title}</title></head><body>${boilerplate}<main><article><h1>${title}</h1>${body}</article></main>${links}</body></html>`;
const paragraphs = (...sentences: string[]) => sentences.map((sentence) => `<p>${sentence}</p>`).join('');

const tea = page(
  'Green tea',
  paragraphs(
    'Green tea is made from the unoxidised leaves of Camellia sinensis, picked in spring and steamed or pan-fired soon after.',
    'Steep it at eighty degrees for two minutes; boiling water makes the leaves bitter and dulls their sweetness.',
  ),
);
const coffee = page(
  'Espresso',
  paragraphs(
    'Espresso is brewed by forcing hot water through finely ground coffee beans at nine bars of pressure.',
    'A good shot takes about twenty-five seconds and ends with a layer of golden crema on top of the cup.',
  ),
);
const rockets = page(
  'Rocket engines',
  paragraphs(
    'A rocket engine burns liquid hydrogen with liquid oxygen in its combustion chamber at great pressure.',
    'The exhaust leaves the bell-shaped nozzle at supersonic speed, pushing the vehicle forward by reaction.',
  ),
);
const volcano = page(
  'Volcanoes',
  paragraphs(
    'A volcano erupts when magma rises through the crust and lava pours out of its crater onto the slopes.',
    'Ash clouds from large eruptions can reach the stratosphere and cool the climate for a year or more.',
  ),
);
const secret = page('Staff only', paragraphs('The staff room code is 4711 and nobody outside may read it.'));

describe.each<DatabaseKind>(['pglite', 'postgres'])('url sources on a local site (%s)', (kind) => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  const state = {
    teaChanged: false,
    volcanoGone: false,
    rocketsFailing: false,
    rocketsMoved: false,
    down: false,
  };
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let lore: Lore;
  let sitemapSource: SourceRecord;

  const sitemap = (urls: string[]) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls
      .map((url) => `<url><loc>${base}${url}</loc></url>`)
      .join('')}</urlset>`;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(`${request.url} ${request.headers['user-agent']}`);
      const port = (server.address() as AddressInfo).port;
      const html = (body: string) =>
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
      if (state.down) return response.writeHead(503).end('maintenance');
      switch (request.url) {
        case '/robots.txt':
          return response
            .writeHead(200, { 'content-type': 'text/plain' })
            .end('User-agent: *\nDisallow: /private/\n');
        case '/sitemap.xml':
          return response
            .writeHead(200, { 'content-type': 'application/xml' })
            .end(
              sitemap([
                '/tea',
                state.rocketsMoved ? '/space/rockets' : '/rockets',
                '/volcano',
                '/private/staff',
                '/to-private',
              ]),
            );
        case '/tea':
          return html(state.teaChanged ? coffee : tea);
        case '/rockets':
          if (state.rocketsFailing) return response.writeHead(500).end('oops');
          if (state.rocketsMoved) return response.writeHead(404).end('moved');
          return html(rockets);
        case '/space/rockets':
          return html(rockets);
        case '/volcano':
          if (state.volcanoGone) return response.writeHead(404).end('gone');
          return html(volcano);
        case '/private/staff':
          return html(secret);
        case '/to-private':
          // A hop to a host that resolves to loopback: refused although the site's own address is allowed.
          return response.writeHead(302, { location: `http://localhost:${port}/admin` }).end();
        case '/start':
          return html(
            page(
              'Start',
              paragraphs('This site collects short notes about tea, rockets and other things worth reading.'),
              '<a href="/tea">Tea</a> <a href="/rockets#top">Rockets</a> <a href="/level1">More</a> <a href="/private/staff">Staff</a> <a href="http://example.invalid/elsewhere">Elsewhere</a>',
            ),
          );
        case '/level1':
          return html(
            page(
              'Level one',
              paragraphs('One link away from the start page, linking deeper.'),
              '<a href="/level2">Deeper</a>',
            ),
          );
        case '/level2':
          return html(page('Level two', paragraphs('Two links away from the start page.')));
        default:
          return response.writeHead(404).end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The test server's loopback address is allowed by name; every other private address stays refused.
    env = await createTestLore(kind, { sourceOptions: { fetch: { allowHosts: ['127.0.0.1'] } } });
    lore = env.lore;
    await lore.collections.create({ name: 'web' });
    sitemapSource = await lore.sources.create({ collection: 'web', url: `${base}/sitemap.xml` });
  });
  afterAll(async () => {
    await env?.cleanup();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const byTitle = async (collection: string) =>
    Object.fromEntries((await lore.documents.list(collection)).map((document) => [document.title, document]));
  const top = async (query: string) =>
    (await lore.search({ collection: 'web', query, mode: 'keyword', topK: 1 }))[0];

  test('a sitemap sync indexes its pages by main text, obeys robots.txt and refuses a redirect to a private address', async () => {
    const result = await lore.sources.sync(sitemapSource.id, { wait: true });
    expect(sitemapSource).toMatchObject({ kind: 'url', location: `${base}/sitemap.xml` });
    expect(result).toMatchObject({ added: 3, changed: 0, deleted: 0, unchanged: 0 });
    expect(result.job).toMatchObject({ status: 'completed', progress: { done: 3, total: 3 }, errors: [] });
    expect(result.skipped).toEqual([
      { path: `${base}/private/staff`, reason: expect.stringContaining('robots.txt disallows') },
      { path: `${base}/to-private`, reason: expect.stringMatching(/localhost resolves to .*loopback/) },
    ]);
    const documents = await byTitle('web');
    expect(Object.keys(documents).sort()).toEqual(['Green tea', 'Rocket engines', 'Volcanoes']);
    expect(documents['Rocket engines']?.metadata).toEqual({
      source: sitemapSource.id,
      url: `${base}/rockets`,
    });
    const hit = await top('liquid hydrogen nozzle');
    expect(hit?.title).toBe('Rocket engines');
    // Readability kept the article and dropped the navigation and footer.
    expect(hit?.text).toContain('supersonic speed');
    expect(await top('newsletter Gazette')).toBeUndefined();
    const paths = requests.map((line) => line.split(' ')[0]);
    expect(paths).not.toContain('/private/staff');
    expect(paths).not.toContain('/admin');
    expect(requests.every((line) => line.includes('LoreBot/'))).toBe(true);
  });

  test('a changed page is re-indexed, a 404 page loses its document, an unchanged one is left alone', async () => {
    const before = await byTitle('web');
    state.teaChanged = true;
    state.volcanoGone = true;
    const result = await lore.sources.sync(sitemapSource.id, { wait: true });
    expect(result).toMatchObject({ added: 0, changed: 1, deleted: 1, unchanged: 1 });
    const after = await byTitle('web');
    expect(Object.keys(after).sort()).toEqual(['Espresso', 'Rocket engines']);
    expect(after.Espresso?.id).toBe(before['Green tea']?.id);
    expect(after['Rocket engines']?.updatedAt).toEqual(before['Rocket engines']?.updatedAt);
    expect((await top('espresso crema'))?.title).toBe('Espresso');
    expect(await top('magma crater lava')).toBeUndefined();
  });

  test('a page that fails this time (HTTP 500) keeps its document', async () => {
    state.rocketsFailing = true;
    try {
      const result = await lore.sources.sync(sitemapSource.id, { wait: true });
      expect(result).toMatchObject({ added: 0, changed: 0, deleted: 0, unchanged: 2 });
      expect(result.skipped).toContainEqual({ path: `${base}/rockets`, reason: 'HTTP 500' });
    } finally {
      state.rocketsFailing = false;
    }
    expect(Object.keys(await byTitle('web')).sort()).toEqual(['Espresso', 'Rocket engines']);
  });

  test('a page moved to a new URL with the same text keeps its document, with the new URL', async () => {
    const before = await byTitle('web');
    state.rocketsMoved = true;
    const result = await lore.sources.sync(sitemapSource.id, { wait: true });
    expect(result).toMatchObject({ added: 0, changed: 0, renamed: 1, deleted: 0, unchanged: 1 });
    const after = await byTitle('web');
    expect(after['Rocket engines']?.id).toBe(before['Rocket engines']?.id);
    expect(after['Rocket engines']?.metadata).toEqual({
      source: sitemapSource.id,
      url: `${base}/space/rockets`,
    });
  });

  test('a site that answers only errors changes nothing', async () => {
    state.down = true;
    try {
      await expect(lore.sources.sync(sitemapSource.id, { wait: true })).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('Not syncing'),
      });
    } finally {
      state.down = false;
    }
    expect(Object.keys(await byTitle('web')).sort()).toEqual(['Espresso', 'Rocket engines']);
  });

  test('a start page is crawled over same-site links to the depth asked, through the REST API', async () => {
    state.rocketsMoved = false;
    await lore.collections.create({ name: 'crawl' });
    const created = await call(env.app, 'POST', '/v1/collections/crawl/sources', {
      url: `${base}/start`,
      maxDepth: 1,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'url', path: `${base}/start`, maxDepth: 1, maxPages: null });
    requests.length = 0;
    const synced = await call(env.app, 'POST', `/v1/sources/${created.body.id}/sync?wait=true`);
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({ added: 4, deleted: 0 });
    // The navigation's links are followed too (and answer 404 here); the off-site link is not.
    expect(synced.body.skipped).toEqual([
      { path: `${base}/`, reason: 'HTTP 404' },
      { path: `${base}/about`, reason: 'HTTP 404' },
      { path: `${base}/private/staff`, reason: expect.stringContaining('robots.txt disallows') },
    ]);
    expect(Object.keys(await byTitle('crawl')).sort()).toEqual([
      'Espresso',
      'Level one',
      'Rocket engines',
      'Start',
    ]);
    const paths = requests.map((line) => line.split(' ')[0]);
    expect(paths).not.toContain('/level2'); // two links deep
    expect(paths.filter((path) => path === '/rockets')).toHaveLength(1); // #top is the same page
  });
});

describe('url sources under the default fetch policy', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let server: Server;
  let base: string;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'text/html' }).end('<p>local</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    env = await createTestLore('pglite');
    await env.lore.collections.create({ name: 'web' });
  });
  afterAll(async () => {
    await env?.cleanup();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a loopback URL is refused with a reason that says how to allow it, and nothing is fetched', async () => {
    await expect(env.lore.sources.create({ collection: 'web', url: `${base}/` })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(
        /127\.0\.0\.1 is a loopback address.*sourceOptions\.fetch\.allowPrivate/,
      ),
    });
    const port = new URL(base).port;
    const response = await call(env.app, 'POST', '/v1/collections/web/sources', {
      url: `http://localhost:${port}/`,
    });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      code: 'FORBIDDEN',
      // The server's user is told its variables, not the core's option names.
      message: expect.stringMatching(/loopback.*LORE_FETCH_ALLOW_PRIVATE sets .*LORE_FETCH_ALLOW_HOSTS sets/),
    });
    const metadata = await call(env.app, 'POST', '/v1/collections/web/sources', {
      url: 'http://169.254.169.254/latest/meta-data/',
    });
    expect(metadata.status).toBe(403);
    expect(requests).toBe(0);
    expect(await env.lore.sources.list('web')).toEqual([]);
  });

  test('bad URLs and limits are 400s with an error body', async () => {
    for (const body of [
      { url: 'ftp://example.com/pub/' },
      { url: 'not a url' },
      { url: 'https://example.com/', maxPages: 0 },
      { url: 'https://example.com/', maxDepth: 11 },
      { url: 'https://example.com/', path: '/tmp' },
    ]) {
      const response = await call(env.app, 'POST', '/v1/collections/web/sources', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String) });
    }
    await expect(
      env.lore.sources.create({ collection: 'web', url: 'ftp://example.com/' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('http:// or https://'),
    });
  });
});
