import { spawn } from 'node:child_process';

/** How a child process ended: its exit code, or the signal that ended it, and what it wrote to stderr. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** A running child script. */
export interface Child {
  /** Ends the process at once with SIGKILL, as `kill -9` would. */
  kill(): void;
  /** Settles when the process has exited; never rejects. */
  exited: Promise<ChildExit>;
}

/**
 * Runs a TypeScript script in a separate Node process (tsx, Lore's `lore-source` condition) and calls
 * `onMessage` with each line of its stdout, parsed as JSON (the script's own message shape).
 */
export function spawnChild<Message>(
  script: string,
  args: string[],
  onMessage: (message: Message) => void,
): Child {
  const proc = spawn(process.execPath, ['--conditions=lore-source', '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  let buffer = '';
  let stderr = '';
  proc.stderr.on('data', (data) => {
    stderr += data;
  });
  proc.stdout.on('data', (data) => {
    buffer += data;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) onMessage(JSON.parse(line) as Message);
  });
  const exited = new Promise<ChildExit>((done) => {
    proc.on('exit', (code, signal) => done({ code, signal, stderr }));
  });
  return { kill: () => proc.kill('SIGKILL'), exited };
}
