import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { refusedAddress } from './address.js';
import { type FetchPolicy, safeFetch } from './safe-fetch.js';

describe('refusedAddress', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.100.100.200', 'private'],
    ['0.0.0.0', 'private'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['fd00:ec2::254', 'private'],
    ['fe80::1', 'link-local'],
  ])('%s is refused as %s', (address, kind) => {
    expect(refusedAddress(address)).toContain(kind);
  });

  test.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(refusedAddress(address)).toBeUndefined();
    },
  );
});

describe('safeFetch against a local server', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(`${request.url} ${request.headers['user-agent']}`);
      const port = (server.address() as AddressInfo).port;
      switch (request.url) {
        case '/page':
          response.writeHead(200, { 'content-type': 'text/html' }).end('<p>hello</p>');
          return;
        case '/to-localhost':
          response.writeHead(302, { location: `http://localhost:${port}/secret` }).end();
          return;
        case '/to-metadata':
          response.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
          return;
        case '/to-page':
          response.writeHead(307, { location: '/page' }).end();
          return;
        case '/loop':
          response.writeHead(302, { location: '/loop' }).end();
          return;
        case '/to-ftp':
          response.writeHead(302, { location: 'ftp://example.com/file' }).end();
          return;
        case '/big':
          response.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
          return;
        case '/big-chunked':
          response.writeHead(200, { 'content-type': 'text/plain' });
          for (let index = 0; index < 10; index++) response.write('y'.repeat(1000));
          response.end();
          return;
        case '/bomb':
          response
            .writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })
            .end(gzipSync(Buffer.alloc(1_000_000, 'z')));
          return;
        case '/gzip':
          response
            .writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })
            .end(gzipSync('compressed text'));
          return;
        case '/hang':
          return; // never answers
        default:
          response.writeHead(404).end('not here');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const allowed: FetchPolicy = { allowHosts: ['127.0.0.1'], maxPageBytes: 4096, timeoutMs: 2000 };

  test('by default a loopback address is refused before any request is sent', async () => {
    seen.length = 0;
    await expect(safeFetch(`${base}/page`)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(
        /127\.0\.0\.1 is a loopback address.*sourceOptions\.fetch\.allowPrivate/,
      ),
      settings: ['sourceOptions.fetch.allowPrivate', 'sourceOptions.fetch.allowHosts'],
    });
    // A host name is judged by what it resolves to, not by its spelling.
    const port = new URL(base).port;
    await expect(safeFetch(`http://localhost:${port}/page`)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(safeFetch(`http://[::ffff:127.0.0.1]:${port}/page`)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(seen).toEqual([]);
  });

  test('an allowed host is fetched with the user agent; its redirects are followed', async () => {
    seen.length = 0;
    const page = await safeFetch(`${base}/to-page`, { ...allowed, userAgent: 'TestBot/1' });
    expect(page).toMatchObject({ url: `${base}/page`, status: 200, contentType: 'text/html' });
    expect(new TextDecoder().decode(page.body)).toBe('<p>hello</p>');
    expect(seen).toEqual(['/to-page TestBot/1', '/page TestBot/1']);
    expect((await safeFetch(`${base}/missing`, allowed)).status).toBe(404);
    expect(new TextDecoder().decode((await safeFetch(`${base}/gzip`, allowed)).body)).toBe('compressed text');
  });

  test('each redirect hop is checked: a redirect to localhost or to the metadata address is refused', async () => {
    seen.length = 0;
    await expect(safeFetch(`${base}/to-localhost`, allowed)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('localhost resolves to'),
    });
    await expect(safeFetch(`${base}/to-metadata`, allowed)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('169.254.169.254 is a link-local address'),
    });
    expect(seen.map((line) => line.split(' ')[0])).toEqual(['/to-localhost', '/to-metadata']);
  });

  test('redirect loops, non-http redirects, bad URLs, large bodies and silent servers fail with a reason', async () => {
    await expect(safeFetch(`${base}/loop`, allowed)).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      message: expect.stringContaining('more than 5 times'),
    });
    await expect(safeFetch(`${base}/to-ftp`, allowed)).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(safeFetch('ftp://example.com/', allowed)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(safeFetch('not a url', allowed)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    for (const path of ['/big', '/big-chunked', '/bomb'])
      await expect(safeFetch(`${base}${path}`, allowed)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(safeFetch(`${base}/hang`, { ...allowed, timeoutMs: 300 })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('did not answer within 300 ms'),
    });
  });
});
