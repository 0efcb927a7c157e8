import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono, type Next } from 'hono';
import { scope } from './auth/scope.js';

/** The built web UI's folder inside the repository (`apps/web/dist`, made by `npm run build -w @lore/web`). */
export const defaultWebRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const notBuilt = `<!doctype html><meta charset="utf-8"><title>Lore</title>
<p>The web UI is not built. Run <code>npm run build -w @lore/web</code> (or <code>npm start</code>), then reload.
The API is at <a href="/openapi.json">/openapi.json</a>.</p>`;

/** Serves the built UI: `index.html` at `/` (revalidated each time), hashed `/assets/*` cached for a year. */
export function webRoutes(webRoot: string) {
  const app = new Hono();
  app.get('/', scope('public'), async (c) => {
    c.header('Cache-Control', 'no-cache');
    const index = join(webRoot, 'index.html');
    if (!existsSync(index)) return c.html(notBuilt, 503);
    return c.html(await readFile(index, 'utf8'));
  });
  const cacheFor = (value: string) => async (c: Context, next: Next) => {
    await next();
    if (c.res.status === 200 || c.res.status === 206) c.res.headers.set('Cache-Control', value);
  };
  app.get(
    '/assets/*',
    scope('public'),
    cacheFor('public, max-age=31536000, immutable'),
    serveStatic({ root: webRoot }),
  );
  app.get('/favicon.svg', scope('public'), cacheFor('public, max-age=86400'), serveStatic({ root: webRoot }));
  return app;
}
