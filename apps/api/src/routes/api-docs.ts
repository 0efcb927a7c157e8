import { Hono } from 'hono';
import { scope } from '../auth/scope.js';
import { apiDocsPage } from './api-docs-page.js';

/** `GET /docs`: the REST reference, rendered in the browser from `/openapi.json`. */
export function apiDocsRoutes() {
  return new Hono().get('/docs', scope('public'), (c) => c.html(apiDocsPage));
}
