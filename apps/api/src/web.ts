import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/public');

/** Serves the web UI at `/` so `npm start` gives one URL. */
export function mountWeb(app: Hono<any, any, any>): void {
  app.get('/', async (c) => c.html(await readFile(resolve(webRoot, 'index.html'), 'utf8')));
}
