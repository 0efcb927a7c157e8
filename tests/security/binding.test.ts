import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoopbackHost, resolveAuthMode } from '@lore/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testModelsDir } from '../setup/postgres.js';
import { finished, listeningPort, startSource } from './process.js';

describe('binding rules', () => {
  test('loopback needs no keys; any other address needs LORE_AUTH=keys or the loud opt-out', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(resolveAuthMode(host, 'auto', () => {})).toBe('none');
      expect(resolveAuthMode(host, 'keys', () => {})).toBe('keys');
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'example.com', '128.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
      expect(() => resolveAuthMode(host, 'auto', () => {}), host).toThrow(/LORE_AUTH=keys/);
      expect(resolveAuthMode(host, 'keys', () => {})).toBe('keys');
      const warnings: string[] = [];
      expect(resolveAuthMode(host, 'none-unsafe', (message) => warnings.push(message))).toBe('none');
      expect(warnings.join()).toMatch(/WARNING.*ANYONE/);
    }
  });
});

describe('the real server process', () => {
  let dir: string;
  const base = () => ({
    LORE_DATA_DIR: join(dir, `data-${Math.random().toString(36).slice(2)}`),
    LORE_MODELS_DIR: testModelsDir(),
    LORE_EMBEDDING_MODEL: 'use-lite-en',
    LORE_LLM_MODEL: 'none',
    PORT: '0',
    LORE_AUTH: '',
  });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lore-binding-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('on 0.0.0.0 without LORE_AUTH it exits with a clear message', async () => {
    const result = await finished(startSource('apps/api/src/main.ts', [], { ...base(), HOST: '0.0.0.0' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0 without API keys/);
    expect(result.stderr).toContain('LORE_AUTH=keys');
    expect(result.stdout).not.toMatch(/listening/);
  });

  test('on 0.0.0.0 with LORE_AUTH=keys it serves, asks for keys and rate-limits per address', async () => {
    const child = startSource('apps/api/src/main.ts', [], {
      ...base(),
      HOST: '0.0.0.0',
      LORE_AUTH: 'keys',
      LORE_RATE_LIMIT_PER_MINUTE: '6',
      LORE_RATE_LIMIT_BURST: '3',
    });
    const exit = finished(child);
    try {
      const port = await listeningPort(child);
      const url = `http://127.0.0.1:${port}`;
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let attempt = 0; attempt < 4; attempt++) {
        const response = await fetch(`${url}/v1/collections`, { headers: { authorization: 'Bearer wrong' } });
        statuses.push(response.status);
        retryAfter = response.headers.get('retry-after') ?? retryAfter;
        const body = (await response.json()) as { error: { code: string } };
        expect(body.error.code).toBe(response.status === 401 ? 'UNAUTHORIZED' : 'RATE_LIMITED');
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      child.kill('SIGTERM');
      await exit;
    }
  });

  test('on 0.0.0.0 with LORE_AUTH=none-unsafe it starts with a loud warning', async () => {
    const child = startSource('apps/api/src/main.ts', [], {
      ...base(),
      HOST: '0.0.0.0',
      LORE_AUTH: 'none-unsafe',
    });
    const exit = finished(child);
    try {
      const port = await listeningPort(child);
      expect((await fetch(`http://127.0.0.1:${port}/v1/collections`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect((await exit).stderr).toMatch(/WARNING: listening on 0\.0\.0\.0 with LORE_AUTH=none-unsafe/);
  });
});
