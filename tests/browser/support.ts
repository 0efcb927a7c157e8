import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { testQualityLlmPath } from '../support/lore.js';

export const repositoryRoot = resolve(fileURLToPath(import.meta.url), '../../..');
export const chromiumPath = '/usr/bin/chromium';
export const screenshotsDir = join(repositoryRoot, 'tests/artifacts/screenshots');

/** Debian's Chromium, headless; never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(screenshotsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Builds the API when it was never built (`npm test` runs `tsc -b` first), and always the UI (a second). */
function ensureBuilt(): void {
  if (!existsSync(join(repositoryRoot, 'apps/api/dist/main.js'))) {
    execFileSync('npx', ['tsc', '-b', 'apps/api'], { cwd: repositoryRoot, stdio: 'inherit' });
  }
  execFileSync('npm', ['run', 'build', '-w', '@lore/web'], { cwd: repositoryRoot, stdio: 'ignore' });
}

/** A running `lore` server (what `npm start` runs) on a free port, with its data in a temp folder. */
export interface LoreServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts `node apps/api/dist/main.js` with the test models and waits until it listens. */
export async function startLoreServer(env: Record<string, string> = {}): Promise<LoreServer> {
  ensureBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'lore-browser-'));
  const child: ChildProcess = spawn(process.execPath, ['apps/api/dist/main.js'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: '',
      LORE_DATA_DIR: dataDir,
      LORE_MODELS_DIR: process.env.LORE_TEST_MODELS_DIR ?? '/work/shared/models',
      LORE_EMBEDDING_MODEL: 'use-lite-en',
      // The quality model: SmolLM2 135M answered the cat question "15." without a citation, which the
      // evidence check then refused ("fifteen" is what the source says); Qwen2.5-Coder 0.5B cites it.
      LORE_LLM_MODEL: testQualityLlmPath(),
      LORE_LLM_GPU: 'off',
      LORE_LLM_CONTEXT: '2048',
      LORE_LLM_SLOTS: '1',
      LORE_LLM_THREADS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in 90 s:\n${output}`)), 90_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolvePromise) => setTimeout(resolvePromise, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
