import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { crawlSite } from './crawl.js';

const page = (title: string, links: string[] = []) =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${title} is a page with enough words in it to be read as the main text of its site.</p>${links
    .map((link) => `<a href="${link}">${link}</a>`)
    .join(' ')}</article></body></html>`;

async function serve(handler: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('crawlSite', () => {
  let old: { server: Server; base: string };
  let site: { server: Server; base: string };
  const seen: string[] = [];
  let robotsStatus = 200;
  const policy = { allowHosts: ['127.0.0.1'], timeoutMs: 2000 };

  beforeAll(async () => {
    site = await serve((request, response) => {
      seen.push(request.url ?? '');
      const html = (body: string) => response.writeHead(200, { 'content-type': 'text/html' }).end(body);
      if (request.url === '/robots.txt')
        return response
          .writeHead(robotsStatus, { 'content-type': 'text/plain' })
          .end('User-agent: LoreBot\nDisallow: /members/\n');
      if (request.url === '/home') return html(page('Home', ['/a', '/members/list', '/b']));
      if (request.url === '/a') return html(page('A', ['/a1', '/a2']));
      if (request.url === '/b') return html(page('B'));
      if (request.url?.startsWith('/a')) return html(page(request.url.slice(1)));
      return response.writeHead(404).end();
    });
    // The old address redirects everything to the site, and has no robots.txt of its own.
    old = await serve((request, response) => {
      if (request.url === '/robots.txt') return response.writeHead(404).end();
      response.writeHead(301, { location: `${site.base}/home` }).end();
    });
  });
  afterAll(async () => {
    for (const { server } of [old, site]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("after a redirect to another origin, that origin's robots.txt rules; depth and page limits hold", async () => {
    seen.length = 0;
    const outcomes = await crawlSite(`${old.base}/`, { policy, maxPages: 10, maxDepth: 1 });
    expect(outcomes.map((outcome) => [outcome.kind, outcome.url.replace(site.base, '')])).toEqual([
      ['page', '/home'],
      ['page', '/a'],
      ['skipped', '/members/list'],
      ['page', '/b'],
    ]);
    expect(seen).not.toContain('/members/list');
    expect(seen).not.toContain('/a1'); // two links deep

    const limited = await crawlSite(`${site.base}/home`, { policy, maxPages: 2, maxDepth: 3 });
    expect(limited.filter((outcome) => outcome.kind === 'page')).toHaveLength(2);
  });

  test('a robots.txt that answers 503 stops the crawl before any page is read', async () => {
    robotsStatus = 503;
    seen.length = 0;
    try {
      await expect(
        crawlSite(`${site.base}/home`, { policy, maxPages: 10, maxDepth: 1 }),
      ).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('robots.txt answered HTTP 503'),
      });
    } finally {
      robotsStatus = 200;
    }
    expect(seen).toEqual(['/robots.txt']);
  });
});
