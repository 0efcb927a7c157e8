import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { testModelsDir } from '../../setup/postgres.js';

const main = resolve(import.meta.dirname, '../../../apps/api/src/main.ts');

/** A real `lore` API server process on a free loopback port. */
export interface ServerProcess {
  url: string;
  process: ChildProcessWithoutNullStreams;
  /** Everything the server printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process ended. */
  exited: Promise<number | string>;
}

/** Starts `apps/api/src/main.ts` with the test embedder and no LLM; resolves once it listens. */
export function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const proc = spawn(process.execPath, ['--conditions=lore-source', '--import', 'tsx', main], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LORE_MODELS_DIR: testModelsDir(),
      LORE_EMBEDDING_MODEL: 'use-lite-en',
      LORE_LLM_MODEL: 'none',
      ...env,
    },
  });
  let output = '';
  const exited = new Promise<number | string>((done) =>
    proc.on('exit', (code, signal) => done(code ?? signal ?? -1)),
  );
  return new Promise((done, fail) => {
    const onData = (data: Buffer) => {
      output += data;
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        proc.stdout.off('data', onData);
        proc.stdout.on('data', (more) => {
          output += more;
        });
        done({ url: match[1], process: proc, output: () => output, exited });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (data) => {
      output += data;
    });
    void exited.then((code) => fail(new Error(`the server exited (${code}) before listening:\n${output}`)));
  });
}
