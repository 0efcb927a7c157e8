import { createApp } from '@lore/api';
import type { ApiKeyScope, Lore } from '@lore/core';
import { createLlamaCppModel } from '@lore/llm';
import { createTestLore, type DatabaseKind, testLlmPath } from '../support/lore.js';

/** A Lore on real parts (with the test GGUF for answers) behind an app that requires API keys. */
export async function createKeyedLore(kind: DatabaseKind, options: { llm?: boolean } = {}) {
  const languageModel = options.llm
    ? createLlamaCppModel({ model: testLlmPath(), contextSize: 2048, slots: 1, gpu: false })
    : undefined;
  const env = await createTestLore(kind, { languageModel });
  const app = createApp(env.lore, {
    maxRequestBytes: 2 * 1024 * 1024,
    maxFileBytes: 64 * 1024,
    auth: 'keys',
    log: () => {},
  });
  return { ...env, app };
}

/** Makes a key straight in the store (as `lore keys create` does) and returns its secret. */
export async function makeKey(lore: Lore, scopes: ApiKeyScope[], collections?: string[]): Promise<string> {
  return (await lore.keys.create({ scopes, collections })).secret;
}

/** Sends a request with a key; a JSON body when given. */
export async function keyed(
  app: { request: (input: string, init?: RequestInit) => Response | Promise<Response> },
  key: string | undefined,
  method: string,
  path: string,
  body?: unknown,
) {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const init: RequestInit = { method, headers };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await app.request(path, init);
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely
  return { status: response.status, body: parsed as any, headers: response.headers };
}
